import { AbiCoder } from "ethers";
import { describe, expect, it } from "vitest";
import {
  type BlockProof,
  type ChunkProof,
  computeBlock,
  encodeEpochProof,
  epochProofArgs,
  toSolidityChunkProof,
} from "./index.js";

// Encoding needs proofs of the right shape only; the points below are not valid proofs (see prove.test.ts and the
// Hardhat tests for real ones).
const PROVER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const OTHER_PROVER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

function fakeBlock(prevState: bigint, tag: number, chunks: number, prover = PROVER): BlockProof {
  const computed = computeBlock({
    prevState,
    txs: Array.from({ length: 16 * chunks }, (_, i) => BigInt(tag * 100 + i)),
  });
  return {
    prevState,
    newState: computed.newState,
    txsCommitment: computed.txsCommitment,
    prover,
    chunks: computed.chunks.map((c, j): ChunkProof => ({
      proof: {
        pi_a: [`${10 + j}`, `${20 + j}`, "1"],
        pi_b: [
          [`${30 + j}`, `${31 + j}`],
          [`${40 + j}`, `${41 + j}`],
          ["1", "0"],
        ],
        pi_c: [`${50 + j}`, `${60 + j}`, "1"],
        protocol: "groth16",
        curve: "bn128",
      },
      publicSignals: [`${c.prevState}`, `${c.newState}`, `${c.txsCommitment}`, `${BigInt(prover)}`],
    })),
  };
}

const TUPLE = "tuple(uint256[2] a, uint256[2][2] b, uint256[2] c, uint256[4] publicSignals)";

describe("encodeEpochProof / epochProofArgs", () => {
  it("encodes abi.encode(uint256[] chunkCounts, ChunkProof[] chunks) with B's coordinates swapped", () => {
    const b0 = fakeBlock(1n, 1, 2);
    const b1 = fakeBlock(b0.newState, 2, 1);
    const args = epochProofArgs([b0, b1]);
    expect(args.prevState).toBe(1n);
    expect(args.newState).toBe(b1.newState);
    expect(args.blocks).toEqual([
      { prevState: 1n, newState: b0.newState, txsCommitment: b0.txsCommitment },
      { prevState: b0.newState, newState: b1.newState, txsCommitment: b1.txsCommitment },
    ]);
    const [counts, chunks] = AbiCoder.defaultAbiCoder().decode(["uint256[]", `${TUPLE}[]`], args.proof);
    expect([...counts]).toEqual([2n, 1n]);
    expect(chunks).toHaveLength(3);
    expect(chunks[1].b.toArray(true)).toEqual([
      [32n, 31n],
      [42n, 41n],
    ]);
    expect(chunks[1].a.toArray()).toEqual([11n, 21n]);
    expect(chunks[2].publicSignals.toArray()).toEqual(b1.chunks[0]!.publicSignals.map(BigInt));
    expect(args.prover).toBe(PROVER);
    expect(encodeEpochProof([b0, b1])).toBe(args.proof);
    // States from JSON (decimal strings) encode the same.
    const fromJson = JSON.parse(JSON.stringify([b0, b1], (_, v) => (typeof v === "bigint" ? `${v}` : v)));
    expect(encodeEpochProof(fromJson)).toBe(args.proof);
    expect(toSolidityChunkProof(b0.chunks[0]!).b).toEqual([
      [31n, 30n],
      [41n, 40n],
    ]);
  });

  it("refuses blocks that do not chain, chunks that do not chain, and an empty epoch", () => {
    const b0 = fakeBlock(1n, 1, 2);
    const b1 = fakeBlock(b0.newState + 1n, 2, 1);
    expect(() => epochProofArgs([b0, b1])).toThrow(
      expect.objectContaining({ code: "BrokenChain", field: "blocks[1].prevState" }),
    );
    const swapped = { ...b0, chunks: [b0.chunks[1]!, b0.chunks[0]!] };
    expect(() => epochProofArgs([swapped])).toThrow(
      expect.objectContaining({ code: "BrokenChain", field: "blocks[0].chunks[0]" }),
    );
    const lying = { ...b0, newState: 5n };
    expect(() => epochProofArgs([lying])).toThrow(
      expect.objectContaining({ code: "BrokenChain", field: "blocks[0].newState" }),
    );
    expect(() => epochProofArgs([])).toThrow(
      expect.objectContaining({ name: "CircuitInputError", code: "WrongTxCount", field: "blocks" }),
    );
    const wrongCommitment = { ...b0, txsCommitment: `0x${"12".repeat(32)}` };
    expect(() => epochProofArgs([wrongCommitment])).toThrow(
      expect.objectContaining({ code: "BrokenChain", field: "blocks[0].txsCommitment" }),
    );
    expect(() => epochProofArgs([{ ...b0, chunks: undefined as never }])).toThrow(
      expect.objectContaining({ code: "MalformedInput", field: "blocks[0]" }),
    );
    expect(() => epochProofArgs([{ ...b0, chunks: [] }])).toThrow(
      expect.objectContaining({ code: "WrongTxCount", field: "blocks[0]" }),
    );
    expect(() => epochProofArgs("blocks" as never)).toThrow(
      expect.objectContaining({ code: "MalformedInput", field: "blocks" }),
    );
    const malformed = { ...b0, chunks: [{ ...b0.chunks[0]!, proof: { pi_a: ["x"] } as never }, b0.chunks[1]!] };
    expect(() => epochProofArgs([malformed])).toThrow(
      expect.objectContaining({ code: "MalformedProof", field: "blocks[0].chunks[0].proof" }),
    );
  });

  it("encodes 4 public signals per chunk, [prevState, newState, txsCommitment, prover], and returns the prover", () => {
    const b0 = fakeBlock(1n, 1, 2, OTHER_PROVER.toLowerCase());
    const b1 = fakeBlock(b0.newState, 2, 1, OTHER_PROVER.toLowerCase());
    const args = epochProofArgs([b0, b1]);
    expect(args.prover).toBe(OTHER_PROVER); // checksummed
    const [, chunks] = AbiCoder.defaultAbiCoder().decode(["uint256[]", `${TUPLE}[]`], args.proof);
    const blocks = [b0, b1];
    const expected = blocks.flatMap((b) => b.chunks.map((c) => c.publicSignals.map(BigInt)));
    expect(chunks.map((c: { publicSignals: { toArray(): bigint[] } }) => c.publicSignals.toArray())).toEqual(expected);
    for (const c of expected) expect(c).toHaveLength(4);
    expect(expected.every((c) => c[3] === BigInt(OTHER_PROVER))).toBe(true);
    // The static layout: 2 head words, the counts array (length + 2), the chunks array (length + 3 × 12 words):
    // a ChunkProof is 2 + 4 + 2 + 4 words, as EpochProofVerifier's CHUNK_WORDS.
    expect((args.proof.length - 2) / 2).toBe(32 * (2 + 1 + 2 + 1 + 3 * 12));
    const solidity = toSolidityChunkProof(b0.chunks[1]!);
    expect(solidity.publicSignals).toEqual(b0.chunks[1]!.publicSignals.map(BigInt));
    expect(solidity.publicSignals[3]).toBe(BigInt(OTHER_PROVER));
  });

  it("refuses chunks bound to different provers, across blocks and within one, with MixedProvers", () => {
    const b0 = fakeBlock(1n, 1, 2, PROVER);
    const b1 = fakeBlock(b0.newState, 2, 1, OTHER_PROVER);
    expect(() => epochProofArgs([b0, b1])).toThrow(
      expect.objectContaining({ name: "CircuitInputError", code: "MixedProvers", field: "blocks[1].chunks[0]" }),
    );
    expect(() => encodeEpochProof([b0, b1])).toThrow(expect.objectContaining({ code: "MixedProvers" }));
    const other = fakeBlock(1n, 1, 2, OTHER_PROVER);
    const mixed = { ...b0, chunks: [b0.chunks[0]!, other.chunks[1]!] };
    expect(() => epochProofArgs([mixed])).toThrow(
      expect.objectContaining({ code: "MixedProvers", field: "blocks[0].chunks[1]" }),
    );
    // The message names both addresses, checksummed.
    expect(() => epochProofArgs([mixed])).toThrow(PROVER);
    expect(() => epochProofArgs([mixed])).toThrow(OTHER_PROVER);
    // The same provers throughout, whatever the case of the BlockProof's own `prover` field, encode fine.
    expect(epochProofArgs([b0, fakeBlock(b0.newState, 2, 1, PROVER.toLowerCase())]).prover).toBe(PROVER);
  });

  it("refuses a chunk with 3 public signals (the old circuit's) or a prover signal that is not a nonzero address", () => {
    const b0 = fakeBlock(1n, 1, 1);
    const chunk = b0.chunks[0]!;
    const withSignals = (publicSignals: readonly string[]) => ({ ...chunk, publicSignals }) as unknown as ChunkProof;
    const three = withSignals(chunk.publicSignals.slice(0, 3));
    expect(() => toSolidityChunkProof(three)).toThrow(
      expect.objectContaining({ code: "MalformedProof", field: "chunk.publicSignals" }),
    );
    expect(() => epochProofArgs([{ ...b0, chunks: [three] }])).toThrow(
      expect.objectContaining({ code: "MalformedProof", field: "blocks[0].chunks[0].publicSignals" }),
    );
    expect(() => toSolidityChunkProof(withSignals([...chunk.publicSignals, "1"]))).toThrow(
      expect.objectContaining({ code: "MalformedProof" }),
    );
    for (const prover of ["0", `${2n ** 160n}`, `${2n ** 160n + BigInt(PROVER)}`]) {
      const bad = withSignals([...chunk.publicSignals.slice(0, 3), prover]);
      expect(() => toSolidityChunkProof(bad), prover).toThrow(
        expect.objectContaining({ code: "NotAnAddress", field: "chunk.publicSignals[3]" }),
      );
      expect(() => epochProofArgs([{ ...b0, chunks: [bad] }]), prover).toThrow(
        expect.objectContaining({ code: "NotAnAddress", field: "blocks[0].chunks[0].publicSignals[3]" }),
      );
    }
  });
});
