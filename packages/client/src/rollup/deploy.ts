// Deploying and connecting a rollup: PoseidonT3 and the state transition linked to it, the Rollup and its coordinator
// (a ProverCoordinator for Sidecar, a CooperativeCoordinator for Cooperative, an OpenRaceCoordinator for the open race,
// whose CREATE address the rollup names before it exists), the rollup bound as the registry's one slasher (ROLLUP_ROLE) and the registry's admin role
// renounced, and the reward pool the coordinator creates.
import { ZeroAddress, getCreateAddress, parseEther, type BigNumberish, type Signer } from "ethers";
import { contractAt } from "../contracts";
import { toContractError } from "../contract-errors";
import { ContractCallError, InvalidParameterError } from "../errors";
import { LOTTERY_DEFAULTS, validateLotteryParams, type LotteryParams } from "../lottery/math";
import { readContract, requireContractAt, sendTransaction } from "../transaction";
import { checkedAddress, checkedAmount } from "../validate";
import {
  ChunkStateTransition__factory,
  CooperativeCoordinator__factory,
  ISeedBeacon__factory,
  IStakeToken__factory,
  OpenRaceCoordinator__factory,
  PoseidonT3__factory,
  ProverCoordinator__factory,
  Rollup__factory,
} from "../typechain";
import {
  connectRollup,
  type ConnectRollupReturnType,
  type CooperativeRollupContracts,
  type OpenRaceRollupContracts,
  type SidecarRollupContracts,
} from "./connect";
import { OPEN_RACE_DEFAULTS, TURN_PROVERS } from "../open-race/defaults";
import { RegistryAdminRequiredError, SlasherAlreadyBoundError } from "./errors";
import { PROVER_MECHANISMS, type ProverMechanismName } from "./mechanism";

export { PROVER_MECHANISMS, type ProverMechanismName };

/** Defaults of the rollup's parameters (`RollupConfig`), for 32-slot epochs. */
export const ROLLUP_DEFAULTS = {
  /** State of the genesis block. */
  genesisState: 0n,
  /** Stake slashed from the proposer of an invalid block: 500 tokens (18 decimals). */
  invalidBlockSlash: parseEther("500"),
  /** FEE_SPLIT: half of each block's fees go to the epoch's rewards. */
  feeSplit: 5_000n,
  /** Reporter's share of an invalid block's slashed stake (basis points). */
  reporterShare: 1_000n,
  /** Slots after an epoch ends after which its unproven blocks are pruned. */
  finalDeadlineSlots: 48n,
  /** Slots without a block (on a proven chain) before based mode opens. */
  basedDelaySlots: 4n,
  /** Most transactions per block. */
  maxTxsPerBlock: 64n,
  /** Slots per upgrade voting round. */
  voteRoundSlots: 64n,
  /** Votes of proven blocks that make a payload ready. */
  voteThreshold: 2n,
} as const;

/** Defaults of the coordinator's parameters (`CoordinatorConfig`). */
export const COORDINATOR_DEFAULTS = {
  /** Reward per proven block from the reward pool: 10 tokens. */
  blockReward: parseEther("10"),
  /** The least bond of a quote, and the designated prover's bond: 100 tokens. */
  minBond: parseEther("100"),
  /** Prover fee of designated claims and open races (basis points of the epoch's rewards). */
  defaultProverFee: 2_000n,
  /**
   * The highest fee a countersigned quote may ask (basis points of the epoch's rewards): one slot's proposer
   * countersigns the quote that sets the whole epoch's prover fee, so this bounds what a proposer colluding with a
   * prover can take from the epoch's other proposers. 2.5 times the default fee.
   */
  maxQuoteFee: 5_000n,
  /** Submitter's share of the epoch's rewards (basis points). */
  submitterShare: 500n,
  /** Share of a slashed bond for the rescuer (basis points); the rest is burned. */
  rescueShare: 5_000n,
  /** Slots of the designated prover's priority window. */
  priorityWindowSlots: 4n,
  /** Slots of the claim window (from the start of the next epoch). */
  claimWindowSlots: 8n,
  /** Slots after the epoch's end by which a claimant must prove. */
  proofDeadlineSlots: 24n,
} as const;

/** Defaults of a Cooperative coordinator's parameters (`CooperativeConfig`, seed 001). */
export const COOPERATIVE_DEFAULTS = {
  /** Reward per proven block from the reward pool, split by the block's FEE_SPLIT like its fees: 10 tokens. */
  blockReward: parseEther("10"),
  /**
   * Slots after an epoch's end during which its chunk proofs are taken (fewer than `finalDeadlineSlots`: finalization
   * or the open race needs the slots between).
   */
  provingWindowSlots: 16n,
} as const;

/** An open-race coordinator's parameters (see `OpenRaceConfig` in `IOpenRaceCoordinator.sol`). */
export type OpenRaceParameters = { [K in keyof typeof OPEN_RACE_DEFAULTS]: BigNumberish };

/** The rollup's parameters (see `RollupConfig` in `IRollup.sol`). */
export type RollupParameters = { [K in keyof typeof ROLLUP_DEFAULTS]: BigNumberish };
/** The coordinator's parameters (see `CoordinatorConfig` in `IProverCoordinator.sol`). */
export type CoordinatorParameters = { [K in keyof typeof COORDINATOR_DEFAULTS]: BigNumberish };
/** A Cooperative coordinator's parameters (see `CooperativeConfig` in `ICooperativeCoordinator.sol`). */
export type CooperativeParameters = { [K in keyof typeof COOPERATIVE_DEFAULTS]: BigNumberish };

/** Parameters of {@link deployRollup}. */
export interface DeployRollupParameters {
  /**
   * The NodeRegistry. The signer must be its admin and its slasher not yet bound: the rollup is bound as the
   * registry's one slasher (`ROLLUP_ROLE`, for good) to slash invalid blocks.
   */
  registry: string;
  /** The `EpochProofVerifier` (see `deployProofVerifier`). */
  proofVerifier: string;
  /** Overrides of {@link ROLLUP_DEFAULTS}. */
  rollup?: Partial<RollupParameters>;
  /**
   * The prover mechanism (DESIGN §9): `sidecar` (default; a `ProverCoordinator`: designated prover, quotes, bonds) or
   * `cooperative` (a `CooperativeCoordinator`: seed 001's chunk tickets; `rollup.feeSplit` is then the least FEE_SPLIT a
   * proposal may declare) or `open-race` (an `OpenRaceCoordinator`: seed 004's example).
   */
  mechanism?: ProverMechanismName;
  /** Overrides of {@link COORDINATOR_DEFAULTS} (Sidecar only). */
  coordinator?: Partial<CoordinatorParameters>;
  /** Overrides of {@link COOPERATIVE_DEFAULTS} (Cooperative only). */
  cooperative?: Partial<CooperativeParameters>;
  /**
   * Overrides of `OPEN_RACE_DEFAULTS` (open race only). The idle period and the four turns after it must end before
   * the rollup's final deadline (`rollup.finalDeadlineSlots` × the beacon's slot duration): with the defaults' five
   * hours and four half-hour turns, that is 2,100 twelve-second slots, which the registry's unbonding period must
   * cover too (`unbondingPeriodEpochs` × `epochSlots` ≥ `finalDeadlineSlots`).
   */
  openRace?: Partial<OpenRaceParameters>;
  /** α, β, γ, A_max of the sequencer and prover lotteries; default `LOTTERY_DEFAULTS`. */
  lottery?: Partial<LotteryParams>;
  /** Accept commit-reveal entries (weaker than VRF; default false). */
  commitRevealFallback?: boolean;
  /** Tokens (base units) the deployer sends into the reward pool after deploying (default 0). */
  fundRewardPool?: BigNumberish;
  /**
   * Keep the deployer's `DEFAULT_ADMIN_ROLE` on the registry after binding the rollup (default false: it is
   * renounced, so no admin is left). For throwaway devnets: the kept admin cannot bind another slasher or touch stake,
   * but can still add admins.
   */
  keepAdmin?: boolean;
}

/** What {@link deployRollup} adds to the connected contracts. */
export interface RollupDeploymentInfo {
  /**
   * For `deployments/<chainId>.json`: PoseidonT3, ChunkStateTransition, Rollup, the coordinator (`ProverCoordinator`
   * or `CooperativeCoordinator`), RewardPool.
   */
  deployments: Record<string, { address: string; transactionHash: string }>;
  /** Block of the Rollup's deployment: where to start reading its events. */
  deploymentBlock: number;
  /** Whether the deployer renounced the registry's `DEFAULT_ADMIN_ROLE` (true unless `keepAdmin`). */
  adminRenounced: boolean;
}

/** Result of {@link deployRollup}: the connected contracts of either mechanism and the deployment's records. */
export type DeployRollupReturnType = ConnectRollupReturnType & RollupDeploymentInfo;

const MECHANISM_COORDINATORS = {
  sidecar: "ProverCoordinator",
  cooperative: "CooperativeCoordinator",
  "open-race": "OpenRaceCoordinator",
} as const;

/** Each mechanism's coordinator overrides parameter. */
const MECHANISM_OVERRIDES = { sidecar: "coordinator", cooperative: "cooperative", "open-race": "openRace" } as const;

function withDefaults<T extends object>(defaults: T, given: object | undefined): T {
  const entries = Object.entries(given ?? {}).filter(([, value]) => value !== undefined);
  return { ...defaults, ...Object.fromEntries(entries.map(([k, v]) => [k, checkedAmount(v as BigNumberish, k)])) };
}

/**
 * Deploys a rollup over an existing registry and proof verifier: `PoseidonT3`, `ChunkStateTransition` (linked to
 * it; re-executes blocks for invalid-block evidence), `Rollup` (naming the coordinator's address, predicted from the
 * deployer's next nonce), its coordinator — a `ProverCoordinator` for the Sidecar mechanism (default), a
 * `CooperativeCoordinator` for `mechanism: "cooperative"` — (it checks the rollup names it, and creates its
 * `RewardPool`), then binds the rollup as the registry's slasher (`grantRole(ROLLUP_ROLE, rollup)`: once and for
 * good), renounces the deployer's `DEFAULT_ADMIN_ROLE` on the registry unless `keepAdmin`, and optionally funds the
 * reward pool. Checks first that the registry has no slasher yet and that the signer is its admin, so nothing is
 * deployed that could not be wired.
 *
 * @param signer - The deployer: an admin of the registry. Send nothing else from it while this runs.
 * @param params - Registry, proof verifier, mechanism, and optional parameter overrides.
 * @returns The connected contracts (as {@link connectRollup} gives them), addresses, deployment records, the rollup's
 *   deployment block and whether the admin role was renounced.
 * @throws {InvalidParameterError} For an unknown mechanism, or overrides of the other mechanism's coordinator.
 * @throws {SlasherAlreadyBoundError} If the registry's slasher is already bound (a registry serves one rollup).
 * @throws {RegistryAdminRequiredError} If the signer cannot grant `ROLLUP_ROLE` (not, or no longer, an admin); both
 *   this and `SlasherAlreadyBoundError` are `SlasherBindingError`s.
 * @throws {LotteryError} For lottery parameters out of range.
 * @throws {ContractRevertError} If a constructor reverts, e.g. `Rollup__InvalidConfig("feeSplit")`,
 *   `CooperativeCoordinator__InvalidConfig("provingWindowSlots")`.
 * @throws {ContractCallError} For any other failure (no contract at an address, insufficient funds, …).
 * @example
 * const { addresses: verifier } = await deployProofVerifier(signer);
 * const { rollup, coordinator } = await deployRollup(signer, {
 *   registry: registryAddress,
 *   proofVerifier: verifier.EpochProofVerifier,
 *   fundRewardPool: parseEther("10000"),
 * });
 * // Seed 001's cooperative proving: proposals declare FEE_SPLITs of at least 10%, chunk proofs for 8 slots.
 * const { cooperativeCoordinator } = await deployRollup(signer, {
 *   registry: registryAddress,
 *   proofVerifier: verifier.EpochProofVerifier,
 *   mechanism: "cooperative",
 *   rollup: { feeSplit: 1_000n },
 *   cooperative: { provingWindowSlots: 8n },
 * });
 */
export async function deployRollup(
  signer: Signer,
  params: DeployRollupParameters & { mechanism?: "sidecar" },
): Promise<SidecarRollupContracts & RollupDeploymentInfo>;
export async function deployRollup(
  signer: Signer,
  params: DeployRollupParameters & { mechanism: "cooperative" },
): Promise<CooperativeRollupContracts & RollupDeploymentInfo>;
export async function deployRollup(
  signer: Signer,
  params: DeployRollupParameters & { mechanism: "open-race" },
): Promise<OpenRaceRollupContracts & RollupDeploymentInfo>;
export async function deployRollup(signer: Signer, params: DeployRollupParameters): Promise<DeployRollupReturnType>;
export async function deployRollup(signer: Signer, params: DeployRollupParameters): Promise<DeployRollupReturnType> {
  const registryAddress = checkedAddress(params.registry, "registry address");
  const verifierAddress = checkedAddress(params.proofVerifier, "proofVerifier address");
  const mechanism = params.mechanism ?? "sidecar";
  if (!Object.hasOwn(MECHANISM_COORDINATORS, mechanism)) {
    throw new InvalidParameterError(
      `mechanism must be "sidecar", "cooperative" or "open-race", got ${JSON.stringify(mechanism)}`,
    );
  }
  const own = MECHANISM_OVERRIDES[mechanism];
  for (const other of Object.values(MECHANISM_OVERRIDES)) {
    if (other !== own && params[other] !== undefined) {
      throw new InvalidParameterError(
        `\`${other}\` overrides do not apply to a ${mechanism} rollup (its coordinator takes \`${own}\`)`,
      );
    }
  }
  const coordinatorName = MECHANISM_COORDINATORS[mechanism];
  const lottery: LotteryParams = withDefaults({ ...LOTTERY_DEFAULTS }, params.lottery);
  validateLotteryParams(lottery);
  const rollupConfig = withDefaults({ ...ROLLUP_DEFAULTS }, params.rollup);
  const coordinatorConfig = withDefaults({ ...COORDINATOR_DEFAULTS }, params.coordinator);
  const cooperativeConfig = withDefaults({ ...COOPERATIVE_DEFAULTS }, params.cooperative);
  const openRaceConfig = withDefaults({ ...OPEN_RACE_DEFAULTS }, params.openRace);
  const funding = checkedAmount(params.fundRewardPool ?? 0n, "fundRewardPool");
  await requireContractAt(signer, registryAddress, "NodeRegistry");
  await requireContractAt(signer, verifierAddress, "EpochProofVerifier");
  const registry = contractAt("NodeRegistry", registryAddress, signer);
  const deployer = await readContract("signer address", () => signer.getAddress());
  const [adminRole, rollupRole, slasher] = await readContract("NodeRegistry roles", () =>
    Promise.all([registry.DEFAULT_ADMIN_ROLE(), registry.ROLLUP_ROLE(), registry.slasher()]),
  );
  if (slasher !== ZeroAddress) throw new SlasherAlreadyBoundError(registryAddress, slasher);
  if (!(await readContract("NodeRegistry.hasRole", () => registry.hasRole(adminRole, deployer)))) {
    throw new RegistryAdminRequiredError(registryAddress, deployer);
  }
  if (mechanism === "open-race") await checkOpenRaceTimes(registry, openRaceConfig, rollupConfig.finalDeadlineSlots);

  const deployments: DeployRollupReturnType["deployments"] = {};
  let step = "PoseidonT3 deployment";
  try {
    const poseidon = await new PoseidonT3__factory(signer).deploy();
    const poseidonReceipt = await poseidon.deploymentTransaction()!.wait();
    if (poseidonReceipt === null) throw new ContractCallError("the PoseidonT3 deployment was replaced or dropped");
    const poseidonAddress = await poseidon.getAddress();
    deployments.PoseidonT3 = { address: poseidonAddress, transactionHash: poseidonReceipt.hash };

    step = "ChunkStateTransition deployment";
    const transition = await new ChunkStateTransition__factory(
      { "poseidon-solidity/PoseidonT3.sol:PoseidonT3": poseidonAddress },
      signer,
    ).deploy();
    const transitionReceipt = await transition.deploymentTransaction()!.wait();
    if (transitionReceipt === null) throw new ContractCallError("the ChunkStateTransition deployment was dropped");
    const transitionAddress = await transition.getAddress();
    deployments.ChunkStateTransition = { address: transitionAddress, transactionHash: transitionReceipt.hash };

    // The coordinator's address is fixed before either contract exists: the deployer's nonce right after the
    // rollup's. Both deployments use explicit nonces, so nothing can slip in between.
    step = "Rollup deployment";
    const nonce = await signer.getNonce("pending");
    const coordinatorAddress = getCreateAddress({ from: deployer, nonce: nonce + 1 });
    const commitRevealFallback = params.commitRevealFallback ?? false;
    const rollup = await new Rollup__factory(signer).deploy(
      registryAddress,
      lottery,
      commitRevealFallback,
      {
        ...rollupConfig,
        proofVerifier: verifierAddress,
        stateTransition: transitionAddress,
        coordinator: coordinatorAddress,
        mechanism: PROVER_MECHANISMS[mechanism],
      },
      { nonce },
    );
    const rollupAddress = await rollup.getAddress();
    step = `${coordinatorName} deployment`;
    const coordinatorArgs = [registryAddress, lottery, commitRevealFallback, rollupAddress] as const;
    const coordinator =
      mechanism === "sidecar"
        ? await new ProverCoordinator__factory(signer).deploy(
            ...coordinatorArgs,
            { ...coordinatorConfig, proofVerifier: verifierAddress },
            { nonce: nonce + 1 },
          )
        : mechanism === "cooperative"
          ? await new CooperativeCoordinator__factory(signer).deploy(
              ...coordinatorArgs,
              { ...cooperativeConfig, proofVerifier: verifierAddress },
              { nonce: nonce + 1 },
            )
          : await new OpenRaceCoordinator__factory(signer).deploy(
              ...coordinatorArgs,
              { ...openRaceConfig, proofVerifier: verifierAddress },
              { nonce: nonce + 1 },
            );
    step = "Rollup deployment";
    const rollupReceipt = await rollup.deploymentTransaction()!.wait();
    if (rollupReceipt === null) throw new ContractCallError("the Rollup deployment was replaced or dropped");
    deployments.Rollup = { address: rollupAddress, transactionHash: rollupReceipt.hash };
    step = `${coordinatorName} deployment`;
    const coordinatorReceipt = await coordinator.deploymentTransaction()!.wait();
    if (coordinatorReceipt === null) throw new ContractCallError(`the ${coordinatorName} deployment was dropped`);
    if ((await coordinator.getAddress()) !== coordinatorAddress) {
      throw new ContractCallError(
        `the coordinator landed at ${await coordinator.getAddress()}, not ${coordinatorAddress}`,
      );
    }
    deployments[coordinatorName] = { address: coordinatorAddress, transactionHash: coordinatorReceipt.hash };
    deployments.RewardPool = { address: await coordinator.rewardPool(), transactionHash: coordinatorReceipt.hash };

    await sendTransaction("NodeRegistry.grantRole(ROLLUP_ROLE)", () => registry.grantRole(rollupRole, rollupAddress));
    const adminRenounced = params.keepAdmin !== true;
    if (adminRenounced) {
      await sendTransaction("NodeRegistry.renounceRole(DEFAULT_ADMIN_ROLE)", () =>
        registry.renounceRole(adminRole, deployer),
      );
    }
    const connected = await connectRollup(rollupAddress, signer);
    if (funding > 0n) {
      const token = IStakeToken__factory.connect(connected.addresses.StakeToken, signer);
      await sendTransaction("approve the reward pool", () => token.approve(deployments.RewardPool.address, funding));
      await sendTransaction("RewardPool.fund", () => connected.rewardPool.fund(funding));
    }
    return { ...connected, deployments, deploymentBlock: rollupReceipt.blockNumber, adminRenounced };
  } catch (error) {
    throw toContractError(error, step);
  }
}

/**
 * The open race's idle period and its four turns must end before the rollup's final deadline (the stalled blocks are
 * pruned then): the coordinator's constructor checks it too, this says what to change before anything is deployed.
 */
async function checkOpenRaceTimes(
  registry: ReturnType<typeof contractAt<"NodeRegistry">>,
  openRace: { idlePeriod: BigNumberish; turnPeriod: BigNumberish },
  finalDeadlineSlots: BigNumberish,
): Promise<void> {
  const slotDuration = await readContract("SeedBeacon.slotDuration", async () =>
    ISeedBeacon__factory.connect(await registry.beacon(), registry.runner).slotDuration(),
  );
  const needed = BigInt(openRace.idlePeriod) + TURN_PROVERS * BigInt(openRace.turnPeriod);
  const available = BigInt(finalDeadlineSlots) * slotDuration;
  if (needed > available) {
    throw new InvalidParameterError(
      `openRace: idlePeriod + ${TURN_PROVERS} × turnPeriod (${needed} s) must end before the final deadline ` +
        `(rollup.finalDeadlineSlots ${finalDeadlineSlots} × ${slotDuration} s = ${available} s): shorten them or ` +
        `raise finalDeadlineSlots (and the registry's unbonding period with it)`,
    );
  }
}
