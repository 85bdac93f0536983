/**
 * Deploys EcVrfVerifier to the selected network and records it in deployments/<chainId>.json.
 *   npx hardhat run deploy/vrf-verifier.ts --network <name>
 */
import { ethers } from "hardhat";
import { deployVrfVerifier } from "@blockage/client";
import { recordDeployment } from "./deployments";

async function main(): Promise<void> {
  const [deployer] = await ethers.getSigners();
  const { chainId } = await ethers.provider.getNetwork();
  const { address, transactionHash } = await deployVrfVerifier({ deployer });
  const file = recordDeployment(chainId, "EcVrfVerifier", address, transactionHash);
  console.log(`EcVrfVerifier deployed at ${address} on chain ${chainId} (recorded in ${file})`);
}

main().catch((error: unknown) => {
  console.error(`deploy failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  process.exitCode = 1;
});
