/**
 * What every error of the blockage SDK carries: `CircuitError`, `VrfError` and `BlockageError` (`@blockage/vrf`
 * declares the same interface, and `@blockage/client` re-exports that one; this package depends on neither).
 */
export interface BlockageErrorShape<Code extends string = string> {
  /** The class's name, a literal (e.g. `"CircuitInputError"`), so it survives bundling and structured cloning. */
  readonly name: string;
  /** Why it failed, in PascalCase (e.g. `"WrongTxCount"`): match on this, never on the message. */
  readonly code: Code;
  /** One human line saying why, without details. */
  readonly shortMessage: string;
  /** `shortMessage`, then a blank line and the details when there are any. */
  readonly message: string;
  /** The error this one wraps, when it wraps one (ES2022 `cause`). */
  readonly cause?: unknown;
}

/** Why a chunk's or block's input was refused. */
export type CircuitInputErrorCode =
  | "WrongTxCount" // a chunk needs exactly TXS_PER_CHUNK transactions; a block a positive multiple of it
  | "NotFieldElement" // a transaction or state is not an integer in [0, FIELD_MODULUS)
  | "MalformedInput" // not an object of the expected shape ({ prevState, txs }, a block with a chunk array)
  | "MalformedProof" // a proof or public-signals object that is not a Groth16 chunk proof
  | "BrokenChain" // blocks or chunks that do not chain from one state to the next
  | "NotAnAddress" // a prover that is not a nonzero 20-byte address
  | "MixedProvers"; // chunk proofs of one epoch proof bound to different provers

/** The `code` of every error @blockage/circuits throws. */
export type CircuitErrorCode = CircuitInputErrorCode | "ArtifactUnreadable"; // a build artifact (wasm, zkey, verification key) is missing or unreadable

/** Constructor options shared by every error of @blockage/circuits. */
export interface CircuitErrorOptions {
  /** The error this one wraps. */
  cause?: unknown;
  /** Extra lines appended to `message` after a blank line. */
  details?: string;
}

/**
 * Base class of every error thrown by @blockage/circuits: `code` says why (see {@link CircuitErrorCode}).
 *
 * @example
 * try { await proveChunk(input) } catch (e) { if (e instanceof CircuitError && e.code === "WrongTxCount") … }
 */
export class CircuitError extends Error implements BlockageErrorShape<CircuitErrorCode> {
  override readonly name: string = "CircuitError";
  /** Why it failed. */
  readonly code: CircuitErrorCode;
  /** One human line saying why. */
  readonly shortMessage: string;

  /**
   * @param code - Why it failed.
   * @param shortMessage - One human line saying why.
   * @param options - The wrapped error and extra detail lines.
   */
  constructor(code: CircuitErrorCode, shortMessage: string, options: CircuitErrorOptions = {}) {
    super(
      options.details ? `${shortMessage}\n\n${options.details}` : shortMessage,
      "cause" in options ? { cause: options.cause } : undefined,
    );
    this.code = code;
    this.shortMessage = shortMessage;
  }
}

/**
 * Input refused before any proving starts (or a proof refused before any verification): `code` says why, `field`
 * names the offending input (`txs[3]`, `prevState`, `blocks[1]`, …).
 */
export class CircuitInputError extends CircuitError {
  override readonly name = "CircuitInputError";
  declare readonly code: CircuitInputErrorCode;

  /**
   * @param code - Why the input was refused.
   * @param field - The offending input, e.g. `txs[3]`.
   * @param message - What is wrong with it; the short message is `<field>: <message>`.
   * @param options - The wrapped error, if any.
   */
  constructor(
    code: CircuitInputErrorCode,
    readonly field: string,
    message: string,
    options?: CircuitErrorOptions,
  ) {
    super(code, `${field}: ${message}`, options);
  }
}

/** A build artifact (wasm, zkey, verification key) is missing or unreadable: code `ArtifactUnreadable`. */
export class CircuitArtifactError extends CircuitError {
  override readonly name = "CircuitArtifactError";
  declare readonly code: "ArtifactUnreadable";

  /**
   * @param path - The artifact's path.
   * @param options - The file system's error as `cause`.
   */
  constructor(
    readonly path: string,
    options?: CircuitErrorOptions,
  ) {
    super(
      "ArtifactUnreadable",
      `circuit artifact ${path} is missing or unreadable (reinstall @blockage/circuits or run npm run build:circuits)`,
      options,
    );
  }
}
