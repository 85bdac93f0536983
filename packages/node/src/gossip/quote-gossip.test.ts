// Real libp2p hosts on 127.0.0.1 in a line A — B — C: A dials B, C dials B, A and C never meet. What A publishes
// reaches C only if B validates and relays it.
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { encodeMakeMessage, encodeTakeMessage, QUOTE_MAKE_TOPIC, QUOTE_TAKE_TOPIC } from "./messages";
import {
  startQuoteGossip,
  QuotePublishError,
  type DroppedQuoteMessage,
  type QuoteGossip,
  type QuoteGossipEvents,
} from "./quote-gossip";
import { MAX_FEE, MIN_BOND, SLOT, make, stranger, take, view } from "./test-fixtures";
import type { QuoteChainView } from "./validation";

const hosts: QuoteGossip[] = [];

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.stop()));
});

async function host(options: { bootstrap?: string[]; chainView?: () => QuoteChainView | null } = {}) {
  const gossip = await startQuoteGossip({
    chainView: options.chainView ?? (() => view()),
    bootstrap: options.bootstrap,
    heartbeatMs: 200,
    redialMs: 200,
  });
  hosts.push(gossip);
  return gossip;
}

/** A — B — C, with both meshes formed (B has A and C in its mesh of both topics). */
async function line() {
  const b = await host();
  const a = await host({ bootstrap: b.multiaddrs() });
  const c = await host({ bootstrap: b.multiaddrs() });
  await Promise.all([a.whenReady(), c.whenReady(), b.whenReady({ peers: 2 })]);
  return { a, b, c };
}

/** Resolves with the first `count` events of a kind (and keeps recording: `seen` lists all of them). */
function collect<K extends keyof QuoteGossipEvents>(gossip: QuoteGossip, event: K) {
  const seen: QuoteGossipEvents[K][] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  gossip.on(event, (e) => {
    seen.push(e);
    for (const w of waiters.filter((w) => seen.length >= w.count)) w.resolve();
  });
  return {
    seen,
    until(count: number, ms = 5000): Promise<void> {
      if (seen.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${count} ${event} events not seen within ${ms} ms`)), ms);
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
  };
}

/** Polls a condition (gossipsub updates scores outside any event) until it holds or `ms` passes. */
async function eventually(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("quote gossip over libp2p", () => {
  it("relays a valid quote from A to C through B, and neither delivers nor relays forged, expired or out-of-range ones", async () => {
    const { a, b, c } = await line();
    expect(a.libp2p.getConnections(c.libp2p.peerId)).toHaveLength(0);
    const atB = collect(b, "make");
    const atC = collect(c, "make");
    const droppedAtB = collect(b, "dropped");
    // Had B relayed an invalid quote, C's own validator would have dropped it: C must not even see one.
    const droppedAtC = collect(c, "dropped");

    const valid = await make();
    const sent = await a.publishMake(valid);
    expect(sent.recipients).toBe(1);
    await atC.until(1);
    expect(atC.seen[0].message).toEqual(valid);
    expect(atC.seen[0].publisher).toBe(a.peerId);
    expect(atC.seen[0].propagationSource).toBe(b.peerId);
    expect(atC.seen[0].msgId).toBe(sent.msgId);
    await atB.until(1);

    // Published raw through A's gossipsub: A's own publishing path validates nothing.
    const forged = {
      ...(await make({ basisPointFee: 1000 })),
      proverSignature: (await make({}, stranger)).proverSignature,
    };
    const invalid = [
      forged,
      await make({ validUntilSlot: SLOT - 10n }),
      await make({ basisPointFee: MAX_FEE + 1n }),
      await make({ bond: MIN_BOND - 1n }),
    ];
    for (const m of invalid) await a.libp2p.services.pubsub.publish(QUOTE_MAKE_TOPIC, encodeMakeMessage(m));
    await droppedAtB.until(invalid.length);
    expect(droppedAtB.seen.map((d: DroppedQuoteMessage) => [d.verdict, d.propagationSource])).toEqual(
      invalid.map(() => ["reject", a.peerId]),
    );
    expect(droppedAtB.seen.map((d) => d.reason).join("\n")).toMatch(
      /prover signature[\s\S]*expired[\s\S]*fee[\s\S]*bond/,
    );
    // A's score at B dropped below zero.
    await eventually(() => b.peerScore(a.peerId) < 0);

    // A later valid quote still goes through, behind the rejected ones on the same stream: nothing else arrived.
    const later = await make({ basisPointFee: 900 });
    await a.publishMake(later);
    await atC.until(2);
    expect(atC.seen.map((e) => e.message)).toEqual([valid, later]);
    expect(atB.seen.map((e) => e.message)).toEqual([valid, later]);
    expect(droppedAtC.seen).toEqual([]);
  });

  it("relays a countersigned quote on the take topic, and not one countersigned by someone else", async () => {
    const { a, b, c } = await line();
    const atC = collect(c, "take");
    const droppedAtB = collect(b, "dropped");

    const wrong = await take({}, { countersigner: stranger });
    await a.libp2p.services.pubsub.publish(QUOTE_TAKE_TOPIC, encodeTakeMessage(wrong));
    await droppedAtB.until(1);
    expect(droppedAtB.seen[0]).toMatchObject({ topic: QUOTE_TAKE_TOPIC, verdict: "reject" });
    expect(droppedAtB.seen[0].reason).toMatch(/countersigned by/);

    const valid = await take();
    await a.publishTake(valid);
    await atC.until(1);
    expect(atC.seen.map((e) => e.message)).toEqual([valid]);
  });

  it("rejects malformed bytes, ignores what the view cannot judge, and refuses to publish an invalid quote", async () => {
    let current: QuoteChainView | null = view();
    const b = await host({ chainView: () => current });
    const a = await host({ bootstrap: b.multiaddrs() });
    await Promise.all([a.whenReady(), b.whenReady()]);
    const dropped = collect(b, "dropped");

    await a.libp2p.services.pubsub.publish(QUOTE_MAKE_TOPIC, new Uint8Array([1, 2, 3]));
    await dropped.until(1);
    expect(dropped.seen[0]).toMatchObject({ verdict: "reject" });
    expect(dropped.seen[0].reason).toMatch(/malformed/);

    current = null;
    await a.libp2p.services.pubsub.publish(QUOTE_MAKE_TOPIC, encodeMakeMessage(await make()));
    await dropped.until(2);
    expect(dropped.seen[1]).toMatchObject({ verdict: "ignore", reason: "no chain view yet" });

    await expect(a.publishMake(await make({ basisPointFee: MAX_FEE + 1n }))).rejects.toThrow(QuotePublishError);
    await expect(a.publishMake(await make({ basisPointFee: MAX_FEE + 1n }))).rejects.toThrow(/fee/);
  });

  it("deduplicates a quote by its payload: the same bytes from another publisher are the same message", async () => {
    const { a, c } = await line();
    const atC = collect(c, "make");
    const quote = await make();
    await a.publishMake(quote);
    await atC.until(1);
    // C publishing the quote it received: refused by C's filter, and by gossipsub's seen cache (payload-hash id).
    await expect(c.publishMake(quote)).rejects.toThrow(/already relayed/);
    await expect(c.libp2p.services.pubsub.publish(QUOTE_MAKE_TOPIC, encodeMakeMessage(quote))).rejects.toThrow(
      /Duplicate/,
    );
  });

  it("keeps its peer key in a file, so that its peer id survives a restart", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "quote-gossip-"));
    try {
      const peerKeyFile = path.join(dir, "keys", "peer.key");
      const first = await startQuoteGossip({ chainView: () => view(), peerKeyFile });
      const id = first.peerId;
      await first.stop();
      expect((await stat(peerKeyFile)).mode & 0o777).toBe(0o600);
      const second = await startQuoteGossip({ chainView: () => view(), peerKeyFile });
      hosts.push(second);
      expect(second.peerId).toBe(id);
      expect(second.multiaddrs()[0]).toMatch(new RegExp(`^/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/${id}$`));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
