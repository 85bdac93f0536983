// The report as a readable table: one column per mechanism.
import type { MechanismName } from "./config";
import type { MechanismReport, SimulationReport } from "./report";

const fmt = (x: number | null, digits = 2): string => (x === null ? "n/a" : x.toFixed(digits));
const pct = (x: number | null): string => (x === null ? "n/a" : `${(x * 100).toFixed(1)}%`);
const gasFmt = (x: number | null): string => (x === null ? "n/a" : `${(x / 1e6).toFixed(2)}M`);
const epochsFmt = (x: number | null): string => (x === null ? "never" : String(x));

/**
 * The report as text: a header, then a table of every figure by mechanism, then notes.
 *
 * @param report - The report.
 * @returns Lines of text (ending with a newline).
 */
export function formatTable(report: SimulationReport): string {
  const names = Object.keys(report.mechanisms) as MechanismName[];
  const cols = names.map((n) => report.mechanisms[n] as MechanismReport);
  const rows: [string, ...string[]][] = [];
  const row = (label: string, cell: (m: MechanismReport) => string) => rows.push([label, ...cols.map(cell)]);
  const section = (label: string) => rows.push([label, ...cols.map(() => "")]);
  section("Time to proof (after the epoch's end)");
  row(
    "  median slots (seconds)",
    (m) => `${fmt(m.timeToProof.medianSlots, 1)} (${fmt(m.timeToProof.medianSeconds, 0)} s)`,
  );
  row("  p99 slots (seconds)", (m) => `${fmt(m.timeToProof.p99Slots, 1)} (${fmt(m.timeToProof.p99Seconds, 0)} s)`);
  row("  target / final deadline (slots)", (m) => `${m.targetSlots} / ${m.finalDeadlineSlots}`);
  row("  proven within target", (m) => pct(m.provenWithinTargetShare));
  row("  proven in time (final deadline)", (m) => pct(m.provenInTimeShare));
  section("Wasted proving work");
  row("  chunk proofs paid", (m) => fmt(m.wastedWork.paidChunkProofs, 0));
  row("  chunk proofs unpaid", (m) => fmt(m.wastedWork.wastedChunkProofs, 0));
  row("  wasted share", (m) => pct(m.wastedWork.wastedShare));
  section("L1 gas per epoch");
  row("  proving side", (m) => gasFmt(m.l1GasPerEpoch.proving));
  row("  with proposals", (m) => gasFmt(m.l1GasPerEpoch.total));
  section("Prover revenue");
  row("  total (tokens)", (m) => fmt(m.revenue.totalTokens, 0));
  row("  share of the value paid in", (m) =>
    pct(m.value.inTokens ? (m.value.proversTokens ?? 0) / m.value.inTokens : null),
  );
  row("  burned (tokens)", (m) => fmt(m.value.burnedTokens, 0));
  row("  Gini", (m) => fmt(m.revenue.gini, 3));
  row("  Nakamoto coefficient", (m) => String(m.revenue.nakamotoCoefficient));
  row("  provers earning", (m) => String(m.revenue.earningProvers));
  for (const s of ["honest", "lazy", "griefing", "colluding"] as const) {
    row(`  share to ${s}`, (m) => pct(m.revenue.shareByStrategy[s]));
  }
  section(`Liveness (${report.scenarioEpochs}-epoch runs): in time / within target`);
  const levels = cols[0]?.liveness.map((l) => l.offlineShare) ?? [];
  levels.forEach((level, i) => {
    row(`  ${Math.round(level * 100)}% provers offline`, (m) => {
      const l = m.liveness[i];
      return `${pct(l.provenInTimeShare)} / ${pct(l.provenWithinTargetShare)}`;
    });
  });
  section(`Price discovery: epochs to recover (cost ×${cols[0]?.priceDiscovery.costFactor ?? "?"})`);
  row("  with the L1 signal", (m) => epochsFmt(m.priceDiscovery.recoveryEpochsWithSignal));
  row("  without it", (m) =>
    m.priceDiscovery.recoveryEpochsWithoutSignal === null && !m.priceDiscovery.note.startsWith("EIP")
      ? "n/a"
      : epochsFmt(m.priceDiscovery.recoveryEpochsWithoutSignal),
  );
  row("  open race fee (token/tx): median, max", (m) =>
    m.provingBaseFeeTokens === null
      ? "n/a"
      : `${fmt(m.provingBaseFeeTokens.median, 4)}, ${fmt(m.provingBaseFeeTokens.max, 4)}`,
  );
  row("Value conserved", (m) => (m.valueConserved ? "yes" : "NO"));

  const widths = [0, ...names.map(() => 0)];
  const header: [string, ...string[]] = ["", ...names];
  for (const r of [header, ...rows]) r.forEach((cell, i) => (widths[i] = Math.max(widths[i], cell.length)));
  const line = (r: string[]) =>
    r
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join("  ")
      .trimEnd();
  const out = [
    `blockage-sim: ${report.epochs} epochs × ${report.provers} provers, seed "${report.seed}" ` +
      `(scenarios: ${report.scenarioEpochs} epochs each; slot ${report.slotSeconds} s)`,
    `population: ${Object.entries(report.population)
      .map(([s, n]) => `${n} ${s}`)
      .join(", ")}`,
    "",
    line(header),
    ...rows.map(line),
    "",
    ...names.map(
      (n) =>
        `${n} events: ${Object.entries(report.mechanisms[n]!.events)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")}`,
    ),
    "",
    ...names.map((n) => `${n} price discovery: ${report.mechanisms[n]!.priceDiscovery.note}`),
  ];
  if (names.includes("open-race")) {
    const { idleSlots, turnSlots } = report.openRaceTurns;
    out.push(
      "",
      `open-race fallback: turns after ${idleSlots} idle slots, 4 turns of ${turnSlots} slots ` +
        `(${idleSlots + 4 * turnSlots} slots: within the final deadline, as the coordinator requires)`,
    );
  }
  if (report.l1Gas.estimates.length > 0) {
    out.push("", `L1 gas estimates (not measured): ${report.l1Gas.estimates.join(", ")}`);
  }
  return out.join("\n") + "\n";
}
