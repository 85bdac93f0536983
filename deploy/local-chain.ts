import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";

/** A Hardhat JSON-RPC node running as a child process on 127.0.0.1. */
export interface LocalChain {
  /** HTTP JSON-RPC endpoint, e.g. `http://127.0.0.1:45123`. */
  url: string;
  /** Process id of the node. */
  pid: number;
  /** Stops the node and waits for it to exit; resolves at once if it already has. Safe to call more than once. */
  stop(): Promise<void>;
}

/** Options of {@link startLocalChain}. */
export interface StartLocalChainOptions {
  /** Port to use. When given, a port already in use is an error (no retry). Default: a free one. */
  port?: number;
  /** How long to wait for each start attempt, in ms. Default 60 000. */
  timeoutMs?: number;
  /**
   * How many more ports to try when the chosen free port was taken by someone else before the node could bind it.
   * Only applies when `port` is not given. Default 2.
   */
  retries?: number;
  /** How to choose a port when `port` is not given. Default {@link freePort}. */
  pickPort?: () => Promise<number>;
  /**
   * Kill the node and exit (130/143) on SIGINT/SIGTERM (default true). `false` when the caller has its own handler
   * that stops the node with everything else it started; the node is still killed if the process exits.
   */
  handleSignals?: boolean;
}

/** The local node could not be started. `message` is one line ending with the node's own reason. */
export class LocalChainError extends Error {
  override readonly name = "LocalChainError" as const;
  /** Everything the node printed before it failed (stdout and stderr, at most the last 64 KiB). */
  readonly output: string;
  /** The port the node tried to use. */
  readonly port: number;
  /** Exit code of the node, if it exited. */
  readonly exitCode: number | null;
  /** Signal that ended the node, if one did. */
  readonly signal: NodeJS.Signals | null;

  constructor(
    message: string,
    details: { output: string; port: number; exitCode?: number | null; signal?: NodeJS.Signals | null },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.output = details.output;
    this.port = details.port;
    this.exitCode = details.exitCode ?? null;
    this.signal = details.signal ?? null;
  }

  /** Whether the node failed because its port was already in use. */
  get addressInUse(): boolean {
    return /EADDRINUSE|address already in use/i.test(this.output);
  }
}

const REPO_ROOT = path.resolve(__dirname, "..");
const READY_LINE = "Started HTTP and WebSocket JSON-RPC server";
const MAX_OUTPUT = 64 * 1024;
const STOP_GRACE_MS = 5_000;

/** Asks the OS for a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The last line of the node's output worth showing: not blank and not a stack frame, without colour codes, at most
 * 300 characters.
 */
export function lastMeaningfulLine(output: string): string | undefined {
  const line = output
    // eslint-disable-next-line no-control-regex
    .replace(/\x1b\[[0-9;]*m/g, "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "" && !/^at\s/.test(l))
    .pop();
  return line === undefined || line.length <= 300 ? line : `${line.slice(0, 299)}…`;
}

// Nodes still running, killed if this process exits or is interrupted so that none is ever orphaned. The process
// handlers are installed only while at least one node runs.
const running = new Set<ChildProcess>();

function killAllNow(): void {
  for (const child of running) child.kill("SIGKILL");
}

function onSignal(signal: NodeJS.Signals): void {
  killAllNow();
  // Listening to a signal replaces Node's default of exiting, so exit as the default would have.
  process.exit(signal === "SIGINT" ? 130 : 143);
}

/** Nodes whose starter left Ctrl-C to this module (the others' starters stop them on a signal themselves). */
const signalled = new Set<ChildProcess>();

function track(child: ChildProcess, handleSignals: boolean): void {
  if (running.size === 0) process.on("exit", killAllNow);
  running.add(child);
  if (handleSignals) {
    if (signalled.size === 0) {
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
    }
    signalled.add(child);
  }
}

function untrack(child: ChildProcess): void {
  if (signalled.delete(child) && signalled.size === 0) {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  if (!running.delete(child) || running.size > 0) return;
  process.off("exit", killAllNow);
}

/**
 * Starts `hardhat node` bound to 127.0.0.1 and resolves once it accepts JSON-RPC. The node is killed if this process
 * exits or gets SIGINT/SIGTERM (which then exits with 130/143) before {@link LocalChain.stop} is called.
 *
 * @param options - Port, timeout and retries.
 * @throws {LocalChainError} If the node cannot be started; the message ends with its last meaningful output line.
 */
export async function startLocalChain(options: StartLocalChainOptions = {}): Promise<LocalChain> {
  const attempts = options.port === undefined ? 1 + Math.max(0, options.retries ?? 2) : 1;
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await (options.pickPort ?? freePort)());
    try {
      return await launch(port, options.timeoutMs ?? 60_000, options.handleSignals ?? true);
    } catch (error) {
      // freePort releases the port before the node binds it; someone else may have taken it in between.
      if (attempt < attempts && error instanceof LocalChainError && error.addressInUse) continue;
      throw error;
    }
  }
}

async function launch(port: number, timeoutMs: number, handleSignals: boolean): Promise<LocalChain> {
  const hardhatBin = path.join(REPO_ROOT, "node_modules", "hardhat", "internal", "cli", "bootstrap.js");
  const child: ChildProcess = spawn(
    process.execPath,
    [hardhatBin, "node", "--hostname", "127.0.0.1", "--port", String(port)],
    {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true" },
    },
  );

  // Permanent bookkeeping: whether the node is gone, and a promise that settles when it is.
  let exited = false;
  let markExited!: () => void;
  const gone = new Promise<void>((resolve) => (markExited = resolve));
  const finish = () => {
    exited = true;
    untrack(child);
    markExited();
  };
  child.on("exit", finish);
  // A failed spawn emits "error" and never "exit"; later errors (e.g. a failed kill) must not crash this process.
  child.on("error", () => {
    if (child.pid === undefined) finish();
  });
  track(child, handleSignals);

  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > MAX_OUTPUT) output = output.slice(-MAX_OUTPUT);
  };
  const failure = (message: string, extra: { exitCode?: number | null; signal?: NodeJS.Signals | null } = {}) => {
    const line = lastMeaningfulLine(output);
    return new LocalChainError(line ? `${message}: ${line}` : `${message} (no output)`, { output, port, ...extra });
  };

  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(failure(`hardhat node did not start within ${timeoutMs} ms`)), timeoutMs);
    const settle = () => clearTimeout(timer);
    child.stdout?.on("data", (chunk: Buffer) => {
      collect(chunk);
      if (output.includes(READY_LINE)) {
        settle();
        resolve();
      }
    });
    child.stderr?.on("data", collect);
    // "close", not "exit": only then has all of the node's output (its reason for dying) been read.
    child.once("close", (code: number | null, signal: NodeJS.Signals | null) => {
      settle();
      reject(
        signal
          ? failure(`hardhat node was killed by ${signal} while starting`, { signal })
          : failure(`hardhat node exited with code ${code}`, { exitCode: code }),
      );
    });
    child.once("error", (error) => {
      settle();
      reject(new LocalChainError(`could not start hardhat node: ${error.message}`, { output, port }, { cause: error }));
    });
  });

  try {
    await ready;
  } catch (error) {
    // Never leave a half-started node behind (it would hold the port).
    if (!exited) child.kill("SIGKILL");
    await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref())]);
    throw error;
  }

  // Ready: stop collecting (the node logs every request) but keep draining its pipes so it never blocks on a write.
  for (const stream of [child.stdout, child.stderr]) {
    stream?.removeAllListeners("data");
    stream?.resume();
  }
  output = "";

  let stopping: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () =>
      (stopping ??= (async () => {
        if (exited) return;
        child.kill("SIGTERM");
        const force = setTimeout(() => {
          if (!exited) child.kill("SIGKILL");
        }, STOP_GRACE_MS);
        await gone;
        clearTimeout(force);
      })()),
  };
}
