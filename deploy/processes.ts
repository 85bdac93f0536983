// Services as real processes (for end-to-end tests and benchmarks): `blockage-jd` and `blockage-worker` started from
// their bins, their output kept, stopped by pid (SIGTERM, then SIGKILL) or killed with `kill -9` on purpose.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const JD_BIN = path.resolve(__dirname, "..", "packages", "job-distributor", "bin", "blockage-jd.js");
export const WORKER_BIN = path.resolve(__dirname, "..", "packages", "prover-worker", "bin", "blockage-worker.js");

/** A running process and everything it printed. */
export interface Proc {
  name: string;
  child: ChildProcess;
  output: string;
  /** Resolves with the exit code (or the signal) once it has exited. */
  exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
  /** `kill -9`: no chance to clean up. */
  kill9(): Promise<void>;
}

const running = new Set<Proc>();

/** The last resort: whatever is still running when this process exits is killed, never orphaned. */
function killRunning(): void {
  for (const p of running) p.child.kill("SIGKILL");
}

/** Starts `node <bin> ...args` in `cwd`. */
export function startProcess(name: string, bin: string, args: string[], cwd: string): Proc {
  const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  const proc: Proc = {
    name,
    child,
    output: "",
    exited: new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? "?"))),
    async stop(graceMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
        await proc.exited;
        clearTimeout(timer);
      }
      running.delete(proc);
    },
    async kill9() {
      child.kill("SIGKILL");
      await proc.exited;
      running.delete(proc);
    },
  };
  if (running.size === 0) process.on("exit", killRunning);
  child.once("exit", () => {
    running.delete(proc);
    if (running.size === 0) process.off("exit", killRunning);
  });
  child.stdout!.on("data", (d) => (proc.output += d));
  child.stderr!.on("data", (d) => (proc.output += d));
  running.add(proc);
  return proc;
}

/** Stops every process still running (afterAll, also after a failure). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop(5_000)));
}

/** A key file (mode 0600) holding `privateKey`. */
export function keyFile(dir: string, name: string, privateKey: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${privateKey}\n`, { mode: 0o600 });
  return file;
}
