// @blockage/node: the operator's long-running node (DESIGN §8).

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
