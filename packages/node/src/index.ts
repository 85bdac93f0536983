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

// Quote gossip (seed 003): the make and take topics over libp2p gossipsub, validated before relay
export {
  GossipMessageError,
  MAKE_MESSAGE_BYTES,
  MAX_QUOTE_MESSAGE_BYTES,
  QUOTE_MAKE_TOPIC,
  QUOTE_TAKE_TOPIC,
  SIGNATURE_BYTES,
  TAKE_MESSAGE_BYTES,
  decodeMakeMessage,
  decodeTakeMessage,
  encodeMakeMessage,
  encodeTakeMessage,
} from "./gossip/messages";
export type { MakeMessage, MakeMessageInput, TakeMessage, TakeMessageInput } from "./gossip/messages";
export {
  CLOCK_SKEW_SLOTS,
  MAX_BOND_EXCLUSIVE,
  quoteChainView,
  validateMakeMessage,
  validateTakeMessage,
} from "./gossip/validation";
export type { GossipVerdict, QuoteChainSnapshot, QuoteChainView } from "./gossip/validation";
export { readQuoteChainView } from "./gossip/chain-view";
export { QUOTE_TOPICS, QuoteGossipError, QuotePublishError, startQuoteGossip } from "./gossip/quote-gossip";
export type {
  DroppedQuoteMessage,
  QuoteGossip,
  QuoteGossipEvents,
  QuoteGossipLog,
  QuoteGossipOptions,
  QuoteGossipServices,
  QuotePublishResult,
  ReceivedQuoteMessage,
} from "./gossip/quote-gossip";
export { gossipTransport } from "./gossip/transport";
export type { GossipTransportOptions } from "./gossip/transport";
