// `blockage node start`: runs a node from key files against a chain until Ctrl-C.
//   blockage node start --rpc <url> --key-file <operator key> --node-keys <keys file> [options]
// The operator key is `VALIDATOR_PRIVATE_KEY` (or --key-file), the prover key `PROVER_PUBLISHER_PRIVATE_KEY` (or
// --prover-key-file; default the operator key), seed 003's variables. Contract addresses default to
// deployments/<chainId>.json. Human log lines by default, one JSON object per line with --json.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { JsonRpcProvider, getAddress, isAddress, parseUnits } from "ethers";
import { errorReason } from "@blockage/client";
import { createDashboardServer, type DashboardServer } from "@blockage/dashboard";
import type { LogLevel } from "../context";
import { NodeConfigError } from "../errors";
import { gossipTransport } from "../gossip/transport";
import { createNode, type NodeOptions } from "../node";

/** Output streams and environment of a CLI run. */
export interface NodeCliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Resolves when the node should stop (default: SIGINT or SIGTERM). */
  stopSignal?: Promise<void>;
}

export const NODE_START_HELP = `Usage: blockage node start --node-keys <file> [options]

Runs a blockage node: follows the chain and plays its roles — keeper (beacon pokes, epoch rolls), sequencer (a
ticket every slot, proposals from its mempool, countersigning the best quote), prover (tickets, bids, claims, an
embedded CrowdProve job distributor for its workers, rescues, rewards) — until Ctrl-C. State lives in --data-dir
(lmdb): a restarted node resumes every claim and deadline it holds.

Keys:
  --key-file <path>         the operator's key (env VALIDATOR_PRIVATE_KEY): the account that registered the node
  --prover-key-file <path>  the prover's key (env PROVER_PUBLISHER_PRIVATE_KEY; default the operator's)
  --node-keys <path>        the node's keys file written by "blockage node register" (VRF key, pid, salt)
  --no-prover               do not prove (no prover key, no job distributor)

Chain:
  --rpc <url>               the chain (env BLOCKAGE_RPC_URL, default http://127.0.0.1:8545)
  --rollup <addr>           default "Rollup" in ./deployments/<chainId>.json
  --payout-distributor <addr>  default "PayoutDistributor" there
  --from-block <n>          first block of the rollup's logs (default its deployment block)

Servers (127.0.0.1 unless --host):
  --host <ip>               bind address of the job distributor and the gossip (for remote workers and peers)
  --rpc-host <ip>           bind address of the JSON-RPC, which has no authentication (default 127.0.0.1)
  --port <n>                JSON-RPC and /metrics (default 8547)
  --jd-port <n>             the embedded job distributor for workers (default 8600)
  --p2p-port <n>            quote gossip (libp2p TCP; default 0: any free port)
  --bootstrap <multiaddr>   a peer to join (repeat or comma-separate)
  --data-dir <dir>          default ./.blockage-node/<pid prefix>
  --dashboard               serve the live dashboard (epochs, lotteries, pending chain, claims, jobs, payouts, gas)
                            on 127.0.0.1 and print its URL
  --dashboard-port <n>      the dashboard's port (default 8700; 0: any free port)

Policy:
  --propose-threshold <p>   propose when the ticket's win probability is at least p (default 0.1)
  --ticket-threshold <p>    enter the prover lottery from win probability p (default 0.05)
  --txs-per-block <n>       transactions per block, a multiple of 16 (default 16)
  --generate-txs <seed>     fill blocks with generated transactions (devnets)
  --auto-bid-fee <bps>      bid at this fee whenever an epoch's claim window opens
  --bid-bond <tokens>       bond offered in bids (default the minimum bond)
  --min-rescue-reward <tokens>  race for epochs in the open race that pay at least this
  --rescue-delay-slots <n>  join an open race only n slots after it opened (default 0)
  --no-designated-claims    do not claim in the priority window when designated
  --proving-ms <ms>         assumed time per chunk for a worker not yet measured (default 3000)

Cooperative rollups (seed 001; the mechanism is read from the rollup):
  --fee-split <bps>         FEE_SPLIT this node's proposals declare (default the deployment's minimum)
  --fee-burn <bps>          FEE_BURN this node's chunk proofs declare (default 0)
  --keep-threshold <p>      prove a chunk when its ticket's chance of being kept is at least p (default 0.3)

Open-race rollups (seed 004's example; the mechanism is read from the rollup):
  --min-prefix-blocks <n>   prove the provable prefix once it holds n blocks (default 2)…
  --max-wait-slots <n>      …or once its oldest block is n slots old (default 3)
  --proving-cost <tokens>   this node's proving cost per transaction: flag the proving base fee when it is lower
                            (once per epoch, when active enough; default: never flag)
  --no-keeper               do not poke the beacon or roll epochs
  --json                    one JSON object per log line`;

const OPTIONS = {
  rpc: { type: "string" },
  "key-file": { type: "string" },
  "prover-key-file": { type: "string" },
  "node-keys": { type: "string" },
  "no-prover": { type: "boolean", default: false },
  rollup: { type: "string" },
  "payout-distributor": { type: "string" },
  "from-block": { type: "string" },
  host: { type: "string" },
  "rpc-host": { type: "string" },
  port: { type: "string", default: "8547" },
  "jd-port": { type: "string", default: "8600" },
  "p2p-port": { type: "string", default: "0" },
  bootstrap: { type: "string", multiple: true },
  "data-dir": { type: "string" },
  dashboard: { type: "boolean", default: false },
  "dashboard-port": { type: "string" },
  "propose-threshold": { type: "string" },
  "ticket-threshold": { type: "string" },
  "txs-per-block": { type: "string" },
  "generate-txs": { type: "string" },
  "auto-bid-fee": { type: "string" },
  "bid-bond": { type: "string" },
  "min-rescue-reward": { type: "string" },
  "rescue-delay-slots": { type: "string" },
  "no-designated-claims": { type: "boolean", default: false },
  "proving-ms": { type: "string" },
  "fee-split": { type: "string" },
  "fee-burn": { type: "string" },
  "keep-threshold": { type: "string" },
  "min-prefix-blocks": { type: "string" },
  "max-wait-slots": { type: "string" },
  "proving-cost": { type: "string" },
  "no-keeper": { type: "boolean", default: false },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** The command line is wrong (exit 2). */
export class NodeUsageError extends Error {
  override name = "NodeUsageError" as const;
  readonly exitCode = 2;
  readonly code = "UsageError";
  readonly hint = 'run "blockage node start --help"';
}

/** A failure with a hint (exit 1). */
export class NodeCliError extends Error {
  override name = "NodeCliError" as const;
  readonly exitCode = 1;
  readonly code: string;
  constructor(
    message: string,
    readonly hint?: string,
    code = "NodeStartFailed",
  ) {
    super(message);
    this.code = code;
  }
}

function integer(value: string | undefined, name: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value) || Number(value) > max)
    throw new NodeUsageError(`--${name} must be an integer from 0 to ${max}`);
  return Number(value);
}

function probability(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const p = Number(value);
  if (!/^[0-9.]+$/.test(value) || !(p >= 0 && p <= 1))
    throw new NodeUsageError(`--${name} must be a number from 0 to 1`);
  return p;
}

function tokens(value: string | undefined, name: string): bigint | undefined {
  if (value === undefined) return undefined;
  try {
    if (!/^[0-9]+(\.[0-9]+)?$/.test(value)) throw new Error();
    return parseUnits(value, 18);
  } catch {
    throw new NodeUsageError(`--${name} must be an amount of tokens, e.g. 100 or 0.5`);
  }
}

/** A private key from a file only its owner may read, or from an environment variable. */
function secretKey(file: string | undefined, env: string | undefined, what: string, cwd: string): string | undefined {
  if (file === undefined) return env?.trim() || undefined;
  const resolved = path.resolve(cwd, file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(resolved);
  } catch {
    throw new NodeCliError(`cannot read the ${what} file ${file}`, "pass a file holding a 0x private key");
  }
  if ((stat.mode & 0o077) !== 0) {
    throw new NodeCliError(`the ${what} file ${file} may be read by others`, `run: chmod 600 ${file}`);
  }
  return fs.readFileSync(resolved, "utf8").trim();
}

/** The node's keys file ("blockage node register"): its VRF secret key and salt. */
function nodeKeys(file: string, cwd: string): { vrfSecretKey: string; salt: string; pid: string } {
  const resolved = path.resolve(cwd, file);
  let document: { pid?: string; salt?: string; vrf?: { secretKey?: string } };
  try {
    document = JSON.parse(fs.readFileSync(resolved, "utf8"));
  } catch (error) {
    throw new NodeCliError(
      `cannot read the node keys file ${file}: ${errorReason(error)}`,
      'it is written by "blockage node register"',
    );
  }
  if (typeof document.vrf?.secretKey !== "string" || typeof document.salt !== "string") {
    throw new NodeCliError(
      `${file} is not a node keys file (no vrf.secretKey or salt)`,
      'it is written by "blockage node register"',
    );
  }
  return { vrfSecretKey: document.vrf.secretKey, salt: document.salt, pid: document.pid ?? "" };
}

/** An address from an option, else from deployments/<chainId>.json (with its deployment transaction). */
function deployed(
  option: string | undefined,
  name: string,
  flag: string,
  chainId: bigint,
  cwd: string,
  required: boolean,
) {
  if (option !== undefined) {
    if (!isAddress(option)) throw new NodeUsageError(`--${flag} is not an address: ${option}`);
    return { address: getAddress(option), tx: undefined };
  }
  const file = path.resolve(cwd, "deployments", `${chainId}.json`);
  let record: Record<string, { address?: string; transactionHash?: string }> = {};
  try {
    record = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    // handled below
  }
  const entry = record[name];
  if (entry?.address === undefined || !isAddress(entry.address)) {
    if (required)
      throw new NodeCliError(`no --${flag} given and ${file} records no ${name}`, `pass --${flag} <address>`);
    return { address: undefined, tx: undefined };
  }
  return { address: getAddress(entry.address), tx: entry.transactionHash };
}

const LEVEL_MARK: Record<LogLevel, string> = { debug: "debug", info: "     ", warn: "WARN ", error: "ERROR" };

/**
 * Runs `blockage node start` with the arguments after `start`; resolves with the exit code once the node has stopped.
 */
export async function runNodeStart(argv: string[], io: NodeCliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new NodeUsageError((error as Error).message.split("\n")[0]!);
  }
  if (values.help) {
    io.stdout(`${NODE_START_HELP}\n`);
    return 0;
  }
  if (values["node-keys"] === undefined) throw new NodeUsageError("--node-keys <file> is required");
  const validatorKey = secretKey(values["key-file"], io.env.VALIDATOR_PRIVATE_KEY, "operator key", io.cwd);
  if (validatorKey === undefined) {
    throw new NodeUsageError("the operator's key is missing: --key-file <path> or env VALIDATOR_PRIVATE_KEY");
  }
  const proverKey = values["no-prover"]
    ? null
    : (secretKey(values["prover-key-file"], io.env.PROVER_PUBLISHER_PRIVATE_KEY, "prover key", io.cwd) ?? validatorKey);
  const keys = nodeKeys(values["node-keys"], io.cwd);
  const port = integer(values.port, "port", 65535)!;
  const jdPort = integer(values["jd-port"], "jd-port", 65535)!;
  const p2pPort = integer(values["p2p-port"], "p2p-port", 65535)!;
  const dashboardPort = integer(values["dashboard-port"], "dashboard-port", 65535);
  if (dashboardPort !== undefined && !values.dashboard) {
    throw new NodeUsageError("--dashboard-port needs --dashboard");
  }
  const txsPerBlock = integer(values["txs-per-block"], "txs-per-block", 256);
  if (txsPerBlock !== undefined && (txsPerBlock === 0 || txsPerBlock % 16 !== 0)) {
    throw new NodeUsageError("--txs-per-block must be a positive multiple of 16");
  }
  const autoBidFee = integer(values["auto-bid-fee"], "auto-bid-fee", 10_000);
  const rpc = values.rpc ?? io.env.BLOCKAGE_RPC_URL ?? "http://127.0.0.1:8545";
  const json = values.json;
  const log = (level: LogLevel, event: string, message: string, fields: Record<string, unknown> = {}) => {
    if (level === "debug" && !io.env.BLOCKAGE_DEBUG) return;
    const time = new Date().toISOString();
    if (json) {
      const plain = JSON.parse(JSON.stringify(fields, (_, v) => (typeof v === "bigint" ? v.toString() : v)));
      io.stdout(`${JSON.stringify({ time, level, event, message, ...plain })}\n`);
    } else {
      io.stdout(`${time.slice(11, 19)} ${LEVEL_MARK[level]} ${message}\n`);
    }
  };

  const probe = new JsonRpcProvider(rpc, undefined, { staticNetwork: true });
  let chainId: bigint;
  try {
    chainId = (await probe.getNetwork()).chainId;
  } catch (error) {
    throw new NodeCliError(`cannot reach the chain at ${rpc}: ${errorReason(error)}`, "is it running? check --rpc");
  } finally {
    probe.destroy();
  }
  const rollup = deployed(values.rollup, "Rollup", "rollup", chainId, io.cwd, true);
  const payout = deployed(
    values["payout-distributor"],
    "PayoutDistributor",
    "payout-distributor",
    chainId,
    io.cwd,
    false,
  );
  let fromBlock = integer(values["from-block"], "from-block");
  if (fromBlock === undefined && rollup.tx !== undefined) {
    const p = new JsonRpcProvider(rpc, undefined, { staticNetwork: true });
    fromBlock = (await p.getTransactionReceipt(rollup.tx).finally(() => p.destroy()))?.blockNumber ?? 0;
  }
  const dataDir = path.resolve(
    io.cwd,
    values["data-dir"] ?? path.join(".blockage-node", keys.pid.slice(2, 10) || "node"),
  );
  const options: NodeOptions = {
    rpcUrl: rpc,
    validatorKey,
    proverKey,
    vrfSecretKey: keys.vrfSecretKey,
    salt: keys.salt,
    rollup: rollup.address!,
    payoutDistributor: payout.address,
    fromBlock: fromBlock ?? 0,
    dataDir,
    host: values["rpc-host"] ?? "127.0.0.1",
    port,
    jd: proverKey === null ? false : { port: jdPort, host: values.host },
    transport: gossipTransport(
      {
        port: p2pPort,
        host: values.host,
        bootstrap: (values.bootstrap ?? []).flatMap((b) => b.split(",")).filter(Boolean),
      },
      dataDir,
    ),
    keeper: !values["no-keeper"],
    sequencer: {
      ...(values["propose-threshold"] !== undefined && {
        minWinProbability: probability(values["propose-threshold"], "propose-threshold"),
      }),
      ...(txsPerBlock !== undefined && { txsPerBlock }),
      ...(values["fee-split"] !== undefined && { feeSplit: integer(values["fee-split"], "fee-split", 10_000)! }),
    },
    chunkProver: {
      ...(values["fee-burn"] !== undefined && { feeBurn: integer(values["fee-burn"], "fee-burn", 10_000)! }),
      ...(values["keep-threshold"] !== undefined && {
        minKeepProbability: probability(values["keep-threshold"], "keep-threshold"),
      }),
    },
    stateProver: {
      ...(values["ticket-threshold"] !== undefined && {
        ticketMinWinProbability: probability(values["ticket-threshold"], "ticket-threshold"),
      }),
      ...(values["min-prefix-blocks"] !== undefined && {
        minBlocks: Math.max(1, integer(values["min-prefix-blocks"], "min-prefix-blocks", 1000)!),
      }),
      ...(values["max-wait-slots"] !== undefined && {
        maxWaitSlots: BigInt(integer(values["max-wait-slots"], "max-wait-slots")!),
      }),
      ...(values["proving-cost"] !== undefined && {
        maxProvingCostPerTx: tokens(values["proving-cost"], "proving-cost"),
      }),
    },
    prover: {
      ...(values["ticket-threshold"] !== undefined && {
        ticketMinWinProbability: probability(values["ticket-threshold"], "ticket-threshold"),
      }),
      ...(autoBidFee !== undefined && { autoBidFee }),
      ...(values["bid-bond"] !== undefined && { bidBond: tokens(values["bid-bond"], "bid-bond") }),
      ...(values["min-rescue-reward"] !== undefined && {
        minRescueReward: tokens(values["min-rescue-reward"], "min-rescue-reward"),
      }),
      ...(values["rescue-delay-slots"] !== undefined && {
        rescueDelaySlots: BigInt(integer(values["rescue-delay-slots"], "rescue-delay-slots")!),
      }),
      ...(values["proving-ms"] !== undefined && { defaultProvingMs: integer(values["proving-ms"], "proving-ms") }),
      designatedClaims: !values["no-designated-claims"],
    },
    generateTransactions: values["generate-txs"] ?? false,
    log,
  };
  let node;
  try {
    node = await createNode(options);
  } catch (error) {
    if (error instanceof NodeConfigError) throw new NodeCliError(error.shortMessage, undefined, "NodeConfigError");
    throw error;
  }
  let dashboard: DashboardServer | null = null;
  if (values.dashboard) {
    try {
      dashboard = await createDashboardServer({
        rpcUrl: rpc,
        deployment: node.addresses,
        fromBlock: node.fromBlock,
        chainId,
        nodes: [{ name: `node ${node.pid.slice(0, 10)}`, url: node.url }],
        port: dashboardPort ?? 8700,
        title: "blockage node",
      });
    } catch (error) {
      await node.stop();
      throw new NodeCliError(
        `cannot start the dashboard: ${errorReason(error)}`,
        "pass another --dashboard-port (0 for any free port)",
        "DashboardFailed",
      );
    }
    log("info", "dashboard", `dashboard ${dashboard.url}`, { url: dashboard.url });
  }
  const stop =
    io.stopSignal ??
    new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
  await stop;
  log("info", "stopping", "stopping the node");
  await dashboard?.close();
  await node.stop();
  return 0;
}
