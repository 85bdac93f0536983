// What the page reads from a Cooperative rollup (seed 001), through the `cooperative` group of `createBlockageClient`:
// each recent epoch's phase and windows (`getCooperativeEpochStatus` with its pending blocks), each block's FEE_SPLIT
// (from its header) and how many of its chunks hold kept proofs, the latest kept chunk proofs, and each epoch's
// finalization or open-race winner. The coordinator's logs are read with the rest of the page's, once each.
import type { Log } from "ethers";
import {
  CooperativeBook,
  replacedProver,
  type BlockPayment,
  type EpochFinalization,
  type EpochRaceWin,
  type KeptProofEvent,
} from "./cooperative-book";
import {
  type BlockHeader,
  type BlockageClient,
  type CooperativeBlockProgress,
  type CooperativeEpochPhase,
  type CooperativeEpochStatus,
  type CooperativeEpochWindows,
} from "./sdk";

/** A block of a Cooperative epoch: its FEE_SPLIT and how far its chunks are proven. */
export interface CooperativeBlockView {
  number: bigint;
  /** Its header hash, or null if no proposal of it was logged (a based block). */
  headerHash: string | null;
  pid: string | null;
  /** FEE_SPLIT in basis points, as its proposer declared it in the header; null until the header is read. */
  feeSplit: bigint | null;
  /** Its chunks (16 transactions each); null until the header is read. */
  chunks: number | null;
  /** Its chunks holding at least one kept proof. */
  provenChunks: number;
  /** Its kept proofs (at most three per chunk). */
  keptProofs: number;
  /**
   * Whether it is still pending: its counts are then the coordinator's records now (`getCooperativeEpochStatus`);
   * a settled block's are folded from the coordinator's `ChunkProofKept` events.
   */
  pending: boolean;
  /** What its kept proofs were paid when the epoch finalized; null before (or if it went to the open race). */
  paid: BlockPayment | null;
}

/** A Cooperative epoch: its phase, windows, blocks and settlement. */
export interface CooperativeEpochView {
  epoch: bigint;
  phase: CooperativeEpochPhase;
  windows: CooperativeEpochWindows;
  /** Whether it is the oldest epoch awaiting its proof (epochs settle in order). */
  nextToProve: boolean;
  blocks: CooperativeBlockView[];
  /** Kept proofs of all its blocks. */
  keptProofs: number;
  finalization: EpochFinalization | null;
  raceWin: EpochRaceWin | null;
}

/** A kept chunk proof, with its block's number when its proposal was logged. */
export interface LatestKeptProof extends KeptProofEvent {
  blockNumber: bigint | null;
}

/** Everything the page shows of Cooperative proving. */
export interface CooperativeState {
  epochs: CooperativeEpochView[];
  /** The latest kept chunk proofs, newest first. */
  latestKept: LatestKeptProof[];
}

/** A proposal as the rollup's `BlockProposed` logged it. */
interface Proposal {
  blockNumber: bigint;
  slot: bigint;
  pid: string;
  headerHash: string;
}

/** How many kept proofs the page lists. */
const SHOWN_KEPT_PROOFS = 12;
/** Transactions per chunk (the chunk circuit's size): a block's chunks are its `txCount / 16`. */
const TXS_PER_CHUNK = 16n;

const byPosition = (a: Log, b: Log) => a.blockNumber - b.blockNumber || a.index - b.index;

/** Reads a Cooperative rollup's proving for the page; one per chain reader. */
export class CooperativeReader {
  readonly book = new CooperativeBook();
  /** The latest proposal of each block number (a number's latest is the block it holds, or held when proven). */
  private readonly byNumber = new Map<string, Proposal>();
  private readonly numberOfHash = new Map<string, bigint>();
  /** Headers by header hash: a header never changes. */
  private readonly headers = new Map<string, BlockHeader>();
  /** Epoch → its status and what it was read at; a settled epoch's is kept for good. */
  private readonly statuses = new Map<string, { key: string; status: CooperativeEpochStatus }>();
  /** Proposals observed so far: a better proposal replaces a pending block without moving the tips. */
  private proposals = 0;

  /**
   * @param client - A client whose `cooperativeCoordinator` is the one the rollup names.
   * @param options - The chain's epoch length and the first block of the protocol's logs.
   */
  constructor(
    private readonly client: BlockageClient,
    private readonly options: { epochSlots: bigint; fromBlock: number },
  ) {}

  /** The coordinator (for its interface: the gas table names its functions). */
  get coordinator() {
    return this.client.contracts.cooperativeCoordinator;
  }

  /** A `BlockProposed` of the rollup, in chain order: maps header hashes to block numbers. */
  observeProposal(p: Proposal): void {
    this.byNumber.set(p.blockNumber.toString(), p);
    this.numberOfHash.set(p.headerHash.toLowerCase(), p.blockNumber);
    this.proposals++;
  }

  /** Reads the coordinator's events in `from..to` into the book. */
  async readLogs(from: number, to: number): Promise<void> {
    const c = this.coordinator;
    const [kept, finalized, rewarded, raced] = await Promise.all([
      c.queryFilter(c.filters.ChunkProofKept(), from, to),
      c.queryFilter(c.filters.EpochFinalized(), from, to),
      c.queryFilter(c.filters.ChunkProverRewarded(), from, to),
      c.queryFilter(c.filters.EpochProvenInRace(), from, to),
    ]);
    for (const e of [...kept].sort(byPosition)) {
      this.book.addKeptProof({
        epoch: e.args.epoch,
        headerHash: e.args.headerHash.toLowerCase(),
        chunk: Number(e.args.chunk),
        prover: e.args.prover,
        score: e.args.score,
        feeBurn: Number(e.args.feeBurn),
        replaced: replacedProver(e.args.replaced),
        tx: e.transactionHash,
      });
    }
    for (const e of finalized) {
      this.book.addFinalization({
        epoch: e.args.epoch,
        fromBlock: e.args.fromBlock,
        toBlock: e.args.toBlock,
        rewards: e.args.rewards,
        proverRewards: e.args.proverRewards,
        burned: e.args.burned,
        tx: e.transactionHash,
      });
    }
    for (const e of rewarded) {
      this.book.addReward({
        epoch: e.args.epoch,
        blockNumber: e.args.blockNumber,
        chunk: Number(e.args.chunk),
        prover: e.args.prover,
        reward: e.args.reward,
        burned: e.args.burned,
      });
    }
    for (const e of raced) {
      this.book.addRaceWin({
        epoch: e.args.epoch,
        fromBlock: e.args.fromBlock,
        toBlock: e.args.toBlock,
        beneficiary: e.args.beneficiary,
        rewards: e.args.rewards,
        proverReward: e.args.proverReward,
        tx: e.transactionHash,
      });
    }
  }

  /** A block's header, read back once from its proposal's calldata; null if it cannot be (yet). */
  private async header(p: Proposal): Promise<BlockHeader | null> {
    const hash = p.headerHash.toLowerCase();
    const cached = this.headers.get(hash);
    if (cached !== undefined) return cached;
    const block = await this.client.rollup
      .getProposedBlock({ blockNumber: p.blockNumber, headerHash: hash, fromBlock: this.options.fromBlock })
      .catch(() => null);
    if (block !== null) this.headers.set(hash, block.header);
    return block?.header ?? null;
  }

  /** An epoch's status, read again only when the slot, the pending chain or the coordinator's events moved. */
  private async status(
    epoch: bigint,
    pending: { blockNumber: bigint; header: BlockHeader }[],
    key: string,
  ): Promise<CooperativeEpochStatus> {
    const cached = this.statuses.get(epoch.toString());
    if (cached !== undefined && (cached.key === key || cached.status.phase === "settled")) return cached.status;
    // Without blocks the status cannot tell `finalize` from `openRace`; an epoch with no pending block gives none.
    const status = await this.client.cooperative.getCooperativeEpochStatus({
      epoch,
      ...(pending.length > 0 && { blocks: pending }),
    });
    this.statuses.set(epoch.toString(), { key, status });
    return status;
  }

  /**
   * The `shown` most recent epochs up to `epochNow` and the latest kept proofs.
   *
   * @param now - The current slot and epoch, the rollup's tips, and how many epochs to show.
   */
  async refresh(now: {
    slot: bigint;
    epoch: bigint;
    tips: { provenBlock: bigint; pendingBlock: bigint };
    shown: number;
  }): Promise<CooperativeState> {
    const { epochSlots } = this.options;
    const { provenBlock, pendingBlock } = now.tips;
    const pendingByEpoch = new Map<string, Proposal[]>();
    for (let n = provenBlock + 1n; n <= pendingBlock; n++) {
      const p = this.byNumber.get(n.toString());
      if (p === undefined) continue;
      const key = (p.slot / epochSlots).toString();
      pendingByEpoch.set(key, [...(pendingByEpoch.get(key) ?? []), p]);
    }
    const statusKey = `${now.slot}/${provenBlock}/${pendingBlock}/${this.proposals}/${this.book.events}`;
    const epochs: CooperativeEpochView[] = [];
    for (let e = now.epoch; e >= 0n && epochs.length < now.shown; e--) {
      const pendingBlocks = pendingByEpoch.get(e.toString()) ?? [];
      const headers = await Promise.all(pendingBlocks.map((p) => this.header(p)));
      const complete = headers.every((h) => h !== null);
      const status = await this.status(
        e,
        complete ? pendingBlocks.map((p, i) => ({ blockNumber: p.blockNumber, header: headers[i]! })) : [],
        statusKey,
      );
      const finalization = this.book.finalization(e);
      const raceWin = this.book.raceWin(e);
      const settled = finalization ?? raceWin;
      const blocks: CooperativeBlockView[] = [];
      if (settled !== null) {
        for (let n = settled.fromBlock; n <= settled.toBlock; n++) {
          blocks.push(await this.settledBlock(e, n));
        }
      } else {
        for (const [i, p] of pendingBlocks.entries()) {
          blocks.push(this.pendingBlock(p, headers[i] ?? null, status.blocks?.[i] ?? null));
        }
      }
      epochs.push({
        epoch: e,
        phase: status.phase,
        windows: status.windows,
        nextToProve: status.nextToProve,
        blocks,
        keptProofs: blocks.reduce((sum, b) => sum + b.keptProofs, 0),
        finalization,
        raceWin,
      });
    }
    const latestKept = this.book
      .latest(SHOWN_KEPT_PROOFS)
      .map((k) => ({ ...k, blockNumber: this.numberOfHash.get(k.headerHash) ?? null }));
    return { epochs, latestKept };
  }

  /** A pending block: its counts are the coordinator's records (the status), else its events until they are read. */
  private pendingBlock(
    p: Proposal,
    header: BlockHeader | null,
    progress: CooperativeBlockProgress | null,
  ): CooperativeBlockView {
    const chunks = progress?.chunks ?? (header === null ? null : Number(header.txCount / TXS_PER_CHUNK));
    const counts = progress ?? this.book.progress(p.headerHash, chunks ?? 0);
    return {
      number: p.blockNumber,
      headerHash: p.headerHash,
      pid: p.pid,
      feeSplit: header?.feeSplit ?? null,
      chunks,
      provenChunks: counts.provenChunks,
      keptProofs: counts.keptProofs,
      pending: true,
      paid: null,
    };
  }

  /** A block of a settled epoch: its counts folded from the coordinator's events, and what they were paid. */
  private async settledBlock(epoch: bigint, n: bigint): Promise<CooperativeBlockView> {
    const p = this.byNumber.get(n.toString());
    const header = p === undefined ? null : await this.header(p);
    const chunks = header === null ? null : Number(header.txCount / TXS_PER_CHUNK);
    const counts =
      p === undefined || chunks === null
        ? { provenChunks: 0, keptProofs: 0 }
        : this.book.progress(p.headerHash, chunks);
    return {
      number: n,
      headerHash: p?.headerHash ?? null,
      pid: p?.pid ?? null,
      feeSplit: header?.feeSplit ?? null,
      chunks,
      provenChunks: counts.provenChunks,
      keptProofs: counts.keptProofs,
      pending: false,
      paid: this.book.payment(epoch, n),
    };
  }
}
