// A node's two key pairs. The VRF key is what the lottery verifies on-chain; the communication key is the node's
// identity off-chain. Web Crypto (Node ≥ 20 and browsers) generates the Ed25519 pair; @blockage/vrf the VRF pair.
import { publicKey, type Suite } from "@blockage/vrf";
import { getBytes, hexlify, randomBytes, type BytesLike } from "ethers";
import { BlockageError, InvalidParameterError } from "../errors";
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

// PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410): SEQUENCE { version 0, AlgorithmIdentifier id-Ed25519, key }.
const ED25519_PKCS8_PREFIX = getBytes("0x302e020100300506032b657004220420");

function subtle() {
  const webCrypto = globalThis.crypto?.subtle;
  if (webCrypto === undefined) throw new BlockageError("Web Crypto (crypto.subtle) is not available in this runtime");
  return webCrypto;
}

function base64UrlToHex(value: string): string {
  const base64 = value.replace(/-/g, "+").replace(/_/g, "/");
  return hexlify(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
}

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
 * The Ed25519 communication public key of a secret key (seed).
 *
 * @param commSecretKey - 32-byte Ed25519 secret key.
 * @returns The 32-byte public key as `0x` hex.
 * @throws {InvalidParameterError} If the secret key is not 32 bytes.
 */
export async function commPublicKey(commSecretKey: BytesLike): Promise<string> {
  const seed = getBytes(checkedBytes(commSecretKey, "the communication secret key", 32, true));
  const pkcs8 = new Uint8Array([...ED25519_PKCS8_PREFIX, ...seed]);
  const key = await subtle().importKey("pkcs8", pkcs8, { name: "Ed25519" }, true, ["sign"]);
  const jwk = await subtle().exportKey("jwk", key);
  if (jwk.x === undefined) throw new BlockageError("Web Crypto did not export the Ed25519 public key");
  return base64UrlToHex(jwk.x);
}

/**
 * Generates a node's VRF key pair (`ECVRF-SECP256K1-SHA256-TAI`, via `@blockage/vrf`) and its Ed25519 communication
 * key pair, from the runtime's cryptographically secure random source. See {@link NodeKeys} for what each is for.
 *
 * @returns Secret and public keys as `0x` hex; pass `vrfKey` and `commKey` to `register`.
 * @throws {BlockageError} If the runtime has no Web Crypto.
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
    return { vrfSecretKey, vrfKey, commSecretKey, commKey: await commPublicKey(commSecretKey) };
  }
}
