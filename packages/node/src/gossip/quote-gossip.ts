// Quote gossip (seed 003, DESIGN §8): a libp2p host running gossipsub on the make and take topics. Every message
// received is decoded and validated against the node's chain view in gossipsub's topic validator, so a message that
// fails is neither delivered to the node nor relayed to other peers; a rejected one also lowers its sender's score.
import "./polyfill";
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { BlockageError, errorReason } from "@blockage/client";
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from "@libp2p/crypto/keys";
import { gossipsub, TopicValidatorResult, type GossipSub, type Message } from "@libp2p/gossipsub";
import { identify, type Identify } from "@libp2p/identify";
import type { PeerId, PrivateKey } from "@libp2p/interface";
import { noise } from "@libp2p/noise";
import { tcp } from "@libp2p/tcp";
import { yamux } from "@libp2p/yamux";
import { multiaddr, type Multiaddr } from "@multiformats/multiaddr";
import { createLibp2p, type Libp2p } from "libp2p";
import {
  decodeMakeMessage,
  decodeTakeMessage,
  encodeMakeMessage,
  encodeTakeMessage,
  GossipMessageError,
  MAX_QUOTE_MESSAGE_BYTES,
  QUOTE_MAKE_TOPIC,
  QUOTE_TAKE_TOPIC,
  type MakeMessage,
  type MakeMessageInput,
  type TakeMessage,
  type TakeMessageInput,
} from "./messages";
import { validateMakeMessage, validateTakeMessage, type GossipVerdict, type QuoteChainView } from "./validation";

/** The libp2p services of a quote gossip host. */
export type QuoteGossipServices = {
  identify: Identify;
  pubsub: GossipSub;
};

/** A log sink. */
export type QuoteGossipLog = (level: "info" | "warn" | "error", message: string) => void;

/** Options of {@link startQuoteGossip}. */
export interface QuoteGossipOptions {
  /**
   * The node's current chain snapshot (`readQuoteChainView`, refreshed each slot); `null` until the node has one, in
   * which case every message is ignored (neither delivered nor relayed, no penalty).
   */
  chainView: () => QuoteChainView | null;
  /**
   * Re-reads the chain view. When given, a take message ignored only because the view is behind (no proposal known
   * for its slot yet: it was countersigned right after a proposal this node has not seen) is judged again after one
   * refresh. Refreshes are shared and at most one per `refreshMinMs` (default 200), so messages cannot make the node
   * hammer its chain endpoint.
   */
  refreshView?: () => Promise<void>;
  refreshMinMs?: number;
  /** Addresses to listen on (default `["/ip4/127.0.0.1/tcp/0"]`). */
  listen?: string[];
  /** Peers to dial, as multiaddrs (with `/p2p/<peer id>` or without); each is redialled until connected. */
  bootstrap?: string[];
  /**
   * The host's libp2p key (its peer id): a key or its protobuf encoding (`privateKeyToProtobuf`). Default: read from
   * `peerKeyFile`, or a fresh Ed25519 key.
   */
  privateKey?: PrivateKey | Uint8Array;
  /** A file holding the host's key (protobuf); created (mode 0600) with a fresh Ed25519 key when missing. */
  peerKeyFile?: string;
  /** How often bootstrap peers that are not connected are redialled, ms (default 1000). */
  redialMs?: number;
  /** Gossipsub heartbeat, ms (default 1000, gossipsub's): meshes form and repair at heartbeats. */
  heartbeatMs?: number;
  /** Distinct quotes relayed per topic, prover and epoch (default 16); further ones are ignored. */
  maxQuotesPerProverEpoch?: number;
  /** Log sink (default: nothing). */
  log?: QuoteGossipLog;
}

/** A validated message from another node. */
export interface ReceivedQuoteMessage<T> {
  message: T;
  /** The peer that published it (gossipsub StrictSign: signed by that peer's key). */
  publisher: string;
  /** The peer it arrived from (the publisher or a relay). */
  propagationSource: string;
  /** Gossipsub's message id: the payload's SHA-256, hex without 0x. */
  msgId: string;
}

/** A message the validator did not accept: not delivered, not relayed. */
export interface DroppedQuoteMessage {
  topic: string;
  verdict: "reject" | "ignore";
  reason: string;
  /** The peer it arrived from. */
  propagationSource: string;
}

/** The events of a {@link QuoteGossip}. */
export interface QuoteGossipEvents {
  /** A valid quote from another node (make topic). */
  make: ReceivedQuoteMessage<MakeMessage>;
  /** A valid countersigned quote from another node (take topic). */
  take: ReceivedQuoteMessage<TakeMessage>;
  /** A message this host dropped, with the reason. */
  dropped: DroppedQuoteMessage;
}

/** Result of {@link QuoteGossip.publishMake} and {@link QuoteGossip.publishTake}. */
export interface QuotePublishResult {
  /** Peers the message was sent to. */
  recipients: number;
  /** Gossipsub's message id. */
  msgId: string;
}

/** A running quote gossip host. */
export interface QuoteGossip {
  /** This host's peer id. */
  readonly peerId: string;
  /** The libp2p host (for metrics, extra protocols and tests). */
  readonly libp2p: Libp2p<QuoteGossipServices>;
  /** The addresses this host listens on, with `/p2p/<peer id>`: what other nodes put in `bootstrap`. */
  multiaddrs(): string[];
  /**
   * Validates a prover's signed quote against the current chain view and publishes it on the make topic.
   *
   * @throws {QuotePublishError} If the quote would be rejected or ignored now, is a duplicate, or no peer listens.
   */
  publishMake(message: MakeMessageInput): Promise<QuotePublishResult>;
  /** Same for a countersigned quote on the take topic. */
  publishTake(message: TakeMessageInput): Promise<QuotePublishResult>;
  /** Subscribes to an event; returns the function that unsubscribes. */
  on<K extends keyof QuoteGossipEvents>(event: K, listener: (event: QuoteGossipEvents[K]) => void): () => void;
  /** Connected peers. */
  peerCount(): number;
  /** Peers in this host's gossipsub mesh of a topic. */
  meshPeers(topic: string): string[];
  /** Gossipsub's score of a peer (negative after invalid messages). */
  peerScore(peerId: string): number;
  /**
   * Resolves once the mesh of both topics has at least `peers` peers (default 1): from then on a published message
   * is relayed. Meshes form at gossipsub heartbeats, a moment after connections open.
   *
   * @throws {QuoteGossipError} If that does not happen within `timeoutMs` (default 10 000) or the host stops.
   */
  whenReady(options?: { peers?: number; timeoutMs?: number }): Promise<void>;
  /** Stops dialling and the libp2p host. Idempotent. */
  stop(): Promise<void>;
}

/** Quote gossip could not start, or is not ready. */
export class QuoteGossipError extends BlockageError {
  override name = "QuoteGossipError" as const;
  override readonly code = "QuoteGossip" as const;
}

/** A quote was not published: it would not pass validation now, is a duplicate, or no peer listens to the topic. */
export class QuotePublishError extends BlockageError {
  override name = "QuotePublishError" as const;
  override readonly code = "QuotePublish" as const;
}

/** The two topics of quote gossip. */
export const QUOTE_TOPICS = [QUOTE_MAKE_TOPIC, QUOTE_TAKE_TOPIC] as const;

/** Entries kept by the duplicate and per-prover filters (oldest dropped first). */
const FILTER_CAPACITY = 4096;

/**
 * Peer scoring of the quote topics. Quotes are few (a handful an epoch), so the delivery-rate penalties (P3, P3b) that
 * suit busy topics would punish honest mesh peers: they are off. What counts is P4, invalid messages: the counter is
 * squared and weighted −4, so one invalid message costs −4, two push the sender below gossipsub's gossip threshold
 * (−10), four below its publish threshold (−50) and five below its graylist threshold (−80: everything from it is
 * dropped). The counter decays by 3 % a second (one mistake is forgotten in about 75 s).
 */
const TOPIC_SCORE = {
  topicWeight: 1,
  timeInMeshWeight: 0,
  timeInMeshQuantum: 1000,
  timeInMeshCap: 1,
  firstMessageDeliveriesWeight: 1,
  firstMessageDeliveriesDecay: 0.9,
  firstMessageDeliveriesCap: 10,
  meshMessageDeliveriesWeight: 0,
  meshMessageDeliveriesDecay: 0.5,
  meshMessageDeliveriesCap: 1,
  meshMessageDeliveriesThreshold: 1,
  meshMessageDeliveriesWindow: 10,
  meshMessageDeliveriesActivation: 5000,
  meshFailurePenaltyWeight: 0,
  meshFailurePenaltyDecay: 0.5,
  invalidMessageDeliveriesWeight: -4,
  invalidMessageDeliveriesDecay: 0.97,
};

/** The message id: SHA-256 of the payload, so one quote sent twice (by anyone) is one message. */
function messageId(message: Message): Uint8Array {
  return createHash("sha256").update(message.data).digest();
}

/** Message ids as text: hex, i.e. the payload's SHA-256 as `sha256sum` prints it. */
function messageIdText(id: Uint8Array): string {
  return Buffer.from(id).toString("hex");
}

async function loadPrivateKey(options: QuoteGossipOptions): Promise<PrivateKey> {
  if (options.privateKey instanceof Uint8Array) return privateKeyFromProtobuf(options.privateKey);
  if (options.privateKey !== undefined) return options.privateKey;
  if (options.peerKeyFile === undefined) return generateKeyPair("Ed25519");
  try {
    return privateKeyFromProtobuf(new Uint8Array(await readFile(options.peerKeyFile)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new QuoteGossipError(`cannot read the peer key ${options.peerKeyFile}`, { cause: error });
    }
  }
  const key = await generateKeyPair("Ed25519");
  await mkdir(path.dirname(options.peerKeyFile), { recursive: true });
  // "wx": never overwrite a key another process wrote in the meantime.
  await writeFile(options.peerKeyFile, privateKeyToProtobuf(key), { mode: 0o600, flag: "wx" });
  return key;
}

/** An insertion-ordered set of bounded size. */
class BoundedCounter {
  private readonly counts = new Map<string, number>();
  constructor(private readonly capacity: number) {}
  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }
  add(key: string): void {
    this.counts.set(key, this.get(key) + 1);
    if (this.counts.size > this.capacity) {
      const oldest = this.counts.keys().next();
      if (oldest.done !== true) this.counts.delete(oldest.value);
    }
  }
}

/** What the host does with each topic's payloads. */
interface TopicCodec {
  decode(data: Uint8Array): MakeMessage;
  validate(message: MakeMessage, view: QuoteChainView): GossipVerdict;
  /** Identifies the quote (and slot) whatever its signature bytes. */
  key(message: MakeMessage): string;
}

const quoteKey = (m: MakeMessage): string =>
  [m.quote.prover, m.quote.epoch, m.quote.basisPointFee, m.quote.bond, m.quote.validUntilSlot].join(":");

const CODECS: Record<string, TopicCodec> = {
  [QUOTE_MAKE_TOPIC]: {
    decode: decodeMakeMessage,
    validate: validateMakeMessage,
    key: quoteKey,
  },
  [QUOTE_TAKE_TOPIC]: {
    decode: decodeTakeMessage,
    validate: (m, view) => validateTakeMessage(m as TakeMessage, view),
    key: (m) => `${quoteKey(m)}@${(m as TakeMessage).slot}`,
  },
};

/**
 * Starts a quote gossip host: libp2p over TCP with Noise and Yamux, identify, and gossipsub (StrictSign, payload-hash
 * message ids, no self-delivery) subscribed to the make and take topics with validators that decode and validate
 * every message against `chainView()` before it is delivered or relayed.
 *
 * @param options - Chain view, addresses, bootstrap peers, peer key.
 * @returns The running host.
 * @throws {QuoteGossipError} If the peer key cannot be read or the host cannot listen.
 * @example
 * let view = await readQuoteChainView(coordinator);
 * const gossip = await startQuoteGossip({ chainView: () => view, bootstrap: ["/ip4/127.0.0.1/tcp/4100/p2p/12D3…"] });
 * gossip.on("take", ({ message }) => claimProofRight(coordinator.connect(prover), message));
 * await gossip.publishMake({ quote, proverSignature });
 */
export async function startQuoteGossip(options: QuoteGossipOptions): Promise<QuoteGossip> {
  const log: QuoteGossipLog = options.log ?? (() => {});
  const maxPerProver = options.maxQuotesPerProverEpoch ?? 16;
  const privateKey = await loadPrivateKey(options);
  const accepted = new BoundedCounter(FILTER_CAPACITY);
  const perProver = new BoundedCounter(FILTER_CAPACITY);
  const listeners: { [K in keyof QuoteGossipEvents]: Set<(event: QuoteGossipEvents[K]) => void> } = {
    make: new Set(),
    take: new Set(),
    dropped: new Set(),
  };

  function emit<K extends keyof QuoteGossipEvents>(event: K, detail: QuoteGossipEvents[K]): void {
    for (const listener of listeners[event]) {
      try {
        listener(detail);
      } catch (error) {
        log("error", `quote gossip: a ${event} listener threw: ${errorReason(error)}`);
      }
    }
  }

  /** Decodes and validates a payload; then the duplicate and per-prover filters. Records nothing. */
  function judge(topic: string, data: Uint8Array): { verdict: GossipVerdict; message?: MakeMessage } {
    const codec = CODECS[topic];
    if (codec === undefined) return { verdict: { verdict: "reject", reason: `unknown topic ${topic}` } };
    let message: MakeMessage;
    try {
      if (data.length > MAX_QUOTE_MESSAGE_BYTES) throw new GossipMessageError(`${data.length} bytes is too long`);
      message = codec.decode(data);
    } catch (error) {
      return { verdict: { verdict: "reject", reason: `malformed: ${errorReason(error)}` } };
    }
    const view = options.chainView();
    if (view === null) return { verdict: { verdict: "ignore", reason: "no chain view yet" } };
    let verdict: GossipVerdict;
    try {
      verdict = codec.validate(message, view);
    } catch (error) {
      // A view that throws is this node's fault, not the sender's.
      log("error", `quote gossip: validation failed: ${errorReason(error)}`);
      return { verdict: { verdict: "ignore", reason: `validation failed: ${errorReason(error)}` } };
    }
    if (verdict.verdict !== "accept") return { verdict, message };
    if (accepted.get(`${topic}|${codec.key(message)}`) > 0) {
      return { verdict: { verdict: "ignore", reason: "the same quote was already relayed" }, message };
    }
    const proverKey = `${topic}|${message.quote.prover}|${message.quote.epoch}`;
    if (perProver.get(proverKey) >= maxPerProver) {
      return {
        verdict: {
          verdict: "ignore",
          reason: `${maxPerProver} quotes of ${message.quote.prover} for epoch ${message.quote.epoch} were already relayed`,
        },
        message,
      };
    }
    return { verdict, message };
  }

  function record(topic: string, message: MakeMessage): void {
    accepted.add(`${topic}|${CODECS[topic].key(message)}`);
    perProver.add(`${topic}|${message.quote.prover}|${message.quote.epoch}`);
  }

  let refreshing: Promise<void> | null = null;
  let refreshedAt = 0;
  /** One shared refresh of the chain view, at most one per refreshMinMs. */
  const refresh = async (): Promise<boolean> => {
    if (options.refreshView === undefined) return false;
    if (refreshing === null) {
      if (Date.now() - refreshedAt < (options.refreshMinMs ?? 200)) return false;
      refreshing = options
        .refreshView()
        .catch((error) => log("warn", `quote gossip: cannot refresh the chain view: ${errorReason(error)}`))
        .finally(() => {
          refreshedAt = Date.now();
          refreshing = null;
        });
    }
    await refreshing;
    return true;
  };
  const behind = (topic: string, verdict: GossipVerdict) =>
    topic === QUOTE_TAKE_TOPIC &&
    verdict.verdict === "ignore" &&
    /no proposal is known|no chain view/.test(verdict.reason);

  const validator =
    (topic: string) =>
    async (peer: PeerId, msg: Message): Promise<TopicValidatorResult> => {
      let { verdict, message } = judge(topic, msg.data);
      if (behind(topic, verdict) && (await refresh())) ({ verdict, message } = judge(topic, msg.data));
      if (verdict.verdict === "accept" && message !== undefined) {
        record(topic, message);
        return TopicValidatorResult.Accept;
      }
      if (verdict.verdict === "accept") return TopicValidatorResult.Ignore;
      emit("dropped", { topic, verdict: verdict.verdict, reason: verdict.reason, propagationSource: peer.toString() });
      return verdict.verdict === "reject" ? TopicValidatorResult.Reject : TopicValidatorResult.Ignore;
    };

  let node: Libp2p<QuoteGossipServices>;
  try {
    node = await createLibp2p({
      privateKey,
      addresses: { listen: options.listen ?? ["/ip4/127.0.0.1/tcp/0"] },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      services: {
        identify: identify(),
        pubsub: gossipsub({
          globalSignaturePolicy: "StrictSign",
          emitSelf: false,
          msgIdFn: messageId,
          msgIdToStrFn: messageIdText,
          allowedTopics: [...QUOTE_TOPICS],
          heartbeatInterval: options.heartbeatMs ?? 1000,
          scoreParams: { topics: { [QUOTE_MAKE_TOPIC]: TOPIC_SCORE, [QUOTE_TAKE_TOPIC]: TOPIC_SCORE } },
        }),
      },
    });
  } catch (error) {
    throw new QuoteGossipError("cannot start the quote gossip host", { cause: error });
  }
  const pubsub = node.services.pubsub;
  // getMeshPeers and getScore are methods of gossipsub's class that its exported interface leaves out.
  const internals = pubsub as unknown as {
    getMeshPeers?: (topic: string) => string[];
    getScore?: (peerId: string) => number;
  };
  for (const topic of QUOTE_TOPICS) {
    pubsub.topicValidators.set(topic, validator(topic));
    pubsub.subscribe(topic);
  }
  pubsub.addEventListener("gossipsub:message", (event) => {
    const { msg, msgId, propagationSource } = event.detail;
    if (msg.type !== "signed") return; // StrictSign: gossipsub refuses unsigned messages before this point
    const received = { publisher: msg.from.toString(), propagationSource: propagationSource.toString(), msgId };
    try {
      if (msg.topic === QUOTE_MAKE_TOPIC) emit("make", { ...received, message: decodeMakeMessage(msg.data) });
      else if (msg.topic === QUOTE_TAKE_TOPIC) emit("take", { ...received, message: decodeTakeMessage(msg.data) });
    } catch (error) {
      log("error", `quote gossip: a validated message did not decode: ${errorReason(error)}`);
    }
  });

  // Bootstrap: dial every address not yet connected, now and then every redialMs, until stopped.
  const bootstrap: { address: Multiaddr; peer: PeerId | null }[] = [];
  for (const text of options.bootstrap ?? []) {
    try {
      bootstrap.push({ address: multiaddr(text), peer: null });
    } catch (error) {
      await node.stop();
      throw new QuoteGossipError(`bootstrap address ${JSON.stringify(text)} is not a multiaddr`, { cause: error });
    }
  }
  let stopped = false;
  const stopping = new AbortController();
  const dialling = new Set<Multiaddr>();
  const connected = (peer: PeerId | null): boolean => peer !== null && node.getConnections(peer).length > 0;
  function dialBootstrap(): void {
    for (const entry of bootstrap) {
      if (stopped || connected(entry.peer) || dialling.has(entry.address)) continue;
      dialling.add(entry.address);
      node
        .dial(entry.address, { signal: stopping.signal })
        .then((connection) => {
          entry.peer = connection.remotePeer;
          log("info", `quote gossip: connected to ${entry.address.toString()}`);
        })
        .catch((error: unknown) => {
          if (!stopped) log("warn", `quote gossip: dialling ${entry.address.toString()} failed: ${errorReason(error)}`);
        })
        .finally(() => dialling.delete(entry.address));
    }
  }
  dialBootstrap();
  const redial = bootstrap.length > 0 ? setInterval(dialBootstrap, options.redialMs ?? 1000) : undefined;
  redial?.unref();

  function meshPeers(topic: string): string[] {
    return internals.getMeshPeers?.call(pubsub, topic) ?? [];
  }

  async function publish(topic: string, data: Uint8Array): Promise<QuotePublishResult> {
    if (stopped) throw new QuotePublishError(`quote gossip is stopped`);
    let { verdict, message } = judge(topic, data);
    if (behind(topic, verdict) && (await refresh())) ({ verdict, message } = judge(topic, data));
    if (verdict.verdict !== "accept" || message === undefined) {
      const reason = verdict.verdict === "accept" ? "not decodable" : verdict.reason;
      throw new QuotePublishError(`not publishing on ${topic}: ${reason}`);
    }
    try {
      const result = await pubsub.publish(topic, data);
      record(topic, message);
      return {
        recipients: result.recipients.length,
        msgId: messageIdText(messageId({ type: "unsigned", topic, data })),
      };
    } catch (error) {
      throw new QuotePublishError(`publishing on ${topic} failed`, { cause: error });
    }
  }

  return {
    peerId: node.peerId.toString(),
    libp2p: node,
    multiaddrs: () => node.getMultiaddrs().map((address) => address.toString()),
    publishMake: (message) => publish(QUOTE_MAKE_TOPIC, encodeMakeMessage(message)),
    publishTake: (message) => publish(QUOTE_TAKE_TOPIC, encodeTakeMessage(message)),
    on(event, listener) {
      listeners[event].add(listener);
      return () => {
        listeners[event].delete(listener);
      };
    },
    peerCount: () => node.getPeers().length,
    meshPeers,
    peerScore: (peerId) => internals.getScore?.call(pubsub, peerId) ?? 0,
    whenReady({ peers = 1, timeoutMs = 10_000 } = {}) {
      const ready = (): boolean => QUOTE_TOPICS.every((topic) => meshPeers(topic).length >= peers);
      if (ready()) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (ready()) finish();
        };
        const finish = (error?: Error): void => {
          clearTimeout(timer);
          pubsub.removeEventListener("gossipsub:heartbeat", check);
          pubsub.removeEventListener("gossipsub:graft", check);
          stopping.signal.removeEventListener("abort", onStop);
          if (error === undefined) resolve();
          else reject(error);
        };
        const onStop = (): void => finish(new QuoteGossipError("quote gossip stopped before it was ready"));
        const timer = setTimeout(
          () => finish(new QuoteGossipError(`quote gossip: fewer than ${peers} mesh peers after ${timeoutMs} ms`)),
          timeoutMs,
        );
        pubsub.addEventListener("gossipsub:heartbeat", check);
        pubsub.addEventListener("gossipsub:graft", check);
        stopping.signal.addEventListener("abort", onStop);
      });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      stopping.abort();
      if (redial !== undefined) clearInterval(redial);
      await node.stop();
    },
  };
}
