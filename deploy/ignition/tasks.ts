/**
 * Hardhat tasks of the Ignition deployment (loaded by hardhat.config.ts):
 * - `ignition deploy` of `deploy/ignition/modules/Blockage.ts` first checks the parameters and hands them to the module
 *   (they decide what it deploys, see `parameters.ts`), then lets Ignition deploy, then records the finished deployment
 *   in deployments/<chainId>.json, and with `--verify` also verifies the two contracts Ignition did not deploy itself
 *   (the coordinator and its RewardPool). Any other module deploys exactly as Ignition alone would.
 * - `blockage:record` records a finished deployment again (e.g. after the file was lost or the recording failed).
 * Everything heavier than this file is loaded inside the actions, so that the config loads in an unbuilt checkout.
 */
import fs from "node:fs";
import path from "node:path";
import { scope, task } from "hardhat/config";
import { NomicLabsHardhatPluginError } from "hardhat/plugins";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { DeploymentParameters } from "./parameters";

const PLUGIN = "blockage";

/** The arguments of Ignition's `deploy` task that these tasks read. */
interface DeployArguments {
  modulePath: string;
  parameters?: string;
  deploymentId?: string;
  defaultSender?: string;
  verify: boolean;
  writeLocalhostDeployment: boolean;
}

/** As Ignition reads parameters: strings like "1000n" are bigints, and larger plain numbers are refused. */
function bigintReviver(key: string, value: unknown): unknown {
  if (typeof value === "string" && /^\d+n$/.test(value)) return BigInt(value.slice(0, -1));
  if (typeof value === "number" && value > Number.MAX_SAFE_INTEGER) {
    throw new NomicLabsHardhatPluginError(PLUGIN, `parameter "${key}" exceeds 2^53: write it as a string, "${value}n"`);
  }
  return value;
}

function parseParameters(text: string, source: string): DeploymentParameters {
  try {
    return JSON.parse(text, bigintReviver) as DeploymentParameters;
  } catch (error) {
    if (error instanceof NomicLabsHardhatPluginError) throw error;
    throw new NomicLabsHardhatPluginError(PLUGIN, `${source} is not valid JSON (${(error as Error).message})`);
  }
}

/** The parameters the command gives Ignition: the `--parameters` file or JSON, else `<ignition>/Blockage.config.json`. */
function commandParameters(given: string | undefined, ignitionDir: string): DeploymentParameters {
  if (given === undefined) {
    const file = path.join(ignitionDir, "Blockage.config.json");
    return fs.existsSync(file) ? parseParameters(fs.readFileSync(file, "utf8"), file) : {};
  }
  if (given.endsWith(".json5")) {
    throw new NomicLabsHardhatPluginError(PLUGIN, "the Blockage module reads .json parameter files only");
  }
  if (!given.endsWith(".json")) return parseParameters(given, "--parameters");
  const file = path.resolve(process.cwd(), given);
  if (!fs.existsSync(file)) throw new NomicLabsHardhatPluginError(PLUGIN, `no parameters file ${given}`);
  return parseParameters(fs.readFileSync(file, "utf8"), given);
}

async function chainIdOf(hre: HardhatRuntimeEnvironment): Promise<bigint> {
  return BigInt((await hre.network.provider.request({ method: "eth_chainId" })) as string);
}

/** Records the deployment and prints where; returns what was read, for verification. */
async function record(hre: HardhatRuntimeEnvironment, deploymentId: string | undefined) {
  const { ignitionDeploymentDir, ignitionDeploymentRecord, writeDeploymentRecord } = await import("./record");
  const dir = ignitionDeploymentDir(hre, await chainIdOf(hre), deploymentId);
  const deployment = await ignitionDeploymentRecord(hre, dir);
  const file = writeDeploymentRecord(deployment.chainId, deployment.record);
  console.log(`\nRecorded ${Object.keys(deployment.record).length} contracts in ${path.relative(process.cwd(), file)}`);
  return deployment;
}

/**
 * Verifies the coordinator (ProverCoordinator or CooperativeCoordinator) and its reward pool, which Ignition's
 * `--verify` skips (they come from a call).
 */
async function verifyCreatedContracts(
  hre: HardhatRuntimeEnvironment,
  deployment: Awaited<ReturnType<typeof record>>,
): Promise<void> {
  const targets = [
    {
      address: deployment.record[deployment.coordinator].address,
      contract: `contracts/proving/${deployment.coordinator}.sol:${deployment.coordinator}`,
      constructorArguments: deployment.coordinatorArgs,
    },
    {
      address: deployment.record.RewardPool.address,
      contract: "contracts/rollup/RewardPool.sol:RewardPool",
      constructorArguments: [deployment.stakeToken],
    },
  ];
  for (const target of targets) {
    try {
      await hre.run("verify:verify", target);
    } catch (error) {
      // One explorer refusal must not hide the other contract's result; the deployment itself is done.
      console.error(`verifying ${target.contract} at ${target.address} failed: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  }
}

function isBlockageModule(modulePath: string, ignitionDir: string): boolean {
  return path.resolve(process.cwd(), modulePath) === path.resolve(ignitionDir, "modules", "Blockage.ts");
}

scope("ignition")
  .task("deploy")
  .setAction(async (args: DeployArguments, hre, runSuper) => {
    if (!isBlockageModule(args.modulePath, hre.config.paths.ignition)) return runSuper(args);
    if (args.defaultSender !== undefined) {
      throw new NomicLabsHardhatPluginError(PLUGIN, "the Blockage module deploys from the network's first account");
    }
    const parameters = commandParameters(args.parameters, hre.config.paths.ignition);
    const { ParameterError, setCommandParameters, checkParameters } = await import("./parameters");
    try {
      checkParameters(parameters);
    } catch (error) {
      if (error instanceof ParameterError) throw new NomicLabsHardhatPluginError(PLUGIN, error.message);
      throw error;
    }
    setCommandParameters(parameters);
    const exitCodeBefore = process.exitCode;
    await runSuper(args);
    // Ignition reports a failed (or declined) deployment through the exit code and its own output.
    if (process.exitCode !== exitCodeBefore && process.exitCode !== 0) return;
    if (hre.network.name === "hardhat" && !args.writeLocalhostDeployment) {
      console.log("\nNot recorded: the in-process hardhat network ends with this command (use --network localhost)");
      return;
    }
    const deployment = await record(hre, args.deploymentId);
    if (args.verify) await verifyCreatedContracts(hre, deployment);
  });

task("blockage:record", "Records a finished Ignition deployment of the Blockage module in deployments/<chainId>.json")
  .addOptionalParam("deploymentId", "The Ignition deployment's id (default: chain-<chainId>)")
  .setAction(async ({ deploymentId }: { deploymentId?: string }, hre) => {
    await record(hre, deploymentId);
  });
