// A chunk proof's submission, pure: the block's chunk commitments and the `ChunkSubmission` struct the coordinator
// takes, checked against the chunk it is for before anything is sent.
import { CircuitInputError, toSolidityChunkProof, type ChunkProof, type FieldLike } from "@blockage/circuits/statement";
import type { BigNumberish, BytesLike } from "ethers";
import { InvalidParameterError } from "../errors";
import { basisPointsArgument } from "../lottery/math";
import { blockStatement, daCommitment, toBlockHeader, type BlockHeader } from "../rollup/header";
import { checkedBytes, checkedUint } from "../validate";
import type { BlockHeaderStruct } from "../typechain/contracts/rollup/Rollup";
import type { ChunkSubmissionStruct } from "../typechain/contracts/proving/CooperativeCoordinator";
import { ChunkStatementMismatchError, type ChunkStatementPart } from "./errors";

/** Parameters of {@link chunkCommitments}. */
export interface ChunkCommitmentsParameters {
  /** The state before the block (`header.prevState`). */
  prevState: FieldLike;
  /** The block's transactions: a positive multiple of 16 field elements. */
  txs: readonly FieldLike[];
}

/**
 * The Poseidon txs commitment of each of a block's chunks, in order (16 transactions each): what a chunk proof
 * exposes as its third public signal, and what `ChunkSubmission.chunkCommitments` lists (they hash to the header's
 * `txsCommitment`).
 *
 * @param params - The block's start state and transactions.
 * @returns One commitment per chunk.
 * @throws {InvalidParameterError} If the state or a transaction is not a BN254 field element, or the transactions are
 *   not a positive multiple of 16.
 * @example
 * const commitments = chunkCommitments({ prevState: header.prevState, txs });
 */
export function chunkCommitments(params: ChunkCommitmentsParameters): bigint[] {
  if (typeof params !== "object" || params === null) throw new InvalidParameterError("chunkCommitments: no parameters");
  return blockStatement(params.prevState, params.txs).chunks.map((c) => c.txsCommitment);
}

/** Parameters of {@link buildChunkSubmission}. */
export interface BuildChunkSubmissionParameters {
  /** The block's number on the pending chain. */
  blockNumber: BigNumberish;
  /** The block's header (as proposed; `getProposedBlock` reads it back). */
  header: BlockHeader | BlockHeaderStruct;
  /** The block's transactions (published with its proposal). */
  txs: readonly FieldLike[];
  /** The chunk's index in the block. */
  chunk: number;
  /** The salt the prover's node registered with (its pid is `keccak256(abi.encode(sender, salt))`). */
  salt: BytesLike;
  /** FEE_BURN in basis points (0 to 10,000): boosts the ticket, burns that share of the proof's reward. */
  feeBurn: bigint | number;
  /** The chunk's Groth16 proof (`proveChunk` of `@blockage/circuits`), bound to the address that will submit it. */
  proof: ChunkProof;
}

const STATEMENT: readonly ChunkStatementPart[] = ["prevState", "newState", "txsCommitment"];

/**
 * The `ChunkSubmission` of a chunk proof for `submitChunkProof`: the block's header and chunk commitments, the chunk,
 * the node's salt, the FEE_BURN and the proof in the verifier's encoding. Checks first that the transactions are the
 * header's block and that the proof proves chunk `chunk` of it (its start state, end state and commitment), so that a
 * proof offered for the wrong chunk fails here and not on-chain.
 *
 * @param params - Block number, header, transactions, chunk index, salt, FEE_BURN and proof.
 * @returns The struct to submit.
 * @throws {ChunkStatementMismatchError} If the proof proves another statement than the chunk's.
 * @throws {InvalidParameterError} For malformed fields, transactions that are not the header's block, a chunk index
 *   outside the block, a FEE_BURN outside [0, 10,000] or a proof that is not a chunk proof.
 * @example
 * const proof = await proveChunk({ prevState, txs: txs.slice(16 * k, 16 * k + 16), prover: operator.address });
 * const submission = buildChunkSubmission({ blockNumber, header, txs, chunk: k, salt, feeBurn: 0, proof });
 * await submitChunkProof(coordinator.connect(operator), { submission, ...chunkTicket({ vrfSecretKey, seed }) });
 */
export function buildChunkSubmission(params: BuildChunkSubmissionParameters): ChunkSubmissionStruct {
  if (typeof params !== "object" || params === null) {
    throw new InvalidParameterError("buildChunkSubmission: no parameters");
  }
  const header = toBlockHeader(params.header);
  const blockNumber = checkedUint(params.blockNumber, "blockNumber");
  const salt = checkedBytes(params.salt, "salt", 32);
  const feeBurn = basisPointsArgument("buildChunkSubmission", "feeBurn", params.feeBurn);
  const block = blockStatement(header.prevState, params.txs);
  if (
    BigInt(params.txs.length) !== header.txCount ||
    block.newState !== header.newState ||
    block.txsCommitment !== header.txsCommitment ||
    daCommitment(params.txs) !== header.daCommitment
  ) {
    throw new InvalidParameterError(
      "the transactions are not the header's block (count, states or commitments differ)",
    );
  }
  const chunk = params.chunk;
  if (!Number.isSafeInteger(chunk) || chunk < 0 || chunk >= block.chunks.length) {
    throw new InvalidParameterError(`chunk must be a chunk index of the block, 0 to ${block.chunks.length - 1}`);
  }
  let proof;
  try {
    proof = toSolidityChunkProof(params.proof, "proof");
  } catch (error) {
    if (error instanceof CircuitInputError) throw new InvalidParameterError(error.shortMessage, { cause: error });
    throw error;
  }
  const expected = block.chunks[chunk];
  STATEMENT.forEach((part, i) => {
    if (proof.publicSignals[i] !== expected[part]) {
      throw new ChunkStatementMismatchError(chunk, part, expected[part], proof.publicSignals[i]);
    }
  });
  return {
    blockNumber,
    header,
    chunkCommitments: block.chunks.map((c) => c.txsCommitment),
    chunk: BigInt(chunk),
    salt,
    feeBurn,
    proof: {
      a: [proof.a[0], proof.a[1]],
      b: [
        [proof.b[0][0], proof.b[0][1]],
        [proof.b[1][0], proof.b[1][1]],
      ],
      c: [proof.c[0], proof.c[1]],
      publicSignals: [...proof.publicSignals],
    },
  };
}
