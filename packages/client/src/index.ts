// Errors
export { BlockageError, ContractCallError, InvalidParameterError, errorReason } from "./errors";
export type { BlockageErrorOptions, BlockageErrorShape } from "./errors";
export {
  ContractRevertError,
  blockageErrorsInterface,
  decodeContractError,
  findRevertData,
  toContractError,
} from "./contract-errors";
export type { DecodedContractError } from "./contract-errors";

// The front door: every action bound to one deployment's contracts
export { createBlockageClient, deploymentAddresses } from "./client";
export type {
  BlockageAddresses,
  BlockageClient,
  BlockageDeployment,
  CreateBlockageClientParameters,
  DeploymentRecord,
} from "./client";
export { CONTRACT_ABIS, contractAt } from "./contracts";
export type { BlockageContractName, BlockageContracts } from "./contracts";

// VRF verifier
export { connectVrfVerifier } from "./vrf/connect-verifier";
export { verifyOnChain } from "./vrf/verify-on-chain";
export type { VerifyOnChainParameters, VerifyOnChainReturnType } from "./vrf/verify-on-chain";

// Node registry: deployment and keys
export { connectRegistry } from "./registry/connect";
export type { ConnectRegistryReturnType, RegistryAddresses } from "./registry/connect";
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
  GetRegistryDomainReturnType,
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
  GetActiveSetLeafUpdatesParameters,
  GetActiveSetLeafUpdatesReturnType,
  LeafUpdatesProgress,
  GetActiveSetProofParameters,
  GetActiveSetProofReturnType,
} from "./registry/active-set-proof";

// Seed beacon
export { pokeBeacon } from "./beacon/poke";
export type { PokeBeaconReturnType } from "./beacon/poke";
export { SEED_ROLES, getSeed, getSeedInputs, lotteryAlpha } from "./beacon/seed";
export type {
  GetSeedInputsParameters,
  GetSeedInputsReturnType,
  GetSeedParameters,
  GetSeedReturnType,
  LotteryDomain,
  SeedRoleName,
} from "./beacon/seed";

// TypeChain bindings: the contracts' types. Their factories live in `@blockage/client/deploy` (the deployable ones carry
// their creation bytecode); connect to a deployed contract with `contractAt` or `createBlockageClient`.
export type {
  ChunkGroth16Verifier,
  ChunkStateTransition,
  CooperativeCoordinator,
  ICooperativeCoordinator,
  ILotteryBase,
  IRollupCoordinator,
  IProverCoordinator,
  IProverLottery,
  IRewardPool,
  IRollup,
  IStateTransition,
  PoseidonT3,
  ProverCoordinator,
  RewardPool,
  Rollup,
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
  IPayoutDistributor,
  PayoutDistributor,
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
  boostedRaceTime,
  boostedWinProbability,
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
export type { BoostedWinProbabilityParameters, LotteryErrorCode, LotteryParams, LotteryTicket } from "./lottery";

// Lottery: on-chain entries, eligibility and results
export { connectLottery } from "./lottery/connect";
export type { ConnectLotteryReturnType } from "./lottery/connect";
export { LOTTERY_ROLE_BITS, getActiveSetWeight, getLotteryParams } from "./lottery/active-set-weight";
export type {
  ActiveNodeWeight,
  LotteryDraw,
  GetActiveSetWeightParameters,
  GetActiveSetWeightReturnType,
  GetLotteryParamsReturnType,
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
  PrepareEligibilityReturnType,
} from "./lottery/eligibility";
export {
  commitLotterySecret,
  lotteryCommitment,
  propose,
  proposeWithReveal,
  submitProverTicket,
  submitProverTicketWithReveal,
} from "./lottery/entries";
export type {
  CommitLotterySecretParameters,
  CommitLotterySecretReturnType,
  LotteryEntryReturnType,
  ProposeParameters,
  ProposeReturnType,
  ProposeWithRevealParameters,
  ProposeWithRevealReturnType,
  SubmitProverTicketParameters,
  SubmitProverTicketReturnType,
  SubmitProverTicketWithRevealParameters,
  SubmitProverTicketWithRevealReturnType,
} from "./lottery/entries";
export { bestProposal, designatedProver } from "./lottery/results";
export { checkEpochProof, connectProofVerifier } from "./proving/proof-verifier";
export type {
  CheckEpochProofParameters,
  CheckEpochProofReturnType,
  ConnectProofVerifierReturnType,
  EpochProofCheck,
} from "./proving/proof-verifier";
export type {
  BestProposal,
  BestProposalParameters,
  BestProposalReturnType,
  DesignatedProver,
  DesignatedProverParameters,
  DesignatedProverReturnType,
} from "./lottery/results";
export type {
  ProposalStruct,
  ProverTicketStructOutput,
  SlotProposalStructOutput,
} from "./typechain/contracts/interfaces/ILottery";

// Rollup and prover coordination: connecting (either mechanism)
export { connectRollup } from "./rollup/connect";
export type {
  ConnectRollupReturnType,
  CooperativeRollupAddresses,
  CooperativeRollupContracts,
  RollupAddresses,
  SidecarRollupContracts,
} from "./rollup/connect";
export { PROVER_MECHANISMS, proverMechanismName } from "./rollup/mechanism";
export type { ProverMechanismName } from "./rollup/mechanism";
export {
  BlockDataNotFoundError,
  RegistryAdminRequiredError,
  SlasherAlreadyBoundError,
  SlasherBindingError,
} from "./rollup/errors";

// Rollup: headers, the pending chain and proposals
export { blockHeaderHash, buildBlockHeader, daCommitment, genesisHeader, toBlockHeader } from "./rollup/header";
export type { BlockHeader, BuildBlockHeaderParameters, ParentBlock } from "./rollup/header";
export { getEpochBlocks, getProposalParent, getProposedBlock } from "./rollup/chain";
export type {
  GetEpochBlocksParameters,
  GetEpochBlocksReturnType,
  GetProposalParentParameters,
  GetProposalParentReturnType,
  GetProposedBlockParameters,
  GetProposedBlockReturnType,
  ProposalMethod,
  ProposalParent,
  ProposedBlock,
} from "./rollup/chain";
export { prepareBlockHeader, proposeBlock, proposeViaBuilder } from "./rollup/propose";
export type {
  PrepareBlockHeaderParameters,
  PrepareBlockHeaderReturnType,
  ProposeBlockParameters,
  ProposeBlockReturnType,
  ProposeViaBuilderParameters,
  ProposeViaBuilderReturnType,
} from "./rollup/propose";
export { proposeBased } from "./rollup/based";
export type { ProposeBasedParameters, ProposeBasedReturnType } from "./rollup/based";

// Rollup: EIP-712 builder bids and quotes
export {
  BUILDER_BID_TYPES,
  COORDINATOR_EIP712_NAME,
  QUOTE_ACCEPTANCE_TYPES,
  QUOTE_TYPES,
  ROLLUP_EIP712_NAME,
  ROLLUP_EIP712_VERSION,
  coordinatorDomain,
  countersignQuote,
  getContractDomain,
  hashBuilderBid,
  hashQuote,
  hashQuoteAcceptance,
  rollupDomain,
  signBuilderBid,
  signQuote,
  toQuote,
} from "./rollup/typed-data";
export type {
  BuilderBidMessage,
  CountersignQuoteParameters,
  CountersignQuoteReturnType,
  DomainSource,
  GetContractDomainParameters,
  GetContractDomainReturnType,
  NormalizedQuote,
  Quote,
  SignBuilderBidParameters,
  SignBuilderBidReturnType,
  SignQuoteParameters,
  SignQuoteReturnType,
} from "./rollup/typed-data";

// Prover coordination: claims, proofs, rewards, backups
export { claimAsDesignatedProver, claimProofRight } from "./rollup/claim";
export type {
  ClaimAsDesignatedProverParameters,
  ClaimAsDesignatedProverReturnType,
  ClaimProofRightParameters,
  ClaimProofRightReturnType,
  ClaimReturnType,
} from "./rollup/claim";
export { submitEpochProof } from "./rollup/epoch-proof";
export type { SubmitEpochProofParameters, SubmitEpochProofReturnType } from "./rollup/epoch-proof";
export { getRewards, slashMissedClaim, withdrawRewards } from "./rollup/rewards";
export type {
  GetRewardsParameters,
  GetRewardsReturnType,
  RewardsCoordinator,
  SlashMissedClaimParameters,
  SlashMissedClaimReturnType,
  WithdrawRewardsParameters,
  WithdrawRewardsReturnType,
} from "./rollup/rewards";
export { epochPayout, slashedBond } from "./rollup/epoch-payout";
export type { EpochPayoutParameters, EpochPayoutReturnType, SlashedBondParameters } from "./rollup/epoch-payout";
export { prune, refundPrunedFees } from "./rollup/prune";
export type { PruneReturnType, RefundPrunedFeesParameters, RefundPrunedFeesReturnType } from "./rollup/prune";
export { challengeBlock } from "./rollup/challenge";
export type { ChallengeBlockParameters, ChallengeBlockReturnType } from "./rollup/challenge";

// Prover coordination: epoch status, the open race, confirmation stages
export { CLAIM_STATUS_NAMES } from "./rollup/claim-status";
export type { ClaimStatusName } from "./rollup/claim-status";
export { epochPhase, getEpochStatus } from "./rollup/epoch-status";
export type {
  EpochPhase,
  EpochStatus,
  EpochWindows,
  GetEpochStatusParameters,
  GetEpochStatusReturnType,
} from "./rollup/epoch-status";
export { getProofRace, proofRaceOf } from "./rollup/proof-race";
export type { GetProofRaceParameters, GetProofRaceReturnType, ProofRace } from "./rollup/proof-race";
export { CONFIRMATION_STAGES, getConfirmation, isL1BlockFinal } from "./rollup/confirmation";
export type {
  Confirmation,
  ConfirmationStageKey,
  ConfirmationStageNumber,
  GetConfirmationParameters,
  GetConfirmationReturnType,
  IsL1BlockFinalParameters,
  IsL1BlockFinalReturnType,
  L1Finality,
} from "./rollup/confirmation";
export type {
  BlockHeaderStruct,
  BlockHeaderStructOutput,
  BlockProposalStruct,
  BlockRecordStructOutput,
  ChainTipsStructOutput,
  RollupConfigStruct,
} from "./typechain/contracts/rollup/Rollup";
export type {
  CoordinatorConfigStruct,
  EpochClaimStructOutput,
  QuoteStruct,
} from "./typechain/contracts/proving/ProverCoordinator";

// Cooperative proving (seed 001): chunk tickets, FEE_SPLIT / FEE_BURN rewards, chunk submissions, finalization
export * from "./cooperative";
export type {
  ChunkProofStruct,
  ChunkSubmissionStruct,
  CooperativeConfigStruct,
  CooperativeConfigStructOutput,
  KeptProofStructOutput,
} from "./typechain/contracts/proving/CooperativeCoordinator";

// Open race (seed 004's example): defaults, the proving base fee's EIP-1559 rule and L1 signal, state-update payouts,
// and the actions over an OpenRaceCoordinator.
export {
  ACTIVITY_WINDOW_EPOCHS,
  BASE_FEE_CHANGE_DENOMINATOR,
  MAX_PROVING_BASE_FEE,
  OPEN_RACE_DEFAULTS,
  SIGNAL_STEP_DENOMINATOR,
  TURN_PROVERS,
  flagPriceTooLow,
  getProofRight,
  getProvableBlocks,
  getProvingFee,
  getStateUpdate,
  getTurnOrder,
  nextProvingBaseFee,
  provingLag,
  settleRedundancy,
  stateUpdatePayout,
  submitRedundantProof,
  submitStateUpdate,
} from "./open-race";
export type {
  FlagPriceTooLowReturnType,
  GetProofRightReturnType,
  GetProvableBlocksParameters,
  GetProvableBlocksReturnType,
  GetProvingFeeReturnType,
  GetStateUpdateParameters,
  GetStateUpdateReturnType,
  NextProvingBaseFeeParameters,
  ProvingLagParameters,
  RedundancyReturnType,
  SettleRedundancyParameters,
  StateUpdateBlock,
  StateUpdatePayoutParameters,
  StateUpdatePayoutReturnType,
  StateUpdateRecord,
  SubmitRedundantProofParameters,
  SubmitStateUpdateParameters,
  SubmitStateUpdateReturnType,
  TurnPlace,
} from "./open-race";
export type { OpenRaceCoordinator } from "./typechain";
export type {
  OpenRaceConfigStruct,
  StateUpdateStruct,
  TurnTicketStruct,
} from "./typechain/contracts/proving/OpenRaceCoordinator";

// CrowdProve: the signed messages between a job distributor and its workers.
export {
  CHUNK_RESULT_TYPES,
  CROWDPROVE_EIP712_NAME,
  CROWDPROVE_EIP712_VERSION,
  WORKER_REGISTRATION_TYPES,
  chunkProofHash,
  crowdproveDomain,
  hashChunkResult,
  recoverChunkResult,
  recoverWorkerRegistration,
  signChunkResult,
  signWorkerRegistration,
} from "./crowdprove/typed-data";
export type {
  ChunkResult,
  SignChunkResultParameters,
  SignChunkResultReturnType,
  SignWorkerRegistrationParameters,
  SignWorkerRegistrationReturnType,
  WorkerRegistration,
} from "./crowdprove/typed-data";

// CrowdProve payouts: per-epoch Merkle distributions to community provers, their share policy, and chunk receipts.
export { PAYOUT_LEAF_ENCODING, payoutTree } from "./payout/tree";
export type { PayoutPayee, PayoutProof, PayoutTree } from "./payout/tree";
export { shareEpochPayout } from "./payout/shares";
export type { AcceptedChunk, ShareEpochPayoutParameters, ShareEpochPayoutReturnType } from "./payout/shares";
export { connectPayoutDistributor } from "./payout/connect";
export type { ConnectPayoutDistributorReturnType } from "./payout/connect";
export { publishPayout } from "./payout/publish";
export type { PublishPayoutParameters, PublishPayoutReturnType } from "./payout/publish";
export { claimPayouts, getPublishedPayouts } from "./payout/claim";
export type {
  ClaimPayoutsParameters,
  ClaimPayoutsReturnType,
  ClaimedPayout,
  GetPublishedPayoutsParameters,
  GetPublishedPayoutsReturnType,
  PayoutMismatch,
  PublishedPayout,
} from "./payout/claim";
export {
  CHUNK_RECEIPT_TYPES,
  PAYOUT_EIP712_NAME,
  PAYOUT_EIP712_VERSION,
  hashChunkReceipt,
  payoutDomain,
  recoverChunkReceipt,
  signChunkReceipt,
  toChunkReceipt,
} from "./payout/typed-data";
export type {
  ChunkReceipt,
  NormalizedChunkReceipt,
  SignChunkReceiptParameters,
  SignChunkReceiptReturnType,
} from "./payout/typed-data";
export type {
  ChunkReceiptStruct,
  ClaimStruct as PayoutClaimStruct,
  PayeeStruct,
  PayeeStructOutput,
} from "./typechain/contracts/payout/PayoutDistributor";
export { CROWDPROVE_ERROR_CODES, JSON_RPC_ERROR_CODES } from "./crowdprove/errors";
export type { CrowdproveErrorName } from "./crowdprove/errors";
