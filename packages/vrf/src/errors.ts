/**
 * Typed errors thrown by `@blockage/vrf`.
 *
 * Only misuse throws (wrong argument types, unknown suite, unusable secret key,
 * undecodable proof passed to `proofToHash`). An invalid proof given to
 * `verify` is never an error: `verify` returns `null` ("INVALID" in RFC 9381).
 * @module
 */

/**
 * What every error of the blockage SDK carries: `VrfError`, `CircuitError` (`@blockage/circuits`, which declares the
 * same interface as it depends on no other blockage package) and `BlockageError` (`@blockage/client`, which
 * re-exports this one).
 */
export interface BlockageErrorShape<Code extends string = string> {
  /** The class's name, a literal (e.g. `"VrfError"`), so it survives bundling and structured cloning. */
  readonly name: string;
  /** Why it failed, in PascalCase (e.g. `"InvalidSecretKey"`): match on this, never on the message. */
  readonly code: Code;
  /** One human line saying why, without details. */
  readonly shortMessage: string;
  /** `shortMessage`, then a blank line and the details when there are any. */
  readonly message: string;
  /** The error this one wraps, when it wraps one (ES2022 `cause`). */
  readonly cause?: unknown;
}

/**
 * Machine-readable reason carried by every {@link VrfError}.
 *
 * - `UnknownSuite`: the suite argument is not one of {@link SUITES}.
 * - `InvalidArgument`: an argument has the wrong type (e.g. not a `Uint8Array`).
 * - `InvalidSecretKey`: the secret key has the wrong length or is out of range.
 * - `InvalidProof`: `proofToHash` was given a proof that does not decode.
 * - `HashToCurveFailed`: try-and-increment exhausted its one-octet counter
 *   (probability about 2^-256; never expected in practice).
 * - `ZeroNonce`: the edwards25519 nonce reduced to 0 mod q (probability about
 *   2^-252; RFC 9381 defines no proof for it).
 */
export type VrfErrorCode =
  "UnknownSuite" | "InvalidArgument" | "InvalidSecretKey" | "InvalidProof" | "HashToCurveFailed" | "ZeroNonce";

/** Constructor options of {@link VrfError}. */
export interface VrfErrorOptions {
  /** The error this one wraps. */
  cause?: unknown;
  /** Extra lines appended to `message` after a blank line. */
  details?: string;
}

/**
 * Error thrown by the public API on misuse. Inspect {@link VrfError.code}
 * rather than the message, which is for humans and may change.
 * @example
 * ```ts
 * try { prove("ECVRF-P256-SHA256-TAI", new Uint8Array(32), alpha); }
 * catch (e) { if (e instanceof VrfError && e.code === "InvalidSecretKey") { ... } }
 * ```
 */
export class VrfError extends Error implements BlockageErrorShape<VrfErrorCode> {
  /** Always the literal `"VrfError"`, so the error survives structured cloning and bundling. */
  override readonly name = "VrfError" as const;
  /** Why the call failed. */
  readonly code: VrfErrorCode;
  /** One human line saying why. */
  readonly shortMessage: string;

  /**
   * @param code - Machine-readable reason.
   * @param shortMessage - One human line saying why.
   * @param options - The wrapped error and extra detail lines.
   */
  constructor(code: VrfErrorCode, shortMessage: string, options: VrfErrorOptions = {}) {
    super(
      options.details ? `${shortMessage}\n\n${options.details}` : shortMessage,
      "cause" in options ? { cause: options.cause } : undefined,
    );
    this.code = code;
    this.shortMessage = shortMessage;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
