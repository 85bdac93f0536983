// The worker's side of the CrowdProve job protocol (packages/job-distributor/PROTOCOL.md): the shapes of what the
// job distributor answers, checked on arrival so that a malformed answer is one clear error and never a bigint
// SyntaxError inside a proving thread.
import { TXS_PER_CHUNK } from "@blockage/circuits";
import { BlockageError, CROWDPROVE_ERROR_CODES, JSON_RPC_ERROR_CODES } from "@blockage/client";
import { getAddress, isAddress } from "ethers";

/** The application error codes of the protocol (JSON-RPC 2.0 server-error range). */
export const JD_ERROR = CROWDPROVE_ERROR_CODES;

/** Name of an application error code. */
export type JdErrorName = keyof typeof JD_ERROR;

const STANDARD_ERRORS: Record<number, string> = Object.fromEntries(
  Object.entries(JSON_RPC_ERROR_CODES).map(([name, code]) => [code, name]),
);

/**
 * The protocol's name of a JSON-RPC error code (`LeaseExpired`, `InvalidParams`, …), or `undefined` for a code it
 * does not define.
 *
 * @param code - A JSON-RPC error code.
 * @returns Its name.
 */
export function jdErrorName(code: number): string | undefined {
  const application = (Object.keys(JD_ERROR) as JdErrorName[]).find((name) => JD_ERROR[name] === code);
  return application ?? STANDARD_ERRORS[code];
}

/** The job distributor answered a request with a JSON-RPC error. */
export class JdRequestError extends BlockageError {
  override name = "JdRequestError" as const;
  /**
   * The protocol's name of the refusal (`RateLimited`, `Suspended`, `InvalidParams`, …: see {@link JD_ERROR}), or
   * `JdRequest` for a JSON-RPC error code the protocol does not name.
   */
  override readonly code: string;
  /** The JSON-RPC error code (see {@link JD_ERROR}). */
  readonly rpcCode: number;
  /** The error's `data`, e.g. `{ retryAfterMs }` of RateLimited or `{ until }` of Suspended. */
  readonly data: unknown;
  /** The method that was refused. */
  readonly method: string;

  /**
   * @param method - The method called.
   * @param rpcCode - The JSON-RPC error code.
   * @param message - The JD's message.
   * @param data - The error's `data`.
   */
  constructor(method: string, rpcCode: number, message: string, data?: unknown) {
    const name = jdErrorName(rpcCode);
    super(`the job distributor refused ${method}: ${name ? `${name} (${rpcCode})` : `error ${rpcCode}`}: ${message}`);
    this.code = name ?? "JdRequest";
    this.rpcCode = rpcCode;
    this.data = data;
    this.method = method;
  }

  /** The protocol's name of {@link rpcCode}, if it has one. */
  get codeName(): string | undefined {
    return jdErrorName(this.rpcCode);
  }
}

/** The job distributor could not be reached, closed the connection, or did not answer in time. */
export class JdUnreachableError extends BlockageError {
  override name = "JdUnreachableError" as const;
  override readonly code = "JdUnreachable" as const;
}

/** The job distributor answered something the protocol does not allow (a missing field, a wrong type). */
export class JdProtocolError extends BlockageError {
  override name = "JdProtocolError" as const;
  override readonly code = "JdProtocol" as const;
}

/** What a job holds to prove it: the chunk's input and the address its proof is bound to. */
export interface WitnessData {
  /** State before the chunk (decimal string). */
  prevState: string;
  /** The chunk's TXS_PER_CHUNK transactions (decimal strings). */
  txs: string[];
  /** The JD's payout address: every proof must be bound to it. */
  prover: string;
}

/** A chunk job leased to this worker. */
export interface Job {
  /** The job's id, e.g. `"7:3"`. */
  jobId: string;
  /** The chunk's index in its epoch. */
  chunkId: number;
  /** The epoch (decimal string). */
  epoch: string;
  /** The lease's id. */
  leaseId: string;
  /** The lease's deadline, unix ms. */
  deadline: number;
  witnessData: WitnessData;
}

/** The answer of `register_worker`. */
export interface Registration {
  sessionId: string;
  worker: string;
  jd: string;
  chainId: bigint;
  leaseMs: number;
  heartbeatMs: number;
  maxInFlight: number;
}

const DECIMAL = /^[0-9]{1,78}$/;

function fail(what: string, expected: string, value: unknown): never {
  throw new JdProtocolError(`the job distributor sent ${what} that is not ${expected}: ${preview(value)}`);
}

function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function object(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) fail(what, "an object", value);
  return value as Record<string, unknown>;
}

function decimal(value: unknown, what: string): string {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value !== "string" || !DECIMAL.test(value)) fail(what, "a decimal string", value);
  return value;
}

function count(value: unknown, what: string, min = 0): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    fail(what, `an integer of at least ${min}`, value);
  }
  return value;
}

function address(value: unknown, what: string): string {
  if (typeof value !== "string" || !isAddress(value)) fail(what, "an address", value);
  return getAddress(value);
}

function text(value: unknown, what: string): string {
  if (typeof value !== "string" || value.length === 0) fail(what, "a non-empty string", value);
  return value;
}

/**
 * Checks a job sent by the job distributor (`get_job`, `submit_result`'s `nextJob`, a `job` push).
 *
 * @param value - The job as received.
 * @returns The job, with the prover address checksummed and numbers in their documented types.
 * @throws {JdProtocolError} If it is not a job of the protocol.
 */
export function parseJob(value: unknown): Job {
  const job = object(value, "a job");
  const witness = object(job.witnessData, "a job's witnessData");
  if (!Array.isArray(witness.txs) || witness.txs.length !== TXS_PER_CHUNK) {
    fail("a job's witnessData.txs", `an array of ${TXS_PER_CHUNK} transactions`, witness.txs);
  }
  return {
    jobId: text(job.jobId, "a job's jobId"),
    chunkId: count(job.chunkId, "a job's chunkId"),
    epoch: decimal(job.epoch, "a job's epoch"),
    leaseId: text(job.leaseId, "a job's leaseId"),
    deadline: count(job.deadline, "a job's deadline"),
    witnessData: {
      prevState: decimal(witness.prevState, "a job's witnessData.prevState"),
      txs: witness.txs.map((tx, i) => decimal(tx, `a job's witnessData.txs[${i}]`)),
      prover: address(witness.prover, "a job's witnessData.prover"),
    },
  };
}

/**
 * Checks `get_status`'s answer, of which the worker needs the JD's address and chain.
 *
 * @param value - The answer.
 * @returns The JD's address and chain id.
 * @throws {JdProtocolError} If they are missing or malformed.
 */
export function parseStatus(value: unknown): { jd: string; chainId: bigint } {
  const status = object(value, "a get_status answer");
  return { jd: address(status.jd, "a jd address"), chainId: BigInt(decimal(status.chainId, "a chainId")) };
}

/**
 * Checks `register_worker`'s answer.
 *
 * @param value - The answer.
 * @returns The session.
 * @throws {JdProtocolError} If it is malformed.
 */
export function parseRegistration(value: unknown): Registration {
  const answer = object(value, "a register_worker answer");
  return {
    sessionId: text(answer.sessionId, "a sessionId"),
    worker: address(answer.worker, "a registered worker address"),
    jd: address(answer.jd, "a registered jd address"),
    chainId: BigInt(decimal(answer.chainId, "a registered chainId")),
    leaseMs: count(answer.leaseMs, "leaseMs", 1),
    heartbeatMs: count(answer.heartbeatMs, "heartbeatMs", 1),
    maxInFlight: count(answer.maxInFlight, "maxInFlight", 1),
  };
}

/**
 * Checks `get_job`'s answer. The job itself is checked apart ({@link parseJob}), so that a malformed one can still be
 * handed back.
 *
 * @param value - The answer.
 * @returns The job as received (`null` for none) and how long to wait before asking again.
 * @throws {JdProtocolError} If the answer is not an object.
 */
export function parseJobAnswer(value: unknown): { job: unknown; retryAfterMs: number } {
  const answer = object(value, "a get_job answer");
  const retry = answer.retryAfterMs;
  return {
    job: answer.job ?? null,
    retryAfterMs: typeof retry === "number" && Number.isFinite(retry) && retry >= 0 ? retry : 1000,
  };
}

/**
 * Checks `submit_result`'s answer. The next job is checked apart ({@link parseJob}): a malformed one must not turn an
 * accepted result into a failure.
 *
 * @param value - The answer.
 * @returns Whether the result was accepted, and the next job as received (`null` for none).
 * @throws {JdProtocolError} If `accepted` is missing.
 */
export function parseSubmitAnswer(value: unknown): { accepted: boolean; nextJob: unknown } {
  const answer = object(value, "a submit_result answer");
  if (typeof answer.accepted !== "boolean") fail("a submit_result answer's accepted", "a boolean", answer.accepted);
  return { accepted: answer.accepted, nextJob: answer.nextJob ?? null };
}

/**
 * The sum of the amounts of `get_receipts`'s receipts.
 *
 * @param value - The answer.
 * @returns The sum, in the payout token's base units.
 * @throws {JdProtocolError} If it is malformed.
 */
export function sumReceipts(value: unknown): bigint {
  const answer = object(value, "a get_receipts answer");
  if (!Array.isArray(answer.receipts)) fail("get_receipts receipts", "an array", answer.receipts);
  return answer.receipts.reduce<bigint>(
    (sum, receipt) => sum + BigInt(decimal(object(receipt, "a receipt").amount, "a receipt amount")),
    0n,
  );
}

/**
 * `data.retryAfterMs` of a RateLimited error, `data.until` (unix ms) of a Suspended one, as a wait in ms from `now`.
 *
 * @param error - The refusal.
 * @param now - Unix ms.
 * @param fallbackMs - The wait when `data` says nothing usable.
 * @returns Milliseconds to wait (at least 0).
 */
export function refusalWaitMs(error: JdRequestError, now: number, fallbackMs: number): number {
  const data = (error.data ?? {}) as { retryAfterMs?: unknown; until?: unknown };
  if (error.rpcCode === JD_ERROR.RateLimited && typeof data.retryAfterMs === "number" && data.retryAfterMs >= 0) {
    return data.retryAfterMs;
  }
  if (error.rpcCode === JD_ERROR.Suspended && typeof data.until === "number") return Math.max(0, data.until - now);
  return fallbackMs;
}
