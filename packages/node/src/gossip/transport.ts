// The node's quote transport over the gossip network: a libp2p host on the node's p2p port whose validators read a
// chain view the node refreshes every slot (and once more when a countersigned quote arrives right after a proposal
// the view has not seen yet).
import path from "node:path";
import type { NodeContext } from "../context";
import type { QuoteTransportFactory } from "../node";
import { readQuoteChainView } from "./chain-view";
import { startQuoteGossip } from "./quote-gossip";
import type { QuoteChainView } from "./validation";

/** Options of {@link gossipTransport}. */
export interface GossipTransportOptions {
  /** TCP port (0: any free one). */
  port: number;
  /** Bind address (default 127.0.0.1). */
  host?: string;
  /** Peers to join (multiaddrs). */
  bootstrap: string[];
  /** Where the peer key is kept (default `<dataDir>/peer.key`, set by the node). */
  peerKeyFile?: string;
}

/** A quote transport over libp2p gossipsub for {@link createNode}. */
export function gossipTransport(options: GossipTransportOptions, dataDir: string): QuoteTransportFactory {
  return async (ctx: NodeContext, handlers) => {
    const coordinator = ctx.coordinator;
    // Quotes are the Sidecar mechanism's (seed 003): a Cooperative rollup's node starts no quote gossip.
    if (coordinator === null) throw new Error("quote gossip needs a Sidecar rollup's ProverCoordinator");
    let view: QuoteChainView | null = null;
    const refreshView = async () => {
      view = await readQuoteChainView(coordinator);
    };
    await refreshView().catch(() => undefined);
    const gossip = await startQuoteGossip({
      chainView: () => view,
      refreshView,
      listen: [`/ip4/${options.host ?? "127.0.0.1"}/tcp/${options.port}`],
      bootstrap: options.bootstrap,
      peerKeyFile: options.peerKeyFile ?? path.join(dataDir, "peer.key"),
      log: (level, message) => ctx.log(level, "gossip", message),
    });
    gossip.on("make", (received) => {
      ctx.log("info", "quote-heard", `heard a quote for epoch ${received.message.quote.epoch}`, {
        prover: received.message.quote.prover,
        basisPointFee: received.message.quote.basisPointFee,
      });
      handlers.onMake(received.message);
    });
    gossip.on("take", (received) => handlers.onTake(received.message));
    return {
      publishMake: async (m) => void (await gossip.publishMake(m)),
      publishTake: async (m) => void (await gossip.publishTake(m)),
      refresh: refreshView,
      peerCount: () => gossip.peerCount(),
      info: () => ({ peerId: gossip.peerId, multiaddrs: gossip.multiaddrs(), peers: gossip.peerCount() }),
      stop: () => gossip.stop(),
    };
  };
}
