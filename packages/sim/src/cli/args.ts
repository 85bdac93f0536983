// The command line of `blockage-sim`, parsed and checked: a bad argument is a `UsageError` with one line and a hint.
import { parseArgs } from "node:util";
import { MECHANISMS, simulationConfig, type MechanismName, type SimulationConfig } from "../config";

/** A bad command line: one line of message, one of hint. */
export class UsageError extends Error {
  override name = "UsageError" as const;
  readonly hint: string;
  constructor(message: string, hint = 'run "blockage-sim --help" for usage') {
    super(message);
    this.hint = hint;
  }
}

/** What the command line asks for. */
export interface SimCommand {
  help: boolean;
  version: boolean;
  json: boolean;
  charts: string | null;
  config: SimulationConfig;
}

export const USAGE = `Usage: blockage-sim [options]

Simulates Sidecar, Cooperative and Open race prover coordination over the same population of provers and prints
time to proof, wasted work, L1 gas per epoch, revenue concentration, liveness under faults and price discovery.

Options:
  --mechanism <name>  all (default), sidecar, cooperative or open-race
  --epochs <n>        epochs of the main run (default 10000; scenarios run min(n, 400))
  --provers <n>       provers in the population (default 1000)
  --seed <s>          seed of every draw (default "blockage"); the same seed prints the same bytes
  --json              print the report as JSON
  --charts <dir>      write SVG charts into <dir>
  --help, -h          show this help
  --version           print the version
`;

function positiveInteger(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new UsageError(`--${name} must be a whole number from 1 to ${max}, got "${value}"`);
  }
  return Number(value);
}

/**
 * Parses `blockage-sim`'s arguments.
 *
 * @param argv - The arguments (without node and the script).
 * @returns The command.
 * @throws {UsageError} For an unknown option, a missing value or a value out of range.
 */
export function parseSimArgs(argv: readonly string[]): SimCommand {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        mechanism: { type: "string" },
        epochs: { type: "string" },
        provers: { type: "string" },
        seed: { type: "string" },
        json: { type: "boolean" },
        charts: { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean" },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split("\n")[0]);
  }
  const mechanism = (values.mechanism as string | undefined) ?? "all";
  if (mechanism !== "all" && !MECHANISMS.includes(mechanism as MechanismName)) {
    throw new UsageError(`--mechanism must be one of all, ${MECHANISMS.join(", ")}; got "${mechanism}"`);
  }
  const seed = values.seed as string | undefined;
  if (seed !== undefined && seed.trim() === "") throw new UsageError("--seed must not be empty");
  const charts = values.charts as string | undefined;
  if (charts !== undefined && charts.trim() === "") throw new UsageError("--charts needs a directory");
  const epochs = positiveInteger("epochs", values.epochs as string | undefined, 1_000_000);
  const provers = positiveInteger("provers", values.provers as string | undefined, 100_000);
  const overrides: Partial<SimulationConfig> = {
    mechanisms: mechanism === "all" ? MECHANISMS : [mechanism as MechanismName],
  };
  if (epochs !== undefined) overrides.epochs = epochs;
  if (provers !== undefined) overrides.provers = provers;
  if (seed !== undefined) overrides.seed = seed;
  return {
    help: values.help === true,
    version: values.version === true,
    json: values.json === true,
    charts: charts ?? null,
    config: simulationConfig(overrides),
  };
}
