import { describe, expect, it } from "vitest";
import { CooperativeBook, replacedProver, type KeptProofEvent } from "./cooperative-book";

const HASH_A = `0x${"aa".repeat(32)}`;
const HASH_B = `0x${"bb".repeat(32)}`;
const address = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;
const ZERO = address(0);

/** A `ChunkProofKept` of block `HASH_A` by prover `n`. */
const kept = (n: number, chunk: number, replaced: number | null = null, headerHash = HASH_A): KeptProofEvent => ({
  epoch: 3n,
  headerHash,
  chunk,
  prover: address(n),
  score: BigInt(n) * 10n ** 18n,
  feeBurn: 1000 * n,
  replaced: replaced === null ? null : address(replaced),
  tx: `0x${n.toString(16).padStart(2, "0")}${chunk}`,
});

describe("CooperativeBook", () => {
  it("keeps a chunk's provers as the events say: a proof that replaces another takes its place", () => {
    const book = new CooperativeBook();
    book.addKeptProof(kept(1, 0));
    book.addKeptProof(kept(2, 0));
    book.addKeptProof(kept(3, 0));
    expect(book.keptBy(HASH_A, 0).sort()).toEqual([address(1), address(2), address(3)]);
    book.addKeptProof(kept(4, 0, 2));
    expect(book.keptBy(HASH_A, 0).sort()).toEqual([address(1), address(3), address(4)]);
    expect(book.events).toBe(4);
  });

  it("counts a block's chunks holding kept proofs and its kept proofs, by its header hash only", () => {
    const book = new CooperativeBook();
    for (const [n, chunk] of [
      [1, 0],
      [2, 0],
      [3, 0],
      [1, 1],
      [2, 2],
    ] as const) {
      book.addKeptProof(kept(n, chunk));
    }
    // Another block at the same number (a better proposal replaced it): its proofs are not this block's.
    book.addKeptProof(kept(1, 3, null, HASH_B));
    expect(book.progress(HASH_A, 4)).toEqual({ provenChunks: 3, keptProofs: 5 });
    expect(book.progress(HASH_A.toUpperCase().replace("0X", "0x"), 4)).toEqual({ provenChunks: 3, keptProofs: 5 });
    expect(book.progress(HASH_B, 4)).toEqual({ provenChunks: 1, keptProofs: 1 });
    expect(book.progress(HASH_A, 0)).toEqual({ provenChunks: 0, keptProofs: 0 });
  });

  it("lists the latest kept proofs newest first", () => {
    const book = new CooperativeBook();
    for (let n = 1; n <= 5; n++) book.addKeptProof(kept(n, 0));
    expect(book.latest(3).map((k) => k.prover)).toEqual([address(5), address(4), address(3)]);
    expect(book.latest(10)).toHaveLength(5);
  });

  it("adds up what each block's kept proofs were paid, and finds an epoch's finalization or race win", () => {
    const book = new CooperativeBook();
    const reward = (blockNumber: bigint, chunk: number, amount: bigint) =>
      book.addReward({ epoch: 3n, blockNumber, chunk, prover: address(1), reward: amount, burned: amount / 10n });
    reward(7n, 0, 100n);
    reward(7n, 0, 50n);
    reward(8n, 0, 0n); // a FEE_BURN of 100 %: still one paid kept proof
    expect(book.payment(3n, 7n)).toEqual({ proofs: 2, reward: 150n, burned: 15n });
    expect(book.payment(3n, 8n)).toEqual({ proofs: 1, reward: 0n, burned: 0n });
    expect(book.payment(4n, 7n)).toBe(null);

    book.addFinalization({
      epoch: 3n,
      fromBlock: 7n,
      toBlock: 8n,
      rewards: 1000n,
      proverRewards: 150n,
      burned: 20n,
      tx: "0x01",
    });
    book.addRaceWin({
      epoch: 4n,
      fromBlock: 9n,
      toBlock: 9n,
      beneficiary: address(2),
      rewards: 500n,
      proverReward: 200n,
      tx: "0x02",
    });
    expect(book.finalization(3n)?.proverRewards).toBe(150n);
    expect(book.raceWin(3n)).toBe(null);
    expect(book.raceWin(4n)?.beneficiary).toBe(address(2));
    expect(book.finalization(4n)).toBe(null);
    expect(book.events).toBe(5);
  });

  it("reads the zero address as a free place", () => {
    expect(replacedProver(ZERO)).toBe(null);
    expect(replacedProver("0x00000000000000000000000000000000000000AB")).toBe(address(0xab));
  });
});
