// The CrowdProve job protocol's error codes (packages/job-distributor/PROTOCOL.md), shared by the job distributor
// that answers them and the workers that act on them.

/** JSON-RPC 2.0's own error codes (spec §5.1). */
export const JSON_RPC_ERROR_CODES = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
} as const;

/** The job protocol's application error codes, in JSON-RPC 2.0's server-error range. */
export const CROWDPROVE_ERROR_CODES = {
  UnknownJob: -32001,
  LeaseExpired: -32002,
  InvalidProof: -32003,
  NotYourJob: -32004,
  AlreadyDone: -32005,
  RateLimited: -32006,
  NotRegistered: -32007,
  InvalidSignature: -32008,
  Suspended: -32009,
  JobFailed: -32010,
} as const;

/** The name of an application error of the job protocol. */
export type CrowdproveErrorName = keyof typeof CROWDPROVE_ERROR_CODES;
