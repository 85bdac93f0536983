import type { Signer } from "ethers";
import { EcVrfVerifier__factory } from "../typechain";
import type { EcVrfVerifier } from "../typechain";
import { ContractCallError } from "../errors";

/** Parameters of {@link deployVrfVerifier}. */
export interface DeployVrfVerifierParameters {
  /** Account that pays for the deployment. */
  deployer: Signer;
}

/** Result of {@link deployVrfVerifier}. */
export interface DeployVrfVerifierReturnType {
  /** The deployed verifier, connected to the deployer. */
  verifier: EcVrfVerifier;
  /** Its address. */
  address: string;
  /** Hash of the deployment transaction. */
  transactionHash: string;
}

/**
 * Deploys an `EcVrfVerifier` (no constructor arguments) and waits for it to be mined.
 *
 * @param params - The deployer.
 * @returns The connected contract, its address and the deployment transaction hash.
 * @throws {ContractCallError} If the deployment transaction fails; its `shortMessage` ends with the reason, e.g.
 *   `EcVrfVerifier deployment failed: insufficient funds for intrinsic transaction cost`.
 * @example
 * const { verifier, address } = await deployVrfVerifier({ deployer: wallet });
 */
export async function deployVrfVerifier(params: DeployVrfVerifierParameters): Promise<DeployVrfVerifierReturnType> {
  try {
    const verifier = await new EcVrfVerifier__factory(params.deployer).deploy();
    await verifier.waitForDeployment();
    const tx = verifier.deploymentTransaction();
    return { verifier, address: await verifier.getAddress(), transactionHash: tx?.hash ?? "" };
  } catch (cause) {
    throw new ContractCallError("EcVrfVerifier deployment failed", { cause, details: String(cause) });
  }
}
