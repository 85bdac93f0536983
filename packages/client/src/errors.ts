/** Constructor options shared by every blockage error. */
export interface BlockageErrorOptions {
  /** The underlying error, kept for debugging. */
  cause?: unknown;
  /** Extra lines of detail appended to the message. */
  details?: string;
}

/**
 * Base class of every error the SDK throws. `shortMessage` is one human line; `message` adds details.
 *
 * @example
 * try { await verifyOnChain(verifier, params) } catch (e) { if (e instanceof BlockageError) console.error(e.shortMessage) }
 */
export class BlockageError extends Error {
  override name: string = "BlockageError";
  /** One-line summary, suitable for a CLI. */
  readonly shortMessage: string;

  constructor(shortMessage: string, options: BlockageErrorOptions = {}) {
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
