// Paying the workers of a proven epoch. What the JD earned for the proof (from `EpochProven`) is shared by the default
// policy (`shareEpochPayout`: equal pay per accepted chunk, less the JD's cut); each accepted chunk gets a signed
// EIP-712 ChunkReceipt; then the JD withdraws its coordinator credits if it must, funds the PayoutDistributor and
// publishes the epoch's Merkle root, and keeps each worker's proof for `get_receipts`. Each step is committed before
// the next starts and the publication is checked on-chain first, so a crash at any point neither skips nor repeats a
// payout.
import {
  connectPayoutDistributor,
  getRewards,
  payoutDomain,
  payoutTree,
  publishPayout,
  shareEpochPayout,
  signChunkReceipt,
  withdrawRewards,
  type PayoutDistributor,
  type RewardsCoordinator,
  contractAt,
} from "@blockage/client";
import type { ChainAccess } from "./epoch-pipeline";
import type { JobBoard } from "./job-board";
import type { Log } from "./job-server";
import {
  epochKey,
  recordKey,
  recordLabel,
  type EpochRecord,
  type JobStore,
  type PayoutRecord,
  type ReceiptRecord,
} from "./store";

/** The payout step of the JD's epochs. */
export class Payouts {
  private distributor: PayoutDistributor | null = null;

  constructor(
    private readonly store: JobStore,
    private readonly board: JobBoard,
    private readonly chain: ChainAccess,
    private readonly distributorAddress: string | undefined,
    private readonly cutBps: number,
    private readonly log: Log,
  ) {}

  private async connected(): Promise<PayoutDistributor | null> {
    if (this.distributorAddress === undefined) return null;
    this.distributor ??= (await connectPayoutDistributor(this.distributorAddress, this.chain.signer)).distributor;
    return this.distributor;
  }

  /** Moves a proven epoch to settled (shares and receipts), then a settled one to published (root on-chain). */
  async settle(record: EpochRecord): Promise<void> {
    if (record.status === "proven") await this.share(record);
    else if (record.status === "settled") await this.publish(record);
  }

  /**
   * The epoch's accepted chunks and who proved each. A whole epoch (`epoch`, `race`) was proven from every one of them;
   * a `chunks` epoch pays the chunks that were proven (a failed job's chunk earned nothing).
   *
   * An epoch's `race` and `chunks` records share its receipt keys (epoch, chunk id) and its one payout root per JD on
   * the `PayoutDistributor`, and that is safe: at most one of them earns anything — a race proof is paid only when the
   * epoch did not finalize, and then its kept chunk proofs earned nothing (the `chunks` record settles with 0 and
   * publishes no root); a finalized epoch abandons its race record.
   */
  private chunks(record: EpochRecord): { chunkId: bigint; worker: string }[] {
    const chunks: { chunkId: bigint; worker: string }[] = [];
    for (let c = 0; c < record.chunkCount; c++) {
      const result = this.store.results.get(`${recordKey(record)}:${c}`);
      if (result !== undefined) chunks.push({ chunkId: BigInt(c), worker: result.worker });
      else if (record.mode !== "chunks") throw new Error(`${recordLabel(record)}: chunk ${c} has no accepted result`);
    }
    return chunks;
  }

  private async share(record: EpochRecord): Promise<void> {
    const distributor = await this.connected();
    const earned = BigInt(record.earned ?? "0");
    const chunks = this.chunks(record);
    // A `chunks` record none of whose jobs was proven (e.g. its epoch went to the open race before the rescued chunk's
    // proof came back) pays nobody; `shareEpochPayout` needs at least one chunk.
    const { perChunk, total } =
      chunks.length === 0
        ? { perChunk: 0n, total: 0n }
        : shareEpochPayout({ earned, operatorCutBps: this.cutBps, chunks });
    const receipts: ReceiptRecord[] = [];
    if (distributor !== null && perChunk > 0n) {
      const domain = payoutDomain(this.chain.chainId, await distributor.getAddress());
      for (const { chunkId, worker } of chunks) {
        const receipt = { epoch: BigInt(record.epoch), chunkId, worker, amount: perChunk };
        const { signature } = await signChunkReceipt(this.chain.signer, { domain, receipt });
        receipts.push({
          epoch: record.epoch,
          chunkId: Number(chunkId),
          worker,
          amount: perChunk.toString(),
          signature,
        });
      }
    }
    record.status = "settled";
    record.perChunk = perChunk.toString();
    record.total = total.toString();
    await this.store.commit(() => {
      for (const r of receipts) this.store.receipts.put(epochKey(r.epoch, r.chunkId), r);
      this.store.epochs.put(recordKey(record), record);
    });
    this.log(
      "info",
      `${recordLabel(record)}: earned ${earned}; ${perChunk} per chunk to ${new Set(chunks.map((c) => c.worker)).size} worker(s), ${receipts.length} receipts signed`,
    );
  }

  private async publish(record: EpochRecord): Promise<void> {
    const distributor = await this.connected();
    const total = BigInt(record.total ?? "0");
    if (distributor === null || total === 0n) {
      await this.finish(
        record,
        [],
        undefined,
        undefined,
        distributor === null ? "no PayoutDistributor configured" : "nothing to pay",
      );
      return;
    }
    const epoch = BigInt(record.epoch);
    const { payees: shares } = shareEpochPayout({
      earned: BigInt(record.earned!),
      operatorCutBps: this.cutBps,
      chunks: this.chunks(record),
    });
    const tree = payoutTree(shares);
    const published = await distributor.distribution(this.chain.address, epoch);
    let publishTx: string | undefined;
    if (published.root === "0x" + "00".repeat(32)) {
      await this.fund(total);
      const result = await publishPayout(distributor, { epoch, payees: shares });
      publishTx = result.receipt.hash;
    } else if (published.root !== tree.root) {
      throw new Error(`${recordLabel(record)}: a different payout root ${published.root} is already published`);
    }
    const payouts: PayoutRecord[] = shares.map((s) => ({
      epoch: record.epoch,
      worker: s.worker,
      amount: s.amount.toString(),
      proof: tree.proofOf(s.worker).proof,
      root: tree.root,
    }));
    await this.finish(record, payouts, tree.root, publishTx);
  }

  /** Makes sure the JD holds `total` tokens, withdrawing its coordinator credits if it must. */
  private async fund(total: bigint): Promise<void> {
    const distributor = await this.connected();
    const token = await distributor!.token();
    const erc20 = contractAt("StakeToken", token, this.chain.signer);
    if ((await erc20.balanceOf(this.chain.address)) >= total) return;
    const coordinator = this.chain.rewards.connect(this.chain.signer) as RewardsCoordinator;
    if ((await getRewards(coordinator, { account: this.chain.address })) > 0n) await withdrawRewards(coordinator);
    const balance = await erc20.balanceOf(this.chain.address);
    if (balance < total)
      throw new Error(`cannot fund the payout: the JD holds ${balance}, the workers are owed ${total}`);
  }

  private async finish(record: EpochRecord, payouts: PayoutRecord[], root?: string, publishTx?: string, note?: string) {
    record.status = "published";
    record.root = root;
    record.publishTx = publishTx;
    if (note !== undefined) record.note = note;
    await this.store.commit(() => {
      for (const p of payouts) this.store.payouts.put(epochKey(p.epoch, p.worker), p);
      this.store.epochs.put(recordKey(record), record);
    });
    await this.board.dropEpoch(recordKey(record));
    this.log(
      "info",
      root === undefined
        ? `${recordLabel(record)}: done (${note})`
        : `${recordLabel(record)}: payout root ${root} published (tx ${publishTx ?? "earlier"}); workers can claim`,
    );
  }
}
