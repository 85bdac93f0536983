// `blockage-sim`: runs the simulation and prints the report (a table, or JSON with --json), and writes the charts.
import { writeCharts } from "../charts";
import { buildReport } from "../report";
import { simulate } from "../simulation";
import { formatTable } from "../table";
import { USAGE, UsageError, parseSimArgs } from "./args";

declare const __BLOCKAGE_SIM_VERSION__: string;

async function main(argv: readonly string[]): Promise<number> {
  const command = parseSimArgs(argv);
  if (command.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command.version) {
    process.stdout.write(`${__BLOCKAGE_SIM_VERSION__}\n`);
    return 0;
  }
  const showProgress = process.stderr.isTTY === true;
  let lastPhase = "";
  const result = simulate(command.config, (phase, done) => {
    if (!showProgress) return;
    if (phase !== lastPhase && lastPhase !== "") process.stderr.write("\n");
    lastPhase = phase;
    process.stderr.write(`\r${phase}: ${Math.round(done * 100)}%`);
  });
  if (showProgress) process.stderr.write("\n");
  const report = buildReport(result);
  process.stdout.write(command.json ? `${JSON.stringify(report, null, 2)}\n` : formatTable(report));
  if (command.charts !== null) {
    const files = await writeCharts(command.charts, result, report);
    process.stderr.write(`charts: ${files.join(", ")}\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\nhint: ${error.hint}\n`);
      process.exitCode = 2;
      return;
    }
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    process.stderr.write(`error: ${reason}\n`);
    process.exitCode = 1;
  },
);
