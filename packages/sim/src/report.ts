// The report: per mechanism, time to proof, wasted work, L1 gas per epoch, revenue concentration, liveness under
// faults and price discovery after a cost shock, with stable keys (the `--json` output) and numbers rounded so that the
// same seed prints the same bytes.
import { STRATEGIES, type MechanismName, type Strategy } from "./config";
import { SLOT_SECONDS } from "./epoch-draws";
import type { MechanismRecord } from "./mechanism-record";
import { COOPERATIVE_TARGET_SLOTS } from "./mechanisms/cooperative";
import { FINAL_DEADLINE_SLOTS, OPEN_RACE_TARGET_SLOTS } from "./mechanisms/open-race";
import { SIDECAR_TARGET_SLOTS } from "./mechanisms/sidecar";
import type { SimulationResult } from "./simulation";
import { gini, nakamoto, quantile } from "./statistics";

/** Each mechanism's own target, in slots after the epoch's end (proof deadline, proving window, target lag). */
export const TARGET_SLOTS: Readonly<Record<MechanismName, number>> = {
  sidecar: SIDECAR_TARGET_SLOTS,
  cooperative: COOPERATIVE_TARGET_SLOTS,
  "open-race": OPEN_RACE_TARGET_SLOTS,
};

/** Epochs (with blocks) over which the share within target is measured after the cost shock. */
export const RECOVERY_WINDOW = 10;
/** How far below its pre-shock share a window may be and count as recovered. */
export const RECOVERY_TOLERANCE = 0.1;

const round = (x: number | null, digits = 4): number | null =>
  x === null || !Number.isFinite(x) ? null : Number(x.toFixed(digits));

/** How a mechanism fared in one run: the shares of its epochs (with blocks) proven in time and within target. */
export interface LivenessFigures {
  offlineShare: number;
  provenInTimeShare: number | null;
  provenWithinTargetShare: number | null;
}

/** One mechanism's figures. */
export interface MechanismReport {
  targetSlots: number;
  finalDeadlineSlots: number;
  epochsWithBlocks: number;
  timeToProof: {
    medianSlots: number | null;
    p99Slots: number | null;
    medianSeconds: number | null;
    p99Seconds: number | null;
  };
  provenInTimeShare: number | null;
  provenWithinTargetShare: number | null;
  wastedWork: { paidChunkProofs: number; wastedChunkProofs: number; wastedShare: number | null };
  l1GasPerEpoch: { total: number | null; proving: number | null; proposals: number | null };
  revenue: {
    totalTokens: number | null;
    gini: number | null;
    nakamotoCoefficient: number;
    earningProvers: number;
    shareByStrategy: Record<Strategy, number | null>;
  };
  /** Where the value that came in went, in tokens. */
  value: {
    inTokens: number | null;
    proversTokens: number | null;
    proposersTokens: number | null;
    burnedTokens: number | null;
  };
  liveness: LivenessFigures[];
  priceDiscovery: {
    shockEpoch: number;
    costFactor: number;
    recoveryEpochsWithSignal: number | null;
    recoveryEpochsWithoutSignal: number | null;
    note: string;
  };
  /** The open race's proving base fee over the epochs, in tokens per transaction (null for the others). */
  provingBaseFeeTokens: {
    initial: number | null;
    median: number | null;
    max: number | null;
    final: number | null;
  } | null;
  valueConserved: boolean;
  events: Record<string, number>;
}

/** The whole report. */
export interface SimulationReport {
  seed: string;
  epochs: number;
  provers: number;
  scenarioEpochs: number;
  slotSeconds: number;
  l1Gas: { openRaceSource: string; estimates: string[] };
  /** The open race's fallback to turns, in slots (scaled to the 48-slot final deadline, see `openRaceTurns`). */
  openRaceTurns: { idleSlots: number; turnSlots: number };
  population: Record<Strategy, number>;
  mechanisms: Partial<Record<MechanismName, MechanismReport>>;
}

function shares(record: MechanismRecord, target: number) {
  let epochs = 0;
  let inTime = 0;
  let withinTarget = 0;
  for (let e = 0; e < record.hasBlocks.length; e++) {
    if (!record.hasBlocks[e]) continue;
    epochs++;
    const after = record.provenAfter[e];
    if (after <= FINAL_DEADLINE_SLOTS) inTime++;
    if (after <= target) withinTarget++;
  }
  return {
    epochs,
    inTime: epochs > 0 ? inTime / epochs : null,
    withinTarget: epochs > 0 ? withinTarget / epochs : null,
  };
}

/**
 * Epochs from the cost shock until the mechanism is back to normal: the first epoch from which the share of the next
 * {@link RECOVERY_WINDOW} epochs (with blocks) proven within the target is at least the share before the shock less
 * {@link RECOVERY_TOLERANCE}.
 *
 * @param record - The shock scenario's record.
 * @param target - The mechanism's target.
 * @param shockEpoch - The epoch the costs rose.
 * @returns The epochs, or null if it never recovered within the run.
 */
export function recoveryEpochs(record: MechanismRecord, target: number, shockEpoch: number): number | null {
  const within: number[] = [];
  const epochs: number[] = [];
  let before = 0;
  let beforeWithin = 0;
  for (let e = 0; e < record.hasBlocks.length; e++) {
    if (!record.hasBlocks[e]) continue;
    const ok = record.provenAfter[e] <= target ? 1 : 0;
    if (e < shockEpoch) {
      before++;
      beforeWithin += ok;
    } else {
      within.push(ok);
      epochs.push(e);
    }
  }
  if (before === 0) return null;
  const bar = beforeWithin / before - RECOVERY_TOLERANCE;
  let sum = 0;
  for (let i = 0; i < within.length; i++) {
    sum += within[i];
    if (i >= RECOVERY_WINDOW) sum -= within[i - RECOVERY_WINDOW];
    if (i >= RECOVERY_WINDOW - 1 && sum / RECOVERY_WINDOW >= bar) return epochs[i - RECOVERY_WINDOW + 1] - shockEpoch;
  }
  return null;
}

const PRICE_NOTES: Record<MechanismName, string> = {
  sidecar:
    "No L1 signal: the quote market reprices every epoch (a quote's basisPointFee, at most maxQuoteFee), the designated prover's default fee is fixed; 'without' is n/a",
  cooperative:
    "No L1 signal and no prover-side price: FEE_SPLIT is the proposers' choice (the default here); provers can only stay out; 'without' is n/a",
  "open-race":
    "EIP-1559 on the proving lag, with ('with') and without ('without') the 'price too low' flags of active provers",
};

function mechanismReport(result: SimulationResult, mechanism: MechanismName, record: MechanismRecord): MechanismReport {
  const { config } = result;
  const target = TARGET_SLOTS[mechanism];
  const times: number[] = [];
  for (let e = 0; e < record.hasBlocks.length; e++) {
    if (record.hasBlocks[e] && Number.isFinite(record.provenAfter[e])) times.push(record.provenAfter[e]);
  }
  const median = quantile(times, 0.5);
  const p99 = quantile(times, 0.99);
  const main = shares(record, target);
  const revenue = Array.from(record.revenue);
  const total = revenue.reduce((sum, x) => sum + x, 0);
  const byStrategy = Object.fromEntries(STRATEGIES.map((s) => [s, 0])) as Record<Strategy, number>;
  result.population.provers.forEach((p, i) => (byStrategy[p.strategy] += revenue[i]));
  const made = record.paidChunks + record.wastedChunks;
  const liveness: LivenessFigures[] = result.faults.map(({ offlineShare, records }) => {
    const r = records[mechanism];
    const s = r ? shares(r, target) : null;
    return {
      offlineShare,
      provenInTimeShare: round(s?.inTime ?? null),
      provenWithinTargetShare: round(s?.withinTarget ?? null),
    };
  });
  const shockEpoch = config.costShock.epoch;
  const withSignal = result.shock.withSignal[mechanism];
  const withoutSignal = result.shock.withoutSignal[mechanism];
  const epochs = record.hasBlocks.length;
  return {
    targetSlots: target,
    finalDeadlineSlots: FINAL_DEADLINE_SLOTS,
    epochsWithBlocks: main.epochs,
    timeToProof: {
      medianSlots: round(median),
      p99Slots: round(p99),
      medianSeconds: round(median === null ? null : median * SLOT_SECONDS),
      p99Seconds: round(p99 === null ? null : p99 * SLOT_SECONDS),
    },
    provenInTimeShare: round(main.inTime),
    provenWithinTargetShare: round(main.withinTarget),
    wastedWork: {
      paidChunkProofs: round(record.paidChunks, 2) ?? 0,
      wastedChunkProofs: round(record.wastedChunks, 2) ?? 0,
      wastedShare: round(made > 0 ? record.wastedChunks / made : null),
    },
    l1GasPerEpoch: {
      total: round((record.provingGas + record.proposalGas) / epochs, 0),
      proving: round(record.provingGas / epochs, 0),
      proposals: round(record.proposalGas / epochs, 0),
    },
    revenue: {
      totalTokens: round(total, 2),
      gini: round(gini(revenue)),
      nakamotoCoefficient: nakamoto(revenue),
      earningProvers: revenue.filter((x) => x > 0).length,
      shareByStrategy: Object.fromEntries(
        STRATEGIES.map((s) => [s, round(total > 0 ? byStrategy[s] / total : null)]),
      ) as Record<Strategy, number | null>,
    },
    value: {
      inTokens: round(Number(record.valueIn) / 1e18, 2),
      proversTokens: round(total, 2),
      proposersTokens: round(Number(record.credited) / 1e18 - total, 2),
      burnedTokens: round(Number(record.burned) / 1e18, 2),
    },
    liveness,
    priceDiscovery: {
      shockEpoch,
      costFactor: config.costShock.factor,
      recoveryEpochsWithSignal: withSignal ? recoveryEpochs(withSignal, target, shockEpoch) : null,
      recoveryEpochsWithoutSignal: withoutSignal ? recoveryEpochs(withoutSignal, target, shockEpoch) : null,
      note: PRICE_NOTES[mechanism],
    },
    provingBaseFeeTokens: record.series.provingBaseFee
      ? {
          initial: round(record.series.provingBaseFee[0] ?? null, 6),
          median: round(quantile(record.series.provingBaseFee, 0.5), 6),
          max: round(Math.max(...record.series.provingBaseFee), 6),
          final: round(record.series.provingBaseFee[record.series.provingBaseFee.length - 1] ?? null, 6),
        }
      : null,
    valueConserved: record.valueIn === record.credited + record.burned + record.returnedToPool,
    events: Object.fromEntries(
      Object.keys(record.events)
        .sort()
        .map((k) => [k, record.events[k]]),
    ),
  };
}

/**
 * The report of a simulation.
 *
 * @param result - What {@link simulate} returned.
 * @returns The report (what `--json` prints).
 */
export function buildReport(result: SimulationResult): SimulationReport {
  const { config } = result;
  const population = Object.fromEntries(STRATEGIES.map((s) => [s, 0])) as Record<Strategy, number>;
  for (const p of result.population.provers) population[p.strategy]++;
  const mechanisms: SimulationReport["mechanisms"] = {};
  for (const [name, record] of Object.entries(result.main) as [MechanismName, MechanismRecord][]) {
    mechanisms[name] = mechanismReport(result, name, record);
  }
  return {
    seed: config.seed,
    epochs: config.epochs,
    provers: config.provers,
    scenarioEpochs: config.scenarioEpochs,
    slotSeconds: SLOT_SECONDS,
    l1Gas: { openRaceSource: result.gas.openRaceSource, estimates: result.gas.estimates },
    openRaceTurns: { idleSlots: config.openRaceTurns.idleSlots, turnSlots: config.openRaceTurns.turnSlots },
    population,
    mechanisms,
  };
}
