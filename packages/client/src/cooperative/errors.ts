// Failures of the Cooperative actions found before (or instead of) a contract call, each with its own class.
import { BlockageError } from "../errors";

/** Which public signal of a chunk proof states something else than the chunk: its start, its end, its commitment. */
export type ChunkStatementPart = "prevState" | "newState" | "txsCommitment";

/**
 * A chunk proof proves another statement than the chunk it is offered for: it starts or ends in another state, or
 * commits to other transactions (the contract would refuse it with `CooperativeCoordinator__WrongStatement`). Found
 * before anything is sent.
 *
 * @example
 * try { buildChunkSubmission({ …, chunk: 1, proof }) } catch (e) {
 *   if (e instanceof ChunkStatementMismatchError) console.log(e.part, e.expected, e.given);
 * }
 */
export class ChunkStatementMismatchError extends BlockageError {
  override name = "ChunkStatementMismatchError" as const;
  override readonly code = "ChunkStatementMismatch" as const;
  /** The chunk's index in its block. */
  readonly chunk: number;
  /** The public signal that differs. */
  readonly part: ChunkStatementPart;
  /** The chunk's value. */
  readonly expected: bigint;
  /** The proof's value. */
  readonly given: bigint;

  /**
   * @param chunk - The chunk's index.
   * @param part - The signal that differs.
   * @param expected - The chunk's value.
   * @param given - The proof's value.
   */
  constructor(chunk: number, part: ChunkStatementPart, expected: bigint, given: bigint) {
    super(`the proof is not a proof of chunk ${chunk}: its ${part} is ${given}, the chunk's is ${expected}`);
    this.chunk = chunk;
    this.part = part;
    this.expected = expected;
    this.given = given;
  }
}

/**
 * The rollup is not a Cooperative deployment (its `config().mechanism` is Sidecar): it keeps no block prover seeds and
 * takes no chunk proofs. Use the Sidecar actions (`claimProofRight`, `submitEpochProof`, …) with its coordinator.
 *
 * @example
 * try { await getBlockProverSeed(rollup, { blockNumber }) } catch (e) { if (e instanceof NotCooperativeError) … }
 */
export class NotCooperativeError extends BlockageError {
  override name = "NotCooperativeError" as const;
  override readonly code = "NotCooperative" as const;
  /** The rollup. */
  readonly rollup: string;

  /**
   * @param rollup - The rollup's address.
   */
  constructor(rollup: string) {
    super(`the rollup at ${rollup} is a Sidecar deployment, not a Cooperative one: it takes no chunk proofs`);
    this.rollup = rollup;
  }
}
