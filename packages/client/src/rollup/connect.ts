// Connecting to a deployed rollup and its coordinator, reward pool and registry.
import type { ContractRunner } from "ethers";
import { toContractError } from "../contract-errors";
import { contractAt } from "../contracts";
import type { NodeRegistry, ProverCoordinator, RewardPool, Rollup } from "../typechain";
import { requireContractAt } from "../transaction";
import { checkedAddress } from "../validate";

/** Addresses of a rollup deployment. */
export interface RollupAddresses {
  Rollup: string;
  ProverCoordinator: string;
  RewardPool: string;
  NodeRegistry: string;
  StakeToken: string;
}

/** Result of {@link connectRollup}. */
export interface ConnectRollupReturnType {
  rollup: Rollup;
  coordinator: ProverCoordinator;
  rewardPool: RewardPool;
  registry: NodeRegistry;
  addresses: RollupAddresses;
}

/**
 * Connects to a deployed rollup and resolves its coordinator, reward pool, registry and stake token.
 *
 * @param address - The `Rollup` address.
 * @param runner - A provider (reads) or a signer (transactions).
 * @returns The connected contracts and their addresses.
 * @throws {InvalidParameterError} If `address` is not an address.
 * @throws {ContractCallError} If there is no contract at `address` or it does not answer like a rollup.
 * @example
 * const { rollup, coordinator, rewardPool } = await connectRollup(deployments.Rollup.address, wallet);
 */
export async function connectRollup(address: string, runner: ContractRunner): Promise<ConnectRollupReturnType> {
  const rollupAddress = checkedAddress(address, "rollup address");
  await requireContractAt(runner, rollupAddress, "Rollup");
  const rollup = contractAt("Rollup", rollupAddress, runner);
  try {
    const [coordinatorAddress, registryAddress, tokenAddress] = await Promise.all([
      rollup.coordinator(),
      rollup.registry(),
      rollup.stakeToken(),
    ]);
    const coordinator = contractAt("ProverCoordinator", coordinatorAddress, runner);
    const poolAddress = await coordinator.rewardPool();
    return {
      rollup,
      coordinator,
      rewardPool: contractAt("RewardPool", poolAddress, runner),
      registry: contractAt("NodeRegistry", registryAddress, runner),
      addresses: {
        Rollup: rollupAddress,
        ProverCoordinator: coordinatorAddress,
        RewardPool: poolAddress,
        NodeRegistry: registryAddress,
        StakeToken: tokenAddress,
      },
    };
  } catch (error) {
    throw toContractError(error, `connecting to the Rollup at ${rollupAddress}`);
  }
}
