// The shape of a CLI command.
import type { CliIo } from "./output";
import type { GlobalOptions } from "./context";

/** A parseArgs option declaration. */
export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
}

/** What a command receives. */
export interface CommandInput {
  /** Global options (rpc, key, registry, json). */
  global: GlobalOptions;
  /** The command's own options. */
  values: Record<string, string | boolean | undefined>;
  /** Positional arguments after the command words. */
  positionals: string[];
  io: CliIo;
  /**
   * Prints the result: `human` text by default, `json` as one JSON document with --json.
   *
   * @param human - Human output.
   * @param json - Machine output.
   */
  print(human: string, json: unknown): void;
  /**
   * Prints a progress line to stderr (human mode only).
   *
   * @param line - One line.
   */
  progress(line: string): void;
}

/** A command of the CLI. */
export interface Command {
  /** Command words, e.g. `node register`. */
  path: string;
  /** Its own options (the global ones are added). */
  options: Record<string, OptionSpec>;
  /** How many positionals it takes. */
  positionals: { min: number; max: number; names: string };
  /**
   * Runs the command.
   *
   * @param input - Options, arguments and output.
   * @throws {UsageError | CliError | BlockageError} Reported by `runCli` as one line and a hint.
   */
  run(input: CommandInput): Promise<void>;
}
