/**
 * Deploys the node registry — a StakeToken with a faucet (unless BLOCKAGE_STAKE_TOKEN names an existing ERC-20),
 * a SeedBeacon and a NodeRegistry — and records them in deployments/<chainId>.json.
 *   npx hardhat run deploy/registry.ts --network <name>
 * Parameters come from the environment (defaults in parentheses: `REGISTRY_DEFAULTS` of @blockage/client):
 *   BLOCKAGE_STAKE_TOKEN, BLOCKAGE_GENESIS_TIME (0 = now), BLOCKAGE_SLOT_DURATION (12), BLOCKAGE_EPOCH_SLOTS (32),
 *   BLOCKAGE_LOOKBACK_BLOCKS (8), BLOCKAGE_WINDOW_BLOCKS (16), BLOCKAGE_L1_BLOCK_TIME (12),
 *   BLOCKAGE_MIN_STAKE (1000e18, in base units), BLOCKAGE_ENTRY_DELAY_EPOCHS (1),
 *   BLOCKAGE_UNBONDING_PERIOD_EPOCHS (2), BLOCKAGE_AGE_CAP (256), BLOCKAGE_ADMIN (the deployer),
 *   BLOCKAGE_ROLLUP (an existing rollup to bind as the registry's one slasher, optional; needs BLOCKAGE_ADMIN unset),
 *   BLOCKAGE_KEEP_ADMIN=1 (throwaway devnets only: keep the admin role after binding BLOCKAGE_ROLLUP).
 *   BLOCKAGE_RENOUNCE_ADMIN is accepted and ignored: renouncing is now the default.
 * Admin: the registry's admin (BLOCKAGE_ADMIN) has one power, binding the slasher (ROLLUP_ROLE), once. With
 * BLOCKAGE_ROLLUP this script binds it and renounces the admin role; without it the admin is kept so that
 * deploy/rollup.ts can bind the rollup it deploys, and that script renounces the role afterwards.
 * The in-process `hardhat` network (no --network) vanishes with the script, so its deployment is not recorded.
 */
import { ethers, network } from "hardhat";
import { reportFailure } from "./failure";
import { recordDeployment } from "./deployments";
import { flagFromEnv, integersFromEnv, UsageError } from "./env";
class RecordError extends Error {
  override readonly name = "RecordError" as const;
}

const NUMERIC = {
  genesisTime: "BLOCKAGE_GENESIS_TIME",
  slotDuration: "BLOCKAGE_SLOT_DURATION",
  epochSlots: "BLOCKAGE_EPOCH_SLOTS",
  lookbackBlocks: "BLOCKAGE_LOOKBACK_BLOCKS",
  windowBlocks: "BLOCKAGE_WINDOW_BLOCKS",
  l1BlockTime: "BLOCKAGE_L1_BLOCK_TIME",
  minStake: "BLOCKAGE_MIN_STAKE",
  entryDelayEpochs: "BLOCKAGE_ENTRY_DELAY_EPOCHS",
  unbondingPeriodEpochs: "BLOCKAGE_UNBONDING_PERIOD_EPOCHS",
  ageCap: "BLOCKAGE_AGE_CAP",
} as const;

function parameters(): Record<string, bigint | string> {
  const out: Record<string, bigint | string> = { ...integersFromEnv(NUMERIC) };
  for (const [key, name] of [
    ["stakeToken", "BLOCKAGE_STAKE_TOKEN"],
    ["admin", "BLOCKAGE_ADMIN"],
  ] as const) {
    const value = process.env[name];
    if (value === undefined || value === "") continue;
    if (!ethers.isAddress(value)) throw new UsageError(`${name} must be an address, got "${value}"`);
    out[key] = value;
  }
  return out;
}

async function main(): Promise<void> {
  const params = parameters();
  const rollup = process.env.BLOCKAGE_ROLLUP;
  if (rollup !== undefined && rollup !== "" && !ethers.isAddress(rollup)) {
    throw new UsageError(`BLOCKAGE_ROLLUP must be an address, got "${rollup}"`);
  }
  const keepAdmin = flagFromEnv("BLOCKAGE_KEEP_ADMIN");
  // The old opt-in is the default now; still parsed so that a malformed value is reported.
  flagFromEnv("BLOCKAGE_RENOUNCE_ADMIN");
  // Loaded here rather than imported at the top so that an unbuilt checkout fails with a hint, not a stack trace.
  const { deployRegistry } = await import("@blockage/client");
  const [deployer] = await ethers.getSigners();
  const { chainId } = await ethers.provider.getNetwork();
  if (rollup && params.admin !== undefined && ethers.getAddress(String(params.admin)) !== deployer.address) {
    throw new UsageError("BLOCKAGE_ROLLUP needs the deployer as admin: leave BLOCKAGE_ADMIN unset");
  }
  const { registry, deployments, adminRenounced } = await deployRegistry(deployer, {
    ...params,
    ...(rollup ? { slasher: rollup, keepAdmin } : {}),
  });
  // Printed before recording, so that the addresses are never lost.
  for (const [name, { address }] of Object.entries(deployments)) {
    console.log(`${name} deployed at ${address} on chain ${chainId} (network ${network.name})`);
  }
  console.log(`  input lag ${await registry.inputLag()} epochs`);
  if (rollup) console.log(`  ${rollup} bound as the slasher (ROLLUP_ROLE), for good`);
  if (adminRenounced) {
    console.log("  DEFAULT_ADMIN_ROLE renounced: the registry has no admin");
  } else if (rollup) {
    console.log("  DEFAULT_ADMIN_ROLE kept (BLOCKAGE_KEEP_ADMIN=1): renounce it before this chain matters");
  } else {
    console.log("  admin kept until deploy/rollup.ts binds the rollup as slasher (it then renounces the role)");
  }
  if (network.name === "hardhat") {
    console.log("  not recorded: the in-process hardhat network ends with this script (use --network localhost)");
    return;
  }
  try {
    let file = "";
    for (const [name, { address, transactionHash }] of Object.entries(deployments)) {
      file = recordDeployment(chainId, name, address, transactionHash);
    }
    console.log(`  recorded in ${file}`);
  } catch (error) {
    throw new RecordError(`could not record the deployment: ${error instanceof Error ? error.message : error}`, {
      cause: error,
    });
  }
}

function hintFor(error: unknown, reason: string): string {
  if (error instanceof UsageError) return "hint: see the parameter list at the top of deploy/registry.ts";
  if (error instanceof RecordError) return "hint: fix or delete the deployments file, then record the addresses above";
  if (/insufficient funds|enough funds/i.test(reason)) return "hint: fund the deployer (first account of --network)";
  if (/SeedBeacon__|NodeRegistry__/.test(reason))
    return "hint: a deployment parameter is out of range (see the error's name)";
  return "hint: check --network and the RPC url (BLOCKAGE_RPC_URL for localhost), and that the node is running";
}

main().catch((error: unknown) => reportFailure("deploy", error, hintFor));
