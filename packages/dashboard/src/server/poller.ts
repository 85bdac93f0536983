// The live feed: every `pollMs` the server reads the chain's head and each node's status, claims and JD status (one
// JSON-RPC batch per node), folds the JDs' jobs into their history, and hands the result to the page's streams: a
// snapshot when anything changed, a heartbeat when nothing did.
import {
  FEED_VERSION,
  type DashboardSnapshot,
  type JdStatus,
  type NodeClaims,
  type NodeFeed,
  type NodeStatus,
  type PendingChain,
} from "../feed";
import { JobHistoryBook } from "./job-history";
import { call, callBatch } from "./json-rpc";

/** A node the dashboard follows. */
export interface DashboardNodeSource {
  /** Shown on the page. */
  name: string;
  /** The node's JSON-RPC URL (`blockage node start --port`). */
  url: string;
  /** Whether to poll it (default true); a node no longer polled keeps its last data. */
  polled?: boolean;
  /** Why it is not polled or may not answer, shown next to it. */
  note?: string | null;
}

/** What the poller emits. */
export type FeedEvent =
  { kind: "snapshot"; snapshot: DashboardSnapshot } | { kind: "heartbeat"; seq: number; time: number };

export interface PollerOptions {
  rpcUrl: string;
  nodes: () => readonly DashboardNodeSource[];
  pollMs: number;
  /** Per request (default: the poll interval, at least 1.5 s). */
  timeoutMs?: number;
  now?: () => number;
}

/** Polls the chain and the nodes and tells its listeners. */
export class FeedPoller {
  private readonly book = new JobHistoryBook();
  private readonly known = new Map<string, NodeFeed>();
  /** Nodes no longer polled whose jobs were frozen. */
  private readonly frozen = new Set<string>();
  private readonly listeners = new Set<(event: FeedEvent) => void>();
  private last: DashboardSnapshot | null = null;
  private lastKey = "";
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly now: () => number;
  private firstSnapshot: Promise<void>;
  private resolveFirst!: () => void;

  constructor(private readonly options: PollerOptions) {
    this.now = options.now ?? Date.now;
    this.firstSnapshot = new Promise((resolve) => (this.resolveFirst = resolve));
  }

  /** The latest snapshot, once the first poll is done (null if the poller stopped before). */
  async current(): Promise<DashboardSnapshot | null> {
    await this.firstSnapshot;
    return this.last;
  }

  /** The latest snapshot, or null before the first poll ends. */
  latest(): DashboardSnapshot | null {
    return this.last;
  }

  subscribe(listener: (event: FeedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  start(): void {
    const loop = async () => {
      if (this.stopped) return;
      const started = this.now();
      this.running = this.poll().catch(() => {});
      await this.running;
      this.running = null;
      if (!this.stopped) this.timer = setTimeout(loop, Math.max(50, this.options.pollMs - (this.now() - started)));
    };
    void loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    await this.running;
    this.resolveFirst();
  }

  /** One poll of the chain and every node. */
  async poll(): Promise<void> {
    const timeoutMs = this.options.timeoutMs ?? Math.max(1500, this.options.pollMs);
    const sources = this.options.nodes();
    let head: DashboardSnapshot["head"] = this.last?.head ?? null;
    let chainError: string | null = null;
    let pendingChain: PendingChain | null = null;
    const headRead = call(this.options.rpcUrl, "eth_getBlockByNumber", ["latest", false], timeoutMs).then(
      (block) => {
        const b = block as { number: string; timestamp: string };
        head = { blockNumber: Number(BigInt(b.number)), timestamp: Number(BigInt(b.timestamp)) };
      },
      (error: Error) => void (chainError = error.message),
    );
    const firstPolled = sources.find((s) => s.polled !== false);
    const nodes = await Promise.all(
      sources.map(async (source): Promise<NodeFeed> => {
        const before = this.known.get(source.name);
        const base: NodeFeed = before
          ? { ...before, url: source.url, note: source.note ?? null }
          : {
              name: source.name,
              url: source.url,
              reachable: false,
              note: source.note ?? null,
              lastSeen: null,
              error: null,
              status: null,
              claims: null,
              jd: null,
            };
        if (source.polled === false) {
          if (base.jd !== null && !this.frozen.has(source.name)) {
            this.frozen.add(source.name);
            this.book.freeze(source.name, base.lastSeen ?? this.now());
          }
          return { ...base, reachable: false, error: null };
        }
        this.frozen.delete(source.name);
        const calls = [
          { method: "blockage_nodeStatus" },
          { method: "blockage_claims" },
          { method: "blockage_jdStatus" },
          ...(source === firstPolled ? [{ method: "blockage_pendingChain" }] : []),
        ];
        try {
          const [status, claims, jd, pending] = await callBatch(source.url, calls, timeoutMs);
          const at = this.now();
          const feed: NodeFeed = {
            ...base,
            reachable: true,
            lastSeen: at,
            error: [status, claims, jd].find((a) => !a!.ok)?.ok === false ? "some status calls failed" : null,
            status: status!.ok ? (status!.result as NodeStatus) : base.status,
            claims: claims!.ok ? (claims!.result as NodeClaims) : base.claims,
            jd: jd!.ok ? (jd!.result as JdStatus | null) : base.jd,
          };
          if (feed.jd !== null && jd!.ok) this.book.observe(source.name, feed.jd, at);
          if (pending?.ok) pendingChain = pending.result as PendingChain;
          return feed;
        } catch (error) {
          return { ...base, reachable: false, error: (error as Error).message };
        }
      }),
    );
    await headRead;
    for (const n of nodes) this.known.set(n.name, n);
    const body = {
      head,
      chainError,
      nodes,
      pendingChain: pendingChain ?? this.last?.pendingChain ?? null,
      workers: this.book.workers(),
      jobs: this.book.jobsList(),
    };
    // Changes worth a snapshot: anything but the time of the nodes' last answers.
    const key = JSON.stringify({ ...body, nodes: nodes.map((n) => ({ ...n, lastSeen: null })) });
    const time = this.now();
    if (key !== this.lastKey || this.last === null) {
      this.lastKey = key;
      this.last = { version: FEED_VERSION, seq: ++this.seq, time, ...body };
      this.emit({ kind: "snapshot", snapshot: this.last });
      this.resolveFirst();
    } else {
      this.last = { ...this.last, time, nodes };
      this.emit({ kind: "heartbeat", seq: this.seq, time });
    }
  }

  private emit(event: FeedEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
