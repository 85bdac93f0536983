import { getBytes, hexlify, Signature } from "ethers";
import { describe, expect, it } from "vitest";
import { coordinatorDomain, QUOTE_TYPES } from "@blockage/client";
import type { MakeMessage } from "./messages";
import {
  COORDINATOR,
  EPOCH,
  MAX_FEE,
  MIN_BOND,
  SLOT,
  make,
  proposer,
  prover,
  snapshot,
  stranger,
  take,
  view,
} from "./test-fixtures";
import { MAX_BOND_EXCLUSIVE, quoteChainView, validateMakeMessage, validateTakeMessage } from "./validation";

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** The verdict, and the reason matched against `reason` when given. */
function expectVerdict(result: ReturnType<typeof validateMakeMessage>, verdict: string, reason?: RegExp): void {
  expect(result.verdict, JSON.stringify(result)).toBe(verdict);
  if (reason !== undefined && result.verdict !== "accept") expect(result.reason).toMatch(reason);
}

/** The same signature with one byte of r changed. */
function tampered(signature: string): string {
  const bytes = getBytes(signature);
  bytes[5] ^= 0x01;
  return hexlify(bytes);
}

/** The malleable twin of a signature: s → n − s, v flipped. Recovers to the same signer under ecrecover. */
function twin(signature: string): string {
  const sig = Signature.from(signature);
  const s = N - BigInt(sig.s);
  const bytes = getBytes(signature);
  bytes.set(getBytes(`0x${s.toString(16).padStart(64, "0")}`), 32);
  bytes[64] = sig.v === 27 ? 28 : 27;
  return hexlify(bytes);
}

describe("validateMakeMessage", () => {
  it("accepts a signed quote for the previous epoch in its claim phase, with fee and bond in range", async () => {
    expectVerdict(validateMakeMessage(await make(), view()), "accept");
    // The bounds themselves are allowed.
    expectVerdict(validateMakeMessage(await make({ basisPointFee: MAX_FEE }), view()), "accept");
    expectVerdict(validateMakeMessage(await make({ bond: MIN_BOND }), view()), "accept");
    expectVerdict(validateMakeMessage(await make({ bond: MAX_BOND_EXCLUSIVE - 1n }), view()), "accept");
    expectVerdict(validateMakeMessage(await make({ validUntilSlot: SLOT }), view()), "accept");
    // First and last slots of the claim phase (priority window over at 164, claim window closes at 176).
    expectVerdict(validateMakeMessage(await make({ validUntilSlot: 200n }), view({ currentSlot: 164n })), "accept");
    expectVerdict(validateMakeMessage(await make({ validUntilSlot: 200n }), view({ currentSlot: 175n })), "accept");
  });

  it("rejects forged prover signatures", async () => {
    const m = await make();
    expectVerdict(
      validateMakeMessage({ ...m, proverSignature: tampered(m.proverSignature) }, view()),
      "reject",
      /prover signature/,
    );
    // A valid signature of another quote.
    const other = await make({ basisPointFee: 100 });
    expectVerdict(
      validateMakeMessage({ ...m, proverSignature: other.proverSignature }, view()),
      "reject",
      /recovers to/,
    );
    // Signed by someone else than quote.prover.
    expectVerdict(validateMakeMessage(await make({}, stranger), view()), "reject", /not the quote's prover/);
    // Signed by the prover, but for another chain's coordinator (domain separation).
    const foreign = await prover.signTypedData(coordinatorDomain(1n, COORDINATOR), QUOTE_TYPES, m.quote);
    expectVerdict(validateMakeMessage({ ...m, proverSignature: foreign }, view()), "reject", /recovers to/);
  });

  it("rejects signatures the coordinator refuses: the malleable high-s twin, v other than 27/28", async () => {
    const m = await make();
    expectVerdict(
      validateMakeMessage({ ...m, proverSignature: twin(m.proverSignature) }, view()),
      "reject",
      /malleable/,
    );
    const bytes = getBytes(m.proverSignature);
    bytes[64] -= 27;
    expectVerdict(validateMakeMessage({ ...m, proverSignature: hexlify(bytes) }, view()), "reject", /v is/);
  });

  it("rejects expired quotes, and ignores one that expired a slot ago", async () => {
    expectVerdict(validateMakeMessage(await make({ validUntilSlot: SLOT - 2n }), view()), "reject", /expired/);
    expectVerdict(validateMakeMessage(await make({ validUntilSlot: 0n }), view()), "reject", /expired/);
    expectVerdict(validateMakeMessage(await make({ validUntilSlot: SLOT - 1n }), view()), "ignore", /expired/);
  });

  it("rejects fees above maxQuoteFee and bonds outside [minBond, 2^96)", async () => {
    expectVerdict(validateMakeMessage(await make({ basisPointFee: MAX_FEE + 1n }), view()), "reject", /fee/);
    expectVerdict(validateMakeMessage(await make({ basisPointFee: 65_535 }), view()), "reject", /fee/);
    expectVerdict(validateMakeMessage(await make({ bond: MIN_BOND - 1n }), view()), "reject", /bond/);
    expectVerdict(validateMakeMessage(await make({ bond: 0n }), view()), "reject", /bond/);
    expectVerdict(validateMakeMessage(await make({ bond: MAX_BOND_EXCLUSIVE }), view()), "reject", /bond/);
  });

  it("rejects quotes for an epoch that is not the previous one or not in its claim phase", async () => {
    const at = (slot: bigint) => view({ currentSlot: slot });
    const long = { validUntilSlot: 1000n };
    // The current epoch (5), an older one (3), one far ahead.
    expectVerdict(validateMakeMessage(await make({ ...long, epoch: EPOCH + 1n }), view()), "reject", /claim phase/);
    expectVerdict(validateMakeMessage(await make({ ...long, epoch: EPOCH - 1n }), view()), "reject", /claim phase/);
    expectVerdict(validateMakeMessage(await make({ ...long, epoch: 1000n }), view()), "reject", /claim phase/);
    // Epoch 4 while it is still running, and after its claim window closed.
    expectVerdict(validateMakeMessage(await make(long), at(150n)), "reject", /claim phase/);
    expectVerdict(validateMakeMessage(await make(long), at(177n)), "reject", /claim phase/);
    expectVerdict(validateMakeMessage(await make(long), at(200n)), "reject", /claim phase/);
  });

  it("ignores quotes a slot away from the claim phase or in the priority window (not provably wrong)", async () => {
    const at = (slot: bigint) => view({ currentSlot: slot });
    const long = { validUntilSlot: 1000n };
    expectVerdict(validateMakeMessage(await make(long), at(176n)), "ignore", /a slot away/);
    expectVerdict(validateMakeMessage(await make(long), at(163n)), "ignore", /a slot away/);
    expectVerdict(validateMakeMessage(await make(long), at(160n)), "ignore", /priority window/);
  });

  it("ignores quotes for an epoch already claimed, or whose windows the view does not know", async () => {
    expectVerdict(validateMakeMessage(await make(), view({ claimedEpochs: [EPOCH] })), "ignore", /claimed/);
    const unknown = { ...view(), windows: () => null };
    expectVerdict(validateMakeMessage(await make(), unknown), "ignore", /not known/);
  });

  it("rejects a provably bad quote even when it would also be ignored", async () => {
    const claimed = view({ claimedEpochs: [EPOCH] });
    expectVerdict(validateMakeMessage(await make({ basisPointFee: MAX_FEE + 1n }), claimed), "reject", /fee/);
    const forged: MakeMessage = { ...(await make()), proverSignature: (await make({}, stranger)).proverSignature };
    expectVerdict(validateMakeMessage(forged, claimed), "reject", /signature/);
  });
});

describe("validateTakeMessage", () => {
  it("accepts a quote countersigned for the current slot by its proposer", async () => {
    expectVerdict(validateTakeMessage(await take(), view()), "accept");
  });

  it("rejects a countersignature that is not from the slot's proposer", async () => {
    expectVerdict(
      validateTakeMessage(await take({}, { countersigner: stranger }), view()),
      "reject",
      /countersigned by/,
    );
    expectVerdict(validateTakeMessage(await take({}, { countersigner: prover }), view()), "reject", /countersigned by/);
    // The proposer's signature for another slot, presented for this one.
    expectVerdict(validateTakeMessage(await take({}, { signedSlot: SLOT - 1n }), view()), "reject", /countersigned by/);
    const t = await take();
    expectVerdict(
      validateTakeMessage({ ...t, proposerSignature: tampered(t.proposerSignature) }, view()),
      "reject",
      /countersign/,
    );
    expectVerdict(
      validateTakeMessage({ ...t, proposerSignature: twin(t.proposerSignature) }, view()),
      "reject",
      /malleable/,
    );
  });

  it("checks the quote itself like a make message", async () => {
    const t = await take();
    expectVerdict(
      validateTakeMessage({ ...t, proverSignature: tampered(t.proverSignature) }, view()),
      "reject",
      /prover signature/,
    );
    expectVerdict(validateTakeMessage(await take({ basisPointFee: MAX_FEE + 1n }), view()), "reject", /fee/);
    expectVerdict(validateTakeMessage(await take({ bond: MIN_BOND - 1n }), view()), "reject", /bond/);
    expectVerdict(validateTakeMessage(await take({ epoch: EPOCH + 1n }), view()), "reject", /claim phase/);
    expectVerdict(validateTakeMessage(await take(), view({ claimedEpochs: [EPOCH] })), "ignore", /claimed/);
  });

  it("accepts only the current slot: one slot away is ignored, further is rejected", async () => {
    const long = { validUntilSlot: 1000n };
    expectVerdict(validateTakeMessage(await take(long, { slot: SLOT - 1n }), view()), "ignore", /one slot away/);
    expectVerdict(validateTakeMessage(await take(long, { slot: SLOT + 1n }), view()), "ignore", /one slot away/);
    expectVerdict(validateTakeMessage(await take(long, { slot: SLOT - 2n }), view()), "reject", /current slot/);
    expectVerdict(validateTakeMessage(await take(long, { slot: SLOT + 5n }), view()), "reject", /current slot/);
  });

  it("rejects a quote countersigned for a slot after its expiry", async () => {
    // Valid until SLOT - 1 (so expired one slot ago: ignored as a make), but countersigned for SLOT.
    expectVerdict(validateTakeMessage(await take({ validUntilSlot: SLOT - 1n }), view()), "reject", /last slot/);
  });

  it("ignores a take while the view knows no proposal for the slot", async () => {
    expectVerdict(validateTakeMessage(await take(), view({ currentProposer: null })), "ignore", /no proposal/);
  });
});

describe("quoteChainView", () => {
  it("gives every epoch's windows from the offsets, claims of the listed epochs, the current slot's proposer", () => {
    const v = quoteChainView(snapshot({ claimedEpochs: [3n] }));
    expect(v.windows(4n)).toEqual({
      claimOpens: 160n,
      priorityEnds: 164n,
      claimCloses: 176n,
      proofDeadline: 184n,
      finalDeadline: 224n,
    });
    expect(v.windows(0n)?.claimOpens).toBe(32n);
    expect(v.claimed(3n)).toBe(true);
    expect(v.claimed(4n)).toBe(false);
    expect(v.proposerOf(SLOT)).toBe(proposer.address);
    expect(v.proposerOf(SLOT - 1n)).toBeNull();
    expect(Object.isFrozen(v)).toBe(true);
  });
});
