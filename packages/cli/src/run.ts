// The `blockage` command line: parses arguments, runs one command, prints its result or one error line with a hint.
import { parseArgs } from "node:util";
import { BlockageError, ContractRevertError, errorReason, InvalidParameterError } from "@blockage/client";
import { protectNegativeNumbers, unprotectPositional } from "./arguments";
import type { Command, OptionSpec } from "./command";
import { DELEGATION_COMMANDS } from "./commands/delegate";
import { FAUCET_COMMANDS } from "./commands/faucet";
import { NODE_COMMANDS } from "./commands/node";
import { SEED_COMMANDS } from "./commands/seed";
import { GLOBAL_OPTION_SPEC, type GlobalOptions } from "./context";
import { revertHint } from "./hints";
import { toJson, type CliIo } from "./output";
import { CliError, HELP, UsageError } from "./usage";

/** Every command of the CLI. */
export const COMMANDS: Command[] = [...NODE_COMMANDS, ...DELEGATION_COMMANDS, ...SEED_COMMANDS, ...FAUCET_COMMANDS];

declare const __BLOCKAGE_VERSION__: string | undefined;

/** The package version, set by the build (`dev` when running from source). */
export const CLI_VERSION: string = typeof __BLOCKAGE_VERSION__ === "string" ? __BLOCKAGE_VERSION__ : "dev";

/** Exit codes: 0 success, 1 failure, 2 wrong usage. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

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

function findCommand(positionals: string[]): { command?: Command; path: string } {
  const [first, second] = positionals;
  if (first === undefined) return { path: "" };
  if (first === "node") {
    if (second === undefined) return { path: "node" };
    const command = COMMANDS.find((c) => c.path === `node ${second}`);
    if (command === undefined) throw new UsageError(`unknown command "node ${second}"`, "node");
    return { command, path: command.path };
  }
  const command = COMMANDS.find((c) => c.path === first);
  if (command === undefined) throw new UsageError(`unknown command "${first}"`, "");
  return { command, path: command.path };
}

function reportError(error: unknown, io: CliIo, path: string | undefined): number {
  const lines: string[] = [];
  let code: number = EXIT.failure;
  if (error instanceof UsageError) {
    code = EXIT.usage;
    lines.push(`error: ${error.message}`);
    const command = error.command ?? path;
    if (command !== undefined) lines.push(`hint: run "blockage${command ? ` ${command}` : ""} --help"`);
  } else if (error instanceof CliError) {
    lines.push(`error: ${error.message}`);
    if (error.hint) lines.push(`hint: ${error.hint}`);
  } else if (error instanceof ContractRevertError) {
    lines.push(`error: ${error.shortMessage}`);
    // Commands report reverts with the stake token's units (see withConnection); this one met no token.
    const hint = revertHint(error, null);
    if (hint) lines.push(`hint: ${hint}`);
  } else if (error instanceof InvalidParameterError) {
    code = EXIT.usage;
    lines.push(`error: ${error.shortMessage}`);
  } else if (error instanceof BlockageError) {
    lines.push(`error: ${error.shortMessage}`);
  } else {
    lines.push(`error: ${errorReason(error)}`);
  }
  io.stderr(lines.map((line) => line.replace(/\s*\n\s*/g, " ")).join("\n") + "\n");
  return code;
}

/**
 * Runs the CLI once.
 *
 * @param argv - Arguments after the program name.
 * @param io - Output streams, environment and working directory.
 * @returns The exit code: 0 success, 1 failure, 2 wrong usage.
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), … });
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
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
      print: (human, json) => io.stdout(global.json ? toJson(json) : human),
      progress: (line) => {
        if (!global.json) io.stderr(`${line}\n`);
      },
    });
    return EXIT.ok;
  } catch (error) {
    return reportError(error, io, path);
  }
}
