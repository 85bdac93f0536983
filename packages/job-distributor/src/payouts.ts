// Paying the workers of a proven epoch (placeholder until the PayoutDistributor SDK lands).
import type { ChainAccess } from "./epoch-pipeline";
import type { Log } from "./job-server";
import type { JobBoard } from "./job-board";
import type { EpochRecord, JobStore } from "./store";

export class Payouts {
  constructor(
    private readonly store: JobStore,
    private readonly board: JobBoard,
    private readonly chain: ChainAccess,
    private readonly distributor: string | undefined,
    private readonly cutBps: number,
    private readonly log: Log,
  ) {}

  async settle(record: EpochRecord): Promise<void> {
    if (record.status !== "proven") return;
    record.status = "settled";
    await this.store.commit(() => this.store.epochs.put(record.epoch, record));
    this.log(
      "info",
      `epoch ${record.epoch} settled (${this.distributor ?? "no distributor"}, cut ${this.cutBps}, ${this.chain.address}, ${this.board.queuedCount})`,
    );
  }
}
