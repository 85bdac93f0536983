// The open race (seed 004's example; the root README's "The open race (seed 004's example)",
// `IOpenRaceCoordinator.sol`): anyone proves a prefix of the unproven chain ending at a checkpoint; the first proof to
// land updates the state and is paid the prefix's proving fees (the SDK's `stateUpdatePayout`); the turn prover of the
// last block's epoch earns the redundancy reserve with its own proof within the redundancy window; after an idle period
// updates fall back to turns in lottery order; the proving base fee follows EIP-1559 toward a target lag, and active
// provers' "price too low" flags push it up (the SDK's `nextProvingBaseFee` and `provingLag`). The parameters are
// `openRaceParameters(config)`: the deployment defaults with an idle period and turns that fit the final deadline.
import {
  ACTIVITY_WINDOW_EPOCHS,
  OPEN_RACE_DEFAULTS,
  TURN_PROVERS,
  type StateUpdatePayoutReturnType,
  nextProvingBaseFee,
  provingLag,
  stateUpdatePayout,
} from "@blockage/client";
import { ROLLUP_DEFAULTS } from "@blockage/client/deploy";
import { openRaceParameters } from "../config";
import { EPOCH_SLOTS, SLOT_SECONDS, TXS_PER_CHUNK, type EpochDraws } from "../epoch-draws";
import { gasAt } from "../l1-gas";
import { MechanismRecord, toWei } from "../mechanism-record";
import { fastestWilling, provingSlots, settleRace, type RaceEntrant } from "../proof-race";
import type { ProverTicket } from "../prover-lottery";
import type { RunContext } from "../run-context";

const d = OPEN_RACE_DEFAULTS;
const WEI = 1e18;
const BPS = 10_000;
const redundancyWindowSlots = Number(d.redundancyWindow) / SLOT_SECONDS;
const turnProvers = Number(TURN_PROVERS);
const activityMask = (1 << Number(ACTIVITY_WINDOW_EPOCHS)) - 1;
const finalDeadlineSlots = Number(ROLLUP_DEFAULTS.finalDeadlineSlots);

/** The open race's target: proven within `targetLagSlots` of the epoch's end. */
export const OPEN_RACE_TARGET_SLOTS = Number(d.targetLagSlots);

interface PendingBlock {
  epoch: number;
  slot: number;
  txCount: number;
  chunks: number;
  fees: bigint;
  baseFee: bigint;
  proposer: string;
  cartel: boolean;
}

/** What the open race did, for a replay on the contracts (`openRaceSchedule`): indices into `blocks` are global. */
export interface OpenRaceLog {
  /** Each epoch's proving base fee (wei per transaction), its flaggers and its turn order (best first). */
  epochs: { epoch: number; provingBaseFee: bigint; flaggers: number[]; turnOrder: number[] }[];
  /** Every block, in chain order. */
  blocks: { epoch: number; slot: number; txCount: number; fees: bigint; proposer: number }[];
  /** Every state update, in landing order, with the payout the model credited. */
  updates: {
    /** The slot its race started (its prefix's blocks have earlier slots) and the slot it landed. */
    start: number;
    landing: number;
    prover: number;
    /** The exclusive turn it was proven in (the turn's holder is `prover`), or null in the open race. */
    turn: number | null;
    fromBlock: number;
    toBlock: number;
    turnProver: number | null;
    payout: StateUpdatePayoutReturnType;
    /** Whether the turn prover submitted its redundant proof (else the reserve was settled to `prover`). */
    redundant: boolean;
  }[];
}

function popcount(x: number): number {
  let count = 0;
  for (let v = x; v !== 0; v &= v - 1) count++;
  return count;
}

/** Plays the open race epoch by epoch. */
export class OpenRaceMechanism {
  readonly record: MechanismRecord;
  private readonly ctx: RunContext;
  private poolReserve: bigint;
  private readonly chain: PendingBlock[] = [];
  /** Index in `chain` of the oldest unproven block. */
  private proven = 0;
  private fee: bigint;
  private readonly idleSlots: number;
  private readonly turnSlots: number;
  /** Blocks dropped from the front of `chain` (proven). */
  private dropped = 0;
  private readonly log: OpenRaceLog | undefined;
  private flagsInForce = 0;
  /** Bit i: active (an accepted update or redundant proof) i epochs ago. */
  private readonly activity: Uint32Array;
  private lastUpdate = 0;
  private nextAttempt = 0;
  private inFlight: { landing: number; upTo: number; prover: number } | null = null;
  private readonly tickets = new Map<number, readonly ProverTicket[]>();
  private readonly lastBlockOf = new Map<number, number>();

  /**
   * @param ctx - The run.
   * @param options - A log to fill for a replay; the first epoch's fee (default the deployment default).
   */
  constructor(ctx: RunContext, options: { log?: OpenRaceLog; initialProvingBaseFee?: bigint } = {}) {
    this.ctx = ctx;
    const parameters = openRaceParameters(ctx.config);
    this.idleSlots = Number(parameters.idlePeriod) / SLOT_SECONDS;
    this.turnSlots = Number(parameters.turnPeriod) / SLOT_SECONDS;
    this.fee = options.initialProvingBaseFee ?? parameters.initialProvingBaseFee;
    this.log = options.log;
    this.record = new MechanismRecord("open-race", ctx.epochs, ctx.population.provers.length, [
      "stateUpdates",
      "turnUpdates",
      "redundantProofs",
      "settledReserves",
      "flags",
      "flaggedEpochs",
    ]);
    this.poolReserve = toWei(ctx.config.rewardPoolTokens);
    this.activity = new Uint32Array(ctx.population.provers.length);
    this.record.series.provingBaseFee = [];
  }

  /**
   * Plays epoch `draws.epoch`: the fee's roll, the flags, the proposals, and the races (and turns) that start
   * before the epoch ends. The roll sees the updates that landed before the epoch's first slot (the coordinator rolls
   * at the epoch's first transaction, before a state update of that slot is applied).
   *
   * @param draws - The epoch's draws.
   * @param tickets - The epoch's submitted prover-lottery tickets, best first.
   */
  step(draws: EpochDraws, tickets: readonly ProverTicket[]): void {
    const { ctx, record } = this;
    const { config, gas } = ctx;
    const { provers } = ctx.population;
    const e = draws.epoch;
    const start = e * EPOCH_SLOTS;

    // The roll into epoch e.
    if (e > 0) {
      const oldest = this.proven < this.chain.length ? BigInt(this.chain[this.proven].slot) : undefined;
      this.fee = nextProvingBaseFee({
        fee: this.fee,
        lagSlots: provingLag({ epoch: BigInt(e), epochSlots: BigInt(EPOCH_SLOTS), oldestUnprovenSlot: oldest }),
        targetLagSlots: d.targetLagSlots,
        flagged: this.flagsInForce >= Number(d.flagQuorum),
        minFee: d.minProvingBaseFee,
      });
    }
    record.series.provingBaseFee.push(Number(this.fee) / WEI);
    for (let i = 0; i < this.activity.length; i++) this.activity[i] = (this.activity[i] << 1) & activityMask;

    // Tickets (the turns and the turn prover) and "price too low" flags.
    record.provingGas += tickets.length * gas.openRace.submitProverTicketGas;
    this.tickets.set(e, tickets.slice(0, turnProvers));
    const feeTokens = Number(this.fee) / WEI;
    let flags = 0;
    const flaggers: number[] = [];
    if (ctx.openRaceSignal) {
      for (let p = 0; p < provers.length; p++) {
        if (!draws.online[p] || popcount(this.activity[p] | 0) < Number(d.minActiveEpochs)) continue;
        const tooLow = (provers[p].costPerChunk * ctx.costFactor(e)) / TXS_PER_CHUNK > feeTokens;
        if (provers[p].strategy === "griefing" || tooLow) {
          flags++;
          if (this.log) flaggers.push(p);
        }
      }
    }
    this.log?.epochs.push({
      epoch: e,
      provingBaseFee: this.fee,
      flaggers,
      turnOrder: tickets.slice(0, turnProvers).map((t) => t.prover),
    });
    this.flagsInForce = flags;
    record.count("flags", flags);
    if (flags >= Number(d.flagQuorum)) record.count("flaggedEpochs");
    record.provingGas += flags * gas.openRace.flagPriceTooLowGas;

    // Proposals: each pays the epoch's proving fee inside its fees.
    const tip = toWei(config.openRaceTipPerTx);
    record.proposalGas += draws.blocks.length * gas.openRace.proposeGas;
    if (draws.blocks.length > 0) {
      record.hasBlocks[e] = 1;
      this.lastBlockOf.set(e, this.chain.length + draws.blocks.length - 1);
    }
    for (const b of draws.blocks) {
      const fees = BigInt(b.txCount) * (this.fee + tip);
      this.log?.blocks.push({ epoch: e, slot: b.slot, txCount: b.txCount, fees, proposer: b.proposer });
      this.chain.push({
        epoch: e,
        slot: b.slot,
        txCount: b.txCount,
        chunks: b.txCount / TXS_PER_CHUNK,
        fees,
        baseFee: this.fee,
        proposer: `seq-${b.proposer}`,
        cartel: b.cartel,
      });
    }
    this.race(draws, start + EPOCH_SLOTS - 1);
  }

  /**
   * Ends the run: races go on, with no new block, until the last epoch's final deadline, so that the last epochs are
   * judged like the others.
   *
   * @param draws - The last epoch's draws (who is online).
   */
  finish(draws: EpochDraws): void {
    const until = (draws.epoch + 1) * EPOCH_SLOTS + finalDeadlineSlots;
    this.race(draws, until);
    this.land(until);
  }

  /** Applies the update in flight if it landed by `slot`. */
  private land(slot: number): void {
    const update = this.inFlight;
    if (update === null || update.landing > slot) return;
    const { record } = this;
    for (let i = this.proven; i < update.upTo; i++) {
      const block = this.chain[i];
      if (this.lastBlockOf.get(block.epoch) === i) {
        record.provenAfter[block.epoch] = update.landing - (block.epoch + 1) * EPOCH_SLOTS;
        this.lastBlockOf.delete(block.epoch);
        if (block.epoch > 0) this.tickets.delete(block.epoch - 1);
      }
    }
    this.proven = update.upTo;
    this.lastUpdate = update.landing;
    this.activity[update.prover] |= 1;
    this.nextAttempt = update.landing;
    this.inFlight = null;
    // Drop the proven blocks now and then (the chain is only read from `proven` on).
    if (this.proven > 4096) {
      this.chain.splice(0, this.proven);
      this.dropped += this.proven;
      for (const [epoch, index] of this.lastBlockOf) this.lastBlockOf.set(epoch, index - this.proven);
      this.proven = 0;
    }
  }

  /** Runs the races that start by slot `until`. */
  private race(draws: EpochDraws, until: number): void {
    const { ctx, record } = this;
    const { config, gas } = ctx;
    const { provers } = ctx.population;
    const factor = ctx.costFactor(draws.epoch);
    for (;;) {
      if (this.inFlight !== null) {
        if (this.inFlight.landing > until) return;
        this.land(this.inFlight.landing);
      }
      const t = this.nextAttempt;
      if (t > until) return;
      const nextBoundary = (Math.floor(t / EPOCH_SLOTS) + 1) * EPOCH_SLOTS;
      // Checkpoints: blocks whose slot has passed (the tip once its slot is over).
      let end = this.proven;
      while (end < this.chain.length && this.chain[end].slot < t) end++;
      if (end === this.proven) {
        this.nextAttempt = nextBoundary;
        continue;
      }
      const oldest = this.chain[this.proven];
      // The fallback to turns after the idle period: the k-th best ticket of the oldest unproven block's epoch.
      const stallStart = Math.max(this.lastUpdate, oldest.slot);
      let exclusive: number | null = null;
      let turn: number | null = null;
      // When the right changes hands next: the first turn, the next turn, or never (the turns are over).
      let rightChanges = stallStart + this.idleSlots;
      if (t >= stallStart + this.idleSlots) {
        const k = Math.floor((t - stallStart - this.idleSlots) / this.turnSlots);
        const turns = this.tickets.get(oldest.epoch) ?? [];
        rightChanges = Infinity;
        if (k < turnProvers && k < turns.length) {
          exclusive = turns[k].prover;
          turn = k;
          rightChanges = stallStart + this.idleSlots + (k + 1) * this.turnSlots;
        }
      }
      // What each prover can prove: up to the first block whose data a cartel proposer still hides from it (the
      // cartel's provers see everything).
      let open = this.proven;
      while (open < end && !(this.chain[open].cartel && this.chain[open].slot + config.withholdSlots >= t)) open++;
      const prefixOf = (upTo: number) => {
        let fees = 0;
        let chunks = 0;
        for (let i = this.proven; i < upTo; i++) {
          fees += Number(this.chain[i].baseFee) * this.chain[i].txCount;
          chunks += this.chain[i].chunks;
        }
        return { upTo, fees: fees / WEI, chunks, turnProver: upTo > this.proven ? this.turnProverOf(upTo) : undefined };
      };
      const cartelPrefix = prefixOf(end);
      const othersPrefix = open === end ? cartelPrefix : prefixOf(open);
      const prefixFor = (p: number) => (provers[p].strategy === "colluding" ? cartelPrefix : othersPrefix);
      const profitable = (p: number) => {
        const prefix = prefixFor(p);
        if (prefix.upTo === this.proven) return false;
        const share =
          prefix.turnProver === undefined || prefix.turnProver === p ? 1 : 1 - Number(d.redundancyShare) / BPS;
        const gasTokens = gasAt(gas.openRace.submitProofGasByBlocks, prefix.upTo - this.proven) * config.tokensPerGas;
        return prefix.fees * share >= prefix.chunks * provers[p].costPerChunk * factor + gasTokens;
      };
      let racers: number[];
      if (exclusive !== null) {
        const s = provers[exclusive].strategy;
        racers =
          draws.online[exclusive] && s !== "griefing" && !draws.dropout(exclusive) && profitable(exclusive)
            ? [exclusive]
            : [];
        if (racers.length > 0) record.count("turnUpdates");
      } else {
        racers = fastestWilling(ctx, draws, config.raceEntrants, (p) => {
          const s = provers[p].strategy;
          return s !== "lazy" && !draws.dropout(p) && profitable(p);
        });
      }
      if (racers.length === 0) {
        // Nobody takes it at this fee: try again at the next roll, when hidden data comes out, or when the right
        // changes hands (a turn begins or ends), whichever is sooner.
        const revealed = open < end ? this.chain[open].slot + config.withholdSlots + 1 : Infinity;
        this.nextAttempt = Math.min(nextBoundary, Math.max(t + 1, Math.min(revealed, rightChanges)));
        continue;
      }
      const turnOrder = (this.tickets.get(oldest.epoch) ?? []).map((x) => x.prover);
      const entrants: RaceEntrant[] = racers.map((p) => {
        const { chunks } = prefixFor(p);
        return {
          prover: p,
          start: t,
          landing: this.permittedLanding(p, t + provingSlots(ctx, draws, p, chunks), stallStart, turnOrder),
          chunks,
          tie: draws.tieBreak(p, t),
        };
      });
      const { winner, wastedChunks } = settleRace(entrants, Infinity);
      record.wastedChunks += wastedChunks;
      if (winner === null) {
        this.nextAttempt = nextBoundary;
        continue;
      }
      const prefix = prefixFor(winner.prover);
      this.pay(draws, winner, prefix.upTo, prefix.turnProver, turn);
    }
  }

  /**
   * The first slot from `ready` in which the coordinator accepts `prover`'s update: the open race, or its own turn
   * (the turn is checked when the proof lands, so a proof ready in another's turn waits for the turns to end).
   */
  private permittedLanding(prover: number, ready: number, stallStart: number, turnOrder: readonly number[]): number {
    const turnsBegin = stallStart + this.idleSlots;
    const turns = Math.min(turnProvers, turnOrder.length);
    let slot = ready;
    for (;;) {
      if (slot < turnsBegin) return slot;
      const k = Math.floor((slot - turnsBegin) / this.turnSlots);
      if (k >= turns || turnOrder[k] === prover) return slot;
      slot = turnsBegin + (k + 1) * this.turnSlots;
    }
  }

  /** The turn prover of a prefix ending before `upTo`: the best ticket of its last block's epoch. */
  private turnProverOf(upTo: number): number | undefined {
    return this.tickets.get(this.chain[upTo - 1].epoch)?.[0]?.prover;
  }

  /** Pays the winning update, settles its redundancy reserve and puts it in flight. */
  private pay(
    draws: EpochDraws,
    winner: RaceEntrant,
    upTo: number,
    turnProver: number | undefined,
    turn: number | null,
  ): void {
    const { ctx, record } = this;
    const { provers } = ctx.population;
    const { gas, config } = ctx;
    const blocks = this.chain.slice(this.proven, upTo);
    const payout = stateUpdatePayout({
      blocks: blocks.map((b) => ({
        proposer: b.proposer,
        txCount: BigInt(b.txCount),
        fees: b.fees,
        baseFee: b.baseFee,
      })),
      blockReward: d.blockReward,
      poolReserve: this.poolReserve,
      prover: provers[winner.prover].address,
      turnProver: turnProver === undefined ? undefined : provers[turnProver].address,
      redundancyShareBps: d.redundancyShare,
    });
    this.poolReserve -= payout.released;
    record.valueIn += payout.released + blocks.reduce((sum, b) => sum + b.fees, 0n);
    for (const credit of payout.proposerCredits) record.creditOther(credit.amount);
    record.creditProver(winner.prover, payout.proverCredit);
    record.provingGas += gasAt(gas.openRace.submitProofGasByBlocks, blocks.length);
    record.paidChunks += winner.chunks;
    record.count("stateUpdates");
    let redundant = false;
    if (payout.redundancyReserve > 0n && turnProver !== undefined) {
      // The turn prover proves the same transition for the reserve if it pays and it can land within the window.
      const s = provers[turnProver].strategy;
      const cost =
        winner.chunks * provers[turnProver].costPerChunk * ctx.costFactor(draws.epoch) +
        gas.openRace.submitRedundantProofGas * config.tokensPerGas;
      redundant =
        s !== "griefing" &&
        draws.online[turnProver] === 1 &&
        !draws.dropout(turnProver) &&
        Number(payout.redundancyReserve) / WEI >= cost &&
        provingSlots(ctx, draws, turnProver, winner.chunks) <= redundancyWindowSlots;
      if (redundant) {
        record.creditProver(turnProver, payout.redundancyReserve);
        record.provingGas += gas.openRace.submitRedundantProofGas;
        record.paidChunks += winner.chunks;
        this.activity[turnProver] |= 1;
        record.count("redundantProofs");
      } else {
        record.creditProver(winner.prover, payout.redundancyReserve);
        record.provingGas += gas.openRace.settleRedundancyGas;
        record.count("settledReserves");
      }
    }
    this.log?.updates.push({
      start: winner.start,
      landing: winner.landing,
      prover: winner.prover,
      turn,
      fromBlock: this.dropped + this.proven,
      toBlock: this.dropped + upTo - 1,
      turnProver: turnProver ?? null,
      payout,
      redundant,
    });
    this.inFlight = { landing: winner.landing, upTo, prover: winner.prover };
  }

  /** The proving base fee in force, in tokens per transaction. */
  get provingBaseFee(): number {
    return Number(this.fee) / WEI;
  }

  /** Blocks still unproven at the end of the run. */
  get unprovenBlocks(): number {
    return this.chain.length - this.proven;
  }
}

/** The final deadline used for "in time" under every mechanism (the rollup's `finalDeadlineSlots`). */
export const FINAL_DEADLINE_SLOTS = finalDeadlineSlots;
