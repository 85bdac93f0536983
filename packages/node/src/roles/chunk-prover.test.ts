// The Cooperative prover's open-race decision without a chain: which epoch statuses send an epoch to the open race, and
// that the hand-over to the job distributor happens once, is committed to lmdb (a restart does not repeat it), and is
// tried again when the JD could not take it. The JD is a recorder of `serveEpoch` calls; the store is a real lmdb.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CooperativeCoordinator } from "@blockage/client";
import type { NodeContext } from "../context";
import { NodeStore, key } from "../store";
import { ChunkProver, joinsOpenRace, type ChunkJobDistributor } from "./chunk-prover";

const windows = { epochEnds: 64n, provingCloses: 68n, finalDeadline: 112n };
const race = { phase: "openRace" as const, nextToProve: true, currentSlot: 70n, windows };

describe("joinsOpenRace", () => {
  it("sends the oldest unproven epoch with a chunk holding no proof to the race, before its final deadline only", () => {
    expect(joinsOpenRace(race)).toBe(true);
    expect(joinsOpenRace({ ...race, currentSlot: 111n })).toBe(true);
    expect(joinsOpenRace({ ...race, currentSlot: 112n })).toBe(false); // pruned from the final deadline on
    expect(joinsOpenRace({ ...race, nextToProve: false })).toBe(false); // an older epoch goes first
    for (const phase of ["proposing", "proving", "finalize", "closed", "settled"] as const) {
      expect(joinsOpenRace({ ...race, phase }), phase).toBe(false);
    }
  });
});

describe("ChunkProver.enterOpenRace", () => {
  let dir: string;
  let store: NodeStore;
  const served: bigint[] = [];
  const events: { event: string; fields?: Record<string, unknown> }[] = [];
  let refuse: Error | null = null;

  const jd = {
    serveEpoch: async (epoch: bigint) => {
      if (refuse !== null) throw refuse;
      served.push(epoch);
    },
  } as unknown as ChunkJobDistributor;

  /** A chunk prover over `store`: the decision reads and writes only the store, the log and the JD. */
  const prover = () =>
    new ChunkProver(
      {
        store,
        identity: { roles: 2 },
        log: (_level: string, event: string, _message: string, fields?: Record<string, unknown>) =>
          events.push({ event, fields }),
      } as unknown as NodeContext,
      null as unknown as CooperativeCoordinator,
      { minKeepProbability: 0.3, feeBurn: 0, rescueSlots: 6n, withdrawAtLeast: 1n },
      jd,
      4n,
    );

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "chunk-prover-race-"));
    store = new NodeStore(dir);
    served.length = 0;
    events.length = 0;
    refuse = null;
  });

  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("hands the epoch to the JD once, logs open-race, and remembers it across a restart", async () => {
    expect(await prover().enterOpenRace(1n, race)).toBe(true);
    expect(served).toEqual([1n]);
    expect(events.map((e) => e.event)).toEqual(["open-race"]);
    expect(events[0]!.fields).toMatchObject({ epoch: 1n, finalDeadline: 112n });
    expect(store.races.get(key(1n))).toMatchObject({ epoch: "1", slot: "70", finalDeadline: "112" });

    // The same process, a slot later: nothing new.
    const same = prover();
    expect(await same.enterOpenRace(1n, { ...race, currentSlot: 71n })).toBe(false);
    // A restart: the store is opened again and the decision is read back.
    await store.close();
    store = new NodeStore(dir);
    expect(await prover().enterOpenRace(1n, { ...race, currentSlot: 72n })).toBe(false);
    expect(served).toEqual([1n]);
    expect(events.map((e) => e.event)).toEqual(["open-race"]);
  });

  it("hands nothing over for an epoch that can finalize, is not next, or is past its final deadline", async () => {
    const p = prover();
    expect(await p.enterOpenRace(2n, { ...race, phase: "finalize" })).toBe(false);
    expect(await p.enterOpenRace(2n, { ...race, nextToProve: false })).toBe(false);
    expect(await p.enterOpenRace(2n, { ...race, currentSlot: 112n })).toBe(false);
    expect(served).toEqual([]);
    expect(store.races.get(key(2n))).toBeUndefined();
  });

  it("records nothing when the JD cannot take the epoch, and hands it over on a later try", async () => {
    refuse = new Error("the JD's chain is unreachable");
    await expect(prover().enterOpenRace(3n, race)).rejects.toThrow(/unreachable/);
    expect(store.races.get(key(3n))).toBeUndefined();
    expect(events).toEqual([]);
    refuse = null;
    expect(await prover().enterOpenRace(3n, { ...race, currentSlot: 71n })).toBe(true);
    expect(served).toEqual([3n]);
  });
});
