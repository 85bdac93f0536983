// The SDK's front door: one object holding every action bound to the contracts of one deployment, so that a dapp
// passes a runner and a `deployments/<chainId>.json` record once instead of connecting six contract handles. The
// standalone `action(contract, params)` functions stay, as in viem; each bound action here is exactly one of them.
import type { ContractRunner } from "ethers";
import { getPublishedPayouts, claimPayouts } from "./payout/claim";
import { publishPayout } from "./payout/publish";
import { contractAt, type BlockageContracts } from "./contracts";
import { getBlockProverSeed } from "./cooperative/block-seed";
import { getKeptProofs, submitChunkProof } from "./cooperative/chunk-proof";
import { enterChunkRace, getChunkRaceEntry } from "./cooperative/race-entry";
import { allocateRing } from "./cooperative/ring";
import { getCooperativeEpochStatus } from "./cooperative/epoch-status";
import { finalizeEpoch, submitCooperativeEpochProof } from "./cooperative/settlement";
import { flagPriceTooLow, getProvingFee } from "./open-race/price-signal";
import { getProofRight, getTurnOrder } from "./open-race/proof-right";
import { settleRedundancy, submitRedundantProof } from "./open-race/redundancy";
import { getStateUpdate, submitStateUpdate } from "./open-race/state-update";
import { InvalidParameterError } from "./errors";
import { pokeBeacon } from "./beacon/poke";
import { getSeed, getSeedInputs } from "./beacon/seed";
import { getActiveSetWeight, getLotteryParams } from "./lottery/active-set-weight";
import { checkEligibility, prepareEligibility } from "./lottery/eligibility";
import {
  commitLotterySecret,
  propose,
  proposeWithReveal,
  submitProverTicket,
  submitProverTicketWithReveal,
} from "./lottery/entries";
import { bestProposal, designatedProver } from "./lottery/results";
import { checkEpochProof } from "./proving/proof-verifier";
import { activate } from "./registry/activate";
import { getActiveSetLeafUpdates, getActiveSetProof } from "./registry/active-set-proof";
import { delegate, getDelegation, undelegate, withdrawDelegation } from "./registry/delegate";
import { faucet } from "./registry/faucet";
import { increaseStake } from "./registry/increase-stake";
import { getNodeStatus } from "./registry/node-status";
import { register } from "./registry/register";
import { relayDelegate, relayJoin, relayLeave } from "./registry/relay";
import { rotateKeys } from "./registry/rotate-keys";
import { getRegistryDomain } from "./registry/typed-data";
import { unbond } from "./registry/unbond";
import { withdraw } from "./registry/withdraw";
import { proposeBased } from "./rollup/based";
import { getEpochBlocks, getProposalParent, getProposedBlock } from "./rollup/chain";
import { challengeBlock } from "./rollup/challenge";
import { claimAsDesignatedProver, claimProofRight } from "./rollup/claim";
import { getConfirmation } from "./rollup/confirmation";
import { submitEpochProof } from "./rollup/epoch-proof";
import { getEpochStatus } from "./rollup/epoch-status";
import { getProofRace } from "./rollup/proof-race";
import { prepareBlockHeader, proposeBlock, proposeViaBuilder } from "./rollup/propose";
import { prune, refundPrunedFees } from "./rollup/prune";
import { getRewards, slashMissedClaim, withdrawRewards } from "./rollup/rewards";
import { checkedAddress } from "./validate";

/** A `deployments/<chainId>.json` record: contract name → its address (and the transaction that created it). */
export type DeploymentRecord = Readonly<
  Record<string, { readonly address: string; readonly transactionHash?: string }>
>;

/** Explicit addresses of a deployment; give those whose actions you use (an action of a missing one throws). */
export interface BlockageAddresses {
  registry?: string;
  beacon?: string;
  lottery?: string;
  rollup?: string;
  coordinator?: string;
  /** A Cooperative rollup's coordinator (`CooperativeCoordinator` in a deployments record). */
  cooperativeCoordinator?: string;
  /** An open-race rollup's coordinator (`OpenRaceCoordinator` in a deployments record). */
  openRaceCoordinator?: string;
  stakeToken?: string;
  rewardPool?: string;
  payoutDistributor?: string;
  proofVerifier?: string;
  vrfVerifier?: string;
}

/** A deployment: a `deployments/<chainId>.json` record, or explicit addresses. */
export type BlockageDeployment = DeploymentRecord | BlockageAddresses;

/** Parameters of {@link createBlockageClient}. */
export interface CreateBlockageClientParameters {
  /** A provider (reads only) or a signer (reads and transactions), e.g. ethers' `BrowserProvider#getSigner()`. */
  runner: ContractRunner;
  /** Where the contracts are. */
  deployment: BlockageDeployment;
}

/** Each address key of {@link BlockageAddresses} and the contract it names in `deployments/<chainId>.json`. */
const RECORD_NAMES = {
  registry: "NodeRegistry",
  beacon: "SeedBeacon",
  lottery: "Lottery",
  rollup: "Rollup",
  coordinator: "ProverCoordinator",
  cooperativeCoordinator: "CooperativeCoordinator",
  openRaceCoordinator: "OpenRaceCoordinator",
  stakeToken: "StakeToken",
  rewardPool: "RewardPool",
  payoutDistributor: "PayoutDistributor",
  proofVerifier: "EpochProofVerifier",
  vrfVerifier: "EcVrfVerifier",
} as const satisfies Record<keyof BlockageAddresses, keyof BlockageContracts>;

type AddressKey = keyof typeof RECORD_NAMES;

/**
 * The addresses of a deployment, checksummed, whichever form it was given in.
 *
 * @throws {InvalidParameterError} If the deployment is not an object, an address is malformed, or a record entry has
 * no `address`.
 * @example
 * deploymentAddresses(await (await fetch("/deployments/31337.json")).json()).rollup;
 */
export function deploymentAddresses(deployment: BlockageDeployment): BlockageAddresses {
  if (typeof deployment !== "object" || deployment === null || Array.isArray(deployment)) {
    throw new InvalidParameterError("deployment must be a deployments/<chainId>.json object or an object of addresses");
  }
  const isRecord = Object.values(RECORD_NAMES).some((name) => name in deployment);
  const out: BlockageAddresses = {};
  for (const [key, name] of Object.entries(RECORD_NAMES) as [AddressKey, string][]) {
    let value: unknown;
    if (isRecord) {
      const entry = (deployment as Record<string, unknown>)[name];
      if (entry === undefined) continue;
      value = typeof entry === "object" && entry !== null ? (entry as { address?: unknown }).address : entry;
      if (typeof value !== "string") {
        throw new InvalidParameterError(`deployment.${name} has no address`);
      }
    } else {
      value = (deployment as Record<string, unknown>)[key];
      if (value === undefined) continue;
      if (typeof value !== "string") throw new InvalidParameterError(`deployment.${key} must be an address`);
    }
    out[key] = checkedAddress(value, `deployment.${isRecord ? name : key}`);
  }
  return out;
}

/** A standalone action with its first argument (the contract) bound. */
type Bound<F> = F extends (first: never, ...rest: infer R) => infer O ? (...rest: R) => O : never;

/** Binds each action of `actions` to `contract`. */
function bind<C, A extends Record<string, (contract: C, ...rest: never[]) => unknown>>(
  contract: C,
  actions: A,
): { [K in keyof A]: Bound<A[K]> } {
  const out: Record<string, unknown> = {};
  for (const [name, action] of Object.entries(actions)) {
    out[name] = (...rest: never[]) => action(contract, ...rest);
  }
  return out as { [K in keyof A]: Bound<A[K]> };
}

function registryActions(registry: BlockageContracts["NodeRegistry"]) {
  return bind(registry, {
    register,
    activate,
    unbond,
    withdraw,
    increaseStake,
    rotateKeys,
    delegate,
    undelegate,
    withdrawDelegation,
    getDelegation,
    getNodeStatus,
    getActiveSetProof,
    getActiveSetLeafUpdates,
    getRegistryDomain,
    relayJoin,
    relayLeave,
    relayDelegate,
  });
}

function beaconActions(beacon: BlockageContracts["SeedBeacon"]) {
  return bind(beacon, { pokeBeacon, getSeed, getSeedInputs });
}

function lotteryActions(lottery: BlockageContracts["Lottery"]) {
  return bind(lottery, {
    checkEligibility,
    prepareEligibility,
    getActiveSetWeight,
    getLotteryParams,
    propose,
    proposeWithReveal,
    commitLotterySecret,
    submitProverTicket,
    submitProverTicketWithReveal,
    bestProposal,
    designatedProver,
  });
}

function rollupActions(rollup: BlockageContracts["Rollup"]) {
  return bind(rollup, {
    getConfirmation,
    getProposedBlock,
    getEpochBlocks,
    getProposalParent,
    prepareBlockHeader,
    proposeBlock,
    proposeViaBuilder,
    proposeBased,
    challengeBlock,
    prune,
    refundPrunedFees,
    getBlockProverSeed,
  });
}

function coordinatorActions(coordinator: BlockageContracts["ProverCoordinator"]) {
  return bind(coordinator, {
    getEpochStatus,
    getProofRace,
    claimProofRight,
    claimAsDesignatedProver,
    submitEpochProof,
    getRewards,
    withdrawRewards,
    slashMissedClaim,
  });
}

function cooperativeActions(coordinator: BlockageContracts["CooperativeCoordinator"]) {
  return bind(coordinator, {
    getCooperativeEpochStatus,
    enterChunkRace,
    getChunkRaceEntry,
    allocateRing,
    getKeptProofs,
    submitChunkProof,
    finalizeEpoch,
    submitCooperativeEpochProof,
    getRewards,
    withdrawRewards,
  });
}

function openRaceActions(coordinator: BlockageContracts["OpenRaceCoordinator"]) {
  return bind(coordinator, {
    submitStateUpdate,
    getStateUpdate,
    submitRedundantProof,
    settleRedundancy,
    flagPriceTooLow,
    getProvingFee,
    getProofRight,
    getTurnOrder,
    getRewards,
    withdrawRewards,
  });
}

function stakeTokenActions(stakeToken: BlockageContracts["StakeToken"]) {
  return bind(stakeToken, { faucet });
}

function payoutActions(distributor: BlockageContracts["PayoutDistributor"]) {
  return bind(distributor, { publishPayout, claimPayouts, getPublishedPayouts });
}

function proofVerifierActions(verifier: BlockageContracts["EpochProofVerifier"]) {
  return bind(verifier, { checkEpochProof });
}

/** The contracts of a client, connected to its runner. */
export interface BlockageClientContracts {
  readonly registry: BlockageContracts["NodeRegistry"];
  readonly beacon: BlockageContracts["SeedBeacon"];
  readonly lottery: BlockageContracts["Lottery"];
  readonly rollup: BlockageContracts["Rollup"];
  readonly coordinator: BlockageContracts["ProverCoordinator"];
  readonly cooperativeCoordinator: BlockageContracts["CooperativeCoordinator"];
  readonly openRaceCoordinator: BlockageContracts["OpenRaceCoordinator"];
  readonly stakeToken: BlockageContracts["StakeToken"];
  readonly rewardPool: BlockageContracts["RewardPool"];
  readonly payoutDistributor: BlockageContracts["PayoutDistributor"];
  readonly proofVerifier: BlockageContracts["EpochProofVerifier"];
  readonly vrfVerifier: BlockageContracts["EcVrfVerifier"];
}

/** What {@link createBlockageClient} returns: each group's actions are the standalone ones with the contract bound. */
export interface BlockageClient {
  readonly runner: ContractRunner;
  /** The deployment's addresses, checksummed. */
  readonly addresses: Readonly<BlockageAddresses>;
  /** TypeChain-typed contracts, for what no action covers. A contract the deployment lacks throws when read. */
  readonly contracts: BlockageClientContracts;
  readonly registry: ReturnType<typeof registryActions>;
  readonly beacon: ReturnType<typeof beaconActions>;
  readonly lottery: ReturnType<typeof lotteryActions>;
  readonly rollup: ReturnType<typeof rollupActions>;
  /** A Sidecar rollup's coordinator actions (claims, quotes, epoch proofs). */
  readonly coordinator: ReturnType<typeof coordinatorActions>;
  /** A Cooperative rollup's coordinator actions (chunk proofs, finalization, the open race, rewards). */
  readonly cooperative: ReturnType<typeof cooperativeActions>;
  /** An open-race rollup's coordinator actions (state updates, redundancy, the proving fee and its flags, rewards). */
  readonly openRace: ReturnType<typeof openRaceActions>;
  readonly stakeToken: ReturnType<typeof stakeTokenActions>;
  readonly payouts: ReturnType<typeof payoutActions>;
  readonly proofVerifier: ReturnType<typeof proofVerifierActions>;
}

/**
 * One deployment's actions, bound to its contracts and to `runner`: `client.registry.register({ … })`,
 * `client.coordinator.getEpochStatus(…)` (Sidecar), `client.cooperative.submitChunkProof(…)` (Cooperative),
 * `client.openRace.submitStateUpdate(…)` (open race),
 * `client.rollup.getConfirmation({ … })`. Nothing is read on creation; a
 * group whose contract the deployment lacks throws {@link InvalidParameterError} when used.
 *
 * @throws {InvalidParameterError} If `deployment` is malformed.
 * @example
 * import deployment from "./deployments/31337.json";
 * const client = createBlockageClient({ runner: await new BrowserProvider(window.ethereum).getSigner(), deployment });
 * const status = await client.coordinator.getEpochStatus({ epoch: 3n });
 */
export function createBlockageClient(params: CreateBlockageClientParameters): BlockageClient {
  const { runner, deployment } = params ?? ({} as CreateBlockageClientParameters);
  if (typeof runner !== "object" || runner === null) {
    throw new InvalidParameterError("createBlockageClient: runner must be an ethers provider or signer");
  }
  const addresses = Object.freeze(deploymentAddresses(deployment));
  const cache = new Map<AddressKey, unknown>();
  const contract = <K extends AddressKey>(key: K): BlockageContracts[(typeof RECORD_NAMES)[K]] => {
    if (!cache.has(key)) {
      const address = addresses[key];
      if (address === undefined) {
        throw new InvalidParameterError(
          `createBlockageClient: the deployment has no ${RECORD_NAMES[key]} address (deployment.${key})`,
        );
      }
      cache.set(key, contractAt(RECORD_NAMES[key], address, runner));
    }
    return cache.get(key) as BlockageContracts[(typeof RECORD_NAMES)[K]];
  };
  const contracts = {} as BlockageClientContracts;
  for (const key of Object.keys(RECORD_NAMES) as AddressKey[]) {
    Object.defineProperty(contracts, key, { enumerable: true, get: () => contract(key) });
  }
  const client = { runner, addresses, contracts } as Partial<Record<keyof BlockageClient, unknown>>;
  const groups: Record<string, () => unknown> = {
    registry: () => registryActions(contract("registry")),
    beacon: () => beaconActions(contract("beacon")),
    lottery: () => lotteryActions(contract("lottery")),
    rollup: () => rollupActions(contract("rollup")),
    coordinator: () => coordinatorActions(contract("coordinator")),
    cooperative: () => cooperativeActions(contract("cooperativeCoordinator")),
    openRace: () => openRaceActions(contract("openRaceCoordinator")),
    stakeToken: () => stakeTokenActions(contract("stakeToken")),
    payouts: () => payoutActions(contract("payoutDistributor")),
    proofVerifier: () => proofVerifierActions(contract("proofVerifier")),
  };
  for (const [name, make] of Object.entries(groups)) {
    let made: unknown;
    Object.defineProperty(client, name, { enumerable: true, get: () => (made ??= make()) });
  }
  return Object.freeze(client) as BlockageClient;
}
