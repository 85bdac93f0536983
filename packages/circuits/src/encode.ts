import { AbiCoder } from "ethers";
import { CircuitInputError } from "./errors.js";
import { blockTxsCommitment } from "./chunk.js";
import { proverAddress, proverSignal, toField } from "./field.js";
import { type BlockProof, type ChunkProof, checkProofShape } from "./proof.js";

/** A chunk proof in the form the Solidity verifier takes (`ChunkProof` in contracts/proving/EpochProofVerifier.sol). */
export interface SolidityChunkProof {
  readonly a: readonly [bigint, bigint];
  /** G2 point with each coordinate as [imaginary, real]: the reverse of snarkjs's `pi_b`. */
  readonly b: readonly [readonly [bigint, bigint], readonly [bigint, bigint]];
  readonly c: readonly [bigint, bigint];
  /** `[prevState, newState, txsCommitment, prover]`, the prover as its 160-bit integer. */
  readonly publicSignals: readonly [bigint, bigint, bigint, bigint];
}

/** A block as `verifyEpochProof` takes it (`BlockCommitment` in contracts/interfaces/IProofVerifier.sol). */
export interface SolidityBlockCommitment {
  readonly prevState: bigint;
  readonly newState: bigint;
  readonly txsCommitment: string;
}

/** The arguments of `IProofVerifier.verifyEpochProof(prevState, newState, blocks, proof)`. */
export interface EpochProofArgs {
  readonly prevState: bigint;
  readonly newState: bigint;
  readonly blocks: readonly SolidityBlockCommitment[];
  /** 0x-hex `abi.encode(uint256[] chunkCounts, ChunkProof[] chunks)`. */
  readonly proof: string;
  /** The checksummed address every chunk is bound to: whom the contracts pay for the proof. */
  readonly prover: string;
}

const CHUNK_PROOF_TUPLE = "tuple(uint256[2] a, uint256[2][2] b, uint256[2] c, uint256[4] publicSignals)";

/** One chunk proof as the Solidity verifier takes it. */
export function toSolidityChunkProof(chunk: ChunkProof, field = "chunk"): SolidityChunkProof {
  checkProofShape(chunk?.proof, `${field}.proof`);
  if (!Array.isArray(chunk.publicSignals) || chunk.publicSignals.length !== 4) {
    throw new CircuitInputError("MalformedProof", `${field}.publicSignals`, "a chunk proof has 4 public signals");
  }
  const { pi_a, pi_b, pi_c } = chunk.proof;
  const n = (s: string | undefined) => BigInt(s!);
  const [prevState, newState, txsCommitment, prover] = chunk.publicSignals.map((s, i) =>
    toField(s, `${field}.publicSignals[${i}]`),
  );
  proverAddress(prover!, `${field}.publicSignals[3]`);
  return {
    a: [n(pi_a[0]), n(pi_a[1])],
    b: [
      [n(pi_b[0]![1]), n(pi_b[0]![0])],
      [n(pi_b[1]![1]), n(pi_b[1]![0])],
    ],
    c: [n(pi_c[0]), n(pi_c[1])],
    publicSignals: [prevState!, newState!, txsCommitment!, prover!],
  };
}

/**
 * The epoch proof for EpochProofVerifier: `abi.encode(uint256[] chunkCounts, ChunkProof[] chunks)` over the
 * epoch's blocks in order. Checks that the blocks chain (CircuitInputError "BrokenChain") and that every chunk is
 * bound to the same prover ("MixedProvers") so a bad bundle is caught before it costs gas.
 */
export function encodeEpochProof(blocks: readonly BlockProof[]): string {
  return epochProofArgs(blocks).proof;
}

/** Everything `verifyEpochProof` takes, for an epoch made of `blocks` (in order). */
export function epochProofArgs(blocks: readonly BlockProof[]): EpochProofArgs {
  if (!Array.isArray(blocks as unknown))
    throw new CircuitInputError("MalformedInput", "blocks", "expected an array of block proofs");
  if (blocks.length === 0)
    throw new CircuitInputError("WrongTxCount", "blocks", "an epoch proof covers at least one block");
  const chunkCounts: bigint[] = [];
  const chunks: SolidityChunkProof[] = [];
  const headers: SolidityBlockCommitment[] = [];
  let epochPrevState = 0n;
  let state = 0n;
  let prover = 0n;
  Array.from(blocks, (block, i) => {
    const at = `blocks[${i}]`;
    if (block === null || typeof block !== "object" || !Array.isArray(block.chunks as unknown)) {
      throw new CircuitInputError(
        "MalformedInput",
        at,
        "expected a block proof { prevState, newState, txsCommitment, chunks }",
      );
    }
    if (block.chunks.length === 0) throw new CircuitInputError("WrongTxCount", at, "a block has at least one chunk");
    const prevState = toField(block.prevState, `${at}.prevState`);
    const newState = toField(block.newState, `${at}.newState`);
    if (i === 0) epochPrevState = state = prevState;
    if (prevState !== state) {
      throw new CircuitInputError(
        "BrokenChain",
        `${at}.prevState`,
        `is ${prevState}, the previous block ends in ${state}`,
      );
    }
    const commitments: bigint[] = [];
    Array.from(block.chunks, (chunk, j) => {
      const encoded = toSolidityChunkProof(chunk, `${at}.chunks[${j}]`);
      if (encoded.publicSignals[0] !== state) {
        throw new CircuitInputError(
          "BrokenChain",
          `${at}.chunks[${j}]`,
          `starts from ${encoded.publicSignals[0]}, the previous chunk ends in ${state}`,
        );
      }
      if (chunks.length === 0) prover = encoded.publicSignals[3];
      else if (encoded.publicSignals[3] !== prover) {
        throw new CircuitInputError(
          "MixedProvers",
          `${at}.chunks[${j}]`,
          `is bound to ${proverAddress(encoded.publicSignals[3], "prover")}, the epoch's first chunk to ${proverAddress(prover, "prover")}`,
        );
      }
      state = encoded.publicSignals[1];
      commitments.push(encoded.publicSignals[2]);
      chunks.push(encoded);
    });
    if (state !== newState) {
      throw new CircuitInputError("BrokenChain", `${at}.newState`, `is ${newState}, its chunks end in ${state}`);
    }
    // A block proof that names a prover must name the one its chunks are bound to.
    if (block.prover !== undefined && proverSignal(block.prover, `${at}.prover`) !== prover) {
      throw new CircuitInputError(
        "MixedProvers",
        `${at}.prover`,
        `is ${String(block.prover)}, its chunks are bound to ${proverAddress(prover, "prover")}`,
      );
    }
    const txsCommitment = blockTxsCommitment(commitments);
    if (typeof block.txsCommitment !== "string" || block.txsCommitment.toLowerCase() !== txsCommitment) {
      throw new CircuitInputError(
        "BrokenChain",
        `${at}.txsCommitment`,
        `is ${String(block.txsCommitment)}, its chunks commit to ${txsCommitment}`,
      );
    }
    chunkCounts.push(BigInt(block.chunks.length));
    headers.push({ prevState, newState, txsCommitment });
  });
  const proof = AbiCoder.defaultAbiCoder().encode(
    ["uint256[]", `${CHUNK_PROOF_TUPLE}[]`],
    [chunkCounts, chunks.map((c) => [c.a, c.b, c.c, c.publicSignals])],
  );
  return {
    prevState: epochPrevState,
    newState: state,
    blocks: headers,
    proof,
    prover: proverAddress(prover, "prover"),
  };
}
