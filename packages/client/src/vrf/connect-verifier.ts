// Connecting to a deployed on-chain VRF verifier.
import type { ContractRunner } from "ethers";
import { contractAt } from "../contracts";
import type { EcVrfVerifier } from "../typechain";

/**
 * Connects to an already deployed `EcVrfVerifier`.
 *
 * @param address - Contract address.
 * @param runner - Provider (for reads) or signer.
 * @returns The typed contract.
 */
export function connectVrfVerifier(address: string, runner: ContractRunner): EcVrfVerifier {
  return contractAt("EcVrfVerifier", address, runner);
}
