// Connecting to the deployed contracts by name, with ABI-only modules (`./abi`, written after every compile): unlike
// TypeChain's factories, they carry no creation bytecode, which keeps the root entry small enough for a browser bundle.
import { Contract, type ContractRunner } from "ethers";
import {
  ChunkGroth16VerifierAbi,
  ChunkStateTransitionAbi,
  CooperativeCoordinatorAbi,
  EcVrfVerifierAbi,
  EpochProofVerifierAbi,
  LotteryAbi,
  NodeRegistryAbi,
  OpenRaceCoordinatorAbi,
  PayoutDistributorAbi,
  ProverCoordinatorAbi,
  RewardPoolAbi,
  RollupAbi,
  SeedBeaconAbi,
  StakeTokenAbi,
} from "./abi";
import type {
  ChunkGroth16Verifier,
  ChunkStateTransition,
  CooperativeCoordinator,
  EcVrfVerifier,
  EpochProofVerifier,
  Lottery,
  NodeRegistry,
  OpenRaceCoordinator,
  PayoutDistributor,
  ProverCoordinator,
  RewardPool,
  Rollup,
  SeedBeacon,
  StakeToken,
} from "./typechain";

/** Every contract the SDK connects to, by its name in `deployments/<chainId>.json`, with its TypeChain type. */
export interface BlockageContracts {
  ChunkGroth16Verifier: ChunkGroth16Verifier;
  ChunkStateTransition: ChunkStateTransition;
  CooperativeCoordinator: CooperativeCoordinator;
  EcVrfVerifier: EcVrfVerifier;
  EpochProofVerifier: EpochProofVerifier;
  Lottery: Lottery;
  NodeRegistry: NodeRegistry;
  OpenRaceCoordinator: OpenRaceCoordinator;
  PayoutDistributor: PayoutDistributor;
  ProverCoordinator: ProverCoordinator;
  RewardPool: RewardPool;
  Rollup: Rollup;
  SeedBeacon: SeedBeacon;
  StakeToken: StakeToken;
}

/** The name of a contract the SDK connects to. */
export type BlockageContractName = keyof BlockageContracts;

/** The ABI of each contract the SDK connects to. */
export const CONTRACT_ABIS = {
  ChunkGroth16Verifier: ChunkGroth16VerifierAbi,
  ChunkStateTransition: ChunkStateTransitionAbi,
  CooperativeCoordinator: CooperativeCoordinatorAbi,
  EcVrfVerifier: EcVrfVerifierAbi,
  EpochProofVerifier: EpochProofVerifierAbi,
  Lottery: LotteryAbi,
  NodeRegistry: NodeRegistryAbi,
  OpenRaceCoordinator: OpenRaceCoordinatorAbi,
  PayoutDistributor: PayoutDistributorAbi,
  ProverCoordinator: ProverCoordinatorAbi,
  RewardPool: RewardPoolAbi,
  Rollup: RollupAbi,
  SeedBeacon: SeedBeaconAbi,
  StakeToken: StakeTokenAbi,
} as const satisfies Record<BlockageContractName, readonly unknown[]>;

/**
 * The contract `name` at `address`, typed by its TypeChain binding and connected to `runner` (no check that a contract
 * is there: reads fail with the call's error).
 *
 * @example
 * const rollup = contractAt("Rollup", deployments.Rollup.address, provider);
 */
export function contractAt<N extends BlockageContractName>(
  name: N,
  address: string,
  runner: ContractRunner | null = null,
): BlockageContracts[N] {
  // The TypeChain type describes exactly this ABI: the binding is generated from the same artifact.
  return new Contract(address, CONTRACT_ABIS[name], runner) as unknown as BlockageContracts[N];
}
