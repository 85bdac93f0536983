// Cooperative proving (seed 001; `CooperativeCoordinator`): for each chunk of each block, every prover holds a VRF
// ticket whose score is its race time boosted by its FEE_BURN; chunk proofs land during the proving window and the
// best three by score are kept as they arrive (a better one replaces the worst); once the window closes, an epoch whose
// every chunk holds a kept proof finalizes with seed 001's rewards and burns (the SDK's `blockRewards`), any other goes
// to the open race (a whole-epoch proof, paid the network reward) until the final deadline. Our proof tree is flat:
// chunks under one on-chain bundle check, no merge proofs.
import { blockRewards, chunkScore, compareTickets, PROOFS_PER_NODE } from "@blockage/client";
import { COOPERATIVE_DEFAULTS, ROLLUP_DEFAULTS } from "@blockage/client/deploy";
import { EPOCH_SLOTS, TXS_PER_CHUNK, type EpochDraws } from "../epoch-draws";
import { gasAt } from "../l1-gas";
import { MechanismRecord, toWei } from "../mechanism-record";
import { expectedProvingSlots, fastestWilling, provingSlots, settleRace } from "../proof-race";
import type { RunContext } from "../run-context";
import { vrfOutputOf } from "../vrf-output";

const BPS = 10_000;
const WEI = 1e18;
const PLACES = Number(PROOFS_PER_NODE);
const blockReward = COOPERATIVE_DEFAULTS.blockReward;
const provingWindowSlots = Number(COOPERATIVE_DEFAULTS.provingWindowSlots);
const finalDeadlineSlots = Number(ROLLUP_DEFAULTS.finalDeadlineSlots);
/** Every proposal's FEE_SPLIT: the rollup's default, the least a Cooperative proposal may declare. */
const FEE_SPLIT = ROLLUP_DEFAULTS.feeSplit;
/** A griefer's FEE_BURN: all of its reward burned, for the strongest boost. */
const GRIEFING_FEE_BURN = 10_000;

/** Cooperative's target: finalized right after the proving window closes (slots after the epoch's end). */
export const COOPERATIVE_TARGET_SLOTS = provingWindowSlots + 1;

/** The least chance of being kept at which an honest prover proves a chunk; a lazy one wants near certainty. */
const HONEST_KEEP_CHANCE = 0.2;
const LAZY_KEEP_CHANCE = 0.9;
/** Ticket holders drawn per chunk, best score first, and the most drawn when filling a chunk short of proofs. */
const FIRST_ARRIVALS = 12;
const MAX_ARRIVALS = 40;

/**
 * The chance that a ticket is kept when `λ = (W − w)·t` is the expected number of other provers beating it: at most
 * two of them do (Poisson). The SDK's `chunkKeepProbability` computes it exactly (Poisson-binomial) over the other
 * provers' weights, O(provers) per call; with many provers each of small weight the two agree (checked in the tests).
 *
 * @param lambda - (W − w)·t.
 * @returns P(kept).
 */
export function keepChance(lambda: number): number {
  return Math.exp(-lambda) * (1 + lambda + (lambda * lambda) / 2);
}

interface KeptProof {
  prover: number;
  /** The boosted race time drawn (float), from which the exact score is computed. */
  time: number;
  /** The exact score (the SDK's `chunkScore`), computed when a comparison first needs it. */
  score: bigint | null;
  feeBurn: number;
}

/** Plays Cooperative proving epoch by epoch. */
export class CooperativeMechanism {
  readonly record: MechanismRecord;
  private readonly ctx: RunContext;
  private poolReserve: bigint;

  constructor(ctx: RunContext) {
    this.ctx = ctx;
    this.record = new MechanismRecord("cooperative", ctx.epochs, ctx.population.provers.length, [
      "finalizedEpochs",
      "openRaces",
      "prunedEpochs",
      "fillInChunkProofs",
      "replacedChunkProofs",
      "unkeptChunkProofs",
      "lateChunkProofs",
    ]);
    this.poolReserve = toWei(ctx.config.rewardPoolTokens);
  }

  /**
   * Plays epoch `draws.epoch`: its chunk proofs, then its finalization or its open race.
   *
   * @param draws - The epoch's draws.
   */
  step(draws: EpochDraws): void {
    const { ctx, record } = this;
    const { population, config, gas } = ctx;
    const { provers } = population;
    const e = draws.epoch;
    const blocks = draws.blocks;
    record.proposalGas += blocks.length * gas.cooperative.proposeGas;
    if (blocks.length === 0) return;
    record.hasBlocks[e] = 1;
    const end = (e + 1) * EPOCH_SLOTS;
    const close = end + provingWindowSlots;
    const factor = ctx.costFactor(e);
    const random = draws.chunkRandom;

    // The chunk race's sampler: online provers' boosted rates (weight × (1 + FEE_BURN)), cumulated.
    const n = provers.length;
    const weights = population.floatWeights(e);
    let allWeight = 0;
    for (let i = 0; i < n; i++) allWeight += weights[i];
    const online: number[] = [];
    const cumulative: number[] = [];
    let totalRate = 0;
    for (let i = 0; i < n; i++) {
      if (!draws.online[i]) continue;
      totalRate += weights[i] * (provers[i].strategy === "griefing" ? 2 : 1);
      online.push(i);
      cumulative.push(totalRate);
    }
    const burnOf = (p: number) => (provers[p].strategy === "griefing" ? GRIEFING_FEE_BURN : 0);
    const rateOf = (p: number) => weights[p] * (1 + burnOf(p) / BPS);
    /**
     * The next ticket holders of a chunk in score order: the superposition of the online provers' exponential
     * (boosted) race times, drawn arrival by arrival (who comes next is proportional to rate among those left).
     */
    const arrivals = (drawn: { prover: number; score: number }[], upTo: number) => {
      let left = totalRate - drawn.reduce((sum, a) => sum + rateOf(a.prover), 0);
      let time = drawn.length > 0 ? drawn[drawn.length - 1].score : 0;
      while (drawn.length < upTo && drawn.length < online.length && left > 1e-12 * totalRate) {
        time += random.exponential() / left;
        let prover: number;
        do {
          const x = random.uniform() * totalRate;
          let lo = 0;
          let hi = cumulative.length - 1;
          while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (cumulative[mid] > x) hi = mid;
            else lo = mid + 1;
          }
          prover = online[lo];
        } while (drawn.some((a) => a.prover === prover));
        drawn.push({ prover, score: time });
        left -= rateOf(prover);
      }
    };
    const sdkScore = (prover: number, boostedTime: number) => {
      const feeBurn = burnOf(prover);
      const u = Math.exp(-boostedTime * (1 + feeBurn / BPS) * weights[prover]);
      return chunkScore({ output: vrfOutputOf(u), weight: population.weight(prover, e), feeBurn });
    };
    const scoreOf = (proof: KeptProof) => (proof.score ??= sdkScore(proof.prover, proof.time));
    const beats = (a: KeptProof, b: KeptProof) =>
      compareTickets(
        { raceTime: scoreOf(a), tieBreak: BigInt(a.prover) },
        { raceTime: scoreOf(b), tieBreak: BigInt(b.prover) },
      ) < 0;

    const keptByBlock: KeptProof[][][] = [];
    let allHeld = true;
    let keptChunks = 0;
    let chunkCount = 0;
    let chunkGas = 0;
    for (const block of blocks) {
      const chunks = block.txCount / TXS_PER_CHUNK;
      chunkCount += chunks;
      const networkTokens =
        ((Number(blockReward) / WEI + block.txCount * config.userFeePerTx) * Number(FEE_SPLIT)) / BPS;
      const placeTokens = networkTokens / (chunks * PLACES);
      const cost = (p: number) =>
        provers[p].costPerChunk * factor + gas.cooperative.submitChunkProofGas * config.tokensPerGas;
      const dataAt = (p: number) =>
        block.slot + 1 + (block.cartel && provers[p].strategy !== "colluding" ? config.withholdSlots : 0);
      const chunksKept: KeptProof[][] = [];
      for (let k = 0; k < chunks; k++) {
        const drawn: { prover: number; score: number }[] = [];
        arrivals(drawn, FIRST_ARRIVALS);
        const submitted = new Set<number>();
        const submissions: { prover: number; score: number; landing: number }[] = [];
        for (const { prover, score } of drawn) {
          const strategy = provers[prover].strategy;
          if (dataAt(prover) + expectedProvingSlots(ctx, prover, 1) > close) continue;
          const keep = keepChance((allWeight - weights[prover]) * score);
          const reward = placeTokens * (1 - burnOf(prover) / BPS);
          const submits =
            strategy === "griefing"
              ? keep >= HONEST_KEEP_CHANCE
              : strategy === "lazy"
                ? keep >= LAZY_KEEP_CHANCE && reward >= cost(prover)
                : keep >= HONEST_KEEP_CHANCE && keep * reward >= cost(prover);
          if (!submits) continue;
          submitted.add(prover);
          const landing = draws.dropout(prover) ? Infinity : dataAt(prover) + provingSlots(ctx, draws, prover, 1);
          submissions.push({ prover, score, landing });
        }
        submissions.sort((a, b) => a.landing - b.landing || a.score - b.score);
        const kept: KeptProof[] = [];
        const land = (prover: number, score: number) => {
          const proof: KeptProof = { prover, time: score, score: null, feeBurn: burnOf(prover) };
          if (kept.length < PLACES) {
            kept.push(proof);
            chunkGas += gas.cooperative.submitChunkProofGas;
            return;
          }
          let worst = 0;
          for (let i = 1; i < kept.length; i++) if (beats(kept[worst], kept[i])) worst = i;
          if (beats(proof, kept[worst])) {
            kept[worst] = proof;
            chunkGas += gas.cooperative.submitChunkProofGas;
            record.count("replacedChunkProofs");
          } else {
            // A prover simulates its submission first (eth_call) and does not send one that would not be kept.
            record.count("unkeptChunkProofs");
          }
          record.wastedChunks += 1;
        };
        for (const s of submissions) {
          if (s.landing > close) {
            record.wastedChunks += Number.isFinite(s.landing) ? 1 : 0.5;
            record.count("lateChunkProofs");
            continue;
          }
          land(s.prover, s.score);
        }
        // Free places left: provers that see them on-chain near the window's close fill them (a sure place).
        if (kept.length < PLACES) {
          for (let next = 0; kept.length < PLACES; next++) {
            if (next >= drawn.length) {
              if (drawn.length >= MAX_ARRIVALS || drawn.length >= online.length) break;
              arrivals(drawn, Math.min(MAX_ARRIVALS, drawn.length + 8));
              if (next >= drawn.length) break;
            }
            const { prover, score } = drawn[next];
            const strategy = provers[prover].strategy;
            if (submitted.has(prover) || strategy === "griefing" || draws.dropout(prover)) continue;
            if (placeTokens < cost(prover)) continue;
            const need = expectedProvingSlots(ctx, prover, 1);
            const start = Math.max(dataAt(prover), close - 2 * need);
            if (start + need > close) continue;
            submitted.add(prover);
            record.count("fillInChunkProofs");
            const landing = start + provingSlots(ctx, draws, prover, 1);
            if (landing > close) {
              record.wastedChunks += 1;
              continue;
            }
            land(prover, score);
          }
        }
        if (kept.length === 0) allHeld = false;
        keptChunks += kept.length;
        chunksKept.push(kept);
      }
      keptByBlock.push(chunksKept);
    }
    record.provingGas += chunkGas;

    // Block values: fees plus an equal share of the release, its remainder on the first block (`_blockValues`).
    const feePerTx = toWei(config.userFeePerTx);
    const requested = blockReward * BigInt(blocks.length);
    const released = requested < this.poolReserve ? requested : this.poolReserve;
    const each = released / BigInt(blocks.length);
    const shareOf = (i: number) => each + (i === 0 ? released - each * BigInt(blocks.length) : 0n);

    if (allHeld) {
      this.poolReserve -= released;
      record.provingGas += gasAt(gas.cooperative.finalizeGasByChunks, chunkCount);
      record.paidChunks += keptChunks;
      record.provenAfter[e] = provingWindowSlots + 1;
      record.count("finalizedEpochs");
      blocks.forEach((block, i) => {
        const kept = keptByBlock[i];
        const r = blockRewards({
          fees: BigInt(block.txCount) * feePerTx,
          blockReward: shareOf(i),
          feeSplit: FEE_SPLIT,
          keptFeeBurns: kept.map((chunk) => chunk.map((proof) => proof.feeBurn)),
        });
        record.valueIn += r.value;
        record.creditOther(r.proposer);
        record.burned += r.burned;
        kept.forEach((chunk, k) => chunk.forEach((proof, j) => record.creditProver(proof.prover, r.provers[k][j])));
      });
      return;
    }

    // A chunk without a proof: the open race for a whole-epoch proof; every kept chunk proof goes unpaid.
    record.count("openRaces");
    record.wastedChunks += keptChunks;
    const totalTx = blocks.reduce((sum, b) => sum + b.txCount, 0);
    const networkTokens =
      (((blocks.length * Number(blockReward)) / WEI + totalTx * config.userFeePerTx) * Number(FEE_SPLIT)) / BPS;
    const proofGas = gasAt(gas.cooperative.submitEpochProofGas, blocks.length);
    const racers = fastestWilling(ctx, draws, config.raceEntrants, (p) => {
      const s = provers[p].strategy;
      if (s === "lazy" || s === "griefing" || draws.dropout(p)) return false;
      return networkTokens >= chunkCount * provers[p].costPerChunk * factor + proofGas * config.tokensPerGas;
    });
    const { winner, wastedChunks } = settleRace(
      racers.map((p) => ({
        prover: p,
        start: close,
        landing: close + provingSlots(ctx, draws, p, chunkCount),
        chunks: chunkCount,
        tie: draws.tieBreak(p, close),
      })),
      end + finalDeadlineSlots,
    );
    record.wastedChunks += wastedChunks;
    if (!winner) {
      record.count("prunedEpochs");
      return;
    }
    this.poolReserve -= released;
    record.provingGas += proofGas;
    record.paidChunks += chunkCount;
    record.provenAfter[e] = winner.landing - end;
    let network = 0n;
    blocks.forEach((block, i) => {
      const value = BigInt(block.txCount) * feePerTx + shareOf(i);
      const blockNetwork = (value * FEE_SPLIT) / BigInt(BPS);
      record.valueIn += value;
      record.creditOther(value - blockNetwork);
      network += blockNetwork;
    });
    record.creditProver(winner.prover, network);
  }
}
