// Sidecar on populations whose outcome is known in advance.
import { describe, expect, it } from "vitest";
import { runWorld } from "./test-world";

const reliable = { reliability: 1 };

describe("SidecarMechanism", () => {
  it("lets the designated prover prove every epoch when every prover is honest, fast and cheap", () => {
    const record = runWorld("sidecar", () => ({ ...reliable, strategy: "honest", speed: 20, costPerChunk: 0.01 }));
    expect(record.events.designatedClaims).toBe(30);
    expect(record.events.missedClaims).toBe(0);
    expect(record.wastedChunks).toBe(0);
    // Claimed in the priority window's first slot, 48-ish chunks at 20 per slot (≤ 4 slots with the jitter) + 1.
    for (const after of record.provenAfter) expect(after).toBeLessThanOrEqual(6);
  });

  it("slashes every griefing claimant, and prunes the epoch when nobody is left to race", () => {
    const record = runWorld("sidecar", () => ({ ...reliable, strategy: "griefing" }));
    expect(record.events.missedClaims).toBe(30);
    expect(record.events.slashedBonds).toBe(30);
    expect(record.events.prunedEpochs).toBe(30);
    expect(record.paidChunks).toBe(0);
    // Each missed bond: half burned, half back to the reward pool (no rescuer).
    expect(record.burned).toBe(30n * 50n * 10n ** 18n);
    expect(record.returnedToPool).toBe(30n * 50n * 10n ** 18n);
  });

  it("rescues a griefer's epoch in the backup race, which pays the rescue share", () => {
    const record = runWorld("sidecar", (p) => ({
      ...reliable,
      strategy: p.id % 2 === 0 ? "griefing" : "honest",
      speed: 20,
      costPerChunk: 0.01,
    }));
    expect(record.events.missedClaims).toBeGreaterThan(0);
    expect(record.events.prunedEpochs).toBe(0);
    // Backup proofs land after the 24-slot proof deadline, before the 48-slot final deadline.
    const late = Array.from(record.provenAfter).filter((after) => after > 24);
    expect(late.length).toBe(record.events.missedClaims);
    for (const after of late) expect(after).toBeLessThanOrEqual(48);
    expect(record.credited + record.burned).toBe(record.valueIn);
  });

  it("leaves an epoch to the open race when no prover can prove it in time", () => {
    const record = runWorld("sidecar", () => ({ ...reliable, strategy: "honest", speed: 0.5 }));
    expect(record.events.designatedClaims + record.events.quoteClaims).toBe(0);
    expect(record.events.openRaces).toBe(30);
    // 48-ish chunks at 0.5 per slot from slot 8: past the final deadline, so pruned.
    expect(record.events.prunedEpochs).toBe(30);
  });
});
