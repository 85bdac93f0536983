import { describe, expect, it } from "vitest";
import { computeAddress, recoverAddress, TypedDataEncoder, verifyTypedData, Wallet } from "ethers";
import { InvalidParameterError } from "../errors";
import { generateNodeKeys } from "./keys";
import {
  DELEGATE_TYPES,
  hashDelegate,
  hashJoin,
  hashLeave,
  hashVrfKeyPossession,
  JOIN_TYPES,
  LEAVE_TYPES,
  registryDomain,
  signVrfKeyPossession,
  VRF_KEY_POSSESSION_TYPES,
  type DelegateMessage,
  type JoinMessage,
  type LeaveMessage,
} from "./typed-data";

const registry = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const domain = registryDomain(31337n, registry);
const wallet = new Wallet(`0x${"42".repeat(32)}`);

const join: JoinMessage = {
  operator: wallet.address,
  salt: `0x${"00".repeat(31)}01`,
  stake: 10n ** 21n,
  vrfKey: `0x02${"ab".repeat(32)}`,
  commKey: `0x${"cd".repeat(32)}`,
  roles: 3,
  nonce: 0n,
  deadline: 1_900_000_000n,
};
const leave: LeaveMessage = { pid: `0x${"ef".repeat(32)}`, epoch: 7n, nonce: 1n, deadline: 1_900_000_000n };
const delegation: DelegateMessage = {
  delegator: wallet.address,
  validatorPid: `0x${"ef".repeat(32)}`,
  amount: 5n,
  nonce: 2n,
  deadline: 1_900_000_000n,
};

describe("EIP-712 types", () => {
  it("encode exactly the Solidity type strings the registry hashes", () => {
    expect(TypedDataEncoder.from(JOIN_TYPES).encodeType("Join")).toBe(
      "Join(address operator,bytes32 salt,uint256 stake,bytes vrfKey,bytes32 commKey,uint8 roles,uint256 nonce,uint256 deadline)",
    );
    expect(TypedDataEncoder.from(LEAVE_TYPES).encodeType("Leave")).toBe(
      "Leave(bytes32 pid,uint256 epoch,uint256 nonce,uint256 deadline)",
    );
    expect(TypedDataEncoder.from(DELEGATE_TYPES).encodeType("Delegate")).toBe(
      "Delegate(address delegator,bytes32 validatorPid,uint256 amount,uint256 nonce,uint256 deadline)",
    );
  });

  it("use the domain name, version, chain and registry", () => {
    expect(domain).toEqual({
      name: "blockage NodeRegistry",
      version: "1",
      chainId: 31337n,
      verifyingContract: registry,
    });
    expect(TypedDataEncoder.hashDomain(domain)).toBe(
      TypedDataEncoder.hashDomain({ ...domain, verifyingContract: registry.toLowerCase() }),
    );
    expect(() => registryDomain(1n, "0x1234")).toThrow(/verifyingContract is not an address/);
  });

  it("hash what a wallet signs, and the signature recovers the signer", async () => {
    const cases = [
      [JOIN_TYPES, join, hashJoin(domain, join)],
      [LEAVE_TYPES, leave, hashLeave(domain, leave)],
      [DELEGATE_TYPES, delegation, hashDelegate(domain, delegation)],
    ] as const;
    for (const [types, message, digest] of cases) {
      expect(digest).toBe(TypedDataEncoder.hash(domain, types, message));
      const signature = await wallet.signTypedData(domain, types, message as unknown as Record<string, unknown>);
      expect(verifyTypedData(domain, types, message as unknown as Record<string, unknown>, signature)).toBe(
        wallet.address,
      );
    }
    // The digest binds every field and the domain.
    expect(hashJoin(domain, { ...join, nonce: 1n })).not.toBe(hashJoin(domain, join));
    expect(hashJoin(registryDomain(1n, registry), join)).not.toBe(hashJoin(domain, join));
    expect(hashLeave(domain, { ...leave, epoch: 8n })).not.toBe(hashLeave(domain, leave));
  });
});

describe("VRF key proof of possession", () => {
  it("is the VRF key's ECDSA signature over VrfKeyPossession(pid, vrfKey) in the registry's domain", async () => {
    expect(TypedDataEncoder.from(VRF_KEY_POSSESSION_TYPES).encodeType("VrfKeyPossession")).toBe(
      "VrfKeyPossession(bytes32 pid,bytes vrfKey)",
    );
    const keys = await generateNodeKeys();
    const message = { pid: leave.pid, vrfKey: keys.vrfKey };
    const proof = signVrfKeyPossession(keys.vrfSecretKey, domain, message);
    expect(proof).toMatch(/^0x[0-9a-f]{130}$/);
    expect(recoverAddress(hashVrfKeyPossession(domain, message), proof)).toBe(computeAddress(keys.vrfKey));
    // Bound to the pid and the registry.
    expect(recoverAddress(hashVrfKeyPossession(domain, { ...message, pid: join.salt }), proof)).not.toBe(
      computeAddress(keys.vrfKey),
    );
    expect(signVrfKeyPossession(keys.vrfSecretKey, registryDomain(1n, registry), message)).not.toBe(proof);
  });

  it("refuses a secret key that is not the VRF key's", async () => {
    const [a, b] = await Promise.all([generateNodeKeys(), generateNodeKeys()]);
    expect(() => signVrfKeyPossession(a.vrfSecretKey, domain, { pid: leave.pid, vrfKey: b.vrfKey })).toThrow(
      InvalidParameterError,
    );
    expect(() => signVrfKeyPossession(`0x${"00".repeat(32)}`, domain, { pid: leave.pid, vrfKey: b.vrfKey })).toThrow(
      /not a valid secp256k1 secret key/,
    );
  });
});
