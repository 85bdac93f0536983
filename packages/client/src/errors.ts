// The SDK's one error shape, declared by @blockage/vrf (and again by @blockage/circuits, which depends on no other
// blockage package): `VrfError`, `CircuitError` and `BlockageError` all have it.
import type { BlockageErrorShape } from "@blockage/vrf";

export type { BlockageErrorShape };

/** Constructor options shared by every blockage error. */
export interface BlockageErrorOptions {
  /** The underlying error, kept as `cause`. Its one-line reason ends `shortMessage` unless the summary says it. */
  cause?: unknown;
  /** Extra lines of detail appended to the message. */
  details?: string;
}

const firstLine = (text: string): string =>
  text
    .split("\n")
    .map((line) => line.trim())
    .find((line) => line !== "") ?? "";

/**
 * The reason an error happened, as one short human line: the `shortMessage` of a blockage or ethers error (with the
 * node's own message when ethers could only say "could not coalesce error"), else the first non-blank line of
 * `message`, else the error's name. Works on anything that can be thrown.
 *
 * @param error - Anything caught.
 * @returns One line, never empty.
 * @example
 * catch (e) { console.error(`deploy failed: ${errorReason(e)}`) }
 */
export function errorReason(error: unknown): string {
  if (typeof error === "object" && error !== null) {
    const { shortMessage, message, name, error: inner } = error as Record<string, unknown>;
    if (typeof shortMessage === "string" && firstLine(shortMessage) !== "") {
      const short = firstLine(shortMessage);
      // ethers wraps JSON-RPC errors it does not recognise; the node's message is the actual reason.
      const innerMessage =
        typeof inner === "object" && inner !== null ? (inner as Record<string, unknown>).message : undefined;
      const innerReason = typeof innerMessage === "string" ? firstLine(innerMessage) : "";
      return innerReason !== "" && !short.includes(innerReason) ? `${short}: ${innerReason}` : short;
    }
    if (typeof message === "string" && firstLine(message) !== "") return firstLine(message);
    if (typeof name === "string" && name !== "") return name;
  }
  let text = "";
  try {
    text = firstLine(String(error));
  } catch {
    // An object whose toString throws: nothing more to say.
  }
  return text || "unknown error";
}

/**
 * Base class of every error the SDK throws, with the SDK's error shape ({@link BlockageErrorShape}). `shortMessage` is
 * one human line that ends with the reason of the `cause` when there is one (e.g. `EcVrfVerifier deployment failed:
 * insufficient funds …`) and the summary does not already say it; `message` adds details; `cause` is the error
 * wrapped.
 *
 * `code` is the class's name without `Error` (`InvalidParameter`, `ContractCall`, `ContractRevert`, `NotEligible`,
 * `RegistryAdminRequired`, `SlasherAlreadyBound`, `BlockDataNotFound`, `ChunkStatementMismatch`, `NotCooperative`;
 * `Blockage` for this base class), except for a class with several reasons, whose code is the reason: `LotteryError`
 * (`InvalidParams`, `WeightOverflow`, …).
 *
 * @example
 * try { await verifyOnChain(verifier, params) } catch (e) {
 *   if (e instanceof BlockageError && e.code === "ContractRevert") console.error(e.shortMessage)
 * }
 */
export class BlockageError extends Error implements BlockageErrorShape {
  override name: string = "BlockageError";
  /** Why it failed, in PascalCase: see the class's TSDoc. */
  readonly code: string = "Blockage";
  /** One-line summary with the cause's reason, suitable for a CLI. */
  readonly shortMessage: string;

  /**
   * @param summary - What failed, one line (the cause's reason is appended to it unless it already contains it).
   * @param options - Cause and details.
   */
  constructor(summary: string, options: BlockageErrorOptions = {}) {
    const reason = options.cause === undefined ? "" : errorReason(options.cause);
    const shortMessage = reason === "" || summary.includes(reason) ? summary : `${summary}: ${reason}`;
    super(
      options.details ? `${shortMessage}\n\n${options.details}` : shortMessage,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.shortMessage = shortMessage;
  }
}

/** An argument given to an SDK action has the wrong type or shape. */
export class InvalidParameterError extends BlockageError {
  override name = "InvalidParameterError" as const;
  override readonly code = "InvalidParameter" as const;
}

/** A read from or a transaction to a blockage contract failed (network, wrong address, revert). */
export class ContractCallError extends BlockageError {
  override name = "ContractCallError" as const;
  override readonly code = "ContractCall" as const;
}
