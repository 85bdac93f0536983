// Quotes, signatures and chain views shared by the gossip tests (not part of the package's entry point).
import { getAddress, Wallet } from "ethers";
import {
  coordinatorDomain,
  countersignQuote,
  QUOTE_TYPES,
  signQuote,
  toQuote,
  type NormalizedQuote,
  type Quote,
} from "@blockage/client";
import type { MakeMessage, TakeMessage } from "./messages";
import { quoteChainView, type QuoteChainSnapshot, type QuoteChainView } from "./validation";

export const CHAIN_ID = 31337n;
export const COORDINATOR = getAddress("0x" + "c0".repeat(20));
export const DOMAIN = coordinatorDomain(CHAIN_ID, COORDINATOR);

/** Fixed keys: the tests are deterministic (ethers signs with RFC 6979 nonces). */
export const prover = new Wallet("0x" + "11".repeat(32));
export const proposer = new Wallet("0x" + "22".repeat(32));
export const stranger = new Wallet("0x" + "33".repeat(32));

/**
 * Epochs of 32 slots, a priority window of 4 slots and a claim window of 16: epoch 4's claim phase (with a quote) is
 * slots [164, 176), in epoch 5. The view's slot is 170, whose best proposal is `proposer`'s.
 */
export const EPOCH_SLOTS = 32n;
export const EPOCH = 4n;
export const SLOT = 170n;
export const MIN_BOND = 10n ** 18n;
export const MAX_FEE = 5000n;

export function snapshot(overrides: Partial<QuoteChainSnapshot> = {}): QuoteChainSnapshot {
  return {
    chainId: CHAIN_ID,
    coordinator: COORDINATOR,
    currentSlot: SLOT,
    minBond: MIN_BOND,
    maxQuoteFee: MAX_FEE,
    epochSlots: EPOCH_SLOTS,
    windowOffsets: { priorityEnds: 4n, claimCloses: 16n, proofDeadline: 24n, finalDeadline: 64n },
    claimedEpochs: [],
    currentProposer: proposer.address,
    ...overrides,
  };
}

export function view(overrides: Partial<QuoteChainSnapshot> = {}): QuoteChainView {
  return quoteChainView(snapshot(overrides));
}

export function quote(overrides: Partial<Quote> = {}): NormalizedQuote {
  return toQuote({
    prover: prover.address,
    epoch: EPOCH,
    basisPointFee: 1500,
    bond: 2n * MIN_BOND,
    validUntilSlot: SLOT + 4n,
    ...overrides,
  });
}

/** A make message signed by the quote's prover (or by `signer`, for forgeries). */
export async function make(overrides: Partial<Quote> = {}, signer: Wallet = prover): Promise<MakeMessage> {
  const q = quote(overrides);
  if (signer.address === q.prover) {
    const { signature } = await signQuote(signer, { domain: DOMAIN, quote: q });
    return { quote: q, proverSignature: signature };
  }
  return { quote: q, proverSignature: await signer.signTypedData(DOMAIN, QUOTE_TYPES, q) };
}

/** A take message: `make(...)` countersigned for `slot` by `countersigner` (default: the slot's proposer). */
export async function take(
  overrides: Partial<Quote> = {},
  options: { slot?: bigint; countersigner?: Wallet; signedSlot?: bigint } = {},
): Promise<TakeMessage> {
  const m = await make(overrides);
  const slot = options.slot ?? SLOT;
  const { signature } = await countersignQuote(options.countersigner ?? proposer, {
    domain: DOMAIN,
    quote: m.quote,
    slot: options.signedSlot ?? slot,
  });
  return { ...m, slot, proposerSignature: signature };
}
