/// <reference lib="dom" />
// The main job end to end, as `npm start -- --json --keep` runs it: a real chain, the Ignition deployment, nodes, job
// distributors and workers as real processes, then its JSON summary checked against what the protocol promises —
// every epoch proven, blocks won in proportion to weight, each prover paid, worker payouts claimed, and, when the
// backup scenario ran, the silent claimant slashed and its epoch rescued by another node. The same run's live
// dashboard is opened in a real browser (Debian's chromium) while the run plays and checked against the chain once it
// is over (--keep holds the chain and the page up until Ctrl-C): epochs, slot winners, a job's worker, the slash;
// no console error; the stale banner when the feed stops, and the page reconnecting by itself. Under the Cooperative
// mechanism the page is opened once, after the run: Cooperative proving shown instead of claims, each epoch's kept
// proofs block by block as the summary counts them, no console error.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { expect } from "chai";
import { JsonRpcProvider, Wallet, ZeroAddress, parseEther } from "ethers";
import { contractAt, getProposedBlock, stateUpdatePayout } from "@blockage/client";
import { underCoverage } from "../coverage";
import type { Summary } from "../../deploy/main-job/summary";
import { seededKey } from "../../deploy/main-job/setup";
import { openBrowser, type BrowserSession } from "./browser";

const ROOT = path.resolve(__dirname, "..", "..");
const TS_NODE = path.join(ROOT, "node_modules", "ts-node", "dist", "bin.js");
/** Where the dashboard's screenshot goes (ignored by git). */
const RESULTS = path.join(ROOT, "test-results");

/** A main job running as a child process: its output so far, and lines awaited on its stderr. */
function startMainJob(args: string[]) {
  const child: ChildProcess = spawn(process.execPath, [TS_NODE, "--transpile-only", "deploy/start.ts", ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1" },
  });
  const out = { stdout: "", stderr: "" };
  child.stdout!.on("data", (d: Buffer) => (out.stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out.stderr += d.toString()));
  const closed = new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve(code));
  });
  /** Resolves with the match of `pattern` in stderr; rejects if the job ends first or after `timeoutMs`. */
  const waitFor = (pattern: RegExp, timeoutMs: number) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        const match = out.stderr.match(pattern);
        if (match) {
          clearInterval(poll);
          resolve(match);
        } else if (child.exitCode !== null || Date.now() - started > timeoutMs) {
          clearInterval(poll);
          reject(
            new Error(`the main job never printed ${pattern} (exit ${child.exitCode}):\n${out.stderr.slice(-2000)}`),
          );
        }
      }, 200);
    });
  return { child, out, closed, waitFor };
}

function mainJob(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const job = startMainJob(args);
  return job.closed.then((code) => ({ code, ...job.out }));
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("the main job (npm start -- --json)", function () {
  this.timeout(900_000);

  it("rejects a bad option with one line and exit code 1", async function () {
    if (underCoverage()) this.skip();
    const { code, stdout, stderr } = await mainJob(["--nodes", "1"]);
    expect(code).to.equal(1);
    expect(stdout).to.equal("");
    expect(stderr).to.match(/^the main job failed: --nodes must be a whole number from 2 to 16\n/);
  });

  it("plays the protocol on a local chain, prints a summary that adds up, and shows it live on the dashboard", async function () {
    if (underCoverage()) this.skip();
    const job = startMainJob(["--json", "--keep", "--nodes", "4", "--epochs", "2", "--seed", "ci"]);
    let browser: BrowserSession | null = null;
    try {
      // The dashboard's URL comes right after the deployment; the page follows the run live: the nodes answer once
      // started, the chain is read, the slot moves. (The browser then leaves until the run is over: on two shared
      // cores its load would change the run it watches — a prover's capacity check decides whether it bids.)
      const url = (await job.waitFor(/▶ dashboard (http:\/\/127\.0\.0\.1:\d+\/)/, 180_000))[1]!;
      browser = await openBrowser();
      await browser.page.goto(url);
      await browser.page.waitForSelector("body[data-live]", { timeout: 30_000 });
      await browser.page.waitForFunction(
        () => document.querySelectorAll("tr[data-node] .pill-ok").length === 4,
        undefined,
        { timeout: 120_000 },
      );
      await browser.page.waitForSelector("body[data-chain]", { timeout: 60_000 });
      const firstSlot = await browser.page.textContent('[data-testid="current-slot"]');
      await browser.page.waitForFunction(
        (before) => document.querySelector('[data-testid="current-slot"]')?.textContent !== before,
        firstSlot,
        { timeout: 60_000 },
      );
      expect(browser.errors, "console errors while the run plays").to.deep.equal([]);
      await browser.close();

      // The run ends; --keep holds the chain and the page up.
      const kept = await job.waitFor(/^▶ (done|failed: .*?); the chain .*stay up: Ctrl-C to stop$/m, 600_000);
      const chainUrl = job.out.stderr.match(/the chain \((http:\/\/127\.0\.0\.1:(\d+))\)/)!;
      expect(kept[1], "the run").to.equal("done");
      const summary = JSON.parse(job.out.stdout) as Summary;
      checkSummary(summary);
      browser = await openBrowser();
      const { page } = browser;
      await page.goto(url);
      await page.waitForSelector("body[data-live]", { timeout: 30_000 });
      await checkDashboard(browser, url, chainUrl[1]!, summary);

      // The feed stops (the main job frozen): the page says so, then reconnects by itself once it moves again.
      process.kill(job.child.pid!, "SIGSTOP");
      try {
        await page.waitForSelector('[data-testid="stale-banner"]', { timeout: 30_000 });
        expect(await page.getAttribute('[data-testid="stale-banner"]', "role")).to.equal("alert");
      } finally {
        process.kill(job.child.pid!, "SIGCONT");
      }
      await page.waitForSelector('[data-testid="stale-banner"]', { state: "detached", timeout: 30_000 });
      await page.waitForFunction(() =>
        /reconnected \d+×/.test(document.querySelector(".connection")?.textContent ?? ""),
      );
      expect(browser.errors, "console errors").to.deep.equal([]);
      await browser.close();

      // Ctrl-C: everything it started stops, and the run's success is its exit code.
      job.child.kill("SIGINT");
      expect(await job.closed, job.out.stderr).to.equal(0);
      expect(await listening(Number(chainUrl[2])), "the chain is stopped").to.equal(false);
      expect(await listening(Number(new URL(url).port)), "the dashboard is stopped").to.equal(false);
    } finally {
      fs.mkdirSync(RESULTS, { recursive: true });
      fs.writeFileSync(path.join(RESULTS, "main-job.stderr.log"), job.out.stderr);
      await browser?.close();
      if (job.child.exitCode === null) {
        job.child.kill("SIGCONT");
        job.child.kill("SIGINT");
        await job.closed;
      }
    }
  });
});

describe("the main job under the Cooperative mechanism (npm start -- --mechanism cooperative --json)", function () {
  this.timeout(900_000);

  it("finalizes every epoch from kept chunk proofs, reports each prover's kept proofs, rewards and burns, and shows them on the dashboard", async function () {
    if (underCoverage()) this.skip();
    // --keep holds the chain and the dashboard up after the run, for one look at the page (no browser during the
    // run: on two shared cores its load would change the run it watches).
    const job = startMainJob([
      "--json",
      "--keep",
      "--mechanism",
      "cooperative",
      "--nodes",
      "4",
      "--epochs",
      "1",
      "--workers",
      "1",
      "--seed",
      "ci-coop",
    ]);
    let browser: BrowserSession | null = null;
    try {
      const url = (await job.waitFor(/▶ dashboard (http:\/\/127\.0\.0\.1:\d+\/)/, 180_000))[1]!;
      const kept = await job.waitFor(/^▶ (done|failed: .*?); the chain .*stay up: Ctrl-C to stop$/m, 600_000);
      const chainUrl = job.out.stderr.match(/the chain \((http:\/\/127\.0\.0\.1:(\d+))\)/)!;
      expect(kept[1], `the run\n${job.out.stderr.slice(-3000)}`).to.equal("done");
      const summary = JSON.parse(job.out.stdout) as Summary;
      checkCooperativeSummary(summary);

      browser = await openBrowser();
      await browser.page.goto(url);
      await browser.page.waitForSelector("body[data-live]", { timeout: 30_000 });
      await checkCooperativeDashboard(browser, chainUrl[1]!, summary);
      expect(browser.errors, "console errors").to.deep.equal([]);
      await browser.close();

      // Ctrl-C: everything it started stops, and the run's success is its exit code.
      job.child.kill("SIGINT");
      expect(await job.closed, job.out.stderr.slice(-3000)).to.equal(0);
      expect(await listening(Number(chainUrl[2])), "the chain is stopped").to.equal(false);
      expect(await listening(Number(new URL(url).port)), "the dashboard is stopped").to.equal(false);
    } finally {
      fs.mkdirSync(RESULTS, { recursive: true });
      fs.writeFileSync(path.join(RESULTS, "main-job-cooperative.stderr.log"), job.out.stderr);
      await browser?.close();
      if (job.child.exitCode === null) {
        job.child.kill("SIGINT");
        await job.closed;
      }
    }
  });
});

describe("the main job under the open race (npm start -- --mechanism open-race --json)", function () {
  this.timeout(900_000);

  it("proves every block with state updates paid as the contracts say, settles every reserve, and falls back to the stalled epoch's turn prover", async function () {
    if (underCoverage()) this.skip();
    const started = Date.now();
    // One epoch with the stall: the workers stop four slots in, the idle period passes, the first of the stalled
    // epoch's turn order updates in its exclusive turn. --keep holds the chain up to check the summary against it.
    const job = startMainJob([
      "--json",
      "--keep",
      "--mechanism",
      "open-race",
      "--nodes",
      "4",
      "--epochs",
      "1",
      "--workers",
      "1",
      "--seed",
      "ci-race",
    ]);
    try {
      const url = (await job.waitFor(/▶ dashboard (http:\/\/127\.0\.0\.1:\d+\/)/, 180_000))[1]!;
      const kept = await job.waitFor(/^▶ (done|failed: .*?); the chain .*stay up: Ctrl-C to stop$/m, 600_000);
      const chainUrl = job.out.stderr.match(/the chain \((http:\/\/127\.0\.0\.1:(\d+))\)/)!;
      expect(kept[1], `the run\n${job.out.stderr.slice(-3000)}`).to.equal("done");
      const summary = JSON.parse(job.out.stdout) as Summary;
      // The dashboard does not show the open race yet, but it serves an open-race rollup's page.
      expect((await fetch(url)).status).to.equal(200);
      await checkOpenRaceSummary(summary, chainUrl[1]!);
      job.child.kill("SIGINT");
      expect(await job.closed, job.out.stderr.slice(-3000)).to.equal(0);
      expect(await listening(Number(chainUrl[2])), "the chain is stopped").to.equal(false);
      console.log(`      (open-race main job: ${Math.round((Date.now() - started) / 1000)} s)`);
    } finally {
      fs.mkdirSync(RESULTS, { recursive: true });
      fs.writeFileSync(path.join(RESULTS, "main-job-open-race.stderr.log"), job.out.stderr);
      if (job.child.exitCode === null) {
        job.child.kill("SIGINT");
        await job.closed;
      }
    }
  });
});

/**
 * An open-race run's JSON summary against the chain: every block proven; each update's prover credited what
 * `stateUpdatePayout` says, to the wei; every redundancy reserve earned or released; the fee of each epoch; flags only
 * from the node whose cost is above the fee; the stall's turn update made by the first of the stalled epoch's order.
 */
async function checkOpenRaceSummary(summary: Summary, chainUrl: string): Promise<void> {
  expect(summary.mechanism).to.equal("open-race");
  expect(summary.failure).to.equal(null);
  for (const e of summary.epochs) expect(e.finalized, `epoch ${e.epoch} proven`).to.equal(true);
  const race = summary.openRace!;
  expect(race.updates.length, "state updates").to.be.at.least(2);
  const provider = new JsonRpcProvider(chainUrl, undefined, { staticNetwork: true });
  try {
    const coordinatorAddress = (await provider.getTransaction(race.updates[0]!.tx))!.to!;
    const coordinator = contractAt("OpenRaceCoordinator", coordinatorAddress, provider);
    const rollup = contractAt("Rollup", await coordinator.rollup(), provider);
    const token = contractAt("StakeToken", await rollup.stakeToken(), provider);
    const beacon = contractAt("SeedBeacon", await rollup.beacon(), provider);
    const [cfg, pool, epochSlots, tips] = await Promise.all([
      coordinator.config(),
      coordinator.rewardPool(),
      beacon.epochSlots(),
      rollup.tips(),
    ]);
    expect(tips.provenBlock, "every block proven").to.equal(BigInt(race.updates[race.updates.length - 1]!.toBlock));
    expect(await coordinator.totalReserved(), "no reserve held").to.equal(0n);
    let provingFees = 0n;
    for (const u of race.updates) {
      const receipt = (await provider.getTransactionReceipt(u.tx))!;
      const logs = receipt.logs.map((l) => coordinator.interface.parseLog(l)).filter((l) => l !== null);
      const event = logs.find((l) => l.name === "StateUpdated")!.args;
      const proposers = new Map(
        logs.filter((l) => l.name === "ProposerRewarded").map((l) => [l.args.blockNumber as bigint, l.args.proposer]),
      );
      const blocks = [];
      for (let n = BigInt(u.fromBlock); n <= BigInt(u.toBlock); n++) {
        const { header } = await getProposedBlock(rollup, { blockNumber: n });
        blocks.push({
          proposer: (proposers.get(n) as string | undefined) ?? u.prover,
          txCount: BigInt(header.txCount),
          fees: header.fees,
          baseFee: await coordinator.epochProvingBaseFee(header.slot / epochSlots),
        });
      }
      const payout = stateUpdatePayout({
        blocks,
        blockReward: cfg.blockReward,
        poolReserve: await token.balanceOf(pool, { blockTag: receipt.blockNumber - 1 }),
        prover: u.prover,
        turnProver: u.turnProver === ZeroAddress ? undefined : u.turnProver,
        redundancyShareBps: cfg.redundancyShare,
      });
      expect(event.proverReward, `update ${u.updateId}'s prover credit`).to.equal(payout.proverCredit);
      expect(event.reserve, `update ${u.updateId}'s reserve`).to.equal(payout.redundancyReserve);
      expect(parseEther(u.proverReward)).to.equal(payout.proverCredit);
      expect(u.redundancy, `update ${u.updateId}'s reserve`).to.be.oneOf(
        payout.redundancyReserve === 0n ? ["none"] : ["rewarded", "released"],
      );
      provingFees += event.provingFees as bigint;
    }
    expect(parseEther(race.provingFees)).to.equal(provingFees);
    for (const f of race.fees) {
      expect(parseEther(f.fee), `epoch ${f.epoch}'s fee`).to.equal(await coordinator.epochProvingBaseFee(f.epoch));
    }
    // Only node-0 has a proving cost above the fee; once it has an accepted proof it flags.
    const node0 = summary.nodes.find((n) => n.name === "node-0")!;
    for (const f of race.flags) expect(f.prover).to.equal(node0.operator);
    if ((node0.updates ?? 0) > 0) expect(race.flags.length, "node-0's flags").to.be.at.least(1);
    for (const n of summary.nodes) {
      expect(n.updates, `${n.name}'s updates`).to.equal(race.updates.filter((u) => u.prover === n.operator).length);
    }
    // The stall: the holder of the stalled epoch's running turn (the first, unless the turns had begun before the
    // workers stopped) updated in its exclusive turn.
    const stall = race.stall!;
    expect(stall.turnProver, "a turn began").to.not.equal(null);
    const order = await coordinator.turnOrder(stall.epoch!);
    expect(stall.turnPosition).to.be.within(0, order.length - 1);
    expect(stall.turnProver).to.equal(order[stall.turnPosition!]!.operator);
    const inTurn = race.updates.filter((u) => u.inTurn);
    expect(inTurn.length, "updates in a fallback turn").to.be.at.least(1);
    expect(inTurn[0]!.prover).to.equal(stall.turnProver);
    expect(stall.updatedInTurn).to.equal(true);
  } finally {
    provider.destroy();
  }
}

/** A Cooperative run's JSON summary: every epoch finalized from kept chunk proofs, each prover's share adding up. */
function checkCooperativeSummary(summary: Summary): void {
  expect(summary.mechanism).to.equal("cooperative");
  expect(summary.failure).to.equal(null);
  expect(summary.slashes).to.deep.equal([]);
  for (const e of summary.epochs) {
    expect(e.finalized, `epoch ${e.epoch}`).to.equal(true);
    expect(e.proofTx).to.match(/^0x[0-9a-f]{64}$/);
    expect(e.keptProofs!.length, `epoch ${e.epoch}'s kept proofs`).to.be.at.least(e.blocks);
    // At most three kept proofs per chunk (one-chunk blocks here).
    const perChunk = new Map<string, number>();
    for (const k of e.keptProofs!)
      perChunk.set(`${k.blockNumber}:${k.chunk}`, (perChunk.get(`${k.blockNumber}:${k.chunk}`) ?? 0) + 1);
    expect(Math.max(...perChunk.values())).to.be.at.most(3);
  }
  const provers = summary.nodes.filter((n) => (n.keptProofs ?? 0) > 0);
  expect(provers.length, "provers with kept proofs").to.be.at.least(2);
  const kept = summary.epochs.flatMap((e) => e.keptProofs!);
  for (const n of summary.nodes) {
    const own = kept.filter((k) => k.prover.toLowerCase() === n.operator.toLowerCase());
    expect(n.keptProofs).to.equal(own.length);
    expect(Number(n.burned)).to.be.closeTo(
      own.reduce((sum, k) => sum + Number(k.burned), 0),
      1e-9,
    );
  }
  for (const op of ["propose", "submitChunkProof", "finalizeEpoch"]) {
    expect(summary.gas[op], op).to.be.a("number").and.greaterThan(0);
  }
  expect(summary.gas.submitChunkProof).to.be.at.most(400_000);
  for (const p of summary.payouts) expect(p.claims.length, `payout of epoch ${p.epoch}`).to.equal(p.payees);
}

/** The JSON summary: what the protocol promises. */
function checkSummary(summary: Summary): void {
  expect(summary.failure).to.equal(null);

  expect(summary.epochs).to.have.length(2);
  for (const e of summary.epochs) {
    expect(e.finalized, `epoch ${e.epoch}`).to.equal(true);
    expect(e.seed).to.match(/^0x[0-9a-f]{64}$/);
    expect(e.activeSetRoot).to.match(/^0x[0-9a-f]{64}$/);
    expect(e.proofTx).to.match(/^0x[0-9a-f]{64}$/);
    expect(e.prover).to.match(/^0x[0-9a-fA-F]{40}$/);
  }
  const blocks = summary.epochs.reduce((n, e) => n + e.blocks, 0);
  expect(blocks).to.be.greaterThan(0);

  expect(summary.nodes).to.have.length(4);
  expect(summary.nodes.reduce((n, x) => n + x.wins, 0)).to.equal(blocks);
  const shares = summary.nodes.reduce((n, x) => n + x.expectedShare, 0);
  expect(shares).to.be.closeTo(1, 0.01);
  for (const n of summary.nodes) {
    expect(n.pid).to.match(/^0x[0-9a-f]{64}$/);
    expect(Number(n.stake)).to.be.at.least(1000);
    expect(Number(n.age)).to.be.at.least(1);
  }
  // Two age cohorts: the older one has been active for more epochs.
  expect(new Set(summary.nodes.map((n) => n.age)).size).to.be.at.least(2);
  expect(summary.nodes.some((n) => Number(n.rewards) > 0)).to.equal(true);

  for (const op of ["propose", "submitProverTicket", "submitEpochProof", "register", "activate"]) {
    expect(summary.gas[op], op).to.be.a("number").and.greaterThan(0);
  }
  expect(summary.payouts.length).to.be.at.least(1);
  for (const p of summary.payouts) expect(p.claims.length, `payout of epoch ${p.epoch}`).to.equal(p.payees);

  if (summary.silenced !== null) {
    const silent = summary.nodes.find((n) => n.name === summary.silenced!.node)!;
    const slash = summary.slashes.find((s) => s.epoch === summary.silenced!.epoch);
    expect(slash, "the silent claimant's bond is slashed").to.not.equal(undefined);
    expect([silent.operator, silent.prover]).to.include(slash!.prover);
    expect([silent.operator, silent.prover]).to.not.include(slash!.rescuer);
    expect(Number(slash!.rescued)).to.be.greaterThan(0);
  }
}

/** The dashboard after the run, against the chain: epochs, slot winners, a job's worker, the slash; a screenshot. */
async function checkDashboard(browser: BrowserSession, url: string, chainUrl: string, summary: Summary): Promise<void> {
  const { page } = browser;
  const config = (await (await fetch(`${url}config.json`)).json()) as {
    deployment: Record<string, { address: string }>;
    fromBlock: number;
  };
  const provider = new JsonRpcProvider(chainUrl, undefined, { staticNetwork: true });
  try {
    const rollup = contractAt("Rollup", config.deployment.Rollup!.address, provider);
    const registry = contractAt("NodeRegistry", config.deployment.NodeRegistry!.address, provider);
    const payouts = contractAt("PayoutDistributor", config.deployment.PayoutDistributor!.address, provider);
    const names = new Map<string, string>();
    for (const n of summary.nodes) {
      names.set(n.pid.toLowerCase(), n.name);
      names.set(n.operator.toLowerCase(), n.name);
      if (n.prover) names.set(n.prover.toLowerCase(), `${n.name} (prover key)`);
    }
    const nameOf = (a: string) => names.get(a.toLowerCase()) ?? a;

    // The chain as it is now: the page has read it since the run ended.
    const head = await provider.getBlockNumber();
    await page.waitForFunction((n) => Number(document.body.dataset.chainBlock) >= n, head, { timeout: 30_000 });
    await page.waitForFunction(
      (epoch) => document.querySelector('[data-testid="current-epoch"]')?.textContent === epoch,
      (await registry.currentEpoch()).toString(),
      { timeout: 30_000 },
    );

    fs.mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, "dashboard.png"), fullPage: true });

    // Epochs: each of the run's epochs with its claimant and the node whose proof landed.
    for (const e of summary.epochs) {
      const row = page.locator(`tr[data-epoch="${e.epoch}"]`);
      await row.waitFor({ timeout: 30_000 });
      expect(await row.textContent(), `epoch ${e.epoch}`).to.contain(`proven by ${nameOf(e.prover!)}`);
      if (e.claim !== null) expect(await row.getAttribute("data-claimant")).to.equal(nameOf(e.claim.prover));
    }

    // Winners: every slot the page shows with a winner is the slot's last accepted proposal on the chain.
    const proposals = await rollup.queryFilter(rollup.filters.BlockProposed(), config.fromBlock);
    const shown = await page.$$eval("tr[data-slot]", (rows) =>
      rows.map((r) => ({ slot: r.getAttribute("data-slot")!, winner: r.getAttribute("data-winner")! })),
    );
    expect(shown.length).to.be.greaterThan(0);
    for (const { slot, winner } of shown) {
      const last = proposals.filter((p) => p.args.slot.toString() === slot).at(-1);
      expect(winner, `slot ${slot}`).to.equal(last ? nameOf(last.args.pid) : "");
    }

    // A job's worker: a chunk job shown proven on a worker's lane of a JD is in the payout that JD published for the
    // job's epoch, to that worker's address (a JD that lost its epoch to another prover's proof published none).
    const proven = await page.$$eval('svg[data-jd] g[data-outcome="proven"]', (gs) =>
      gs.map((g) => ({
        jd: g.closest("svg")!.getAttribute("data-jd")!,
        job: g.getAttribute("data-job")!,
        worker: g.getAttribute("data-worker")!,
      })),
    );
    expect(proven.length, "proven jobs on the timeline").to.be.greaterThan(0);
    const workerAddress = (name: string) => {
      const [node, w] = name.replace("worker-", "").split(".");
      return new Wallet(seededKey(summary.seed, `worker/${node}/${w}`)).address.toLowerCase();
    };
    const published = await payouts.queryFilter(payouts.filters.PayoutPublished(), config.fromBlock);
    const payoutOf = (jd: string, epoch: string) => {
      const prover = summary.nodes.find((n) => n.name === jd)?.prover?.toLowerCase();
      return published.find((p) => p.args.epoch.toString() === epoch && p.args.operator.toLowerCase() === prover);
    };
    const paid = proven.filter(({ jd, job }) => payoutOf(jd, job.split(":")[0]!) !== undefined);
    expect(paid.length, "proven jobs of paid epochs").to.be.greaterThan(0);
    for (const { jd, job, worker } of paid) {
      const payees = payoutOf(jd, job.split(":")[0]!)!.args.payees.map((p) => p.worker.toLowerCase());
      expect(payees, `job ${job} of ${jd} proven by ${worker}`).to.include(workerAddress(worker));
    }

    // The slash (when the backup scenario ran): highlighted, with the claimant that lost its bond and the rescuer.
    for (const slash of summary.slashes) {
      const row = page.locator(`tr[data-epoch="${slash.epoch}"]`);
      expect(await row.getAttribute("data-slashed")).to.equal("true");
      const text = (await row.textContent()) ?? "";
      expect(text).to.contain(`${nameOf(slash.prover)} lost its bond`);
      expect(text).to.contain(`${nameOf(slash.rescuer)}, which got`);
    }
  } finally {
    provider.destroy();
  }
}

/**
 * The dashboard of a Cooperative run, after the run: the page says Cooperative proving (no claims), each of the run's
 * epochs is finalized with as many kept proofs, block by block, as the summary's paid ones, and the latest kept
 * proofs name the run's nodes.
 */
async function checkCooperativeDashboard(browser: BrowserSession, chainUrl: string, summary: Summary): Promise<void> {
  const { page } = browser;
  const provider = new JsonRpcProvider(chainUrl, undefined, { staticNetwork: true });
  try {
    // The chain as it is now (it stands still after the run): the page has read it.
    const head = await provider.getBlockNumber();
    await page.waitForFunction((n) => Number(document.body.dataset.chainBlock) >= n, head, { timeout: 60_000 });
    expect(await page.getAttribute("body", "data-mechanism")).to.equal("cooperative");
    expect(await page.textContent('[data-testid="mechanism"]')).to.contain("Cooperative proving");
    expect(await page.locator("#claims").count(), "no claims section").to.equal(0);

    fs.mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, "dashboard-cooperative.png"), fullPage: true });

    // Each of the run's epochs: finalized, with the summary's kept proofs, block by block.
    for (const e of summary.epochs) {
      const row = page.locator(`tr[data-coop-epoch="${e.epoch}"]`);
      await row.waitFor({ timeout: 30_000 });
      expect(await row.getAttribute("data-outcome"), `epoch ${e.epoch}`).to.equal("finalized");
      expect(await row.getAttribute("data-phase"), `epoch ${e.epoch}`).to.equal("settled");
      expect(Number(await row.getAttribute("data-kept-proofs")), `epoch ${e.epoch}'s kept proofs`).to.equal(
        e.keptProofs!.length,
      );
      const shown = await row.locator("li[data-coop-block]").evaluateAll((items) =>
        items.map((li) => ({
          block: li.getAttribute("data-coop-block")!,
          kept: Number(li.getAttribute("data-kept-proofs")),
          chunks: Number(li.getAttribute("data-chunks")),
          proven: Number(li.getAttribute("data-proven-chunks")),
          text: li.textContent ?? "",
        })),
      );
      expect(shown, `epoch ${e.epoch}'s blocks`).to.have.length(e.blocks);
      for (const b of shown) {
        const paid = e.keptProofs!.filter((k) => k.blockNumber === b.block);
        expect(b.kept, `block ${b.block}'s kept proofs`).to.equal(paid.length);
        expect(b.proven, `block ${b.block}: every chunk proven`).to.equal(b.chunks);
        expect(b.text, `block ${b.block}`).to.match(/FEE_SPLIT \d+(\.\d+)? %/);
        expect(b.text).to.contain(`${b.chunks}/${b.chunks} chunk`);
      }
    }

    // The latest kept proofs: each by one of the run's provers.
    const nodes = new Set(summary.nodes.map((n) => n.name));
    const provers = await page.$$eval("tr[data-kept-proof]", (rows) => rows.map((r) => r.getAttribute("data-prover")!));
    expect(provers.length, "kept proofs listed").to.be.greaterThan(0);
    for (const p of provers) expect([...nodes], `prover ${p}`).to.include(p);
  } finally {
    provider.destroy();
  }
}
