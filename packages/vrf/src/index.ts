/**
 * `@blockage/vrf`: pure TypeScript EC-VRF (RFC 9381) for P-256 and edwards25519,
 * plus the EVM-oriented suite `ECVRF-SECP256K1-SHA256-TAI`, built on noble.
 *
 * @example
 * ```ts
 * import { prove, verify, publicKey, proofToHash } from "@blockage/vrf";
 * const suite = "ECVRF-SECP256K1-SHA256-TAI";
 * const pk = publicKey(suite, sk);
 * const pi = prove(suite, sk, alpha);
 * const beta = verify(suite, pk, pi, alpha); // Uint8Array, or null if invalid
 * ```
 *
 * `evaluate(suite, sk, alpha)` returns the same beta as `proofToHash(suite, prove(suite, sk, alpha))`
 * without building the proof (no nonce, no k*B and k*H, no challenge):
 * check your own VRF output first, and prove only when the result is worth publishing.
 * @module
 */
export { prove, verify, proofToHash, publicKey, evaluate } from "./ecvrf.js";
export { VrfError, type BlockageErrorShape, type VrfErrorCode, type VrfErrorOptions } from "./errors.js";
export { SUITES, type Suite } from "./suite.js";
export { toVerifierInput } from "./evm.js";
export type { VerifierInput } from "./evm.js";
