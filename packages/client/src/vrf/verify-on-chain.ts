import { toVerifierInput } from "@blockage/vrf";
import { getBytes, ZeroHash } from "ethers";
import type { IEcVrfVerifier } from "../typechain";
import { ContractCallError, InvalidParameterError } from "../errors";

/** Parameters of {@link verifyOnChain}: the exact byte strings of ECVRF-SECP256K1-SHA256-TAI. */
export interface VerifyOnChainParameters {
  /** 33-byte compressed public key. */
  pk: Uint8Array;
  /** 81-byte proof from `prove("ECVRF-SECP256K1-SHA256-TAI", sk, alpha)`. */
  pi: Uint8Array;
  /** The VRF input. */
  alpha: Uint8Array;
}

/** Result of {@link verifyOnChain}. */
export interface VerifyOnChainReturnType {
  /** Whether the contract accepted the proof. */
  valid: boolean;
  /** The VRF output when valid, else `null`. */
  beta: Uint8Array | null;
  /**
   * Gas the call costs as a transaction (`estimateGas`), for budgeting; `null` when the estimate failed although
   * the call itself succeeded (e.g. a node or runner without `eth_estimateGas`). `valid` and `beta` stand either way.
   */
  gas: bigint | null;
}

/**
 * Verifies a VRF proof with a deployed `EcVrfVerifier` (an `eth_call`; nothing is sent). The hints the contract
 * needs are computed here with `toVerifierInput`.
 *
 * @param verifier - The verifier contract (any `IEcVrfVerifier`).
 * @param params - Public key, proof and input as bytes.
 * @returns Validity, beta and the gas a transaction would use (`null` if only the gas estimate failed).
 * @throws {InvalidParameterError} If a parameter is not a `Uint8Array`.
 * @throws {ContractCallError} If the `verify` call itself fails (network, no contract at the address); a failing
 *   gas estimate is not an error.
 * @example
 * const { valid, beta } = await verifyOnChain(verifier, { pk, pi, alpha });
 */
export async function verifyOnChain(
  verifier: IEcVrfVerifier,
  params: VerifyOnChainParameters,
): Promise<VerifyOnChainReturnType> {
  for (const key of ["pk", "pi", "alpha"] as const) {
    if (!(params[key] instanceof Uint8Array)) {
      throw new InvalidParameterError(`verifyOnChain: ${key} must be a Uint8Array`);
    }
  }
  const [pk, pi, alpha, hints] = toVerifierInput(params.pk, params.pi, params.alpha);
  let valid: boolean;
  let beta: string;
  try {
    [valid, beta] = await verifier.verify(pk, pi, alpha, hints);
  } catch (cause) {
    throw new ContractCallError(`EcVrfVerifier.verify call to ${String(verifier.target)} failed`, {
      cause,
      details: String(cause),
    });
  }
  let gas: bigint | null;
  try {
    gas = await verifier.verify.estimateGas(pk, pi, alpha, hints);
  } catch {
    // The verdict is already known; only the budgeting figure is missing.
    gas = null;
  }
  return { valid, beta: valid && beta !== ZeroHash ? getBytes(beta) : null, gas };
}
