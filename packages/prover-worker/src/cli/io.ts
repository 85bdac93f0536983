// What the CLI reads and writes, passed in so that tests and embedders can give their own.

/** Where the CLI writes and what it knows of its process. */
export interface CliIo {
  /** Writes to standard output (the progress line, --json events). */
  stdout(text: string): void;
  /** Writes to standard error (errors and hints). */
  stderr(text: string): void;
  /** Whether standard output is a terminal (the progress line is then rewritten in place). */
  isTTY: boolean;
  /** Environment variables. */
  env: Record<string, string | undefined>;
  /** Working directory (for relative --key-file and --data-dir). */
  cwd: string;
  /**
   * Calls `handler` on each interrupt (SIGINT, and SIGTERM) until the returned function is called.
   *
   * @param handler - Called once per signal.
   * @returns Removes the handler.
   */
  onInterrupt(handler: () => void): () => void;
}
