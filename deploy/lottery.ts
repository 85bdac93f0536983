/**
 * Deploys the on-chain lottery (`Lottery`) over the NodeRegistry recorded in deployments/<chainId>.json (or
 * BLOCKAGE_REGISTRY) and records it there. On the in-process `hardhat` network (no --network) it deploys a registry
 * with the defaults first, and records nothing.
 *   npx hardhat run deploy/lottery.ts --network <name>
 * Parameters come from the environment (defaults in parentheses: `LOTTERY_DEFAULTS` of @blockage/client), the
 * exponents and scale as integers in 18-decimal fixed point (1000000000000000000 = 1.0):
 *   BLOCKAGE_REGISTRY (the recorded NodeRegistry), BLOCKAGE_LOTTERY_ALPHA (1000000000000000000 = 1.0),
 *   BLOCKAGE_LOTTERY_BETA (300000000000000000 = 0.3), BLOCKAGE_LOTTERY_GAMMA (40000000000000000 = 0.04),
 *   BLOCKAGE_LOTTERY_AGE_CAP (256 epochs, at most the registry's age cap),
 *   BLOCKAGE_COMMIT_REVEAL=1 (accept the commit-reveal fallback; weaker than VRF, see ILottery).
 */
import { ethers, network } from "hardhat";
import { reportFailure } from "./failure";
import { readDeployment, recordDeployment } from "./deployments";
import { integersFromEnv, UsageError } from "./env";

const NUMERIC = {
  alpha: "BLOCKAGE_LOTTERY_ALPHA",
  beta: "BLOCKAGE_LOTTERY_BETA",
  gamma: "BLOCKAGE_LOTTERY_GAMMA",
  ageCap: "BLOCKAGE_LOTTERY_AGE_CAP",
} as const;

async function main(): Promise<void> {
  const params = integersFromEnv(NUMERIC);
  const commitReveal = process.env.BLOCKAGE_COMMIT_REVEAL;
  if (commitReveal !== undefined && commitReveal !== "" && commitReveal !== "0" && commitReveal !== "1") {
    throw new UsageError(`BLOCKAGE_COMMIT_REVEAL must be 0 or 1, got "${commitReveal}"`);
  }
  const { chainId } = await ethers.provider.getNetwork();
  // Loaded here rather than imported at the top so that an unbuilt checkout fails with a hint, not a stack trace.
  const { LOTTERY_DEFAULTS, deployLottery, deployRegistry, validateLotteryParams } = await import("@blockage/client");
  // Checked before anything is deployed.
  validateLotteryParams({ ...LOTTERY_DEFAULTS, ...params });
  const [deployer] = await ethers.getSigners();
  let registry = process.env.BLOCKAGE_REGISTRY;
  if (!registry && network.name === "hardhat") {
    // The in-process network starts empty (whatever deployments/31337.json says about a localhost node).
    registry = (await deployRegistry(deployer)).addresses.NodeRegistry;
    console.log(`NodeRegistry deployed at ${registry} (in-process hardhat network)`);
  }
  registry ||= readDeployment(chainId, "NodeRegistry")?.address;
  if (!registry) {
    throw new UsageError(
      `no NodeRegistry recorded for chain ${chainId}: deploy it first (deploy/registry.ts) or set BLOCKAGE_REGISTRY`,
    );
  }
  if (!ethers.isAddress(registry)) throw new UsageError(`BLOCKAGE_REGISTRY must be an address, got "${registry}"`);
  const deployed = await deployLottery(deployer, {
    registry,
    params,
    commitRevealFallback: commitReveal === "1",
  });
  const { alpha, beta, gamma, ageCap } = deployed.params;
  console.log(`Lottery deployed at ${deployed.deployment.address} on chain ${chainId} (network ${network.name})`);
  console.log(`  registry ${registry}; α ${alpha}, β ${beta}, γ ${gamma} (1e18 = 1), A_max ${ageCap}`);
  console.log(`  commit-reveal fallback ${commitReveal === "1" ? "on" : "off"}`);
  if (network.name === "hardhat") {
    console.log("  not recorded: the in-process hardhat network ends with this script (use --network localhost)");
    return;
  }
  const file = recordDeployment(chainId, "Lottery", deployed.deployment.address, deployed.deployment.transactionHash);
  console.log(`  recorded in ${file}`);
}

function hintFor(error: unknown, reason: string): string {
  if (error instanceof UsageError) return "hint: see the parameter list at the top of deploy/lottery.ts";
  if (/InvalidParams|parameters out of range|64-bit/.test(reason)) {
    return "hint: α ∈ (0, 1.5e18], β ≤ 1e18, γ ≤ 1e18 (as integers), A_max ≤ 10000";
  }
  if (/AgeCapAboveRegistry/.test(reason)) return "hint: BLOCKAGE_LOTTERY_AGE_CAP must not exceed the registry's ageCap";
  if (/insufficient funds|enough funds/i.test(reason)) return "hint: fund the deployer (first account of --network)";
  return "hint: check --network and the RPC url (BLOCKAGE_RPC_URL for localhost), and that the node is running";
}

main().catch((error: unknown) => reportFailure("deploy", error, hintFor));
