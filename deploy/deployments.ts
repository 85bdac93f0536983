import fs from "node:fs";
import path from "node:path";

/** Contents of `deployments/<chainId>.json`: contract name → address and deployment transaction. */
export type DeploymentRecord = Record<string, { address: string; transactionHash: string }>;

const DEPLOYMENTS_DIR = path.resolve(__dirname, "..", "deployments");

/**
 * Records a deployed contract in `deployments/<chainId>.json`, keeping the other entries.
 *
 * @returns The path written.
 */
export function recordDeployment(chainId: bigint, name: string, address: string, transactionHash: string): string {
  fs.mkdirSync(DEPLOYMENTS_DIR, { recursive: true });
  const file = path.join(DEPLOYMENTS_DIR, `${chainId}.json`);
  const record: DeploymentRecord = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
  record[name] = { address, transactionHash };
  fs.writeFileSync(file, JSON.stringify(record, null, 2) + "\n");
  return file;
}
