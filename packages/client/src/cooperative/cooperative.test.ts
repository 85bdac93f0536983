// The Cooperative module's pure functions: seed 001's reward vector and exact settlements, chunk seeds and tickets
// (verified with @blockage/vrf), scores, the keep probability against a brute force and a simulation, and chunk
// submissions checked against their chunk. The contract side is compared in cooperative-chain.test.ts.
import { verify } from "@blockage/vrf";
import {
  AbiCoder,
  concat,
  getBytes,
  hexlify,
  keccak256,
  parseEther,
  solidityPacked,
  toUtf8Bytes,
  ZeroHash,
} from "ethers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../errors";
import { lotteryWeight, raceTime, RACE_TIME_INSTANT, RACE_TIME_NEVER, boostedRaceTime } from "../lottery/math";
import { NODE_VRF_SUITE, vrfPublicKey } from "../registry/keys";
import { blockStatement, buildBlockHeader, type BlockHeader } from "../rollup/header";
import {
  ChunkStatementMismatchError,
  PROOFS_PER_NODE,
  blockRewards,
  buildChunkSubmission,
  chunkCommitments,
  chunkKeepProbability,
  chunkScore,
  chunkSeed,
  chunkTicket,
  proverReward,
} from ".";

const E18 = 10n ** 18n;

describe("proverReward", () => {
  it("gives seed 001's example: 800 tokens, 31 nodes, FEE_BURN 40% → 5.16 tokens", () => {
    const network = (1_000n * E18 * 8_000n) / 10_000n;
    expect(network).toBe(800n * E18);
    const { reward, burned } = proverReward({ networkReward: network, chunks: 31n, feeBurn: 4_000 });
    expect(reward).toBe((((800n * E18) / 93n) * 6_000n) / 10_000n);
    expect(reward / 10n ** 16n).toBe(516n); // 5.16 to two decimals
    expect(reward + burned).toBe((800n * E18) / 93n); // 8.6 per place
  });

  it("burns everything at FEE_BURN 100% and nothing at 0", () => {
    expect(proverReward({ networkReward: 60n, chunks: 2n, feeBurn: 10_000n })).toEqual({ reward: 0n, burned: 10n });
    expect(proverReward({ networkReward: 61n, chunks: 2n, feeBurn: 0 })).toEqual({ reward: 10n, burned: 0n });
  });

  it("refuses a FEE_BURN outside [0, 10000], no chunk, and what is not an amount", () => {
    expect(() => proverReward({ networkReward: 1n, chunks: 1n, feeBurn: 10_001 })).toThrow(InvalidParameterError);
    expect(() => proverReward({ networkReward: 1n, chunks: 0n, feeBurn: 0 })).toThrow(/at least one chunk/);
    expect(() => proverReward({ networkReward: -1n, chunks: 1n, feeBurn: 0 })).toThrow(/networkReward/);
    expect(() => proverReward({ networkReward: 1 as never, chunks: 1n, feeBurn: 0 })).toThrow(InvalidParameterError);
  });
});

describe("blockRewards", () => {
  it("settles a block as the coordinator's finalization test expects", () => {
    // Block A of test/proving/CooperativeCoordinator.test.ts: 40 in fees, a 10-token reward, FEE_SPLIT 80%.
    const r = blockRewards({
      fees: 40n * E18,
      blockReward: 10n * E18,
      feeSplit: 8_000,
      keptFeeBurns: [[0, 4_000], [1_000]],
    });
    expect(r.value).toBe(50n * E18);
    expect(r.networkReward).toBe(40n * E18);
    expect(r.proposer).toBe(10n * E18);
    const share = (40n * E18) / 6n;
    expect(r.provers).toEqual([[share, (share * 6_000n) / 10_000n], [(share * 9_000n) / 10_000n]]);
    // Three of six places are empty: their shares burn with the FEE_BURN parts.
    expect(r.burned).toBe(40n * E18 - share - (share * 6_000n) / 10_000n - (share * 9_000n) / 10_000n);
  });

  it("adds up to the block's value to the wei, whatever the split, burns and chunks", () => {
    const bps = fc.integer({ min: 0, max: 10_000 });
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 96n - 1n }),
        fc.bigInt({ min: 0n, max: 10n ** 24n }),
        bps,
        fc.array(fc.array(bps, { maxLength: 3 }), { minLength: 1, maxLength: 16 }),
        (fees, blockReward, feeSplit, keptFeeBurns) => {
          const r = blockRewards({ fees, blockReward, feeSplit, keptFeeBurns });
          const paid = r.provers.flat().reduce((a, b) => a + b, 0n);
          expect(r.proposer + paid + r.burned).toBe(fees + blockReward);
          expect(r.burned >= 0n && r.proposer >= 0n).toBe(true);
          r.provers.forEach((chunk, k) =>
            chunk.forEach((reward, i) =>
              expect(reward).toBe(
                proverReward({
                  networkReward: r.networkReward,
                  chunks: BigInt(keptFeeBurns.length),
                  feeBurn: keptFeeBurns[k][i],
                }).reward,
              ),
            ),
          );
        },
      ),
      { numRuns: 300, seed: 1001 },
    );
  });

  it("refuses a block without chunks, or a chunk with more than PROOFS_PER_NODE proofs", () => {
    const base = { fees: 0n, blockReward: E18, feeSplit: 5_000 };
    expect(() => blockRewards({ ...base, keptFeeBurns: [] })).toThrow(InvalidParameterError);
    expect(() => blockRewards({ ...base, keptFeeBurns: [[0, 0, 0, 0]] })).toThrow(/at most 3/);
    expect(() => blockRewards({ ...base, feeSplit: 10_001, keptFeeBurns: [[0]] })).toThrow(/feeSplit/);
    expect(PROOFS_PER_NODE).toBe(3n);
  });
});

describe("chunkSeed, chunkTicket and chunkScore", () => {
  const blockSeed = keccak256(toUtf8Bytes("block prover seed"));
  const vrfSecretKey = keccak256(toUtf8Bytes("a prover's VRF key"));

  it("derives each chunk's seed as keccak256(abi.encode(blockSeed, chunk))", () => {
    const coder = AbiCoder.defaultAbiCoder();
    for (const chunk of [0, 1n, 15]) {
      expect(chunkSeed({ blockSeed, chunk })).toBe(keccak256(coder.encode(["bytes32", "uint256"], [blockSeed, chunk])));
    }
    expect(chunkSeed({ blockSeed, chunk: 0 })).not.toBe(chunkSeed({ blockSeed, chunk: 1 }));
    expect(() => chunkSeed({ blockSeed: "0x1234", chunk: 0 })).toThrow(InvalidParameterError);
    expect(() => chunkSeed({ blockSeed, chunk: -1 })).toThrow(InvalidParameterError);
  });

  it("proves the ticket over seed ‖ 'CHUNK' with the node's key; its output is the proof's hash", () => {
    const seed = chunkSeed({ blockSeed, chunk: 2 });
    const ticket = chunkTicket({ vrfSecretKey, seed });
    const alpha = getBytes(concat([seed, toUtf8Bytes("CHUNK")]));
    const beta = verify(NODE_VRF_SUITE, getBytes(vrfPublicKey(vrfSecretKey)), getBytes(ticket.vrfProof), alpha);
    expect(beta === null ? null : hexlify(beta)).toBe(ticket.output);
    expect(getBytes(ticket.vrfProof)).toHaveLength(81);
    expect(typeof ticket.hints.uX).toBe("bigint");
    // Another chunk, another ticket; the same chunk, the same (deterministic) proof.
    expect(chunkTicket({ vrfSecretKey, seed: chunkSeed({ blockSeed, chunk: 3 }) }).output).not.toBe(ticket.output);
    expect(chunkTicket({ vrfSecretKey, seed }).vrfProof).toBe(ticket.vrfProof);
  });

  it("refuses an invalid secret key without repeating it", () => {
    const zero = ZeroHash;
    const error = (() => {
      try {
        chunkTicket({ vrfSecretKey: zero, seed: blockSeed });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error?.message).not.toContain(zero);
    expect(() => chunkTicket({ vrfSecretKey, seed: "0x12" })).toThrow(InvalidParameterError);
  });

  it("scores a ticket as its race time boosted by FEE_BURN", () => {
    const { output } = chunkTicket({ vrfSecretKey, seed: chunkSeed({ blockSeed, chunk: 0 }) });
    const weight = lotteryWeight(2_000n * E18, 3n);
    expect(chunkScore({ output, weight, feeBurn: 0 })).toBe(raceTime(output, weight));
    expect(chunkScore({ output, weight, feeBurn: 4_000 })).toBe(boostedRaceTime(raceTime(output, weight), 4_000));
    expect(chunkScore({ output, weight: 0n, feeBurn: 10_000 })).toBe(RACE_TIME_NEVER);
    expect(() => chunkScore({ output, weight, feeBurn: 10_001 })).toThrow(InvalidParameterError);
    expect(() => chunkScore({ output: "0x12", weight, feeBurn: 0 })).toThrow(InvalidParameterError);
  });
});

describe("chunkKeepProbability", () => {
  /** P(at most places − 1 of the others beat t) by enumerating every subset of beaters. */
  function bruteForce(score: bigint, weights: bigint[], places: number): number {
    const t = Math.exp(Number(score) / 1e18);
    const p = weights.map((w) => 1 - Math.exp((-Number(w) / 1e18) * t));
    let total = 0;
    for (let mask = 0; mask < 1 << weights.length; mask++) {
      let count = 0;
      let prob = 1;
      p.forEach((pj, j) => {
        const beats = (mask >> j) & 1;
        count += beats;
        prob *= beats ? pj : 1 - pj;
      });
      if (count < places) total += prob;
    }
    return total;
  }

  it("is the Poisson-binomial tail: at most places − 1 of the others beat the score", () => {
    const weights = [E18, 3n * E18, 2n * E18, 5n * 10n ** 17n, 7n * E18, 4n * E18];
    for (const score of [-3n * E18, -1n * E18, 0n, 5n * 10n ** 17n, 2n * E18]) {
      for (const places of [1, 2, 3, 5]) {
        expect(chunkKeepProbability({ score, otherWeights: weights, places }), `${score} ${places}`).toBeCloseTo(
          bruteForce(score, weights, places),
          12,
        );
      }
    }
  });

  it("is winProbability's exp(−Σw·t) with one place, and defaults to PROOFS_PER_NODE places", () => {
    const weights = [E18, 2n * E18];
    const score = -E18 / 2n;
    const t = Math.exp(-0.5);
    expect(chunkKeepProbability({ score, otherWeights: weights, places: 1 })).toBeCloseTo(Math.exp(-3 * t), 14);
    // Two others can never fill all three places.
    expect(chunkKeepProbability({ score, otherWeights: weights })).toBe(1);
    const four = [E18, E18, E18, E18];
    expect(chunkKeepProbability({ score, otherWeights: four })).toBeCloseTo(bruteForce(score, four, 3), 14);
  });

  it("matches a simulation of the race with real tickets", () => {
    // Five equal provers: a ticket whose score is the median of its draw is kept with probability 1 − P(3+ of 4 beat).
    const weight = lotteryWeight(1_000n * E18, 0n);
    const n = 4_000;
    let kept = 0;
    let predicted = 0;
    for (let i = 0; i < n; i++) {
      const scores = Array.from({ length: 5 }, (_, j) =>
        raceTime(keccak256(toUtf8Bytes(`draw ${i} prover ${j}`)), weight),
      );
      const mine = scores[0];
      if (scores.slice(1).filter((s) => s < mine).length <= 2) kept++;
      predicted += chunkKeepProbability({ score: mine, otherWeights: [weight, weight, weight, weight] });
    }
    // Both are 3/5 in expectation (the top three of five equal tickets).
    expect(kept / n).toBeCloseTo(0.6, 1);
    expect(predicted / n).toBeCloseTo(0.6, 1);
  });

  it("keeps the sentinels, skips weightless provers, stays in [0, 1] at the extremes", () => {
    expect(chunkKeepProbability({ score: RACE_TIME_INSTANT, otherWeights: [E18, E18, E18, E18] })).toBe(1);
    expect(chunkKeepProbability({ score: RACE_TIME_NEVER, otherWeights: [E18, E18, 0n] })).toBe(1);
    expect(chunkKeepProbability({ score: RACE_TIME_NEVER, otherWeights: [E18, E18, E18] })).toBe(0);
    expect(chunkKeepProbability({ score: 0n, otherWeights: [0n, 0n, 0n, 0n] })).toBe(1);
    const huge = Array.from({ length: 50 }, () => 10n ** 40n);
    expect(chunkKeepProbability({ score: 0n, otherWeights: huge })).toBe(0);
    expect(chunkKeepProbability({ score: -200n * E18, otherWeights: huge })).toBeCloseTo(1, 12);
    expect(chunkKeepProbability({ score: 10n ** 40n, otherWeights: [1n, 1n, 1n] })).toBe(0);
  });

  it("refuses malformed arguments", () => {
    expect(() => chunkKeepProbability({ score: 0 as never, otherWeights: [] })).toThrow(InvalidParameterError);
    expect(() => chunkKeepProbability({ score: 0n, otherWeights: [-1n] })).toThrow(/otherWeights\[0\]/);
    expect(() => chunkKeepProbability({ score: 0n, otherWeights: [], places: 0 })).toThrow(/places/);
    expect(() => chunkKeepProbability({ score: 0n, otherWeights: "x" as never })).toThrow(InvalidParameterError);
  });
});

describe("chunkCommitments and buildChunkSubmission", () => {
  const txs = Array.from({ length: 48 }, (_, i) => BigInt(i) * 7919n + 11n);
  const header: BlockHeader = buildBlockHeader({
    parent: { hash: keccak256(toUtf8Bytes("parent")), state: 5n },
    slot: 161n,
    txs,
    feeSplit: 8_000n,
    fees: parseEther("40"),
  });
  const salt = keccak256(toUtf8Bytes("salt"));
  const chunks = blockStatement(5n, txs).chunks;
  const prover = 0x1234567890123456789012345678901234567890n;
  /** A chunk proof's shape with the chunk's public signals (the points are not checked here). */
  const proofOf = (k: number, signals = chunks[k]) => ({
    proof: {
      pi_a: ["1", "2", "1"],
      pi_b: [
        ["3", "4"],
        ["5", "6"],
        ["1", "0"],
      ],
      pi_c: ["7", "8", "1"],
      protocol: "groth16" as const,
      curve: "bn128" as const,
    },
    publicSignals: [signals.prevState, signals.newState, signals.txsCommitment, prover].map(String) as [
      string,
      string,
      string,
      string,
    ],
  });

  it("lists each chunk's Poseidon commitment, and they hash to the header's", () => {
    const commitments = chunkCommitments({ prevState: 5n, txs });
    expect(commitments).toEqual(chunks.map((c) => c.txsCommitment));
    // The header commits to keccak256(abi.encodePacked(uint256[] commitments)).
    expect(
      keccak256(
        solidityPacked(
          commitments.map(() => "uint256"),
          commitments,
        ),
      ),
    ).toBe(header.txsCommitment);
    expect(() => chunkCommitments({ prevState: 5n, txs: txs.slice(0, 10) })).toThrow(InvalidParameterError);
  });

  it("builds the struct the coordinator takes", () => {
    const s = buildChunkSubmission({ blockNumber: 7, header, txs, chunk: 1, salt, feeBurn: 2_500, proof: proofOf(1) });
    expect(s.blockNumber).toBe(7n);
    expect(s.header).toEqual(header);
    expect(s.chunkCommitments).toEqual(chunks.map((c) => c.txsCommitment));
    expect(s.chunk).toBe(1n);
    expect(s.salt).toBe(salt);
    expect(s.feeBurn).toBe(2_500n);
    expect(s.proof.publicSignals).toEqual([chunks[1].prevState, chunks[1].newState, chunks[1].txsCommitment, prover]);
    expect(s.proof.b).toEqual([
      [4n, 3n],
      [6n, 5n],
    ]);
  });

  it("refuses a proof of another chunk with ChunkStatementMismatchError naming the signal", () => {
    const wrong = (() => {
      try {
        buildChunkSubmission({ blockNumber: 7, header, txs, chunk: 0, salt, feeBurn: 0, proof: proofOf(1) });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(wrong).toBeInstanceOf(ChunkStatementMismatchError);
    expect(wrong).toMatchObject({
      code: "ChunkStatementMismatch",
      chunk: 0,
      part: "prevState",
      given: chunks[1].prevState,
    });
    const otherEnd = proofOf(2, { ...chunks[2], newState: 1n });
    expect(() =>
      buildChunkSubmission({ blockNumber: 7, header, txs, chunk: 2, salt, feeBurn: 0, proof: otherEnd }),
    ).toThrow(/its newState is 1/);
  });

  it("refuses transactions that are not the header's block, chunks outside it, bad FEE_BURNs and malformed proofs", () => {
    const base = { blockNumber: 7, header, txs, chunk: 0, salt, feeBurn: 0, proof: proofOf(0) };
    expect(() => buildChunkSubmission({ ...base, txs: [...txs.slice(0, 47), 1n] })).toThrow(/not the header's block/);
    expect(() => buildChunkSubmission({ ...base, chunk: 3 })).toThrow(/chunk index/);
    expect(() => buildChunkSubmission({ ...base, feeBurn: 10_001 })).toThrow(InvalidParameterError);
    expect(() => buildChunkSubmission({ ...base, salt: "0x12" })).toThrow(InvalidParameterError);
    expect(() => buildChunkSubmission({ ...base, proof: { ...base.proof, publicSignals: ["1"] } as never })).toThrow(
      InvalidParameterError,
    );
  });
});
