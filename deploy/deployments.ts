import fs from "node:fs";
import path from "node:path";

/** Contents of `deployments/<chainId>.json`: contract name → address and deployment transaction. */
export type DeploymentRecord = Record<string, { address: string; transactionHash: string }>;

/** `deployments/` at the repository's root, or the directory `BLOCKAGE_DEPLOYMENTS_DIR` names (tests use a temporary one). */
function deploymentsDir(): string {
  return process.env.BLOCKAGE_DEPLOYMENTS_DIR || path.resolve(__dirname, "..", "deployments");
}

function readRecord(file: string): DeploymentRecord {
  if (!fs.existsSync(file)) return {};
  let record: unknown;
  try {
    record = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${error instanceof Error ? error.message : error})`, {
      cause: error,
    });
  }
  if (typeof record !== "object" || record === null || Array.isArray(record)) {
    throw new Error(`${file} does not hold a JSON object of contract names`);
  }
  return record as DeploymentRecord;
}

/**
 * Records a deployed contract in `deployments/<chainId>.json`, keeping the other entries. The file is replaced
 * atomically, so an interrupted write never leaves it half-written.
 *
 * @returns The path written.
 * @throws If the existing file is not a JSON object, or it cannot be written.
 */
export function recordDeployment(chainId: bigint, name: string, address: string, transactionHash: string): string {
  const dir = deploymentsDir();
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${chainId}.json`);
  const record = readRecord(file);
  record[name] = { address, transactionHash };
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(record, null, 2) + "\n");
  fs.renameSync(temporary, file);
  return file;
}

/**
 * The recorded deployment of `name` on `chainId`, or `undefined` if none is recorded.
 *
 * @throws If the file exists but is not a JSON object.
 */
export function readDeployment(chainId: bigint, name: string): DeploymentRecord[string] | undefined {
  return readRecord(path.join(deploymentsDir(), `${chainId}.json`))[name];
}
