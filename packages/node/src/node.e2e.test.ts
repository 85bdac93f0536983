// The node as a real process (`blockage node start`) killed with `kill -9` in the middle of a claim: its designated
// claim is sent but not yet mined (the chain's automine is paused), the process dies, and the restarted node finds
// the claim's transaction, waits for it instead of claiming again, and carries on with the epoch it holds.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MaxUint256, Wallet } from "ethers";
import { NODE_VRF_SUITE, contractAt } from "@blockage/client";
import { freePort } from "../../../deploy/local-chain";
import { hardhatKey } from "../../../deploy/local-rollup";
import { WORKER_BIN, keyFile, startProcess, stopAll, type Proc } from "../../../deploy/processes";
import { driveTo, enterSlot, rpc, startNodeChain, type TestChain } from "./testing/node-chain";

const CLI_BIN = path.resolve(__dirname, "..", "..", "cli", "bin", "blockage.js");

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe("a node process killed with kill -9 mid-claim", () => {
  let t: TestChain;
  let dir: string;
  let node: Proc;
  let url: string;
  let args: string[];

  const startNode = async () => {
    node = startProcess("node", CLI_BIN, args, dir);
    await until("the node's JSON-RPC", async () => (await rpc(url, "blockage_nodeStatus")).result);
  };

  beforeAll(async () => {
    t = await startNodeChain();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "blockage-node-e2e-"));
    const operator = new Wallet(t.node.operatorKey);
    const keysFile = path.join(dir, "node-keys.json");
    fs.writeFileSync(
      keysFile,
      JSON.stringify({
        version: 1,
        pid: t.node.pid,
        operator: operator.address,
        salt: t.node.salt,
        vrf: { suite: NODE_VRF_SUITE, secretKey: t.node.keys.vrfSecretKey, publicKey: t.node.keys.vrfKey },
      }),
      { mode: 0o600 },
    );
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    args = [
      "node",
      "start",
      "--rpc",
      t.chain.url,
      "--rollup",
      t.rollupAddress,
      "--from-block",
      "0",
      "--key-file",
      keyFile(dir, "operator.key", t.node.operatorKey),
      "--node-keys",
      keysFile,
      "--port",
      String(port),
      "--jd-port",
      String(await freePort()),
      "--data-dir",
      path.join(dir, "data"),
      "--no-keeper",
      "--proving-ms",
      "500",
      "--json",
    ];
    // The bond's allowance is given up front, so that the claim is the one transaction left pending.
    const token = contractAt("StakeToken", await t.rollup.stakeToken(), operator.connect(t.provider));
    await (await token.approve(await t.coordinator.getAddress(), MaxUint256)).wait();
  });

  afterAll(async () => {
    await t?.provider.send("evm_setAutomine", [true]).catch(() => undefined);
    await stopAll();
    await t?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("finds its claim after a restart, waits for it, and never sends a second one", async () => {
    await startNode();
    const status = (await rpc(url, "blockage_nodeStatus")).result as { jd: { wsUrl: string } };
    startProcess(
      "worker",
      WORKER_BIN,
      ["start", "--jd", status.jd.wsUrl, "--key-file", keyFile(dir, "w.key", hardhatKey(8))],
      dir,
    );
    await until("a connected worker", async () => {
      const jd = (await rpc(url, "blockage_jdStatus")).result as { workers: { connected: boolean }[] };
      return jd.workers.some((w) => w.connected) ? true : undefined;
    });
    const epoch = await t.registry.currentEpoch();
    for (let i = 0; i < 16; i++) await rpc(url, "blockage_sendTransaction", [String(77_000 + i)]);
    const epochSlots = await t.beacon.epochSlots();
    await driveTo(t, url, (epoch + 1n) * epochSlots - 1n);
    expect((await t.coordinator.designatedProver(epoch)).pid.toLowerCase()).toBe(t.node.pid.toLowerCase());

    // The priority window opens with the chain no longer mining on its own: the claim is sent and stays pending.
    await t.provider.send("evm_setAutomine", [false]);
    await enterSlot(t, (epoch + 1n) * epochSlots);
    const pending = await until("the claim's hash in the node's database", async () => {
      const { claims } = (await rpc(url, "blockage_claims")).result as {
        claims: { epoch: string; status: string; txHash: string | null }[];
      };
      const c = claims.find((x) => x.epoch === String(epoch));
      return c?.status === "claiming" && c.txHash !== null ? c.txHash : undefined;
    });
    await node.kill9();
    expect((await t.provider.getTransaction(pending))?.blockNumber ?? null).toBeNull();

    await startNode();
    await new Promise((r) => setTimeout(r, 3000)); // a few passes of the restarted node's loop
    const block = (await t.provider.send("eth_getBlockByNumber", ["pending", true])) as {
      transactions: { from: string; input: string; hash: string }[];
    };
    const selector = t.coordinator.interface.getFunction("claimAsDesignatedProver")!.selector;
    const claimsSent = block.transactions.filter(
      (tx) =>
        tx.from.toLowerCase() === new Wallet(t.node.operatorKey).address.toLowerCase() && tx.input.startsWith(selector),
    );
    expect(claimsSent.map((tx) => tx.hash)).toEqual([pending]);

    await t.provider.send("evm_setAutomine", [true]);
    await t.provider.send("evm_mine", []);
    expect((await t.coordinator.epochClaim(epoch)).prover).toBe(new Wallet(t.node.operatorKey).address);
    await enterSlot(t, (epoch + 1n) * epochSlots + 1n);
    const held = await until("the claim reconciled", async () => {
      const { claims } = (await rpc(url, "blockage_claims")).result as { claims: { epoch: string; status: string }[] };
      const c = claims.find((x) => x.epoch === String(epoch));
      return c !== undefined && ["claimed", "proving", "proven"].includes(c.status) ? c.status : undefined;
    });
    expect(["claimed", "proving", "proven"]).toContain(held);
    // The record is committed before the line is logged: wait for the line.
    await until("the claim-recovered log line", async () =>
      /"event":"claim-recovered"/.test(node.output) ? true : undefined,
    );
    const events = await t.coordinator.queryFilter(t.coordinator.filters.ProofRightClaimed(epoch));
    expect(events).toHaveLength(1);
  });

  it("answers seed 003's CLI command: a bid for an epoch not yet open is refused with the node's error code", async () => {
    const future = (await t.registry.currentEpoch()) + 3n;
    const json = startProcess(
      "bid-json",
      CLI_BIN,
      [
        ...["prover-coordination", "submit-epoch-proof-bid", "--epoch", String(future)],
        "--basis-point-fee",
        "1000",
        "--node",
        url,
        "--json",
      ],
      dir,
    );
    expect(await json.exited).toBe(1);
    expect(JSON.parse(json.output.trim()).error).toMatchObject({ rpcCode: -32012, exitCode: 1 });
    const usage = startProcess(
      "bid-usage",
      CLI_BIN,
      ["prover-coordination", "submit-epoch-proof-bid", "--epoch", "1", "--basis-point-fee", "10001", "--node", url],
      dir,
    );
    expect(await usage.exited).toBe(2);
  });

  it("serves its live dashboard with --dashboard: the page, its contracts, the feed of this node, the chain read-only", async () => {
    const lonePort = startProcess("dashboard-usage", CLI_BIN, [...args, "--dashboard-port", "0"], dir);
    expect(await lonePort.exited).toBe(2);
    expect(lonePort.output).toContain("--dashboard-port needs --dashboard");

    await node.stop();
    const dashboardPort = await freePort();
    node = startProcess("node", CLI_BIN, [...args, "--dashboard", "--dashboard-port", String(dashboardPort)], dir);
    const page = await until("the dashboard's URL in the log", async () => {
      const line = node.output.split("\n").find((l) => l.includes('"event":"dashboard"'));
      return line === undefined ? undefined : (JSON.parse(line) as { url: string }).url;
    });
    expect(page).toBe(`http://127.0.0.1:${dashboardPort}/`);
    expect((await fetch(page)).headers.get("content-type")).toMatch(/^text\/html/);
    const config = (await (await fetch(`${page}config.json`)).json()) as {
      deployment: { rollup: string; coordinator: string; registry: string; beacon: string; lottery: string };
    };
    expect(config.deployment.rollup).toBe(t.rollupAddress);
    expect(config.deployment.lottery).toBe(t.rollupAddress);
    expect(config.deployment.coordinator).toBe(await t.coordinator.getAddress());
    expect(config.deployment.registry).toBe(await t.registry.getAddress());
    expect(config.deployment.beacon).toBe(await t.beacon.getAddress());

    // The feed's first snapshot: this node, answering, with its job distributor.
    const response = await fetch(`${page}events`, { signal: AbortSignal.timeout(30_000) });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const first = /event: snapshot\n(?:id: .*\n)?data: (.*)\n\n/;
    let text = "";
    while (!first.test(text)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the feed ended before its first snapshot: ${text}`);
      text += decoder.decode(value, { stream: true });
    }
    await reader.cancel();
    const snapshot = JSON.parse(first.exec(text)![1]!) as {
      nodes: { reachable: boolean; status: { pid: string }; jd: { jd: string } | null }[];
    };
    expect(snapshot.nodes).toHaveLength(1);
    expect(snapshot.nodes[0]).toMatchObject({ reachable: true, status: { pid: t.node.pid } });
    expect(snapshot.nodes[0]!.jd).not.toBeNull();

    // The chain through the page's proxy: reads pass, transactions do not.
    const post = (method: string) =>
      fetch(`${page}rpc`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: [] }),
      }).then((r) => r.json() as Promise<{ result?: string; error?: { code: number } }>);
    expect(BigInt((await post("eth_blockNumber")).result!)).toBe(BigInt(await t.provider.getBlockNumber()));
    expect((await post("evm_mine")).error?.code).toBe(-32601);
  });
});
