// The job protocol's errors (PROTOCOL.md): JSON-RPC 2.0's standard codes and the JD's application codes in the
// spec's server-error range. Every error a method throws is one of these, so a worker always gets a code it can act on.
import { JSONRPCErrorException } from "json-rpc-2.0";
import { CROWDPROVE_ERROR_CODES, JSON_RPC_ERROR_CODES } from "@blockage/client";

/** JSON-RPC 2.0's own error codes (spec §5.1). */
export const RPC_ERRORS = JSON_RPC_ERROR_CODES;

/** The job protocol's application error codes (PROTOCOL.md). */
export const JOB_ERRORS = CROWDPROVE_ERROR_CODES;

/** The name of an application error. */
export type JobErrorName = keyof typeof JOB_ERRORS;

/**
 * An error answered to a worker: `code` is one of {@link RPC_ERRORS} or {@link JOB_ERRORS}, `data.error` names it.
 */
export class JobProtocolError extends JSONRPCErrorException {
  override name = "JobProtocolError" as const;
  /** The error's name: a key of {@link JOB_ERRORS} or {@link RPC_ERRORS}. */
  readonly reason: string;

  constructor(reason: JobErrorName | keyof typeof RPC_ERRORS, message: string, data: Record<string, unknown> = {}) {
    const code =
      (JOB_ERRORS as Record<string, number>)[reason] ?? (RPC_ERRORS as Record<string, number>)[reason] ?? -32603;
    super(message, code, { error: reason, ...data });
    this.reason = reason;
  }
}

/** An application error. */
export function jobError(name: JobErrorName, message: string, data?: Record<string, unknown>): JobProtocolError {
  return new JobProtocolError(name, message, data);
}

/** A `-32602 Invalid params` error. */
export function invalidParams(message: string): JobProtocolError {
  return new JobProtocolError("InvalidParams", `invalid params: ${message}`);
}

/**
 * A whole Cooperative epoch was asked for (`serveEpoch`, the open race) before the epoch is over: its blocks may still
 * change, so its jobs would prove the wrong epoch. Ask again from slot `epochEnds` on.
 */
export class EpochNotOverError extends Error {
  override name = "EpochNotOverError" as const;

  constructor(
    readonly epoch: bigint,
    readonly currentSlot: bigint,
    readonly epochEnds: bigint,
  ) {
    super(
      `epoch ${epoch} is not over (slot ${currentSlot}, it ends at slot ${epochEnds}): its blocks may still change`,
    );
  }
}
