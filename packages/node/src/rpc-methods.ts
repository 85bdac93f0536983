// The node's JSON-RPC 2.0 methods: seed 003's `submitEpochProofBid(epoch, basisPointFee)` exactly as the seed names
// it, the local mempool's `blockage_sendTransaction`, and the status methods (node, epoch, pending chain, claims, the
// embedded JD), plus the operator's `blockage_resetCircuitBreaker`. Parameters come by position or by name.
import { JSONRPCErrorException, JSONRPCServer, createJSONRPCErrorResponse } from "json-rpc-2.0";
import {
  JSON_RPC_ERROR_CODES,
  errorReason,
  getCooperativeEpochStatus,
  getEpochBlocks,
  getEpochStatus,
  type CooperativeCoordinator,
  type ProverCoordinator,
  type Rollup,
} from "@blockage/client";
import type { CallContext } from "@blockage/job-distributor";
import { NodeRpcError, invalidParams } from "./errors";
import { FIELD_MODULUS, type Mempool } from "./mempool";
import type { Prover } from "./roles/prover";
import { NodeStore } from "./store";

/** Every method the node answers. */
export const NODE_RPC_METHODS = [
  "submitEpochProofBid",
  "blockage_sendTransaction",
  "blockage_nodeStatus",
  "blockage_epochStatus",
  "blockage_pendingChain",
  "blockage_claims",
  "blockage_jdStatus",
  "blockage_resetCircuitBreaker",
] as const;

/** The largest epoch a parameter may name (slots are uint64 on-chain). */
const MAX_EPOCH = 2n ** 64n - 1n;

/** Makes every bigint of a value a decimal string (JSON has no bigints). */
export function toJsonValue(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(v)]));
  }
  return value;
}

/** The parameters of a call: by position (`names` order) or by name. */
function paramsOf(params: unknown, names: readonly string[]): unknown[] {
  if (params === undefined) return [];
  if (Array.isArray(params)) {
    if (params.length > names.length) throw invalidParams("params", `takes at most ${names.length} parameter(s)`);
    return params;
  }
  if (params !== null && typeof params === "object") {
    const record = params as Record<string, unknown>;
    const unknown = Object.keys(record).filter((k) => !names.includes(k));
    if (unknown.length > 0) throw invalidParams(unknown[0]!, `unknown parameter "${unknown[0]}"`);
    return names.map((n) => record[n]);
  }
  throw invalidParams("params", "must be an array or an object");
}

/** A whole number ≥ 0: a JSON number (safe integer) or a decimal string. */
export function uintParam(value: unknown, name: string, max?: bigint): bigint {
  let n: bigint | null = null;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) n = BigInt(value);
  else if (typeof value === "string" && /^(0|[1-9][0-9]{0,76})$/.test(value)) n = BigInt(value);
  if (n === null)
    throw invalidParams(name, `${name} must be a whole number ≥ 0, got ${JSON.stringify(value) ?? "nothing"}`);
  if (max !== undefined && n > max)
    throw invalidParams(name, `${name} must be at most ${max}, got ${n}`, { max: max.toString() });
  return n;
}

/** What the methods act on. */
export interface NodeRpcTarget {
  prover: Prover;
  mempool: Mempool;
  store: NodeStore;
  rollup: Rollup;
  /** The rollup's ProverCoordinator, or `null` for a Cooperative rollup. */
  coordinator: ProverCoordinator | null;
  /** The rollup's CooperativeCoordinator, or `null` for a Sidecar rollup (quotes, claims and bonds). */
  cooperative: CooperativeCoordinator | null;
  /** First L1 block of the deployment's logs. */
  fromBlock: number;
  status(): Promise<Record<string, unknown>>;
  jdStatus(): Record<string, unknown> | null;
  onCall(method: string): void;
}

/** Builds the node's JSON-RPC dispatcher. */
export function nodeRpc(target: NodeRpcTarget): JSONRPCServer<CallContext> {
  const rpc = new JSONRPCServer<CallContext>({ errorListener: () => {} });
  // A method's own errors keep their code and data; anything else is an internal error that says what failed.
  rpc.mapErrorToJSONRPCErrorResponse = (id, error) =>
    error instanceof JSONRPCErrorException
      ? createJSONRPCErrorResponse(id, error.code, error.message, error.data)
      : createJSONRPCErrorResponse(id, JSON_RPC_ERROR_CODES.InternalError, `Internal error: ${errorReason(error)}`, {
          error: "InternalError",
        });
  const add = (
    name: (typeof NODE_RPC_METHODS)[number],
    names: readonly string[],
    method: (args: unknown[]) => unknown,
  ) =>
    rpc.addMethod(name, async (params) => {
      target.onCall(name);
      return toJsonValue((await method(paramsOf(params, names))) ?? null);
    });

  add("submitEpochProofBid", ["epoch", "basisPointFee"], async ([epoch, fee]) => {
    const e = uintParam(epoch, "epoch", MAX_EPOCH);
    const f = uintParam(fee, "basisPointFee", 10_000n);
    if (target.cooperative !== null) {
      throw new NodeRpcError(
        "WrongMechanism",
        "this rollup plays the Cooperative mechanism: chunk proofs are ranked by ticket, nobody bids for an epoch",
      );
    }
    await target.prover.submitEpochProofBid(e, Number(f));
    return null;
  });
  add("blockage_sendTransaction", ["tx"], ([tx]) => {
    let value: bigint | null = null;
    if (typeof tx === "string" && /^0x[0-9a-fA-F]{1,64}$/.test(tx)) value = BigInt(tx);
    else if (tx !== undefined) value = uintParam(tx, "tx");
    if (value === null) throw invalidParams("tx", "tx must be a field element: 0x hex or a decimal number");
    if (value >= FIELD_MODULUS) throw invalidParams("tx", "tx is not below the BN254 field modulus");
    if (!target.mempool.add(value)) {
      throw new NodeRpcError("MempoolFull", `the mempool is full (${target.mempool.capacity} transactions)`);
    }
    return { accepted: true, mempool: target.mempool.size };
  });
  add("blockage_nodeStatus", [], () => target.status());
  add("blockage_epochStatus", ["epoch"], async ([epoch]) => {
    const e = uintParam(epoch, "epoch", MAX_EPOCH);
    if (target.coordinator !== null) return getEpochStatus(target.coordinator, { epoch: e });
    const blocks = await getEpochBlocks(target.rollup, { epoch: e, fromBlock: target.fromBlock });
    return {
      mechanism: "cooperative",
      ...(await getCooperativeEpochStatus(target.cooperative!, { epoch: e, blocks })),
    };
  });
  add("blockage_pendingChain", [], async () => {
    const tips = await target.rollup.tips();
    return {
      provenBlock: tips.provenBlock,
      pendingBlock: tips.pendingBlock,
      tipSlot: tips.tipSlot,
      provenState: tips.provenState,
      tipState: tips.tipState,
      tipHash: tips.tipHash,
      oldestUnprovenSlot: tips.oldestUnprovenSlot,
      tipProposer: tips.tipProposer,
    };
  });
  add("blockage_claims", [], () => ({
    claims: target.prover.claims(),
    chunks: NodeStore.all(target.store.chunks),
    races: NodeStore.all(target.store.races),
    bids: NodeStore.all(target.store.bids),
    breaker: target.store.breaker(),
    ledger: target.store.ledger(),
  }));
  add("blockage_jdStatus", [], () => target.jdStatus());
  add("blockage_resetCircuitBreaker", [], async () => {
    const before = target.store.breaker();
    await target.store.commit(() => target.store.meta.put("breaker", { open: false, reason: null, since: null }));
    return { wasOpen: before.open, reason: before.reason };
  });
  return rpc;
}
