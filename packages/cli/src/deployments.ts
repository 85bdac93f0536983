// Where contract addresses come from: an option, else `deployments/<chainId>.json` in the working directory (what the
// deploy scripts write: contract name → { address, transactionHash }).
import fs from "node:fs";
import path from "node:path";
import { getAddress, isAddress, isHexString, type Provider } from "ethers";
import { CliError, UsageError } from "./errors";
import type { CliIo } from "./output";

/** What `deployments/<chainId>.json` records about one contract. */
export interface DeploymentRecord {
  /** The file read. */
  file: string;
  address?: string;
  /** The deployment transaction, when recorded. */
  transactionHash?: string;
  /** Why no address was found, one line. */
  problem?: string;
}

/**
 * What `deployments/<chainId>.json` in the working directory records about a contract.
 *
 * @param io - For the working directory.
 * @param chainId - The chain.
 * @param name - The contract's name in the file, e.g. `NodeRegistry`, `Rollup`.
 * @returns The record; `problem` says why there is no address.
 */
export function readDeployment(io: CliIo, chainId: bigint, name: string): DeploymentRecord {
  const file = path.resolve(io.cwd, "deployments", `${chainId}.json`);
  if (!fs.existsSync(file)) return { file, problem: `${file} does not exist` };
  let record: unknown;
  try {
    record = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    return { file, problem: `${file} is not valid JSON: ${(error as Error).message}` };
  }
  const entry = (record as Record<string, { address?: unknown; transactionHash?: unknown } | undefined> | null)?.[name];
  const address = typeof entry?.address === "string" && isAddress(entry.address) ? entry.address : undefined;
  const hash = entry?.transactionHash;
  return {
    file,
    address,
    transactionHash: typeof hash === "string" && isHexString(hash, 32) ? hash : undefined,
    problem: address === undefined ? `${file} records no ${name} address` : undefined,
  };
}

/** Where an address came from, for the hints. */
export type AddressSource = { kind: "option" } | { kind: "deployments"; file: string };

/**
 * A contract's address: the option's, else the one `deployments/<chainId>.json` records.
 *
 * @param given - The option's value, if given.
 * @param option - The option, e.g. `--rollup`.
 * @param name - The contract's name in the deployments file, e.g. `Rollup`.
 * @param io - For the working directory.
 * @param chainId - The chain.
 * @returns The checksummed address and where it came from.
 * @throws {UsageError} If the option is not an address.
 * @throws {CliError} If no option was given and the file records no address.
 */
export function deployedAddress(
  given: string | undefined,
  option: string,
  name: string,
  io: CliIo,
  chainId: bigint,
): [string, AddressSource] {
  if (given !== undefined) {
    if (!isAddress(given)) throw new UsageError(`${option} is not an address: ${given}`);
    return [getAddress(given), { kind: "option" }];
  }
  const record = readDeployment(io, chainId, name);
  if (record.address === undefined) {
    throw new CliError(
      `no ${option} given and ${record.problem}`,
      `pass ${option} <address>, or run from a directory whose deployments/${chainId}.json records it`,
    );
  }
  return [getAddress(record.address), { kind: "deployments", file: record.file }];
}

/**
 * The L1 block a contract was deployed in, from the transaction `deployments/<chainId>.json` records for it: where
 * to start reading its events.
 *
 * @param provider - The chain.
 * @param io - For the working directory.
 * @param chainId - The chain's id.
 * @param name - The contract's name in the deployments file.
 * @param address - The contract the command uses (the record must be about it).
 * @returns The block number, or `null` when the file does not record this contract's deployment on this chain.
 * @throws Whatever reading the receipt throws (e.g. a timeout).
 */
export async function deploymentBlock(
  provider: Provider,
  io: CliIo,
  chainId: bigint,
  name: string,
  address: string,
): Promise<number | null> {
  const record = readDeployment(io, chainId, name);
  if (record.address === undefined || record.transactionHash === undefined) return null;
  if (getAddress(record.address) !== getAddress(address)) return null;
  const receipt = await provider.getTransactionReceipt(record.transactionHash);
  if (receipt === null) return null;
  if (receipt.contractAddress !== null && getAddress(receipt.contractAddress) !== getAddress(address)) return null;
  return receipt.blockNumber;
}
