import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DashboardConfig, DashboardSnapshot } from "../feed";
import { createDashboardServer, type DashboardServer } from "./server";

/** A JSON-RPC server answering `answer(method, params)` for each call of a request (single or batch). */
async function jsonRpcStub(answer: (method: string, params: unknown) => unknown) {
  const calls: string[] = [];
  const server = http.createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const request = JSON.parse(body);
    const one = (c: { id: unknown; method: string; params: unknown }) => {
      calls.push(c.method);
      return { jsonrpc: "2.0", id: c.id, result: answer(c.method, c.params) };
    };
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(Array.isArray(request) ? request.map(one) : one(request)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, calls, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const NODE_STATUS = {
  pid: `0x${"11".repeat(32)}`,
  operator: "0x00000000000000000000000000000000000000aa",
  prover: null,
  roles: 3,
  chainId: "31337",
  slot: "42",
  epoch: "2",
  handledSlot: "42",
  busy: false,
  msPerSlot: 1000,
  breaker: { open: false, reason: null, since: null },
  mempool: 0,
  jd: null,
  gossip: null,
};

const JD_STATUS = {
  jd: "0x00000000000000000000000000000000000000bb",
  chainId: "31337",
  queue: { queued: 0, inFlight: 1, done: 0, failed: 0 },
  counters: {},
  workers: [
    {
      worker: "0x00000000000000000000000000000000000000cc",
      connected: true,
      inFlight: 1,
      done: 0,
      invalid: 0,
      timedOut: 0,
      meanProvingMs: null,
      suspendedUntil: null,
      lastServedAt: 1,
    },
  ],
  jobs: [
    {
      jobId: "2:0",
      epoch: "2",
      chunkId: 0,
      status: "leased",
      retries: 0,
      lease: { worker: "0x00000000000000000000000000000000000000cc", grantedAt: 1, deadline: 2 },
      holders: ["0x00000000000000000000000000000000000000cc"],
      doneBy: null,
      acceptedAt: null,
      provingMs: null,
    },
  ],
};

/** Reads server-sent events from `url` until `count` events of type `type` arrived. */
async function readEvents(url: string, type: string, count: number): Promise<unknown[]> {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const found: unknown[] = [];
  while (found.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event === type && data !== undefined) found.push(JSON.parse(data));
    }
  }
  controller.abort();
  return found;
}

describe("createDashboardServer", () => {
  let chain: Awaited<ReturnType<typeof jsonRpcStub>>;
  let node: Awaited<ReturnType<typeof jsonRpcStub>>;
  let dashboard: DashboardServer;
  let staticDir: string;

  beforeAll(async () => {
    chain = await jsonRpcStub((method) => {
      if (method === "eth_chainId") return "0x7a69";
      if (method === "eth_blockNumber") return "0x2a";
      if (method === "eth_getBlockByNumber") return { number: "0x2a", timestamp: "0x64" };
      return null;
    });
    node = await jsonRpcStub((method) => {
      if (method === "blockage_nodeStatus") return NODE_STATUS;
      if (method === "blockage_claims") return { claims: [], bids: [], breaker: NODE_STATUS.breaker, ledger: {} };
      if (method === "blockage_jdStatus") return JD_STATUS;
      if (method === "blockage_pendingChain") return { provenBlock: "3", pendingBlock: "5" };
      return null;
    });
    staticDir = fs.mkdtempSync(path.join(os.tmpdir(), "dashboard-static-"));
    fs.writeFileSync(path.join(staticDir, "index.html"), "<!doctype html><title>t</title>");
    fs.writeFileSync(path.join(staticDir, "app.js"), "export {};");
    dashboard = await createDashboardServer({
      rpcUrl: chain.url,
      deployment: { Rollup: { address: "0x0000000000000000000000000000000000000001", transactionHash: "0x01" } },
      fromBlock: 7,
      nodes: [{ name: "node-0", url: node.url }],
      labels: { "0x00000000000000000000000000000000000000CC": "worker-0" },
      pollMs: 100,
      staticDir,
    });
  });

  afterAll(async () => {
    await dashboard?.close();
    await node?.close();
    await chain?.close();
    fs.rmSync(staticDir, { recursive: true, force: true });
  });

  it("listens on 127.0.0.1 and serves the page with a strict content security policy", async () => {
    expect(dashboard.host).toBe("127.0.0.1");
    expect(dashboard.url).toBe(`http://127.0.0.1:${dashboard.port}/`);
    const page = await fetch(dashboard.url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect((await fetch(`${dashboard.url}app.js`)).headers.get("content-type")).toMatch(/^text\/javascript/);
    expect((await fetch(`${dashboard.url}nothing.js`)).status).toBe(404);
  });

  it("serves the page's configuration: chain id from the chain, deployment, labels in lower case", async () => {
    const config = (await (await fetch(`${dashboard.url}config.json`)).json()) as DashboardConfig;
    expect(config).toMatchObject({ version: 1, chainId: "31337", fromBlock: 7, pollMs: 100, title: "blockage" });
    expect(config.labels).toEqual({ "0x00000000000000000000000000000000000000cc": "worker-0" });
  });

  it("streams snapshots of the nodes, their jobs and the chain's head, then heartbeats", async () => {
    const [snapshot] = (await readEvents(`${dashboard.url}events`, "snapshot", 1)) as DashboardSnapshot[];
    expect(snapshot!.head).toEqual({ blockNumber: 42, timestamp: 100 });
    expect(snapshot!.nodes).toHaveLength(1);
    expect(snapshot!.nodes[0]).toMatchObject({ name: "node-0", reachable: true, status: { slot: "42" } });
    expect(snapshot!.pendingChain).toMatchObject({ pendingBlock: "5" });
    expect(snapshot!.jobs).toEqual([
      expect.objectContaining({
        jd: "node-0",
        jobId: "2:0",
        status: "leased",
        segments: [{ worker: JD_STATUS.workers[0]!.worker, from: 1, to: null, outcome: "leased" }],
      }),
    ]);
    expect(snapshot!.workers[0]).toMatchObject({ jd: "node-0", lrpRank: 1, inFlight: 1 });
    const beats = (await readEvents(`${dashboard.url}events`, "heartbeat", 2)) as { seq: number }[];
    expect(beats[1]!.seq).toBe(beats[0]!.seq);
  });

  it("proxies the chain's read methods and refuses everything else", async () => {
    const post = (body: unknown, contentType = "application/json") =>
      fetch(`${dashboard.url}rpc`, {
        method: "POST",
        headers: { "content-type": contentType },
        body: JSON.stringify(body),
      });
    const read = await post({ jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] });
    expect(await read.json()).toEqual({ jsonrpc: "2.0", id: 1, result: "0x2a" });

    const before = chain.calls.length;
    const send = await (await post({ jsonrpc: "2.0", id: 2, method: "eth_sendTransaction", params: [{}] })).json();
    expect(send.error.code).toBe(-32601);
    const batch = await (
      await post([
        { jsonrpc: "2.0", id: 3, method: "eth_blockNumber" },
        { jsonrpc: "2.0", id: 4, method: "evm_increaseTime", params: [60] },
      ])
    ).json();
    expect(batch.map((a: { error: { code: number } }) => a.error.code)).toEqual([-32600, -32601]);
    expect(chain.calls.slice(before).filter((m) => m !== "eth_getBlockByNumber")).toEqual([]);
    expect((await post({ jsonrpc: "2.0", id: 5, method: "eth_blockNumber" }, "text/plain")).status).toBe(415);
  });

  it("refuses requests to another host name (DNS rebinding) and from other origins", async () => {
    const get = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        http
          .get({ host: "127.0.0.1", port: dashboard.port, path: "/config.json", headers }, (res) => {
            res.resume();
            resolve(res.statusCode!);
          })
          .on("error", reject);
      });
    expect(await get({ host: `evil.example:${dashboard.port}` })).toBe(421);
    expect(await get({ host: `localhost:${dashboard.port}` })).toBe(200);
    expect(await get({ host: `127.0.0.1:${dashboard.port}`, origin: "https://evil.example" })).toBe(403);
    expect(await get({ host: `127.0.0.1:${dashboard.port}`, origin: `http://127.0.0.1:${dashboard.port}` })).toBe(200);
  });
});
