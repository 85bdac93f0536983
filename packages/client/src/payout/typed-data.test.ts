import { describe, expect, it } from "vitest";
import { AbiCoder, Wallet, concat, id, keccak256, toUtf8Bytes } from "ethers";
import { InvalidParameterError } from "../errors";
import {
  PAYOUT_EIP712_NAME,
  hashChunkReceipt,
  payoutDomain,
  recoverChunkReceipt,
  signChunkReceipt,
} from "./typed-data";

const coder = AbiCoder.defaultAbiCoder();
const jd = new Wallet(id("payout receipts jd"));
const worker = new Wallet(id("payout receipts worker")).address;
const distributor = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const domain = payoutDomain(31337n, distributor);
const receipt = { epoch: 12n, chunkId: 3n, worker, amount: 7n * 10n ** 18n };

/** EIP-712 by hand: the type string other tooling depends on, the domain separator and the "\x19\x01" digest. */
function digestByHand(chainId: bigint, verifyingContract: string, r: typeof receipt): string {
  const domainSeparator = keccak256(
    coder.encode(
      ["bytes32", "bytes32", "bytes32", "uint256", "address"],
      [
        id("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
        keccak256(toUtf8Bytes("blockage PayoutDistributor")),
        keccak256(toUtf8Bytes("1")),
        chainId,
        verifyingContract,
      ],
    ),
  );
  const structHash = keccak256(
    coder.encode(
      ["bytes32", "uint256", "uint256", "address", "uint256"],
      [
        id("ChunkReceipt(uint256 epoch,uint256 chunkId,address worker,uint256 amount)"),
        r.epoch,
        r.chunkId,
        r.worker,
        r.amount,
      ],
    ),
  );
  return keccak256(concat(["0x1901", domainSeparator, structHash]));
}

describe("chunk receipts", () => {
  it("payoutDomain names the PayoutDistributor, version 1, on its chain and address", () => {
    expect(domain).toEqual({ name: PAYOUT_EIP712_NAME, version: "1", chainId: 31337n, verifyingContract: distributor });
    expect(() => payoutDomain(1n, "0x12")).toThrow(InvalidParameterError);
  });

  it("hashChunkReceipt is the EIP-712 digest of ChunkReceipt(uint256 epoch,uint256 chunkId,address worker,uint256 amount)", () => {
    expect(hashChunkReceipt(domain, receipt)).toBe(digestByHand(31337n, distributor, receipt));
    const big = { ...receipt, chunkId: 2n ** 255n, amount: 1n };
    expect(hashChunkReceipt(domain, big)).toBe(digestByHand(31337n, distributor, big));
  });

  it("signChunkReceipt signs that digest; recoverChunkReceipt finds the signer, and someone else for another receipt or domain", async () => {
    const signed = await signChunkReceipt(jd, { domain, receipt: { ...receipt, worker: worker.toLowerCase() } });
    expect(signed.receipt).toEqual(receipt);
    expect(signed.digest).toBe(hashChunkReceipt(domain, receipt));
    expect(recoverChunkReceipt(domain, receipt, signed.signature)).toBe(jd.address);
    expect(recoverChunkReceipt(domain, { ...receipt, amount: 1n }, signed.signature)).not.toBe(jd.address);
    expect(recoverChunkReceipt(payoutDomain(1n, distributor), receipt, signed.signature)).not.toBe(jd.address);
    expect(recoverChunkReceipt(payoutDomain(31337n, worker), receipt, signed.signature)).not.toBe(jd.address);
  });

  it("refuses a malformed receipt or signature", async () => {
    expect(() => hashChunkReceipt(domain, { ...receipt, worker: "0x1" })).toThrow(InvalidParameterError);
    expect(() => hashChunkReceipt(domain, { ...receipt, epoch: -1n })).toThrow(InvalidParameterError);
    expect(() => recoverChunkReceipt(domain, receipt, "0x1234")).toThrow(InvalidParameterError);
    expect(() => recoverChunkReceipt(domain, receipt, "not hex")).toThrow(InvalidParameterError);
    await expect(signChunkReceipt(jd, { domain, receipt: { ...receipt, amount: -5n } })).rejects.toThrow(
      InvalidParameterError,
    );
  });
});
