import { describe, expect, it } from "vitest";
import { computeBlock, type ChunkProof } from "@blockage/circuits";
import { prefixBlock } from "../testing/prefix-blocks";
import {
  blockProofs,
  chunkOrders,
  fittingPrefix,
  provingDecision,
  shouldFlag,
  splitByEpoch,
  type PrefixBlock,
} from "./state-update-policy";

const block = (n: number, slot: bigint, txCount: number): PrefixBlock => prefixBlock(n, slot, txCount);

const ME = "0x00000000000000000000000000000000000000aa";
const OTHER = "0x00000000000000000000000000000000000000bb";
const policy = { minBlocks: 3, maxWaitSlots: 4n };

describe("provingDecision", () => {
  const base = { slot: 10n, right: { open: true }, me: ME, policy };
  it("waits with nothing provable", () => {
    expect(provingDecision({ ...base, blocks: 0, oldestSlot: null })).toEqual({
      prove: false,
      reason: "nothing-provable",
    });
  });
  it("proves a long enough prefix, or one whose oldest block waited", () => {
    expect(provingDecision({ ...base, blocks: 3, oldestSlot: 9n }).reason).toBe("enough-blocks");
    expect(provingDecision({ ...base, blocks: 1, oldestSlot: 6n }).reason).toBe("oldest-waited");
    expect(provingDecision({ ...base, blocks: 2, oldestSlot: 7n })).toEqual({ prove: false, reason: "waiting" });
  });
  it("in a fallback turn proves only its own, at once", () => {
    const turn = (turnProver: string) => ({ ...base, right: { open: false, turnProver }, blocks: 1, oldestSlot: 9n });
    expect(provingDecision(turn(ME.toUpperCase().replace("0X", "0x")))).toEqual({ prove: true, reason: "my-turn" });
    expect(provingDecision(turn(OTHER))).toEqual({ prove: false, reason: "not-my-turn" });
  });
});

describe("fittingPrefix and chunkOrders", () => {
  it("keeps whole blocks within the verifier's chunks, at least one", () => {
    const blocks = [block(1, 1n, 32), block(2, 2n, 16), block(3, 3n, 16)];
    expect(fittingPrefix(blocks, 3).map((b) => b.blockNumber)).toEqual([1n, 2n]);
    expect(fittingPrefix(blocks, 1).map((b) => b.blockNumber)).toEqual([1n]);
    expect(fittingPrefix(blocks, 10)).toHaveLength(3);
  });
  it("groups chunk orders by epoch, with each chunk's start state and transactions", () => {
    const blocks = [block(1, 15n, 32), block(2, 16n, 16)];
    const orders = chunkOrders(blocks, 16n);
    expect([...orders.keys()]).toEqual([0n, 1n]);
    const first = orders.get(0n)!;
    expect(first.map((o) => o.chunk)).toEqual([0, 1]);
    expect(first[0]!.prevState).toBe(1n);
    expect(first[1]!.prevState).toBe(
      computeBlock({ prevState: 1n, txs: blocks[0]!.txs.map(BigInt) }).chunks[1]!.prevState,
    );
    expect(first[1]!.txs).toEqual(blocks[0]!.txs.slice(16));
    expect(orders.get(1n)!.map((o) => o.blockNumber)).toEqual([2n]);
  });
});

describe("blockProofs", () => {
  const fake = (id: number) => ({
    proof: { id } as unknown as ChunkProof["proof"],
    publicInputs: ["1", "2", "3", String(id)] as [string, string, string, string],
  });
  it("assembles the results in chunk order, bound to the prover", () => {
    const b = block(1, 1n, 32);
    const proofs = blockProofs([{ header: b.header, epoch: 0n, chunkIds: [4, 5] }], (_, id) => fake(id), ME);
    expect(proofs).toHaveLength(1);
    expect(proofs![0]!.prover).toBe(ME);
    expect(proofs![0]!.newState).toBe(b.header.newState);
    expect(proofs![0]!.chunks.map((c) => c.publicSignals[3])).toEqual(["4", "5"]);
  });
  it("is null while a chunk is unproven", () => {
    const b = block(1, 1n, 32);
    expect(
      blockProofs([{ header: b.header, epoch: 0n, chunkIds: [4, 5] }], (_, id) => (id === 4 ? fake(4) : undefined), ME),
    ).toBeNull();
  });
});

describe("splitByEpoch", () => {
  it("splits by transactions, the dust to the last block's epoch, and sums to the amount", () => {
    const split = splitByEpoch(
      [
        { epoch: 3n, txCount: 16 },
        { epoch: 3n, txCount: 16 },
        { epoch: 4n, txCount: 16 },
      ],
      100n,
    );
    expect(split.get(3n)).toBe(66n);
    expect(split.get(4n)).toBe(34n);
    expect(splitByEpoch([], 5n).size).toBe(0);
  });
});

describe("shouldFlag", () => {
  const base = { fee: 10n, maxProvingCostPerTx: 20n, activeEpochs: 2n, minActiveEpochs: 1n, flaggedThisEpoch: false };
  it("flags a fee below the cost when active enough, once per epoch", () => {
    expect(shouldFlag(base)).toBe(true);
    expect(shouldFlag({ ...base, flaggedThisEpoch: true })).toBe(false);
    expect(shouldFlag({ ...base, activeEpochs: 0n })).toBe(false);
    expect(shouldFlag({ ...base, fee: 20n })).toBe(false);
    expect(shouldFlag({ ...base, maxProvingCostPerTx: null })).toBe(false);
  });
});
