/**
 * Deploys a rollup — PoseidonT3, ChunkStateTransition (linked to it), Rollup and its ProverCoordinator (which
 * creates the RewardPool) — over the NodeRegistry and EpochProofVerifier recorded in deployments/<chainId>.json (or
 * BLOCKAGE_REGISTRY / BLOCKAGE_PROOF_VERIFIER), binds the rollup as the registry's one slasher (grants it ROLLUP_ROLE,
 * once and for good: the deployer must be the registry's admin and the registry must have no slasher yet), renounces
 * the deployer's DEFAULT_ADMIN_ROLE on the registry so that no admin is left, optionally funds the reward pool,
 * deploys a PayoutDistributor over the registry's stake token (CrowdProve payouts to community provers), and records
 * every contract there.
 *   npx hardhat run deploy/rollup.ts --network <name>
 * On the in-process `hardhat` network (no --network) it deploys a registry and a proof verifier first, and records
 * nothing. Parameters come from the environment (defaults in parentheses: `ROLLUP_DEFAULTS` and
 * `COORDINATOR_DEFAULTS` of @blockage/client; amounts in base units, shares in basis points, windows in slots):
 *   BLOCKAGE_REGISTRY, BLOCKAGE_PROOF_VERIFIER (the recorded ones), BLOCKAGE_REWARD_POOL_FUNDING (0),
 *   BLOCKAGE_GENESIS_STATE (0), BLOCKAGE_INVALID_BLOCK_SLASH (500e18), BLOCKAGE_FEE_SPLIT (5000),
 *   BLOCKAGE_REPORTER_SHARE (1000), BLOCKAGE_FINAL_DEADLINE_SLOTS (48), BLOCKAGE_BASED_DELAY_SLOTS (4),
 *   BLOCKAGE_MAX_TXS_PER_BLOCK (64, at most 256: the largest block must be challengeable in one transaction),
 *   BLOCKAGE_VOTE_ROUND_SLOTS (64), BLOCKAGE_VOTE_THRESHOLD (2),
 *   BLOCKAGE_BLOCK_REWARD (10e18), BLOCKAGE_MIN_BOND (100e18), BLOCKAGE_DEFAULT_PROVER_FEE (2000),
 *   BLOCKAGE_MAX_QUOTE_FEE (5000: the most a countersigned quote may ask),
 *   BLOCKAGE_SUBMITTER_SHARE (500), BLOCKAGE_RESCUE_SHARE (5000), BLOCKAGE_PRIORITY_WINDOW_SLOTS (4),
 *   BLOCKAGE_CLAIM_WINDOW_SLOTS (8), BLOCKAGE_PROOF_DEADLINE_SLOTS (24),
 *   BLOCKAGE_LOTTERY_ALPHA / _BETA / _GAMMA / _AGE_CAP (as deploy/lottery.ts), BLOCKAGE_COMMIT_REVEAL=1,
 *   BLOCKAGE_KEEP_ADMIN=1 (throwaway devnets only: keep the registry's admin role after binding the rollup; it can no
 *   longer touch stake, but can still add admins).
 */
import { ethers, network } from "hardhat";
import { reportFailure } from "./failure";
import { recordDeployment, recordedAddress } from "./deployments";
import { flagFromEnv, integersFromEnv, UsageError } from "./env";

const ROLLUP = {
  genesisState: "BLOCKAGE_GENESIS_STATE",
  invalidBlockSlash: "BLOCKAGE_INVALID_BLOCK_SLASH",
  feeSplit: "BLOCKAGE_FEE_SPLIT",
  reporterShare: "BLOCKAGE_REPORTER_SHARE",
  finalDeadlineSlots: "BLOCKAGE_FINAL_DEADLINE_SLOTS",
  basedDelaySlots: "BLOCKAGE_BASED_DELAY_SLOTS",
  maxTxsPerBlock: "BLOCKAGE_MAX_TXS_PER_BLOCK",
  voteRoundSlots: "BLOCKAGE_VOTE_ROUND_SLOTS",
  voteThreshold: "BLOCKAGE_VOTE_THRESHOLD",
} as const;

const COORDINATOR = {
  blockReward: "BLOCKAGE_BLOCK_REWARD",
  minBond: "BLOCKAGE_MIN_BOND",
  defaultProverFee: "BLOCKAGE_DEFAULT_PROVER_FEE",
  maxQuoteFee: "BLOCKAGE_MAX_QUOTE_FEE",
  submitterShare: "BLOCKAGE_SUBMITTER_SHARE",
  rescueShare: "BLOCKAGE_RESCUE_SHARE",
  priorityWindowSlots: "BLOCKAGE_PRIORITY_WINDOW_SLOTS",
  claimWindowSlots: "BLOCKAGE_CLAIM_WINDOW_SLOTS",
  proofDeadlineSlots: "BLOCKAGE_PROOF_DEADLINE_SLOTS",
} as const;

const LOTTERY = {
  alpha: "BLOCKAGE_LOTTERY_ALPHA",
  beta: "BLOCKAGE_LOTTERY_BETA",
  gamma: "BLOCKAGE_LOTTERY_GAMMA",
  ageCap: "BLOCKAGE_LOTTERY_AGE_CAP",
} as const;

async function main(): Promise<void> {
  const rollupParams = integersFromEnv(ROLLUP);
  const coordinatorParams = integersFromEnv(COORDINATOR);
  const lotteryParams = integersFromEnv(LOTTERY);
  const { funding } = integersFromEnv({ funding: "BLOCKAGE_REWARD_POOL_FUNDING" });
  const commitReveal = flagFromEnv("BLOCKAGE_COMMIT_REVEAL");
  const keepAdmin = flagFromEnv("BLOCKAGE_KEEP_ADMIN");
  const { chainId } = await ethers.provider.getNetwork();
  // Loaded here rather than imported at the top so that an unbuilt checkout fails with a hint, not a stack trace.
  const { deployPayoutDistributor, deployProofVerifier, deployRegistry, deployRollup } =
    await import("@blockage/client");
  const [deployer] = await ethers.getSigners();
  let registry: string | undefined;
  let proofVerifier: string | undefined;
  if (network.name === "hardhat") {
    // The in-process network starts empty (whatever deployments/31337.json says about a localhost node).
    registry = process.env.BLOCKAGE_REGISTRY || (await deployRegistry(deployer)).addresses.NodeRegistry;
    proofVerifier =
      process.env.BLOCKAGE_PROOF_VERIFIER || (await deployProofVerifier(deployer)).addresses.EpochProofVerifier;
    console.log(`NodeRegistry ${registry} and EpochProofVerifier ${proofVerifier} (in-process hardhat network)`);
  } else {
    registry = recordedAddress(chainId, "BLOCKAGE_REGISTRY", "NodeRegistry");
    proofVerifier = recordedAddress(chainId, "BLOCKAGE_PROOF_VERIFIER", "EpochProofVerifier");
  }
  if (!registry) {
    throw new UsageError(
      `no NodeRegistry recorded for chain ${chainId}: deploy it first (deploy/registry.ts) or set BLOCKAGE_REGISTRY`,
    );
  }
  if (!proofVerifier) {
    throw new UsageError(
      `no EpochProofVerifier recorded for chain ${chainId}: deploy it first (deploy/proof-verifier.ts) or set BLOCKAGE_PROOF_VERIFIER`,
    );
  }
  const deployed = await deployRollup(deployer, {
    registry,
    proofVerifier,
    rollup: rollupParams,
    coordinator: coordinatorParams,
    lottery: lotteryParams,
    commitRevealFallback: commitReveal,
    fundRewardPool: funding ?? 0n,
    keepAdmin,
  });
  // CrowdProve's payouts to community provers, in the rollup's stake token (no admin: nothing to wire).
  const payout = await deployPayoutDistributor(deployer, { token: deployed.addresses.StakeToken });
  // Printed before recording, so that the addresses are never lost.
  const { addresses } = deployed;
  console.log(`Rollup deployed at ${addresses.Rollup} on chain ${chainId} (network ${network.name})`);
  console.log(`  ProverCoordinator ${addresses.ProverCoordinator}, RewardPool ${addresses.RewardPool}`);
  console.log(`  registry ${registry} (the rollup is its slasher, for good), proof verifier ${proofVerifier}`);
  console.log(
    deployed.adminRenounced
      ? "  registry's DEFAULT_ADMIN_ROLE renounced: the registry has no admin"
      : "  registry's DEFAULT_ADMIN_ROLE kept (BLOCKAGE_KEEP_ADMIN=1): renounce it before this chain matters",
  );
  if (funding) console.log(`  reward pool funded with ${funding} base units`);
  console.log(`  PayoutDistributor ${payout.addresses.PayoutDistributor} (CrowdProve payouts, stake token)`);
  if (network.name === "hardhat") {
    console.log("  not recorded: the in-process hardhat network ends with this script (use --network localhost)");
    return;
  }
  for (const [name, { address, transactionHash }] of Object.entries({
    ...deployed.deployments,
    ...payout.deployments,
  })) {
    const file = recordDeployment(chainId, name, address, transactionHash);
    console.log(`  ${name} recorded in ${file}`);
  }
}

function hintFor(error: unknown, reason: string): string {
  if (error instanceof UsageError) return "hint: see the parameter list at the top of deploy/rollup.ts";
  if (/SlasherAlreadyBound|already has its slasher/.test(reason)) {
    return "hint: a registry serves one rollup for good; deploy a new registry first (deploy/registry.ts)";
  }
  if (/RegistryAdminRequired|is not an admin/.test(reason)) {
    return "hint: deploy from the registry's admin account (BLOCKAGE_ADMIN of deploy/registry.ts)";
  }
  if (/InvalidConfig|InvalidParams/.test(reason)) return "hint: a parameter is out of range; the error names it";
  if (/insufficient funds|enough funds/i.test(reason)) return "hint: fund the deployer (first account of --network)";
  if (/Cannot find module|ERR_MODULE_NOT_FOUND/.test(reason)) return "hint: run npm run build first";
  return "hint: check --network and the RPC url (BLOCKAGE_RPC_URL for localhost), and that the node is running";
}

main().catch((error: unknown) => reportFailure("deploy", error, hintFor));
