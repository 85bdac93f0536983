/**
 * Deploys EcVrfVerifier to the selected network and records it in deployments/<chainId>.json.
 *   npx hardhat run deploy/vrf-verifier.ts --network <name>
 * The in-process `hardhat` network (no --network) vanishes with the script, so its deployment is not recorded.
 */
import { ethers, network } from "hardhat";
import { reportFailure } from "./failure";
import { recordDeployment } from "./deployments";

class RecordError extends Error {
  override readonly name = "RecordError" as const;
}

async function main(): Promise<void> {
  // Loaded here rather than imported at the top so that an unbuilt checkout fails with a hint, not a stack trace.
  const { deployVrfVerifier } = await import("@blockage/client");
  const [deployer] = await ethers.getSigners();
  const { chainId } = await ethers.provider.getNetwork();
  const { address, transactionHash } = await deployVrfVerifier({ deployer });
  // Printed before recording, so that the address is never lost.
  console.log(`EcVrfVerifier deployed at ${address} on chain ${chainId} (network ${network.name})`);
  if (network.name === "hardhat") {
    console.log("  not recorded: the in-process hardhat network ends with this script (use --network localhost)");
    return;
  }
  let file: string;
  try {
    file = recordDeployment(chainId, "EcVrfVerifier", address, transactionHash);
  } catch (error) {
    throw new RecordError(`could not record the deployment: ${error instanceof Error ? error.message : error}`, {
      cause: error,
    });
  }
  console.log(`  recorded in ${file}`);
}

function hintFor(error: unknown, reason: string): string {
  if (error instanceof RecordError) return "hint: fix or delete the deployments file, then record the address above";
  if (/insufficient funds|enough funds/i.test(reason)) return "hint: fund the deployer (first account of --network)";
  return "hint: check --network and the RPC url (BLOCKAGE_RPC_URL for localhost), and that the node is running";
}

main().catch((error: unknown) => reportFailure("deploy", error, hintFor));
