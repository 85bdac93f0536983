import { describe, expect, it } from "vitest";
import { CircuitInputError, computeBlock, FIELD_MODULUS } from "@blockage/circuits";
import { AbiCoder, keccak256, solidityPackedKeccak256, ZeroHash } from "ethers";
import { InvalidParameterError } from "../errors";
import { blockHeaderHash, buildBlockHeader, daCommitment, genesisHeader, toBlockHeader } from "./header";

const txs = Array.from({ length: 32 }, (_, i) => BigInt(i * 31 + 5));
const parent = { hash: `0x${"ab".repeat(32)}`, state: 7n };

describe("block headers", () => {
  it("builds a header from the chunk fold, the DA commitment and the parent", () => {
    const header = buildBlockHeader({ parent, slot: 99n, txs, feeSplit: 5_000, fees: 12n, upgradeVote: ZeroHash });
    const block = computeBlock({ prevState: 7n, txs });
    expect(header).toEqual({
      parent: parent.hash,
      slot: 99n,
      txCount: 32n,
      feeSplit: 5_000n,
      fees: 12n,
      prevState: 7n,
      newState: block.newState,
      txsCommitment: block.txsCommitment,
      daCommitment: solidityPackedKeccak256(Array(32).fill("uint256"), txs),
      upgradeVote: ZeroHash,
    });
    expect(daCommitment(txs)).toBe(header.daCommitment);
  });

  it("hashes a header as keccak256(abi.encode(header))", () => {
    const header = buildBlockHeader({ parent, slot: 1n, txs: txs.slice(0, 16), feeSplit: 0 });
    const encoded = AbiCoder.defaultAbiCoder().encode(
      ["bytes32", "uint64", "uint32", "uint16", "uint96", "uint256", "uint256", "bytes32", "bytes32", "bytes32"],
      [
        header.parent,
        header.slot,
        header.txCount,
        header.feeSplit,
        header.fees,
        header.prevState,
        header.newState,
        header.txsCommitment,
        header.daCommitment,
        header.upgradeVote,
      ],
    );
    expect(blockHeaderHash(header)).toBe(keccak256(encoded));
    expect(genesisHeader(7n)).toMatchObject({ parent: ZeroHash, newState: 7n, txCount: 0n });
  });

  it("refuses transactions and fields the rollup would refuse", () => {
    expect(() => buildBlockHeader({ parent, slot: 1n, txs: txs.slice(0, 15), feeSplit: 0 })).toThrow(
      InvalidParameterError,
    );
    // The circuit's refusal stays as the cause, and its reason is said once.
    let refusal: unknown;
    try {
      buildBlockHeader({ parent, slot: 1n, txs: txs.slice(0, 15), feeSplit: 0 });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ code: "InvalidParameter", cause: expect.any(CircuitInputError) });
    const { cause, shortMessage } = refusal as InvalidParameterError;
    expect(shortMessage).toBe((cause as CircuitInputError).shortMessage);
    expect(() =>
      buildBlockHeader({ parent, slot: 1n, txs: [...txs.slice(0, 15), FIELD_MODULUS], feeSplit: 0 }),
    ).toThrow(/txs\[15\] is not a BN254 field element/);
    expect(() => buildBlockHeader({ parent, slot: 1n, txs: txs.slice(0, 16), feeSplit: 0, fees: 1n << 96n })).toThrow(
      /fees must fit 96 bits/,
    );
    const header = buildBlockHeader({ parent, slot: 1n, txs: txs.slice(0, 16), feeSplit: 0 });
    expect(() => toBlockHeader({ ...header, parent: "0x12" })).toThrow(/parent must be 32 bytes/);
  });
});
