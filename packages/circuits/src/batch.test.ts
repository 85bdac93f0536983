// verifyChunkBatch against verifyChunk on real proofs: valid batches, invalid proofs anywhere in a batch (found by the
// bisection, and only they), points the EVM refuses (off the curve, off G2's subgroup, coordinates ≥ q), and entries
// that are not chunk proofs at all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ChunkProof,
  type ChunkToVerify,
  CircuitArtifactError,
  FIELD_MODULUS,
  TXS_PER_CHUNK,
  proveChunk,
  releaseProver,
  verifyChunk,
  verifyChunkBatch,
} from "./index.js";
import { BASE_FIELD_MODULUS } from "./field.js";
import { type Groth16Proof } from "./proof.js";
import { bn254, proofPoints } from "./prove.js";

const PROVER_A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const txsOf = (tag: number) => Array.from({ length: TXS_PER_CHUNK }, (_, i) => BigInt(tag * 1000 + i));

// Proving takes a few seconds per chunk: six proofs, made once and shared.
const chunks: ChunkProof[] = [];

beforeAll(async () => {
  for (let c = 0; c < 6; c++) chunks.push(await proveChunk({ prevState: BigInt(c), txs: txsOf(c), prover: PROVER_A }));
}, 240_000);

afterAll(releaseProver);

/** verifyChunk's answer, a throw (something that is not a chunk proof) counting as false. */
async function single(c: ChunkToVerify): Promise<boolean> {
  try {
    return await verifyChunk(c.proof, c.publicSignals);
  } catch {
    return false;
  }
}

/** The batch's verdicts, checked against `expected` and against verifyChunk entry by entry. */
async function expectVerdicts(batch: readonly ChunkToVerify[], expected: readonly boolean[]): Promise<void> {
  expect(await verifyChunkBatch(batch)).toEqual(expected);
  expect(await Promise.all(batch.map(single))).toEqual(expected);
}

const withProof = (c: ChunkProof, proof: Partial<Groth16Proof>): ChunkToVerify => ({
  proof: { ...c.proof, ...proof },
  publicSignals: c.publicSignals,
});

/** A point of the twist E'(Fq2) outside G2's order-r subgroup, as snarkjs writes it. */
async function twistPointOffSubgroup(): Promise<string[][]> {
  const curve = await bn254();
  const G2 = curve.G2 as unknown as {
    F: {
      fromObject(a: bigint[]): Uint8Array;
      add(a: Uint8Array, b: Uint8Array): Uint8Array;
      mul(a: Uint8Array, b: Uint8Array): Uint8Array;
      square(a: Uint8Array): Uint8Array;
      isSquare(a: Uint8Array): boolean;
      sqrt(a: Uint8Array): Uint8Array;
      toObject(a: Uint8Array): bigint[];
    };
    b: Uint8Array;
  };
  const F = G2.F;
  // y² = x³ + b' for x = (t, 1), t = 1, 2, …: about every other x has a square right-hand side.
  for (let t = 1n; ; t++) {
    const x = F.fromObject([t, 1n]);
    const rhs = F.add(F.mul(F.square(x), x), G2.b);
    if (!F.isSquare(rhs)) continue;
    const y = F.sqrt(rhs);
    return [F.toObject(x).map(String), F.toObject(y).map(String), ["1", "0"]];
  }
}

describe("verifyChunkBatch", () => {
  it("accepts a batch of valid proofs, one verdict each, and answers [] for an empty batch", async () => {
    await expectVerdicts(chunks, [true, true, true, true, true, true]);
    await expectVerdicts(chunks.slice(0, 1), [true]);
    // The same proof twice, and proofs given with bigint signals.
    await expectVerdicts(
      [chunks[2]!, { ...chunks[2]!, publicSignals: chunks[2]!.publicSignals.map(BigInt) }],
      [true, true],
    );
    expect(await verifyChunkBatch([])).toEqual([]);
  });

  it("finds one invalid proof among valid ones, wherever it is, and only it", async () => {
    for (const bad of [0, 3, 5]) {
      const batch: ChunkToVerify[] = chunks.map((c, i) =>
        i === bad ? { proof: c.proof, publicSignals: chunks[(i + 1) % chunks.length]!.publicSignals } : c,
      );
      await expectVerdicts(
        batch,
        chunks.map((_, i) => i !== bad),
      );
    }
  });

  it("finds several invalid ones: proofs swapped between two chunks, a tampered signal, another chunk's signals", async () => {
    const swapped: ChunkToVerify[] = [
      chunks[0]!,
      { proof: chunks[2]!.proof, publicSignals: chunks[1]!.publicSignals },
      { proof: chunks[1]!.proof, publicSignals: chunks[2]!.publicSignals },
      chunks[3]!,
    ];
    await expectVerdicts(swapped, [true, false, false, true]);
    const signals = chunks[4]!.publicSignals.map(BigInt);
    signals[1] = (signals[1]! + 1n) % FIELD_MODULUS;
    const mixed: ChunkToVerify[] = [
      ...chunks.slice(0, 4),
      { proof: chunks[4]!.proof, publicSignals: signals },
      { proof: chunks[5]!.proof, publicSignals: chunks[0]!.publicSignals },
    ];
    await expectVerdicts(mixed, [true, true, true, true, false, false]);
    // A batch larger than 32 with invalid proofs in both halves: bisected on both sides, then proof by proof.
    const large: ChunkToVerify[] = Array.from({ length: 40 }, (_, i) =>
      i === 3 || i === 30 || i === 31
        ? { proof: chunks[i % 6]!.proof, publicSignals: chunks[(i + 1) % 6]!.publicSignals }
        : chunks[i % 6]!,
    );
    await expectVerdicts(
      large,
      large.map((_, i) => i !== 3 && i !== 30 && i !== 31),
    );
    // Every proof invalid.
    const rotated = chunks.map((c, i) => ({ proof: c.proof, publicSignals: chunks[(i + 1) % 6]!.publicSignals }));
    await expectVerdicts(rotated, [false, false, false, false, false, false]);
  });

  it("finds two wrong proofs whose errors would cancel under equal weights (C + G in one, C − G in the other)", async () => {
    const curve = await bn254();
    const G1 = curve.G1 as unknown as {
      one: Uint8Array;
      add(a: Uint8Array, b: Uint8Array): Uint8Array;
      neg(a: Uint8Array): Uint8Array;
      toAffine(a: Uint8Array): Uint8Array;
      fromObject(a: readonly unknown[]): Uint8Array;
      toObject(a: Uint8Array): bigint[];
    };
    const shifted = (c: ChunkProof, by: Uint8Array): ChunkToVerify => {
      const point = G1.fromObject(c.proof.pi_c.slice(0, 2).map(BigInt));
      const moved = G1.toObject(G1.toAffine(G1.add(point, by)));
      return withProof(c, { pi_c: [String(moved[0]), String(moved[1]), "1"] });
    };
    const plus = shifted(chunks[0]!, G1.one);
    const minus = shifted(chunks[0]!, G1.neg(G1.one));
    await expectVerdicts([plus, chunks[1]!, minus], [false, true, false]);
    await expectVerdicts([plus, minus], [false, false]);
  });

  it("refuses points the EVM refuses: off the curve, B outside G2's subgroup, a coordinate ≥ q", async () => {
    const c = chunks[1]!;
    const offCurve = withProof(c, { pi_a: ["1", "3", "1"] }); // y² ≠ x³ + 3
    const offCurveC = withProof(c, { pi_c: [c.proof.pi_c[0]!, c.proof.pi_a[1]!, "1"] });
    const twist = await twistPointOffSubgroup();
    const offSubgroup = withProof(c, { pi_b: twist });
    const q = BASE_FIELD_MODULUS;
    const aboveQ = withProof(c, { pi_a: [`${BigInt(c.proof.pi_a[0]!) + q}`, c.proof.pi_a[1]!, "1"] });
    const bAboveQ = withProof(c, {
      pi_b: [[`${BigInt(c.proof.pi_b[0]![0]!) + q}`, c.proof.pi_b[0]![1]!], c.proof.pi_b[1]!, ["1", "0"]],
    });
    await expectVerdicts(
      [chunks[0]!, offCurve, offCurveC, offSubgroup, aboveQ, bAboveQ, chunks[2]!],
      [true, false, false, false, false, false, true],
    );
    // verifyChunk refuses a coordinate ≥ q as malformed, and B off the subgroup as a proof that does not verify.
    await expect(verifyChunk(aboveQ.proof, aboveQ.publicSignals)).rejects.toMatchObject({ code: "MalformedProof" });
    expect(await verifyChunk(offSubgroup.proof, offSubgroup.publicSignals)).toBe(false);
  });

  it("checks B's subgroup itself: a twist point outside it is on the twist, and refused", async () => {
    const curve = await bn254();
    const twist = await twistPointOffSubgroup();
    const b = curve.G2.fromObject(twist.slice(0, 2).map((c) => c.map(BigInt)));
    expect(curve.G2.isValid(b)).toBe(true);
    expect(curve.G2.isZero(curve.G2.timesScalar(b, FIELD_MODULUS))).toBe(false);
    expect(proofPoints(curve, { ...chunks[0]!.proof, pi_b: twist })).toBeNull();
    expect(proofPoints(curve, chunks[0]!.proof)).not.toBeNull();
  });

  it("reads points as the chain does, from (x, y) alone: a third coordinate other than 1 changes nothing", async () => {
    const c = chunks[3]!;
    const projective = withProof(c, {
      pi_a: [...c.proof.pi_a.slice(0, 2), "0"],
      pi_b: [...c.proof.pi_b.slice(0, 2), ["5", "0"]],
      pi_c: [...c.proof.pi_c.slice(0, 2), "7"],
    });
    await expectVerdicts([projective, chunks[0]!], [true, true]);
  });

  it("answers false for an entry that is not a chunk proof (where verifyChunk throws), keeping the others' verdicts", async () => {
    const c = chunks[0]!;
    const malformed: ChunkToVerify[] = [
      { proof: {} as Groth16Proof, publicSignals: c.publicSignals },
      { proof: c.proof, publicSignals: c.publicSignals.slice(0, 3) },
      { proof: c.proof, publicSignals: [...c.publicSignals, "1"] },
      { proof: c.proof, publicSignals: [c.publicSignals[0]!, FIELD_MODULUS, c.publicSignals[2]!, c.publicSignals[3]!] },
      { proof: c.proof, publicSignals: [...c.publicSignals.slice(0, 3), 0n] },
      { proof: c.proof, publicSignals: [...c.publicSignals.slice(0, 3), 2n ** 160n + BigInt(PROVER_A)] },
      null as unknown as ChunkToVerify,
    ];
    for (const m of malformed.slice(0, 6)) {
      await expect(verifyChunk(m.proof, m.publicSignals)).rejects.toMatchObject({ name: "CircuitInputError" });
    }
    await expectVerdicts([chunks[1]!, ...malformed, chunks[2]!], [true, ...malformed.map(() => false), true]);
  });

  it("throws only for a batch that is not an array or an unreadable verification key", async () => {
    await expect(verifyChunkBatch("nope" as unknown as ChunkToVerify[])).rejects.toMatchObject({
      name: "CircuitInputError",
      code: "MalformedInput",
    });
    await expect(verifyChunkBatch(chunks, "/nonexistent/vkey.json")).rejects.toBeInstanceOf(CircuitArtifactError);
  });
});
