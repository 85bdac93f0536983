import { describe, expect, it } from "vitest";
import { epochPhase, type EpochStatus, type EpochWindows } from "./epoch-status";
import { proofRaceOf } from "./proof-race";

// Epoch 3 of 32-slot epochs with the default windows: claims open at 128, priority to 132, claims to 136, the
// claimant's deadline 152, the final deadline 176.
const windows: EpochWindows = {
  claimOpens: 128n,
  priorityEnds: 132n,
  claimCloses: 136n,
  proofDeadline: 152n,
  finalDeadline: 176n,
};

function status(slot: bigint, claim: EpochStatus["status"], awaitingProof = true, nextToProve = true): EpochStatus {
  return {
    epoch: 3n,
    currentSlot: slot,
    claimedBy: claim === "None" ? null : "0x0000000000000000000000000000000000000001",
    countersignedBy: null,
    status: claim,
    bond: 0n,
    basisPointFee: 2_000n,
    designatedProver: null,
    windows,
    awaitingProof,
    nextToProve,
    phase: epochPhase(slot, windows, claim, awaitingProof),
  };
}

describe("epoch phases and the proof race", () => {
  it.each([
    [100n, "None", true, "proposing"],
    [128n, "None", true, "priority"],
    [132n, "None", true, "claim"],
    [136n, "None", true, "openRace"],
    [140n, "Claimed", true, "proving"],
    [152n, "Claimed", true, "openRace"],
    [176n, "Claimed", false, "slashable"],
    [160n, "Proven", false, "proven"],
    [140n, "None", false, "settled"],
    [176n, "None", true, "settled"],
  ] as const)("slot %s, claim %s, awaiting %s → %s", (slot, claim, awaiting, phase) => {
    expect(epochPhase(slot, windows, claim, awaiting)).toBe(phase);
  });

  it("says who may submit and who is paid", () => {
    expect(proofRaceOf(status(130n, "None"))).toMatchObject({ open: false, submitNow: false, opensAt: 136n });
    expect(proofRaceOf(status(140n, "Claimed"))).toMatchObject({
      open: false,
      submitNow: true,
      proverFeeTo: "claimant",
      opensAt: 152n,
    });
    expect(proofRaceOf(status(137n, "None"))).toMatchObject({
      open: true,
      submitNow: true,
      proverFeeTo: "beneficiary",
    });
    expect(proofRaceOf(status(153n, "Claimed"))).toMatchObject({ open: true, rescue: true, closesAt: 176n });
    const blocked = proofRaceOf(status(137n, "None", true, false));
    expect(blocked).toMatchObject({ open: true, submitNow: false });
    expect(blocked.reason).toMatch(/earlier epoch/);
    expect(proofRaceOf(status(180n, "Proven", false))).toMatchObject({ submitNow: false, opensAt: null });
  });
});
