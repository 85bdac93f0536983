/**
 * `@blockage/client/deploy`: deploying blockage's contracts, and TypeChain's factories. The factories of deployable
 * contracts carry their creation bytecode (tens of KB), so they and the deploy actions live here, apart from the browser-safe root entry;
 * connecting to deployed contracts needs only the root (`createBlockageClient`, `connectRollup`, `contractAt`, …).
 *
 * @module
 */
export { deployVrfVerifier } from "../vrf/deploy-verifier";
export type { DeployVrfVerifierParameters, DeployVrfVerifierReturnType } from "../vrf/deploy-verifier";
export { REGISTRY_DEFAULTS, deployRegistry } from "../registry/deploy";
export type { DeployRegistryParameters, DeployRegistryReturnType } from "../registry/deploy";
export { deployLottery } from "../lottery/deploy";
export type { DeployLotteryParameters, DeployLotteryReturnType } from "../lottery/deploy";
export { deployProofVerifier } from "../proving/deploy-verifier";
export type { DeployProofVerifierReturnType } from "../proving/deploy-verifier";
export { OPEN_RACE_DEFAULTS } from "../open-race/defaults";
export {
  COOPERATIVE_DEFAULTS,
  COORDINATOR_DEFAULTS,
  PROVER_MECHANISMS,
  ROLLUP_DEFAULTS,
  deployRollup,
  type ProverMechanismName,
} from "../rollup/deploy";
export type {
  CooperativeParameters,
  CoordinatorParameters,
  DeployRollupParameters,
  DeployRollupReturnType,
  OpenRaceParameters,
  RollupDeploymentInfo,
  RollupParameters,
} from "../rollup/deploy";
export { deployPayoutDistributor } from "../payout/deploy";
export type { DeployPayoutDistributorParameters, DeployPayoutDistributorReturnType } from "../payout/deploy";
export {
  ChunkGroth16Verifier__factory,
  CooperativeCoordinator__factory,
  IChunkProofVerifier__factory,
  ICooperativeCoordinator__factory,
  ICoordinatorDeployer__factory,
  IOpenRaceCoordinator__factory,
  IEcVrfVerifier__factory,
  ILotteryBase__factory,
  ILottery__factory,
  INodeRegistry__factory,
  IPayoutDistributor__factory,
  IProofVerifier__factory,
  IProverCoordinator__factory,
  IProverLottery__factory,
  IRewardPool__factory,
  IRollupCoordinator__factory,
  IRollup__factory,
  ISeedBeacon__factory,
  IStakeToken__factory,
  IStateTransition__factory,
  ChunkStateTransition__factory,
  CoordinatorDeployer__factory,
  EcVrfVerifier__factory,
  EpochProofVerifier__factory,
  Lottery__factory,
  NodeRegistry__factory,
  OpenRaceCoordinator__factory,
  PayoutDistributor__factory,
  PoseidonT3__factory,
  ProverCoordinator__factory,
  RewardPool__factory,
  Rollup__factory,
  SeedBeacon__factory,
  StakeToken__factory,
} from "../typechain";
