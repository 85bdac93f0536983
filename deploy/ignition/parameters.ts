/**
 * The parameters of the Ignition deployment (`deploy/ignition/modules/Blockage.ts`): their defaults — the SDK's
 * `REGISTRY_DEFAULTS`, `ROLLUP_DEFAULTS`, `COORDINATOR_DEFAULTS`, `COOPERATIVE_DEFAULTS`, `OPEN_RACE_DEFAULTS` and
 * `LOTTERY_DEFAULTS`,
 * imported, never copied —, the check of a parameters file, and the four choices that change what is deployed rather
 * than a constructor argument.
 *
 * Ignition builds a module's graph before it reads the parameters, so a parameter can set a value but cannot add or
 * drop a transaction. Four parameters do: `stakeToken` (deploy the test StakeToken, or use an existing token),
 * `mechanism` (`"sidecar"`, the default, deploys a ProverCoordinator; `"cooperative"` a CooperativeCoordinator;
 * `"open-race"` an OpenRaceCoordinator),
 * `keepAdmin` (renounce the registry's admin role or not) and `rewardPoolFunding` (fund the reward pool or not: the
 * pool refuses a zero amount). The module reads them from the same parameters Ignition gets: the `ignition deploy`
 * override (`deploy/ignition/tasks.ts`) hands it the command's parameters before Ignition loads the module, and
 * scripts build the module with `buildBlockageModule(parameters)` and deploy it with the same parameters.
 */
import { isAddress } from "ethers";
import { LOTTERY_DEFAULTS } from "@blockage/client";
import {
  COOPERATIVE_DEFAULTS,
  COORDINATOR_DEFAULTS,
  OPEN_RACE_DEFAULTS,
  PROVER_MECHANISMS,
  REGISTRY_DEFAULTS,
  ROLLUP_DEFAULTS,
  type ProverMechanismName,
} from "@blockage/client/deploy";

/** The module's id: the section of a parameters file its parameters go in (or `$global`). */
export const MODULE_ID = "Blockage";

/** Ignition's parameters: module id (or `$global`) → parameter name → value. */
export type DeploymentParameters = Record<string, Record<string, unknown> | undefined>;

const { faucetAmount, faucetCooldown, genesisTime, slotDuration, epochSlots, lookbackBlocks, windowBlocks } =
  REGISTRY_DEFAULTS;
const { l1BlockTime, minStake, entryDelayEpochs, unbondingPeriodEpochs, ageCap } = REGISTRY_DEFAULTS;

/** The test StakeToken's faucet (ignored with `stakeToken`). */
export const TOKEN_PARAMETERS = { faucetAmount, faucetCooldown } as const;
/** The SeedBeacon's clock and RANDAO window. */
export const BEACON_PARAMETERS = { genesisTime, slotDuration, epochSlots, lookbackBlocks, windowBlocks, l1BlockTime };
/** The NodeRegistry's stake and timing rules. */
export const REGISTRY_PARAMETERS = { minStake, entryDelayEpochs, unbondingPeriodEpochs, ageCap } as const;
/** α, β, γ, A_max of the sequencer and prover lotteries (rollup, coordinator and the standalone Lottery). */
export const LOTTERY_PARAMETERS = {
  lotteryAlpha: LOTTERY_DEFAULTS.alpha,
  lotteryBeta: LOTTERY_DEFAULTS.beta,
  lotteryGamma: LOTTERY_DEFAULTS.gamma,
  lotteryAgeCap: LOTTERY_DEFAULTS.ageCap,
} as const;

/** Every parameter with a default, by name. `stakeToken` has none: left out, the test StakeToken is deployed. */
export const PARAMETER_DEFAULTS = {
  ...TOKEN_PARAMETERS,
  ...BEACON_PARAMETERS,
  ...REGISTRY_PARAMETERS,
  ...ROLLUP_DEFAULTS,
  ...COORDINATOR_DEFAULTS,
  /**
   * Cooperative only: slots after an epoch's end during which its chunk proofs are taken (its `blockReward` is the
   * shared parameter above).
   */
  provingWindowSlots: COOPERATIVE_DEFAULTS.provingWindowSlots,
  /**
   * Open race only (its `blockReward` is the shared parameter above): the proving base fee's first value, floor and
   * target lag, the redundancy window and share, the idle period and turns of the fallback (they must end before the
   * final deadline: raise `finalDeadlineSlots`, and `unbondingPeriodEpochs` with it, for the five-hour default), and
   * the L1 signal's quorum and activity rule.
   */
  initialProvingBaseFee: OPEN_RACE_DEFAULTS.initialProvingBaseFee,
  minProvingBaseFee: OPEN_RACE_DEFAULTS.minProvingBaseFee,
  targetLagSlots: OPEN_RACE_DEFAULTS.targetLagSlots,
  redundancyWindow: OPEN_RACE_DEFAULTS.redundancyWindow,
  redundancyShare: OPEN_RACE_DEFAULTS.redundancyShare,
  idlePeriod: OPEN_RACE_DEFAULTS.idlePeriod,
  turnPeriod: OPEN_RACE_DEFAULTS.turnPeriod,
  flagQuorum: OPEN_RACE_DEFAULTS.flagQuorum,
  minActiveEpochs: OPEN_RACE_DEFAULTS.minActiveEpochs,
  ...LOTTERY_PARAMETERS,
  /** Accept commit-reveal lottery entries (weaker than VRF). */
  commitRevealFallback: false,
  /** Tokens (base units) sent into the reward pool; 0 sends none. Minted to the deployer first with the test token. */
  rewardPoolFunding: 0n,
  /** Keep the deployer's admin role on the registry (throwaway devnets only). */
  keepAdmin: false,
} as const;

/** The prover mechanism when `mechanism` is not given. */
export const DEFAULT_MECHANISM: ProverMechanismName = "sidecar";

export type ParameterName = keyof typeof PARAMETER_DEFAULTS | "stakeToken" | "mechanism";

const BOOLEAN_PARAMETERS = new Set<string>(["commitRevealFallback", "keepAdmin"]);

/** A parameters file names an unknown parameter or gives one a value of the wrong kind. */
export class ParameterError extends Error {
  override readonly name = "ParameterError" as const;
}

/** What the parameters decide besides constructor arguments (see the file's comment). */
export interface DeploymentShape {
  /** The existing stake token, or `undefined` to deploy the test StakeToken. */
  stakeToken?: string;
  /** The prover mechanism: which coordinator is deployed (default {@link DEFAULT_MECHANISM}). */
  mechanism: ProverMechanismName;
  /** Keep the registry's admin role (default: renounced once the rollup is bound). */
  keepAdmin: boolean;
  /** Fund the reward pool (`rewardPoolFunding` > 0). */
  fundRewardPool: boolean;
}

/** The value Ignition resolves for `name`: the module's section first, then `$global`. */
export function parameterValue(parameters: DeploymentParameters, name: ParameterName): unknown {
  return parameters[MODULE_ID]?.[name] ?? parameters.$global?.[name];
}

function checkValue(section: string, name: string, value: unknown): void {
  const where = `${section}.${name}`;
  if (name === "stakeToken") {
    if (typeof value !== "string" || !isAddress(value)) throw new ParameterError(`${where} must be an address`);
  } else if (name === "mechanism") {
    if (typeof value !== "string" || !(value in PROVER_MECHANISMS)) {
      throw new ParameterError(`${where} must be one of ${Object.keys(PROVER_MECHANISMS).join(", ")}`);
    }
  } else if (BOOLEAN_PARAMETERS.has(name)) {
    if (typeof value !== "boolean") throw new ParameterError(`${where} must be true or false`);
  } else if (typeof value === "bigint") {
    if (value < 0n) throw new ParameterError(`${where} must not be negative`);
  } else if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new ParameterError(`${where} must be a non-negative integer (above 2^53 as a string like "1000n")`);
  }
}

/**
 * Checks the parameters given to the Blockage module: only the `Blockage` and `$global` sections, only known names,
 * each value of its kind (integers as numbers or bigints, `stakeToken` an address, `mechanism` a mechanism's name,
 * flags booleans).
 *
 * @throws {ParameterError} Naming the first offending entry.
 */
export function checkParameters(parameters: DeploymentParameters): void {
  for (const [section, values] of Object.entries(parameters)) {
    if (section !== MODULE_ID && section !== "$global") {
      throw new ParameterError(`unknown section "${section}": the parameters go under "${MODULE_ID}" or "$global"`);
    }
    for (const [name, value] of Object.entries(values ?? {})) {
      if (!(name in PARAMETER_DEFAULTS) && name !== "stakeToken" && name !== "mechanism") {
        throw new ParameterError(`unknown parameter ${section}.${name} (see the parameters table in README.md)`);
      }
      checkValue(section, name, value);
    }
  }
}

/**
 * The shape `parameters` ask for, after {@link checkParameters}.
 *
 * @throws {ParameterError} As {@link checkParameters}.
 */
export function deploymentShape(parameters: DeploymentParameters): DeploymentShape {
  checkParameters(parameters);
  const stakeToken = parameterValue(parameters, "stakeToken") as string | undefined;
  const funding = parameterValue(parameters, "rewardPoolFunding") as bigint | number | undefined;
  return {
    stakeToken,
    mechanism: (parameterValue(parameters, "mechanism") as ProverMechanismName | undefined) ?? DEFAULT_MECHANISM,
    keepAdmin: parameterValue(parameters, "keepAdmin") === true,
    fundRewardPool: funding !== undefined && BigInt(funding) > 0n,
  };
}

let commandParameters: DeploymentParameters | undefined;

/**
 * Hands the parameters of the running `ignition deploy` command to the module (called by the task override before
 * Ignition loads the module).
 */
export function setCommandParameters(parameters: DeploymentParameters): void {
  commandParameters = parameters;
}

/** The parameters of the running `ignition deploy` command; none (all defaults) outside one. */
export function getCommandParameters(): DeploymentParameters {
  return commandParameters ?? {};
}
