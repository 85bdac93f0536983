// Connecting to the epoch proof verifier (`EpochProofVerifier` over the generated `ChunkGroth16Verifier`),
// and checking an epoch proof against it before submitting it anywhere.
import type { BigNumberish, BytesLike, ContractRunner } from "ethers";
import { contractAt } from "../contracts";
import { toContractError } from "../contract-errors";
import { requireContractAt } from "../transaction";
import { checkedAddress } from "../validate";
import { type ChunkGroth16Verifier, type EpochProofVerifier } from "../typechain";

/** Result of {@link connectProofVerifier} (and of `deployProofVerifier`). */
export interface ConnectProofVerifierReturnType {
  verifier: EpochProofVerifier;
  chunkVerifier: ChunkGroth16Verifier;
  addresses: { EpochProofVerifier: string; ChunkGroth16Verifier: string };
}

/**
 * Parameters of {@link checkEpochProof}: what `verifyEpochProof` takes. `epochProofArgs(blocks)` of
 * `@blockage/circuits` gives exactly this.
 */
export interface CheckEpochProofParameters {
  /** The state before the epoch's first block. */
  prevState: BigNumberish;
  /** The state after its last block. */
  newState: BigNumberish;
  /** The epoch's blocks in order, each with its states and DA commitment. */
  blocks: readonly { prevState: BigNumberish; newState: BigNumberish; txsCommitment: BytesLike }[];
  /** The encoded epoch proof (`encodeEpochProof`). */
  proof: BytesLike;
}

/** @deprecated Renamed {@link CheckEpochProofParameters}. */
export type EpochProofCheck = CheckEpochProofParameters;

/** Result of {@link checkEpochProof}: the address every chunk proof is bound to. */
export type CheckEpochProofReturnType = string;

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
  const verifier = contractAt("EpochProofVerifier", verifierAddress, runner);
  let chunkVerifierAddress: string;
  try {
    chunkVerifierAddress = await verifier.chunkVerifier();
  } catch (error) {
    throw toContractError(error, "EpochProofVerifier.chunkVerifier");
  }
  return {
    verifier,
    chunkVerifier: contractAt("ChunkGroth16Verifier", chunkVerifierAddress, runner),
    addresses: { EpochProofVerifier: verifierAddress, ChunkGroth16Verifier: chunkVerifierAddress },
  };
}

/**
 * Checks an epoch proof with the deployed verifier (an `eth_call`, no transaction): resolves when it verifies, with
 * the address every chunk proof is bound to (whom the rollup's coordinator would pay for it).
 *
 * @param verifier - The epoch proof verifier (any runner with a provider).
 * @param params - The epoch's states, blocks and encoded proof (`epochProofArgs(blocks)`).
 * @returns The address the proof is bound to.
 * @throws {ContractRevertError} Naming the failed condition, e.g. `EpochProofVerifier__InvalidChunkProof` with the
 *   chunk's index, or `EpochProofVerifier__TxsCommitmentMismatch` with the block's.
 * @example
 * await checkEpochProof(verifier, epochProofArgs(blocks)); // epochProofArgs from @blockage/circuits
 */
export async function checkEpochProof(
  verifier: EpochProofVerifier,
  params: CheckEpochProofParameters,
): Promise<CheckEpochProofReturnType> {
  try {
    return await verifier.verifyEpochProof(
      params.prevState,
      params.newState,
      params.blocks.map((b) => ({ prevState: b.prevState, newState: b.newState, txsCommitment: b.txsCommitment })),
      params.proof,
    );
  } catch (error) {
    throw toContractError(error, "EpochProofVerifier.verifyEpochProof");
  }
}
