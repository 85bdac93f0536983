// Running the documented Ignition command as a child process against a local node: what the Ignition test and the
// main job deploy with (`npx hardhat ignition deploy deploy/ignition/modules/Blockage.ts --network localhost
// --parameters <file> --deployment-id <id>`), the node's URL and the deployments directory passed by environment.
import { spawn } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
const HARDHAT = path.join(ROOT, "node_modules", "hardhat", "internal", "cli", "bootstrap.js");

/** Where Ignition keeps the journal of a deployment id. */
export function ignitionDeploymentDir(deploymentId: string): string {
  return path.join(ROOT, "deploy", "ignition", "deployments", deploymentId);
}

/**
 * Deploys the Blockage module to the node at `rpcUrl`; records the addresses in `deploymentsDir/<chainId>.json`.
 *
 * @returns Everything the command printed.
 * @throws If the command fails (its output in the message).
 */
export function ignitionDeploy(
  rpcUrl: string,
  parametersFile: string,
  deploymentId: string,
  deploymentsDir: string,
): Promise<string> {
  const args = [HARDHAT, "ignition", "deploy", "deploy/ignition/modules/Blockage.ts", "--network", "localhost"];
  args.push("--parameters", parametersFile, "--deployment-id", deploymentId);
  return new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        BLOCKAGE_RPC_URL: rpcUrl,
        BLOCKAGE_DEPLOYMENTS_DIR: deploymentsDir,
        HARDHAT_DISABLE_TELEMETRY_PROMPT: "true",
      },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) =>
      code === 0 ? resolve(output) : reject(new Error(`ignition deploy exited with ${code}:\n${output}`)),
    );
  });
}
