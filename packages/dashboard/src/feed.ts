// What the dashboard server streams to the page (server-sent events on GET /events) and serves as GET /config.json.
// Shared by the server and the browser app: plain JSON, numbers that may exceed 2^53 as decimal strings.

/** The feed's format version; the page refuses another. */
export const FEED_VERSION = 1;

/** GET /config.json: what the page needs before its first live event. */
export interface DashboardConfig {
  version: typeof FEED_VERSION;
  /** Shown in the page's title and heading. */
  title: string;
  chainId: string;
  /** The contracts: a `deployments/<chainId>.json` record or explicit addresses (`createBlockageClient`'s `deployment`). */
  deployment: DashboardDeployment;
  /** First L1 block of the protocol's logs (its deployment block). */
  fromBlock: number;
  /** How often the server polls the nodes (ms): the page calls the feed stale after a few missed polls. */
  pollMs: number;
  /** Names for addresses and node ids (workers, operators, provers, pids), lower-case keys. */
  labels: Record<string, string>;
}

/** The contracts by role, as `createBlockageClient` accepts them besides a deployment record. */
export interface ContractAddresses {
  registry: string;
  beacon: string;
  lottery: string;
  rollup: string;
  /** The rollup's coordinator, whichever its mechanism: the page asks the rollup which one it runs. */
  coordinator: string;
  /** A Cooperative rollup's coordinator again: with it the page lays itself out for Cooperative proving at once. */
  cooperativeCoordinator?: string;
  /** An open-race rollup's coordinator again: with it the page lays itself out for the open race at once. */
  openRaceCoordinator?: string;
  stakeToken: string;
  payoutDistributor?: string;
}

/** A `deployments/<chainId>.json` record, or the addresses `createBlockageClient` accepts. */
export type DashboardDeployment = Record<string, { address: string; transactionHash?: string }> | ContractAddresses;

/** `blockage_nodeStatus`. */
export interface NodeStatus {
  pid: string;
  operator: string;
  prover: string | null;
  roles: number;
  chainId: string;
  slot: string;
  epoch: string;
  handledSlot: string;
  busy: boolean;
  /** Measured wall-clock length of a slot. */
  msPerSlot: number;
  breaker: { open: boolean; reason: string | null; since: number | null };
  mempool: number;
  jd: { httpUrl: string; wsUrl: string } | null;
  gossip: { peerId?: string; peers?: number; multiaddrs?: string[] } | null;
}

/** One record of `blockage_claims`. */
export interface NodeClaim {
  epoch: string;
  kind: "designated" | "quote" | "rescue";
  status: "claiming" | "claimed" | "proving" | "proven" | "slashed" | "lost";
  txHash: string | null;
  bond: string;
  basisPointFee: number;
  proofDeadline: string;
  finalDeadline: string;
  chunks: number;
  updatedAt: number;
  note?: string;
  proofTx?: string;
  earned?: string;
}

/** `blockage_claims`. */
export interface NodeClaims {
  claims: NodeClaim[];
  bids: { epoch: string; basisPointFee: number; bond: string; source: string; createdAt: number }[];
  breaker: { open: boolean; reason: string | null; since: number | null };
  ledger: { owed: string; withdrawn: string };
}

/** A worker in `blockage_jdStatus` (the JD's `get_status`). */
export interface JdWorker {
  worker: string;
  connected: boolean;
  inFlight: number;
  done: number;
  invalid: number;
  timedOut: number;
  meanProvingMs: number | null;
  suspendedUntil: number | null;
  lastServedAt?: number | null;
}

/** A job in `blockage_jdStatus`. */
export interface JdJob {
  jobId: string;
  epoch: string;
  chunkId: number;
  status: "queued" | "leased" | "done" | "failed";
  retries: number;
  lease: { worker: string; grantedAt: number; deadline: number } | null;
  holders: string[];
  doneBy: string | null;
  acceptedAt: number | null;
  provingMs: number | null;
}

/** `blockage_jdStatus`. */
export interface JdStatus {
  jd: string;
  chainId: string;
  queue: { queued: number; inFlight: number; done: number; failed: number };
  counters: Record<string, number>;
  workers: JdWorker[];
  jobs?: JdJob[];
  epochs?: {
    epoch: string;
    status: string;
    chunks: number;
    done: number;
    failed: number;
    earned: string | null;
    submitTx: string | null;
  }[];
  warnings?: string[];
}

/** `blockage_pendingChain`. */
export interface PendingChain {
  provenBlock: string;
  pendingBlock: string;
  tipSlot: string;
  oldestUnprovenSlot: string;
  tipProposer: string;
}

/** One node as the feed sees it. */
export interface NodeFeed {
  name: string;
  url: string;
  /** Whether its last poll answered. */
  reachable: boolean;
  /** Why it is not polled or not reachable, for people ("silenced (kill -9)", "stopped: the run is over"). */
  note: string | null;
  /** Unix ms of its last answer. */
  lastSeen: number | null;
  /** The last poll's failure, one line. */
  error: string | null;
  status: NodeStatus | null;
  claims: NodeClaims | null;
  jd: JdStatus | null;
}

/** What happened to a job in one stretch of time, on one worker's lane. */
export type JobSegmentOutcome = "leased" | "proven" | "reassigned" | "invalid" | "failed";

/** A stretch of a job's life on one worker: from its lease to its proof, its reassignment or now. */
export interface JobSegment {
  worker: string;
  /** Unix ms. */
  from: number;
  /** Unix ms; `null` while it lasts. */
  to: number | null;
  outcome: JobSegmentOutcome;
}

/** A CrowdProve chunk job and its history, accumulated by the server from its JD's successive statuses. */
export interface JobHistory {
  /** The node whose embedded JD serves it. */
  jd: string;
  jobId: string;
  epoch: string;
  chunkId: number;
  status: JdJob["status"];
  /** When the server first saw it (unix ms). */
  queuedAt: number;
  segments: JobSegment[];
  /** When the server stopped following its JD (its node stopped or went silent), or null while it follows it. */
  followedUntil: number | null;
}

/** A worker of a JD, in least-recently-served order within its JD. */
export interface WorkerFeed extends Pick<
  JdWorker,
  "worker" | "connected" | "inFlight" | "done" | "invalid" | "timedOut" | "meanProvingMs"
> {
  /** The node whose JD it works for. */
  jd: string;
  /** 1 = served next. */
  lrpRank: number;
  suspended: boolean;
  lastServedAt: number | null;
}

/** An `event: snapshot` of GET /events. */
export interface DashboardSnapshot {
  version: typeof FEED_VERSION;
  /** Increases by one with every snapshot the server builds. */
  seq: number;
  /** Server time of the snapshot (unix ms). */
  time: number;
  /** The chain's head as the server last read it. */
  head: { blockNumber: number; timestamp: number } | null;
  /** The chain could not be read: one line. */
  chainError: string | null;
  nodes: NodeFeed[];
  /** From the first reachable node. */
  pendingChain: PendingChain | null;
  workers: WorkerFeed[];
  jobs: JobHistory[];
}

/** An `event: heartbeat` of GET /events: nothing changed since snapshot `seq`. */
export interface DashboardHeartbeat {
  seq: number;
  time: number;
}
