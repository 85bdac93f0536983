// The shape of a `blockage-worker` command: `start` today; `claim` (payouts) plugs in the same way.
import type { CliIo } from "./io";

/** A node:util parseArgs option declaration. */
export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
}

/** What a command receives. */
export interface CommandInput {
  /** Its options (the common `--json` included), as parsed. */
  values: Record<string, string | boolean | undefined>;
  io: CliIo;
}

/** A command of the CLI. */
export interface Command {
  /** The command word, e.g. `start`. */
  name: string;
  /** One line for the program's help. */
  summary: string;
  /** Its own options (`--json` and `--help` are added). */
  options: Record<string, OptionSpec>;
  /** Its `--help` text. */
  help: string;
  /**
   * Runs the command to its end.
   *
   * @param input - Options and output.
   * @throws {UsageError | CliError} Reported by `runCli` as one line and a hint.
   */
  run(input: CommandInput): Promise<void>;
}
