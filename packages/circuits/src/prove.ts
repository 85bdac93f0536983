import * as snarkjs from "snarkjs";
import { CHUNK_ARTIFACTS, type ChunkArtifacts, loadVerificationKey, requireArtifacts } from "./artifacts.js";
import {
  type ProveBlockInput,
  type ProveChunkInput,
  blockTxsCommitment,
  chunkTransition,
  parseChunkInput,
  splitBlock,
} from "./chunk.js";
import { CircuitInputError } from "./errors.js";
import { type BlockProof, type ChunkProof, type Groth16Proof, checkProofShape } from "./proof.js";
import { FIELD_MODULUS, type FieldLike, proverAddress, proverSignal, toField } from "./field.js";

/** Options of proveChunk / proveBlock. */
export interface ProveOptions {
  /** Artifacts to prove with; the package's committed ones by default. */
  readonly artifacts?: ChunkArtifacts;
  /** proveBlock: called after each chunk is proven, with how many are done of how many (about 1 s each). */
  readonly onProgress?: (provenChunks: number, totalChunks: number) => void;
}

/**
 * Proves one chunk: `newState = fold(prevState, txs)`, `txsCommitment = fold(0, txs)`, bound to `prover` (the
 * address every payout for the proof goes to, whoever submits it). The input is checked (exactly TXS_PER_CHUNK
 * field elements, a nonzero address) before any proving starts: CircuitInputError otherwise.
 *
 * @example
 * const chunk = await proveChunk({ prevState: 0n, txs, prover: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" });
 */
export async function proveChunk(input: ProveChunkInput, options: ProveOptions = {}): Promise<ChunkProof> {
  const { prevState, txs } = parseChunkInput(input);
  const prover = proverSignal(input.prover, "chunk.prover");
  return proveParsedChunk(prevState, txs, prover, options.artifacts ?? CHUNK_ARTIFACTS);
}

async function proveParsedChunk(
  prevState: bigint,
  txs: bigint[],
  prover: bigint,
  artifacts: ChunkArtifacts,
): Promise<ChunkProof> {
  requireArtifacts(artifacts);
  await sharedCurve();
  // The claimed outputs are public inputs: the circuit asserts them, so a mismatch could never prove.
  const { newState, txsCommitment } = chunkTransition(prevState, txs);
  const witness = {
    prevState: prevState.toString(),
    newState: newState.toString(),
    txsCommitment: txsCommitment.toString(),
    prover: prover.toString(),
    txs: txs.map(String),
  };
  const { proof, publicSignals } = await snarkjs.groth16.fullProve(witness, artifacts.wasm, artifacts.zkey);
  return {
    proof: proof as unknown as Groth16Proof,
    publicSignals: publicSignals as unknown as ChunkProof["publicSignals"],
  };
}

/**
 * Proves a block chunk by chunk, in order (TXS_PER_CHUNK transactions each, so a positive multiple of it in all),
 * every chunk bound to `prover`; the input is checked before any proving starts.
 *
 * @example
 * const block = await proveBlock({ prevState: tips.tipState, txs, prover: await signer.getAddress() });
 */
export async function proveBlock(input: ProveBlockInput, options: ProveOptions = {}): Promise<BlockProof> {
  const { prevState, chunks: chunkTxs } = splitBlock(input);
  const prover = proverSignal(input.prover, "block.prover");
  const artifacts = options.artifacts ?? CHUNK_ARTIFACTS;
  const chunks: ChunkProof[] = [];
  let state = prevState;
  for (const txs of chunkTxs) {
    const chunk = await proveParsedChunk(state, txs, prover, artifacts);
    chunks.push(chunk);
    state = BigInt(chunk.publicSignals[1]);
    options.onProgress?.(chunks.length, chunkTxs.length);
  }
  return {
    prevState,
    newState: state,
    txsCommitment: blockTxsCommitment(chunks.map((c) => c.publicSignals[2])),
    prover: proverAddress(prover, "block.prover"),
    chunks,
  };
}

/**
 * Verifies a chunk proof against its four public signals `[prevState, newState, txsCommitment, prover]` with the
 * verification key (the package's by default). False for a proof that does not verify, including a proof bound to
 * another prover; CircuitInputError for something that is not a chunk proof at all, or a prover signal that is not a
 * nonzero address ("NotAnAddress": the on-chain verifier refuses it).
 */
export async function verifyChunk(
  proof: Groth16Proof,
  publicSignals: readonly FieldLike[],
  vkeyPath: string = CHUNK_ARTIFACTS.vkey,
): Promise<boolean> {
  checkProofShape(proof, "proof");
  if (!Array.isArray(publicSignals) || publicSignals.length !== 4) {
    throw new CircuitInputError(
      "MalformedProof",
      "publicSignals",
      "a chunk proof has 4 public signals [prevState, newState, txsCommitment, prover]",
    );
  }
  // A signal outside the field cannot be a chunk's; snarkjs would say false too, but name it.
  const signals = publicSignals.map((s, i) => toField(s, `publicSignals[${i}]`).toString());
  proverAddress(signals[3]!, "publicSignals[3]");
  const vkey = loadVerificationKey(vkeyPath);
  const points = proofPoints(await bn254(), proof);
  // snarkjs checks that the points are on their curves, but not that B is in G2's order-r subgroup: the EVM's pairing
  // precompile refuses a B outside it, so such a proof is refused here too.
  if (points === null) return false;
  // The chain reads only a point's affine (x, y) ((0, 0) being the point at infinity): snarkjs is given the same points,
  // whatever third (projective) coordinate the proof carries.
  const affine = {
    ...proof,
    pi_a: [...proof.pi_a.slice(0, 2), "1"],
    pi_b: [...proof.pi_b.slice(0, 2), ["1", "0"]],
    pi_c: [...proof.pi_c.slice(0, 2), "1"],
  };
  return snarkjs.groth16.verify(vkey, signals, affine as unknown as snarkjs.Groth16Proof);
}

interface Curve {
  terminate(): Promise<void>;
}

/** A point of ffjavascript's BN254 groups: affine (2 coordinates) or Jacobian (3), Montgomery form. */
export type Point = Uint8Array;

/** What batch.ts uses of ffjavascript's BN254 curve (a `WasmCurve` per group; see ffjavascript's wasm_curve.js). */
export interface Bn254 extends Curve {
  readonly G1: Bn254Group;
  readonly G2: Bn254Group;
  /** Whether ∏ e(P_i, Q_i) = 1 for the pairs (P_1, Q_1, P_2, Q_2, …): Miller loops, then one final exponentiation. */
  pairingEq(...pointPairs: Point[]): Promise<boolean>;
}

/** One group of the curve. */
export interface Bn254Group {
  fromObject(coordinates: readonly unknown[]): Point;
  isValid(p: Point): boolean;
  isZero(p: Point): boolean;
  neg(p: Point): Point;
  add(p: Point, q: Point): Point;
  /** `s` as a little-endian integer of any byte length, or a bigint. */
  timesScalar(p: Point, s: Uint8Array | bigint): Point;
  /** Σ s_i·P_i over affine points (concatenated) and scalars (little-endian, concatenated, all of one width). */
  multiExpAffine(points: Uint8Array, scalars: Uint8Array): Promise<Point>;
}

/**
 * The curve every snarkjs call of this process (or thread) uses, built once (see sharedCurve): for batch.ts, which
 * must use the same one. Internal: not exported from the package's entry.
 */
export async function bn254(): Promise<Bn254> {
  return (await sharedCurve()) as Bn254;
}

/** A proof's points as the chain reads them. */
export interface ProofPoints {
  readonly a: Point;
  readonly b: Point;
  readonly c: Point;
}

/**
 * A proof's points from their affine coordinates only (as the chain reads them; (0, 0) is the point at infinity), or
 * null unless A and C are on the curve and B is on the twist and in its order-r subgroup (r·B = 0), as the EVM's
 * precompiles require. The coordinates must have been checked below q (checkProofShape). Internal.
 */
export function proofPoints(curve: Bn254, proof: Groth16Proof): ProofPoints | null {
  const xy = (p: readonly string[]) => [BigInt(p[0]!), BigInt(p[1]!)];
  const a = curve.G1.fromObject(xy(proof.pi_a));
  const c = curve.G1.fromObject(xy(proof.pi_c));
  const b = curve.G2.fromObject([xy(proof.pi_b[0]!), xy(proof.pi_b[1]!)]);
  // G1 has cofactor 1: on the curve is in the group. G2's cofactor is not 1.
  const ok =
    curve.G1.isValid(a) &&
    curve.G1.isValid(c) &&
    curve.G2.isValid(b) &&
    curve.G2.isZero(curve.G2.timesScalar(b, FIELD_MODULUS));
  return ok ? { a, b, c } : null;
}

let curve: Promise<Curve> | undefined;

/**
 * snarkjs keeps one BN254 curve (a WASM instance with a worker-thread pool) in `globalThis.curve_bn128`, but two
 * proofs that start together would each build one and the first would be orphaned, its threads keeping the process
 * alive. Building it once here, before any snarkjs call, makes every proof and verification share it.
 */
function sharedCurve(): Promise<Curve> {
  curve ??= snarkjsCurves().getCurveFromName("bn128");
  return curve;
}

/** `curves` is part of snarkjs's API (main.js) but missing from @types/snarkjs. */
function snarkjsCurves() {
  return (
    snarkjs as unknown as {
      curves: { getCurveFromName(name: string, options?: { singleThread?: boolean }): Promise<Curve> };
    }
  ).curves;
}

/**
 * The `workerData` a `node:worker_threads` Worker needs (merged with its own) when the thread loads this package.
 * snarkjs's arithmetic library pulls in the `web-worker` polyfill, which takes any worker thread that loads it for one of
 * its own workers and runs `workerData.mod` in it: without a `mod`, loading the package in a thread throws. An empty
 * classic script satisfies it and runs nothing.
 *
 * @example
 * new Worker(script, { workerData: { ...PROVER_THREAD_WORKER_DATA, job } });
 */
export const PROVER_THREAD_WORKER_DATA = Object.freeze({ mod: "data:text/javascript,", type: "classic" });

/**
 * Makes every later proof and verification in this thread run on one core: snarkjs's BN254 curve without its
 * thread pool (by default it spawns one thread per CPU and spreads each proof over all of them). For code that
 * already runs one proof per worker thread, `n` at a time: each takes one core, so `n` proofs run side by side without
 * fighting over a shared pool. Call it before the thread's first proof or verification; `releaseProver` undoes it.
 *
 * @example
 * // inside a node:worker_threads worker
 * await useSingleThreadedProver();
 * const chunk = await proveChunk({ prevState, txs, prover });
 */
export async function useSingleThreadedProver(): Promise<void> {
  if (curve !== undefined) await releaseProver();
  // ffjavascript hands the curve in `globalThis.curve_bn128` to every snarkjs call that asks for BN254 without
  // options (groth16 prove and verify both do): installing a single-threaded one there makes them all use it.
  curve = snarkjsCurves()
    .getCurveFromName("bn128", { singleThread: true })
    .then((c) => {
      (globalThis as { curve_bn128?: Curve | null }).curve_bn128 = c;
      return c;
    });
  await curve;
}

/**
 * Ends the prover's worker threads (snarkjs keeps a BN254 curve with a thread pool alive between proofs), so a
 * script can exit. Call it once the proofs and verifications you started have settled; the next one starts a new
 * pool.
 */
export async function releaseProver(): Promise<void> {
  const holder = globalThis as { curve_bn128?: Curve | null };
  const pending = curve;
  curve = undefined;
  const current = pending ? await pending : holder.curve_bn128;
  if (holder.curve_bn128 === current) holder.curve_bn128 = null;
  if (current) await current.terminate();
}
