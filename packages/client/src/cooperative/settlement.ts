// Settling a Cooperative epoch: finalization from its kept chunk proofs (seed 001's rewards and burns), or the open race
// when a chunk holds no proof after the proving window.
import type { BigNumberish, ContractTransactionReceipt } from "ethers";
import { epochHeaders, epochProofBytes, type SubmitEpochProofParameters } from "../rollup/epoch-proof";
import type { BlockHeader } from "../rollup/header";
import { receiptEvent, receiptEvents, sendTransaction, signerOf } from "../transaction";
import { checkedUint } from "../validate";
import type { CooperativeCoordinator } from "../typechain";
import type { BlockHeaderStruct } from "../typechain/contracts/rollup/Rollup";

/** Parameters of {@link finalizeEpoch}. */
export interface FinalizeEpochParameters {
  /** The epoch (its proving window closed, and the oldest with unproven blocks). */
  epoch: BigNumberish;
  /** All its unproven blocks' headers, in order (default: read back with `getEpochBlocks`). */
  headers?: ReadonlyArray<BlockHeader | BlockHeaderStruct>;
  /** First L1 block of the rollup's logs, to read the headers (default 0). */
  fromBlock?: number;
}

/** One kept proof's credit at finalization (`ChunkProverRewarded`). */
export interface ChunkProverCredit {
  blockNumber: bigint;
  chunk: bigint;
  prover: string;
  reward: bigint;
  /** Its FEE_BURN part, burned. */
  burned: bigint;
}

/** Result of {@link finalizeEpoch}. */
export interface FinalizeEpochReturnType {
  /** The transaction's hash. */
  hash: string;
  epoch: bigint;
  /** First and last block proven. */
  fromBlock: bigint;
  toBlock: bigint;
  /** The proven state. */
  newState: bigint;
  /** The epoch's value: its blocks' fees plus the block rewards released. */
  rewards: bigint;
  /** Credited to the chunk provers. */
  proverRewards: bigint;
  /** Burned: FEE_BURN parts, the shares of empty places and rounding dust. */
  burned: bigint;
  /** Each kept proof's credit. */
  chunkRewards: ChunkProverCredit[];
  /** Each proposer's credit (`ProposerRewarded`): its blocks' value beyond the prover network's share. */
  proposerRewards: { proposer: string; amount: bigint }[];
  receipt: ContractTransactionReceipt;
}

/**
 * Finalizes a Cooperative epoch from its kept chunk proofs once its proving window has closed (anyone may send it):
 * the rollup marks its blocks proven and hands over their fees, and each block's value is settled by seed 001's formula
 * ({@link blockRewards} computes it): proposers credited the part beyond the network reward, each kept proof its
 * reward, the rest burned. Every chunk of every block must hold a proof; otherwise the epoch goes to the open race
 * ({@link submitCooperativeEpochProof}).
 *
 * @param coordinator - The Cooperative coordinator, connected to any signer.
 * @param params - The epoch and optionally its headers.
 * @returns The proven range, the settlement's totals and each credit, and the receipt.
 * @throws {InvalidParameterError} If the headers are malformed or the epoch has no unproven block.
 * @throws {ContractRevertError} E.g. `CooperativeCoordinator__ProvingWindowOpen`, `__ChunkUnproven` (the open race
 *   proves such an epoch), `__NoHeaders`, `Rollup__NotNextEpoch`, `Rollup__HeaderMismatch`, `Rollup__IncompleteEpoch`.
 * @throws {ContractCallError} For any other failure.
 * @example
 * const status = await getCooperativeEpochStatus(coordinator, { epoch, blocks });
 * if (status.canFinalize) await finalizeEpoch(coordinator.connect(anyone), { epoch, headers: blocks.map((b) => b.header) });
 */
export async function finalizeEpoch(
  coordinator: CooperativeCoordinator,
  params: FinalizeEpochParameters,
): Promise<FinalizeEpochReturnType> {
  const { epoch, headers } = await epochArguments(coordinator, "finalizeEpoch", params);
  const receipt = await sendTransaction("finalizeEpoch", () => coordinator.finalizeEpoch(epoch, headers));
  const { args } = receiptEvent(coordinator, receipt, "EpochFinalized");
  return {
    hash: receipt.hash,
    epoch,
    ...provenRange(args),
    rewards: args.rewards,
    proverRewards: args.proverRewards,
    burned: args.burned,
    chunkRewards: receiptEvents(coordinator, receipt, "ChunkProverRewarded").map((e) => ({
      blockNumber: e.args.blockNumber,
      chunk: e.args.chunk,
      prover: e.args.prover,
      reward: e.args.reward,
      burned: e.args.burned,
    })),
    proposerRewards: receiptEvents(coordinator, receipt, "ProposerRewarded").map((e) => ({
      proposer: e.args.proposer,
      amount: e.args.amount,
    })),
    receipt,
  };
}

/**
 * Parameters of {@link submitCooperativeEpochProof}: those of the Sidecar `submitEpochProof` — the epoch (its proving
 * window closed, a chunk without a proof, the oldest with unproven blocks), the proof (the epoch's `proveBlock` results
 * in order, every one bound to the address to credit, or the encoded bytes), and optionally the headers.
 */
export type SubmitCooperativeEpochProofParameters = SubmitEpochProofParameters;

/** Result of {@link submitCooperativeEpochProof} (`EpochProvenInRace`). */
export interface SubmitCooperativeEpochProofReturnType {
  /** The transaction's hash. */
  hash: string;
  epoch: bigint;
  fromBlock: bigint;
  toBlock: bigint;
  newState: bigint;
  /** The address the proof is bound to, credited `proverReward` (whoever sent it). */
  beneficiary: string;
  /** The epoch's value: fees plus block rewards released. */
  rewards: bigint;
  /** Every block's prover-network share, credited to the beneficiary. */
  proverReward: bigint;
  receipt: ContractTransactionReceipt;
}

/**
 * The Cooperative open race: after the proving window, an epoch with a chunk that holds no proof is proven by the
 * first valid epoch proof. Its beneficiary (the address the proof is bound to, never the sender) is credited every
 * block's prover-network share; proposers are credited as at finalization, and nothing is burned.
 *
 * @param coordinator - The Cooperative coordinator, connected to the submitter's signer.
 * @param params - The epoch, the proof, and optionally the headers.
 * @returns The proven range, the beneficiary's credit and the receipt.
 * @throws {InvalidParameterError} If the proof's blocks do not match the headers in number, or the headers are
 *   malformed.
 * @throws {CircuitInputError} If the block proofs do not chain (from `encodeEpochProof`).
 * @throws {ContractRevertError} E.g. `CooperativeCoordinator__EpochFinalizable` (finalize it instead),
 *   `__ProvingWindowOpen`, `Rollup__NotNextEpoch`, `EpochProofVerifier__InvalidChunkProof`.
 * @throws {ContractCallError} For any other failure.
 * @example
 * const blocks = await getEpochBlocks(rollup, { epoch });
 * const proof = [];
 * for (const b of blocks) proof.push(await proveBlock({ prevState: b.header.prevState, txs: b.txs, prover: payout }));
 * await submitCooperativeEpochProof(coordinator.connect(relay), { epoch, proof, headers: blocks.map((b) => b.header) });
 */
export async function submitCooperativeEpochProof(
  coordinator: CooperativeCoordinator,
  params: SubmitCooperativeEpochProofParameters,
): Promise<SubmitCooperativeEpochProofReturnType> {
  const { epoch, headers } = await epochArguments(coordinator, "submitCooperativeEpochProof", params);
  const proof = epochProofBytes(params.proof, headers.length);
  const receipt = await sendTransaction("submitEpochProof", () => coordinator.submitEpochProof(epoch, headers, proof));
  const { args } = receiptEvent(coordinator, receipt, "EpochProvenInRace");
  return {
    hash: receipt.hash,
    epoch,
    ...provenRange(args),
    beneficiary: args.beneficiary,
    rewards: args.rewards,
    proverReward: args.proverReward,
    receipt,
  };
}

/** The checked epoch and its headers (given, or read back), after checking the coordinator has a signer. */
async function epochArguments(
  coordinator: CooperativeCoordinator,
  action: string,
  params: FinalizeEpochParameters,
): Promise<{ epoch: bigint; headers: BlockHeader[] }> {
  signerOf(coordinator, action);
  const epoch = checkedUint(params?.epoch, "epoch");
  const headers = await epochHeaders(coordinator, { epoch, headers: params.headers, fromBlock: params.fromBlock });
  return { epoch, headers };
}

/** The proven blocks and state of an epoch's settlement event. */
function provenRange(args: { fromBlock: bigint; toBlock: bigint; newState: bigint }) {
  return { fromBlock: args.fromBlock, toBlock: args.toBlock, newState: args.newState };
}
