// Deploying the epoch proof verifier and the chunk Groth16 verifier it calls.
import type { Signer } from "ethers";
import { ChunkGroth16Verifier__factory, EpochProofVerifier__factory } from "../typechain";
import { toContractError } from "../contract-errors";
import { ContractCallError } from "../errors";
import { connectProofVerifier, type ConnectProofVerifierReturnType } from "./proof-verifier";

/** Result of {@link deployProofVerifier}. */
export interface DeployProofVerifierReturnType extends ConnectProofVerifierReturnType {
  /** For `deployments/<chainId>.json`, one record per contract. */
  deployments: {
    ChunkGroth16Verifier: { address: string; transactionHash: string };
    EpochProofVerifier: { address: string; transactionHash: string };
  };
}

/**
 * Deploys the generated chunk verifier and the `EpochProofVerifier` over it (two transactions).
 *
 * @throws {ContractCallError} If a deployment fails (its message ends with the reason).
 * @example
 * const { verifier, addresses } = await deployProofVerifier(signer);
 */
export async function deployProofVerifier(signer: Signer): Promise<DeployProofVerifierReturnType> {
  try {
    const chunkVerifier = await new ChunkGroth16Verifier__factory(signer).deploy();
    const chunkReceipt = await chunkVerifier.deploymentTransaction()!.wait();
    if (chunkReceipt === null)
      throw new ContractCallError("the ChunkGroth16Verifier deployment was replaced or dropped");
    const verifier = await new EpochProofVerifier__factory(signer).deploy(await chunkVerifier.getAddress());
    const receipt = await verifier.deploymentTransaction()!.wait();
    if (receipt === null) throw new ContractCallError("the EpochProofVerifier deployment was replaced or dropped");
    const connected = await connectProofVerifier(await verifier.getAddress(), signer);
    return {
      ...connected,
      deployments: {
        ChunkGroth16Verifier: { address: connected.addresses.ChunkGroth16Verifier, transactionHash: chunkReceipt.hash },
        EpochProofVerifier: { address: connected.addresses.EpochProofVerifier, transactionHash: receipt.hash },
      },
    };
  } catch (error) {
    throw toContractError(error, "EpochProofVerifier deployment");
  }
}
