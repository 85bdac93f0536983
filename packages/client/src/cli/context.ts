// What every command needs: the global options, a provider for the chain, the signing account and the registry.
import fs from "node:fs";
import path from "node:path";
import { isAddress, JsonRpcProvider, Network, Wallet, ZeroHash, zeroPadValue, toBeHex, isHexString } from "ethers";
import { connectRegistry, type ConnectRegistryReturnType } from "../registry/deploy";
import { pidOf } from "../registry/pid";
import type { CliIo } from "./output";
import { CliError, UsageError } from "./usage";

/** Options every command accepts. */
export interface GlobalOptions {
  rpc?: string;
  key?: string;
  registry?: string;
  json?: boolean;
  help?: boolean;
}

/** The parseArgs declaration of {@link GlobalOptions}. */
export const GLOBAL_OPTION_SPEC = {
  rpc: { type: "string" },
  key: { type: "string" },
  registry: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Default JSON-RPC endpoint. */
export const DEFAULT_RPC_URL = "http://127.0.0.1:8545";

/** A connection to the chain and the registry. */
export interface Connection extends ConnectRegistryReturnType, ChainConnection {}

async function probeChainId(url: string): Promise<bigint> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new CliError(
      `cannot reach the JSON-RPC node at ${url}: ${reason}`,
      "start a node (npx hardhat node) or pass --rpc <url> / set BLOCKAGE_RPC_URL",
    );
  }
  let body: { result?: string; error?: { message?: string } };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new CliError(`${url} did not answer eth_chainId with JSON (HTTP ${response.status})`, "check --rpc");
  }
  if (typeof body.result !== "string") {
    throw new CliError(`${url} refused eth_chainId: ${body.error?.message ?? "no result"}`, "check --rpc");
  }
  return BigInt(body.result);
}

/**
 * The account of `--key` (or BLOCKAGE_KEY), without connecting.
 *
 * @param options - Global options.
 * @param io - For the environment.
 * @returns The wallet, or `null` when no key was given.
 * @throws {UsageError} If the key is not a 32-byte hex private key (the key itself is never printed).
 */
export function walletFrom(options: GlobalOptions, io: CliIo): Wallet | null {
  const raw = options.key ?? io.env.BLOCKAGE_KEY;
  if (raw === undefined || raw === "") return null;
  const key = raw.trim().startsWith("0x") ? raw.trim() : `0x${raw.trim()}`;
  if (!isHexString(key, 32)) {
    throw new UsageError(`${options.key === undefined ? "BLOCKAGE_KEY" : "--key"} is not a 32-byte hex private key`);
  }
  try {
    return new Wallet(key);
  } catch {
    throw new UsageError(
      `${options.key === undefined ? "BLOCKAGE_KEY" : "--key"} is not a valid secp256k1 private key`,
    );
  }
}

function registryAddress(options: GlobalOptions, io: CliIo, chainId: bigint): string {
  if (options.registry !== undefined) {
    if (!isAddress(options.registry)) throw new UsageError(`--registry is not an address: ${options.registry}`);
    return options.registry;
  }
  const file = path.resolve(io.cwd, "deployments", `${chainId}.json`);
  const hint = `pass --registry <address>, or run from a directory whose deployments/${chainId}.json records it`;
  if (!fs.existsSync(file)) throw new CliError(`no --registry given and ${file} does not exist`, hint);
  let record: unknown;
  try {
    record = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`, hint);
  }
  const address = (record as { NodeRegistry?: { address?: unknown } } | null)?.NodeRegistry?.address;
  if (typeof address !== "string" || !isAddress(address)) {
    throw new CliError(`no --registry given and ${file} records no NodeRegistry address`, hint);
  }
  return address;
}

/** A connection to the chain only. */
export interface ChainConnection {
  provider: JsonRpcProvider;
  chainId: bigint;
  rpcUrl: string;
  /** The signing account connected to the provider, when a key was given. */
  wallet: Wallet | null;
}

/**
 * Connects to the JSON-RPC node (checking that it answers first, so that an unreachable node fails at once).
 *
 * @param options - Global options.
 * @param io - Environment.
 * @param needKey - Whether the command sends transactions (then a key is required).
 * @returns Provider, chain id and wallet.
 * @throws {UsageError} If a key is needed and missing or malformed.
 * @throws {CliError} If the node cannot be reached.
 */
export async function connectChain(options: GlobalOptions, io: CliIo, needKey: boolean): Promise<ChainConnection> {
  const wallet = walletFrom(options, io);
  if (needKey && wallet === null) {
    throw new UsageError("this command sends a transaction: pass --key <private key> or set BLOCKAGE_KEY");
  }
  const rpcUrl = options.rpc ?? io.env.BLOCKAGE_RPC_URL ?? DEFAULT_RPC_URL;
  const chainId = await probeChainId(rpcUrl);
  // No request cache: one command sends several transactions in a row (approve, then register), and a cached
  // eth_getTransactionCount would hand the second one the first one's nonce.
  const provider = new JsonRpcProvider(rpcUrl, Network.from(chainId), { staticNetwork: true, cacheTimeout: -1 });
  return { provider, chainId, rpcUrl, wallet: wallet?.connect(provider) ?? null };
}

/**
 * Connects to the node and the registry.
 *
 * @param options - Global options.
 * @param io - Environment and working directory.
 * @param needKey - Whether the command sends transactions (then a key is required).
 * @returns Provider, chain id, wallet and the registry with its beacon and token.
 * @throws {UsageError} If a key is needed and missing or malformed.
 * @throws {CliError} If the node cannot be reached or no registry address is known.
 */
export async function connect(options: GlobalOptions, io: CliIo, needKey: boolean): Promise<Connection> {
  const chain = await connectChain(options, io, needKey);
  try {
    const address = registryAddress(options, io, chain.chainId);
    const contracts = await connectRegistry(address, chain.wallet ?? chain.provider);
    return { ...contracts, ...chain };
  } catch (error) {
    chain.provider.destroy();
    throw error;
  }
}

/**
 * A salt from the command line: an integer or 32-byte hex.
 *
 * @param text - What the user typed (default 0).
 * @returns 32 bytes as hex.
 * @throws {UsageError} For anything else.
 */
export function parseSalt(text: string | undefined): string {
  if (text === undefined) return ZeroHash;
  if (/^\d+$/.test(text)) return zeroPadValue(toBeHex(BigInt(text)), 32);
  if (isHexString(text, 32)) return text.toLowerCase();
  throw new UsageError(`--salt must be an integer or 32-byte hex, got ${JSON.stringify(text)}`);
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
  if (operator === null) throw new UsageError("give a pid, or --key to use the key's node (pidOf(address, --salt))");
  return pidOf(operator, parseSalt(salt));
}
