// Open race (seed 004's example): a state update proves a prefix of the unproven chain ending at a checkpoint; the
// first valid proof is paid. Reading the provable prefix, sending an update and reading an update's record back.
import type { BigNumberish, BytesLike, ContractTransactionReceipt } from "ethers";
import type { BlockProof } from "@blockage/circuits";
import { contractAt } from "../contracts";
import { InvalidParameterError } from "../errors";
import { getProposedBlock, type ProposedBlock } from "../rollup/chain";
import { epochProofBytes } from "../rollup/epoch-proof";
import { type BlockHeader, toBlockHeader } from "../rollup/header";
import { readContract, receiptEvent, receiptEvents, sendTransaction, signerOf } from "../transaction";
import type { OpenRaceCoordinator, Rollup } from "../typechain";
import type { StateUpdateStruct } from "../typechain/contracts/proving/OpenRaceCoordinator";
import type { BlockHeaderStruct } from "../typechain/contracts/rollup/Rollup";
import { checkedUint } from "../validate";

/** A state update's record (`StateUpdate` in `IOpenRaceCoordinator.sol`): what its redundant proof or settlement names. */
export interface StateUpdateRecord {
  /** `keccak256(abi.encode(headers))` of the proven blocks. */
  transition: string;
  /** The address the update's proof is bound to (paid). */
  prover: string;
  /** The operator of the prover-lottery winner of the epoch of the update's last block (zero address: none). */
  turnProver: string;
  /** What the turn prover earns with its own proof within the window (zero: nothing reserved). */
  reserve: bigint;
  /** When the update was made (L1 timestamp, seconds). */
  time: bigint;
}

/** Parameters of {@link getProvableBlocks}. */
export interface GetProvableBlocksParameters {
  /** First L1 block of the rollup's logs, to read the blocks' data (default 0). */
  fromBlock?: number;
}

/** Result of {@link getProvableBlocks}. */
export interface GetProvableBlocksReturnType {
  /** The unproven blocks up to the last checkpoint, oldest first (empty: nothing to prove yet). */
  blocks: ProposedBlock[];
  /** Whether the pending tip is among them (its slot has passed): else the tip's slot is still open. */
  includesTip: boolean;
}

/**
 * The blocks a state update may prove now: the unproven chain from its first block to the last checkpoint — a block
 * continued by a later one, or the pending tip once its slot has passed (no better proposal can replace it then).
 * Any prefix of them is provable too.
 *
 * @param rollup - An open-race rollup (any runner with a provider).
 * @param params - Where to read the blocks' data from.
 * @returns The blocks, oldest first, and whether the tip is among them.
 * @throws {BlockDataNotFoundError} If a block's data cannot be read back.
 * @throws {ContractCallError} If the chain cannot be read.
 */
export async function getProvableBlocks(
  rollup: Rollup,
  params: GetProvableBlocksParameters = {},
): Promise<GetProvableBlocksReturnType> {
  const [tips, slot] = await readContract("Rollup.tips", () => Promise.all([rollup.tips(), rollup.currentSlot()]));
  const includesTip = tips.pendingBlock > tips.provenBlock && tips.tipSlot < slot;
  const last = includesTip ? tips.pendingBlock : tips.pendingBlock - 1n;
  const blocks: ProposedBlock[] = [];
  for (let n = tips.provenBlock + 1n; n <= last; n++) {
    const record = await readContract("Rollup.blockRecord", () => rollup.blockRecord(n));
    blocks.push(
      await getProposedBlock(rollup, { blockNumber: n, headerHash: record.headerHash, fromBlock: params.fromBlock }),
    );
  }
  return { blocks, includesTip: includesTip && blocks.length > 0 };
}

/** Parameters of {@link submitStateUpdate}. */
export interface SubmitStateUpdateParameters {
  /** The blocks' headers, from the first unproven block to a checkpoint, in order. */
  headers: ReadonlyArray<BlockHeader | BlockHeaderStruct>;
  /** The blocks' `proveBlock` results in order (each bound to the address to pay), or the encoded epoch proof. */
  proof: readonly BlockProof[] | BytesLike;
}

/** Result of {@link submitStateUpdate} (`StateUpdated`). */
export interface SubmitStateUpdateReturnType {
  hash: string;
  /** The update's number: its reserve's key. */
  updateId: bigint;
  fromBlock: bigint;
  toBlock: bigint;
  newState: bigint;
  /** The blocks' proving fees (txCount × their epochs' base fees). */
  provingFees: bigint;
  /** Credited to the prover: the proving fees less the reserve, plus the block rewards' rounding dust. */
  proverReward: bigint;
  /** The update's record (its `reserve` waits for the turn prover's redundant proof). */
  update: StateUpdateRecord;
  /** Each block's proposer credit (`ProposerRewarded`): its fees beyond the proving fee plus its block reward. */
  proposerRewards: { blockNumber: bigint; proposer: string; amount: bigint }[];
  receipt: ContractTransactionReceipt;
}

/**
 * Proves a prefix of the unproven chain in the open race. The first valid proof is paid: the blocks' proving fees to
 * the address the proof is bound to (never the sender: a copied proof pays its maker), less the reserve kept for the
 * epoch's turn prover; each proposer its block's other fees and block reward. In a fallback turn
 * ({@link getProofRight}) only the turn's prover may update.
 *
 * @param coordinator - The open-race coordinator, connected to the sender's signer.
 * @param params - The headers and the proof.
 * @returns The update's number, range, payments and record, and the receipt.
 * @throws {InvalidParameterError} If the headers are empty or malformed, or the proofs do not match them in number.
 * @throws {CircuitInputError} If the block proofs do not chain (from `encodeEpochProof`).
 * @throws {ContractRevertError} E.g. `Rollup__NotCheckpoint` (the tip's slot is open), `Rollup__HeaderMismatch`,
 *   `OpenRace__NotYourTurn`, `EpochProofVerifier__InvalidChunkProof`.
 * @throws {ContractCallError} For any other failure.
 * @example
 * const { blocks } = await getProvableBlocks(rollup);
 * const proof = [];
 * for (const b of blocks) proof.push(await proveBlock({ prevState: b.header.prevState, txs: b.txs, prover: payout }));
 * await submitStateUpdate(coordinator.connect(signer), { headers: blocks.map((b) => b.header), proof });
 */
export async function submitStateUpdate(
  coordinator: OpenRaceCoordinator,
  params: SubmitStateUpdateParameters,
): Promise<SubmitStateUpdateReturnType> {
  signerOf(coordinator, "submitStateUpdate");
  const headers = checkedHeaders(params?.headers);
  const proof = epochProofBytes(params.proof, headers.length);
  const receipt = await sendTransaction("submitProof", () => coordinator.submitProof(headers, proof));
  const { args } = receiptEvent(coordinator, receipt, "StateUpdated");
  return {
    hash: receipt.hash,
    updateId: args.updateId,
    fromBlock: args.fromBlock,
    toBlock: args.toBlock,
    newState: args.newState,
    provingFees: args.provingFees,
    proverReward: args.proverReward,
    update: recordOf(args),
    proposerRewards: receiptEvents(coordinator, receipt, "ProposerRewarded").map((e) => ({
      blockNumber: e.args.blockNumber,
      proposer: e.args.proposer,
      amount: e.args.amount,
    })),
    receipt,
  };
}

/** Parameters of {@link getStateUpdate}. */
export interface GetStateUpdateParameters {
  updateId: BigNumberish;
  /** First L1 block of the coordinator's logs (default 0). */
  fromBlock?: number;
}

/** Result of {@link getStateUpdate}. */
export interface GetStateUpdateReturnType {
  updateId: bigint;
  fromBlock: bigint;
  toBlock: bigint;
  newState: bigint;
  update: StateUpdateRecord;
  /** Whether the reserve is still held (no redundant proof or settlement yet). */
  reserveHeld: boolean;
}

/**
 * A state update read back from its `StateUpdated` event, with whether its reserve is still held.
 *
 * @param coordinator - The open-race coordinator (any runner with a provider).
 * @param params - The update's number and where to read logs from.
 * @returns The update's range and record.
 * @throws {InvalidParameterError} If no such update was made.
 * @throws {ContractCallError} If the chain cannot be read.
 */
export async function getStateUpdate(
  coordinator: OpenRaceCoordinator,
  params: GetStateUpdateParameters,
): Promise<GetStateUpdateReturnType> {
  const updateId = checkedUint(params?.updateId, "updateId");
  const [events, stored] = await readContract("OpenRaceCoordinator.StateUpdated", () =>
    Promise.all([
      coordinator.queryFilter(coordinator.filters.StateUpdated(updateId), params.fromBlock ?? 0),
      coordinator.stateUpdateHash(updateId),
    ]),
  );
  if (events.length === 0) throw new InvalidParameterError(`no state update ${updateId} on this coordinator`);
  const { args } = events[events.length - 1];
  return {
    updateId,
    fromBlock: args.fromBlock,
    toBlock: args.toBlock,
    newState: args.newState,
    update: recordOf(args),
    reserveHeld: BigInt(stored) !== 0n,
  };
}

/** The headers of an update, checked and normalised. */
export function checkedHeaders(headers: ReadonlyArray<BlockHeader | BlockHeaderStruct> | undefined): BlockHeader[] {
  if (!Array.isArray(headers)) throw new InvalidParameterError("headers must be an array of block headers");
  if (headers.length === 0) throw new InvalidParameterError("headers must name at least one block");
  return headers.map((h) => toBlockHeader(h));
}

/** A record as the contract takes it. */
export function stateUpdateStruct(update: StateUpdateRecord): StateUpdateStruct {
  return { ...update };
}

function recordOf(args: {
  transition: string;
  prover: string;
  turnProver: string;
  reserve: bigint;
  time: bigint;
}): StateUpdateRecord {
  return {
    transition: args.transition,
    prover: args.prover,
    turnProver: args.turnProver,
    reserve: args.reserve,
    time: args.time,
  };
}

/** The rollup of an open-race coordinator. */
export async function openRaceRollup(coordinator: OpenRaceCoordinator): Promise<Rollup> {
  const address = await readContract("OpenRaceCoordinator.rollup", () => coordinator.rollup());
  return contractAt("Rollup", address, coordinator.runner);
}
