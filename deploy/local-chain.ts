import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";

/** A Hardhat JSON-RPC node running as a child process on 127.0.0.1. */
export interface LocalChain {
  /** HTTP JSON-RPC endpoint, e.g. `http://127.0.0.1:45123`. */
  url: string;
  /** Stops the node and waits for it to exit. */
  stop(): Promise<void>;
}

const REPO_ROOT = path.resolve(__dirname, "..");

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
 * Starts `hardhat node` bound to 127.0.0.1 on a free port and resolves once it accepts JSON-RPC.
 *
 * @param options.port - Port to use (default: a free one).
 * @param options.timeoutMs - How long to wait for the node to come up.
 */
export async function startLocalChain(options: { port?: number; timeoutMs?: number } = {}): Promise<LocalChain> {
  const port = options.port ?? (await freePort());
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
  let output = "";
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`hardhat node did not start within ${options.timeoutMs ?? 60_000} ms:\n${output}`)),
      options.timeoutMs ?? 60_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Started HTTP and WebSocket JSON-RPC server")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`hardhat node exited with code ${code}:\n${output}`));
    });
  });
  try {
    await ready;
  } catch (error) {
    // Never leave a half-started node behind (it would hold the port).
    if (child.exitCode === null) child.kill("SIGKILL");
    throw error;
  }
  child.stdout?.removeAllListeners("data");
  child.stdout?.resume();
  child.removeAllListeners("exit");
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
