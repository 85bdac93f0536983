// Deploying and connecting the epoch proof verifier (`EpochProofVerifier` over the generated `ChunkGroth16Verifier`),
// and checking an epoch proof against it before submitting it anywhere.
import type { BigNumberish, BytesLike, ContractRunner, Signer } from "ethers";
import { toContractError } from "../contract-errors";
import { ContractCallError } from "../errors";
import { requireContractAt } from "../transaction";
import { checkedAddress } from "../validate";
import {
  ChunkGroth16Verifier__factory,
  EpochProofVerifier__factory,
  type ChunkGroth16Verifier,
  type EpochProofVerifier,
} from "../typechain";

/** Result of {@link connectProofVerifier} and {@link deployProofVerifier}. */
export interface ConnectProofVerifierReturnType {
  verifier: EpochProofVerifier;
  chunkVerifier: ChunkGroth16Verifier;
  addresses: { EpochProofVerifier: string; ChunkGroth16Verifier: string };
}

/** Result of {@link deployProofVerifier}. */
export interface DeployProofVerifierReturnType extends ConnectProofVerifierReturnType {
  /** For `deployments/<chainId>.json`, one record per contract. */
  deployments: {
    ChunkGroth16Verifier: { address: string; transactionHash: string };
    EpochProofVerifier: { address: string; transactionHash: string };
  };
}

/**
 * What `verifyEpochProof` takes: `epochProofArgs(blocks)` of `@blockage/circuits` gives exactly this.
 */
export interface EpochProofCheck {
  prevState: BigNumberish;
  newState: BigNumberish;
  blocks: readonly { prevState: BigNumberish; newState: BigNumberish; txsCommitment: BytesLike }[];
  proof: BytesLike;
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

/**
 * Connects to a deployed `EpochProofVerifier` and the chunk verifier it calls.
 *
 * @throws {ContractCallError} If there is no contract at `address` or it does not answer as an EpochProofVerifier.
 */
export async function connectProofVerifier(
  address: string,
  runner: ContractRunner,
): Promise<ConnectProofVerifierReturnType> {
  const verifierAddress = checkedAddress(address, "EpochProofVerifier address");
  await requireContractAt(runner, verifierAddress, "EpochProofVerifier");
  const verifier = EpochProofVerifier__factory.connect(verifierAddress, runner);
  let chunkVerifierAddress: string;
  try {
    chunkVerifierAddress = await verifier.chunkVerifier();
  } catch (error) {
    throw toContractError(error, "EpochProofVerifier.chunkVerifier");
  }
  return {
    verifier,
    chunkVerifier: ChunkGroth16Verifier__factory.connect(chunkVerifierAddress, runner),
    addresses: { EpochProofVerifier: verifierAddress, ChunkGroth16Verifier: chunkVerifierAddress },
  };
}

/**
 * Checks an epoch proof with the deployed verifier (an `eth_call`, no transaction): resolves when it verifies, with
 * the address every chunk proof is bound to (whom the rollup's coordinator would pay for it).
 *
 * @throws {ContractRevertError} Naming the failed condition, e.g. `EpochProofVerifier__InvalidChunkProof` with the
 *   chunk's index, or `EpochProofVerifier__TxsCommitmentMismatch` with the block's.
 * @example
 * await checkEpochProof(verifier, epochProofArgs(blocks)); // epochProofArgs from @blockage/circuits
 */
export async function checkEpochProof(verifier: EpochProofVerifier, epoch: EpochProofCheck): Promise<string> {
  try {
    return await verifier.verifyEpochProof(
      epoch.prevState,
      epoch.newState,
      epoch.blocks.map((b) => ({ prevState: b.prevState, newState: b.newState, txsCommitment: b.txsCommitment })),
      epoch.proof,
    );
  } catch (error) {
    throw toContractError(error, "EpochProofVerifier.verifyEpochProof");
  }
}
