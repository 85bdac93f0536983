// The dashboard page: reads GET /config.json, follows the live feed (GET /events) and reads the chain through
// `createBlockageClient` over POST /rpc whenever the chain's head moves.
import { render } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import "uplot/dist/uPlot.min.css";
import "./styles.css";
import { FEED_VERSION, type DashboardConfig } from "../feed";
import type { ChainReader, ChainState } from "./chain";
import { INITIAL_FEED_STATE, LiveFeed, type FeedState } from "./live-feed";
import { deploymentMechanism } from "./mechanism";
import { Names } from "./names";
import { StaleBanner } from "./components/banner";
import { NowPanel } from "./components/now";
import { NodesTable } from "./components/nodes";
import { WinsChart } from "./components/wins-chart";
import { SlotsTable } from "./components/slots";
import { PendingChain } from "./components/pending-chain";
import { EpochsTable } from "./components/epochs";
import { CooperativeEpochsTable } from "./components/cooperative-epochs";
import { KeptProofsTable } from "./components/kept-proofs";
import { JobsTimeline, WorkersTable } from "./components/jobs";
import { PayoutsTable } from "./components/payouts";
import { GasTable } from "./components/gas";
import { Section } from "./components/section";

/** The feed, re-rendering on every change. */
function useLiveFeed(config: DashboardConfig): FeedState {
  const [state, setState] = useState<FeedState>(INITIAL_FEED_STATE);
  useEffect(() => {
    const feed = new LiveFeed({
      url: "/events",
      staleAfterMs: Math.max(4 * config.pollMs, 5000),
      onChange: setState,
    });
    feed.start();
    return () => feed.stop();
  }, [config]);
  return state;
}

/** The least time between two reads of the chain (each read is a few dozen JSON-RPC calls). */
const CHAIN_REFRESH_MS = 2000;

/** The chain's state, read again (one read at a time, at most every 2 s) whenever the feed's head moves. */
function useChain(
  config: DashboardConfig,
  headBlock: number | null,
): { chain: ChainState | null; error: string | null } {
  // The chain's reader (ethers and the SDK: most of the page's code) loads after the first render, so that live data
  // shows without waiting for it.
  const [reader, setReader] = useState<ChainReader | null>(null);
  const [chain, setChain] = useState<ChainState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);
  const wanted = useRef<number | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let made: ChainReader | null = null;
    let gone = false;
    import("./chain")
      .then(({ ChainReader }) => {
        if (gone) return;
        made = new ChainReader(config, `${location.origin}/rpc`);
        setReader(made);
      })
      .catch((e: Error) => setError(`cannot load the chain reader: ${e.message}`));
    return () => {
      gone = true;
      made?.destroy();
    };
  }, [config]);
  useEffect(() => {
    if (headBlock === null || reader === null) return;
    wanted.current = headBlock;
    if (busy.current) return;
    busy.current = true;
    const started = Date.now();
    const target = headBlock;
    reader
      .refresh(target)
      .then((state) => {
        setChain(state);
        setError(null);
      })
      .catch((e: Error) => setError((e as { shortMessage?: string }).shortMessage ?? e.message))
      .finally(() => {
        const wait = Math.max(0, CHAIN_REFRESH_MS - (Date.now() - started));
        setTimeout(() => {
          busy.current = false;
          if (wanted.current !== target) setTick((t) => t + 1);
        }, wait);
      });
  }, [reader, headBlock, tick]);
  return { chain, error };
}

/** Re-renders every `ms` (countdowns). */
function useNow(ms: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

function App({ config }: { config: DashboardConfig }) {
  const feed = useLiveFeed(config);
  const snapshot = feed.snapshot;
  const { chain, error: chainError } = useChain(config, snapshot?.head?.blockNumber ?? null);
  const now = useNow(1000);
  const names = useMemo(() => new Names(config.labels, snapshot?.nodes ?? []), [config, snapshot?.nodes]);
  // The rollup's word once the chain is read; until then the deployment's addresses' (the page's layout at once).
  const mechanism = chain?.mechanism ?? deploymentMechanism(config.deployment);
  const cooperative = mechanism === "cooperative";

  // The first render with live data, for the benchmark and the tests.
  useEffect(() => {
    if (snapshot !== null && !document.body.dataset.live) {
      document.body.dataset.live = "true";
      performance.mark("blockage:first-live-render");
    }
  }, [snapshot]);
  useEffect(() => {
    if (chain === null) return;
    if (!document.body.dataset.chain) {
      document.body.dataset.chain = "ready";
      performance.mark("blockage:first-chain-render");
    }
    document.body.dataset.chainBlock = String(chain.head.blockNumber);
  }, [chain]);
  useEffect(() => {
    document.body.dataset.mechanism = mechanism;
  }, [mechanism]);

  const msPerSlot = useMemo(() => {
    const measured = (snapshot?.nodes ?? [])
      .map((n) => n.status?.msPerSlot ?? 0)
      .filter((ms) => ms > 0)
      .sort((a, b) => a - b);
    if (measured.length > 0) return measured[Math.floor(measured.length / 2)]!;
    return chain === null ? null : Number(chain.params.slotDuration) * 1000;
  }, [snapshot?.nodes, chain]);

  return (
    <>
      <a class="skip" href="#main">
        Skip to the dashboard
      </a>
      <header class="top" role="banner">
        <h1>
          {config.title} <span class="muted">dashboard</span>
        </h1>
        <p class="connection" aria-live="polite">
          chain {config.chainId} · {cooperative && <span data-testid="mechanism">Cooperative proving · </span>}
          {snapshot === null
            ? "waiting for the live feed…"
            : feed.stale
              ? "live feed stalled"
              : `live · ${snapshot.nodes.filter((n) => n.reachable).length}/${snapshot.nodes.length} nodes answering`}
          {snapshot?.head ? ` · block ${snapshot.head.blockNumber}` : ""}
          {feed.reconnects > 0 ? ` · reconnected ${feed.reconnects}×` : ""}
        </p>
      </header>
      <StaleBanner feed={feed} />
      {feed.incompatible && (
        <div class="banner banner-error" role="alert">
          The dashboard server was updated: reload the page.
        </div>
      )}
      <main id="main" tabIndex={-1}>
        <NowPanel snapshot={snapshot} chain={chain} chainError={chainError} msPerSlot={msPerSlot} now={now} />
        <div class="grid">
          <div class="column">
            <Section id="nodes" title="Nodes">
              <NodesTable snapshot={snapshot} chain={chain} names={names} />
            </Section>
            <Section id="wins" title="Wins against expected share">
              <WinsChart chain={chain} names={names} />
            </Section>
            <Section id="lotteries" title="Slot lotteries">
              <SlotsTable chain={chain} names={names} />
            </Section>
            {cooperative && (
              <Section id="kept-proofs" title="Kept chunk proofs">
                <KeptProofsTable chain={chain} names={names} />
              </Section>
            )}
            <Section id="payouts" title="Worker payouts">
              <PayoutsTable chain={chain} names={names} />
            </Section>
          </div>
          <div class="column">
            <Section id="pending-chain" title="Pending chain">
              <PendingChain chain={chain} names={names} />
            </Section>
            {cooperative ? (
              <Section id="cooperative" title="Cooperative proving: epochs, blocks and windows">
                <CooperativeEpochsTable chain={chain} names={names} msPerSlot={msPerSlot} />
              </Section>
            ) : (
              <Section id="claims" title="Claims, bonds and deadlines">
                <EpochsTable chain={chain} names={names} msPerSlot={msPerSlot} />
              </Section>
            )}
            <Section id="jobs" title="CrowdProve jobs">
              <JobsTimeline snapshot={snapshot} names={names} now={now} />
              <WorkersTable snapshot={snapshot} chain={chain} names={names} />
            </Section>
            <Section id="gas" title="Gas per operation">
              <GasTable chain={chain} />
            </Section>
          </div>
        </div>
      </main>
      <footer class="foot">
        <p>
          Live data from the nodes' JSON-RPC every {config.pollMs} ms; chain state read through createBlockageClient
          (deployment block {config.fromBlock}).
        </p>
      </footer>
    </>
  );
}

async function start(): Promise<void> {
  const root = document.getElementById("root")!;
  const response = await fetch("/config.json", { cache: "no-store" });
  const config = (await response.json()) as DashboardConfig;
  if (config.version !== FEED_VERSION) {
    root.textContent = "This page does not match its server: reload it.";
    return;
  }
  document.title = `${config.title} · dashboard`;
  root.replaceChildren();
  render(<App config={config} />, root);
}

void start();
