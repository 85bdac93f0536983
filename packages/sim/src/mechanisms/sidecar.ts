// Sidecar (seeds 002, 003; `ProverCoordinator`): the prover-lottery winner may claim the epoch's proof right in its
// priority window; otherwise the proposer of the claim window's slot countersigns one prover's quote (fee, bond); a
// claimant that misses the proof deadline is slashed and the epoch goes to the open race, as does an epoch nobody
// claimed; past the final deadline the epoch is pruned. Payouts are the SDK's `epochPayout` and `slashedBond`, to the
// wei as the contract.
import { epochPayout, slashedBond } from "@blockage/client";
import { COORDINATOR_DEFAULTS, ROLLUP_DEFAULTS } from "@blockage/client/deploy";
import { EPOCH_SLOTS, TXS_PER_CHUNK, type EpochDraws } from "../epoch-draws";
import { gasAt } from "../l1-gas";
import { MechanismRecord, toWei } from "../mechanism-record";
import { expectedProvingSlots, fastestWilling, provingSlots, settleRace, type RaceEntrant } from "../proof-race";
import type { ProverTicket } from "../prover-lottery";
import type { RunContext } from "../run-context";

const BPS = 10_000;
const WEI = 1e18;
const c = {
  blockReward: COORDINATOR_DEFAULTS.blockReward,
  minBond: COORDINATOR_DEFAULTS.minBond,
  defaultProverFee: Number(COORDINATOR_DEFAULTS.defaultProverFee),
  maxQuoteFee: Number(COORDINATOR_DEFAULTS.maxQuoteFee),
  submitterShare: Number(COORDINATOR_DEFAULTS.submitterShare),
  rescueShare: COORDINATOR_DEFAULTS.rescueShare,
  priorityWindowSlots: Number(COORDINATOR_DEFAULTS.priorityWindowSlots),
  claimWindowSlots: Number(COORDINATOR_DEFAULTS.claimWindowSlots),
  proofDeadlineSlots: Number(COORDINATOR_DEFAULTS.proofDeadlineSlots),
  finalDeadlineSlots: Number(ROLLUP_DEFAULTS.finalDeadlineSlots),
  feeSplit: ROLLUP_DEFAULTS.feeSplit,
};

/** Sidecar's target: proven by the claim's proof deadline (slots after the epoch's end). */
export const SIDECAR_TARGET_SLOTS = c.proofDeadlineSlots;

/** A claim's planning margin: a prover claims only if 1.25 × its expected proving time fits before the deadline. */
const PLAN_MARGIN = 1.25;
/** The margin an honest prover asks over its cost in a quote. */
const QUOTE_MARGIN = 1.1;

/** Plays Sidecar epoch by epoch. */
export class SidecarMechanism {
  readonly record: MechanismRecord;
  private readonly ctx: RunContext;
  private poolReserve: bigint;
  /** Provers whose bond was slashed: `BondSlashed` is public, and proposers countersign none of their quotes again. */
  private readonly slashedProvers = new Set<number>();

  constructor(ctx: RunContext) {
    this.ctx = ctx;
    this.record = new MechanismRecord("sidecar", ctx.epochs, ctx.population.provers.length, [
      "designatedClaims",
      "quoteClaims",
      "cartelQuoteClaims",
      "missedClaims",
      "slashedBonds",
      "openRaces",
      "prunedEpochs",
    ]);
    this.poolReserve = toWei(ctx.config.rewardPoolTokens);
  }

  /**
   * Plays epoch `draws.epoch`: its proposals, its prover lottery, the claim, the proof or the backup race.
   *
   * @param draws - The epoch's draws.
   * @param tickets - The epoch's submitted prover-lottery tickets, best first.
   */
  step(draws: EpochDraws, tickets: readonly ProverTicket[]): void {
    const { ctx, record } = this;
    const { provers } = ctx.population;
    const { gas, config } = ctx;
    const e = draws.epoch;
    const blocks = draws.blocks;
    record.proposalGas += blocks.length * gas.sidecar.proposeGas;
    record.provingGas += tickets.length * gas.sidecar.proverTicketGas;
    if (blocks.length === 0) return;
    record.hasBlocks[e] = 1;

    const end = (e + 1) * EPOCH_SLOTS;
    const deadline = end + c.proofDeadlineSlots;
    const finalDeadline = end + c.finalDeadlineSlots;
    const chunks = blocks.reduce((sum, b) => sum + b.txCount / TXS_PER_CHUNK, 0);
    const feePerTx = toWei(config.userFeePerTx);
    const payoutBlocks = blocks.map((b) => ({ proposer: `seq-${b.proposer}`, fees: BigInt(b.txCount) * feePerTx }));
    // The epoch's rewards in tokens, as every prover can compute them from the headers.
    const rewardsTokens =
      (blocks.length * Number(c.blockReward)) / WEI +
      (blocks.reduce((sum, b) => sum + b.txCount, 0) * config.userFeePerTx * Number(c.feeSplit)) / BPS;
    const factor = ctx.costFactor(e);
    const gasTokens = (units: number) => units * config.tokensPerGas;
    const proofGas = gasAt(gas.sidecar.submitEpochProofGas, blocks.length);
    const workCost = (p: number) => chunks * provers[p].costPerChunk * factor;
    const claimCost = (p: number) => workCost(p) + gasTokens(gas.sidecar.claimProofRightGas + proofGas);
    const revenueAt = (feeBps: number) => (rewardsTokens * (feeBps + c.submitterShare)) / BPS;
    const fits = (p: number, from: number) => PLAN_MARGIN * expectedProvingSlots(ctx, p, chunks) <= deadline - from;

    // 1. The designated prover's priority claim.
    let claimant: number | null = null;
    let claimSlot = 0;
    let feeBps = c.defaultProverFee;
    const designated = tickets.length > 0 ? tickets[0].prover : null;
    if (designated !== null) {
      const strategy = provers[designated].strategy;
      const slot = end + 1;
      const claims =
        strategy === "griefing" || (revenueAt(c.defaultProverFee) >= claimCost(designated) && fits(designated, slot));
      if (claims) {
        claimant = designated;
        claimSlot = slot;
        record.count("designatedClaims");
      }
    }
    // 2. Otherwise a countersigned quote: the lowest fee (an honest proposer) or the cartel's prover at the highest
    //    fee (a cartel proposer).
    if (claimant === null) {
      const slot = end + c.priorityWindowSlots;
      let best: number | null = null;
      let bestFee = Infinity;
      let bestTie = Infinity;
      let cartelProver: number | null = null;
      for (const p of ctx.bySpeed) {
        if (!draws.online[p] || this.slashedProvers.has(p)) continue;
        const strategy = provers[p].strategy;
        if (strategy === "griefing") {
          // A griefer undercuts every quote (1 basis point) to take the right and never prove.
          if (1 < bestFee || (1 === bestFee && draws.tieBreak(p) < bestTie))
            [best, bestFee, bestTie] = [p, 1, draws.tieBreak(p)];
          continue;
        }
        if (!fits(p, slot)) continue;
        const needed = ((claimCost(p) * QUOTE_MARGIN) / rewardsTokens) * BPS - c.submitterShare;
        const quote = Math.max(1, Math.ceil(needed));
        if (quote > c.maxQuoteFee) continue;
        if (strategy === "colluding" && cartelProver === null) cartelProver = p;
        // Equal quotes: the proposer takes the one it saw first (gossip order, a draw).
        if (quote < bestFee || (quote === bestFee && draws.tieBreak(p) < bestTie)) {
          [best, bestFee, bestTie] = [p, quote, draws.tieBreak(p)];
        }
      }
      if (draws.claimSlotCartel && cartelProver !== null) {
        [best, bestFee] = [cartelProver, c.maxQuoteFee];
        record.count("cartelQuoteClaims");
      }
      if (best !== null) {
        claimant = best;
        claimSlot = slot;
        feeBps = bestFee;
        record.count("quoteClaims");
      }
    }

    let landing = Infinity;
    let prover: number | null = null;
    let slashed = false;
    let raceOpens = end + c.claimWindowSlots;
    const lateEntrants: RaceEntrant[] = [];
    if (claimant !== null) {
      record.provingGas += gas.sidecar.claimProofRightGas;
      const strategy = provers[claimant].strategy;
      const works = strategy !== "griefing" && !draws.dropout(claimant);
      // A lazy claimant starts as late as its own estimate allows.
      const start =
        strategy === "lazy"
          ? Math.max(claimSlot, deadline - Math.ceil(1.1 * expectedProvingSlots(ctx, claimant, chunks)))
          : claimSlot;
      const claimantLanding = works ? start + provingSlots(ctx, draws, claimant, chunks) : Infinity;
      if (claimantLanding <= deadline) {
        landing = claimantLanding;
        prover = claimant;
      } else {
        slashed = true;
        this.slashedProvers.add(claimant);
        raceOpens = deadline;
        record.count("missedClaims");
        if (strategy !== "griefing") {
          // A late claimant keeps going and may still win the race (then it rescues half its own bond).
          lateEntrants.push({
            prover: claimant,
            start,
            landing: claimantLanding,
            chunks,
            tie: draws.tieBreak(claimant, deadline),
          });
        }
      }
    }

    if (prover === null) {
      // The open race at the default fee (plus the missed claim's rescue share).
      feeBps = c.defaultProverFee;
      const rescue = slashed ? (Number(c.minBond) * Number(c.rescueShare)) / BPS / WEI : 0;
      const racers = fastestWilling(ctx, draws, config.raceEntrants, (p) => {
        const s = provers[p].strategy;
        if (p === claimant || s === "lazy" || s === "griefing" || draws.dropout(p)) return false;
        return revenueAt(c.defaultProverFee) + rescue >= workCost(p) + gasTokens(proofGas);
      });
      const entrants = [
        ...lateEntrants,
        ...racers.map((p) => ({
          prover: p,
          start: raceOpens,
          landing: raceOpens + provingSlots(ctx, draws, p, chunks),
          chunks,
          tie: draws.tieBreak(p, raceOpens),
        })),
      ];
      const { winner, wastedChunks } = settleRace(entrants, finalDeadline);
      record.wastedChunks += wastedChunks;
      record.count("openRaces");
      if (winner) {
        prover = winner.prover;
        landing = winner.landing;
      }
    }

    if (slashed) {
      // Slashed in the winner's proof, or by `slashMissedClaim` past the final deadline (rescue share to the pool).
      const { rescued, burned } = slashedBond({ bond: c.minBond, rescueShareBps: c.rescueShare });
      record.valueIn += c.minBond;
      record.burned += burned;
      record.count("slashedBonds");
      if (prover !== null) record.creditProver(prover, rescued);
      else {
        record.returnedToPool += rescued;
        this.poolReserve += rescued;
      }
    }
    if (prover === null) {
      record.count("prunedEpochs");
      return;
    }

    record.provingGas += proofGas;
    record.paidChunks += chunks;
    record.provenAfter[e] = landing - end;
    const address = provers[prover].address;
    const payout = epochPayout({
      blocks: payoutBlocks,
      blockReward: c.blockReward,
      poolReserve: this.poolReserve,
      feeSplitBps: c.feeSplit,
      proverFeeBps: BigInt(feeBps),
      submitterShareBps: BigInt(c.submitterShare),
      prover: address,
      beneficiary: address,
    });
    this.poolReserve -= payout.released;
    record.valueIn += payout.released + payoutBlocks.reduce((sum, b) => sum + b.fees, 0n);
    record.creditProver(prover, payout.proverFee + payout.beneficiaryCredit);
    for (const credit of payout.proposerCredits) record.creditOther(credit.amount);
  }
}
