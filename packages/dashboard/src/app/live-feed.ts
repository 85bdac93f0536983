// The page's live feed: GET /events (server-sent events) with a watchdog. A snapshot or a heartbeat arrives every
// poll; when none has come for `staleAfterMs` the feed is stale (the page says so) and the stream is opened again, with
// a growing pause between attempts, until data flows again.
import { FEED_VERSION, type DashboardHeartbeat, type DashboardSnapshot } from "../feed";

/** What the page knows about its feed. */
export interface FeedState {
  snapshot: DashboardSnapshot | null;
  /** Unix ms of the last snapshot or heartbeat. */
  lastMessageAt: number | null;
  /** The stream is open. */
  connected: boolean;
  /** No data for longer than the stale limit. */
  stale: boolean;
  /** Streams opened again after the first. */
  reconnects: number;
  /** The server speaks another feed version: reload the page. */
  incompatible: boolean;
}

/** Before the stream opens. */
export const INITIAL_FEED_STATE: FeedState = {
  snapshot: null,
  lastMessageAt: null,
  connected: false,
  stale: false,
  reconnects: 0,
  incompatible: false,
};

export interface LiveFeedOptions {
  url: string;
  staleAfterMs: number;
  onChange: (state: FeedState) => void;
  now?: () => number;
}

/** Connects, watches, reconnects. */
export class LiveFeed {
  private source: EventSource | null = null;
  private openedAt = 0;
  private retryMs = 1000;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private readonly now: () => number;
  state: FeedState = INITIAL_FEED_STATE;

  constructor(private readonly options: LiveFeedOptions) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.open();
    this.watchdog = setInterval(() => this.check(), 250);
  }

  stop(): void {
    if (this.watchdog !== null) clearInterval(this.watchdog);
    this.source?.close();
    this.source = null;
  }

  private update(patch: Partial<FeedState>): void {
    this.state = { ...this.state, ...patch };
    this.options.onChange(this.state);
  }

  private open(): void {
    this.source?.close();
    const source = new EventSource(this.options.url);
    this.source = source;
    this.openedAt = this.now();
    source.addEventListener("open", () => {
      if (this.source === source) this.update({ connected: true });
    });
    source.addEventListener("snapshot", (event) => {
      if (this.source !== source) return;
      const snapshot = JSON.parse((event as MessageEvent<string>).data) as DashboardSnapshot;
      if (snapshot.version !== FEED_VERSION) {
        this.update({ incompatible: true });
        return;
      }
      this.retryMs = 1000;
      this.update({ snapshot, lastMessageAt: this.now(), connected: true, stale: false });
    });
    source.addEventListener("heartbeat", (event) => {
      if (this.source !== source || this.state.snapshot === null) return;
      const beat = JSON.parse((event as MessageEvent<string>).data) as DashboardHeartbeat;
      this.retryMs = 1000;
      this.update({
        snapshot: { ...this.state.snapshot, time: beat.time },
        lastMessageAt: this.now(),
        connected: true,
        stale: false,
      });
    });
    source.addEventListener("error", () => {
      // The browser retries by itself while CONNECTING; a CLOSED stream is the watchdog's to reopen.
      if (this.source === source) this.update({ connected: false });
    });
  }

  private check(): void {
    const now = this.now();
    const silent = now - (this.state.lastMessageAt ?? this.openedAt);
    if (silent > this.options.staleAfterMs && !this.state.stale && this.state.snapshot !== null) {
      this.update({ stale: true });
    }
    // Reopen a stream that has said nothing for too long (the server hung, or the connection died silently).
    const quietSinceOpen = now - Math.max(this.openedAt, this.state.lastMessageAt ?? 0);
    if (quietSinceOpen > Math.max(this.options.staleAfterMs, this.retryMs)) {
      this.retryMs = Math.min(this.retryMs * 2, 10_000);
      this.update({ reconnects: this.state.reconnects + 1, connected: false });
      this.open();
    }
  }
}
