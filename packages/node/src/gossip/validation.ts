// Validation of quote gossip before a message is delivered or relayed: the checks `claimProofRight` will make
// (seed 003's, plus expiry, fee and bond bounds), against a synchronous snapshot of the chain so that a gossip
// validator never waits on RPC. Pure: the same message and view always give the same verdict.
//
// Verdicts map onto gossipsub's: `reject` is for what is provably bad whatever the receiver's view (a signature
// that does not recover to its signer, a fee or bond out of range, an epoch outside its claim phase, an expired
// quote, a countersignature by someone other than the slot's proposer) — the message is dropped and its sender's
// score drops; `ignore` is for what may be fine but is of no use now, or that this node cannot judge yet (the epoch
// is already claimed, the claim phase is one slot away, the slot's proposal is not known) — dropped without penalty.
//
// Clock skew: views are refreshed once a slot, so two honest nodes may be one slot apart. A message that would be
// valid one slot earlier or later than the view's slot is ignored rather than rejected ({@link CLOCK_SKEW_SLOTS}).
// A take message is accepted only for the view's current slot: the claim must land in the slot the proposer
// countersigned, so one for the previous slot is useless (ignored: it may just have arrived late) and one for the
// next slot cannot be checked yet (ignored: the sender's view is ahead).
import { getBytes, recoverAddress, type TypedDataDomain } from "ethers";
import { coordinatorDomain, hashQuote, hashQuoteAcceptance, type EpochWindows } from "@blockage/client";
import { SIGNATURE_BYTES, type MakeMessage, type TakeMessage } from "./messages";

/**
 * What quote validation needs to know about the chain, read once a slot (`readQuoteChainView`) and then queried
 * synchronously by every validation until the next refresh.
 */
export interface QuoteChainView {
  /** The chain id (EIP-712 domain). */
  readonly chainId: bigint;
  /** The prover coordinator's address (EIP-712 domain). */
  readonly coordinator: string;
  /** The slot the view was read at: the slot a claim sent now would land in. */
  readonly currentSlot: bigint;
  /** The least bond a quote may offer (`config().minBond`). */
  readonly minBond: bigint;
  /** The highest fee a quote may ask, basis points (`config().maxQuoteFee`). */
  readonly maxQuoteFee: bigint;
  /** Slots per epoch. */
  readonly epochSlots: bigint;
  /** The epoch's windows (`epochWindows(epoch)`), or `null` if the view cannot tell. */
  windows(epoch: bigint): EpochWindows | null;
  /**
   * Whether the epoch's proof right can no longer be claimed with a quote: claimed (or proven, or slashed), or it has
   * no block left to prove. `false` when the view does not know.
   */
  claimed(epoch: bigint): boolean;
  /** The operator of the slot's best proposal (the only valid countersigner for the slot), or `null` if unknown. */
  proposerOf(slot: bigint): string | null;
}

/** The outcome of validating a gossip message; `reason` says why in one line. */
export type GossipVerdict =
  { verdict: "accept" } | { verdict: "reject"; reason: string } | { verdict: "ignore"; reason: string };

/** How many slots two honest views may differ by: a message valid that many slots away is ignored, not rejected. */
export const CLOCK_SKEW_SLOTS = 1n;

/** Bonds are stored in 96 bits: the coordinator refuses a bond of 2^96 or more. */
export const MAX_BOND_EXCLUSIVE = 1n << 96n;

/** secp256k1's n / 2: OpenZeppelin's ECDSA refuses signatures with a larger s (malleable twins). */
const SECP256K1_HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

const ACCEPT: GossipVerdict = { verdict: "accept" };
const reject = (reason: string): GossipVerdict => ({ verdict: "reject", reason });
const ignore = (reason: string): GossipVerdict => ({ verdict: "ignore", reason });

/**
 * The address a 65-byte signature of `digest` recovers to, under the coordinator's rules (`ECDSA.tryRecover`: v of
 * 27 or 28, s in the lower half of the order); a string saying why not otherwise.
 */
function recoverSigner(digest: string, signature: string): { signer: string } | { error: string } {
  const bytes = getBytes(signature);
  if (bytes.length !== SIGNATURE_BYTES) return { error: `${bytes.length} bytes, not ${SIGNATURE_BYTES}` };
  const v = bytes[64];
  if (v !== 27 && v !== 28) return { error: `v is ${v}, not 27 or 28` };
  const s = BigInt(`0x${Buffer.from(bytes.subarray(32, 64)).toString("hex")}`);
  if (s > SECP256K1_HALF_ORDER) return { error: "s is in the upper half of the curve order (malleable)" };
  try {
    return { signer: recoverAddress(digest, signature) };
  } catch {
    return { error: "no public key recovers from it" };
  }
}

const sameAddress = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function inClaimPhase(epoch: bigint, windows: EpochWindows, slot: bigint, epochSlots: bigint): boolean {
  return slot >= windows.priorityEnds && slot < windows.claimCloses && slot / epochSlots === epoch + 1n;
}

/** The domain is rebuilt per view, not per message. */
const domains = new WeakMap<QuoteChainView, TypedDataDomain>();

function domainOf(view: QuoteChainView): TypedDataDomain {
  let domain = domains.get(view);
  if (domain === undefined) {
    domain = coordinatorDomain(view.chainId, view.coordinator);
    domains.set(view, domain);
  }
  return domain;
}

/**
 * The checks shared by both topics, cheap ones first. Returns a reject verdict at once; an ignore verdict is returned
 * only once every reject check passed (a provably bad message is rejected even when it is also useless).
 */
function checkQuote(message: MakeMessage, view: QuoteChainView, deferred: string[]): GossipVerdict | null {
  const { quote } = message;
  const slot = view.currentSlot;
  if (quote.basisPointFee > view.maxQuoteFee) {
    return reject(`fee ${quote.basisPointFee} bp is above the coordinator's maximum ${view.maxQuoteFee} bp`);
  }
  if (quote.bond < view.minBond || quote.bond >= MAX_BOND_EXCLUSIVE) {
    return reject(`bond ${quote.bond} is outside [minBond ${view.minBond}, 2^96)`);
  }

  const windows = view.windows(quote.epoch);
  if (windows === null) {
    deferred.push(`the windows of epoch ${quote.epoch} are not known`);
  } else if (!inClaimPhase(quote.epoch, windows, slot, view.epochSlots)) {
    const nearby =
      inClaimPhase(quote.epoch, windows, slot - CLOCK_SKEW_SLOTS, view.epochSlots) ||
      inClaimPhase(quote.epoch, windows, slot + CLOCK_SKEW_SLOTS, view.epochSlots);
    const priority =
      slot >= windows.claimOpens && slot < windows.priorityEnds && slot / view.epochSlots === quote.epoch + 1n;
    if (nearby) {
      deferred.push(
        `epoch ${quote.epoch}'s claim phase [${windows.priorityEnds}, ${windows.claimCloses}) is a slot away from slot ${slot}`,
      );
    } else if (priority) {
      deferred.push(
        `epoch ${quote.epoch} is in its designated prover's priority window until slot ${windows.priorityEnds}`,
      );
    } else {
      return reject(
        `epoch ${quote.epoch} is not in its claim phase [${windows.priorityEnds}, ${windows.claimCloses}) at slot ${slot}`,
      );
    }
  }

  if (slot > quote.validUntilSlot + CLOCK_SKEW_SLOTS) {
    return reject(`the quote expired after slot ${quote.validUntilSlot} (current slot ${slot})`);
  }
  if (slot > quote.validUntilSlot) deferred.push(`the quote expired after slot ${quote.validUntilSlot}, one slot ago`);

  const recovered = recoverSigner(hashQuote(domainOf(view), quote), message.proverSignature);
  if ("error" in recovered) return reject(`the prover signature is invalid: ${recovered.error}`);
  if (!sameAddress(recovered.signer, quote.prover)) {
    return reject(`the prover signature recovers to ${recovered.signer}, not the quote's prover ${quote.prover}`);
  }

  if (view.claimed(quote.epoch)) deferred.push(`epoch ${quote.epoch} is already claimed or has nothing to claim`);
  return null;
}

/**
 * Validates a make message (a prover's signed quote) as `claimProofRight` would judge the quote now: fee at most
 * `maxQuoteFee`, bond in [minBond, 2^96), epoch in its claim phase (the previous epoch, after the priority window,
 * before the claim window closes), not expired, signed by `quote.prover`, and the epoch still claimable.
 *
 * @param message - The decoded message.
 * @param view - The chain snapshot.
 * @returns `accept`; `reject` (provably bad); or `ignore` (maybe fine but of no use now).
 * @example
 * const result = validateMakeMessage(decodeMakeMessage(data), view);
 * if (result.verdict !== "accept") log(`quote dropped: ${result.reason}`);
 */
export function validateMakeMessage(message: MakeMessage, view: QuoteChainView): GossipVerdict {
  const deferred: string[] = [];
  const rejected = checkQuote(message, view, deferred);
  if (rejected !== null) return rejected;
  return deferred.length > 0 ? ignore(deferred[0]) : ACCEPT;
}

/**
 * Validates a take message (a quote countersigned for a slot): every check of {@link validateMakeMessage}, plus the
 * slot is the view's current slot (a slot one away is ignored, further is rejected), the quote is still valid in
 * that slot, and the countersignature of `QuoteAcceptance(quote, slot)` recovers to the operator of the slot's best
 * proposal (ignored while the view knows no proposal for the slot).
 *
 * @param message - The decoded message.
 * @param view - The chain snapshot.
 * @returns `accept`, `reject` or `ignore`.
 */
export function validateTakeMessage(message: TakeMessage, view: QuoteChainView): GossipVerdict {
  const deferred: string[] = [];
  const { slot, quote } = message;
  const current = view.currentSlot;
  const distance = slot > current ? slot - current : current - slot;
  if (distance > CLOCK_SKEW_SLOTS) {
    return reject(`countersigned for slot ${slot}, but the current slot is ${current}`);
  }
  if (distance !== 0n) deferred.push(`countersigned for slot ${slot}, one slot away from the current slot ${current}`);
  if (slot > quote.validUntilSlot) {
    return reject(`countersigned for slot ${slot}, after the quote's last slot ${quote.validUntilSlot}`);
  }

  const rejected = checkQuote(message, view, deferred);
  if (rejected !== null) return rejected;

  const recovered = recoverSigner(hashQuoteAcceptance(domainOf(view), quote, slot), message.proposerSignature);
  if ("error" in recovered) return reject(`the proposer countersignature is invalid: ${recovered.error}`);
  const proposer = distance === 0n ? view.proposerOf(slot) : null;
  if (distance === 0n && proposer === null) deferred.push(`no proposal is known for slot ${slot}`);
  if (proposer !== null && !sameAddress(recovered.signer, proposer)) {
    return reject(`countersigned by ${recovered.signer}, not by slot ${slot}'s proposer ${proposer}`);
  }
  return deferred.length > 0 ? ignore(deferred[0]) : ACCEPT;
}

/** The data of a {@link QuoteChainView}, as read from the chain (or built by hand in tests and tools). */
export interface QuoteChainSnapshot {
  chainId: bigint;
  coordinator: string;
  currentSlot: bigint;
  minBond: bigint;
  maxQuoteFee: bigint;
  epochSlots: bigint;
  /**
   * Every epoch's windows are its first claim slot, `(epoch + 1) × epochSlots`, plus the coordinator's fixed offsets
   * (`epochWindows`): these are the offsets.
   */
  windowOffsets: { priorityEnds: bigint; claimCloses: bigint; proofDeadline: bigint; finalDeadline: bigint };
  /** Epochs known to be claimed or to have nothing to claim. */
  claimedEpochs: readonly bigint[];
  /** The operator of the current slot's best proposal, `null` while the slot has none. */
  currentProposer: string | null;
}

/**
 * A {@link QuoteChainView} over a snapshot: windows of any epoch from the coordinator's offsets, `claimed` for the
 * epochs listed, `proposerOf` for the current slot only.
 *
 * @param snapshot - The chain data.
 * @returns A frozen view.
 */
export function quoteChainView(snapshot: QuoteChainSnapshot): QuoteChainView {
  const claimedEpochs = new Set(snapshot.claimedEpochs);
  const offsets = { ...snapshot.windowOffsets };
  return Object.freeze({
    chainId: snapshot.chainId,
    coordinator: snapshot.coordinator,
    currentSlot: snapshot.currentSlot,
    minBond: snapshot.minBond,
    maxQuoteFee: snapshot.maxQuoteFee,
    epochSlots: snapshot.epochSlots,
    windows(epoch: bigint): EpochWindows {
      const claimOpens = (epoch + 1n) * snapshot.epochSlots;
      return {
        claimOpens,
        priorityEnds: claimOpens + offsets.priorityEnds,
        claimCloses: claimOpens + offsets.claimCloses,
        proofDeadline: claimOpens + offsets.proofDeadline,
        finalDeadline: claimOpens + offsets.finalDeadline,
      };
    },
    claimed: (epoch: bigint): boolean => claimedEpochs.has(epoch),
    proposerOf: (slot: bigint): string | null => (slot === snapshot.currentSlot ? snapshot.currentProposer : null),
  });
}
