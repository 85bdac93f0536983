// The node's errors: what its JSON-RPC answers (JSON-RPC 2.0's standard codes plus the node's application codes in
// the spec's server-error range, after the job protocol's -32001…-32010) and what `createNode` throws for a bad
// configuration.
import { JSONRPCErrorException } from "json-rpc-2.0";
import { BlockageError, JSON_RPC_ERROR_CODES } from "@blockage/client";

/** The node's application error codes (README, "The node's JSON-RPC"). */
export const NODE_ERROR_CODES = Object.freeze({
  /** The node has no prover key, or its node is not registered with the prover role. */
  NotAProver: -32011,
  /** The epoch is not one a bid can be made for now (too early, its claim window closed, nothing to prove). */
  EpochNotClaimable: -32012,
  /** The epoch's proof right is already claimed. */
  AlreadyClaimed: -32013,
  /** The circuit breaker is open: one of the node's bonds was slashed and the operator has not reset it. */
  CircuitBreakerOpen: -32014,
  /** The node cannot prove the epoch before its deadline with the workers it has. */
  InsufficientCapacity: -32015,
  /** The prover key cannot put up the bond. */
  InsufficientBond: -32016,
  /** The local mempool is full. */
  MempoolFull: -32017,
  /** The rollup's prover mechanism has no such action (bids and claims are the Sidecar's, seed 003). */
  WrongMechanism: -32018,
} as const);

/** The name of a node application error. */
export type NodeErrorName = keyof typeof NODE_ERROR_CODES;

/** An error the node's JSON-RPC answers: `data.error` names it. */
export class NodeRpcError extends JSONRPCErrorException {
  override name = "NodeRpcError" as const;
  readonly reason: string;

  constructor(
    reason: NodeErrorName | keyof typeof JSON_RPC_ERROR_CODES,
    message: string,
    data: Record<string, unknown> = {},
  ) {
    const code =
      (NODE_ERROR_CODES as Record<string, number>)[reason] ??
      (JSON_RPC_ERROR_CODES as Record<string, number>)[reason] ??
      -32603;
    super(message, code, { error: reason, ...data });
    this.reason = reason;
  }
}

/** A `-32602 Invalid params` error naming the parameter. */
export function invalidParams(param: string, message: string, data: Record<string, unknown> = {}): NodeRpcError {
  return new NodeRpcError("InvalidParams", `invalid params: ${message}`, { param, ...data });
}

/** `createNode` was given an unusable configuration. */
export class NodeConfigError extends BlockageError {
  override name = "NodeConfigError" as const;
  override readonly code = "NodeConfig" as const;
}
