/**
 * The main job: the whole protocol on a local chain.
 *   npm start                       a readable timeline and a summary
 *   npm start -- --json             the summary as one JSON document on stdout (nothing else on stdout)
 *   npm start -- --nodes 8 --epochs 3 --workers 2 --seed demo --happy-path --slot-ms 1000
 *   npm start -- --mechanism cooperative   seed 001's cooperative proving instead of the Sidecar (seeds 002/003)
 *   npm start -- --mechanism open-race     seed 004's example: state updates in an open race, turn-based redundancy
 *   npm start -- --keep             after the run, keep the chain and the dashboard up until Ctrl-C
 *   npm start -- --dashboard-port 8700   the live dashboard's port (default: any free port; its URL is printed)
 * A Hardhat node on 127.0.0.1, the protocol deployed, N nodes registered with different stakes and ages and started
 * as real processes (`blockage node start`, each prover with its embedded job distributor and --workers
 * `blockage-worker` processes), then E epochs with the clock moved one slot at a time: beacon pokes and seeds,
 * sequencer lotteries and proposals, prover tickets, bids over the nodes' JSON-RPC and quotes over gossip,
 * countersigned and designated claims, CrowdProve proofs, rewards and worker payouts claimed on-chain. Unless
 * --happy-path, the claimant of the last epoch goes silent (kill -9) and is slashed when another node rescues the
 * epoch in the open race. With --mechanism cooperative the rollup is deployed for seed 001's cooperative proving:
 * each proposal declares its FEE_SPLIT, every prover node draws a VRF ticket per chunk and proves (through its JD and
 * workers) the chunks its ticket is likely to keep among the best three, with its FEE_BURN; the epochs finalize from
 * the kept proofs, and the summary reports each prover's kept proofs, rewards and burns. With --mechanism open-race
 * (seed 004's example, its timings scaled to the demo's minutes) every proposal pays txCount × the epoch's proving base
 * fee; the prover nodes race to prove the provable prefix of the unproven chain through their JDs and workers (each
 * with its own patience: prefix length and wait), the first state update is paid, the others' work is wasted; the
 * epoch's turn prover proves the same transition again for the redundancy reserve, or the reserve is settled to the
 * update's prover after the window; the fee rolls each epoch toward a lag of one epoch, and a node whose proving cost is
 * set above the fee flags it (the L1 signal). Unless --happy-path, the provers' workers stop (a stall) until the idle
 * period passes and the fallback's first turn prover updates in its exclusive turn. A live dashboard (epochs, slot lotteries, the pending chain, claims and deadlines, CrowdProve
 * jobs per worker, payouts, gas) follows the run from the deployment on: its URL (http://127.0.0.1:<port>/) is printed
 * right after the deployment (on stderr with --json). Everything it started is stopped at the end, on failure and on
 * Ctrl-C (with --keep: on Ctrl-C after the run).
 * BLOCKAGE_MAIN_JOB_KEEP=1 keeps the run's directory (keys, databases, deployments, every process's log).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { formatEther, hexlify, randomBytes } from "ethers";
import { reportFailure } from "../failure";
import { Conductor } from "./conductor";
import { seededInt, stage, type Mechanism, type Stage, type StagedNode } from "./setup";
import { summarize, type Summary } from "./summary";
import { Timeline } from "./timeline";
import { startProcess, stopAll } from "../processes";
import { WORKER_BIN } from "./conductor";
import type { DashboardServer } from "@blockage/dashboard";
import { startRunDashboard } from "./dashboard";

class UsageError extends Error {}

function options() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      nodes: { type: "string", default: "8" },
      epochs: { type: "string", default: "3" },
      workers: { type: "string", default: "2" },
      seed: { type: "string" },
      "happy-path": { type: "boolean", default: false },
      mechanism: { type: "string", default: "sidecar" },
      "slot-ms": { type: "string", default: "1000" },
      "dashboard-port": { type: "string", default: "0" },
      keep: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  const int = (name: "nodes" | "epochs" | "workers" | "slot-ms" | "dashboard-port", min: number, max: number) => {
    const v = values[name]!;
    if (!/^[0-9]+$/.test(v) || Number(v) < min || Number(v) > max) {
      throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
    }
    return Number(v);
  };
  const mechanism = values.mechanism!;
  if (mechanism !== "sidecar" && mechanism !== "cooperative" && mechanism !== "open-race") {
    throw new UsageError(`--mechanism must be sidecar, cooperative or open-race, got ${JSON.stringify(mechanism)}`);
  }
  return {
    help: values.help,
    mechanism: mechanism as Mechanism,
    nodes: int("nodes", 2, 16),
    epochs: int("epochs", 1, 10),
    workers: int("workers", 1, 4),
    slotMs: int("slot-ms", 0, 60_000),
    dashboardPort: int("dashboard-port", 0, 65_535),
    keep: values.keep,
    seed: values.seed ?? hexlify(randomBytes(8)),
    happyPath: values["happy-path"],
    json: values.json,
  };
}

/** The policies of the nodes in a Cooperative run: FEE_SPLITs and FEE_BURNs that differ from node to node. */
function cooperativeArgs(seed: string, n: StagedNode): string[] {
  return [
    "--generate-txs",
    `${seed}/txs/${n.index}`,
    "--propose-threshold",
    "0.5",
    // FEE_SPLIT 20% to 80%: a higher split ranks better and pays the chunk provers more.
    "--fee-split",
    String(2000 + 1000 * seededInt(seed, `fee-split/${n.index}`, 7)),
    ...(n.proves
      ? ["--fee-burn", String(1000 * seededInt(seed, `fee-burn/${n.index}`, 5)), "--keep-threshold", "0.5"]
      : []),
    ...(n.index < 2 ? [] : ["--no-keeper"]),
  ];
}

/**
 * The policies of the nodes in an open-race run: each prover its own patience (how long a prefix, how old its oldest
 * block) so that they do not all race for the same prefix at once; the first prover's proving cost is set above the
 * proving base fee, so that it flags the price once it has been active.
 */
function openRaceArgs(seed: string, n: StagedNode): string[] {
  return [
    "--generate-txs",
    `${seed}/txs/${n.index}`,
    "--propose-threshold",
    "0.5",
    ...(n.proves
      ? [
          "--ticket-threshold",
          "0",
          "--min-prefix-blocks",
          String(2 + n.index),
          "--max-wait-slots",
          String(2 + n.index),
          ...(n.index === 0 ? ["--proving-cost", "0.02"] : []),
        ]
      : []),
    ...(n.index < 2 ? [] : ["--no-keeper"]),
  ];
}

function nodeArgs(seed: string, mechanism: Mechanism) {
  if (mechanism === "cooperative") return (n: StagedNode) => cooperativeArgs(seed, n);
  if (mechanism === "open-race") return (n: StagedNode) => openRaceArgs(seed, n);
  return (n: StagedNode): string[] => [
    "--generate-txs",
    `${seed}/txs/${n.index}`,
    // Only strong tickets propose: fewer, fuller slots keep an epoch's proving within a 2-core machine's means.
    "--propose-threshold",
    "0.5",
    ...(n.prover
      ? [
          "--ticket-threshold",
          "0.05",
          "--min-rescue-reward",
          "1",
          // Provers join an open race a few slots apart (less wasted proving), all well before its final deadline.
          "--rescue-delay-slots",
          String(4 * n.index),
          "--proving-ms",
          "2500",
          // The first prover claims when designated; the others leave it to their marketplaces' bids.
          ...(n.index === 0 ? [] : ["--no-designated-claims"]),
        ]
      : []),
    ...(n.index < 2 ? [] : ["--no-keeper"]),
  ];
}

/** Each worker claims its payouts on-chain (`blockage-worker claim`). */
async function claimPayouts(s: Stage, say: (line: string) => void): Promise<void> {
  for (const w of s.workers) {
    const proc = startProcess(
      `${w.name}-claim`,
      WORKER_BIN,
      ["claim", "--rpc", s.chain.url, "--key-file", w.keyFile, "--json"],
      s.runDir,
    );
    const code = await proc.exited;
    const last = proc.output.trim().split("\n").slice(-1)[0] ?? "";
    say(`  ${w.name}: ${code === 0 ? "claimed its payouts" : `claim: ${last}`}`);
  }
}

function printSummary(summary: Summary, say: (line: string) => void): void {
  const names = new Map<string, string>();
  for (const n of summary.nodes) {
    names.set(n.operator.toLowerCase(), n.name);
    if (n.prover) names.set(n.prover.toLowerCase(), `${n.name} (prover key)`);
  }
  const who = (address: string | null) => (address === null ? "nobody" : (names.get(address.toLowerCase()) ?? address));
  say("");
  say("▶ summary");
  const cooperative = summary.mechanism === "cooperative";
  const race = summary.openRace;
  if (race !== undefined) {
    for (const e of summary.epochs) {
      say(
        `  epoch ${e.epoch}: ${e.blocks} blocks, ${e.finalized ? "every block proven" : "NOT all proven"}; proving base fee ${race.fees.find((f) => f.epoch === e.epoch)?.fee ?? "?"} per tx`,
      );
    }
    for (const u of race.updates) {
      say(
        `  update ${u.updateId}: blocks ${u.fromBlock}–${u.toBlock} by ${who(u.prover)}${u.inTurn ? " (its fallback turn)" : ""}: ${u.proverReward} of ${u.provingFees} proving fees${u.reserve !== "0.0" ? `; reserve ${u.reserve} ${u.redundancy === "rewarded" ? `earned by turn prover ${who(u.turnProver)}` : u.redundancy === "released" ? "released to the prover" : "still held"}` : ""}`,
      );
    }
    say(
      `  ${race.updates.length} updates, ${race.provingFees} in proving fees, ${race.redundancyRewards} in redundancy rewards, ${race.flags.length} flag(s), ${race.wastedChunks} chunk proof(s) wasted in ${race.lostRaces} lost race(s)`,
    );
    for (const f of race.flags) say(`  flag: ${who(f.prover)} flagged epoch ${f.epoch}'s fee as too low`);
    if (race.stall !== null) {
      say(
        `  stall: the provers stopped at slot ${race.stall.fromSlot}; ${race.stall.turnProver ? `${who(race.stall.turnProver)} (place ${(race.stall.turnPosition ?? 0) + 1} of epoch ${race.stall.epoch}'s turn order) updated in its turn${race.stall.updatedInTurn ? "" : " — NOT"}` : "no turn prover"}`,
      );
    }
  }
  for (const e of race === undefined ? summary.epochs : []) {
    if (cooperative) {
      say(
        `  epoch ${e.epoch}: ${e.blocks} blocks, ${e.finalized ? `finalized by ${who(e.prover)} from ${e.keptProofs?.length ?? 0} kept chunk proofs (${e.burned} burned)` : "NOT proven"}`,
      );
      continue;
    }
    say(
      `  epoch ${e.epoch}: ${e.blocks} blocks, ${e.claim ? `claimed by ${who(e.claim.prover)} (${e.claim.kind}, ${e.claim.basisPointFee} bps), ` : "unclaimed, "}${e.finalized ? `proven by ${who(e.prover)}` : "NOT proven"}`,
    );
  }
  say(
    `  node      roles      stake   age  wins  win share  expected  rewards${cooperative ? "  kept proofs  burned" : ""}`,
  );
  for (const n of summary.nodes) {
    const kept = cooperative ? `  ${String(n.keptProofs ?? 0).padStart(11)}  ${n.burned ?? "0.0"}` : "";
    say(
      `  ${n.name.padEnd(9)} ${n.roles.padEnd(9)} ${n.stake.padStart(6)} ${n.age.padStart(5)} ${String(n.wins).padStart(5)}  ${n.winShare.toFixed(3).padStart(9)}  ${n.expectedShare.toFixed(3).padStart(8)}  ${n.rewards}${kept}`,
    );
  }
  for (const s of summary.slashes) {
    say(
      `  slashed: ${who(s.prover)} lost its bond for epoch ${s.epoch}; ${who(s.rescuer)} rescued it and got ${s.rescued} (${s.burned} burned)`,
    );
  }
  for (const p of summary.payouts) {
    say(
      `  payout: epoch ${p.epoch} by ${who(p.operator)}: ${p.total} to ${p.payees} workers, ${p.claims.length} claimed`,
    );
  }
  say(
    `  gas: ${Object.entries(summary.gas)
      .map(([op, g]) => `${op} ${g}`)
      .join(", ")}`,
  );
  say(`  ${summary.slots} slots in ${(summary.durationMs / 1000).toFixed(0)} s; seed ${summary.seed}`);
}

async function main(): Promise<void> {
  const opts = options();
  if (opts.help) {
    console.log(
      fs
        .readFileSync(__filename, "utf8")
        .split("*/")[0]!
        .replace(/^\/\*\*|^ \* ?/gm, ""),
    );
    return;
  }
  const say = (line: string) => {
    if (!opts.json) process.stdout.write(`${line}\n`);
  };
  // What must reach a person even with --json (where stdout is the summary alone).
  const tell = (line: string) => (opts.json ? process.stderr : process.stdout).write(`${line}\n`);
  const started = Date.now();
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), "blockage-main-job-"));
  let s: Stage | null = null;
  let conductor: Conductor | null = null;
  let dashboard: DashboardServer | null = null;
  /** The nodes have been stopped (the run is over): the dashboard keeps their last state. */
  let runOver = false;
  let cleaning: Promise<void> | null = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await dashboard?.close();
      runOver = true;
      await conductor?.stop();
      await stopAll(); // anything else it started (the workers' payout claims)
      s?.provider.destroy();
      await s?.chain.stop();
      if (process.env.BLOCKAGE_MAIN_JOB_KEEP === "1") {
        // For a post-mortem: every process's output next to its data.
        fs.mkdirSync(path.join(runDir, "logs"), { recursive: true });
        for (const p of conductor?.processes() ?? [])
          fs.writeFileSync(path.join(runDir, "logs", `${p.name}.log`), p.output);
        process.stderr.write(`run directory kept: ${runDir}\n`);
      } else fs.rmSync(runDir, { recursive: true, force: true });
    })());
  let interruptions = 0;
  /** Set while --keep holds the chain and the dashboard up after the run: Ctrl-C ends that wait. */
  let endKeep: (() => void) | null = null;
  const interrupted = () => {
    if (endKeep !== null) {
      endKeep();
      endKeep = null;
      return;
    }
    if (++interruptions > 1) process.exit(130); // a second Ctrl-C: the exit hooks kill what is left
    process.stderr.write("\ninterrupted: stopping every process this run started\n");
    void cleanup().then(() => process.exit(130));
  };
  process.on("SIGINT", interrupted);
  process.on("SIGTERM", interrupted);
  let failure: unknown = null;
  try {
    say(
      `▶ blockage main job: ${opts.nodes} nodes, ${opts.epochs} epochs, ${opts.mechanism} proving, seed ${opts.seed}${opts.happyPath ? ", happy path" : ""}`,
    );
    s = await stage({
      nodes: opts.nodes,
      workersPerProver: opts.workers,
      mechanism: opts.mechanism,
      seed: opts.seed,
      runDir,
      log: say,
      onDeployed: async (deployed) => {
        dashboard = await startRunDashboard(deployed, {
          nodes: () => conductor?.nodes ?? [],
          runOver: () => runOver,
          port: opts.dashboardPort,
          title: "blockage main job",
        });
        tell(`▶ dashboard ${dashboard.url}`);
      },
    });
    const timeline = new Timeline(
      opts.json,
      (t) => process.stdout.write(t),
      process.stdout.isTTY === true,
      await s.beacon.epochSlots(),
    );
    conductor = new Conductor(s, {
      epochs: opts.epochs,
      // The backup scenario (a silenced claimant) is the Sidecar's; a Cooperative run has no claims.
      happyPath: opts.happyPath || opts.mechanism === "cooperative",
      // The open race's stall scenario (Sidecar: a silenced claimant) runs unless --happy-path.
      mechanism: opts.mechanism,
      seed: opts.seed,
      slotMs: opts.slotMs,
      timeline,
      nodeArgs: nodeArgs(opts.seed, opts.mechanism),
    });
    say("▶ starting the nodes and workers");
    await conductor.startNodes();
    const run = await conductor.run();
    runOver = true;
    await conductor.stop();
    say("▶ workers claim their payouts");
    await claimPayouts(s, say);
    const summary = await summarize(s, run, opts.seed, Date.now() - started);
    if (opts.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else printSummary(summary, say);
    if (run.failure !== null) throw new Error(run.failure);
    const unproven = summary.epochs.filter((e) => !e.finalized).map((e) => e.epoch);
    if (unproven.length > 0) throw new Error(`epoch(s) ${unproven.join(", ")} were never proven (pruned)`);
    void formatEther;
  } catch (error) {
    failure = error;
  }
  try {
    // --keep: the chain and the page stay up (after a failure too, to look at it) until Ctrl-C.
    if (opts.keep && s !== null && dashboard !== null && interruptions === 0) {
      runOver = true;
      await conductor?.stop();
      tell(
        `▶ ${failure === null ? "done" : `failed: ${(failure as Error).message ?? String(failure)}`}; the chain (${s.chain.url}) and the dashboard (${(dashboard as DashboardServer).url}) stay up: Ctrl-C to stop`,
      );
      await new Promise<void>((resolve) => (endKeep = resolve));
      tell("▶ stopping");
    }
  } finally {
    await cleanup();
  }
  if (failure !== null) throw failure;
}

main().catch((error) =>
  reportFailure("the main job", error, (e) =>
    e instanceof UsageError ? 'hint: run "npm start -- --help"' : "hint: rerun with the same --seed to reproduce it",
  ),
);
