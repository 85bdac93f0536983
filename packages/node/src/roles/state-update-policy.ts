// The open-race prover's decisions as pure functions (seed 004's example): whether to prove the provable prefix now,
// which chunks to hand the job distributor, how to assemble the workers' chunk proofs into block proofs, how an update's
// earnings split over the epochs of its blocks, and whether to send the L1 "price too low" signal.
import { computeBlock, TXS_PER_CHUNK, type BlockProof, type ChunkProof } from "@blockage/circuits";
import type { ChunkOrder } from "@blockage/job-distributor";
import type { BlockHeader } from "@blockage/client";

/** When the open-race prover proves and flags. */
export interface StateUpdatePolicy {
  /** Prove the provable prefix once it holds at least this many blocks… */
  minBlocks: number;
  /** …or once its oldest block is at least this many slots old. */
  maxWaitSlots: bigint;
  /**
   * The node's proving cost per transaction (base units): while the proving base fee is below it, the node flags the
   * price as too low once per epoch (when active enough). `null`: never flag.
   */
  maxProvingCostPerTx: bigint | null;
}

/** A provable block as the policy sees it. */
export interface PrefixBlock {
  blockNumber: bigint;
  headerHash: string;
  header: BlockHeader;
  txs: readonly (bigint | string | number)[];
}

/** Why {@link provingDecision} proves or waits. */
export type ProvingDecision =
  | { prove: true; reason: "enough-blocks" | "oldest-waited" | "my-turn" }
  | { prove: false; reason: "nothing-provable" | "not-my-turn" | "waiting" };

/**
 * Whether to prove the provable prefix now: only while the race is open or in this node's own fallback turn, and then
 * when the prefix is long enough or its oldest block has waited long enough (its own turn proves at once).
 *
 * @param params - The provable blocks' count and oldest slot, the current slot, the proof right and the policy.
 * @returns The decision and its reason.
 */
export function provingDecision(params: {
  blocks: number;
  oldestSlot: bigint | null;
  slot: bigint;
  right: { open: boolean; turnProver?: string };
  me: string;
  policy: Pick<StateUpdatePolicy, "minBlocks" | "maxWaitSlots">;
}): ProvingDecision {
  const { blocks, oldestSlot, slot, right, me, policy } = params;
  if (blocks === 0 || oldestSlot === null) return { prove: false, reason: "nothing-provable" };
  if (!right.open) {
    return right.turnProver?.toLowerCase() === me.toLowerCase()
      ? { prove: true, reason: "my-turn" }
      : { prove: false, reason: "not-my-turn" };
  }
  if (blocks >= policy.minBlocks) return { prove: true, reason: "enough-blocks" };
  if (slot - oldestSlot >= policy.maxWaitSlots) return { prove: true, reason: "oldest-waited" };
  return { prove: false, reason: "waiting" };
}

/**
 * The longest prefix of `blocks` whose chunks fit in one epoch proof (`maxChunks`, the verifier's limit); at least one
 * block.
 */
export function fittingPrefix<T extends PrefixBlock>(blocks: readonly T[], maxChunks: number): T[] {
  const out: T[] = [];
  let chunks = 0;
  for (const b of blocks) {
    const n = Math.max(1, Math.ceil(Number(b.header.txCount) / TXS_PER_CHUNK));
    if (out.length > 0 && chunks + n > maxChunks) break;
    out.push(b);
    chunks += n;
  }
  return out;
}

/** The chunk jobs of `blocks`, grouped by epoch (one `serveChunks` call each), in block and chunk order. */
export function chunkOrders(blocks: readonly PrefixBlock[], epochSlots: bigint): Map<bigint, ChunkOrder[]> {
  const byEpoch = new Map<bigint, ChunkOrder[]>();
  for (const block of blocks) {
    const epoch = block.header.slot / epochSlots;
    const txs = block.txs.map((t) => BigInt(t));
    const { chunks } = computeBlock({ prevState: block.header.prevState, txs });
    const orders = byEpoch.get(epoch) ?? [];
    chunks.forEach((chunk, k) => {
      orders.push({
        blockNumber: block.blockNumber,
        headerHash: block.headerHash,
        chunk: k,
        prevState: chunk.prevState,
        txs: txs.slice(k * TXS_PER_CHUNK, (k + 1) * TXS_PER_CHUNK),
      });
    });
    byEpoch.set(epoch, orders);
  }
  return byEpoch;
}

/** A worker's accepted result, as the JD stores it. */
export interface ChunkResult {
  proof: ChunkProof["proof"];
  publicInputs: ChunkProof["publicSignals"];
}

/**
 * The block proofs of a prefix from its workers' chunk results, bound to `prover` (the JD's address), or `null` while a
 * chunk is still unproven.
 *
 * @param blocks - Each block's header and the chunk ids its chunks were served under, in chunk order.
 * @param result - The JD's accepted result of a chunk (`results` under `${epoch}:${chunkId}`), or undefined.
 */
export function blockProofs(
  blocks: readonly { header: BlockHeader; epoch: bigint; chunkIds: readonly number[] }[],
  result: (epoch: bigint, chunkId: number) => ChunkResult | undefined,
  prover: string,
): BlockProof[] | null {
  const proofs: BlockProof[] = [];
  for (const b of blocks) {
    const chunks: ChunkProof[] = [];
    for (const id of b.chunkIds) {
      const r = result(b.epoch, id);
      if (r === undefined) return null;
      chunks.push({ proof: r.proof, publicSignals: r.publicInputs });
    }
    proofs.push({
      prevState: b.header.prevState,
      newState: b.header.newState,
      txsCommitment: b.header.txsCommitment,
      prover,
      chunks,
    });
  }
  return proofs;
}

/**
 * Splits `amount` over the epochs of an update's blocks in proportion to their transactions (what their proving fees
 * were charged on); the rounding dust goes to the last block's epoch.
 */
export function splitByEpoch(
  blocks: readonly { epoch: bigint; txCount: number }[],
  amount: bigint,
): Map<bigint, bigint> {
  const out = new Map<bigint, bigint>();
  if (blocks.length === 0) return out;
  const total = blocks.reduce((n, b) => n + BigInt(b.txCount), 0n);
  let given = 0n;
  for (const b of blocks) {
    const share = total === 0n ? 0n : (amount * BigInt(b.txCount)) / total;
    out.set(b.epoch, (out.get(b.epoch) ?? 0n) + share);
    given += share;
  }
  const last = blocks[blocks.length - 1]!.epoch;
  out.set(last, out.get(last)! + amount - given);
  return out;
}

/**
 * Whether to send the L1 signal: the fee is below the node's cost, the node is active enough to be heard, and it did
 * not flag this epoch yet.
 */
export function shouldFlag(params: {
  fee: bigint;
  maxProvingCostPerTx: bigint | null;
  activeEpochs: bigint;
  minActiveEpochs: bigint;
  flaggedThisEpoch: boolean;
}): boolean {
  const { fee, maxProvingCostPerTx, activeEpochs, minActiveEpochs, flaggedThisEpoch } = params;
  return (
    maxProvingCostPerTx !== null && fee < maxProvingCostPerTx && activeEpochs >= minActiveEpochs && !flaggedThisEpoch
  );
}
