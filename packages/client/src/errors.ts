/** Constructor options shared by every blockage error. */
export interface BlockageErrorOptions {
  /** The underlying error, kept for debugging. Its one-line reason is appended to `shortMessage`. */
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
 * Base class of every error the SDK throws. `shortMessage` is one human line that ends with the reason of the
 * `cause` when there is one (e.g. `EcVrfVerifier deployment failed: insufficient funds …`); `message` adds details.
 *
 * @example
 * try { await verifyOnChain(verifier, params) } catch (e) { if (e instanceof BlockageError) console.error(e.shortMessage) }
 */
export class BlockageError extends Error {
  override name: string = "BlockageError";
  /** One-line summary with the cause's reason, suitable for a CLI. */
  readonly shortMessage: string;

  /**
   * @param summary - What failed, one line (the cause's reason is appended to it).
   * @param options - Cause and details.
   */
  constructor(summary: string, options: BlockageErrorOptions = {}) {
    const shortMessage = options.cause === undefined ? summary : `${summary}: ${errorReason(options.cause)}`;
    super(options.details ? `${shortMessage}\n\n${options.details}` : shortMessage, { cause: options.cause });
    this.shortMessage = shortMessage;
  }
}

/** An argument given to an SDK action has the wrong type or shape. */
export class InvalidParameterError extends BlockageError {
  override name = "InvalidParameterError" as const;
}

/** A read from or a transaction to a blockage contract failed (network, wrong address, revert). */
export class ContractCallError extends BlockageError {
  override name = "ContractCallError" as const;
}
