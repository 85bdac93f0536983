// Errors
export { BlockageError, ContractCallError, InvalidParameterError, errorReason } from "./errors";
export type { BlockageErrorOptions } from "./errors";
export {
  ContractRevertError,
  blockageErrorsInterface,
  decodeContractError,
  findRevertData,
  toContractError,
} from "./contract-errors";
export type { DecodedContractError } from "./contract-errors";

// VRF verifier
export { deployVrfVerifier, connectVrfVerifier } from "./vrf/deploy-verifier";
export type { DeployVrfVerifierParameters, DeployVrfVerifierReturnType } from "./vrf/deploy-verifier";
export { verifyOnChain } from "./vrf/verify-on-chain";
export type { VerifyOnChainParameters, VerifyOnChainReturnType } from "./vrf/verify-on-chain";

// Node registry: deployment and keys
export { REGISTRY_DEFAULTS, connectRegistry, deployRegistry } from "./registry/deploy";
export type {
  ConnectRegistryReturnType,
  DeployRegistryParameters,
  DeployRegistryReturnType,
  RegistryAddresses,
} from "./registry/deploy";
export { NODE_VRF_SUITE, commPublicKey, generateNodeKeys, vrfPublicKey } from "./registry/keys";
export type { GenerateNodeKeysReturnType, NodeKeys } from "./registry/keys";
export { pidOf } from "./registry/pid";
export { ROLE_PROVER, ROLE_SEQUENCER, parseRoles, rolesName } from "./registry/roles";
export type { NodeRoles } from "./registry/roles";

// Node registry: actions
export { register } from "./registry/register";
export type { RegisterParameters, RegisterReturnType } from "./registry/register";
export { activate } from "./registry/activate";
export type { ActivateParameters, ActivateReturnType } from "./registry/activate";
export { unbond } from "./registry/unbond";
export type { UnbondParameters, UnbondReturnType } from "./registry/unbond";
export { withdraw } from "./registry/withdraw";
export type { WithdrawParameters, WithdrawReturnType } from "./registry/withdraw";
export { increaseStake } from "./registry/increase-stake";
export type { IncreaseStakeParameters, IncreaseStakeReturnType } from "./registry/increase-stake";
export { rotateKeys } from "./registry/rotate-keys";
export type { RotateKeysParameters, RotateKeysReturnType } from "./registry/rotate-keys";
export { delegate, getDelegation, undelegate, withdrawDelegation } from "./registry/delegate";
export type {
  DelegateParameters,
  DelegateReturnType,
  GetDelegationParameters,
  GetDelegationReturnType,
  UndelegateParameters,
  UndelegateReturnType,
  WithdrawDelegationParameters,
  WithdrawDelegationReturnType,
} from "./registry/delegate";
export { faucet } from "./registry/faucet";
export type { FaucetReturnType } from "./registry/faucet";

// Node registry: EIP-712 messages and relaying
export {
  DEFAULT_SIGNATURE_TTL,
  DELEGATE_TYPES,
  JOIN_TYPES,
  LEAVE_TYPES,
  REGISTRY_EIP712_NAME,
  REGISTRY_EIP712_VERSION,
  VRF_KEY_POSSESSION_TYPES,
  getRegistryDomain,
  hashDelegate,
  hashJoin,
  hashLeave,
  hashVrfKeyPossession,
  registryDomain,
  signDelegate,
  signJoin,
  signLeave,
  signVrfKeyPossession,
} from "./registry/typed-data";
export type {
  DelegateMessage,
  JoinMessage,
  LeaveMessage,
  SignDelegateParameters,
  SignDelegateReturnType,
  SignJoinParameters,
  SignJoinReturnType,
  SignLeaveParameters,
  SignLeaveReturnType,
  SignOptions,
  SignedMessage,
  VrfKeyPossessionMessage,
  VrfKeyProofSource,
} from "./registry/typed-data";
export { relayDelegate, relayJoin, relayLeave } from "./registry/relay";
export type {
  RelayDelegateParameters,
  RelayDelegateReturnType,
  RelayJoinParameters,
  RelayJoinReturnType,
  RelayLeaveParameters,
  RelayLeaveReturnType,
} from "./registry/relay";

// Node registry: state and the active set
export { getNodeStatus } from "./registry/node-status";
export { NODE_STATUS_NAMES, nodeStatusName } from "./registry/status";
export type {
  GetNodeStatusParameters,
  GetNodeStatusReturnType,
  NodeLotteryInputs,
  NodeState,
} from "./registry/node-status";
export type { NodeStatusName } from "./registry/status";
export {
  ACTIVE_SET_TREE_DEPTH,
  ActiveSetTree,
  EMPTY_ACTIVE_SET_ROOT,
  activeSetLeaf,
  commutativeKeccak256,
  verifyActiveSetProof,
  zeroSubtreeHashes,
} from "./registry/active-set-tree";
export type { ActiveSetLeafInputs, VerifyActiveSetProofParameters } from "./registry/active-set-tree";
export {
  DEFAULT_LOG_BLOCK_RANGE,
  getActiveSetLeafUpdates,
  getActiveSetProof,
  replayActiveSetTree,
} from "./registry/active-set-proof";
export type {
  ActiveSetLeafUpdate,
  GetActiveSetLeafUpdatesOptions,
  LeafUpdatesProgress,
  GetActiveSetProofParameters,
  GetActiveSetProofReturnType,
} from "./registry/active-set-proof";

// Seed beacon
export { pokeBeacon } from "./beacon/poke";
export type { PokeBeaconReturnType } from "./beacon/poke";
export { SEED_ROLES, getSeed, lotteryAlpha } from "./beacon/seed";
export type { GetSeedParameters, GetSeedReturnType, LotteryDomain, SeedRoleName } from "./beacon/seed";

// TypeChain bindings
export {
  ChunkGroth16Verifier__factory,
  EcVrfVerifier__factory,
  EpochProofVerifier__factory,
  IEcVrfVerifier__factory,
  ILottery__factory,
  IProofVerifier__factory,
  INodeRegistry__factory,
  ISeedBeacon__factory,
  IStakeToken__factory,
  Lottery__factory,
  NodeRegistry__factory,
  SeedBeacon__factory,
  StakeToken__factory,
} from "./typechain";
export type {
  ChunkGroth16Verifier,
  EcVrfVerifier,
  EpochProofVerifier,
  IEcVrfVerifier,
  ILottery,
  IProofVerifier,
  INodeRegistry,
  ISeedBeacon,
  IStakeToken,
  Lottery,
  NodeRegistry,
  SeedBeacon,
  StakeToken,
} from "./typechain";
export type { EcVrfHintsStruct } from "./typechain/contracts/interfaces/IEcVrfVerifier";
export type {
  DelegateStruct,
  DelegationInfoStruct,
  DelegationInfoStructOutput,
  JoinStruct,
  LeaveStruct,
  LotteryInputsStruct,
  LotteryInputsStructOutput,
  NodeInfoStruct,
  NodeInfoStructOutput,
} from "./typechain/contracts/interfaces/INodeRegistry";
export type { RegistryConfigStruct } from "./typechain/contracts/registry/NodeRegistry";
export type { SeedInputsStruct, SeedInputsStructOutput } from "./typechain/contracts/interfaces/ISeedBeacon";

// Lottery
export {
  EXP_WAD_INPUT_LIMIT,
  EXP_WAD_ZERO_BELOW,
  LN_2_POW_64,
  LOTTERY_CONTRACT_ERRORS,
  LOTTERY_DEFAULTS,
  LotteryError,
  MAX_AGE_CAP,
  MAX_ALPHA,
  MAX_BETA,
  MAX_GAMMA,
  RACE_TIME_INSTANT,
  RACE_TIME_NEVER,
  compareTickets,
  expWad,
  lnWad,
  lotteryWeight,
  raceTime,
  sMulWad,
  tieBreak,
  uFromBeta,
  validateLotteryParams,
  winProbability,
} from "./lottery";
export type { LotteryErrorCode, LotteryParams, LotteryTicket } from "./lottery";

// Lottery: on-chain entries, eligibility and results
export { connectLottery, deployLottery } from "./lottery/deploy";
export type { ConnectLotteryReturnType, DeployLotteryParameters, DeployLotteryReturnType } from "./lottery/deploy";
export { LOTTERY_ROLE_BITS, getActiveSetWeight, getLotteryParams } from "./lottery/active-set-weight";
export type {
  ActiveNodeWeight,
  GetActiveSetWeightParameters,
  GetActiveSetWeightReturnType,
  LotteryRole,
} from "./lottery/active-set-weight";
export { NotEligibleError, checkEligibility, prepareEligibility } from "./lottery/eligibility";
export type {
  CheckEligibilityParameters,
  CheckEligibilityReturnType,
  EligibilityContext,
  IneligibilityReason,
  LotteryEntryArgs,
  PrepareEligibilityParameters,
} from "./lottery/eligibility";
export {
  commitLotterySecret,
  lotteryCommitment,
  propose,
  proposeWithReveal,
  submitProverTicket,
  submitProverTicketWithReveal,
} from "./lottery/entries";
export type { CommitLotterySecretParameters, LotteryEntryReturnType, ProposeParameters } from "./lottery/entries";
export { bestProposal, designatedProver } from "./lottery/results";
export { checkEpochProof, connectProofVerifier, deployProofVerifier } from "./proving/proof-verifier";
export type {
  ConnectProofVerifierReturnType,
  DeployProofVerifierReturnType,
  EpochProofCheck,
} from "./proving/proof-verifier";
export type { BestProposal, DesignatedProver } from "./lottery/results";
export type {
  ProposalStruct,
  ProverTicketStructOutput,
  SlotProposalStructOutput,
} from "./typechain/contracts/interfaces/ILottery";
