// createJobDistributor: the JD as a library (the `blockage-jd` CLI and the node embed it): a job server (workers,
// leases, verification) plus the chain — the epochs this key holds the proof right for come in as chunk jobs, their
// epoch proofs go out to the coordinator (a Sidecar rollup's, or a Cooperative rollup's open race), and the workers are
// paid through the PayoutDistributor.
import { getAddress, type Signer } from "ethers";
import { connectRollup } from "@blockage/client";
import { EpochPipeline, type ChunkOrder, type ServedChunk } from "./epoch-pipeline";
import { jobGroup } from "./job-board";
import { createJobServer, type JobServer, type JobServerOptions } from "./job-server";
import { Payouts } from "./payouts";
import { recordKey } from "./store";

/** Options of {@link createJobDistributor}: a job server's, less what the key and the chain say. */
export interface JobDistributorOptions extends Omit<JobServerOptions, "address" | "chainId"> {
  /** The JD's key, connected to a provider: proofs are bound to its address, it submits them and pays workers. */
  signer: Signer;
  /** The rollup's address. */
  rollup: string;
  /** The PayoutDistributor's address (without it, workers get receipts but no on-chain payout is published). */
  payoutDistributor?: string;
  /** First L1 block of the rollup's logs (default 0). */
  fromBlock?: number;
  /**
   * `auto`: serve every epoch this key holds the proof right for; `manual`: only the epochs given to `serveEpoch` (a
   * node that decides what to claim and rescue embeds the JD this way); or one epoch. A Cooperative rollup's JD is
   * `manual` only.
   */
  epoch: "auto" | "manual" | bigint;
  /** The JD's cut of what it earns for an epoch, basis points (default 1000 = 10%). */
  operatorCutBps?: number;
  /** Slots before a deadline from which open jobs are reported at error level (default 4). */
  deadlineWarnSlots?: bigint;
}

/** A running job distributor. */
export interface JobDistributor extends JobServer {
  /**
   * Serves a whole epoch now (also without `auto`). For a Cooperative rollup: its open race — the epoch's proof is
   * submitted once every chunk is proven, the proving window has closed with a chunk holding no kept proof and the
   * epoch is next to prove (a `race` record, beside the epoch's `chunks` record if its node served single chunks).
   */
  serveEpoch(epoch: bigint): Promise<void>;
  /**
   * Serves single chunks of an epoch (the Cooperative mechanism's chunks, and an open-race node's prefixes, one call per
   * epoch of the prefix; see `EpochPipeline.serveChunks`).
   */
  serveChunks(epoch: bigint, orders: readonly ChunkOrder[]): Promise<ServedChunk[]>;
  /**
   * Reports what a `chunks` epoch earned, so its workers are paid (see `EpochPipeline.settleChunks`); an open-race node
   * reports it once every block of the epoch is proven and its redundancy reserves are decided.
   */
  settleChunks(epoch: bigint, earned: bigint, tx: string): Promise<void>;
}

/**
 * Starts a job distributor: connects to the rollup, opens (or recovers) its database, listens for workers and follows
 * the chain.
 *
 * @example
 * const jd = await createJobDistributor({ signer: wallet, rollup, epoch: "auto", dataDir: ".blockage-jd", port: 8600 });
 * console.log(`workers: blockage-worker start --jd ${jd.wsUrl} --key-file worker.key`);
 */
export async function createJobDistributor(options: JobDistributorOptions): Promise<JobDistributor> {
  const provider = options.signer.provider;
  if (!provider) throw new Error("the JD's signer must be connected to a provider");
  const address = getAddress(await options.signer.getAddress());
  const chainId = (await provider.getNetwork()).chainId;
  const connected = await connectRollup(options.rollup, provider);
  // Following the chain for epochs to claim or race (`auto`, one epoch) is the Sidecar mechanism's; a Cooperative
  // rollup's node decides: it hands a `manual` JD single chunks (serveChunks) and, when an epoch cannot finalize, the
  // whole epoch for the open race (serveEpoch).
  if (connected.mechanism !== "sidecar" && options.epoch !== "manual") {
    throw new Error(
      `the rollup at ${options.rollup} is a ${connected.mechanism} deployment: its work is served by its node (epoch: "manual")`,
    );
  }
  const { rollup } = connected;
  const coordinator = connected.mechanism === "sidecar" ? connected.coordinator : null;
  const cooperative = connected.mechanism === "cooperative" ? connected.cooperativeCoordinator : null;
  const rewards =
    connected.mechanism === "sidecar"
      ? connected.coordinator
      : connected.mechanism === "cooperative"
        ? connected.cooperativeCoordinator
        : connected.openRaceCoordinator;
  const log = options.log ?? (() => {});
  const server = await createJobServer({ ...options, address, chainId });
  const chain = {
    signer: options.signer,
    address,
    chainId,
    rollup,
    coordinator,
    cooperative,
    rewards,
    fromBlock: options.fromBlock ?? 0,
  };
  const payouts = new Payouts(
    server.store,
    server.board,
    chain,
    options.payoutDistributor,
    options.operatorCutBps ?? 1000,
    log,
  );
  const pipeline = new EpochPipeline(
    server.store,
    server.board,
    chain,
    log,
    { deadlineWarnSlots: options.deadlineWarnSlots ?? 4n, maxOpenEpochs: 4 },
    (record) => payouts.settle(record),
  );
  server.extendStatus(() => ({
    mode: typeof options.epoch === "string" ? options.epoch : `epoch ${options.epoch}`,
    epochs: pipeline.epochs().map((e) => {
      const jobs = server.board.jobsOf(recordKey(e));
      return {
        epoch: e.epoch,
        /** `epoch` (a whole epoch), `chunks` (a Cooperative node's single chunks) or `race` (a Cooperative open race). */
        mode: e.mode ?? "epoch",
        status: e.status,
        chunks: e.chunkCount,
        done: jobs.filter((j) => j.status === "done").length,
        failed: jobs.filter((j) => j.status === "failed").length,
        earned: e.earned ?? null,
        submitTx: e.submitTx ?? null,
        root: e.root ?? null,
        note: e.note ?? null,
      };
    }),
    warnings: [...pipeline.warnings.values()],
  }));
  server.onTick(async () => {
    if (options.epoch === "auto") await pipeline.discover();
    else if (options.epoch !== "manual" && server.store.epochs.get(String(options.epoch)) === undefined) {
      await pipeline.serveWhenOver(options.epoch);
    }
    await pipeline.advance();
  });
  // The epoch's last accepted chunk starts its submission at once rather than at the next pass.
  server.board.on("accepted", (job) => {
    if (server.board.jobsOf(jobGroup(job)).every((j) => j.status === "done")) setImmediate(() => void server.tick());
  });
  void server.tick();
  return {
    ...server,
    serveEpoch: async (epoch) => void (await pipeline.serve(epoch)),
    serveChunks: (epoch, orders) => pipeline.serveChunks(epoch, orders),
    settleChunks: (epoch, earned, tx) => pipeline.settleChunks(epoch, earned, tx),
  };
}
