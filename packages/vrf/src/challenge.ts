/**
 * ECVRF_challenge_generation (RFC 9381 §5.4.3) and the proof_to_hash digest (§5.2).
 * @module
 */
import { concat } from "./encoding.js";
import type { SuiteParams } from "./suite.js";

/** challenge_generation_domain_separator_front. */
const CHALLENGE_FRONT = 0x02;
/** proof_to_hash_domain_separator_front. */
const PROOF_TO_HASH_FRONT = 0x03;
/** Shared domain_separator_back. */
const BACK = 0x00;

/**
 * ECVRF_challenge_generation(P1, P2, P3, P4, P5) over already-encoded points:
 * Hash(suite_string || 0x02 || P1 || P2 || P3 || P4 || P5 || 0x00), truncated to cLen octets.
 * The caller passes point_to_string(Y), point_to_string(H), point_to_string(Gamma),
 * point_to_string(U), point_to_string(V), in that order.
 * @param params - Suite parameters.
 * @param pointStrings - The five encoded points.
 * @returns The truncated challenge string c_string (cLen octets); c = string_to_int(c_string).
 * @throws Nothing.
 */
export function challengeGeneration(params: SuiteParams, pointStrings: readonly Uint8Array[]): Uint8Array {
  const digest = params.hash(
    concat(Uint8Array.of(params.suiteString, CHALLENGE_FRONT), ...pointStrings, Uint8Array.of(BACK)),
  );
  return digest.slice(0, params.cLen);
}

/**
 * The digest of ECVRF_proof_to_hash (RFC 9381 §5.2 step 4):
 * beta = Hash(suite_string || 0x03 || point_to_string(cofactor * Gamma) || 0x00).
 * @param params - Suite parameters.
 * @param cofactorGammaString - point_to_string(cofactor * Gamma).
 * @returns beta_string (hLen octets).
 * @throws Nothing.
 */
export function proofToHashDigest(params: SuiteParams, cofactorGammaString: Uint8Array): Uint8Array {
  return params.hash(
    concat(Uint8Array.of(params.suiteString, PROOF_TO_HASH_FRONT), cofactorGammaString, Uint8Array.of(BACK)),
  );
}
