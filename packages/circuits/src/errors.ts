/** Why a chunk's or block's input was refused. */
export type CircuitInputErrorCode =
  | "WrongTxCount" // a chunk needs exactly TXS_PER_CHUNK transactions; a block a positive multiple of it
  | "NotFieldElement" // a transaction or state is not an integer in [0, FIELD_MODULUS)
  | "MalformedInput" // not an object of the expected shape ({ prevState, txs }, a block with a chunk array)
  | "MalformedProof" // a proof or public-signals object that is not a Groth16 chunk proof
  | "BrokenChain" // blocks or chunks that do not chain from one state to the next
  | "NotAnAddress" // a prover that is not a nonzero 20-byte address
  | "MixedProvers"; // chunk proofs of one epoch proof bound to different provers

/** Base class of every error thrown by @blockage/circuits. */
export class CircuitError extends Error {
  override readonly name: string = "CircuitError";
}

/**
 * Input refused before any proving starts (or a proof refused before any verification): `code` says why, `field`
 * names the offending input (`txs[3]`, `prevState`, `blocks[1]`, …).
 */
export class CircuitInputError extends CircuitError {
  override readonly name = "CircuitInputError";
  constructor(
    readonly code: CircuitInputErrorCode,
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** A build artifact (wasm, zkey, verification key) is missing or unreadable. */
export class CircuitArtifactError extends CircuitError {
  override readonly name = "CircuitArtifactError";
  constructor(
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(
      `circuit artifact ${path} is missing or unreadable (reinstall @blockage/circuits or run npm run build:circuits)`,
      options,
    );
  }
}
