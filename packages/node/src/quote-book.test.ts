// The quotes a proposer chooses from: the cheapest valid quote, bonded enough, never one of a prover passed over.
import { describe, expect, it } from "vitest";
import { QuoteBook, type SignedQuote } from "./quote-book";

const quote = (prover: string, epoch: bigint, fee: bigint, bond: bigint, validUntilSlot = 100n): SignedQuote => ({
  quote: { prover, epoch, basisPointFee: fee, bond, validUntilSlot },
  proverSignature: `0x${prover.slice(2, 4).repeat(65)}`,
});
const A = "0x" + "a1".repeat(20);
const B = "0x" + "b2".repeat(20);
const C = "0x" + "c3".repeat(20);

describe("QuoteBook", () => {
  it("picks the lowest fee, then the highest bond, among quotes valid at the slot and within the bounds", () => {
    const book = new QuoteBook();
    book.add(quote(A, 5n, 1500n, 100n));
    book.add(quote(B, 5n, 1200n, 100n));
    book.add(quote(C, 5n, 1200n, 300n));
    expect(book.best(5n, 90n, 100n, 5000n)?.quote.prover).toBe(C);
    expect(book.best(5n, 90n, 200n, 5000n)?.quote.prover).toBe(C); // B's bond is too small
    expect(book.best(5n, 90n, 400n, 5000n)).toBeNull();
    expect(book.best(5n, 90n, 100n, 1300n)?.quote.prover).toBe(C);
    expect(book.best(5n, 101n, 100n, 5000n)).toBeNull(); // all expired
    expect(book.best(6n, 90n, 100n, 5000n)).toBeNull(); // another epoch
  });

  it("keeps one quote per prover and epoch, the latest", () => {
    const book = new QuoteBook();
    book.add(quote(A, 5n, 1500n, 100n));
    book.add(quote(A, 5n, 900n, 100n));
    expect(book.quotes(5n)).toHaveLength(1);
    expect(book.best(5n, 1n, 1n, 5000n)?.quote.basisPointFee).toBe(900n);
  });

  it("passes over an excluded prover for the rest of the epoch, and forgets old epochs", () => {
    const book = new QuoteBook();
    book.add(quote(A, 5n, 1000n, 100n));
    book.add(quote(B, 5n, 2000n, 100n));
    book.exclude(5n, A.toUpperCase().replace("0X", "0x"));
    expect(book.best(5n, 1n, 1n, 5000n)?.quote.prover).toBe(B);
    book.prune(6n);
    expect(book.quotes(5n)).toHaveLength(0);
    book.add(quote(A, 5n, 1000n, 100n));
    expect(book.best(5n, 1n, 1n, 5000n)?.quote.prover).toBe(A); // the exclusion went with its epoch
  });
});
