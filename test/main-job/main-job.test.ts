// The main job end to end, as `npm start -- --json` runs it: a real chain, the Ignition deployment, nodes, job
// distributors and workers as real processes, then its JSON summary checked against what the protocol promises —
// every epoch proven, blocks won in proportion to weight, each prover paid, worker payouts claimed, and, when the
// backup scenario ran, the silent claimant slashed and its epoch rescued by another node.
import { spawn } from "node:child_process";
import path from "node:path";
import { expect } from "chai";
import { underCoverage } from "../coverage";
import type { Summary } from "../../deploy/main-job/summary";

const ROOT = path.resolve(__dirname, "..", "..");
const TS_NODE = path.join(ROOT, "node_modules", "ts-node", "dist", "bin.js");

function mainJob(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TS_NODE, "--transpile-only", "deploy/start.ts", ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NO_COLOR: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
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

  it("plays the protocol on a local chain and prints a summary that adds up", async function () {
    if (underCoverage()) this.skip();
    const { code, stdout, stderr } = await mainJob(["--json", "--nodes", "4", "--epochs", "2", "--seed", "ci"]);
    expect(code, stderr).to.equal(0);
    const summary = JSON.parse(stdout) as Summary;
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
  });
});
