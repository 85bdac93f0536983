// The prover of a Cooperative rollup (seed 001): for every chunk of every block, once the block's slot is over, it
// draws its ticket (its VRF over the chunk's seed, boosted by its FEE_BURN) and proves the chunk through its embedded
// job distributor when the ticket is likely to be among the three kept (its chance against the public weights of the
// epoch's provers, like the sequencer's eligibility check); it submits each proof as its workers finish it, in chunk
// order within a block; late in the proving window it proves any chunk nobody holds, whatever its ticket, so that the
// epoch can finalize; after the window it finalizes the epoch — or, when a chunk still holds no proof, hands the whole
// epoch to its job distributor for the open race —, learns what its kept proofs earned, pays its workers and withdraws
// its rewards. Everything it decides is committed to lmdb first: a restart neither proves a chunk twice, nor forgets a
// submission (one left `sending` is checked against the chain), nor hands an epoch to the open race twice.
import { computeBlock } from "@blockage/circuits";
import {
  buildChunkSubmission,
  chunkKeepProbability,
  chunkScore,
  chunkSeed,
  chunkTicket,
  enterChunkRace,
  errorReason,
  finalizeEpoch,
  getActiveSetWeight,
  getBlockProverSeed,
  getChunkRaceEntry,
  getCooperativeEpochStatus,
  getEpochBlocks,
  getKeptProofs,
  submitChunkProof,
  type CooperativeCoordinator,
  type CooperativeEpochStatus,
  type EligibilityContext,
  type ProposedBlock,
} from "@blockage/client";
import type { JobDistributor } from "@blockage/job-distributor";
import { short, type NodeContext } from "../context";
import { chunkKey, key, type ChunkRecord, type RaceRecord } from "../store";
import { epochEligibility } from "./eligibility";
import { withdrawCredits } from "./withdraw";

/** The Cooperative prover's policy. */
export interface ChunkProverPolicy {
  /** Prove a chunk when its ticket's chance of being kept (among the best three) is at least this (0…1). */
  minKeepProbability: number;
  /** FEE_BURN declared with every proof, basis points (0–10,000): boosts the ticket, burns that share of the reward. */
  feeBurn: number;
  /** In the last this-many slots of an epoch's proving window, prove any chunk that holds no proof yet. */
  rescueSlots: bigint;
  /** Withdraw credited rewards once they reach this (base units). */
  withdrawAtLeast: bigint;
}

/** What the Cooperative prover needs of its embedded job distributor. */
export type ChunkJobDistributor = Pick<
  JobDistributor,
  "serveChunks" | "settleChunks" | "serveEpoch" | "store" | "status"
>;

/**
 * Whether an epoch goes to the open race now: after its proving window a chunk holds no kept proof (`openRace`: it
 * cannot finalize), it is the oldest awaiting proof (epochs are proven in order) and its final deadline, when its
 * blocks are pruned, is still ahead.
 */
export function joinsOpenRace(
  status: Pick<CooperativeEpochStatus, "phase" | "nextToProve" | "currentSlot" | "windows">,
): boolean {
  return status.phase === "openRace" && status.nextToProve && status.currentSlot < status.windows.finalDeadline;
}

/** An epoch's standing for this node: its weight and the other provers' weights, or `null` if it cannot enter. */
interface EpochStanding {
  eligibility: EligibilityContext | null;
  otherWeights: bigint[];
}

const TXS_PER_CHUNK = 16;

export class ChunkProver {
  private readonly standings = new Map<bigint, EpochStanding>();
  private readonly blocks = new Map<bigint, { at: bigint; blocks: ProposedBlock[] }>();
  private readonly settled = new Set<bigint>();
  private readonly unfinalizable = new Map<bigint, string>();
  /** Epochs whose chunk race this node entered (or found entered, or failed to enter: tried once per process). */
  private readonly entered = new Set<bigint>();
  /** The last reason a finalization failed for, per epoch, when it is worth trying again. */
  private readonly finalizeFailures = new Map<bigint, string>();
  /** Submissions in flight (the node is busy in its slot). */
  busy = 0;
  /** The slot being handled. */
  private slot = -1n;

  constructor(
    private readonly ctx: NodeContext,
    private readonly coordinator: CooperativeCoordinator,
    private readonly policy: ChunkProverPolicy,
    private readonly jd: ChunkJobDistributor | null,
    /** Slots of every epoch's proving window (after the epoch's end). */
    private readonly provingWindowSlots: bigint,
  ) {}

  /** Whether the node proves at all: the prover role, a job distributor, and proofs bound to the operator. */
  canProve(): boolean {
    return this.jd !== null && (this.ctx.identity.roles & 2) !== 0;
  }

  async onSlot(slot: bigint): Promise<void> {
    if (!this.canProve()) return;
    this.slot = slot;
    const { rollup, deployment } = this.ctx;
    const current = this.ctx.clock.epochOf(slot);
    const tips = await rollup.tips();
    const oldest = tips.pendingBlock > tips.provenBlock ? tips.oldestUnprovenSlot / deployment.epochSlots : current;
    for (let epoch = oldest; epoch <= current; epoch++) {
      const closes = (epoch + 1n) * deployment.epochSlots + this.provingWindowSlots;
      if (slot < closes) {
        await this.considerChunks(epoch, slot, closes);
        await this.submitReady(epoch);
      } else {
        await this.finalize(epoch);
      }
    }
    await this.settleFinished(current);
    await this.withdraw();
  }

  // ---------------------------------------------------------------- which chunks to prove

  private async standing(epoch: bigint): Promise<EpochStanding> {
    const known = this.standings.get(epoch);
    if (known !== undefined) return known;
    const eligibility = await epochEligibility(this.ctx, this.coordinator, epoch, "prover");
    let otherWeights: bigint[] = [];
    if (eligibility !== null) {
      const set = await getActiveSetWeight(this.coordinator, {
        epoch,
        role: "prover",
        fromBlock: this.ctx.deployment.fromBlock,
      });
      otherWeights = set.nodes
        .filter((n) => n.pid.toLowerCase() !== this.ctx.identity.pid.toLowerCase())
        .map((n) => n.weight);
    }
    const standing = { eligibility, otherWeights };
    this.standings.set(epoch, standing);
    return standing;
  }

  /** The epoch's blocks on the chain, read at most once per slot (an epoch's blocks stay put once it is over). */
  private async epochBlocks(epoch: bigint): Promise<ProposedBlock[]> {
    const known = this.blocks.get(epoch);
    const end = (epoch + 1n) * this.ctx.deployment.epochSlots;
    if (known !== undefined && (known.at === this.slot || known.at > end)) return known.blocks;
    const blocks = await getEpochBlocks(this.ctx.rollup, { epoch, fromBlock: this.ctx.deployment.fromBlock });
    this.blocks.set(epoch, { at: this.slot, blocks });
    return blocks;
  }

  /** The ticket of chunk `chunk` of `block` (deterministic: drawn again when the proof is submitted). */
  private async ticket(block: ProposedBlock, chunk: number) {
    const { headerHash, seed: blockSeed } = await getBlockProverSeed(this.ctx.rollup, {
      blockNumber: block.blockNumber,
    });
    if (headerHash.toLowerCase() !== block.headerHash.toLowerCase()) return null;
    const seed = chunkSeed({ blockSeed, chunk });
    return chunkTicket({ vrfSecretKey: this.ctx.identity.vrfSecretKey, seed });
  }

  private async considerChunks(epoch: bigint, slot: bigint, closes: bigint): Promise<void> {
    const { store, log } = this.ctx;
    const standing = await this.standing(epoch);
    if (standing.eligibility === null) return;
    const rescuing = slot >= closes - this.policy.rescueSlots;
    const orders: { record: ChunkRecord; prevState: bigint; txs: bigint[] }[] = [];
    for (const block of await this.epochBlocks(epoch)) {
      // A block's chunks are taken once its slot is over (it can no longer be replaced).
      if (block.header.slot >= slot) continue;
      const chunks = computeBlock({ prevState: block.header.prevState, txs: block.txs }).chunks;
      for (let k = 0; k < chunks.length; k++) {
        const ck = chunkKey(epoch, block.blockNumber, k);
        const known = store.chunks.get(ck);
        const chunkPrev = chunks[k]!.prevState;
        const txs = block.txs.slice(k * TXS_PER_CHUNK, (k + 1) * TXS_PER_CHUNK).map(BigInt);
        if (known !== undefined) {
          if (known.status === "skipped" && rescuing && (await this.unheld(block.blockNumber, block.headerHash, k))) {
            orders.push({
              record: { ...known, note: "rescue: no proof held late in the window" },
              prevState: chunkPrev,
              txs,
            });
          }
          continue;
        }
        const ticket = await this.ticket(block, k);
        if (ticket === null) continue;
        const score = chunkScore({
          output: ticket.output,
          weight: standing.eligibility.weight,
          feeBurn: this.policy.feeBurn,
        });
        const keepProbability = chunkKeepProbability({ score, otherWeights: standing.otherWeights });
        const record: ChunkRecord = {
          epoch: epoch.toString(),
          blockNumber: block.blockNumber.toString(),
          headerHash: block.headerHash,
          chunk: k,
          score: score.toString(),
          keepProbability,
          feeBurn: this.policy.feeBurn,
          status: "skipped",
          updatedAt: Date.now(),
        };
        if (
          keepProbability >= this.policy.minKeepProbability ||
          (rescuing && (await this.unheld(block.blockNumber, block.headerHash, k)))
        ) {
          orders.push({ record, prevState: chunkPrev, txs });
        } else {
          await store.commit(() => store.chunks.put(ck, record));
        }
      }
    }
    if (orders.length === 0) return;
    await this.enterRace(epoch);
    const served = await this.jd!.serveChunks(
      epoch,
      orders.map((o) => ({
        blockNumber: BigInt(o.record.blockNumber),
        headerHash: o.record.headerHash,
        chunk: o.record.chunk,
        prevState: o.prevState,
        txs: o.txs,
      })),
    );
    const ids = new Map(served.map((s) => [`${s.headerHash.toLowerCase()}:${s.chunk}`, s.chunkId]));
    await store.commit(() => {
      for (const { record } of orders) {
        const chunkId = ids.get(`${record.headerHash.toLowerCase()}:${record.chunk}`);
        store.chunks.put(chunkKey(epoch, record.blockNumber, record.chunk), {
          ...record,
          status: "proving",
          chunkId,
          updatedAt: Date.now(),
        });
      }
    });
    for (const { record } of orders) {
      log(
        "info",
        "chunk-proving",
        `epoch ${epoch}: proving chunk ${record.chunk} of block ${record.blockNumber} (keep chance ${record.keepProbability.toFixed(2)}${record.note ? `; ${record.note}` : ""})`,
        { epoch, blockNumber: record.blockNumber, chunk: record.chunk, keepProbability: record.keepProbability },
      );
    }
  }

  /**
   * Enters the epoch's chunk race once, before the node's first proof of the epoch is ready: the coordinator keeps the
   * node's weight and key for the epoch, and each submission costs ~15k gas less. A failure only costs that: the
   * submissions read the registry instead.
   */
  private async enterRace(epoch: bigint): Promise<void> {
    if (this.entered.has(epoch)) return;
    const { log, validator, identity } = this.ctx;
    this.entered.add(epoch);
    try {
      if ((await getChunkRaceEntry(this.coordinator, { pid: identity.pid, epoch })).entered) return;
      const entry = await enterChunkRace(this.coordinator.connect(validator) as CooperativeCoordinator, {
        salt: identity.salt,
        epoch,
      });
      log("info", "race-entered", `epoch ${epoch}: entered the chunk race with weight ${entry.weight}`, {
        epoch,
        weight: entry.weight,
        gas: entry.receipt.gasUsed,
        tx: entry.hash,
      });
    } catch (error) {
      log("warn", "race-entry-failed", `epoch ${epoch}: could not enter the chunk race (${errorReason(error)})`, {
        epoch,
      });
    }
  }

  /** Whether chunk `chunk` of the block holds no kept proof on-chain. */
  private async unheld(blockNumber: bigint, headerHash: string, chunk: number): Promise<boolean> {
    return (await getKeptProofs(this.coordinator, { blockNumber, headerHash, chunk })).kept.length === 0;
  }

  // ---------------------------------------------------------------- submissions

  private async submitReady(epoch: bigint): Promise<void> {
    const { store } = this.ctx;
    const records = [...store.chunks.getRange({ start: chunkKey(epoch, 0n, 0), end: chunkKey(epoch + 1n, 0n, 0) })]
      .map((r) => r.value)
      .filter((r) => r.status === "proving" || r.status === "sending");
    for (const record of records) await this.submit(epoch, record);
  }

  private async submit(epoch: bigint, record: ChunkRecord): Promise<void> {
    const { store, log, validator } = this.ctx;
    const ck = chunkKey(epoch, record.blockNumber, record.chunk);
    const me = validator.address.toLowerCase();
    if (record.status === "sending") {
      // Left by a process killed mid-submission: the chain says whether it landed.
      const held = await getKeptProofs(this.coordinator, {
        blockNumber: record.blockNumber,
        headerHash: record.headerHash,
        chunk: record.chunk,
      });
      if (held.kept.some((k) => k.prover.toLowerCase() === me)) {
        await store.commit(() => store.chunks.put(ck, { ...record, status: "kept", updatedAt: Date.now() }));
        return;
      }
    }
    if (record.chunkId === undefined) return;
    const result = this.jd!.store.results.get(`${epoch}:${record.chunkId}`);
    if (result === undefined) return;
    if (record.chunk > 0 && (await this.unheld(BigInt(record.blockNumber), record.headerHash, record.chunk - 1)))
      return;
    const block = (await this.epochBlocks(epoch)).find(
      (b) => b.headerHash.toLowerCase() === record.headerHash.toLowerCase(),
    );
    if (block === undefined) return;
    const ticket = await this.ticket(block, record.chunk);
    if (ticket === null) {
      await store.commit(() =>
        store.chunks.put(ck, { ...record, status: "refused", note: "the block left the chain", updatedAt: Date.now() }),
      );
      return;
    }
    const submission = buildChunkSubmission({
      blockNumber: block.blockNumber,
      header: block.header,
      txs: block.txs.map(BigInt),
      chunk: record.chunk,
      salt: this.ctx.identity.salt,
      feeBurn: record.feeBurn,
      proof: { proof: result.proof, publicSignals: result.publicInputs },
    });
    await store.commit(() => store.chunks.put(ck, { ...record, status: "sending", updatedAt: Date.now() }));
    this.busy++;
    try {
      const sent = await submitChunkProof(this.coordinator.connect(validator) as CooperativeCoordinator, {
        submission,
        vrfProof: ticket.vrfProof,
        hints: ticket.hints,
      });
      const replaced = /^0x0+$/.test(sent.replaced) ? null : sent.replaced;
      await store.commit(() =>
        store.chunks.put(ck, {
          ...record,
          status: "kept",
          txHash: sent.hash,
          replaced,
          score: sent.score.toString(),
          updatedAt: Date.now(),
        }),
      );
      log(
        "info",
        "chunk-kept",
        `epoch ${epoch}: chunk ${record.chunk} of block ${record.blockNumber} kept${replaced ? ` (replaced ${short(replaced)})` : ""}`,
        { epoch, blockNumber: record.blockNumber, chunk: record.chunk, gas: sent.receipt.gasUsed, tx: sent.hash },
      );
    } catch (error) {
      let reason = errorReason(error);
      // A transaction that reverted once mined carries no reason (receipts have no revert data): the usual cause is
      // that other provers' submissions, mined first, filled the chunk's places with better tickets.
      if (/without a reason/.test(reason)) {
        const held = await getKeptProofs(this.coordinator, {
          blockNumber: record.blockNumber,
          headerHash: record.headerHash,
          chunk: record.chunk,
        });
        if (held.kept.length === 3) reason = `NotKept: three better proofs were kept first (${reason})`;
      }
      // A refusal is final (a better set, a duplicate, the window closed); anything else is tried again next slot.
      const final = /NotKept|DuplicateProver|ProvingWindowClosed|UnknownBlock|WrongStatement|revert/i.test(reason);
      await store.commit(() =>
        store.chunks.put(ck, {
          ...record,
          status: final ? "refused" : "proving",
          note: reason,
          updatedAt: Date.now(),
        }),
      );
      log(
        "info",
        "chunk-refused",
        `epoch ${epoch}: chunk ${record.chunk} of block ${record.blockNumber} not kept (${reason})`,
        {
          epoch,
          blockNumber: record.blockNumber,
          chunk: record.chunk,
        },
      );
    } finally {
      this.busy--;
    }
  }

  // ---------------------------------------------------------------- finalization and pay

  /**
   * After the window: finalizes the epoch when it is next to prove and every chunk holds a proof; when one does not,
   * hands the epoch to the open race ({@link enterOpenRace}).
   */
  private async finalize(epoch: bigint): Promise<void> {
    const { rollup, log, validator, store } = this.ctx;
    if (store.races.get(key(epoch)) !== undefined) return; // its JD proves it in the open race
    const blocks = await this.epochBlocks(epoch);
    if (blocks.length === 0) return;
    const tips = await rollup.tips();
    if (tips.provenBlock >= blocks[blocks.length - 1]!.blockNumber) return;
    if (tips.pendingBlock === tips.provenBlock || tips.oldestUnprovenSlot / this.ctx.deployment.epochSlots !== epoch)
      return;
    // A refusal for an unproven chunk is final (no chunk proof is taken after the window): remembered, not tried
    // again. Anything else (a node behind, an RPC hiccup) is tried again next slot, and said once per reason.
    if (!this.unfinalizable.has(epoch)) {
      try {
        const done = await finalizeEpoch(this.coordinator.connect(validator) as CooperativeCoordinator, {
          epoch,
          headers: blocks.map((b) => b.header),
        });
        log(
          "info",
          "epoch-finalized",
          `epoch ${epoch}: finalized from its kept chunk proofs; ${done.proverRewards} to provers, ${done.burned} burned`,
          { epoch, rewards: done.rewards, proverRewards: done.proverRewards, burned: done.burned, tx: done.hash },
        );
        return;
      } catch (error) {
        const reason = errorReason(error);
        if (/NotNextEpoch/.test(reason)) return; // finalized by another node meanwhile
        if (!/ChunkUnproven/.test(reason)) {
          if (this.finalizeFailures.get(epoch) !== reason) {
            log("warn", "finalize-failed", `epoch ${epoch}: finalization failed (${reason}); trying again`, { epoch });
          }
          this.finalizeFailures.set(epoch, reason);
          return;
        }
        this.unfinalizable.set(epoch, reason);
        log("warn", "epoch-unfinalizable", `epoch ${epoch}: cannot finalize (${reason}); the open race may prove it`, {
          epoch,
        });
      }
    }
    await this.enterOpenRace(epoch, await getCooperativeEpochStatus(this.coordinator, { epoch, blocks }));
  }

  /**
   * Hands an epoch to the open race ({@link joinsOpenRace}): its JD proves the whole epoch and submits it when every
   * chunk is proven (`serveEpoch`); the proof is bound to the JD's address, the node's operator, which is credited the
   * network's share (withdrawn like any credit) and pays the workers from it. Once per epoch: the decision is
   * committed after the JD holds the epoch — the JD commits its race record with its jobs and `serveEpoch` finds it
   * again — so a crash in between only asks the JD again, and a restart asks nothing.
   *
   * @returns Whether the epoch was handed over now.
   */
  async enterOpenRace(
    epoch: bigint,
    status: Pick<CooperativeEpochStatus, "phase" | "nextToProve" | "currentSlot" | "windows">,
  ): Promise<boolean> {
    const { store, log } = this.ctx;
    if (store.races.get(key(epoch)) !== undefined || !joinsOpenRace(status)) return false;
    await this.jd!.serveEpoch(epoch);
    const record: RaceRecord = {
      epoch: epoch.toString(),
      reason: this.unfinalizable.get(epoch) ?? "a chunk holds no kept proof",
      slot: status.currentSlot.toString(),
      finalDeadline: status.windows.finalDeadline.toString(),
      servedAt: Date.now(),
    };
    await store.commit(() => store.races.put(key(epoch), record));
    log(
      "info",
      "open-race",
      `epoch ${epoch}: a chunk holds no kept proof after the proving window; its job distributor proves the whole epoch for the open race (until slot ${status.windows.finalDeadline})`,
      { epoch, reason: record.reason, finalDeadline: status.windows.finalDeadline },
    );
    return true;
  }

  /** Epochs this node proved chunks of that are no longer open: what their kept proofs earned pays the workers. */
  private async settleFinished(current: bigint): Promise<void> {
    const { store, log, validator } = this.ctx;
    const open = new Set<string>();
    for (const { value } of store.chunks.getRange()) {
      if (value.status !== "skipped" && value.status !== "rewarded" && !this.settled.has(BigInt(value.epoch))) {
        open.add(value.epoch);
      }
    }
    for (const e of open) {
      const epoch = BigInt(e);
      if (epoch >= current) continue;
      const finalized = await this.coordinator.queryFilter(
        this.coordinator.filters.EpochFinalized(epoch),
        this.ctx.deployment.fromBlock,
      );
      const raced = await this.coordinator.queryFilter(
        this.coordinator.filters.EpochProvenInRace(epoch),
        this.ctx.deployment.fromBlock,
      );
      if (finalized.length === 0 && raced.length === 0) continue;
      const rewarded = await this.coordinator.queryFilter(
        this.coordinator.filters.ChunkProverRewarded(epoch, undefined, undefined, validator.address),
        this.ctx.deployment.fromBlock,
      );
      let earned = 0n;
      await store.commit(() => {
        for (const ev of rewarded) {
          earned += ev.args.reward;
          const ck = chunkKey(epoch, ev.args.blockNumber, Number(ev.args.chunk));
          const record = store.chunks.get(ck);
          if (record !== undefined) {
            store.chunks.put(ck, {
              ...record,
              status: "rewarded",
              reward: ev.args.reward.toString(),
              burned: ev.args.burned.toString(),
              updatedAt: Date.now(),
            });
          }
        }
      });
      const tx = (finalized[0] ?? raced[0])!.transactionHash;
      await this.jd!.settleChunks(epoch, earned, tx);
      this.settled.add(epoch);
      log("info", "chunks-rewarded", `epoch ${epoch}: its kept chunk proofs earned ${earned}`, { epoch, earned });
    }
  }

  private async withdraw(): Promise<void> {
    await withdrawCredits(this.ctx, this.coordinator, [this.ctx.validator], this.policy.withdrawAtLeast);
  }
}
