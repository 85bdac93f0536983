// Where a Cooperative epoch stands: its windows, the current slot, whether it still awaits its proof, and — given its
// blocks — how many of its chunks hold proofs and whether it can finalize.
import type { BigNumberish } from "ethers";
import { contractAt } from "../contracts";
import { InvalidParameterError } from "../errors";
import { epochAwaitingProof } from "../rollup/epoch-status";
import { blockHeaderHash, toBlockHeader, type BlockHeader } from "../rollup/header";
import { readContract } from "../transaction";
import { checkedUint } from "../validate";
import { ISeedBeacon__factory, type CooperativeCoordinator } from "../typechain";
import type { BlockHeaderStruct } from "../typechain/contracts/rollup/Rollup";
import { getKeptProofs } from "./chunk-proof";

const TXS_PER_CHUNK = 16n;

/**
 * The phase of a Cooperative epoch at the current slot (windows of {@link CooperativeEpochWindows}):
 * - `proposing`: the epoch is not over; its blocks are still being proposed (chunk proofs of each block are already
 *   taken from the slot after it).
 * - `proving`: the epoch is over and its proving window open: chunk proofs are taken.
 * - `finalize`: the window closed and every chunk holds a proof: `finalizeEpoch` settles it.
 * - `openRace`: the window closed with a chunk holding no proof: the first valid epoch proof wins
 *   (`submitCooperativeEpochProof`).
 * - `closed`: the window closed and the epoch awaits its proof, but no blocks were given to tell `finalize` from
 *   `openRace`.
 * - `settled`: no unproven block of the epoch is left (finalized, proven in the race or by a based block, pruned at
 *   the final deadline, or it had no block).
 */
export type CooperativeEpochPhase = "proposing" | "proving" | "finalize" | "openRace" | "closed" | "settled";

/** A Cooperative epoch's windows, in absolute slots. */
export interface CooperativeEpochWindows {
  /** The first slot after the epoch. */
  epochEnds: bigint;
  /** Chunk proofs are taken until this slot (exclusive); then the epoch finalizes or goes to the open race. */
  provingCloses: bigint;
  /** From this slot the epoch's unproven blocks are pruned. */
  finalDeadline: bigint;
}

/** How far one block's chunks are proven. */
export interface CooperativeBlockProgress {
  headerHash: string;
  /** The block's chunks (16 transactions each). */
  chunks: number;
  /** Its chunks holding at least one kept proof. */
  provenChunks: number;
  /** Its kept proofs, at most three per chunk. */
  keptProofs: number;
}

/** The status of a Cooperative epoch ({@link getCooperativeEpochStatus}). */
export interface CooperativeEpochStatus {
  epoch: bigint;
  /** The slot the status is computed at. */
  currentSlot: bigint;
  windows: CooperativeEpochWindows;
  /** Whether the epoch still has unproven blocks on the pending chain (after any pruning now due). */
  awaitingProof: boolean;
  /** Whether it is the oldest epoch with unproven blocks (epochs are proven in order). */
  nextToProve: boolean;
  phase: CooperativeEpochPhase;
  /** Each given block's progress, in order; `null` without blocks. */
  blocks: CooperativeBlockProgress[] | null;
  /** Whether every chunk of the given blocks holds a proof; `null` without blocks. */
  everyChunkProven: boolean | null;
  /**
   * Whether `finalizeEpoch` with these blocks' headers would be accepted now as far as the windows and kept proofs go: the
   * window closed, the deadline not passed, the epoch next to prove and every chunk proven; `null` without blocks.
   */
  canFinalize: boolean | null;
}

/** Parameters of {@link getCooperativeEpochStatus}. */
export interface GetCooperativeEpochStatusParameters {
  /** The epoch. */
  epoch: BigNumberish;
  /** Its unproven blocks (`getEpochBlocks`: numbers and headers), in order, to count their proven chunks. */
  blocks?: ReadonlyArray<{ blockNumber: BigNumberish; header: BlockHeader | BlockHeaderStruct }>;
}

/** Result of {@link getCooperativeEpochStatus}. */
export type GetCooperativeEpochStatusReturnType = CooperativeEpochStatus;

/**
 * The status of a Cooperative epoch: its windows (`epochWindows`), the current slot, whether it awaits its proof (the
 * rollup's counters as the next action will see them, `syncTips` simulated) and its phase; given its blocks, how many
 * of each block's chunks hold kept proofs and whether it can finalize.
 *
 * @param coordinator - The Cooperative coordinator (any runner with a provider).
 * @param params - The epoch and optionally its blocks.
 * @returns The status.
 * @throws {InvalidParameterError} If the epoch or a block is malformed.
 * @throws {ContractCallError} If the chain cannot be read.
 * @example
 * const blocks = await getEpochBlocks(rollup, { epoch });
 * const status = await getCooperativeEpochStatus(coordinator, { epoch, blocks });
 * if (status.phase === "proving") console.log(`${status.blocks?.map((b) => b.provenChunks)} chunks proven`);
 */
export async function getCooperativeEpochStatus(
  coordinator: CooperativeCoordinator,
  params: GetCooperativeEpochStatusParameters,
): Promise<GetCooperativeEpochStatusReturnType> {
  const epoch = checkedUint(params?.epoch, "epoch");
  if (params.blocks !== undefined && !Array.isArray(params.blocks)) {
    throw new InvalidParameterError("blocks must be an array");
  }
  const given = params.blocks?.map((b, i) => ({
    blockNumber: checkedUint(b?.blockNumber, `blocks[${i}].blockNumber`),
    header: toBlockHeader(b.header),
  }));
  const rollup = contractAt(
    "Rollup",
    await readContract("CooperativeCoordinator.rollup", () => coordinator.rollup()),
    coordinator.runner,
  );
  const [[provingCloses, finalDeadline], slot, synced, epochSlots, blocks] = await readContract(
    "Cooperative epoch status",
    () =>
      Promise.all([
        coordinator.epochWindows(epoch),
        coordinator.currentSlot(),
        rollup.syncTips.staticCall(),
        coordinator.beacon().then((b) => ISeedBeacon__factory.connect(b, coordinator.runner).epochSlots()),
        given === undefined ? null : Promise.all(given.map((b) => blockProgress(coordinator, b.blockNumber, b.header))),
      ]),
  );
  const windows = { epochEnds: (epoch + 1n) * epochSlots, provingCloses, finalDeadline };
  const { awaitingProof, nextToProve } = epochAwaitingProof(epoch, synced, epochSlots);
  const everyChunkProven = blocks === null ? null : blocks.every((b) => b.provenChunks === b.chunks);
  const closed = slot >= provingCloses && slot < finalDeadline;
  let phase: CooperativeEpochPhase;
  if (slot < windows.epochEnds) phase = "proposing";
  else if (!awaitingProof || slot >= finalDeadline) phase = "settled";
  else if (slot < provingCloses) phase = "proving";
  else if (everyChunkProven === null) phase = "closed";
  else phase = everyChunkProven ? "finalize" : "openRace";
  return {
    epoch,
    currentSlot: slot,
    windows,
    awaitingProof,
    nextToProve,
    phase,
    blocks,
    everyChunkProven,
    canFinalize: everyChunkProven === null ? null : everyChunkProven && closed && nextToProve,
  };
}

/** The kept proofs of each chunk of a block. */
async function blockProgress(
  coordinator: CooperativeCoordinator,
  blockNumber: bigint,
  header: BlockHeader,
): Promise<CooperativeBlockProgress> {
  const headerHash = blockHeaderHash(header);
  const chunks = Number(header.txCount / TXS_PER_CHUNK);
  const kept = await Promise.all(
    Array.from({ length: chunks }, (_, chunk) => getKeptProofs(coordinator, { blockNumber, headerHash, chunk })),
  );
  return {
    headerHash,
    chunks,
    provenChunks: kept.filter((k) => k.kept.length > 0).length,
    keptProofs: kept.reduce((sum, k) => sum + k.kept.length, 0),
  };
}
