// The node on a real local chain (Hardhat node, the protocol deployed, one registered node): its JSON-RPC answers bad
// bids with the right codes, its capacity check refuses a claim it could not prove in time, and after one of its
// bonds is slashed its circuit breaker stops it bidding until the operator resets it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEpochStatus, slashMissedClaim } from "@blockage/client";
import { hardhatKey } from "../../../deploy/local-rollup";
import { WORKER_BIN, keyFile, startProcess, stopAll } from "../../../deploy/processes";
import { createNode, type BlockageNode, type NodeOptions } from "./node";
import { NODE_ERROR_CODES } from "./errors";
import { driveTo, enterSlot, rawRpc, rpc, startNodeChain, waitHandled, type TestChain } from "./testing/node-chain";

describe("a blockage node on a local chain", () => {
  let t: TestChain;
  let dir: string;
  let node: BlockageNode;
  const logs: { event: string; message: string }[] = [];
  let epochSlots: bigint;

  const start = (extra: Partial<NodeOptions> = {}) =>
    createNode({
      rpcUrl: t.chain.url,
      validatorKey: t.node.operatorKey,
      vrfSecretKey: t.node.keys.vrfSecretKey,
      salt: t.node.salt,
      rollup: t.rollupAddress,
      fromBlock: 0,
      dataDir: path.join(dir, "node"),
      port: 0,
      jd: { port: 0 },
      prover: { defaultProvingMs: 500, capacityMargin: 1 },
      pollMs: 50,
      log: (_level, event, message) => logs.push({ event, message }),
      ...extra,
    });

  const fill = async (txs: number) => {
    for (let i = 0; i < txs; i++) {
      const answer = await rpc(node.url, "blockage_sendTransaction", [String(1000 + logs.length * 100 + i)]);
      expect(answer.error).toBeUndefined();
    }
  };

  beforeAll(async () => {
    t = await startNodeChain();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "blockage-node-test-"));
    epochSlots = await t.beacon.epochSlots();
    node = await start();
  });

  afterAll(async () => {
    await node?.stop();
    await stopAll();
    await t?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("answers submitEpochProofBid with bad parameters with JSON-RPC errors, and changes nothing", async () => {
    const epoch = Number(await t.registry.currentEpoch());
    const cases: [unknown, number, string?][] = [
      [["x", 100], -32602, "epoch"],
      [[-1, 100], -32602, "epoch"],
      [[1.5, 100], -32602, "epoch"],
      [[epoch, 10_001], -32602, "basisPointFee"],
      [[epoch, "12abc"], -32602, "basisPointFee"],
      [[epoch], -32602, "basisPointFee"],
      [[epoch, 100, 3], -32602, "params"],
      [{ epoch, fee: 100 }, -32602, "fee"],
      [[epoch - 1, 6_000], -32602, "basisPointFee"], // above the deployment's maxQuoteFee (5000)
      [[epoch + 5, 100], NODE_ERROR_CODES.EpochNotClaimable],
    ];
    for (const [params, code, param] of cases) {
      const answer = await rpc(node.url, "submitEpochProofBid", params);
      expect(answer.error?.code, JSON.stringify(params)).toBe(code);
      if (param !== undefined) expect(answer.error?.data?.param, JSON.stringify(params)).toBe(param);
    }
    expect((await rpc(node.url, "no_such_method")).error?.code).toBe(-32601);
    expect((await rawRpc(node.url, "{not json")).error?.code).toBe(-32700);
    expect((await rpc(node.url, "blockage_sendTransaction", ["0x" + "ff".repeat(32)])).error?.code).toBe(-32602);
    const claims = (await rpc(node.url, "blockage_claims")).result as { bids: unknown[]; claims: unknown[] };
    expect(claims.bids).toEqual([]);
    expect(claims.claims).toEqual([]);
  });

  it("serves /metrics in Prometheus text", async () => {
    const text = await (await fetch(`${node.url}/metrics`)).text();
    expect(text).toMatch(/^# HELP blockage_node_slot /m);
    expect(text).toMatch(/blockage_node_rpc_calls_total\{method="submitEpochProofBid"\} \d+/);
  });

  let epoch: bigint;

  it("refuses to claim an epoch it cannot prove in time (no worker connected)", async () => {
    epoch = await t.registry.currentEpoch();
    await fill(32); // two blocks of one chunk each
    await driveTo(t, node.url, (epoch + 1n) * epochSlots + 1n); // into the designated prover's priority window
    const status = await getEpochStatus(t.coordinator, { epoch });
    expect(status.designatedProver?.toLowerCase()).toBe(t.node.pid.toLowerCase());
    expect(status.claimedBy).toBeNull();
    expect(logs.some((l) => l.event === "capacity-refused" && l.message.includes(`epoch ${epoch}`))).toBe(true);
    await driveTo(t, node.url, status.windows.priorityEnds);
    const bid = await rpc(node.url, "submitEpochProofBid", [Number(epoch), 1000]);
    expect(bid.error?.code).toBe(NODE_ERROR_CODES.InsufficientCapacity);
    expect((await t.coordinator.epochClaim(epoch)).prover).toBe("0x0000000000000000000000000000000000000000");
  });

  it("opens its circuit breaker after its bond is slashed, and bids again only after a reset", async () => {
    const worker = startProcess(
      "worker",
      WORKER_BIN,
      ["start", "--jd", node.jdUrl!, "--key-file", keyFile(dir, "worker.key", hardhatKey(8))],
      dir,
    );
    const until = Date.now() + 60_000;
    for (;;) {
      const jd = (await rpc(node.url, "blockage_jdStatus")).result as { workers: { connected: boolean }[] };
      if (jd.workers.some((w) => w.connected)) break;
      if (Date.now() > until) throw new Error(`the worker did not connect: ${worker.output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect((await rpc(node.url, "submitEpochProofBid", [Number(epoch), 1000])).result).toBeNull();
    await fill(16); // a block in the next slot: the node is its proposer and countersigns its own quote
    const status = await getEpochStatus(t.coordinator, { epoch });
    let slot = status.windows.priorityEnds;
    while ((await t.coordinator.epochClaim(epoch)).prover === "0x0000000000000000000000000000000000000000") {
      slot++;
      expect(slot).toBeLessThan(status.windows.claimCloses);
      await enterSlot(t, slot);
      await waitHandled(node.url, slot);
    }
    const claims = (await rpc(node.url, "blockage_claims")).result as { claims: { epoch: string; kind: string }[] };
    expect(claims.claims.find((c) => c.epoch === String(epoch))?.kind).toBe("quote");
    // The claimant goes silent before proving: its worker and the node stop.
    await worker.kill9();
    await node.stop();
    await enterSlot(t, status.windows.finalDeadline);
    const slashed = await slashMissedClaim(t.coordinator.connect(t.signers[2]), { epoch });
    expect(slashed.prover).toBe(new (await import("ethers")).Wallet(t.node.operatorKey).address);

    node = await start();
    await driveTo(t, node.url, status.windows.finalDeadline + 1n);
    const after = (await rpc(node.url, "blockage_claims")).result as {
      breaker: { open: boolean };
      claims: { epoch: string; status: string }[];
    };
    expect(after.breaker.open).toBe(true);
    expect(after.claims.find((c) => c.epoch === String(epoch))?.status).toBe("slashed");
    const now = await t.registry.currentEpoch();
    const refused = await rpc(node.url, "submitEpochProofBid", [Number(now), 1000]);
    expect(refused.error?.code).toBe(NODE_ERROR_CODES.CircuitBreakerOpen);
    const reset = await rpc(node.url, "blockage_resetCircuitBreaker");
    expect(reset.result).toMatchObject({ wasOpen: true });
    const again = await rpc(node.url, "submitEpochProofBid", [Number(now), 1000]);
    expect(again.error?.code).not.toBe(NODE_ERROR_CODES.CircuitBreakerOpen);
    // The reset holds across a restart: the slash already seen is not read again.
    await node.stop();
    node = await start();
    await driveTo(t, node.url, status.windows.finalDeadline + 3n);
    const restarted = (await rpc(node.url, "blockage_claims")).result as { breaker: { open: boolean } };
    expect(restarted.breaker.open).toBe(false);
  });
});
