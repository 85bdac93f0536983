// The dashboard's HTTP server (plain node:http, 127.0.0.1 by default): the page's static files, GET /config.json,
// GET /events (server-sent events: the live feed), POST /rpc (the chain's JSON-RPC, read-only) and GET /healthz.
import fs from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FEED_VERSION, type DashboardConfig, type DashboardDeployment, type DashboardSnapshot } from "../feed";
import { call } from "./json-rpc";
import { FeedPoller, type DashboardNodeSource, type FeedEvent } from "./poller";
import { proxyRpc } from "./rpc-proxy";

/** Options of {@link createDashboardServer}. */
export interface DashboardServerOptions {
  /** The chain's JSON-RPC URL; the page reads the chain through POST /rpc, which forwards reads here. */
  rpcUrl: string;
  /**
   * The contracts, as `createBlockageClient` takes them: a `deployments/<chainId>.json` record (`{ "Rollup": {
   * "address", "transactionHash" }, … }`) or explicit addresses (`{ registry, beacon, lottery, rollup, coordinator,
   * cooperativeCoordinator?, stakeToken, payoutDistributor? }`). Sidecar or Cooperative: the page asks the rollup.
   */
  deployment: DashboardDeployment;
  /** The nodes to follow (their JSON-RPC URLs), or a function read at every poll (nodes that come and go). */
  nodes: readonly DashboardNodeSource[] | (() => readonly DashboardNodeSource[]);
  /** First block of the protocol's logs. Default: the block of the deployment's earliest transaction, else 0. */
  fromBlock?: number;
  /** The chain id. Default: read from the chain. */
  chainId?: bigint | number | string;
  /** Names for addresses and node ids (operators, provers, workers, pids), shown instead of hex. */
  labels?: Record<string, string>;
  /** Bind address. Default 127.0.0.1: the page proxies the chain and shows the nodes' state to whoever reaches it. */
  host?: string;
  /** Port (default 0: any free port; the URL says which). */
  port?: number;
  /** How often the nodes and the chain's head are polled, in ms (default 1000). */
  pollMs?: number;
  /** The page's title (default "blockage"). */
  title?: string;
  /** Where the built page lives (default the package's own `dist/app`). */
  staticDir?: string;
}

/** A running dashboard. */
export interface DashboardServer {
  /** The page, e.g. `http://127.0.0.1:8700/`. */
  url: string;
  host: string;
  port: number;
  /** The latest snapshot of the feed (null before the first poll ends). */
  snapshot(): DashboardSnapshot | null;
  /** Stops polling, ends every stream and closes the server. Safe to call twice. */
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".map": "application/json",
  ".json": "application/json",
};

/** Headers of every page response: nothing from elsewhere, no framing, no sniffing. */
const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

/** The built page: next to this module once bundled (dist/app), or the package's dist/app from its sources. */
function defaultStaticDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [path.join(here, "app"), path.join(here, "..", "..", "dist", "app")]) {
    if (fs.existsSync(path.join(candidate, "index.html"))) return candidate;
  }
  throw new Error(`the dashboard's page is not built (no app/index.html next to ${here}): run "npm run build"`);
}

function loadStatic(dir: string): Map<string, { type: string; body: Buffer }> {
  const files = new Map<string, { type: string; body: Buffer }>();
  for (const name of fs.readdirSync(dir)) {
    const type = MIME[path.extname(name)];
    if (type === undefined) continue;
    files.set(`/${name}`, { type, body: fs.readFileSync(path.join(dir, name)) });
  }
  return files;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** The deployment's earliest transaction's block, for the page's log queries. */
async function deploymentBlock(rpcUrl: string, deployment: DashboardDeployment): Promise<number> {
  const hashes = Object.values(deployment)
    .map((v) => (typeof v === "object" && v !== null ? (v as { transactionHash?: string }).transactionHash : undefined))
    .filter((h): h is string => typeof h === "string");
  let first: number | null = null;
  for (const hash of hashes) {
    const receipt = (await call(rpcUrl, "eth_getTransactionReceipt", [hash], 5000).catch(() => null)) as {
      blockNumber?: string;
    } | null;
    if (receipt?.blockNumber !== undefined) {
      const n = Number(BigInt(receipt.blockNumber));
      if (first === null || n < first) first = n;
    }
  }
  return first ?? 0;
}

/**
 * Starts the dashboard: serves the page, streams the nodes' and their job distributors' status (server-sent events
 * on GET /events, polled every `pollMs`), and proxies the chain's read-only JSON-RPC on POST /rpc so that the page
 * reads the contracts with `createBlockageClient` on its own origin.
 *
 * @param options - The chain, the deployment, the nodes, and where to listen.
 * @returns The running server; its `url` is the page.
 * @throws {Error} If the page is not built or the port cannot be bound.
 * @example
 * const dashboard = await createDashboardServer({
 *   rpcUrl: "http://127.0.0.1:8545",
 *   deployment: JSON.parse(fs.readFileSync("deployments/31337.json", "utf8")),
 *   nodes: [{ name: "node-0", url: "http://127.0.0.1:8547" }],
 * });
 * console.log(`dashboard ${dashboard.url}`);
 */
export async function createDashboardServer(options: DashboardServerOptions): Promise<DashboardServer> {
  const host = options.host ?? "127.0.0.1";
  const pollMs = options.pollMs ?? 1000;
  const files = loadStatic(options.staticDir ?? defaultStaticDir());
  const chainId =
    options.chainId !== undefined
      ? BigInt(options.chainId).toString()
      : BigInt((await call(options.rpcUrl, "eth_chainId", [], 5000)) as string).toString();
  const fromBlock = options.fromBlock ?? (await deploymentBlock(options.rpcUrl, options.deployment));
  const labels = Object.fromEntries(Object.entries(options.labels ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const config: DashboardConfig = {
    version: FEED_VERSION,
    title: options.title ?? "blockage",
    chainId,
    deployment: options.deployment,
    fromBlock,
    pollMs,
    labels,
  };
  const nodes = typeof options.nodes === "function" ? options.nodes : () => options.nodes as DashboardNodeSource[];
  const poller = new FeedPoller({ rpcUrl: options.rpcUrl, nodes, pollMs });
  const streams = new Set<ServerResponse>();

  let port = 0;
  const allowedHosts = () =>
    new Set([...LOOPBACK, host].map((h) => `${h.includes(":") && !h.startsWith("[") ? `[${h}]` : h}:${port}`));
  const loopbackOnly = LOOPBACK.has(host);

  const events = async (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    res.write("retry: 1000\n\n");
    streams.add(res);
    const write = (event: FeedEvent) => {
      if (event.kind === "snapshot") {
        res.write(`event: snapshot\nid: ${event.snapshot.seq}\ndata: ${JSON.stringify(event.snapshot)}\n\n`);
      } else {
        res.write(`event: heartbeat\ndata: ${JSON.stringify({ seq: event.seq, time: event.time })}\n\n`);
      }
    };
    let unsubscribe = () => {};
    req.on("close", () => {
      unsubscribe();
      streams.delete(res);
    });
    const first = await poller.current();
    if (first === null || res.writableEnded || res.destroyed) return;
    write({ kind: "snapshot", snapshot: first });
    unsubscribe = poller.subscribe(write);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    // DNS rebinding: a loopback server answers only requests addressed to a loopback name.
    if (loopbackOnly && !allowedHosts().has(req.headers.host ?? "")) {
      res.writeHead(421, { "content-type": "text/plain" });
      res.end("misdirected request: use the URL the dashboard printed\n");
      return;
    }
    const origin = req.headers.origin;
    if (
      origin !== undefined &&
      origin !== "null" &&
      loopbackOnly &&
      !allowedHosts().has(origin.replace(/^https?:\/\//, ""))
    ) {
      res.writeHead(403, { "content-type": "text/plain" });
      res.end("cross-origin requests are refused\n");
      return;
    }
    const url = new URL(req.url ?? "/", "http://dashboard.invalid");
    if (req.method === "POST" && url.pathname === "/rpc") return proxyRpc(req, res, options.rpcUrl);
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD, POST" });
      res.end();
      return;
    }
    if (url.pathname === "/events") return events(req, res);
    if (url.pathname === "/config.json") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(config));
      return;
    }
    if (url.pathname === "/healthz") {
      const s = poller.latest();
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify({ ok: true, seq: s?.seq ?? 0, time: s?.time ?? null }));
      return;
    }
    const file = files.get(url.pathname === "/" ? "/index.html" : url.pathname);
    if (file === undefined) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found\n");
      return;
    }
    res.writeHead(200, { "content-type": file.type, "cache-control": "no-cache", ...SECURITY_HEADERS });
    res.end(req.method === "HEAD" ? undefined : file.body);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`internal error: ${(error as Error).message}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  poller.start();
  const shownHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${shownHost}:${port}/`,
    host,
    port,
    snapshot: () => poller.latest(),
    close: () =>
      (closing ??= (async () => {
        await poller.stop();
        for (const res of streams) res.end();
        streams.clear();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })()),
  };
}
