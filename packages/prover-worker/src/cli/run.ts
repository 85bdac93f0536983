// The `blockage-worker` command line: finds the command, parses its options, runs it, and reports a failure as one
// error line and a hint with a non-zero exit code, never a stack trace.
import { parseArgs } from "node:util";
import { BlockageError, errorReason } from "@blockage/client";
import type { Command, OptionSpec } from "./command";
import { CLAIM_COMMAND } from "./commands/claim";
import { START_COMMAND } from "./commands/start";
import { CliError, EXIT, usageError } from "./errors";
import type { CliIo } from "./io";

/** Every command of the CLI. */
export const COMMANDS: readonly Command[] = [START_COMMAND, CLAIM_COMMAND];

declare const __BLOCKAGE_WORKER_VERSION__: string | undefined;

/** The package version, set by the build (`dev` when running from source). */
export const CLI_VERSION: string =
  typeof __BLOCKAGE_WORKER_VERSION__ === "string" ? __BLOCKAGE_WORKER_VERSION__ : "dev";

/** The program's own name. */
const PROGRAM = "blockage-worker";

/** Options every command takes. */
const COMMON_OPTIONS: Record<string, OptionSpec> = {
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
};

/** The program's help. */
export function programHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `blockage-worker — a CrowdProve community prover: proves chunk jobs for a job distributor and gets paid

Usage: blockage-worker <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n")}

Options:
  --version            print the version
  -h, --help           show help

Run "blockage-worker <command> --help" for a command's options.`;
}

function usageFromParseError(error: unknown, command: string): CliError {
  const { code, message } = error as { code?: string; message: string };
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) return usageError(`unknown option ${option}`, command);
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option) {
    return usageError(`option ${option} needs a value`, command);
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") return usageError("unexpected argument", command);
  return usageError(message.split("\n")[0]!, command);
}

function reportError(error: unknown, io: CliIo): number {
  const failure =
    error instanceof CliError
      ? error
      : new CliError(error instanceof BlockageError ? error.shortMessage : errorReason(error));
  const lines = [`error: ${failure.message}`, ...(failure.hint ? [`hint: ${failure.hint}`] : [])];
  io.stderr(lines.map((line) => line.replace(/\s*\n\s*/g, " ")).join("\n") + "\n");
  return failure.exitCode;
}

/** Options of {@link runWorkerCommand}. */
export interface RunWorkerCommandOptions {
  /**
   * The program as the user typed it, for help texts and usage hints (default `blockage-worker`; `blockage worker`
   * when the one `blockage` command runs it).
   */
  program?: string;
}

/** Names `program` instead of `blockage-worker` in a help text or a hint. */
function renamed(text: string, program: string): string {
  return program === PROGRAM ? text : text.replaceAll(PROGRAM, program);
}

/**
 * Runs one `blockage-worker` command line (for `start`: until the worker has stopped) and throws its failure
 * instead of reporting it: the entry of embedders such as the `blockage` CLI (`blockage worker start|claim …`).
 *
 * @param argv - Arguments after the program name, e.g. `["start", "--jd", url, "--key-file", file]`.
 * @param io - Output streams, terminal, environment, working directory and interrupts.
 * @param options - The program's name in help texts and hints.
 * @throws {CliError} For a wrong command line (`exitCode` 2) or a failure with a hint (`exitCode` 1).
 * @throws Anything else a command throws (e.g. a `BlockageError`): a failure, exit code 1.
 * @example
 * await runWorkerCommand(["start", "--jd", "ws://127.0.0.1:8600", "--key-file", "worker.key"], io, { program: "blockage worker" });
 */
export async function runWorkerCommand(
  argv: string[],
  io: CliIo,
  options: RunWorkerCommandOptions = {},
): Promise<void> {
  const program = options.program ?? PROGRAM;
  try {
    const [first] = argv;
    if (first === undefined || first === "--help" || first === "-h") {
      if (first === undefined) throw usageError("no command given", "");
      io.stdout(renamed(programHelp(), program) + "\n");
      return;
    }
    if (first === "--version") {
      io.stdout(`${CLI_VERSION}\n`);
      return;
    }
    const command = COMMANDS.find((c) => c.name === first);
    if (command === undefined) {
      throw usageError(first.startsWith("-") ? `no command given before ${first}` : `unknown command "${first}"`, "");
    }
    let values;
    try {
      ({ values } = parseArgs({
        args: argv.slice(1),
        options: { ...COMMON_OPTIONS, ...command.options },
        strict: true,
        allowPositionals: false,
      }));
    } catch (error) {
      throw usageFromParseError(error, command.name);
    }
    if (values.help === true) {
      io.stdout(renamed(command.help, program) + "\n");
      return;
    }
    await command.run({ values: values as Record<string, string | boolean | undefined>, io });
  } catch (error) {
    if (error instanceof CliError && error.hint !== undefined && program !== PROGRAM) {
      throw new CliError(error.message, renamed(error.hint, program), error.exitCode);
    }
    throw error;
  }
}

/**
 * Runs the CLI once (for `start`: until the worker has stopped).
 *
 * @param argv - Arguments after the program name.
 * @param io - Output streams, terminal, environment, working directory and interrupts.
 * @returns The exit code: 0 success, 1 failure, 2 wrong usage.
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), io);
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    await runWorkerCommand(argv, io);
    return EXIT.ok;
  } catch (error) {
    return reportError(error, io);
  }
}
