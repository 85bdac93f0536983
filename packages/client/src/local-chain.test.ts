// Tests of deploy/local-chain.ts, the `hardhat node` runner used by `npm start` and by these tests.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePort, LocalChainError, startLocalChain, type LocalChain } from "../../../deploy/local-chain";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

/** Whether a process with this pid exists at all (a zombie still does). */
function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/** Whether the process has died: gone, or a zombie its new parent has not reaped yet. */
function dead(pid: number): boolean {
  if (!exists(pid)) return true;
  try {
    // /proc/<pid>/stat: "pid (comm) state …"; comm may contain spaces or parentheses.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return !exists(pid);
  }
}

async function waitFor(condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Holds a TCP port on 127.0.0.1 so that nothing else can bind it. */
async function holdPort(): Promise<net.Server & { port: number }> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return Object.assign(server, { port: (server.address() as net.AddressInfo).port });
}

/** Starts a chain that is expected not to start, and returns the error; stops it (and fails) if it does start. */
async function startFailure(options: Parameters<typeof startLocalChain>[0]): Promise<LocalChainError> {
  let chain: LocalChain;
  try {
    chain = await startLocalChain(options);
  } catch (error) {
    expect(error).toBeInstanceOf(LocalChainError);
    return error as LocalChainError;
  }
  await chain.stop();
  return expect.fail("the node started although it should not have");
}

describe("startLocalChain / stop", () => {
  const chains: LocalChain[] = [];
  const servers: net.Server[] = [];
  afterEach(async () => {
    await Promise.all(chains.splice(0).map((c) => within(c.stop(), 10_000, "stop() in afterEach")));
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it("stop() ends a running node", async () => {
    const chain = await startLocalChain();
    chains.push(chain);
    expect(exists(chain.pid)).toBe(true);
    await within(chain.stop(), 10_000, "stop()");
    expect(exists(chain.pid)).toBe(false);
    await within(chain.stop(), 1_000, "a second stop()");
  });

  it("stop() resolves when the node was already killed by SIGKILL", async () => {
    const chain = await startLocalChain();
    chains.push(chain);
    process.kill(chain.pid, "SIGKILL");
    // Once this process has reaped the node, its "exit" event has fired: stop() must not wait for another one.
    await waitFor(() => !exists(chain.pid));
    await new Promise((resolve) => setImmediate(resolve));
    await within(chain.stop(), 5_000, "stop() after SIGKILL");
  });

  it("fails with a one-line LocalChainError giving the node's reason when an explicit port is in use", async () => {
    const busy = await holdPort();
    servers.push(busy);
    const e = await startFailure({ port: busy.port });
    expect(e.name).toBe("LocalChainError");
    expect(e.message).toMatch(/^hardhat node exited with code 1: Error: listen EADDRINUSE.*127\.0\.0\.1:\d+$/);
    expect(e.message).not.toContain("\n");
    expect(e.message).toContain(String(busy.port));
    expect(e.output).toContain("EADDRINUSE");
    expect(e.output).toMatch(/\n\s+at /); // the full output, stack included, is kept
    expect(e).toMatchObject({ port: busy.port, exitCode: 1, signal: null, addressInUse: true });
  });

  it("tries another port when the chosen free port gets taken before the node binds it", async () => {
    const busy = await holdPort();
    servers.push(busy);
    const picked: number[] = [];
    const chain = await startLocalChain({
      pickPort: async () => {
        const port = picked.length === 0 ? busy.port : await freePort();
        picked.push(port);
        return port;
      },
    });
    chains.push(chain);
    expect(picked).toHaveLength(2);
    expect(chain.url).toBe(`http://127.0.0.1:${picked[1]}`);
    const response = await fetch(chain.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    expect(await response.json()).toMatchObject({ result: "0x7a69" });
  });

  it("gives up after the allowed retries, with the last failure", async () => {
    const busy = await holdPort();
    servers.push(busy);
    let attempts = 0;
    const error = await startFailure({ retries: 1, pickPort: async () => (attempts++, busy.port) });
    expect(error.message).toMatch(/^hardhat node exited with code 1: .*EADDRINUSE/);
    expect(attempts).toBe(2);
  });

  it("times out with a LocalChainError and leaves no node behind", async () => {
    const port = await freePort();
    const error = await startFailure({ port, timeoutMs: 100 });
    expect(error.message).toMatch(/^hardhat node did not start within 100 ms/);
    expect(error.message).not.toContain("\n");
    // The half-started node was killed, so its port is free again.
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve));
    await new Promise((resolve) => server.close(resolve));
  });
});

describe("the node never outlives the process that started it", () => {
  // A parent process that starts a chain, prints the node's pid, then waits: for a signal, or for a line on stdin
  // to call process.exit(0) with the chain still running.
  const parentScript = `
    const { startLocalChain } = require("./deploy/local-chain.ts");
    startLocalChain().then((chain) => {
      process.stdout.write(JSON.stringify({ pid: chain.pid }) + "\\n");
      process.stdin.once("data", () => process.exit(0));
    });
  `;

  it.each([
    ["SIGTERM", 143],
    ["SIGINT", 130],
    ["exit", 0],
  ] as const)("%s of the parent kills the node (parent exits with %i)", async (how, expectedCode) => {
    const parent = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", parentScript, how], {
      cwd: REPO_ROOT,
      stdio: ["pipe", "pipe", "inherit"],
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      parent.once("exit", (code, signal) => resolve({ code, signal })),
    );
    let pid: number | undefined;
    try {
      const line = await within(
        new Promise<string>((resolve, reject) => {
          let out = "";
          parent.stdout.on("data", (chunk: Buffer) => {
            out += chunk.toString();
            if (out.includes("\n")) resolve(out.split("\n")[0]);
          });
          parent.once("exit", () => reject(new Error(`the parent exited before starting a chain: ${out}`)));
        }),
        30_000,
        "the parent's chain",
      );
      const node = (JSON.parse(line) as { pid: number }).pid;
      pid = node;
      expect(dead(node)).toBe(false);
      if (how === "exit") parent.stdin.write("exit now\n");
      else parent.kill(how);
      expect(await within(exited, 10_000, "the parent")).toEqual({ code: expectedCode, signal: null });
      await waitFor(() => dead(node), 5_000);
    } finally {
      if (parent.exitCode === null && parent.signalCode === null) parent.kill("SIGKILL");
      // Never leave a node behind, even when the test failed.
      if (pid !== undefined && !dead(pid)) process.kill(pid, "SIGKILL");
    }
  });
});
