// The report's charts as SVG files, drawn by Vega-Lite specs rendered headless with Vega (no hand-drawn SVG).
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { MechanismName } from "./config";
import type { MechanismRecord } from "./mechanism-record";
import type { SimulationReport } from "./report";
import type { SimulationResult } from "./simulation";
import { lorenzCurve } from "./statistics";

type VegaLiteSpec = Record<string, unknown>;

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
const size = { width: 480, height: 280 };

/**
 * Renders a Vega-Lite spec to SVG (Vega's headless view, renderer "none").
 *
 * @param spec - The Vega-Lite spec.
 * @returns The SVG text.
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import("vega"), import("vega-lite")]);
  const compiled = vegaLite.compile(spec as unknown as Parameters<typeof vegaLite.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/**
 * The charts' specs: time to proof, liveness under faults, the open race's fee after the cost shock, and the Lorenz
 * curves of prover revenue.
 *
 * @param result - The simulation's records.
 * @param report - Its report.
 * @returns Spec by file name.
 */
export function chartSpecs(result: SimulationResult, report: SimulationReport): Record<string, VegaLiteSpec> {
  const names = Object.keys(report.mechanisms) as MechanismName[];
  const specs: Record<string, VegaLiteSpec> = {};
  specs["time-to-proof.svg"] = {
    $schema: SCHEMA,
    title: "Time to proof after the epoch's end (slots of 12 s)",
    ...size,
    data: {
      values: names.flatMap((m) => [
        { mechanism: m, statistic: "median", slots: report.mechanisms[m]!.timeToProof.medianSlots },
        { mechanism: m, statistic: "p99", slots: report.mechanisms[m]!.timeToProof.p99Slots },
      ]),
    },
    mark: "bar",
    encoding: {
      x: { field: "mechanism", type: "nominal", title: null, axis: { labelAngle: 0 } },
      xOffset: { field: "statistic" },
      y: { field: "slots", type: "quantitative", title: "slots" },
      color: { field: "statistic", type: "nominal" },
    },
  };
  specs["liveness.svg"] = {
    $schema: SCHEMA,
    title: "Epochs proven in time (solid) and within target (dashed), provers offline",
    ...size,
    data: {
      values: names.flatMap((m) =>
        report.mechanisms[m]!.liveness.flatMap((l) => [
          { mechanism: m, offline: l.offlineShare, measure: "in time", proven: l.provenInTimeShare },
          { mechanism: m, offline: l.offlineShare, measure: "within target", proven: l.provenWithinTargetShare },
        ]),
      ),
    },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "offline", type: "quantitative", title: "share of provers offline", axis: { format: "%" } },
      y: { field: "proven", type: "quantitative", title: "share of epochs", axis: { format: "%" } },
      color: { field: "mechanism", type: "nominal" },
      strokeDash: { field: "measure", type: "nominal", title: null },
      detail: { field: "measure" },
    },
  };
  const fee = (record: MechanismRecord | undefined, signal: string) =>
    (record?.series.provingBaseFee ?? []).map((tokens, epoch) => ({ epoch, tokens, signal }));
  const feeValues = [
    ...fee(result.shock.withSignal["open-race"], "with L1 signal"),
    ...fee(result.shock.withoutSignal["open-race"], "EIP-1559 alone"),
  ];
  if (feeValues.length > 0) {
    specs["price-discovery.svg"] = {
      $schema: SCHEMA,
      title: `Open race: proving base fee, costs ×${result.config.costShock.factor} at epoch ${result.config.costShock.epoch}`,
      ...size,
      data: { values: feeValues },
      mark: "line",
      encoding: {
        x: { field: "epoch", type: "quantitative" },
        y: { field: "tokens", type: "quantitative", title: "tokens per transaction", scale: { type: "log" } },
        color: { field: "signal", type: "nominal", title: null },
      },
    };
  }
  specs["revenue-lorenz.svg"] = {
    $schema: SCHEMA,
    title: "Prover revenue: Lorenz curves",
    ...size,
    data: {
      values: names.flatMap((m) =>
        lorenzCurve(Array.from(result.main[m]!.revenue), 50).map(([population, revenue]) => ({
          mechanism: m,
          population,
          revenue,
        })),
      ),
    },
    mark: "line",
    encoding: {
      x: {
        field: "population",
        type: "quantitative",
        title: "share of provers (poorest first)",
        axis: { format: "%" },
      },
      y: { field: "revenue", type: "quantitative", title: "share of revenue", axis: { format: "%" } },
      color: { field: "mechanism", type: "nominal" },
    },
  };
  return specs;
}

/**
 * Writes the charts into `directory` (created if needed).
 *
 * @param directory - Where.
 * @param result - The simulation's records.
 * @param report - Its report.
 * @returns The files written.
 */
export async function writeCharts(
  directory: string,
  result: SimulationResult,
  report: SimulationReport,
): Promise<string[]> {
  await mkdir(directory, { recursive: true });
  const written: string[] = [];
  for (const [file, spec] of Object.entries(chartSpecs(result, report))) {
    const target = path.join(directory, file);
    await writeFile(target, await renderSvg(spec));
    written.push(target);
  }
  return written;
}
