// Connecting to a deployed registry and the beacon and stake token it names.
import type { ContractRunner } from "ethers";
import { toContractError } from "../contract-errors";
import { contractAt } from "../contracts";
import type { NodeRegistry, SeedBeacon, StakeToken } from "../typechain";
import { requireContractAt } from "../transaction";
import { checkedAddress } from "../validate";

/** Addresses of a registry deployment. */
export interface RegistryAddresses {
  NodeRegistry: string;
  SeedBeacon: string;
  StakeToken: string;
}

/** Result of {@link connectRegistry}. */
export interface ConnectRegistryReturnType {
  /** The registry. */
  registry: NodeRegistry;
  /** Its seed beacon (`registry.beacon()`). */
  beacon: SeedBeacon;
  /** Its stake token (`registry.stakeToken()`); `faucet` and `mint` exist only on a `StakeToken`. */
  token: StakeToken;
  /** The three addresses. */
  addresses: RegistryAddresses;
}

/**
 * Connects to a deployed registry and resolves its beacon and stake token from the registry's views.
 *
 * @param address - The `NodeRegistry` address.
 * @param runner - A provider (reads) or a signer (transactions).
 * @returns The three contracts, connected to `runner`, and their addresses.
 * @throws {InvalidParameterError} If `address` is not an address.
 * @throws {ContractCallError} If there is no contract at `address` or it does not answer like a registry.
 * @example
 * const { registry, beacon, token } = await connectRegistry("0x…", wallet);
 */
export async function connectRegistry(address: string, runner: ContractRunner): Promise<ConnectRegistryReturnType> {
  const registryAddress = checkedAddress(address, "registry address");
  await requireContractAt(runner, registryAddress, "NodeRegistry");
  const registry = contractAt("NodeRegistry", registryAddress, runner);
  try {
    const [beaconAddress, tokenAddress] = await Promise.all([registry.beacon(), registry.stakeToken()]);
    return {
      registry,
      beacon: contractAt("SeedBeacon", beaconAddress, runner),
      token: contractAt("StakeToken", tokenAddress, runner),
      addresses: { NodeRegistry: registryAddress, SeedBeacon: beaconAddress, StakeToken: tokenAddress },
    };
  } catch (error) {
    throw toContractError(error, `connecting to the NodeRegistry at ${registryAddress}`);
  }
}
