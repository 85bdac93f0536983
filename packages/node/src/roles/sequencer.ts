// The sequencer: in every slot it draws its ticket in the slot's lottery (`checkEligibility`, VRF over the slot's
// seed) and proposes a block from its mempool only when the ticket's win probability clears its threshold and no
// better proposal already holds the slot; as the slot's proposer in an epoch's claim window, it countersigns the best
// quote it has heard for the previous epoch's proof (seed 003) and publishes it on the take topic.
import {
  boostedRaceTime,
  boostedWinProbability,
  checkEligibility,
  countersignQuote,
  errorReason,
  getEpochStatus,
  getProvingFee,
  proposeBlock,
  type EligibilityContext,
  type OpenRaceCoordinator,
  type Rollup,
  contractAt,
} from "@blockage/client";
import { short, type NodeContext } from "../context";
import { epochEligibility } from "./eligibility";
import type { Mempool } from "../mempool";
import type { AcceptedQuote, QuoteBook } from "../quote-book";
import { key } from "../store";

/** The sequencer's policy. */
export interface SequencerPolicy {
  /** Propose only when the ticket's chance that nobody beats it is at least this (0…1). */
  minWinProbability: number;
  /** Transactions per block (whole chunks of 16). */
  txsPerBlock: number;
  /**
   * FEE_SPLIT this node declares in a Cooperative rollup, basis points (its share of the block's fees and reward to
   * the chunk provers; it divides the proposal's race time by 1 + FEE_SPLIT); `null`: the deployment's minimum.
   * Ignored by a Sidecar rollup, whose FEE_SPLIT is fixed.
   */
  feeSplit: number | null;
}

/** The block that holds `slot` on the pending chain (the slot's best proposal so far), or `null`. */
export async function slotBlock(rollup: Rollup, slot: bigint): Promise<{ pid: string; raceTime: bigint } | null> {
  const tips = await rollup.tips();
  if (tips.tipSlot !== slot || tips.pendingBlock === tips.provenBlock) return null;
  const record = await rollup.blockRecord(tips.pendingBlock);
  return { pid: record.pid, raceTime: record.raceTime };
}

export class Sequencer {
  private context: { epoch: bigint; eligibility: EligibilityContext | null } | null = null;

  constructor(
    private readonly ctx: NodeContext,
    private readonly policy: SequencerPolicy,
    private readonly mempool: Mempool,
    private readonly quotes: QuoteBook,
    private readonly publishTake: (q: AcceptedQuote) => Promise<void>,
    /** An open-race rollup's coordinator (its proposals pay the proving base fee), else `null`. */
    private readonly openRace: OpenRaceCoordinator | null = null,
  ) {}

  /** The node's lottery context for an epoch (read once per epoch), or `null` when it cannot enter. */
  private async eligibility(epoch: bigint): Promise<EligibilityContext | null> {
    if (this.context?.epoch !== epoch) {
      this.context = { epoch, eligibility: await epochEligibility(this.ctx, this.ctx.rollup, epoch, "sequencer") };
    }
    return this.context.eligibility;
  }

  /** Enters the slot's lottery and proposes when the ticket is worth it. */
  async onSlot(slot: bigint): Promise<void> {
    const { rollup, identity, store, log, validator, deployment } = this.ctx;
    const epoch = this.ctx.clock.epochOf(slot);
    if (store.proposals.get(key(slot)) !== undefined) return;
    const eligibility = await this.eligibility(epoch);
    if (eligibility === null) return;
    const cooperative = deployment.mechanism === "cooperative";
    const ticket = await checkEligibility(rollup, {
      node: { pid: identity.pid, vrfSecretKey: identity.vrfSecretKey },
      epoch,
      slot,
      role: "sequencer",
      context: eligibility,
      minWinProbability: cooperative ? 0 : this.policy.minWinProbability,
    });
    if (ticket.args === null) return;
    // A Cooperative proposal ranks by its race time ÷ (1 + FEE_SPLIT); the others are assumed at the minimum.
    const feeSplit = cooperative ? BigInt(this.policy.feeSplit ?? deployment.feeSplit) : deployment.feeSplit;
    const rank = cooperative ? boostedRaceTime(ticket.raceTime, feeSplit) : ticket.raceTime;
    const winProbability = cooperative
      ? boostedWinProbability({
          raceTime: ticket.raceTime,
          boostBps: feeSplit,
          weight: eligibility.weight,
          totalWeight: eligibility.totalWeight,
          othersBoostBps: deployment.feeSplit,
        })
      : ticket.winProbability;
    if (winProbability < this.policy.minWinProbability) return;
    const best = await slotBlock(rollup, slot);
    if (best !== null && best.raceTime <= rank) {
      log("info", "outbid", `slot ${slot}: a better proposal already holds the slot; not proposing`, {
        slot,
        winProbability,
      });
      return;
    }
    const txs = this.mempool.take(this.policy.txsPerBlock);
    if (txs.length === 0) {
      log("info", "mempool-empty", `slot ${slot}: won a ticket but the mempool has no full chunk`, { slot });
      return;
    }
    // An open-race proposal escrows its transactions' proving at the epoch's base fee (the rollup refuses less:
    // `Rollup__ProvingFeeShort`), from the operator's tokens like any fees.
    const fees = this.openRace === null ? undefined : BigInt(txs.length) * (await getProvingFee(this.openRace)).fee;
    const record = {
      slot: slot.toString(),
      epoch: epoch.toString(),
      headerHash: "",
      raceTime: rank.toString(),
      txs: txs.length,
      txHash: null,
      status: "sending" as const,
    };
    await store.commit(() => store.proposals.put(key(slot), record));
    try {
      const result = await proposeBlock(rollup.connect(validator), {
        entry: ticket.args,
        salt: identity.salt,
        txs,
        ...(cooperative && { feeSplit }),
        ...(fees !== undefined && { fees }),
        fromBlock: deployment.fromBlock,
      });
      await store.commit(() =>
        store.proposals.put(key(slot), {
          ...record,
          headerHash: result.headerHash,
          txHash: result.receipt.hash,
          status: "sent",
        }),
      );
      const replaced = /^0x0+$/.test(result.replacedPid) ? "" : ` (replaced ${short(result.replacedPid)}'s)`;
      log(
        "info",
        "proposed",
        `slot ${slot}: proposed block ${result.blockNumber} with ${txs.length} txs${fees === undefined ? "" : ` paying ${fees} proving fees`}${replaced}`,
        {
          slot,
          epoch,
          blockNumber: result.blockNumber,
          txs: txs.length,
          winProbability,
          ...(cooperative && { feeSplit }),
          ...(fees !== undefined && { fees }),
          raceTime: result.raceTime,
          replaced: replaced === "" ? null : result.replacedPid,
          gas: result.receipt.gasUsed,
          tx: result.receipt.hash,
        },
      );
      this.ctx.events.emit("proposed", slot);
    } catch (error) {
      this.mempool.putBack(txs);
      const reason = errorReason(error);
      await store.commit(() => store.proposals.put(key(slot), { ...record, status: "failed", note: reason }));
      log("info", "outbid", `slot ${slot}: proposal not taken (${reason})`, { slot, reason });
    }
  }

  /**
   * As the slot's best proposer during the previous epoch's claim window, countersigns the best quote heard and
   * publishes it. Returns the epoch and prover of the quote countersigned, or `null`.
   */
  async countersign(slot: bigint): Promise<{ epoch: bigint; prover: string } | null> {
    const { rollup, coordinator, identity, store, log, validator, deployment } = this.ctx;
    if (coordinator === null) return null; // quotes are the Sidecar mechanism's
    const epoch = this.ctx.clock.epochOf(slot) - 1n;
    if (epoch < 0n || store.countersigned.get(key(slot)) !== undefined) return null;
    const best = await slotBlock(rollup, slot);
    if (best === null || best.pid.toLowerCase() !== identity.pid.toLowerCase()) return null;
    const status = await getEpochStatus(coordinator, { epoch });
    if (status.phase !== "claim") return null;
    this.quotes.prune(epoch);
    let chosen = this.quotes.best(epoch, slot, deployment.minBond, deployment.maxQuoteFee);
    // A quote whose prover cannot put up its bond would be countersigned in vain, slot after slot: skip such provers.
    const token = contractAt("StakeToken", await rollup.stakeToken(), this.ctx.provider);
    while (chosen !== null && (await token.balanceOf(chosen.quote.prover)) < chosen.quote.bond) {
      this.quotes.exclude(epoch, chosen.quote.prover);
      chosen = this.quotes.best(epoch, slot, deployment.minBond, deployment.maxQuoteFee);
    }
    if (chosen === null) return null;
    const { signature: proposerSignature } = await countersignQuote(validator, {
      domain: deployment.coordinatorDomain,
      quote: chosen.quote,
      slot,
    });
    await store.commit(() =>
      store.countersigned.put(key(slot), {
        slot: slot.toString(),
        epoch: epoch.toString(),
        prover: chosen.quote.prover,
        basisPointFee: Number(chosen.quote.basisPointFee),
        bond: chosen.quote.bond.toString(),
      }),
    );
    log(
      "info",
      "countersigned",
      `slot ${slot}: countersigned ${short(chosen.quote.prover)}'s quote for epoch ${epoch} at ${chosen.quote.basisPointFee} bps`,
      { slot, epoch, prover: chosen.quote.prover, basisPointFee: chosen.quote.basisPointFee, bond: chosen.quote.bond },
    );
    await this.publishTake({ ...chosen, slot, proposerSignature });
    return { epoch, prover: chosen.quote.prover };
  }
}
