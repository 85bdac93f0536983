// Submitting an epoch's proof: the epoch's headers (read back from the chain unless given) and the encoded chunk
// proofs of its blocks; the coordinator verifies, marks the blocks proven and credits the rewards.
import { encodeEpochProof, type BlockProof } from "@blockage/circuits/statement";
import { contractAt } from "../contracts";
import type { BigNumberish, BytesLike, ContractTransactionReceipt } from "ethers";
import { InvalidParameterError } from "../errors";
import { readContract, receiptEvent, sendTransaction, signerOf } from "../transaction";
import { checkedBytes, checkedUint } from "../validate";
import { type ProverCoordinator } from "../typechain";
import type { BlockHeaderStruct } from "../typechain/contracts/rollup/Rollup";
import { getEpochBlocks } from "./chain";
import { toBlockHeader, type BlockHeader } from "./header";

/** Parameters of {@link submitEpochProof}. */
export interface SubmitEpochProofParameters {
  /** The epoch (over, and the oldest with unproven blocks). */
  epoch: BigNumberish;
  /**
   * The proof: the epoch's proven blocks in order (`proveBlock` of `@blockage/circuits`, one per header, every one
   * bound to the same `prover` address), encoded here with `encodeEpochProof`; or the encoded proof bytes. Whoever
   * sends it, the payouts go to the address the proof is bound to.
   */
  proof: readonly BlockProof[] | BytesLike;
  /** The epoch's headers, all its unproven blocks in order (default: read back with `getEpochBlocks`). */
  headers?: ReadonlyArray<BlockHeader | BlockHeaderStruct>;
  /** First L1 block of the rollup's logs, to read the headers (default 0). */
  fromBlock?: number;
}

/** Result of {@link submitEpochProof}. */
export interface SubmitEpochProofReturnType {
  epoch: bigint;
  /** First and last block proven. */
  fromBlock: bigint;
  toBlock: bigint;
  /** The proven state. */
  newState: bigint;
  /** Who was paid the prover fee: the claimant, or the proof's beneficiary in an open race or a rescue. */
  prover: string;
  /** The address the proof is bound to: paid the submitter share (and, without a claim in force, the prover fee). */
  beneficiary: string;
  /** The epoch's rewards (block rewards released plus shared fees). */
  rewards: bigint;
  proverFee: bigint;
  submitterFee: bigint;
  receipt: ContractTransactionReceipt;
}

/**
 * Proves an epoch: sends its headers and proof to the coordinator, which checks the headers against the pending
 * chain, verifies the proof, marks the blocks proven and credits the prover fee (the claimant's quoted fee, or the
 * default fee to the proof's beneficiary in an open race), the submitter's share (to the beneficiary) and the
 * proposers' shares; a claim in force gets its bond back, a claim past its deadline loses it (rescue share to the
 * beneficiary). The beneficiary is the address every chunk proof is bound to (`prover` of `proveBlock`), never the
 * sender: anyone may relay a proof once the epoch is over, and a proof copied from the mempool pays its author. See
 * `getProofRace` for who is paid.
 *
 * @param coordinator - The prover coordinator, connected to the submitter's signer.
 * @param params - Epoch, proof (block proofs or bytes), and optionally the headers.
 * @returns The proven range, the payout and the receipt.
 * @throws {InvalidParameterError} If the proof's blocks do not match the headers in number.
 * @throws {CircuitInputError} If the block proofs do not chain (from `encodeEpochProof`).
 * @throws {ContractRevertError} E.g. `ProverCoordinator__EpochNotOver`, `__ProofRaceNotOpen`,
 *   `Rollup__NotNextEpoch`, `Rollup__HeaderMismatch`, `Rollup__IncompleteEpoch`,
 *   `EpochProofVerifier__InvalidChunkProof`, `EpochProofVerifier__MixedProvers`.
 * @throws {ContractCallError} For any other failure.
 * @example
 * const blocks = await getEpochBlocks(rollup, { epoch });
 * const proofs = [];
 * for (const b of blocks) proofs.push(await proveBlock({ prevState: b.header.prevState, txs: b.txs, prover: payout }));
 * await submitEpochProof(coordinator.connect(relay), { epoch, proof: proofs, headers: blocks.map((b) => b.header) });
 */
export async function submitEpochProof(
  coordinator: ProverCoordinator,
  params: SubmitEpochProofParameters,
): Promise<SubmitEpochProofReturnType> {
  signerOf(coordinator, "submitEpochProof");
  const epoch = checkedUint(params.epoch, "epoch");
  const headers = await epochHeaders(coordinator, { epoch, headers: params.headers, fromBlock: params.fromBlock });
  const proof = epochProofBytes(params.proof, headers.length);
  const receipt = await sendTransaction("submitEpochProof", () => coordinator.submitEpochProof(epoch, headers, proof));
  const log = receiptEvent(coordinator, receipt, "EpochProven");
  return {
    epoch,
    fromBlock: log.args.fromBlock,
    toBlock: log.args.toBlock,
    newState: log.args.newState,
    prover: log.args.prover,
    beneficiary: log.args.beneficiary,
    rewards: log.args.rewards,
    proverFee: log.args.proverFee,
    submitterFee: log.args.submitterFee,
    receipt,
  };
}

/** Parameters of {@link epochHeaders}. */
export interface EpochHeadersParameters {
  epoch: bigint;
  /** The headers if the caller has them (checked and normalised). */
  headers?: ReadonlyArray<BlockHeader | BlockHeaderStruct>;
  /** First L1 block of the rollup's logs, to read them (default 0). */
  fromBlock?: number;
}

/**
 * The headers an epoch's proof or finalization names: the given ones, normalised, or the epoch's unproven blocks read
 * back from the chain (`getEpochBlocks` over the coordinator's rollup). Either coordinator will do.
 *
 * @param coordinator - A Sidecar or Cooperative coordinator (any runner with a provider).
 * @param params - The epoch, and the headers or where to read them from.
 * @returns The headers, at least one.
 * @throws {InvalidParameterError} If `headers` is not an array of headers, or the epoch has no unproven block.
 * @throws {ContractCallError} If the chain cannot be read.
 */
export async function epochHeaders(
  coordinator: Pick<ProverCoordinator, "rollup" | "runner">,
  params: EpochHeadersParameters,
): Promise<BlockHeader[]> {
  let headers: BlockHeader[];
  if (params.headers === undefined) {
    const rollupAddress = await readContract("coordinator.rollup", () => coordinator.rollup());
    const rollup = contractAt("Rollup", rollupAddress, coordinator.runner);
    headers = (await getEpochBlocks(rollup, { epoch: params.epoch, fromBlock: params.fromBlock })).map((b) => b.header);
  } else {
    if (!Array.isArray(params.headers)) throw new InvalidParameterError("headers must be an array");
    headers = params.headers.map((h) => toBlockHeader(h));
  }
  if (headers.length === 0) throw new InvalidParameterError(`epoch ${params.epoch} has no unproven block to prove`);
  return headers;
}

/**
 * An epoch proof as the coordinators take it: block proofs encoded with `encodeEpochProof` (one per header), or bytes
 * as they are.
 *
 * @param proof - The epoch's block proofs in order, or the encoded proof.
 * @param headerCount - How many headers the proof is for.
 * @returns The encoded proof, `0x` hex.
 * @throws {InvalidParameterError} If the block proofs do not match the headers in number, or the bytes are malformed.
 * @throws {CircuitInputError} If the block proofs do not chain (from `encodeEpochProof`).
 */
export function epochProofBytes(proof: readonly BlockProof[] | BytesLike, headerCount: number): string {
  if (Array.isArray(proof)) {
    const blocks = proof as readonly BlockProof[];
    if (blocks.length !== headerCount) {
      throw new InvalidParameterError(`${blocks.length} block proofs for ${headerCount} headers`);
    }
    return encodeEpochProof(blocks);
  }
  return checkedBytes(proof as BytesLike, "proof");
}
