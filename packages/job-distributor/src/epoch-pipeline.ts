// An epoch's life at the JD: read from the chain (`getEpochBlocks`) and split into chunk jobs bound to the JD's
// address; once every chunk is proven, assembled (`epochProofArgs` through `submitEpochProof`) and submitted before its
// deadline with retries on transient failures; then what the JD earned is read from `EpochProven`, and `settle` (the
// payout step) takes it from there. With `auto`, it follows the chain and serves every epoch whose proof right this
// key holds: claimed by it, or in the open race. For a Cooperative rollup the node picks single chunks
// (`serveChunks`, a `chunks` record) and, when an epoch cannot finalize, hands the whole epoch over for the
// Cooperative open race (`serve`, a `race` record beside the epoch's `chunks` one): proven the same way, submitted with
// `submitCooperativeEpochProof`, what it earned read from `EpochProvenInRace`.
import { computeBlock, TXS_PER_CHUNK, type BlockProof, type ChunkProof } from "@blockage/circuits";
import {
  errorReason,
  getCooperativeEpochStatus,
  getEpochBlocks,
  getEpochStatus,
  submitCooperativeEpochProof,
  submitEpochProof,
  type EpochStatus,
  type ProposedBlock,
  contractAt,
} from "@blockage/client";
import type { CooperativeCoordinator, ProverCoordinator, RewardsCoordinator, Rollup } from "@blockage/client";
import type { Signer } from "ethers";
import { EpochNotOverError } from "./errors";
import { chunkJob, type JobBoard } from "./job-board";
import type { Log } from "./job-server";
import {
  raceKey,
  recordKey,
  recordLabel as label,
  type EpochBlock,
  type EpochRecord,
  type JobRecord,
  type JobStore,
  type Witness,
} from "./store";

/** The chain as the JD sees it. */
export interface ChainAccess {
  /** The JD's key, connected to the chain: it submits proofs and publishes payouts. */
  signer: Signer;
  /** The JD's address: every chunk proof is bound to it and every payout for the proof goes to it. */
  address: string;
  chainId: bigint;
  rollup: Rollup;
  /** The Sidecar coordinator (claims and epoch proofs), or `null` for a Cooperative rollup. */
  coordinator: ProverCoordinator | null;
  /** The Cooperative coordinator (chunk proofs, the open race), or `null` for a Sidecar rollup. */
  cooperative: CooperativeCoordinator | null;
  /** The coordinator that credits the JD's rewards (either mechanism's). */
  rewards: RewardsCoordinator;
  /** First L1 block of the rollup's logs. */
  fromBlock: number;
}

/** Epoch options. */
export interface EpochPipelineOptions {
  /** Slots before the deadline from which open jobs are reported at error level. */
  deadlineWarnSlots: bigint;
  /** At most this many epochs are served at once in `auto` mode. */
  maxOpenEpochs: number;
}

const key = (epoch: bigint | string) => String(epoch);

/**
 * One chunk to prove on its own (the Cooperative mechanism, or a block of an open-race prefix): its block and index,
 * its start state and transactions.
 * Its proof is bound to the JD's address, which must be the node's operator (it submits the proof).
 */
export interface ChunkOrder {
  blockNumber: bigint;
  headerHash: string;
  /** The chunk's index in its block. */
  chunk: number;
  prevState: bigint;
  txs: readonly bigint[];
}

/** A served chunk: its job's chunk id in the epoch (its result is stored under `${epoch}:${chunkId}`) and its block. */
export interface ServedChunk {
  chunkId: number;
  blockNumber: bigint;
  headerHash: string;
  /** The chunk's index in its block. */
  chunk: number;
}

/** The chunks an epoch record in `chunks` mode serves, by chunk id. */
export function servedChunks(record: EpochRecord): ServedChunk[] {
  return record.blocks.map((b) => ({
    chunkId: b.firstChunk,
    blockNumber: BigInt(String(b.header.blockNumber)),
    headerHash: String(b.header.headerHash),
    chunk: Number(b.header.chunk),
  }));
}

/** Whether the JD's key may prove the epoch now and be paid for it. */
export function holdsProofRight(status: EpochStatus, address: string): boolean {
  if (!status.awaitingProof) return false;
  const mine = status.claimedBy !== null && status.claimedBy.toLowerCase() === address.toLowerCase();
  return (mine && status.phase === "proving") || status.phase === "openRace";
}

/** Drives the epochs the JD serves. */
export class EpochPipeline {
  /** Warnings shown in `get_status` (deadline approaching with jobs open, abandoned epochs). */
  readonly warnings = new Map<string, string>();
  private readonly submitting = new Set<string>();
  private readonly lastFailure = new Map<string, string>();

  constructor(
    private readonly store: JobStore,
    private readonly board: JobBoard,
    private readonly chain: ChainAccess,
    private readonly log: Log,
    private readonly options: EpochPipelineOptions,
    private readonly settle: (record: EpochRecord) => Promise<void>,
  ) {}

  /**
   * The Sidecar coordinator: `auto` and one-epoch JDs (claims, the Sidecar open race) are a Sidecar rollup's only.
   */
  private sidecar(): ProverCoordinator {
    if (this.chain.coordinator === null) {
      throw new Error(
        "a Cooperative rollup's epochs are served by its node: single chunks (serveChunks) and, for the open race, whole epochs given to serveEpoch",
      );
    }
    return this.chain.coordinator;
  }

  /** The Cooperative coordinator of a `race` record (its status, its open race, its events). */
  private cooperative(): CooperativeCoordinator {
    if (this.chain.cooperative === null) throw new Error("a race record needs a Cooperative rollup");
    return this.chain.cooperative;
  }

  /** Every epoch record, oldest first (an epoch's `chunks` record before its `race` record). */
  epochs(): EpochRecord[] {
    return [...this.store.epochs.getRange()]
      .map((e) => e.value)
      .sort((a, b) =>
        a.epoch === b.epoch
          ? Number(a.mode === "race") - Number(b.mode === "race")
          : BigInt(a.epoch) < BigInt(b.epoch)
            ? -1
            : 1,
      );
  }

  /**
   * Starts serving a whole epoch: reads its unproven blocks and queues one job per chunk, bound to the JD's address.
   * For a Cooperative rollup that is its open race (a `race` record, kept beside the epoch's `chunks` record): the
   * proof is submitted once every chunk is proven, the proving window has closed with a chunk holding no kept proof
   * (`openRace`) and the epoch is next to prove. Does nothing for an epoch already served this way or without
   * unproven blocks.
   *
   * @returns The epoch's record, or `null` if there is nothing to prove.
   * @throws {EpochNotOverError} For a Cooperative epoch that is not over yet (its blocks may still change).
   */
  async serve(epoch: bigint): Promise<EpochRecord | null> {
    const race = this.chain.coordinator === null;
    const existing = this.store.epochs.get(race ? raceKey(epoch) : key(epoch));
    if (existing !== undefined) return existing;
    if (race) {
      const status = await getCooperativeEpochStatus(this.cooperative(), { epoch });
      if (status.phase === "proposing") {
        throw new EpochNotOverError(epoch, status.currentSlot, status.windows.epochEnds);
      }
      if (!status.awaitingProof) return null;
    } else this.sidecar();
    const blocks = await getEpochBlocks(this.chain.rollup, { epoch, fromBlock: this.chain.fromBlock });
    if (blocks.length === 0) return null;
    const { record, jobs, witnesses } = this.split(epoch, blocks, race ? "race" : undefined);
    const k = recordKey(record);
    if (record.status === "abandoned") {
      await this.store.commit(() => this.store.epochs.put(k, record));
      this.warnings.set(k, record.note!);
      this.log("error", `${label(record)}: ${record.note}`);
      return record;
    }
    await this.board.addJobs(jobs, witnesses, () => this.store.epochs.put(k, record));
    this.log(
      "info",
      `${label(record)}: ${jobs.length} chunk jobs queued (${blocks.length} block${blocks.length === 1 ? "" : "s"}, proofs bound to ${this.chain.address})`,
    );
    return record;
  }

  /**
   * Serves single chunks of an epoch (`chunks` mode, the Cooperative mechanism): queues a job for each order not
   * served yet, bound to the JD's address. The proofs are not assembled or submitted here: the node reads each
   * accepted result (`results` under `${epoch}:${chunkId}`), submits it, and reports the epoch's pay with
   * {@link settleChunks}.
   *
   * @returns Every chunk the epoch serves, the new ones included.
   * @throws {Error} If the epoch is already served as a whole epoch, or its record is closed and an order is new.
   */
  async serveChunks(epoch: bigint, orders: readonly ChunkOrder[]): Promise<ServedChunk[]> {
    const existing = this.store.epochs.get(key(epoch));
    if (existing !== undefined && existing.mode !== "chunks") {
      throw new Error(`epoch ${epoch} is served as a whole epoch, not by chunks`);
    }
    const record: EpochRecord = existing ?? {
      epoch: key(epoch),
      mode: "chunks",
      status: "proving",
      prover: this.chain.address,
      chunkCount: 0,
      blocks: [],
      createdAt: Date.now(),
    };
    const served = new Set(record.blocks.map((b) => `${String(b.header.headerHash)}:${String(b.header.chunk)}`));
    if (record.status !== "proving") {
      // A closed record (its workers paid, or its proof published) takes no new chunk: a job queued now would
      // never be paid. Orders it already served are answered as they are.
      const unserved = orders.find((o) => !served.has(`${o.headerHash}:${o.chunk}`));
      if (unserved !== undefined) {
        throw new Error(
          `epoch ${epoch}'s chunk record is closed (${record.status}): it takes no new chunk (block ${unserved.blockNumber}, chunk ${unserved.chunk})`,
        );
      }
      return servedChunks(record);
    }
    const jobs: JobRecord[] = [];
    const witnesses: Witness[] = [];
    for (const order of orders) {
      if (served.has(`${order.headerHash}:${order.chunk}`)) continue;
      served.add(`${order.headerHash}:${order.chunk}`);
      const chunkId = record.chunkCount++;
      const { job, witness } = chunkJob({
        epoch: key(epoch),
        chunkId,
        prevState: order.prevState,
        txs: order.txs,
        prover: this.chain.address,
      });
      jobs.push(job);
      witnesses.push(witness);
      record.blocks.push({
        header: { headerHash: order.headerHash, blockNumber: order.blockNumber.toString(), chunk: order.chunk },
        firstChunk: chunkId,
        chunkCount: 1,
      });
    }
    if (jobs.length > 0) {
      await this.board.addJobs(jobs, witnesses, () => this.store.epochs.put(record.epoch, record));
      this.log("info", `epoch ${epoch}: ${jobs.length} single-chunk job(s) queued (proofs bound to ${record.prover})`);
    }
    return servedChunks(record);
  }

  /**
   * Ends a `chunks`-mode epoch: the node reports what its kept proofs earned when the epoch finalized (`tx`), and
   * the workers of its accepted chunks are paid from it; `earned` 0 (the epoch went to the open race, or was pruned)
   * ends it with nothing to pay.
   */
  async settleChunks(epoch: bigint, earned: bigint, tx: string): Promise<void> {
    const record = this.store.epochs.get(key(epoch));
    if (record === undefined || record.mode !== "chunks" || record.status !== "proving") return;
    await this.markProven(record, tx, earned);
  }

  /** An epoch's record, its jobs and their witnesses; `abandoned` when a block does not fold to its header. */
  private split(
    epoch: bigint,
    blocks: ProposedBlock[],
    mode: "race" | undefined,
  ): { record: EpochRecord; jobs: JobRecord[]; witnesses: Witness[] } {
    const prover = this.chain.address;
    const jobs: JobRecord[] = [];
    const witnesses: Witness[] = [];
    const epochBlocks: EpochBlock[] = [];
    let note: string | undefined;
    for (const block of blocks) {
      const computed = computeBlock({ prevState: block.header.prevState, txs: block.txs });
      if (computed.newState !== block.header.newState || computed.txsCommitment !== block.header.txsCommitment) {
        note = `block ${block.blockNumber} does not fold to its header's state: it is invalid and cannot be proven (challenge it)`;
        break;
      }
      epochBlocks.push({
        header: { headerHash: block.headerHash, blockNumber: block.blockNumber.toString() },
        firstChunk: jobs.length,
        chunkCount: computed.chunks.length,
      });
      computed.chunks.forEach((chunk, i) => {
        const txs = block.txs.slice(i * TXS_PER_CHUNK, (i + 1) * TXS_PER_CHUNK);
        const { job, witness } = chunkJob({
          epoch: key(epoch),
          record: mode === "race" ? raceKey(epoch) : undefined,
          chunkId: jobs.length,
          prevState: chunk.prevState,
          txs,
          prover,
          transition: chunk,
        });
        jobs.push(job);
        witnesses.push(witness);
      });
    }
    const record: EpochRecord = {
      epoch: key(epoch),
      ...(mode !== undefined && { mode }),
      status: note === undefined ? "proving" : "abandoned",
      prover,
      chunkCount: jobs.length,
      blocks: epochBlocks,
      createdAt: Date.now(),
      note,
    };
    return { record, jobs: note === undefined ? jobs : [], witnesses: note === undefined ? witnesses : [] };
  }

  /** Serves `epoch` once it is over (a JD started for one epoch). */
  async serveWhenOver(epoch: bigint): Promise<void> {
    const status = await getEpochStatus(this.sidecar(), { epoch });
    if (status.phase === "proposing") return;
    if (!status.awaitingProof) {
      const note = `epoch ${epoch} has nothing to prove (${status.phase})`;
      if (this.warnings.get(key(epoch)) !== note) this.log("warn", note);
      this.warnings.set(key(epoch), note);
      return;
    }
    if (!holdsProofRight(status, this.chain.address)) {
      const note = `epoch ${epoch}: this key does not hold the proof right yet (${status.phase}); proving anyway, submitting when allowed`;
      if (this.warnings.get(key(epoch)) !== note) this.log("warn", note);
    }
    this.warnings.delete(key(epoch));
    await this.serve(epoch);
  }

  /** Follows the chain: serves each epoch whose proof right the JD's key holds (`auto`). */
  async discover(): Promise<void> {
    const open = this.epochs().filter((e) => e.status === "proving").length;
    if (open >= this.options.maxOpenEpochs) return;
    const { rollup } = this.chain;
    const coordinator = this.sidecar();
    const tips = await rollup.tips();
    if (tips.pendingBlock <= tips.provenBlock) return;
    const first = await rollup.blockRecord(tips.provenBlock + 1n);
    const last = await rollup.blockRecord(tips.pendingBlock);
    const epochSlots = await this.epochSlots();
    for (let e = first.slot / epochSlots; e <= last.slot / epochSlots; e++) {
      if (this.store.epochs.get(key(e)) !== undefined) continue;
      const status = await getEpochStatus(coordinator, { epoch: e });
      if (status.phase === "proposing") break;
      if (holdsProofRight(status, this.chain.address)) await this.serve(e);
    }
  }

  private epochSlotsCache: bigint | undefined;

  private async epochSlots(): Promise<bigint> {
    if (this.epochSlotsCache === undefined) {
      const beacon = contractAt("SeedBeacon", await this.chain.rollup.beacon(), this.chain.rollup.runner);
      this.epochSlotsCache = await beacon.epochSlots();
    }
    return this.epochSlotsCache;
  }

  /** One pass over the served epochs: submit the complete ones, warn about deadlines, settle the proven ones. */
  async advance(): Promise<void> {
    for (const record of this.epochs()) {
      const k = recordKey(record);
      try {
        if (record.status === "proving") await this.advanceProving(record);
        else if (record.status === "proven" || record.status === "settled") await this.settle(record);
      } catch (error) {
        // Retried on every pass (RPC hiccups, a node behind); said once per new reason, not once per pass.
        const message = `${label(record)}: ${errorReason(error)} (will retry)`;
        if (this.lastFailure.get(k) !== message) this.log("warn", message);
        this.lastFailure.set(k, message);
      }
    }
  }

  private async advanceProving(record: EpochRecord): Promise<void> {
    // A `chunks` epoch is submitted chunk by chunk by its node, which settles it (`settleChunks`).
    if (record.mode === "chunks") return;
    if (record.mode === "race") return this.advanceRace(record);
    const jobs = this.board.jobsOf(record.epoch);
    const open = jobs.filter((j) => j.status !== "done").length;
    const status = await getEpochStatus(this.sidecar(), { epoch: BigInt(record.epoch) });
    if (!status.awaitingProof) {
      await this.proofLanded(record);
      return;
    }
    const mine = status.claimedBy !== null && status.claimedBy.toLowerCase() === this.chain.address.toLowerCase();
    const deadline = mine && status.phase === "proving" ? status.windows.proofDeadline : status.windows.finalDeadline;
    this.warnDeadline(record, open, jobs.length, deadline - status.currentSlot, deadline);
    if (open > 0 || !status.nextToProve || this.submitting.has(record.epoch)) return;
    if (status.phase !== "proving" && status.phase !== "openRace") return;
    await this.submitOnce(record);
  }

  /**
   * A Cooperative epoch in the open race: submitted once every chunk job is done, the epoch is next to prove and in
   * `openRace` (the proving window closed with a chunk holding no kept proof) — before its final deadline.
   */
  private async advanceRace(record: EpochRecord): Promise<void> {
    const k = recordKey(record);
    const epoch = BigInt(record.epoch);
    const coordinator = this.cooperative();
    const jobs = this.board.jobsOf(k);
    const open = jobs.filter((j) => j.status !== "done").length;
    const status = await getCooperativeEpochStatus(coordinator, { epoch });
    if (!status.awaitingProof) {
      await this.raceLanded(record);
      return;
    }
    const deadline = status.windows.finalDeadline;
    this.warnDeadline(record, open, jobs.length, deadline - status.currentSlot, deadline);
    // `closed`: the window closed and the deadline is ahead. Only then are the blocks and their kept proofs read (a
    // log scan and a call per chunk), to tell `openRace` from `finalize`.
    if (open > 0 || this.submitting.has(k) || !status.nextToProve || status.phase !== "closed") return;
    const blocks = await getEpochBlocks(this.chain.rollup, { epoch, fromBlock: this.chain.fromBlock });
    const { phase } = await getCooperativeEpochStatus(coordinator, { epoch, blocks });
    if (phase === "finalize") {
      // Every chunk holds a kept proof: the epoch finalizes (anyone's `finalizeEpoch`), the race is refused
      // (`EpochFinalizable`); the record ends when the chain shows `EpochFinalized`.
      const message = `${label(record)}: every chunk holds a kept proof; it finalizes (finalizeEpoch) instead of the open race`;
      if (this.warnings.get(k) !== message) this.log("warn", message);
      this.warnings.set(k, message);
      return;
    }
    if (phase === "openRace") await this.submitOnce(record, blocks);
  }

  /** Says once per message that jobs are still open close to the deadline. */
  private warnDeadline(record: EpochRecord, open: number, total: number, left: bigint, deadline: bigint): void {
    if (open === 0 || left > this.options.deadlineWarnSlots) return;
    const k = recordKey(record);
    const message = `${label(record)}: ${open} of ${total} chunk jobs still open and ${left} slot(s) to the deadline (slot ${deadline})`;
    if (this.warnings.get(k) !== message) this.log("error", message);
    this.warnings.set(k, message);
  }

  private async submitOnce(record: EpochRecord, current?: ProposedBlock[]): Promise<void> {
    const k = recordKey(record);
    if (this.submitting.has(k)) return;
    this.submitting.add(k);
    try {
      await this.submit(record, current);
    } finally {
      this.submitting.delete(k);
    }
  }

  /** Assembles the epoch proof from the accepted results and submits it (to the race's coordinator for a race). */
  private async submit(record: EpochRecord, blocks?: ProposedBlock[]): Promise<void> {
    const k = recordKey(record);
    const epoch = BigInt(record.epoch);
    const current = blocks ?? (await getEpochBlocks(this.chain.rollup, { epoch, fromBlock: this.chain.fromBlock }));
    const hashes = current.map((b) => b.headerHash);
    if (hashes.join() !== record.blocks.map((b) => String(b.header.headerHash)).join()) {
      await this.abandon(record, "the epoch's blocks changed on-chain since its jobs were made");
      return;
    }
    const proofs: BlockProof[] = record.blocks.map((block, i) => {
      const chunks: ChunkProof[] = [];
      for (let c = block.firstChunk; c < block.firstChunk + block.chunkCount; c++) {
        const result = this.store.results.get(`${k}:${c}`)!;
        chunks.push({ proof: result.proof, publicSignals: result.publicInputs });
      }
      const header = current[i]!.header;
      return {
        prevState: header.prevState,
        newState: header.newState,
        txsCommitment: header.txsCommitment,
        prover: record.prover,
        chunks,
      };
    });
    this.log("info", `${label(record)}: every chunk proven; submitting the epoch proof (${record.chunkCount} chunks)`);
    const params = { epoch, proof: proofs, headers: current.map((b) => b.header) };
    if (record.mode === "race") {
      const result = await submitCooperativeEpochProof(
        this.cooperative().connect(this.chain.signer) as CooperativeCoordinator,
        params,
      );
      await this.markProven(record, result.receipt.hash, this.raceEarned(result.beneficiary, result.proverReward));
      return;
    }
    const result = await submitEpochProof(this.sidecar().connect(this.chain.signer) as ProverCoordinator, params);
    const earned = this.earnedFrom(result.prover, result.beneficiary, result.proverFee, result.submitterFee);
    await this.markProven(record, result.receipt.hash, earned);
  }

  private earnedFrom(prover: string, beneficiary: string, proverFee: bigint, submitterFee: bigint): bigint {
    const me = this.chain.address.toLowerCase();
    return (prover.toLowerCase() === me ? proverFee : 0n) + (beneficiary.toLowerCase() === me ? submitterFee : 0n);
  }

  /** What a race proof earned the JD: the prover-network share, when the proof is bound to its address. */
  private raceEarned(beneficiary: string, proverReward: bigint): bigint {
    return beneficiary.toLowerCase() === this.chain.address.toLowerCase() ? proverReward : 0n;
  }

  private async markProven(record: EpochRecord, tx: string, earned: bigint): Promise<void> {
    const k = recordKey(record);
    record.status = "proven";
    record.submitTx = tx;
    record.earned = earned.toString();
    await this.store.commit(() => this.store.epochs.put(k, record));
    this.warnings.delete(k);
    this.log("info", `${label(record)}: proven on-chain (tx ${tx}); earned ${earned}`);
  }

  /**
   * The epoch has nothing left to prove: proven by this JD (a submission whose answer was lost, e.g. a crash after
   * sending it) — then it is recorded as proven — or by someone else, or pruned: then abandoned.
   */
  private async proofLanded(record: EpochRecord): Promise<void> {
    const coordinator = this.sidecar();
    const logs = await coordinator.queryFilter(
      coordinator.filters.EpochProven(BigInt(record.epoch)),
      this.chain.fromBlock,
      "latest",
    );
    const mine = logs.find((l) => l.args.beneficiary.toLowerCase() === this.chain.address.toLowerCase());
    if (mine !== undefined) {
      const { prover, beneficiary, proverFee, submitterFee } = mine.args;
      await this.markProven(
        record,
        mine.transactionHash,
        this.earnedFrom(prover, beneficiary, proverFee, submitterFee),
      );
      return;
    }
    await this.abandon(record, logs.length > 0 ? "proven by someone else" : "its blocks were pruned unproven");
  }

  /**
   * A race epoch has nothing left to prove: the JD's own race proof (`EpochProvenInRace` bound to its address, e.g. a
   * submission whose answer was lost) — then it is recorded as proven — or finalized from its kept chunk proofs
   * meanwhile, proven in the race by someone else, or pruned: then abandoned.
   */
  private async raceLanded(record: EpochRecord): Promise<void> {
    const coordinator = this.cooperative();
    const epoch = BigInt(record.epoch);
    const raced = await coordinator.queryFilter(
      coordinator.filters.EpochProvenInRace(epoch),
      this.chain.fromBlock,
      "latest",
    );
    const mine = raced.find((l) => l.args.beneficiary.toLowerCase() === this.chain.address.toLowerCase());
    if (mine !== undefined) {
      await this.markProven(
        record,
        mine.transactionHash,
        this.raceEarned(mine.args.beneficiary, mine.args.proverReward),
      );
      return;
    }
    if (raced.length > 0) {
      await this.abandon(record, `proven in the open race by someone else (beneficiary ${raced[0]!.args.beneficiary})`);
      return;
    }
    const finalized = await coordinator.queryFilter(
      coordinator.filters.EpochFinalized(epoch),
      this.chain.fromBlock,
      "latest",
    );
    await this.abandon(
      record,
      finalized.length > 0
        ? "finalized from its kept chunk proofs meanwhile (EpochFinalized): there was no open race to win"
        : "its blocks were pruned unproven",
    );
  }

  private async abandon(record: EpochRecord, why: string): Promise<void> {
    const k = recordKey(record);
    record.status = "abandoned";
    record.note = why;
    await this.store.commit(() => this.store.epochs.put(k, record));
    await this.board.dropEpoch(k);
    this.warnings.set(k, `${label(record)} abandoned: ${why}`);
    this.log("error", `${label(record)} abandoned: ${why}`);
  }
}
