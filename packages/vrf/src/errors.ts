/**
 * Typed errors thrown by `@blockage/vrf`.
 *
 * Only misuse throws (wrong argument types, unknown suite, unusable secret key,
 * undecodable proof passed to `proofToHash`). An invalid proof given to
 * `verify` is never an error: `verify` returns `null` ("INVALID" in RFC 9381).
 * @module
 */

/**
 * Machine-readable reason carried by every {@link VrfError}.
 *
 * - `UNKNOWN_SUITE`: the suite argument is not one of {@link SUITES}.
 * - `INVALID_ARGUMENT`: an argument has the wrong type (e.g. not a `Uint8Array`).
 * - `INVALID_SECRET_KEY`: the secret key has the wrong length or is out of range.
 * - `INVALID_PROOF`: `proofToHash` was given a proof that does not decode.
 * - `HASH_TO_CURVE_FAILED`: try-and-increment exhausted its one-octet counter
 *   (probability about 2^-256; never expected in practice).
 * - `ZERO_NONCE`: the edwards25519 nonce reduced to 0 mod q (probability about
 *   2^-252; RFC 9381 defines no proof for it).
 */
export type VrfErrorCode =
  "UNKNOWN_SUITE" | "INVALID_ARGUMENT" | "INVALID_SECRET_KEY" | "INVALID_PROOF" | "HASH_TO_CURVE_FAILED" | "ZERO_NONCE";

/**
 * Error thrown by the public API on misuse. Inspect {@link VrfError.code}
 * rather than the message, which is for humans and may change.
 * @example
 * ```ts
 * try { prove("ECVRF-P256-SHA256-TAI", new Uint8Array(32), alpha); }
 * catch (e) { if (e instanceof VrfError && e.code === "INVALID_SECRET_KEY") { ... } }
 * ```
 */
export class VrfError extends Error {
  /** Always the literal `"VrfError"`, so the error survives structured cloning and bundling. */
  override readonly name = "VrfError" as const;
  /** Why the call failed. */
  readonly code: VrfErrorCode;

  /**
   * @param code - Machine-readable reason.
   * @param message - Human-readable detail.
   */
  constructor(code: VrfErrorCode, message: string) {
    super(message);
    this.code = code;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
