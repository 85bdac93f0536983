/**
 * Deploys the epoch proof verifier — the generated Groth16 chunk verifier (`ChunkGroth16Verifier`, from the
 * committed zkey of @blockage/circuits) and `EpochProofVerifier` over it — and records both in
 * deployments/<chainId>.json.
 *   npx hardhat run deploy/proof-verifier.ts --network <name>
 * The verifier's key comes from a single local trusted-setup contribution: fine for devnets and testnets, not for
 * mainnet (packages/circuits/README.md, "Trusted setup"). The in-process `hardhat` network (no --network) vanishes
 * with the script, so its deployment is not recorded.
 */
import { ethers, network } from "hardhat";
import { reportFailure } from "./failure";
import { recordDeployment } from "./deployments";

async function main(): Promise<void> {
  // Loaded here rather than imported at the top so that an unbuilt checkout fails with a hint, not a stack trace.
  const { deployProofVerifier } = await import("@blockage/client");
  const [deployer] = await ethers.getSigners();
  const { chainId } = await ethers.provider.getNetwork();
  const { deployments } = await deployProofVerifier(deployer);
  // Printed before recording, so that the addresses are never lost.
  console.log(`ChunkGroth16Verifier deployed at ${deployments.ChunkGroth16Verifier.address} on chain ${chainId}`);
  console.log(`EpochProofVerifier deployed at ${deployments.EpochProofVerifier.address} (network ${network.name})`);
  if (network.name === "hardhat") {
    console.log("  not recorded: the in-process hardhat network ends with this script (use --network localhost)");
    return;
  }
  for (const [name, { address, transactionHash }] of Object.entries(deployments)) {
    const file = recordDeployment(chainId, name, address, transactionHash);
    console.log(`  ${name} recorded in ${file}`);
  }
}

function hintFor(_error: unknown, reason: string): string {
  if (/insufficient funds|enough funds/i.test(reason)) return "hint: fund the deployer (first account of --network)";
  if (/Cannot find module|ERR_MODULE_NOT_FOUND/.test(reason)) return "hint: run npm run build first";
  return "hint: check --network and the RPC url (BLOCKAGE_RPC_URL for localhost), and that the node is running";
}

main().catch((error: unknown) => reportFailure("deploy", error, hintFor));
