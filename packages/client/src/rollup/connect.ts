// Connecting to a deployed rollup and its coordinator (a Sidecar rollup's ProverCoordinator or a Cooperative rollup's
// CooperativeCoordinator, by the rollup's mechanism), reward pool and registry.
import type { ContractRunner } from "ethers";
import { toContractError } from "../contract-errors";
import { contractAt } from "../contracts";
import type { CooperativeCoordinator, NodeRegistry, ProverCoordinator, RewardPool, Rollup } from "../typechain";
import { requireContractAt } from "../transaction";
import { checkedAddress } from "../validate";
import { proverMechanismName } from "./mechanism";

/** Addresses of a Sidecar rollup deployment. */
export interface RollupAddresses {
  Rollup: string;
  ProverCoordinator: string;
  RewardPool: string;
  NodeRegistry: string;
  StakeToken: string;
}

/** Addresses of a Cooperative rollup deployment. */
export interface CooperativeRollupAddresses {
  Rollup: string;
  CooperativeCoordinator: string;
  RewardPool: string;
  NodeRegistry: string;
  StakeToken: string;
}

/** A Sidecar rollup's contracts (seeds 002/003: claims with quotes and bonds, the open race as backup). */
export interface SidecarRollupContracts {
  mechanism: "sidecar";
  rollup: Rollup;
  coordinator: ProverCoordinator;
  /** Only a Cooperative rollup has one. */
  cooperativeCoordinator?: undefined;
  rewardPool: RewardPool;
  registry: NodeRegistry;
  addresses: RollupAddresses;
}

/** A Cooperative rollup's contracts (seed 001: per-chunk tickets, the best three proofs per chunk kept). */
export interface CooperativeRollupContracts {
  mechanism: "cooperative";
  rollup: Rollup;
  /** Only a Sidecar rollup has a `ProverCoordinator`. */
  coordinator?: undefined;
  cooperativeCoordinator: CooperativeCoordinator;
  rewardPool: RewardPool;
  registry: NodeRegistry;
  addresses: CooperativeRollupAddresses;
}

/**
 * Result of {@link connectRollup}: the contracts of a Sidecar or a Cooperative rollup, told apart by `mechanism` (the
 * rollup's `config().mechanism`).
 */
export type ConnectRollupReturnType = SidecarRollupContracts | CooperativeRollupContracts;

/**
 * Connects to a deployed rollup and resolves its coordinator (by the rollup's prover mechanism: `coordinator`, a
 * `ProverCoordinator`, for Sidecar; `cooperativeCoordinator` for Cooperative), reward pool, registry and stake token.
 *
 * @param address - The `Rollup` address.
 * @param runner - A provider (reads) or a signer (transactions).
 * @returns The mechanism, the connected contracts and their addresses.
 * @throws {InvalidParameterError} If `address` is not an address.
 * @throws {ContractCallError} If there is no contract at `address` or it does not answer like a rollup.
 * @example
 * const connected = await connectRollup(deployments.Rollup.address, wallet);
 * if (connected.mechanism === "cooperative") await finalizeEpoch(connected.cooperativeCoordinator, { epoch });
 * else await getEpochStatus(connected.coordinator, { epoch });
 */
export async function connectRollup(address: string, runner: ContractRunner): Promise<ConnectRollupReturnType> {
  const rollupAddress = checkedAddress(address, "rollup address");
  await requireContractAt(runner, rollupAddress, "Rollup");
  const rollup = contractAt("Rollup", rollupAddress, runner);
  try {
    const [coordinatorAddress, registryAddress, tokenAddress, config] = await Promise.all([
      rollup.coordinator(),
      rollup.registry(),
      rollup.stakeToken(),
      rollup.config(),
    ]);
    const registry = contractAt("NodeRegistry", registryAddress, runner);
    if (proverMechanismName(config.mechanism) === "cooperative") {
      const cooperativeCoordinator = contractAt("CooperativeCoordinator", coordinatorAddress, runner);
      const poolAddress = await cooperativeCoordinator.rewardPool();
      return {
        mechanism: "cooperative",
        rollup,
        cooperativeCoordinator,
        rewardPool: contractAt("RewardPool", poolAddress, runner),
        registry,
        addresses: {
          Rollup: rollupAddress,
          CooperativeCoordinator: coordinatorAddress,
          RewardPool: poolAddress,
          NodeRegistry: registryAddress,
          StakeToken: tokenAddress,
        },
      };
    }
    const coordinator = contractAt("ProverCoordinator", coordinatorAddress, runner);
    const poolAddress = await coordinator.rewardPool();
    return {
      mechanism: "sidecar",
      rollup,
      coordinator,
      rewardPool: contractAt("RewardPool", poolAddress, runner),
      registry,
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
