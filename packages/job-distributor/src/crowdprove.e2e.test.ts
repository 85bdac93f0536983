/* eslint-disable @typescript-eslint/no-explicit-any -- JSON-RPC answers are untyped JSON, checked with expect(). */
// CrowdProve end to end with every service its own process: a `blockage-jd` and three `blockage-worker`s prove a real
// epoch on a local Hardhat node. On the way a worker is killed with `kill -9` while it holds a job (the job is
// reassigned when its lease runs out) and the JD itself is `kill -9`'d mid-epoch and restarted on the same data
// directory (nothing lost, nothing paid twice, the epoch still proven). Then every worker claims its payout on-chain
// with `blockage-worker claim`, and the balances match the JD's signed receipts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Wallet } from "ethers";
import { getEpochStatus, type PayoutDistributor } from "@blockage/client";
import { deployPayoutDistributor, IStakeToken__factory } from "@blockage/client/deploy";
import { hardhatKey, startLocalRollup, type TestChain } from "../../../deploy/local-rollup";
import { freePort } from "../../../deploy/local-chain";
import { JD_BIN, WORKER_BIN, keyFile, startProcess, stopAll, type Proc } from "../../../deploy/processes";

const LEASE_MS = 5_000;
let t: TestChain;
let dir: string;
let distributor: PayoutDistributor;

async function status(port: number): Promise<any | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}`, {
      method: "POST",
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "get_status" }),
    });
    return ((await res.json()) as any).result;
  } catch {
    return null;
  }
}

async function until<T>(
  probe: () => Promise<T | null | undefined | false>,
  ms: number,
  what: string,
  procs: Proc[],
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `${what} within ${ms} ms\n${procs.map((p) => `--- ${p.name}\n${p.output.slice(-4000)}`).join("\n")}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  t = await startLocalRollup();
  ({ distributor } = await deployPayoutDistributor(t.signers[0], { token: await t.registry.stakeToken() }));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "crowdprove-e2e-"));
}, 240_000);

afterAll(async () => {
  await stopAll();
  await t?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("CrowdProve with real processes", () => {
  it("a JD and three workers prove an epoch through a worker crash and a JD crash, and the workers claim what they earned", async () => {
    const epoch = await t.epochInOpenRace(3, 32);
    const port = await freePort();
    const jdKey = keyFile(dir, "jd.key", hardhatKey(7));
    const jdAddress = new Wallet(hardhatKey(7)).address;
    const payout = await distributor.getAddress();
    const jdArgs = [
      "start",
      "--rpc",
      t.chain.url,
      "--key-file",
      jdKey,
      "--epoch",
      "auto",
      "--port",
      String(port),
      "--data-dir",
      path.join(dir, "jd-data"),
      "--rollup",
      t.rollupAddress,
      "--payout-distributor",
      payout,
      "--from-block",
      String(t.rollupBlock),
      "--lease-ms",
      String(LEASE_MS),
      "--max-in-flight",
      "1",
    ];
    let jd = startProcess("jd", JD_BIN, jdArgs, dir);
    const procs: Proc[] = [jd];
    const epochOf = async () => (await status(port))?.epochs?.find((e: any) => e.epoch === String(epoch));
    await until(epochOf, 60_000, "the JD did not serve the open-race epoch", procs);
    expect((await epochOf()).chunks).toBe(6);

    const workerKeys = [4, 5, 6].map((i) => ({ i, key: hardhatKey(i), address: new Wallet(hardhatKey(i)).address }));
    const workers = workerKeys.map(({ i, key }) => {
      const file = keyFile(dir, `worker-${i}.key`, key);
      const w = startProcess(
        `worker-${i}`,
        WORKER_BIN,
        ["start", "--jd", `ws://127.0.0.1:${port}`, "--key-file", file, "--data-dir", path.join(dir, `worker-${i}`)],
        dir,
      );
      procs.push(w);
      return { ...workerKeys.find((k) => k.i === i)!, file, proc: w };
    });

    // A worker dies with a lease in hand: its job goes back to the queue when the lease runs out.
    const victim = workers[2]!;
    await until(
      async () => (await status(port))?.workers?.find((w: any) => w.worker === victim.address && w.inFlight > 0),
      60_000,
      "the third worker never got a job",
      procs,
    );
    await victim.proc.kill9();
    await until(
      async () => ((await status(port))?.counters?.timedOut ?? 0) >= 1,
      60_000,
      "the dead worker's lease never ran out",
      procs,
    );

    // The JD dies mid-epoch and comes back on the same data directory and port.
    await until(
      async () => {
        const e = await epochOf();
        return e && e.done >= 2 && e.done < 6;
      },
      120_000,
      "the epoch never got to two chunks done",
      procs,
    );
    const doneBefore = (await epochOf()).done;
    await jd.kill9();
    jd = startProcess("jd (restarted)", JD_BIN, jdArgs, dir);
    procs.push(jd);
    const afterRestart = await until(epochOf, 60_000, "the restarted JD did not answer", procs);
    expect(afterRestart.done).toBeGreaterThanOrEqual(doneBefore);

    const published = await until(
      async () => {
        const e = await epochOf();
        return e?.status === "published" && e;
      },
      240_000,
      "the epoch was not proven and paid",
      procs,
    );
    expect(published.root).toMatch(/^0x[0-9a-f]{64}$/);
    expect((await getEpochStatus(t.coordinator, { epoch })).awaitingProof).toBe(false);
    expect(jd.output).not.toMatch(/ERROR/);

    // Every chunk was paid once: receipts cover chunks 0..5 exactly once across the workers.
    const receipts: any[] = [];
    for (const w of workers) {
      const res = await fetch(`http://127.0.0.1:${port}`, {
        method: "POST",
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "get_receipts", params: { worker: w.address } }),
      });
      receipts.push(...((await res.json()) as any).result.receipts.map((r: any) => ({ ...r, worker: w.address })));
    }
    expect(receipts.map((r) => r.chunkId).sort()).toEqual([0, 1, 2, 3, 4, 5]);

    // Each worker claims on-chain; its balance grows by exactly its receipts' total; a second claim finds nothing.
    for (const w of workers.slice(0, 2)) await w.proc.stop();
    const token = IStakeToken__factory.connect(await t.registry.stakeToken(), t.provider);
    for (const w of workers) {
      const owed = receipts.filter((r) => r.worker === w.address).reduce((s, r) => s + BigInt(r.amount), 0n);
      const before = await token.balanceOf(w.address);
      const claimArgs = ["claim", "--rpc", t.chain.url, "--key-file", w.file, "--payout-distributor", payout];
      claimArgs.push("--from-block", String(t.rollupBlock));
      const claim = startProcess(`claim-${w.i}`, WORKER_BIN, [...claimArgs, "--json"], dir);
      expect(await claim.exited, claim.output).toBe(0);
      expect(JSON.parse(claim.output.trim()).total).toBe(owed.toString());
      expect((await token.balanceOf(w.address)) - before).toBe(owed);
      const again = startProcess(`claim-again-${w.i}`, WORKER_BIN, claimArgs, dir);
      expect(await again.exited).toBe(0);
      expect(again.output).toContain("nothing to claim");
    }
    expect((await distributor.distribution(jdAddress, epoch)).claimed).toBe(
      receipts.reduce((s, r) => s + BigInt(r.amount), 0n),
    );
    await jd.stop();
    expect(await jd.exited).toBe(0);
  }, 600_000);
});
