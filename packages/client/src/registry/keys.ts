// A node's two key pairs. The VRF key is what the lottery verifies on-chain; the communication key is the node's
// identity off-chain. @noble/curves derives the Ed25519 public key (RFC 8032); @blockage/vrf the VRF pair.
import { publicKey, type Suite } from "@blockage/vrf";
import { ed25519 } from "@noble/curves/ed25519.js";
import { getBytes, hexlify, randomBytes, type BytesLike } from "ethers";
import { InvalidParameterError } from "../errors";
import { checkedBytes } from "../validate";

/** The VRF suite the registry's on-chain verifier checks: RFC 9381 ECVRF on secp256k1 (suite string 0xFE). */
export const NODE_VRF_SUITE: Suite = "ECVRF-SECP256K1-SHA256-TAI";

/**
 * A node's keys.
 *
 * - **VRF key** (`vrfSecretKey`, `vrfKey`): a secp256k1 key pair of the `ECVRF-SECP256K1-SHA256-TAI` suite. The node
 *   proves its lottery tickets with the secret key (`prove(NODE_VRF_SUITE, vrfSecretKey, lotteryAlpha(σ, role))`);
 *   `vrfKey` is the 33-byte compressed public key `register` stores and the contracts verify proofs against.
 * - **Communication key** (`commSecretKey`, `commKey`): an Ed25519 key pair, the node's identity off-chain. It
 *   signs what the node says to its peers (gossiped proposals and attestations, its requests to a job distributor)
 *   and is its libp2p peer identity; `commKey` is the 32-byte Ed25519 public key `register` stores, so that anyone
 *   can check an off-chain message against the registry. It never signs anything on-chain (the operator's Ethereum
 *   account does).
 *
 * Secret keys must stay secret: anyone holding `vrfSecretKey` can compute the node's lottery outcomes, and anyone
 * holding `commSecretKey` can speak for the node.
 */
export interface NodeKeys {
  /** 32-byte secp256k1 secret scalar, `0x` hex. */
  vrfSecretKey: string;
  /** 33-byte compressed secp256k1 public key, `0x` hex: the `vrfKey` of `register`. */
  vrfKey: string;
  /** 32-byte Ed25519 secret key (the RFC 8032 seed), `0x` hex. */
  commSecretKey: string;
  /** 32-byte Ed25519 public key, `0x` hex: the `commKey` of `register`. */
  commKey: string;
}

/** Result of {@link generateNodeKeys}. */
export type GenerateNodeKeysReturnType = NodeKeys;

/**
 * The VRF public key of a secret key.
 *
 * @param vrfSecretKey - 32-byte secp256k1 scalar in [1, n − 1].
 * @returns The 33-byte compressed public key as `0x` hex.
 * @throws {InvalidParameterError} If the secret key is not a valid scalar.
 */
export function vrfPublicKey(vrfSecretKey: BytesLike): string {
  const secret = getBytes(checkedBytes(vrfSecretKey, "the VRF secret key", 32, true));
  try {
    return hexlify(publicKey(NODE_VRF_SUITE, secret));
  } catch {
    // No cause attached: an error about a secret key must not carry the key into logs.
    throw new InvalidParameterError("the VRF secret key is not a valid secp256k1 scalar (in [1, n))");
  }
}

/**
 * The Ed25519 communication public key of a secret key (seed), as RFC 8032 §5.1.5 derives it.
 *
 * @param commSecretKey - 32-byte Ed25519 secret key.
 * @returns The 32-byte public key as `0x` hex.
 * @throws {InvalidParameterError} If the secret key is not 32 bytes.
 * @example
 * commPublicKey("0x9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60") // RFC 8032 §7.1 test 1
 * // "0xd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
 */
export function commPublicKey(commSecretKey: BytesLike): string {
  const seed = getBytes(checkedBytes(commSecretKey, "the communication secret key", 32, true));
  return hexlify(ed25519.getPublicKey(seed));
}

/**
 * Generates a node's VRF key pair (`ECVRF-SECP256K1-SHA256-TAI`, via `@blockage/vrf`) and its Ed25519 communication
 * key pair, from the runtime's cryptographically secure random source. See {@link NodeKeys} for what each is for.
 *
 * @returns Secret and public keys as `0x` hex; pass `vrfKey` and `commKey` to `register`.
 * @example
 * const keys = await generateNodeKeys();
 * await register(registry, { stake, ...keys, roles: 3 }); // vrfSecretKey signs the key's proof of possession
 * // keep keys.vrfSecretKey and keys.commSecretKey secret: the node needs them to prove and to speak
 */
export async function generateNodeKeys(): Promise<GenerateNodeKeysReturnType> {
  // A uniformly random 32-byte string is a valid scalar except with probability ≈ 2⁻¹²⁸; retry in that case.
  for (;;) {
    const vrfSecretKey = hexlify(randomBytes(32));
    let vrfKey: string;
    try {
      vrfKey = vrfPublicKey(vrfSecretKey);
    } catch {
      continue;
    }
    const commSecretKey = hexlify(randomBytes(32));
    return { vrfSecretKey, vrfKey, commSecretKey, commKey: commPublicKey(commSecretKey) };
  }
}
