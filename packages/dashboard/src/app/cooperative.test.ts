import { describe, expect, it } from "vitest";
import {
  CooperativeReader,
  type CooperativeBlockView,
  type CooperativeEpochView,
  type CooperativeState,
} from "./cooperative";
import type { BlockageClient } from "./sdk";

// `pendingStage` decides from the state alone: the reader's client is never called here.
const reader = new CooperativeReader({} as BlockageClient, { epochSlots: 16n, fromBlock: 0 });

const block = (number: bigint, patch: Partial<CooperativeBlockView> = {}): CooperativeBlockView => ({
  number,
  headerHash: `0x${"aa".repeat(32)}`,
  pid: `0x${"11".repeat(32)}`,
  feeSplit: 3000n,
  chunks: 2,
  provenChunks: 1,
  keptProofs: 3,
  pending: true,
  paid: null,
  ...patch,
});

const epoch = (phase: CooperativeEpochView["phase"], blocks: CooperativeBlockView[]): CooperativeEpochView => ({
  epoch: 5n,
  phase,
  windows: { epochEnds: 96n, provingCloses: 108n, finalDeadline: 128n },
  nextToProve: true,
  blocks,
  keptProofs: blocks.reduce((n, b) => n + b.keptProofs, 0),
  finalization: null,
  raceWin: null,
});

const state = (epochs: CooperativeEpochView[]): CooperativeState => ({ epochs, latestKept: [] });

describe("CooperativeReader.pendingStage", () => {
  it("puts a pending block at stage 3 and says how far its chunks are proven", () => {
    const s = reader.pendingStage(12n, state([epoch("proving", [block(12n)])]));
    expect(s.stage).toBe(3);
    expect(s.name).toBe("In the highest ranking proposed block");
    expect(s.detail).toContain("1/2 chunks hold kept proofs (3 kept proofs)");
  });

  it("drops a pending block of an epoch past its final deadline to stage 2 (the next action prunes it)", () => {
    const s = reader.pendingStage(12n, state([epoch("settled", [block(12n)])]));
    expect(s.stage).toBe(2);
    expect(s.detail).toContain("passed its final deadline");
  });

  it("keeps a pending block it has not read at stage 3", () => {
    const s = reader.pendingStage(13n, state([epoch("proving", [block(12n)])]));
    expect(s.stage).toBe(3);
    expect(s.detail).toContain("not read yet");
  });
});
