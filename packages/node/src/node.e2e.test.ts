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
    expect(node.output).toMatch(/"event":"claim-recovered"/);
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
});
