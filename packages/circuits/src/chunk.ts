import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { poseidon2 } from "poseidon-lite/poseidon2";
import { CircuitInputError } from "./errors.js";
import { type FieldLike, toField } from "./field.js";

/** Transactions per chunk: the circuit's fixed size. */
export const TXS_PER_CHUNK = 16;

/** What a chunk's transactions determine: its states and txs commitment (the first three public signals). */
export interface ChunkSignals {
  readonly prevState: bigint;
  readonly newState: bigint;
  readonly txsCommitment: bigint;
}

/**
 * A chunk proof's four public signals, in the circuit's (and the on-chain verifier's) order:
 * `[prevState, newState, txsCommitment, prover]`, the prover as its checksummed address.
 */
export interface ProvenChunkSignals extends ChunkSignals {
  /** The address the proof is bound to: every payout for it goes there, whoever submits it. */
  readonly prover: string;
}

/** The input of one chunk: the state before it and exactly TXS_PER_CHUNK transactions. */
export interface ChunkInput {
  readonly prevState: FieldLike;
  readonly txs: readonly FieldLike[];
}

/** The input of one block: the state before it and a positive multiple of TXS_PER_CHUNK transactions. */
export interface BlockInput {
  readonly prevState: FieldLike;
  readonly txs: readonly FieldLike[];
}

/** What proveChunk takes: a chunk and the address its proof is bound to. */
export interface ProveChunkInput extends ChunkInput {
  /** 0x-hex address (nonzero) that every payout for the proof goes to: the prover's, or its job distributor's. */
  readonly prover: string;
}

/** What proveBlock takes: a block and the address every one of its chunk proofs is bound to. */
export interface ProveBlockInput extends BlockInput {
  /** 0x-hex address (nonzero) that every payout for the proofs goes to. */
  readonly prover: string;
}

/** What a block commits to, computed without proving. */
export interface BlockCommitment {
  readonly prevState: bigint;
  readonly newState: bigint;
  /** `keccak256` of the chunks' 32-byte Poseidon txs commitments, in order (0x-hex): the block header's field. */
  readonly txsCommitment: string;
  readonly chunks: readonly ChunkSignals[];
}

/** `fold(s, [t0 … tn-1]) = P(…P(P(s, t0), t1)…, tn-1)` with circomlib's two-input Poseidon. */
export function poseidonFold(initial: bigint, values: readonly bigint[]): bigint {
  let acc = initial;
  for (const value of values) acc = poseidon2([acc, value]);
  return acc;
}

/** A chunk's signals from its (checked) state and transactions. */
export function chunkTransition(prevState: bigint, txs: readonly bigint[]): ChunkSignals {
  return { prevState, newState: poseidonFold(prevState, txs), txsCommitment: poseidonFold(0n, txs) };
}

/**
 * Checks and converts `{ prevState, txs }`: CircuitInputError before anything else happens. `countOk` says which
 * transaction counts are allowed, `expected` says it in words.
 */
function parseInput(
  input: ChunkInput | BlockInput,
  field: string,
  countOk: (count: number) => boolean,
  expected: string,
): { prevState: bigint; txs: bigint[] } {
  if (input === null || typeof input !== "object") {
    throw new CircuitInputError("MalformedInput", field, "expected { prevState, txs }");
  }
  const prevState = toField(input.prevState, `${field}.prevState`);
  if (!Array.isArray(input.txs) || !countOk(input.txs.length)) {
    const got = Array.isArray(input.txs) ? `${input.txs.length} transactions` : "no transaction array";
    throw new CircuitInputError("WrongTxCount", `${field}.txs`, `${expected}; got ${got}`);
  }
  // Array.from, not map: a sparse array's holes are refused as values, not skipped.
  const txs = Array.from(input.txs, (tx, i) => toField(tx, `${field}.txs[${i}]`));
  return { prevState, txs };
}

/** Checks and converts a chunk's input (exactly TXS_PER_CHUNK field elements). */
export function parseChunkInput(input: ChunkInput): { prevState: bigint; txs: bigint[] } {
  return parseInput(input, "chunk", (n) => n === TXS_PER_CHUNK, `a chunk has exactly ${TXS_PER_CHUNK} transactions`);
}

/** A chunk's public signals without proving: what a sequencer puts in its header. */
export function computeChunk(input: ChunkInput): ChunkSignals {
  const { prevState, txs } = parseChunkInput(input);
  return chunkTransition(prevState, txs);
}

/** Splits a block's transactions into chunks; CircuitInputError unless their count is a positive multiple of TXS_PER_CHUNK. */
export function splitBlock(input: BlockInput): { prevState: bigint; chunks: bigint[][] } {
  const { prevState, txs } = parseInput(
    input,
    "block",
    (n) => n > 0 && n % TXS_PER_CHUNK === 0,
    `a block has a positive multiple of ${TXS_PER_CHUNK} transactions (pad with no-op transactions)`,
  );
  const chunks: bigint[][] = [];
  for (let i = 0; i < txs.length; i += TXS_PER_CHUNK) chunks.push(txs.slice(i, i + TXS_PER_CHUNK));
  return { prevState, chunks };
}

/** A block's states and txs commitment without proving (for sequencers building headers). */
export function computeBlock(input: BlockInput): BlockCommitment {
  const { prevState, chunks } = splitBlock(input);
  const signals: ChunkSignals[] = [];
  let state = prevState;
  for (const txs of chunks) {
    const chunk = chunkTransition(state, txs);
    signals.push(chunk);
    state = chunk.newState;
  }
  return {
    prevState,
    newState: state,
    txsCommitment: blockTxsCommitment(signals.map((c) => c.txsCommitment)),
    chunks: signals,
  };
}

/** `keccak256(abi.encodePacked(uint256[] chunkTxsCommitments))`, 0x-hex: as EpochProofVerifier.blockTxsCommitment. */
export function blockTxsCommitment(chunkTxsCommitments: readonly FieldLike[]): string {
  const packed = new Uint8Array(32 * chunkTxsCommitments.length);
  Array.from(chunkTxsCommitments, (c, i) => packed.set(word(toField(c, `chunkTxsCommitments[${i}]`)), 32 * i));
  return `0x${bytesToHex(keccak_256(packed))}`;
}

function word(n: bigint): Uint8Array {
  return hexToBytes(n.toString(16).padStart(64, "0"));
}
