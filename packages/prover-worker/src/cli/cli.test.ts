// The built `blockage-worker` executable as a real process against a fake job distributor (run `npm run build`
// first; turbo's test task does), and the progress line it prints.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { FakeJd, fakeJob } from "../testing/fake-jd";
import type { WorkerStatus } from "../worker-types";
import type { CliIo } from "./io";
import { Progress, progressLine } from "./progress";

const BIN = path.resolve(__dirname, "..", "..", "bin", "blockage-worker.js");
const BUILT_CLI = path.resolve(__dirname, "..", "..", "dist", "cli.js");
/** Hardhat's account #2: the worker. */
const KEY = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

beforeAll(() => {
  if (!fs.existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run "npm run build" first`);
});

function temporaryDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blockage-worker-cli-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function keyFile(mode = 0o600): string {
  const file = path.join(temporaryDir(), "worker.key");
  fs.writeFileSync(file, `${KEY}\n`, { mode });
  fs.chmodSync(file, mode);
  return file;
}

async function fakeJd(): Promise<FakeJd> {
  const jd = await FakeJd.start();
  cleanups.push(() => jd.close());
  return jd;
}

/** A running CLI process with what it printed so far. */
interface Cli {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
  /** Resolves once stdout matches. */
  printed(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

function cli(args: string[]): Cli {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (data: Buffer) => (stdout += data.toString()));
  child.stderr!.on("data", (data: Buffer) => (stderr += data.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
  });
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    async printed(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(stdout)) {
        if (child.exitCode !== null) throw new Error(`the CLI exited (${child.exitCode}): ${stderr}${stdout}`);
        if (Date.now() > deadline) throw new Error(`no ${pattern} in: ${stdout}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const ONE_ERROR = /^error: [^\n]+\nhint: [^\n]+\n$/;

describe("blockage-worker start", () => {
  it("prints its progress line, and on SIGINT finishes the running proof, submits it and exits 0", async () => {
    const jd = await fakeJd();
    jd.addJob(fakeJob(12, 0, jd.jd));
    const run = cli(["start", "--jd", jd.wsUrl, "--key-file", keyFile(), "--data-dir", temporaryDir()]);
    await run.printed(/^proving job 12:0 \| 0x3C44…93BC registered · done 0 · proving epoch 12 chunk 0/m);

    run.child.kill("SIGINT");

    expect(await run.exited).toBe(0);
    expect(run.stderr()).toBe("");
    expect(run.stdout()).toMatch(/^stopping: finishing the running proofs/m);
    expect(run.stdout()).toMatch(/^submitted job 12:0: accepted \| .* done 1 · /m);
    expect(run.stdout()).toMatch(/^connection stopped \| 0x3C44…93BC stopped · done 1 · last \d+\.\d s · mean/m);
    expect(jd.problems).toEqual([]);
    expect(jd.state.accepted.map((a) => a.jobId)).toEqual(["12:0"]);
    expect(jd.callsOf("release_job")).toEqual([]);
  });

  it("on a second SIGINT hands back the running job at once and exits 0; --json prints one object per event", async () => {
    const jd = await fakeJd();
    jd.addJob(fakeJob(13, 0, jd.jd));
    const run = cli(["start", "--jd", jd.httpUrl, "--key-file", keyFile(), "--data-dir", temporaryDir(), "--json"]);
    await run.printed(/"event":"proving"/);
    run.child.kill("SIGINT");
    await run.printed(/"event":"stopping"/);
    run.child.kill("SIGINT");

    expect(await run.exited).toBe(0);
    expect(run.stderr()).toBe("");
    expect(jd.callsOf("release_job").map((c) => c.params.jobId)).toEqual(["13:0"]);
    expect(jd.state.queue.map((job) => job.jobId)).toEqual(["13:0"]);
    const events = run
      .stdout()
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { event: string });
    expect(events.map((e) => e.event)).toEqual(
      expect.arrayContaining(["registered", "job", "proving", "stopping", "released"]),
    );
    expect(events.at(-1)).toMatchObject({ event: "connection", data: { state: "stopped" } });
  });

  it("refuses a missing key file and a key file open to others with one error line and a hint", async () => {
    const missing = cli(["start", "--jd", "ws://127.0.0.1:1", "--key-file", "/nonexistent/worker.key"]);
    const open = keyFile(0o644);
    const exposed = cli(["start", "--jd", "ws://127.0.0.1:1", "--key-file", open]);

    expect(await missing.exited).toBe(1);
    expect(missing.stderr()).toMatch(ONE_ERROR);
    expect(missing.stderr()).toMatch(/^error: cannot read the key file \/nonexistent\/worker.key: ENOENT\n/);
    expect(await exposed.exited).toBe(1);
    expect(exposed.stderr()).toBe(
      `error: the key file ${open} is open to group or others (mode 0644)\nhint: make it private: chmod 600 ${open}\n`,
    );
  });

  it("fails with one error line and a hint when the job distributor is unreachable", async () => {
    const port = await closedPort();
    const run = cli(["start", "--jd", `ws://127.0.0.1:${port}`, "--key-file", keyFile(), "--data-dir", temporaryDir()]);

    expect(await run.exited).toBe(1);
    expect(run.stderr()).toMatch(ONE_ERROR);
    expect(run.stderr()).toContain(
      `error: cannot reach the job distributor at ws://127.0.0.1:${port}: connect ECONNREFUSED`,
    );
  });

  it("exits 2 on a usage error and points at --help", async () => {
    const run = cli(["start", "--key-file", "x", "--concurrency", "0"]);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toBe('error: start needs --jd <url>\nhint: run "blockage-worker start --help"\n');
  });
});

describe("progressLine", () => {
  const status: WorkerStatus = {
    worker: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
    jdUrl: "ws://127.0.0.1:1",
    jd: null,
    chainId: null,
    connection: "registered",
    limits: null,
    jobsDone: 3,
    current: [{ jobId: "7:3", epoch: "7", chunkId: 3, state: "proving", since: 1_000, deadline: 60_000 }],
    lastProvingMs: 1900,
    meanProvingMs: 2060,
    earnings: 3000n,
    keptProofs: 1,
    suspendedUntil: null,
    counters: {} as WorkerStatus["counters"],
  };

  it("says what the worker is doing in one line", () => {
    expect(progressLine(status, 2_200)).toBe(
      "0x3C44…93BC registered · done 3 · proving epoch 7 chunk 3 (1.2 s) · last 1.9 s · mean 2.1 s · earned 3000 · kept 1",
    );
    expect(
      progressLine({ ...status, current: [], lastProvingMs: null, meanProvingMs: null, earnings: null, keptProofs: 0 }),
    ).toBe("0x3C44…93BC registered · done 3 · waiting for a job");
  });

  it("is rewritten in place on a terminal, with warnings on lines of their own above it", () => {
    let out = "";
    const io: CliIo = {
      stdout: (text) => void (out += text),
      stderr: () => undefined,
      isTTY: true,
      env: {},
      cwd: "/",
      onInterrupt: () => () => undefined,
    };
    const progress = new Progress(io, "tty", () => ({ ...status, current: [] }));
    progress.event("job", "ignored on a terminal");
    progress.note("warning", "the JD is slow");
    progress.end();
    const line = "0x3C44…93BC registered · done 3 · waiting for a job · last 1.9 s · mean 2.1 s · earned 3000 · kept 1";
    expect(out).toBe(`\r\x1b[K${line}\r\x1b[Kwarning: the JD is slow\n\r\x1b[K${line}\n`);
  });
});
