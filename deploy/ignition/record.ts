/**
 * Reading a finished Ignition deployment of the Blockage module back as the `deployments/<chainId>.json` record the
 * SDK, the CLI and the job distributor read (contract name → address and deployment transaction), and writing it.
 */
import fs from "node:fs";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { recordDeployment, type DeploymentRecord } from "../deployments";
import type { ProverMechanismName } from "@blockage/client/deploy";
import { MODULE_ID } from "./parameters";

/**
 * The recorded contracts, named as the per-contract scripts recorded them (and as the module's future ids). A
 * deployment holds one of the two coordinators, by its mechanism ({@link recordedContracts}).
 */
export const RECORDED_CONTRACTS = [
  "StakeToken",
  "SeedBeacon",
  "NodeRegistry",
  "ChunkGroth16Verifier",
  "EpochProofVerifier",
  "PoseidonT3",
  "ChunkStateTransition",
  "Rollup",
  "ProverCoordinator",
  "CooperativeCoordinator",
  "OpenRaceCoordinator",
  "RewardPool",
  "PayoutDistributor",
  "Lottery",
  "EcVrfVerifier",
] as const;

/** Each mechanism's coordinator, and the CoordinatorDeployer call that creates it (the coordinator creates the pool). */
const COORDINATORS = {
  sidecar: { name: "ProverCoordinator", call: "CoordinatorDeployer#deploy" },
  cooperative: { name: "CooperativeCoordinator", call: "CoordinatorDeployer#deployCooperative" },
  "open-race": { name: "OpenRaceCoordinator", call: "CoordinatorDeployer#deployOpenRace" },
} as const satisfies Record<ProverMechanismName, { name: (typeof RECORDED_CONTRACTS)[number]; call: string }>;

/** A recorded coordinator's name. */
export type CoordinatorName = (typeof COORDINATORS)[ProverMechanismName]["name"];

/**
 * The contracts a deployment of `mechanism` records: every one of {@link RECORDED_CONTRACTS} but the other mechanisms'
 * coordinators (and the StakeToken when an existing token is used).
 *
 * @param mechanism - The deployment's prover mechanism.
 * @returns The names, in the order of {@link RECORDED_CONTRACTS}.
 */
export function recordedContracts(mechanism: ProverMechanismName): (typeof RECORDED_CONTRACTS)[number][] {
  const others = Object.values(COORDINATORS)
    .map((c) => c.name)
    .filter((name) => name !== COORDINATORS[mechanism].name) as string[];
  return RECORDED_CONTRACTS.filter((name) => !others.includes(name));
}

/** The deployment cannot be recorded: missing, unfinished, or its journal lacks a transaction. */
export class RecordError extends Error {
  override readonly name = "RecordError" as const;
}

/** Ignition's folder of the deployment `deploymentId` (default `chain-<chainId>`, as Ignition names it). */
export function ignitionDeploymentDir(hre: HardhatRuntimeEnvironment, chainId: bigint, deploymentId?: string): string {
  return path.join(hre.config.paths.ignition, "deployments", deploymentId ?? `chain-${chainId}`);
}

/** What `ignitionDeploymentRecord` reads. */
export interface IgnitionDeploymentRecord {
  chainId: bigint;
  record: DeploymentRecord;
  /** The deployment's prover mechanism, read from the coordinator it holds. */
  mechanism: ProverMechanismName;
  /** Its coordinator's name (`ProverCoordinator`, `CooperativeCoordinator` or `OpenRaceCoordinator`). */
  coordinator: CoordinatorName;
  /**
   * The CoordinatorDeployer call's arguments (`deploy`, `deployCooperative` or `deployOpenRace`) after the creation code: the
   * coordinator's constructor arguments.
   */
  coordinatorArgs: unknown[];
  /** The stake token (deployed or existing). */
  stakeToken: string;
}

/**
 * Reads the finished deployment in `deploymentDir`: every contract of {@link RECORDED_CONTRACTS} it holds, with the
 * transaction that created it (for the coordinator and its reward pool, the CoordinatorDeployer's `deploy`,
 * `deployCooperative` or `deployOpenRace` call).
 *
 * @throws {RecordError} If there is no deployment there, or it is unfinished (resume it with the same command).
 */
export async function ignitionDeploymentRecord(
  hre: HardhatRuntimeEnvironment,
  deploymentDir: string,
): Promise<IgnitionDeploymentRecord> {
  if (!fs.existsSync(path.join(deploymentDir, "journal.jsonl"))) {
    throw new RecordError(`no Ignition deployment in ${deploymentDir}`);
  }
  const { listTransactions, status, TransactionStatus } = await import("@nomicfoundation/ignition-core");
  const artifacts = { loadArtifact: (name: string) => hre.artifacts.readArtifact(name) };
  const state = await status(deploymentDir, artifacts);
  const unfinished = [
    ...state.started,
    ...state.timedOut.map((f) => f.futureId),
    ...state.failed.map((f) => f.futureId),
  ];
  if (unfinished.length > 0 || state.held.length > 0) {
    throw new RecordError(`the deployment in ${deploymentDir} is unfinished (${unfinished.join(", ")}): resume it`);
  }
  const transactions = (await listTransactions(deploymentDir, artifacts)).filter(
    (t) => t.status === TransactionStatus.SUCCESS,
  );
  const mechanism =
    (Object.keys(COORDINATORS) as ProverMechanismName[]).find(
      (m) => m !== "sidecar" && state.contracts[`${MODULE_ID}#${COORDINATORS[m].name}`] !== undefined,
    ) ?? "sidecar";
  const coordinator = COORDINATORS[mechanism];
  const coordinatorCall = transactions.find((t) => t.name === coordinator.call);
  const record: DeploymentRecord = {};
  for (const name of recordedContracts(mechanism)) {
    const contract = state.contracts[`${MODULE_ID}#${name}`];
    if (contract === undefined) continue;
    const transaction =
      name === coordinator.name || name === "RewardPool"
        ? coordinatorCall
        : transactions.find((t) => t.address?.toLowerCase() === contract.address.toLowerCase());
    if (transaction === undefined) {
      throw new RecordError(`the journal in ${deploymentDir} holds no transaction that created ${name}`);
    }
    record[name] = { address: contract.address, transactionHash: transaction.txHash };
  }
  const token = state.contracts[`${MODULE_ID}#StakeToken`] ?? state.contracts[`${MODULE_ID}#ExistingStakeToken`];
  // Ignition lists only what it has started: a deployment stopped between two batches looks finished but is short.
  const missing = recordedContracts(mechanism).filter((name) => name !== "StakeToken" && record[name] === undefined);
  if (missing.length > 0 || coordinatorCall === undefined || token === undefined) {
    throw new RecordError(
      `${deploymentDir} is not a finished deployment of the ${MODULE_ID} module (missing ${missing.join(", ") || "the coordinator"}): resume it`,
    );
  }
  return {
    chainId: BigInt(state.chainId),
    record,
    mechanism,
    coordinator: coordinator.name,
    coordinatorArgs: (coordinatorCall.params ?? []).slice(1),
    stakeToken: token.address,
  };
}

/**
 * Writes `record` into `deployments/<chainId>.json` (keeping the file's other entries).
 *
 * @returns The file written.
 */
export function writeDeploymentRecord(chainId: bigint, record: DeploymentRecord): string {
  let file = "";
  for (const [name, { address, transactionHash }] of Object.entries(record)) {
    file = recordDeployment(chainId, name, address, transactionHash);
  }
  return file;
}
