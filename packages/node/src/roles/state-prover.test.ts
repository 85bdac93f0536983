// The open-race prover's race without a chain: a prefix is handed to the job distributor once (also across a
// restart), its state update is sent once the chunk results are in and booked to its blocks' epochs, an update by
// another node first is logged as lost with the chunk proofs it wasted, and an update whose answer was lost (a `sending`
// record after a crash) is found in the coordinator's events instead of being sent again. The chain reads and
// transactions are stubs; the store is a real lmdb.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { BlockHeader, OpenRaceCoordinator } from "@blockage/client";
import { prefixBlock as block } from "../testing/prefix-blocks";
import type { NodeContext } from "../context";
import { NodeStore, key } from "../store";
import { StateProver, type StateJobDistributor } from "./state-prover";

const client = vi.hoisted(() => ({
  provable: [] as unknown[],
  submitted: [] as { headers: unknown[] }[],
  flagsSent: 0,
}));

vi.mock("@blockage/client", async (original) => ({
  ...(await original<typeof import("@blockage/client")>()),
  getProvableBlocks: async () => ({ blocks: client.provable, includesTip: true }),
  getProofRight: async () => ({ open: true, turnEndsAt: 0n, stallStart: 0n, turnsBeginAt: 0n }),
  getProvingFee: async () => ({ fee: 10n, rolledEpoch: 0n, rolledFee: 10n, flags: 0n, flagQuorum: 2n }),
  flagPriceTooLow: async () => {
    client.flagsSent++;
    return { hash: "0x" + "ff".repeat(32), epoch: 0n, flags: 1n, receipt: {} };
  },
  submitStateUpdate: async (_c: unknown, params: { headers: BlockHeader[] }) => {
    client.submitted.push(params);
    const from = (client.provable[0] as { blockNumber: bigint }).blockNumber;
    return {
      hash: "0x" + "aa".repeat(32),
      updateId: 7n,
      fromBlock: from,
      toBlock: from + BigInt(params.headers.length) - 1n,
      provingFees: 320n,
      proverReward: 256n,
      update: { transition: "0x", prover: ME, turnProver: OTHER, reserve: 64n, time: 1n },
      receipt: { gasUsed: 1n },
    };
  },
}));

const ME = "0x00000000000000000000000000000000000000Aa";
const OTHER = "0x00000000000000000000000000000000000000bB";

describe("StateProver's race", () => {
  let dir: string;
  let store: NodeStore;
  let provenBlock: bigint;
  const served: { epoch: bigint; chunks: string[] }[] = [];
  const results = new Map<string, unknown>();
  const events: { event: string; fields?: Record<string, unknown> }[] = [];
  let stateUpdated: unknown[] = [];
  let priceFlagged: unknown[] = [];

  const jd = {
    serveChunks: async (epoch: bigint, orders: { headerHash: string; chunk: number; blockNumber: bigint }[]) => {
      served.push({ epoch, chunks: orders.map((o) => `${o.blockNumber}:${o.chunk}`) });
      return orders.map((o) => ({ ...o, chunkId: Number(o.blockNumber) }));
    },
    store: { results: { get: (k: string) => results.get(k) }, epochs: { getRange: () => [] } },
  } as unknown as StateJobDistributor;

  const coordinator = {
    connect: () => coordinator,
    filters: {
      StateUpdated: () => ({}),
      RedundancyRewarded: () => ({}),
      RedundancyReleased: () => ({}),
      PriceFlagged: (epoch: bigint, prover: string) => `PriceFlagged:${epoch}:${prover}`,
    },
    queryFilter: async (f: unknown) =>
      f === "StateUpdated" ? stateUpdated : f === `PriceFlagged:0:${ME}` ? priceFlagged : [],
    config: async () => ({ redundancyWindow: 600n, minActiveEpochs: 1n }),
    activeEpochs: async () => 5n,
    TURN_PROVERS: async () => 4n,
  } as unknown as OpenRaceCoordinator;
  // Which filter a queryFilter call is for.
  (coordinator.filters as unknown as Record<string, () => string>).StateUpdated = () => "StateUpdated";

  const prover = (maxProvingCostPerTx: bigint | null = null) =>
    new StateProver(
      {
        store,
        identity: { roles: 3 },
        validator: { address: ME },
        provider: { getBlockNumber: async () => 10 },
        deployment: { epochSlots: 16n, fromBlock: 0 },
        rollup: {
          tips: async () => ({ provenBlock, pendingBlock: 9n, oldestUnprovenSlot: 0n }),
          blockRecord: async () => ({ slot: 3n }),
        },
        log: (_l: string, event: string, _m: string, fields?: Record<string, unknown>) =>
          events.push({ event, fields }),
      } as unknown as NodeContext,
      coordinator,
      {
        ticketMinWinProbability: 0,
        minBlocks: 2,
        maxWaitSlots: 3n,
        maxProvingCostPerTx,
        withdrawAtLeast: 1n,
      },
      jd,
    );
  /** The race of one slot (the facts the role reads once are given). */
  const race = (p: StateProver, slot: bigint) => {
    (p as unknown as { facts: unknown }).facts = {
      redundancyWindow: 600n,
      minActiveEpochs: 1n,
      turnProvers: 4,
      maxChunks: 8,
    };
    return (p as unknown as { race(slot: bigint): Promise<void> }).race(slot);
  };
  const proof = (n: number) => ({ proof: { n }, publicInputs: ["0", "0", "0", String(n)] });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "state-prover-"));
    store = new NodeStore(dir);
    provenBlock = 0n;
    client.provable = [block(1, 2n), block(2, 3n)];
    client.submitted.length = 0;
    served.length = 0;
    results.clear();
    events.length = 0;
    stateUpdated = [];
    priceFlagged = [];
    client.flagsSent = 0;
  });

  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("proves a prefix once, also across a restart, then sends its update and books what it earned", async () => {
    await race(prover(), 4n);
    expect(served).toEqual([{ epoch: 0n, chunks: ["1:0", "2:0"] }]);
    expect(store.prefixes.get(key(1n))).toMatchObject({ status: "proving", fromBlock: "1", toBlock: "2" });
    await race(prover(), 5n); // results not in yet: nothing new
    await store.close();
    store = new NodeStore(dir);
    await race(prover(), 6n); // a restart: the prefix is still in flight, nothing is served again
    expect(served).toHaveLength(1);
    expect(client.submitted).toEqual([]);

    results.set("0:1", proof(1));
    results.set("0:2", proof(2));
    await race(prover(), 7n);
    expect(client.submitted).toHaveLength(1);
    expect(store.prefixes.get(key(1n))).toMatchObject({ status: "updated", updateId: "7", earned: "256" });
    expect(store.earnings.get(key(0n))).toMatchObject({ earned: "256", settled: false });
    expect(events.map((e) => e.event)).toEqual(["prefix-proving", "state-update"]);
  });

  it("logs a race lost to another update with the chunk proofs it wasted, and goes on from the new tip", async () => {
    await race(prover(), 4n);
    provenBlock = 1n; // another node proved block 1
    client.provable = [block(2, 3n), block(3, 5n)];
    await race(prover(), 6n);
    expect(store.prefixes.get(key(1n))).toMatchObject({ status: "lost" });
    const lost = events.find((e) => e.event === "state-update-lost")!;
    expect(lost.fields).toMatchObject({ wastedChunks: 1, wastedBlocks: 1 });
    // The next prefix starts at block 2: its chunk is served again (the JD keeps its job), block 3's is new.
    expect(served[1]).toEqual({ epoch: 0n, chunks: ["2:0", "3:0"] });
    expect(store.prefixes.get(key(2n))).toMatchObject({ status: "proving" });
  });

  it("finds an update whose answer was lost in a crash in the events, and does not send it again", async () => {
    await race(prover(), 4n);
    await store.commit(() =>
      store.prefixes.put(key(1n), { ...store.prefixes.get(key(1n))!, status: "sending", updatedAt: 0 }),
    );
    provenBlock = 2n; // it landed
    stateUpdated = [
      {
        args: {
          updateId: 3n,
          fromBlock: 1n,
          toBlock: 2n,
          prover: ME,
          turnProver: OTHER,
          transition: "0x",
          reserve: 0n,
          proverReward: 300n,
          time: 1n,
        },
        transactionHash: "0x" + "bb".repeat(32),
      },
    ];
    client.provable = [];
    results.set("0:1", proof(1));
    results.set("0:2", proof(2));
    await race(prover(), 5n);
    expect(client.submitted).toEqual([]);
    expect(store.prefixes.get(key(1n))).toMatchObject({ status: "updated", updateId: "3", earned: "300" });
    expect(events.map((e) => e.event)).not.toContain("state-update-lost");
  });

  /** The L1 signal of one slot of epoch 0 (the facts the role reads once are given). */
  const flag = (p: StateProver) => {
    (p as unknown as { facts: unknown }).facts = {
      redundancyWindow: 600n,
      minActiveEpochs: 1n,
      turnProvers: 4,
      maxChunks: 8,
    };
    return (p as unknown as { flag(epoch: bigint): Promise<void> }).flag(0n);
  };
  const sending = { epoch: "0", fee: "10", cost: "20", status: "sending" as const, txHash: null };

  it("flags a fee below its cost once an epoch, also across a restart", async () => {
    await flag(prover(20n));
    await flag(prover(20n));
    expect(client.flagsSent).toBe(1);
    expect(store.flags.get(key(0n))).toMatchObject({ status: "sent", txHash: "0x" + "ff".repeat(32) });
  });

  it("finds a flag whose answer was lost in a crash in the events, and does not send it again", async () => {
    await store.commit(() => store.flags.put(key(0n), sending));
    priceFlagged = [{ transactionHash: "0x" + "cc".repeat(32) }];
    const p = prover(20n);
    await flag(p);
    await flag(p);
    expect(client.flagsSent).toBe(0);
    expect(store.flags.get(key(0n))).toMatchObject({ status: "sent", txHash: "0x" + "cc".repeat(32) });
    expect(events.map((e) => e.event)).toContain("price-flag-found");
  });

  it("sends again a flag a crash left unsent (no event), once", async () => {
    await store.commit(() => store.flags.put(key(0n), sending));
    const p = prover(20n);
    await flag(p);
    await flag(p);
    expect(client.flagsSent).toBe(1);
    expect(store.flags.get(key(0n))).toMatchObject({ status: "sent", txHash: "0x" + "ff".repeat(32) });
  });
});
