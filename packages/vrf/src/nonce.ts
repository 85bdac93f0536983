/**
 * ECVRF_nonce_generation (RFC 9381 §5.4.2).
 * @module
 */
import { hmac } from "@noble/hashes/hmac.js";
import { createHmacDrbg, numberToBytesBE, bytesToNumberBE } from "@noble/curves/utils.js";
import { VrfError } from "./errors.js";
import { concat, stringToInt } from "./encoding.js";
import type { SuiteParams } from "./suite.js";

/**
 * ECVRF_nonce_generation_RFC6979 (RFC 9381 §5.4.2.1): deterministic k per
 * RFC 6979 §3.2 with Hash as the HMAC hash and m = h_string, using noble's HMAC-DRBG.
 * For these suites qlen = hlen = 256, so bits2int is plain OS2IP.
 * @param params - Suite parameters (Weierstrass suite).
 * @param x - Secret scalar, 1 <= x < q.
 * @param hString - h_string = point_to_string(H); the RFC 6979 message m.
 * @returns k in [1, q-1].
 * @throws {Error} From noble's HMAC-DRBG after 1000 rejected candidates (probability ~2^-32000).
 */
export function nonceRfc6979(params: SuiteParams, x: bigint, hString: Uint8Array): bigint {
  const { q, qLen, hash } = params;
  const h1 = hash(hString); // h1 = H(m)
  const bits2octets = numberToBytesBE(bytesToNumberBE(h1) % q, qLen);
  const seed = concat(numberToBytesBE(x, qLen), bits2octets); // int2octets(x) || bits2octets(h1)
  const drbg = createHmacDrbg<bigint>(hash.outputLen, qLen, (key: Uint8Array, msg: Uint8Array) => hmac(hash, key, msg));
  return drbg(seed, (t) => {
    const k = bytesToNumberBE(t.subarray(0, qLen)); // bits2int(T), qlen = 8 * qLen
    return k >= BigInt(1) && k < q ? k : undefined; // step H.3: retry outside [1, q-1]
  });
}

/**
 * ECVRF_nonce_generation_RFC8032 (RFC 9381 §5.4.2.2):
 * k = string_to_int(Hash(truncated_hashed_sk_string || h_string)) mod q.
 * @param params - Suite parameters (edwards25519 suite).
 * @param truncatedHashedSk - Hash(SK_string)[32..63] (RFC 8032's "prefix").
 * @param hString - h_string = point_to_string(H).
 * @returns k in [1, q-1].
 * @throws {VrfError} `ZeroNonce` if k = 0 (probability ~2^-252); there is no RFC-defined k then.
 */
export function nonceRfc8032(params: SuiteParams, truncatedHashedSk: Uint8Array, hString: Uint8Array): bigint {
  const k = stringToInt(params, params.hash(concat(truncatedHashedSk, hString))) % params.q;
  if (k === BigInt(0)) throw new VrfError("ZeroNonce", "nonce generation produced k = 0");
  return k;
}
