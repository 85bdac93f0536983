// The `blockage-jd` command line: runs a job distributor from a key file against a chain.
//   blockage-jd start --rpc <url> --key-file <file> --epoch auto|<n> --port <n> [--data-dir <dir>]
//                     [--rollup <address>] [--payout-distributor <address>] [--host <ip>] [--cut-bps <n>] [--json]
// Contract addresses default to deployments/<chainId>.json in the working directory. Human log lines by default, one
// JSON object per line with --json; errors are one line and a hint, exit code 1 (2 for usage errors).
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { JsonRpcProvider, Wallet, getAddress, isAddress } from "ethers";
import { errorReason } from "@blockage/client";
import { createJobDistributor, type JobDistributor } from "../distributor";

/** The program's own name. */
const PROGRAM = "blockage-jd";

const USAGE = `usage: blockage-jd start --rpc <url> --key-file <file> [--epoch auto|<n>] [--port <n>] [--data-dir <dir>]
                         [--rollup <address>] [--payout-distributor <address>] [--from-block <n>] [--host <ip>]
                         [--lease-ms <ms>] [--max-in-flight <n>] [--cut-bps <n>] [--json]

Runs a CrowdProve job distributor: serves the epochs this key holds the proof right for (--epoch auto, the default)
or one epoch, to community provers over JSON-RPC 2.0 (HTTP and WebSocket on --port, 127.0.0.1 by default), submits
each epoch proof and pays the workers through the PayoutDistributor. Addresses default to deployments/<chainId>.json
(and --from-block, the first block of the rollup's logs, to the rollup's deployment block there).`;

/** Exit codes: 0 success, 1 failure, 2 wrong usage. */
export const JD_EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** A failure the CLI reports as `error: <message>` and `hint: <hint>`, exiting with `exitCode`. */
export class JdCliError extends Error {
  override name = "JdCliError" as const;
  /**
   * @param message - One line saying what failed.
   * @param hint - What to do about it.
   * @param exitCode - {@link JD_EXIT}`.failure` (default) or `.usage`.
   */
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode: number = JD_EXIT.failure,
  ) {
    super(message);
  }
}

/** A wrong command line: exit code 2 (the hint is added by {@link runJdCommand}). */
class UsageError extends JdCliError {
  constructor(message: string) {
    super(message, undefined, JD_EXIT.usage);
  }
}

/** A failure with a hint: exit code 1. */
class CliError extends JdCliError {}

/** What the CLI reads and writes, passed in so that embedders (the `blockage` CLI, tests) can give their own. */
export interface JdCliIo {
  /** Writes to standard output (usage, log lines). */
  stdout(text: string): void;
  /** Working directory (for --key-file, --data-dir and deployments/<chainId>.json). */
  cwd: string;
  /**
   * Calls `handler` on each interrupt (SIGINT, and SIGTERM) until the returned function is called.
   *
   * @param handler - Called once per signal.
   * @returns Removes the handler.
   */
  onInterrupt(handler: () => void): () => void;
}

/** Options of {@link runJdCommand}. */
export interface RunJdCommandOptions {
  /**
   * The program as the user typed it, for help texts and usage hints (default `blockage-jd`; `blockage jd` when the
   * one `blockage` command runs it).
   */
  program?: string;
}

const OPTIONS = {
  rpc: { type: "string" },
  "key-file": { type: "string" },
  epoch: { type: "string", default: "auto" },
  port: { type: "string", default: "8600" },
  host: { type: "string", default: "127.0.0.1" },
  "data-dir": { type: "string" },
  rollup: { type: "string" },
  "payout-distributor": { type: "string" },
  "from-block": { type: "string" },
  "lease-ms": { type: "string" },
  "max-in-flight": { type: "string" },
  "cut-bps": { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

function integer(value: string | undefined, name: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value) || Number(value) > max)
    throw new UsageError(`--${name} must be an integer from 0 to ${max}`);
  return Number(value);
}

/** Reads a private key from a file that only its owner may read. */
function readKey(file: string): Wallet {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new CliError(`cannot read the key file ${file}`, "pass --key-file <path to a file holding a 0x private key>");
  }
  if ((stat.mode & 0o077) !== 0) {
    throw new CliError(
      `the key file ${file} may be read by others (mode ${(stat.mode & 0o777).toString(8)})`,
      `run: chmod 600 ${file}`,
    );
  }
  const raw = fs.readFileSync(file, "utf8").trim();
  try {
    return new Wallet(raw.startsWith("0x") ? raw : `0x${raw}`);
  } catch {
    throw new CliError(
      `the key file ${file} does not hold a valid secp256k1 private key`,
      "it must hold 32 bytes of hex",
    );
  }
}

/** An address from an option, else from deployments/<chainId>.json. */
function deployed(
  option: string | undefined,
  name: string,
  chainId: bigint,
  required: boolean,
  cwd: string,
): { address?: string; tx?: string } {
  if (option !== undefined) {
    if (!isAddress(option))
      throw new UsageError(`--${name === "Rollup" ? "rollup" : "payout-distributor"} is not an address: ${option}`);
    return { address: getAddress(option) };
  }
  const file = path.resolve(cwd, "deployments", `${chainId}.json`);
  let record: Record<string, { address?: string; transactionHash?: string }>;
  try {
    record = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    if (required) throw new CliError(`no --rollup given and ${file} cannot be read`, "pass --rollup <address>");
    return {};
  }
  const entry = record[name];
  if (entry?.address === undefined || !isAddress(entry.address)) {
    if (required) throw new CliError(`no --rollup given and ${file} records no ${name}`, "pass --rollup <address>");
    return {};
  }
  return { address: getAddress(entry.address), tx: entry.transactionHash };
}

/** Runs a JD until it is interrupted and has stopped. */
async function start(argv: string[], io: JdCliIo, program: string): Promise<void> {
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  if (values.help) {
    io.stdout(`${renamed(USAGE, program)}\n`);
    return;
  }
  if (values.rpc === undefined) throw new UsageError("--rpc <url> is required");
  if (values["key-file"] === undefined) throw new UsageError("--key-file <file> is required");
  const epoch = values.epoch === "auto" ? "auto" : /^[0-9]+$/.test(values.epoch) ? BigInt(values.epoch) : null;
  if (epoch === null) throw new UsageError("--epoch must be auto or an epoch number");
  const port = integer(values.port, "port", 65535)!;
  const leaseMs = integer(values["lease-ms"], "lease-ms");
  const maxInFlight = integer(values["max-in-flight"], "max-in-flight", 64);
  const cutBps = integer(values["cut-bps"], "cut-bps", 10_000);
  const wallet = readKey(path.resolve(io.cwd, values["key-file"]));
  const json = values.json;
  const log = (level: string, message: string) => {
    const time = new Date().toISOString();
    if (json) io.stdout(`${JSON.stringify({ time, level, message })}\n`);
    else io.stdout(`${time.slice(11, 19)} ${level === "info" ? "     " : level.toUpperCase().padEnd(5)} ${message}\n`);
  };
  // No request cache: the JD sends transactions back to back (withdraw, approve, publish) and a cached
  // eth_getTransactionCount would give the second one the first one's nonce.
  const provider = new JsonRpcProvider(values.rpc, undefined, { staticNetwork: true, cacheTimeout: -1 });
  let chainId: bigint;
  try {
    chainId = (await provider.getNetwork()).chainId;
  } catch (error) {
    provider.destroy();
    throw new CliError(
      `cannot reach the chain at ${values.rpc}: ${errorReason(error)}`,
      "is the node running? check --rpc",
    );
  }
  const rollup = deployed(values.rollup, "Rollup", chainId, true, io.cwd);
  const payout = deployed(values["payout-distributor"], "PayoutDistributor", chainId, false, io.cwd);
  let fromBlock = integer(values["from-block"], "from-block") ?? 0;
  if (values["from-block"] === undefined && rollup.tx !== undefined) {
    fromBlock = (await provider.getTransactionReceipt(rollup.tx))?.blockNumber ?? 0;
  }
  if (payout.address === undefined)
    log(
      "warn",
      "no PayoutDistributor (--payout-distributor or deployments): workers get receipts, no on-chain payouts",
    );
  const dataDir = path.resolve(io.cwd, values["data-dir"] ?? path.join(".blockage-jd", wallet.address));
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  let jd: JobDistributor;
  try {
    jd = await createJobDistributor({
      signer: wallet.connect(provider),
      rollup: rollup.address!,
      payoutDistributor: payout.address,
      fromBlock,
      epoch,
      dataDir,
      host: values.host,
      port,
      leaseMs,
      maxInFlight,
      operatorCutBps: cutBps,
      log,
    });
  } catch (error) {
    provider.destroy();
    const reason = errorReason(error);
    if (/EADDRINUSE/.test(reason)) throw new CliError(`port ${port} is already in use`, "pick another --port");
    throw new CliError(`cannot start the job distributor: ${reason}`);
  }
  log("info", `data in ${dataDir}; workers connect with: blockage-worker start --jd ${jd.wsUrl} --key-file <file>`);
  const summary = setInterval(() => {
    const s = jd.status() as {
      queue: { queued: number; inFlight: number; done: number; failed: number };
      workers: { connected: boolean }[];
    };
    const connected = s.workers.filter((w) => w.connected).length;
    log(
      "info",
      `jobs: ${s.queue.done} done · ${s.queue.inFlight} in flight · ${s.queue.queued} queued · ${s.queue.failed} failed · ${connected} worker(s) connected`,
    );
  }, 15_000);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const removeHandler = io.onInterrupt(() => {
      if (stopping) return;
      stopping = true;
      removeHandler();
      clearInterval(summary);
      log("info", "stopping: closing connections and the database");
      void jd.stop().finally(() => {
        provider.destroy();
        resolve();
      });
    });
  });
}

/** Names `program` instead of `blockage-jd` in a help text or a hint. */
function renamed(text: string, program: string): string {
  return program === PROGRAM ? text : text.replaceAll(PROGRAM, program);
}

/**
 * Runs one `blockage-jd` command line (for `start`: until the JD is interrupted and has stopped) and throws its
 * failure instead of reporting it: the entry of embedders such as the `blockage` CLI (`blockage jd start …`).
 *
 * @param argv - Arguments after the program name, e.g. `["start", "--rpc", url, "--key-file", file]`.
 * @param io - Standard output, working directory and interrupts.
 * @param options - The program's name in help texts and hints.
 * @throws {JdCliError} For a wrong command line (`exitCode` 2, hint: the `--help` to run) or a failure with a hint
 *   (`exitCode` 1).
 * @throws Anything else starting the JD throws: a failure, exit code 1.
 * @example
 * await runJdCommand(["start", "--rpc", rpc, "--key-file", "jd.key"], io, { program: "blockage jd" });
 */
export async function runJdCommand(argv: string[], io: JdCliIo, options: RunJdCommandOptions = {}): Promise<void> {
  const program = options.program ?? PROGRAM;
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === "--help" || command === "-h" || command === "help") {
      if (command === undefined) throw new UsageError("no command given");
      io.stdout(`${renamed(USAGE, program)}\n`);
      return;
    }
    if (command !== "start") throw new UsageError(`unknown command "${command}"`);
    await start(rest, io, program);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (error instanceof UsageError || (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS"))) {
      const hint = `run "${program}${command === "start" ? " start" : ""} --help"`;
      throw new JdCliError((error as Error).message, hint, JD_EXIT.usage);
    }
    throw error;
  }
}
