// The `blockage` command line: parses arguments, runs one command (or hands the line to a service's own CLI), prints
// its result, or reports the failure as one error line and a hint (one JSON object with --json).
import { parseArgs } from "node:util";
import { protectNegativeNumbers, unprotectPositional } from "./arguments";
import type { Command, OptionSpec } from "./command";
import { BLOCK_COMMANDS } from "./commands/block";
import { DELEGATION_COMMANDS } from "./commands/delegate";
import { EPOCH_COMMANDS } from "./commands/epoch";
import { FAUCET_COMMANDS } from "./commands/faucet";
import { NODE_COMMANDS } from "./commands/node";
import { PROVER_COORDINATION_COMMANDS } from "./commands/prover-coordination";
import { REWARDS_COMMANDS } from "./commands/rewards";
import { SEED_COMMANDS } from "./commands/seed";
import { SERVICE_COMMANDS, type ServiceCommand } from "./commands/services";
import { GLOBAL_OPTION_SPEC, type GlobalOptions } from "./context";
import { EXIT, UsageError } from "./errors";
import { toJson, type CliIo } from "./output";
import { reportFailure } from "./report";
import { HELP } from "./usage";

export { EXIT } from "./errors";

/** Every command of the CLI (besides the services of {@link SERVICE_COMMANDS}). */
export const COMMANDS: Command[] = [
  ...NODE_COMMANDS,
  ...DELEGATION_COMMANDS,
  ...SEED_COMMANDS,
  ...FAUCET_COMMANDS,
  ...EPOCH_COMMANDS,
  ...BLOCK_COMMANDS,
  ...REWARDS_COMMANDS,
  ...PROVER_COORDINATION_COMMANDS,
];

declare const __BLOCKAGE_VERSION__: string | undefined;

/** The package version, set by the build (`dev` when running from source). */
export const CLI_VERSION: string = typeof __BLOCKAGE_VERSION__ === "string" ? __BLOCKAGE_VERSION__ : "dev";

type ParseOptions = Record<string, OptionSpec>;

function allOptions(): ParseOptions {
  const options: ParseOptions = { ...GLOBAL_OPTION_SPEC, version: { type: "boolean" } };
  for (const command of COMMANDS) Object.assign(options, command.options);
  return options;
}

/** Rewrites node:util's long parse errors as one short line. */
function usageFromParseError(error: unknown, command: string | undefined): UsageError {
  const { code, message } = error as { code?: string; message: string };
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) return new UsageError(`unknown option ${option}`, command);
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option) {
    return new UsageError(`option ${option} needs a value`, command);
  }
  return new UsageError(message.split("\n")[0], command);
}

/** Whether `--json` is on the line (before any `--`): failures are then reported as one JSON object. */
function jsonRequested(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).includes("--json");
}

/** Whether a word starts commands of several words (`node`, `epoch`, `rewards`, …). */
const isGroup = (word: string): boolean => COMMANDS.some((c) => c.path.startsWith(`${word} `));

function findCommand(positionals: string[]): { command?: Command; path: string } {
  const [first, second] = positionals;
  if (first === undefined) return { path: "" };
  const command =
    (second === undefined ? undefined : COMMANDS.find((c) => c.path === `${first} ${second}`)) ??
    COMMANDS.find((c) => c.path === first);
  if (command !== undefined) return { command, path: command.path };
  if (!isGroup(first)) throw new UsageError(`unknown command "${first}"`, "");
  if (second === undefined) return { path: first };
  throw new UsageError(`unknown command "${first} ${second}"`, first);
}

/**
 * The service whose CLI takes the line (`jd`, `worker`, `node start`), and the line without the service's words:
 * what follows them, then any options written before them.
 */
function findService(argv: string[]): { service: ServiceCommand; rest: string[] } | undefined {
  const { tokens } = parseArgs({
    args: argv,
    options: allOptions(),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const words = tokens.filter((t) => t.kind === "positional").slice(0, 2);
  const service = SERVICE_COMMANDS.find((s) => {
    const path = s.path.split(" ");
    return path.every((word, i) => words[i]?.value === word);
  });
  if (service === undefined) return undefined;
  const used = words.slice(0, service.path.split(" ").length).map((t) => t.index);
  const last = used[used.length - 1];
  const before = argv.slice(0, last).filter((_arg, i) => !used.includes(i));
  return { service, rest: [...argv.slice(last + 1), ...before] };
}

/**
 * Runs the CLI once (for `node start`, `jd start` and `worker start`: until the service has stopped).
 *
 * @param argv - Arguments after the program name.
 * @param io - Output streams, environment and working directory (and, for the services, the terminal and
 *   interrupts).
 * @returns The exit code: 0 success, 1 failure, 2 wrong usage.
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), … });
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const json = jsonRequested(argv);
  let path: string | undefined;
  try {
    const options = allOptions();
    const valueOptions = new Set(Object.keys(options).filter((name) => options[name].type === "string"));
    const args = protectNegativeNumbers(argv, valueOptions);
    let loose;
    try {
      loose = parseArgs({ args, options, strict: false, allowPositionals: true });
    } catch (error) {
      throw usageFromParseError(error, "");
    }
    const delegated = findService(argv);
    if (delegated !== undefined) {
      path = delegated.service.path;
      await delegated.service.run(delegated.rest, io);
      return EXIT.ok;
    }
    if (loose.values.version === true) {
      io.stdout(`${CLI_VERSION}\n`);
      return EXIT.ok;
    }
    const found = findCommand(loose.positionals.map(unprotectPositional));
    path = found.path;
    if (found.command === undefined) {
      if (loose.values.help === true) {
        io.stdout(HELP[path] + "\n");
        return EXIT.ok;
      }
      throw new UsageError(path === "" ? "no command given" : `no ${path} command given`, path);
    }
    const command = found.command;
    let parsed;
    try {
      parsed = parseArgs({
        args,
        options: { ...GLOBAL_OPTION_SPEC, ...command.options },
        strict: true,
        allowPositionals: true,
      });
    } catch (error) {
      throw usageFromParseError(error, path);
    }
    if (parsed.values.help === true) {
      io.stdout(HELP[path] + "\n");
      return EXIT.ok;
    }
    const words = path.split(" ").length;
    const positionals = parsed.positionals.slice(words).map(unprotectPositional);
    const { min, max, names } = command.positionals;
    if (positionals.length < min || positionals.length > max) {
      const expected = names === "" ? "no arguments" : names;
      throw new UsageError(
        positionals.length < min
          ? `missing arguments: blockage ${path} ${expected}`
          : `too many arguments: blockage ${path} takes ${expected}`,
        path,
      );
    }
    const values = parsed.values as Record<string, string | boolean | undefined>;
    const global: GlobalOptions = {
      rpc: values.rpc as string | undefined,
      key: values.key as string | undefined,
      keyFile: values["key-file"] as string | undefined,
      registry: values.registry as string | undefined,
      json: values.json === true,
    };
    await command.run({
      global,
      values,
      positionals,
      io,
      print: (human, result) => io.stdout(global.json ? toJson(result) : human),
      progress: (line) => {
        if (!global.json) io.stderr(`${line}\n`);
      },
    });
    return EXIT.ok;
  } catch (error) {
    return reportFailure(error, io, path, json);
  }
}
