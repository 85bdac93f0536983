// The `blockage-jd` command: runs a job distributor from a key file against a chain.
//   blockage-jd start --rpc <url> --key-file <file> --epoch auto|<n> --port <n> [--data-dir <dir>]
//                     [--rollup <address>] [--payout-distributor <address>] [--host <ip>] [--cut-bps <n>] [--json]
// Contract addresses default to deployments/<chainId>.json in the working directory. Human log lines by default, one
// JSON object per line with --json; errors are one line and a hint, exit code 1 (2 for usage errors).
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { JsonRpcProvider, Wallet, getAddress, isAddress } from "ethers";
import { errorReason } from "@blockage/client";
import { createJobDistributor, type JobDistributor } from "./distributor";

const USAGE = `usage: blockage-jd start --rpc <url> --key-file <file> [--epoch auto|<n>] [--port <n>] [--data-dir <dir>]
                         [--rollup <address>] [--payout-distributor <address>] [--from-block <n>] [--host <ip>]
                         [--lease-ms <ms>] [--max-in-flight <n>] [--cut-bps <n>] [--json]

Runs a CrowdProve job distributor: serves the epochs this key holds the proof right for (--epoch auto, the default)
or one epoch, to community provers over JSON-RPC 2.0 (HTTP and WebSocket on --port, 127.0.0.1 by default), submits
each epoch proof and pays the workers through the PayoutDistributor. Addresses default to deployments/<chainId>.json
(and --from-block, the first block of the rollup's logs, to the rollup's deployment block there).`;

class UsageError extends Error {}
class CliError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
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
): { address?: string; tx?: string } {
  if (option !== undefined) {
    if (!isAddress(option))
      throw new UsageError(`--${name === "Rollup" ? "rollup" : "payout-distributor"} is not an address: ${option}`);
    return { address: getAddress(option) };
  }
  const file = path.resolve("deployments", `${chainId}.json`);
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

async function start(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
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
  const wallet = readKey(values["key-file"]);
  const json = values.json;
  const log = (level: string, message: string) => {
    const time = new Date().toISOString();
    if (json) process.stdout.write(`${JSON.stringify({ time, level, message })}\n`);
    else
      process.stdout.write(
        `${time.slice(11, 19)} ${level === "info" ? "     " : level.toUpperCase().padEnd(5)} ${message}\n`,
      );
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
  const rollup = deployed(values.rollup, "Rollup", chainId, true);
  const payout = deployed(values["payout-distributor"], "PayoutDistributor", chainId, false);
  let fromBlock = integer(values["from-block"], "from-block") ?? 0;
  if (values["from-block"] === undefined && rollup.tx !== undefined) {
    fromBlock = (await provider.getTransactionReceipt(rollup.tx))?.blockNumber ?? 0;
  }
  if (payout.address === undefined)
    log(
      "warn",
      "no PayoutDistributor (--payout-distributor or deployments): workers get receipts, no on-chain payouts",
    );
  const dataDir = path.resolve(values["data-dir"] ?? path.join(".blockage-jd", wallet.address));
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
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(summary);
    log("info", "stopping: closing connections and the database");
    await jd.stop();
    provider.destroy();
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(`${USAGE}\n`);
    if (command === undefined) process.exitCode = 2;
    return;
  }
  if (command !== "start") throw new UsageError(`unknown command "${command}"`);
  await start(rest);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
    process.stderr.write(`error: ${(error as Error).message}\nhint: blockage-jd --help\n`);
    process.exitCode = 2;
  } else if (error instanceof CliError) {
    process.stderr.write(`error: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ""}`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`error: ${errorReason(error)}\n`);
    process.exitCode = 1;
  }
});
