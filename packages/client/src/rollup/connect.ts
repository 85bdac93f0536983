// Connecting to a deployed rollup and its coordinator (a Sidecar rollup's ProverCoordinator, a Cooperative rollup's
// CooperativeCoordinator or an open-race rollup's OpenRaceCoordinator, by the rollup's mechanism), reward pool and
// registry.
import type { ContractRunner } from "ethers";
import { toContractError } from "../contract-errors";
import { contractAt } from "../contracts";
import type {
  CooperativeCoordinator,
  NodeRegistry,
  OpenRaceCoordinator,
  ProverCoordinator,
  RewardPool,
  Rollup,
} from "../typechain";
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

/** Addresses of an open-race rollup deployment. */
export interface OpenRaceRollupAddresses {
  Rollup: string;
  OpenRaceCoordinator: string;
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
  /** Only an open-race rollup has one. */
  openRaceCoordinator?: undefined;
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
  /** Only an open-race rollup has one. */
  openRaceCoordinator?: undefined;
  rewardPool: RewardPool;
  registry: NodeRegistry;
  addresses: CooperativeRollupAddresses;
}

/**
 * An open-race rollup's contracts (seed 004's example: prefix proofs in an open race, turn-based redundancy, the
 * proving base fee's EIP-1559 rule with the L1 signal).
 */
export interface OpenRaceRollupContracts {
  mechanism: "open-race";
  rollup: Rollup;
  /** Only a Sidecar rollup has a `ProverCoordinator`. */
  coordinator?: undefined;
  /** Only a Cooperative rollup has one. */
  cooperativeCoordinator?: undefined;
  openRaceCoordinator: OpenRaceCoordinator;
  rewardPool: RewardPool;
  registry: NodeRegistry;
  addresses: OpenRaceRollupAddresses;
}

/**
 * Result of {@link connectRollup}: the contracts of a Sidecar, Cooperative or open-race rollup, told apart by
 * `mechanism` (the rollup's `config().mechanism`).
 */
export type ConnectRollupReturnType = SidecarRollupContracts | CooperativeRollupContracts | OpenRaceRollupContracts;

/**
 * Connects to a deployed rollup and resolves its coordinator (by the rollup's prover mechanism: `coordinator`, a
 * `ProverCoordinator`, for Sidecar; `cooperativeCoordinator` for Cooperative; `openRaceCoordinator` for the open race),
 * reward pool, registry and stake token.
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
    const mechanism = proverMechanismName(config.mechanism);
    if (mechanism === "open-race") {
      const openRaceCoordinator = contractAt("OpenRaceCoordinator", coordinatorAddress, runner);
      const poolAddress = await openRaceCoordinator.rewardPool();
      return {
        mechanism,
        rollup,
        openRaceCoordinator,
        rewardPool: contractAt("RewardPool", poolAddress, runner),
        registry,
        addresses: {
          Rollup: rollupAddress,
          OpenRaceCoordinator: coordinatorAddress,
          RewardPool: poolAddress,
          NodeRegistry: registryAddress,
          StakeToken: tokenAddress,
        },
      };
    }
    if (mechanism === "cooperative") {
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
