/**
 * Deploys a CrowdProve PayoutDistributor (job distributors' payouts to their community provers) over the stake token
 * of the NodeRegistry recorded in deployments/<chainId>.json (or BLOCKAGE_REGISTRY's), or over the token
 * BLOCKAGE_STAKE_TOKEN names, and records it there as PayoutDistributor. It has no admin: nothing to wire afterwards.
 * (deploy/rollup.ts deploys one with every rollup; this script adds one to an existing deployment.)
 *   npx hardhat run deploy/payout-distributor.ts --network <name>
 * On the in-process `hardhat` network (no --network) it deploys a registry first (unless BLOCKAGE_STAKE_TOKEN or
 * BLOCKAGE_REGISTRY is set), and records nothing.
 */
import { ethers, network } from "hardhat";
import { reportFailure } from "./failure";
import { recordDeployment, recordedAddress } from "./deployments";
import { UsageError } from "./env";

async function main(): Promise<void> {
  const { chainId } = await ethers.provider.getNetwork();
  // Loaded here rather than imported at the top so that an unbuilt checkout fails with a hint, not a stack trace.
  const { connectRegistry, deployPayoutDistributor, deployRegistry } = await import("@blockage/client");
  const [deployer] = await ethers.getSigners();
  let token = process.env.BLOCKAGE_STAKE_TOKEN || undefined;
  if (token !== undefined && !ethers.isAddress(token)) {
    throw new UsageError(`BLOCKAGE_STAKE_TOKEN must be an address, got "${token}"`);
  }
  if (token === undefined) {
    let registry: string | undefined;
    if (network.name === "hardhat" && !process.env.BLOCKAGE_REGISTRY) {
      // The in-process network starts empty (whatever deployments/31337.json says about a localhost node).
      registry = (await deployRegistry(deployer)).addresses.NodeRegistry;
      console.log(`NodeRegistry ${registry} (in-process hardhat network)`);
    } else {
      registry = recordedAddress(chainId, "BLOCKAGE_REGISTRY", "NodeRegistry");
    }
    if (!registry) {
      throw new UsageError(
        `no NodeRegistry recorded for chain ${chainId}: deploy it first (deploy/registry.ts), or set BLOCKAGE_REGISTRY or BLOCKAGE_STAKE_TOKEN`,
      );
    }
    token = (await connectRegistry(registry, deployer)).addresses.StakeToken;
  }
  const { addresses, deployments, deploymentBlock } = await deployPayoutDistributor(deployer, { token });
  // Printed before recording, so that the address is never lost.
  console.log(
    `PayoutDistributor deployed at ${addresses.PayoutDistributor} on chain ${chainId} (network ${network.name})`,
  );
  console.log(`  token ${token}; read its PayoutPublished events from block ${deploymentBlock}`);
  if (network.name === "hardhat") {
    console.log("  not recorded: the in-process hardhat network ends with this script (use --network localhost)");
    return;
  }
  const { address, transactionHash } = deployments.PayoutDistributor;
  console.log(
    `  PayoutDistributor recorded in ${recordDeployment(chainId, "PayoutDistributor", address, transactionHash)}`,
  );
}

function hintFor(error: unknown, reason: string): string {
  if (error instanceof UsageError) return "hint: see the parameters at the top of deploy/payout-distributor.ts";
  if (/InvalidToken/.test(reason)) return "hint: BLOCKAGE_STAKE_TOKEN must be a token contract on this chain";
  if (/insufficient funds|enough funds/i.test(reason)) return "hint: fund the deployer (first account of --network)";
  return "hint: check --network and the RPC url (BLOCKAGE_RPC_URL for localhost), and that the node is running";
}

main().catch((error: unknown) => reportFailure("deploy", error, hintFor));
