// @blockage/node: the operator's long-running node (DESIGN §8): keeper, sequencer and prover roles over one key, an
// embedded CrowdProve job distributor, quote gossip, a JSON-RPC 2.0 server and durable state in lmdb.
export { createNode, PROVER_DEFAULTS, SEQUENCER_DEFAULTS } from "./node";
export type { BlockageNode, NodeOptions, QuoteTransport, QuoteTransportFactory } from "./node";
export type { NodeContext, NodeLog, LogLevel, Deployment, NodeIdentity } from "./context";
export { NODE_ERROR_CODES, NodeConfigError, NodeRpcError } from "./errors";
export type { NodeErrorName } from "./errors";
export { NODE_RPC_METHODS, toJsonValue } from "./rpc-methods";
export { provingCapacity } from "./capacity";
export type { CapacityAnswer, CapacityQuestion, WorkerRate } from "./capacity";
export { CHUNK_TXS, FIELD_MODULUS, Mempool } from "./mempool";
export { QuoteBook } from "./quote-book";
export type { AcceptedQuote, SignedQuote } from "./quote-book";
export type { ProverPolicy } from "./roles/prover";
export type { SequencerPolicy } from "./roles/sequencer";
export { SerialSigner } from "./serial-signer";
export { SlotClock } from "./slot-clock";
export type { ClaimRecord, BidRecord, ProposalRecord } from "./store";
export { NODE_START_HELP, NodeCliError, NodeUsageError, runNodeStart } from "./cli/start";
export type { NodeCliIo } from "./cli/start";
