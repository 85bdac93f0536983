// What every role of a node shares: the chain (provider, contracts, deployment facts), its keys, its database, its
// clock, its log and its events.
import { EventEmitter } from "node:events";
import type { JsonRpcProvider, TypedDataDomain } from "ethers";
import type { NodeRegistry, ProverCoordinator, Rollup, SeedBeacon } from "@blockage/client";
import type { SerialSigner } from "./serial-signer";
import type { SlotClock } from "./slot-clock";
import type { NodeStore } from "./store";

/** Log levels. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/**
 * A log line: `event` names what happened in the protocol's words (`proposed`, `claimed`, …: README, "Node events"),
 * `message` says it for people, `fields` carry the facts.
 */
export type NodeLog = (level: LogLevel, event: string, message: string, fields?: Record<string, unknown>) => void;

/** The deployment's parameters the roles act on, read once at start. */
export interface Deployment {
  /**
   * The rollup's prover mechanism (DESIGN §9): "sidecar" (quotes, claims, bonds), "cooperative" (chunk tickets) or
   * "open-race" (prefix proofs in an open race, seed 004's example).
   */
  mechanism: "sidecar" | "cooperative" | "open-race";
  chainId: bigint;
  fromBlock: number;
  epochSlots: bigint;
  slotDuration: bigint;
  minBond: bigint;
  maxQuoteFee: bigint;
  defaultProverFee: bigint;
  rescueShare: bigint;
  submitterShare: bigint;
  blockReward: bigint;
  /** The rollup's FEE_SPLIT: every header's in a Sidecar rollup, the least a proposal may declare in a Cooperative one. */
  feeSplit: bigint;
  coordinatorDomain: TypedDataDomain;
}

/** The node's identity in the registry. */
export interface NodeIdentity {
  pid: string;
  salt: string;
  vrfSecretKey: Uint8Array;
  /** Registered roles (1 sequencer, 2 prover, 3 both); 0 if not registered. */
  roles: number;
}

export interface NodeContext {
  provider: JsonRpcProvider;
  /** The operator's key (`VALIDATOR_PRIVATE_KEY`): proposals, tickets, designated claims, countersignatures. */
  validator: SerialSigner;
  /** The prover's key (`PROVER_PUBLISHER_PRIVATE_KEY`): quotes, claims with quotes, the JD's proofs and payouts. */
  prover: SerialSigner | null;
  identity: NodeIdentity;
  rollup: Rollup;
  /**
   * The Sidecar coordinator (claims, quotes, bonds), or `null` in a Cooperative rollup (see `ChunkProver`) or an
   * open-race one (see `StateProver`).
   */
  coordinator: ProverCoordinator | null;
  registry: NodeRegistry;
  beacon: SeedBeacon;
  deployment: Deployment;
  store: NodeStore;
  clock: SlotClock;
  log: NodeLog;
  /** `slot` (every slot handled), `proposed`, `claimed`, … — what the metrics and the status follow. */
  events: EventEmitter;
}

/** A short form of an address or hash for log lines. */
export const short = (hex: string): string => `${hex.slice(0, 8)}…${hex.slice(-4)}`;
