/**
 * The whole blockage system as one Hardhat Ignition module — what `deployRegistry`, `deployProofVerifier`,
 * `deployRollup`, `deployPayoutDistributor`, `deployLottery` and `deployVrfVerifier` of @blockage/client deploy, with
 * the same constructor arguments and defaults:
 *   npx hardhat ignition deploy deploy/ignition/modules/Blockage.ts --network <name> --parameters <file>
 * The test StakeToken (or the existing `stakeToken`), SeedBeacon, NodeRegistry (the deployer its admin),
 * ChunkGroth16Verifier and EpochProofVerifier, PoseidonT3 and ChunkStateTransition linked to it, Rollup and its
 * coordinator (which creates the RewardPool): a ProverCoordinator, with `mechanism: "cooperative"` a
 * CooperativeCoordinator (seed 001, DESIGN §9), with `mechanism: "open-race"` an OpenRaceCoordinator (seed 004's
 * example), the rollup bound as the registry's one slasher and the deployer's
 * admin role then renounced (unless `keepAdmin`), the reward pool funded with `rewardPoolFunding` (if any), a
 * PayoutDistributor over the stake token, the standalone Lottery and the EcVrfVerifier. Parameters and defaults:
 * `deploy/ignition/parameters.ts` and the README's table. The `ignition deploy` override then records the addresses in
 * deployments/<chainId>.json.
 *
 * The rollup names its coordinator's address and the coordinator names the rollup. The SDK predicts the coordinator's
 * address from the deployer's nonce; Ignition cannot (it decides when to send what), so a single-use
 * `CoordinatorDeployer` announces the address it will create the coordinator at (`nextAddress`), the rollup is
 * deployed naming it, and the deployer then creates the coordinator there from `ProverCoordinator`'s creation code
 * (`deploy`), `CooperativeCoordinator`'s (`deployCooperative`) or `OpenRaceCoordinator`'s (`deployOpenRace`).
 */
import hre from "hardhat";
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { IgnitionModuleBuilder, ModuleParameterRuntimeValue } from "@nomicfoundation/ignition-core";
import { PROVER_MECHANISMS } from "@blockage/client/deploy";
import {
  MODULE_ID,
  PARAMETER_DEFAULTS,
  deploymentShape,
  getCommandParameters,
  type DeploymentParameters,
} from "../parameters";

type Defaults = typeof PARAMETER_DEFAULTS;

/** Each mechanism's coordinator contract. */
const COORDINATOR_NAMES = {
  sidecar: "ProverCoordinator",
  cooperative: "CooperativeCoordinator",
  "open-race": "OpenRaceCoordinator",
} as const;
type Parameter<K extends keyof Defaults> = ModuleParameterRuntimeValue<Defaults[K] extends boolean ? boolean : bigint>;

/** Every parameter with a default, declared once each. */
function declareParameters(m: IgnitionModuleBuilder): { [K in keyof Defaults]: Parameter<K> } {
  const declared: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(PARAMETER_DEFAULTS)) declared[name] = m.getParameter(name, value);
  return declared as { [K in keyof Defaults]: Parameter<K> };
}

const IERC20 = "@openzeppelin/contracts/token/ERC20/IERC20.sol:IERC20";

/**
 * The Blockage module for `parameters` (which decide whether the test token is deployed, the admin renounced and the
 * reward pool funded); deploy it with the same parameters.
 *
 * @throws {ParameterError} If the parameters name an unknown parameter or give one a value of the wrong kind.
 * @example
 * const parameters = { Blockage: { rewardPoolFunding: 10n ** 22n } };
 * await hre.ignition.deploy(buildBlockageModule(parameters), { parameters });
 */
export function buildBlockageModule(parameters: DeploymentParameters = {}) {
  const shape = deploymentShape(parameters);
  const coordinatorName = COORDINATOR_NAMES[shape.mechanism];
  // Read when the module is built (after `ignition deploy` has compiled the contracts).
  const coordinatorCode = hre.artifacts.readArtifactSync(coordinatorName).bytecode;
  return buildModule(MODULE_ID, (m) => {
    const p = declareParameters(m);
    const deployer = m.getAccount(0);

    const token =
      shape.stakeToken === undefined
        ? m.contract("StakeToken", [deployer, p.faucetAmount, p.faucetCooldown])
        : m.contractAt(IERC20, m.getParameter<string>("stakeToken"), { id: "ExistingStakeToken" });
    const beacon = m.contract("SeedBeacon", [
      p.genesisTime,
      p.slotDuration,
      p.epochSlots,
      p.lookbackBlocks,
      p.windowBlocks,
      p.l1BlockTime,
    ]);
    const registry = m.contract("NodeRegistry", [
      {
        stakeToken: token,
        beacon,
        admin: deployer,
        minStake: p.minStake,
        entryDelayEpochs: p.entryDelayEpochs,
        unbondingPeriodEpochs: p.unbondingPeriodEpochs,
        ageCap: p.ageCap,
      },
    ]);

    const chunkVerifier = m.contract("ChunkGroth16Verifier");
    const proofVerifier = m.contract("EpochProofVerifier", [chunkVerifier]);

    const lottery = { alpha: p.lotteryAlpha, beta: p.lotteryBeta, gamma: p.lotteryGamma, ageCap: p.lotteryAgeCap };
    const poseidon = m.library("PoseidonT3");
    const stateTransition = m.contract("ChunkStateTransition", [], { libraries: { PoseidonT3: poseidon } });
    const coordinatorDeployer = m.contract("CoordinatorDeployer");
    const coordinatorAddress = m.staticCall(coordinatorDeployer, "nextAddress", [], 0, { id: "CoordinatorAddress" });
    const rollup = m.contract("Rollup", [
      registry,
      lottery,
      p.commitRevealFallback,
      {
        proofVerifier,
        stateTransition,
        coordinator: coordinatorAddress,
        genesisState: p.genesisState,
        invalidBlockSlash: p.invalidBlockSlash,
        feeSplit: p.feeSplit,
        reporterShare: p.reporterShare,
        finalDeadlineSlots: p.finalDeadlineSlots,
        basedDelaySlots: p.basedDelaySlots,
        maxTxsPerBlock: p.maxTxsPerBlock,
        voteRoundSlots: p.voteRoundSlots,
        voteThreshold: p.voteThreshold,
        mechanism: PROVER_MECHANISMS[shape.mechanism],
      },
    ]);
    const coordinatorArgs = [coordinatorCode, registry, lottery, p.commitRevealFallback, rollup] as const;
    const coordinatorDeployed =
      shape.mechanism === "cooperative"
        ? m.call(
            coordinatorDeployer,
            "deployCooperative",
            [
              ...coordinatorArgs,
              { proofVerifier, blockReward: p.blockReward, provingWindowSlots: p.provingWindowSlots },
            ],
            { id: "DeployCooperativeCoordinator" },
          )
        : shape.mechanism === "open-race"
          ? m.call(
              coordinatorDeployer,
              "deployOpenRace",
              [
                ...coordinatorArgs,
                {
                  proofVerifier,
                  blockReward: p.blockReward,
                  initialProvingBaseFee: p.initialProvingBaseFee,
                  minProvingBaseFee: p.minProvingBaseFee,
                  targetLagSlots: p.targetLagSlots,
                  redundancyWindow: p.redundancyWindow,
                  redundancyShare: p.redundancyShare,
                  idlePeriod: p.idlePeriod,
                  turnPeriod: p.turnPeriod,
                  flagQuorum: p.flagQuorum,
                  minActiveEpochs: p.minActiveEpochs,
                },
              ],
              { id: "DeployOpenRaceCoordinator" },
            )
          : m.call(
              coordinatorDeployer,
              "deploy",
              [
                ...coordinatorArgs,
                {
                  proofVerifier,
                  blockReward: p.blockReward,
                  minBond: p.minBond,
                  defaultProverFee: p.defaultProverFee,
                  maxQuoteFee: p.maxQuoteFee,
                  submitterShare: p.submitterShare,
                  rescueShare: p.rescueShare,
                  priorityWindowSlots: p.priorityWindowSlots,
                  claimWindowSlots: p.claimWindowSlots,
                  proofDeadlineSlots: p.proofDeadlineSlots,
                },
              ],
              { id: "DeployProverCoordinator" },
            );
    const coordinator = m.contractAt(
      coordinatorName,
      m.readEventArgument(coordinatorDeployed, "CoordinatorDeployed", "coordinator", { id: "CoordinatorDeployed" }),
      { id: coordinatorName },
    );
    const rewardPool = m.contractAt(
      "RewardPool",
      m.staticCall(coordinator, "rewardPool", [], 0, { id: "RewardPoolAddress" }),
      { id: "RewardPool" },
    );

    // The rollup is bound once the coordinator exists, as the SDK does: a registry bound to a rollup without a
    // coordinator would be lost for good.
    const rollupRole = m.staticCall(registry, "ROLLUP_ROLE", [], 0, { id: "RollupRole" });
    const bound = m.call(registry, "grantRole", [rollupRole, rollup], {
      id: "BindRollupAsSlasher",
      after: [coordinatorDeployed],
    });
    if (!shape.keepAdmin) {
      const adminRole = m.staticCall(registry, "DEFAULT_ADMIN_ROLE", [], 0, { id: "AdminRole" });
      m.call(registry, "renounceRole", [adminRole, deployer], { id: "RenounceRegistryAdmin", after: [bound] });
    }
    if (shape.fundRewardPool) {
      const funding = p.rewardPoolFunding;
      const minted =
        shape.stakeToken === undefined
          ? [m.call(token, "mint", [deployer, funding], { id: "MintRewardPoolFunding" })]
          : [];
      const approved = m.call(token, "approve", [rewardPool, funding], { id: "ApproveRewardPool", after: minted });
      m.call(rewardPool, "fund", [funding], { id: "FundRewardPool", after: [approved] });
    }

    // CrowdProve payouts to community provers, in the stake token; no admin, nothing to wire.
    const payoutDistributor = m.contract("PayoutDistributor", [token]);
    const standaloneLottery = m.contract("Lottery", [registry, lottery, p.commitRevealFallback]);
    const vrfVerifier = m.contract("EcVrfVerifier");

    return {
      token,
      beacon,
      registry,
      chunkVerifier,
      proofVerifier,
      poseidon,
      stateTransition,
      rollup,
      coordinator,
      rewardPool,
      payoutDistributor,
      lottery: standaloneLottery,
      vrfVerifier,
    };
  });
}

export default buildBlockageModule(getCommandParameters());
