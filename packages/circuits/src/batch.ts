// Chunk proofs verified together: one multi-pairing (one final exponentiation) for a whole batch, and a bisection
// naming the invalid ones when it fails.
//
// Groth16 checks e(A, B) = e(α, β) · e(vk_x, γ) · e(C, δ) per proof, with vk_x = IC_0 + Σ_j x_j·IC_j over its public
// signals x. For proofs i = 1..n and secret random weights r_i, the batch checks the random linear combination
//
//   ∏_i e(r_i·A_i, B_i) · e(−(Σ_i r_i)·α, β) · e(−Σ_i r_i·vk_x_i, γ) · e(−Σ_i r_i·C_i, δ) = 1
//
// as one product of n + 3 pairings with one final exponentiation, the public inputs folded per index first:
// Σ_i r_i·vk_x_i = (Σ_i r_i)·IC_0 + Σ_j (Σ_i r_i·x_ij)·IC_j, so that multi-exponentiation does not grow with n.
//
// Soundness: if proof i does not verify, its equation is off by some g_i ≠ 1 of the order-r target group (every point
// having been checked in its order-r group), and the batch's product is ∏ g_i^(r_i): 1 only when Σ r_i·log g_i ≡ 0
// (mod r), a nonzero linear form in the weights. For weights drawn uniformly from [1, 2^128), whatever the other
// weights, at most one value of r_i satisfies it: an invalid batch passes with probability at most 1/(2^128 − 1)
// (about 2^−128), per batch check. That bound needs the weights to be unknown to the provers when they make their
// proofs: a prover who could predict them could make two wrong proofs whose errors cancel (g_1^(r_1) = g_2^(−r_2)).
// Off-chain the verifier draws them itself, fresh for every check, from node:crypto: no Fiat–Shamir transcript.
import { randomBytes } from "node:crypto";
import { CHUNK_ARTIFACTS, type VerificationKey, loadVerificationKey } from "./artifacts.js";
import { CircuitInputError } from "./errors.js";
import { FIELD_MODULUS, type FieldLike, proverAddress, toField } from "./field.js";
import { type Groth16Proof, checkProofShape } from "./proof.js";
import { type Bn254, type Point, type ProofPoints, bn254, proofPoints } from "./prove.js";

/** A chunk proof to verify in a batch: its proof and four public signals `[prevState, newState, txsCommitment, prover]`. */
export interface ChunkToVerify {
  readonly proof: Groth16Proof;
  readonly publicSignals: readonly FieldLike[];
}

/** Bytes of a weight: 128 bits. */
const WEIGHT_BYTES = 16;
/** Bytes of a scalar in the multi-exponentiations (little-endian). */
const SCALAR_BYTES = 32;
/** A chunk proof's public signals. */
const N_PUBLIC = 4;

/**
 * Verifies chunk proofs together: one verdict per chunk, in order, each meaning what `verifyChunk` would answer
 * (false for a proof that does not verify, including one bound to another prover). All of them are checked with one
 * batched pairing; only when that fails is the batch bisected (halves checked the same way, down to single proofs;
 * a batch of up to 32 with invalid proofs in both halves is checked proof by proof) to name exactly the invalid ones.
 * An empty batch gives [].
 *
 * Unlike `verifyChunk`, an entry that is not a chunk proof at all (a malformed proof, not four signals, a signal
 * outside the field, a prover signal that is not a nonzero address) is not thrown for: its verdict is false, so that
 * one malformed entry does not cost the others theirs. Every point is checked as the EVM's precompiles check it
 * (coordinates below q, A and C on the curve, B on the twist and in its order-r subgroup); a proof failing that is
 * false too. Throws only for a `chunks` that is not an array (CircuitInputError "MalformedInput") or an unreadable
 * verification key (CircuitArtifactError).
 *
 * Each batch check wrongly accepts an invalid batch with probability at most 2^−128: the weights of the random linear
 * combination are 128-bit, secret and drawn afresh for every check (see the module's comment).
 *
 * @example
 * const verdicts = await verifyChunkBatch(results.map((r) => ({ proof: r.proof, publicSignals: r.publicInputs })));
 */
export async function verifyChunkBatch(
  chunks: readonly ChunkToVerify[],
  vkeyPath: string = CHUNK_ARTIFACTS.vkey,
): Promise<boolean[]> {
  if (!Array.isArray(chunks)) {
    throw new CircuitInputError("MalformedInput", "chunks", "an array of { proof, publicSignals } is expected");
  }
  const vkey = loadVerificationKey(vkeyPath);
  if (chunks.length === 0) return [];
  const curve = await bn254();
  const key = preparedKey(curve, vkey);
  const entries = chunks.map((chunk) => parseEntry(curve, chunk));
  const candidates = entries.filter((e): e is Entry => e !== null);
  await findInvalid(curve, key, candidates, false);
  return entries.map((e) => e !== null && e.valid);
}

/** A well-formed chunk proof of the batch: its points, its signals, and its verdict (true until shown invalid). */
interface Entry extends ProofPoints {
  readonly signals: readonly bigint[];
  valid: boolean;
}

function parseEntry(curve: Bn254, chunk: ChunkToVerify): Entry | null {
  try {
    if (chunk === null || typeof chunk !== "object") return null;
    const { proof, publicSignals } = chunk;
    checkProofShape(proof, "proof");
    if (!Array.isArray(publicSignals) || publicSignals.length !== N_PUBLIC) return null;
    const signals = publicSignals.map((s, i) => toField(s as FieldLike, `publicSignals[${i}]`));
    proverAddress(signals[3]!, "publicSignals[3]");
    const points = proofPoints(curve, proof);
    return points === null ? null : { ...points, signals, valid: true };
  } catch (error) {
    if (error instanceof CircuitInputError) return null;
    throw error;
  }
}

/**
 * A failing batch of at most this many whose halves both hold invalid proofs is checked proof by proof: with several
 * culprits, bisecting on would cost more pairings than single checks (all invalid: about 2.5× one by one).
 */
const CHECK_EACH_UP_TO = 32;

/**
 * Marks the invalid entries of `entries`. `knownBad`: the caller already knows their batch fails. A failing batch is
 * split in two and the left half checked: if it passes, the right half must hold the culprit (a batch of valid proofs
 * always passes), so it is split without being checked itself; if it fails, the right half is checked too, and when
 * both fail a small batch is checked proof by proof (see CHECK_EACH_UP_TO), a larger one bisected on both sides.
 */
async function findInvalid(curve: Bn254, key: PreparedKey, entries: Entry[], knownBad: boolean): Promise<void> {
  if (entries.length === 0) return;
  if (!knownBad && (await batchHolds(curve, key, entries))) return;
  if (entries.length === 1) {
    entries[0]!.valid = false;
    return;
  }
  const mid = entries.length >> 1;
  const left = entries.slice(0, mid);
  const right = entries.slice(mid);
  if (await batchHolds(curve, key, left)) return findInvalid(curve, key, right, true);
  if (await batchHolds(curve, key, right)) return findInvalid(curve, key, left, true);
  if (entries.length <= CHECK_EACH_UP_TO) {
    for (const e of entries) e.valid = await batchHolds(curve, key, [e]);
    return;
  }
  await findInvalid(curve, key, left, true);
  await findInvalid(curve, key, right, true);
}

/** The batched Groth16 equation over `entries`, with fresh weights: one multi-pairing. */
async function batchHolds(curve: Bn254, key: PreparedKey, entries: readonly Entry[]): Promise<boolean> {
  const n = entries.length;
  // A single proof needs no combination: weight 1 makes its check exactly Groth16's (and spares its multiplications).
  const weights = n === 1 ? [1n] : randomWeights(n);
  const pairs: Point[] = [];
  // Σ r_i and, per public input j, Σ r_i·x_ij (mod r): the folded scalars of IC_0..IC_4.
  const folded = new Array<bigint>(N_PUBLIC + 1).fill(0n);
  const cPoints = new Uint8Array(n * key.g1Size);
  const cWeights = new Uint8Array(n * WEIGHT_BYTES);
  entries.forEach((e, i) => {
    const r = weights[i]!;
    const rBytes = littleEndian(r, WEIGHT_BYTES);
    pairs.push(curve.G1.timesScalar(e.a, rBytes), e.b);
    cPoints.set(e.c, i * key.g1Size);
    cWeights.set(rBytes, i * WEIGHT_BYTES);
    folded[0] = (folded[0]! + r) % FIELD_MODULUS;
    e.signals.forEach((x, j) => (folded[j + 1] = (folded[j + 1]! + r * x) % FIELD_MODULUS));
  });
  const scalars = new Uint8Array((N_PUBLIC + 1) * SCALAR_BYTES);
  folded.forEach((s, j) => scalars.set(littleEndian(s, SCALAR_BYTES), j * SCALAR_BYTES));
  const vkX = await curve.G1.multiExpAffine(key.ic, scalars);
  const c = await curve.G1.multiExpAffine(cPoints, cWeights);
  pairs.push(curve.G1.neg(curve.G1.timesScalar(key.alpha, littleEndian(folded[0]!, SCALAR_BYTES))), key.beta);
  pairs.push(curve.G1.neg(vkX), key.gamma);
  pairs.push(curve.G1.neg(c), key.delta);
  return curve.pairingEq(...pairs);
}

/** `n` weights, uniform in [1, 2^128). */
function randomWeights(n: number): bigint[] {
  const bytes = randomBytes(n * WEIGHT_BYTES);
  const weights: bigint[] = [];
  for (let i = 0; i < n; i++) {
    let w = 0n;
    for (let k = WEIGHT_BYTES - 1; k >= 0; k--) w = (w << 8n) | BigInt(bytes[i * WEIGHT_BYTES + k]!);
    // Zero would drop the proof from the combination: redraw it.
    weights.push(w === 0n ? randomWeights(1)[0]! : w);
  }
  return weights;
}

function littleEndian(n: bigint, bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let k = 0; k < bytes; k++, n >>= 8n) out[k] = Number(n & 0xffn);
  return out;
}

/** A verification key's points in the curve's form. */
interface PreparedKey {
  readonly alpha: Point;
  readonly beta: Point;
  readonly gamma: Point;
  readonly delta: Point;
  /** IC_0..IC_4, affine, concatenated (for the multi-exponentiation). */
  readonly ic: Uint8Array;
  /** Bytes of an affine G1 point. */
  readonly g1Size: number;
}

const preparedKeys = new WeakMap<VerificationKey, PreparedKey>();

function preparedKey(curve: Bn254, vkey: VerificationKey): PreparedKey {
  let key = preparedKeys.get(vkey);
  if (key !== undefined) return key;
  const big = (v: unknown): unknown => (Array.isArray(v) ? v.map(big) : BigInt(v as string));
  const g1 = (v: unknown) => curve.G1.fromObject(big(v) as unknown[]);
  const g2 = (v: unknown) => curve.G2.fromObject(big(v) as unknown[]);
  const icPoints = vkey.IC as unknown[];
  if (vkey.nPublic !== N_PUBLIC || !Array.isArray(icPoints) || icPoints.length !== N_PUBLIC + 1) {
    throw new CircuitInputError("MalformedProof", "vkey", `a chunk verification key has ${N_PUBLIC} public inputs`);
  }
  const points = icPoints.map(g1);
  const g1Size = points[0]!.byteLength;
  const ic = new Uint8Array(points.length * g1Size);
  points.forEach((p, j) => ic.set(p, j * g1Size));
  key = {
    alpha: g1(vkey.vk_alpha_1),
    beta: g2(vkey.vk_beta_2),
    gamma: g2(vkey.vk_gamma_2),
    delta: g2(vkey.vk_delta_2),
    ic,
    g1Size,
  };
  preparedKeys.set(vkey, key);
  return key;
}
