// What every command needs: the global options, a provider for the chain, the signing account, and the registry or
// the rollup it acts on.
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import path from "node:path";
import { FetchRequest, isHexString, JsonRpcProvider, Network, Wallet } from "ethers";
import {
  connectRegistry,
  connectRollup,
  type ConnectRollupReturnType,
  type RewardsCoordinator,
  type ConnectRegistryReturnType,
  ContractRevertError,
  pidOf,
  type SeedBeacon,
  contractAt,
} from "@blockage/client";
import { parseSalt } from "./arguments";
import { deployedAddress, deploymentBlock, type AddressSource } from "./deployments";
import { revertHint } from "./hints";
import type { CliIo } from "./output";
import { CliError, UsageError } from "./errors";

/** Options every command accepts. */
export interface GlobalOptions {
  rpc?: string;
  key?: string;
  keyFile?: string;
  registry?: string;
  json?: boolean;
  help?: boolean;
}

/** The parseArgs declaration of {@link GlobalOptions}. */
export const GLOBAL_OPTION_SPEC = {
  rpc: { type: "string" },
  key: { type: "string" },
  "key-file": { type: "string" },
  registry: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Default JSON-RPC endpoint. */
export const DEFAULT_RPC_URL = "http://127.0.0.1:8545";

/** How long one JSON-RPC request may take before the command gives up (env `BLOCKAGE_RPC_TIMEOUT_MS`), in ms. */
export const DEFAULT_RPC_TIMEOUT_MS = 30_000;

/**
 * The JSON-RPC timeout: `BLOCKAGE_RPC_TIMEOUT_MS`, else {@link DEFAULT_RPC_TIMEOUT_MS}.
 *
 * @param io - For the environment.
 * @returns Milliseconds.
 * @throws {UsageError} If the variable is not a positive integer.
 */
export function rpcTimeoutMs(io: CliIo): number {
  const text = io.env.BLOCKAGE_RPC_TIMEOUT_MS;
  if (text === undefined || text === "") return DEFAULT_RPC_TIMEOUT_MS;
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(
      `BLOCKAGE_RPC_TIMEOUT_MS must be a positive integer (milliseconds), got ${JSON.stringify(text)}`,
    );
  }
  return Number(text);
}

const seconds = (ms: number): string => `${ms / 1000} s`;

/** The failure of a request that got no answer in time. */
function timeoutError(rpcUrl: string, timeoutMs: number, what: string): CliError {
  return new CliError(
    `the JSON-RPC node at ${rpcUrl} did not answer ${what} within ${seconds(timeoutMs)}`,
    "check that the node is up and synced (or use another --rpc); BLOCKAGE_RPC_TIMEOUT_MS=<ms> sets the limit",
    { code: "RpcTimeout" },
  );
}

async function probeChainId(url: string, timeoutMs: number): Promise<bigint> {
  let response: Response;
  let body: { result?: string; error?: { message?: string } } | undefined;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    body = (await response.json().catch(() => undefined)) as typeof body;
  } catch (error) {
    if ((error as Error).name === "TimeoutError") throw timeoutError(url, timeoutMs, "eth_chainId");
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new CliError(
      `cannot reach the JSON-RPC node at ${url}: ${reason}`,
      "start a node (npx hardhat node) or pass --rpc <url> / set BLOCKAGE_RPC_URL",
      { code: "RpcUnreachable", cause: error },
    );
  }
  if (body === undefined) {
    throw new CliError(`${url} did not answer eth_chainId with JSON (HTTP ${response.status})`, "check --rpc");
  }
  if (typeof body.result !== "string") {
    throw new CliError(`${url} refused eth_chainId: ${body.error?.message ?? "no result"}`, "check --rpc");
  }
  return BigInt(body.result);
}

/** Reads the private key of `--key-file`, refusing a file that others may read. */
function readKeyFile(file: string, io: CliIo): string {
  const resolved = path.resolve(io.cwd, file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(resolved);
  } catch (error) {
    throw new CliError(`cannot read the key file ${resolved}: ${(error as NodeJS.ErrnoException).code ?? "failed"}`);
  }
  if (process.platform !== "win32" && (stat.mode & 0o077) !== 0) {
    throw new CliError(
      `the key file ${resolved} is open to group or others (mode ${(stat.mode & 0o777).toString(8).padStart(4, "0")})`,
      `make it private: chmod 600 ${resolved}`,
    );
  }
  try {
    return fs.readFileSync(resolved, "utf8");
  } catch (error) {
    throw new CliError(`cannot read the key file ${resolved}: ${(error as NodeJS.ErrnoException).code ?? "failed"}`);
  }
}

/**
 * The account of `--key` or `--key-file` (one of them), else of `BLOCKAGE_KEY`, without connecting.
 *
 * @param options - Global options.
 * @param io - For the environment and the working directory.
 * @returns The wallet, or `null` when no key was given.
 * @throws {UsageError} If both `--key` and `--key-file` are given, or the key is not a 32-byte hex private key (the
 *   key itself is never printed).
 * @throws {CliError} If the key file cannot be read or is open to group or others.
 */
export function walletFrom(options: GlobalOptions, io: CliIo): Wallet | null {
  if (options.key !== undefined && options.keyFile !== undefined) {
    throw new UsageError("give either --key or --key-file, not both");
  }
  let raw: string | undefined;
  let notAKey: string;
  if (options.keyFile !== undefined) {
    raw = readKeyFile(options.keyFile, io);
    notAKey = `the key file ${path.resolve(io.cwd, options.keyFile)} does not hold`;
  } else {
    raw = options.key ?? io.env.BLOCKAGE_KEY;
    if (raw === undefined || raw === "") return null;
    notAKey = `${options.key === undefined ? "BLOCKAGE_KEY" : "--key"} is not`;
  }
  const key = raw.trim().startsWith("0x") ? raw.trim() : `0x${raw.trim()}`;
  if (!isHexString(key, 32)) throw new UsageError(`${notAKey} a 32-byte hex private key`);
  try {
    return new Wallet(key);
  } catch {
    throw new UsageError(`${notAKey} a valid secp256k1 private key`);
  }
}

/** A connection to the chain only. */
export interface ChainConnection {
  provider: JsonRpcProvider;
  chainId: bigint;
  rpcUrl: string;
  /** How long one request may take, in ms. */
  timeoutMs: number;
  /** The signing account connected to the provider, when a key was given. */
  wallet: Wallet | null;
  /** Stops the provider and closes its sockets, including those of requests still waiting for an answer. */
  close(): void;
}

/** A connection to the chain and the registry. */
export interface Connection extends ConnectRegistryReturnType, ChainConnection {
  /** The stake token's `decimals()` (0 for a token without it: amounts are then base units). */
  decimals: number;
}

/** Error codes anywhere in an error's cause chain (ethers' `code`, e.g. `TIMEOUT`, `CALL_EXCEPTION`). */
function errorCodes(error: unknown): Set<string> {
  const codes = new Set<string>();
  const seen = new Set<unknown>();
  for (let e = error; typeof e === "object" && e !== null && !seen.has(e);) {
    seen.add(e);
    const { code, cause, error: inner } = e as { code?: unknown; cause?: unknown; error?: unknown };
    if (typeof code === "string") codes.add(code);
    e = cause ?? inner;
  }
  return codes;
}

/** Whether a contract answered a view with a revert or with data that does not decode: it is not what we think. */
function isWrongContract(error: unknown): boolean {
  const codes = errorCodes(error);
  return error instanceof ContractRevertError || codes.has("CALL_EXCEPTION") || codes.has("BAD_DATA");
}

/**
 * Rephrases a failure for the user: a request that timed out, or a revert with its hint (amounts in the stake
 * token's units when they are known).
 *
 * @param error - What a command threw while connected.
 * @param chain - The connection.
 * @param decimals - The stake token's decimals, if known.
 * @returns The error to report.
 */
function explain(error: unknown, chain: ChainConnection, decimals: number | null): unknown {
  if (error instanceof UsageError || error instanceof CliError) return error;
  if (errorCodes(error).has("TIMEOUT")) return timeoutError(chain.rpcUrl, chain.timeoutMs, "a request");
  if (error instanceof ContractRevertError) {
    return new CliError(error.shortMessage, revertHint(error, decimals), { code: "ContractRevert", cause: error });
  }
  return error;
}

/**
 * Connects to the JSON-RPC node (checking that it answers first, so that an unreachable node fails at once). Every
 * request gives up after `BLOCKAGE_RPC_TIMEOUT_MS` (default 30 s).
 *
 * @param options - Global options.
 * @param io - Environment.
 * @param needKey - Whether the command sends transactions (then a key is required).
 * @returns Provider, chain id and wallet; `close()` it when done (see {@link withConnection}).
 * @throws {UsageError} If a key is needed and missing or malformed.
 * @throws {CliError} If the node cannot be reached or does not answer in time.
 */
export async function connectChain(options: GlobalOptions, io: CliIo, needKey: boolean): Promise<ChainConnection> {
  const wallet = walletFrom(options, io);
  if (needKey && wallet === null) {
    throw new UsageError(
      "this command sends a transaction: set BLOCKAGE_KEY, or pass --key-file <path> (or --key <private key>)",
    );
  }
  const timeoutMs = rpcTimeoutMs(io);
  const rpcUrl = options.rpc ?? io.env.BLOCKAGE_RPC_URL ?? DEFAULT_RPC_URL;
  const chainId = await probeChainId(rpcUrl, timeoutMs);
  // ethers only rejects a request that times out; its socket stays open and would keep the process alive. An agent
  // of our own lets close() destroy it.
  const agent = rpcUrl.toLowerCase().startsWith("https:")
    ? new https.Agent({ keepAlive: true })
    : new http.Agent({ keepAlive: true });
  const request = new FetchRequest(rpcUrl);
  request.timeout = timeoutMs;
  request.getUrlFunc = FetchRequest.createGetUrlFunc({ agent });
  // No request cache: one command sends several transactions in a row (approve, then register), and a cached
  // eth_getTransactionCount would hand the second one the first one's nonce.
  const provider = new JsonRpcProvider(request, Network.from(chainId), { staticNetwork: true, cacheTimeout: -1 });
  return {
    provider,
    chainId,
    rpcUrl,
    timeoutMs,
    wallet: wallet?.connect(provider) ?? null,
    close() {
      provider.destroy();
      agent.destroy();
    },
  };
}

/**
 * Checks that there is a contract at an address.
 *
 * @param chain - The connection.
 * @param address - The address.
 * @param hint - What to do when there is none.
 * @throws {CliError} If the address holds no code.
 */
async function requireCode(chain: ChainConnection, address: string, hint: string): Promise<void> {
  const code = await chain.provider.getCode(address);
  if (code === "0x") throw new CliError(`there is no contract at ${address} on chain ${chain.chainId}`, hint);
}

function registryHint(source: AddressSource, chainId: bigint): string {
  return source.kind === "option"
    ? `is --registry the NodeRegistry address? see deployments/${chainId}.json`
    : `${source.file} records this address as the NodeRegistry: is the file from another deployment? pass --registry <address>`;
}

/**
 * Connects to the node and the registry, and reads the stake token's decimals.
 *
 * @param options - Global options.
 * @param io - Environment and working directory.
 * @param needKey - Whether the command sends transactions (then a key is required).
 * @returns Provider, chain id, wallet, the registry with its beacon and token, and the token's decimals; `close()` it
 *   when done (see {@link withConnection}).
 * @throws {UsageError} If a key is needed and missing or malformed.
 * @throws {CliError} If the node cannot be reached, no registry address is known, or the address is not a registry.
 */
export async function connect(options: GlobalOptions, io: CliIo, needKey: boolean): Promise<Connection> {
  const chain = await connectChain(options, io, needKey);
  try {
    const [address, source] = deployedAddress(options.registry, "--registry", "NodeRegistry", io, chain.chainId);
    const hint = registryHint(source, chain.chainId);
    await requireCode(chain, address, hint);
    let contracts: ConnectRegistryReturnType;
    try {
      contracts = await connectRegistry(address, chain.wallet ?? chain.provider);
    } catch (error) {
      if (!isWrongContract(error)) throw error;
      throw new CliError(
        `the contract at ${address} is not a NodeRegistry (it does not answer beacon() and stakeToken())`,
        hint,
      );
    }
    return { ...contracts, ...chain, decimals: await tokenDecimals(contracts.token) };
  } catch (error) {
    chain.close();
    throw explain(error, chain, null);
  }
}

/**
 * A token's `decimals()`, 0 for a token without it: amounts are then shown as base units.
 *
 * @param token - The token.
 * @returns Its decimals.
 * @throws Whatever reading it throws besides a revert or undecodable data (e.g. a timeout).
 */
async function tokenDecimals(token: { decimals(): Promise<bigint> }): Promise<number> {
  try {
    return Number(await token.decimals());
  } catch (error) {
    // decimals() is optional in ERC-20: without it the token has no display unit, so amounts are base units.
    if (!isWrongContract(error)) throw error;
    return 0;
  }
}

/** A connection to the chain and a rollup: its coordinator, reward pool, registry and stake token. */
export type RollupConnection = ConnectRollupReturnType &
  ChainConnection & {
    /** The stake token's `decimals()` (rewards and bonds are in this token; 0 without it: base units). */
    decimals: number;
    /** The coordinator that credits rewards, whichever mechanism the rollup plays, and its address. */
    rewards: RewardsCoordinator;
    coordinatorAddress: string;
  };

/**
 * Connects to the node and a rollup: the `--rollup` address, else `Rollup` in `deployments/<chainId>.json`.
 *
 * @param options - Global options.
 * @param rollup - The `--rollup` option, if given.
 * @param io - Environment and working directory.
 * @param needKey - Whether the command sends transactions (then a key is required).
 * @returns Provider, chain id, wallet, the rollup's contracts and the stake token's decimals; `close()` it when
 *   done (see {@link withConnection}).
 * @throws {UsageError} If a key is needed and missing or malformed, or `--rollup` is not an address.
 * @throws {CliError} If the node cannot be reached, no rollup address is known, or the address is not a rollup.
 */
export async function connectToRollup(
  options: GlobalOptions,
  rollup: string | undefined,
  io: CliIo,
  needKey: boolean,
): Promise<RollupConnection> {
  const chain = await connectChain(options, io, needKey);
  try {
    const [address, source] = deployedAddress(rollup, "--rollup", "Rollup", io, chain.chainId);
    const hint =
      source.kind === "option"
        ? `is --rollup the Rollup address? see deployments/${chain.chainId}.json`
        : `${source.file} records this address as the Rollup: is the file from another deployment? pass --rollup <address>`;
    await requireCode(chain, address, hint);
    let contracts: ConnectRollupReturnType;
    try {
      contracts = await connectRollup(address, chain.wallet ?? chain.provider);
    } catch (error) {
      if (!isWrongContract(error)) throw error;
      throw new CliError(
        `the contract at ${address} is not a Rollup (it does not answer coordinator(), registry() and stakeToken())`,
        hint,
      );
    }
    const token = contractAt("StakeToken", contracts.addresses.StakeToken, chain.provider);
    const rewards =
      contracts.mechanism === "sidecar"
        ? contracts.coordinator
        : contracts.mechanism === "cooperative"
          ? contracts.cooperativeCoordinator
          : contracts.openRaceCoordinator;
    return {
      ...contracts,
      ...chain,
      decimals: await tokenDecimals(token),
      rewards,
      coordinatorAddress: await rewards.getAddress(),
    };
  } catch (error) {
    chain.close();
    throw explain(error, chain, null);
  }
}

/**
 * The block the rollup was deployed in, from the transaction `deployments/<chainId>.json` records for it: where to
 * start reading its events.
 *
 * @param c - The connection.
 * @param io - For the working directory.
 * @returns The block number, or 0 when the file does not record this rollup's deployment on this chain.
 * @throws Whatever reading the receipt throws (e.g. a timeout).
 */
export async function rollupDeploymentBlock(c: RollupConnection, io: CliIo): Promise<number> {
  return (await deploymentBlock(c.provider, io, c.chainId, "Rollup", c.addresses.Rollup)) ?? 0;
}

/**
 * The seed beacon at an address, checked to be one.
 *
 * @param chain - The connection.
 * @param address - The `--beacon` address.
 * @returns The beacon, connected to the chain's provider.
 * @throws {CliError} If there is no contract at the address or it does not answer like a SeedBeacon.
 */
export async function connectBeacon(chain: ChainConnection, address: string): Promise<SeedBeacon> {
  const hint = `is --beacon the SeedBeacon address? see deployments/${chain.chainId}.json, or omit it to use the registry's beacon`;
  await requireCode(chain, address, hint);
  const beacon = contractAt("SeedBeacon", address, chain.provider);
  try {
    await beacon.epochSlots();
  } catch (error) {
    if (!isWrongContract(error)) throw error;
    throw new CliError(`the contract at ${address} is not a SeedBeacon (it does not answer epochSlots())`, hint);
  }
  return beacon;
}

/**
 * Runs a command's work on a connection and closes it afterwards, whatever happens; failures are rephrased for the
 * user (a timeout says which node did not answer, a revert gets its hint in the stake token's units).
 *
 * @param open - Opens the connection: `connect(…)` or `connectChain(…)`.
 * @param body - The work.
 * @returns What `body` returns.
 * @throws Whatever opening or `body` throws, rephrased.
 * @example
 * await withConnection(connect(input.global, input.io, true), async (c) => activate(c.registry, { pid }));
 */
export async function withConnection<C extends ChainConnection, T>(
  open: Promise<C>,
  body: (connection: C) => Promise<T>,
): Promise<T> {
  const connection = await open;
  try {
    return await body(connection);
  } catch (error) {
    throw explain(error, connection, (connection as Partial<Connection>).decimals ?? null);
  } finally {
    connection.close();
  }
}

/**
 * The block the registry was deployed in, from the transaction `deployments/<chainId>.json` records for it.
 *
 * @param c - The connection.
 * @param io - For the working directory.
 * @returns The block number, or `null` when the file does not record this registry's deployment on this chain.
 * @throws Whatever reading the receipt throws (e.g. a timeout).
 */
export function registryDeploymentBlock(c: Connection, io: CliIo): Promise<number | null> {
  return deploymentBlock(c.provider, io, c.chainId, "NodeRegistry", c.addresses.NodeRegistry);
}

/**
 * The pid a command acts on: the positional one, else `pidOf(key's address, --salt)`.
 *
 * @param given - The positional pid, if any.
 * @param salt - `--salt`.
 * @param operator - The key's address, if a key was given.
 * @returns The pid.
 * @throws {UsageError} If neither a valid pid nor a key was given.
 */
export function resolvePid(given: string | undefined, salt: string | undefined, operator: string | null): string {
  if (given !== undefined) {
    if (!isHexString(given, 32)) throw new UsageError(`the pid must be 32-byte hex (0x + 64 hex digits), got ${given}`);
    return given.toLowerCase();
  }
  if (operator === null) {
    throw new UsageError(
      "give a pid, or a key (BLOCKAGE_KEY, --key-file) to use the key's node: pidOf(address, --salt)",
    );
  }
  return pidOf(operator, parseSalt(salt));
}
