// The prover: enters each epoch's prover lottery; claims the epochs it may prove — in the priority window as the
// designated prover, or with a quote countersigned by a proposer (seed 003: `submitEpochProofBid` signs the quote and
// gossips it) — and rescues epochs in the open race when the reward is worth it; proves each through its embedded
// CrowdProve job distributor; withdraws its rewards. Its safety rails: no claim it cannot prove in time (capacity),
// no claim at all after one of its bonds was slashed (circuit breaker), and a warning before every deadline it holds.
import {
  claimAsDesignatedProver,
  claimProofRight,
  errorReason,
  getEpochBlocks,
  getEpochStatus,
  signQuote,
  type EpochStatus,
  type ProverCoordinator,
  contractAt,
} from "@blockage/client";
import type { JobDistributor } from "@blockage/job-distributor";
import { provingCapacity, type CapacityAnswer } from "../capacity";
import { enterProverTicket } from "./prover-ticket";
import { withdrawCredits } from "./withdraw";
import { short, type NodeContext } from "../context";
import { NodeRpcError, invalidParams } from "../errors";
import type { AcceptedQuote, QuoteBook, SignedQuote } from "../quote-book";
import type { SerialSigner } from "../serial-signer";
import { key, type ClaimKind, type ClaimRecord } from "../store";

/** The prover's policy. */
export interface ProverPolicy {
  /** Enter the prover lottery only with a ticket whose win probability is at least this (0…1). */
  ticketMinWinProbability: number;
  /** Claim in the priority window when designated (default true). */
  designatedClaims: boolean;
  /** Bid automatically at this fee (basis points) when an epoch's claim window opens; `null`: only on request. */
  autoBidFee: number | null;
  /** The bond offered in bids (default the deployment's minimum bond). */
  bidBond: bigint | null;
  /** Rescue an epoch in the open race when what it pays is at least this (base units); `null`: never. */
  minRescueReward: bigint | null;
  /** Join an open race only this many slots after it opened (operators racing at once all but one waste work). */
  rescueDelaySlots: bigint;
  /** Milliseconds per chunk assumed for a worker not yet measured. */
  defaultProvingMs: number;
  /** Safety margin of the capacity check (≥ 1). */
  capacityMargin: number;
  /** Warn from this many slots before a deadline. */
  deadlineWarnSlots: bigint;
  /** Withdraw credited rewards once they reach this (base units). */
  withdrawAtLeast: bigint;
}

/** The most blocks of logs read in one pass. */
const SCAN_BLOCKS = 5_000;

/** What the prover needs of its embedded job distributor. */
export type JobDistributorLike = Pick<JobDistributor, "serveEpoch" | "status" | "store">;

/** What the prover reports about an epoch it might claim. */
interface EpochWork {
  chunks: number;
  blocks: number;
}

export class Prover {
  private scannedTo = -1;
  private readonly work = new Map<bigint, EpochWork>();
  private readonly claiming = new Set<bigint>();
  private readonly warnedAt = new Map<bigint, bigint>();
  /** Epochs whose ticket this process has dealt with. */
  private readonly ticketsTried = new Set<bigint>();
  /** Signatures of the bids gossiped since this process started. */
  private readonly published = new Set<string>();
  /** Actions started by a message (a countersigned quote) still running: the node is busy in its slot. */
  busy = 0;

  constructor(
    private readonly ctx: NodeContext,
    private readonly policy: ProverPolicy,
    private readonly quotes: QuoteBook,
    private readonly jd: JobDistributorLike | null,
    private readonly publishMake: (q: SignedQuote) => Promise<void>,
  ) {}

  /** The Sidecar coordinator (this role runs in a Sidecar rollup only). */
  private get sidecar(): ProverCoordinator {
    if (this.ctx.coordinator === null) throw new Error("the Sidecar prover role needs a ProverCoordinator");
    return this.ctx.coordinator;
  }

  private get proverAddress(): string | null {
    return this.ctx.prover?.address ?? null;
  }

  private mine(address: string): boolean {
    const a = address.toLowerCase();
    return a === this.ctx.validator.address.toLowerCase() || a === this.proverAddress?.toLowerCase();
  }

  /** Whether the node may prove at all: a prover key, the prover role and a job distributor. */
  canProve(): boolean {
    return this.jd !== null && this.ctx.prover !== null && (this.ctx.identity.roles & 2) !== 0;
  }

  async onSlot(slot: bigint): Promise<void> {
    if (!this.canProve()) return;
    await this.scanEvents();
    const epoch = this.ctx.clock.epochOf(slot);
    // Claims first: the priority window is a few slots; a ticket can be entered any time in its epoch.
    const tips = await this.ctx.rollup.tips();
    const oldest =
      tips.pendingBlock > tips.provenBlock ? tips.oldestUnprovenSlot / this.ctx.deployment.epochSlots : epoch;
    const from = oldest > epoch - 4n ? oldest : epoch - 4n;
    for (let e = from < 0n ? 0n : from; e < epoch; e++) await this.consider(e, slot);
    await this.followClaims(slot);
    await this.enterTicket(epoch);
    await this.withdraw();
  }

  // ---------------------------------------------------------------- the prover lottery

  private async enterTicket(epoch: bigint): Promise<void> {
    const coordinator = this.sidecar;
    await enterProverTicket(this.ctx, coordinator, epoch, {
      minWinProbability: this.policy.ticketMinWinProbability,
      tried: this.ticketsTried,
      // Only the epoch's best ticket counts (the designated prover): one no better than the best so far is not sent.
      beaten: async (raceTime) => {
        const best = await coordinator.designatedProver(epoch);
        return !/^0x0+$/.test(best.pid) && best.raceTime <= raceTime;
      },
    });
  }

  // ---------------------------------------------------------------- deciding what to claim

  private async epochWork(epoch: bigint): Promise<EpochWork> {
    const known = this.work.get(epoch);
    if (known !== undefined) return known;
    const blocks = await getEpochBlocks(this.ctx.rollup, { epoch, fromBlock: this.ctx.deployment.fromBlock });
    const work = {
      blocks: blocks.length,
      chunks: blocks.reduce((n, b) => n + Math.ceil(Number(b.header.txCount) / 16), 0),
    };
    // An epoch's blocks are final once it is over (pruning only removes them): cache it.
    this.work.set(epoch, work);
    return work;
  }

  /** The capacity check for proving `epoch` before `deadline` (a slot). */
  async capacity(epoch: bigint, deadline: bigint, slot: bigint): Promise<CapacityAnswer> {
    const { chunks } = await this.epochWork(epoch);
    const status = this.jd?.status() as
      { workers?: { connected: boolean; meanProvingMs: number | null }[] } | undefined;
    return provingCapacity({
      chunks,
      slotsLeft: deadline - slot,
      msPerSlot: this.ctx.clock.msPerSlot(),
      workers: status?.workers ?? [],
      defaultProvingMs: this.policy.defaultProvingMs,
      margin: this.policy.capacityMargin,
    });
  }

  private refusal(epoch: bigint, what: string, answer: CapacityAnswer): void {
    this.ctx.log(
      "warn",
      "capacity-refused",
      `epoch ${epoch}: not ${what}: proving needs ~${Math.round(answer.needMs / 1000)} s with ${answer.workers} worker(s), ${Math.round(answer.haveMs / 1000)} s are left`,
      { epoch, needMs: Math.round(answer.needMs), haveMs: Math.round(answer.haveMs), workers: answer.workers },
    );
  }

  private async consider(epoch: bigint, slot: bigint): Promise<void> {
    const { store, identity } = this.ctx;
    const existing = store.claims.get(key(epoch));
    if (existing !== undefined && existing.status !== "lost") return;
    const status = await getEpochStatus(this.sidecar, { epoch });
    if (!status.awaitingProof) return;
    if (status.phase === "priority" && this.policy.designatedClaims && status.designatedProver !== null) {
      if (status.designatedProver.toLowerCase() === identity.pid.toLowerCase())
        await this.claimDesignated(status, slot);
    } else if (
      status.phase === "claim" &&
      this.policy.autoBidFee !== null &&
      store.bids.get(key(epoch)) === undefined
    ) {
      try {
        await this.submitEpochProofBid(epoch, this.policy.autoBidFee, "auto");
      } catch (error) {
        this.ctx.log("info", "bid-skipped", `epoch ${epoch}: no automatic bid (${errorReason(error)})`, { epoch });
      }
    } else if (status.phase === "openRace" && status.nextToProve && this.policy.minRescueReward !== null) {
      await this.rescue(status, slot);
    }
  }

  private breakerOpen(): boolean {
    return this.ctx.store.breaker().open;
  }

  private async claimDesignated(status: EpochStatus, slot: bigint): Promise<void> {
    const { epoch } = status;
    if (this.breakerOpen() || this.claiming.has(epoch)) return;
    this.claiming.add(epoch);
    try {
      const answer = await this.capacity(epoch, status.windows.proofDeadline, slot);
      if (!answer.ok) return this.refusal(epoch, "claiming as designated prover", answer);
      await this.claimDesignatedNow(status);
    } finally {
      this.claiming.delete(epoch);
    }
  }

  private async claimDesignatedNow(status: EpochStatus): Promise<void> {
    const { epoch } = status;
    await this.claim(
      epoch,
      "designated",
      status,
      this.ctx.deployment.minBond,
      Number(this.ctx.deployment.defaultProverFee),
      this.ctx.validator,
      () =>
        claimAsDesignatedProver(this.sidecar.connect(this.ctx.validator), {
          epoch,
          pid: this.ctx.identity.pid,
          salt: this.ctx.identity.salt,
        }),
    );
  }

  /**
   * Records the intent, sends the claim, records the outcome, and hands the epoch to the job distributor. The caller
   * has reserved the epoch in `claiming`.
   */
  private async claim(
    epoch: bigint,
    kind: ClaimKind,
    status: EpochStatus,
    bond: bigint,
    basisPointFee: number,
    signer: SerialSigner,
    send: () => Promise<{ receipt: { hash: string; gasUsed: bigint } }>,
  ): Promise<boolean> {
    const { store, log } = this.ctx;
    const { chunks } = await this.epochWork(epoch);
    const record: ClaimRecord = {
      epoch: epoch.toString(),
      kind,
      status: "claiming",
      txHash: null,
      bond: bond.toString(),
      basisPointFee,
      proofDeadline: status.windows.proofDeadline.toString(),
      finalDeadline: status.windows.finalDeadline.toString(),
      chunks,
      updatedAt: Date.now(),
    };
    await store.commit(() => store.claims.put(key(epoch), record));
    const method = kind === "designated" ? "claimAsDesignatedProver" : "claimProofRight";
    const selector = this.sidecar.interface.getFunction(method)!.selector;
    // The hash is stored the moment the claim reaches the chain, before it is mined: a node killed while it waits
    // finds it on restart and waits for that transaction instead of claiming again.
    const stored = (hash: string) =>
      store.commit(() => store.claims.put(key(epoch), { ...record, txHash: hash, updatedAt: Date.now() }));
    try {
      const { receipt } = await signer.withSentHook(selector, stored, send);
      await store.commit(() =>
        store.claims.put(key(epoch), { ...record, status: "claimed", txHash: receipt.hash, updatedAt: Date.now() }),
      );
      log(
        "info",
        "claimed",
        `epoch ${epoch}: claimed the proof right (${kind}, ${basisPointFee} bps, bond ${bond}); proving ${chunks} chunks`,
        { epoch, kind, basisPointFee, bond, chunks, gas: receipt.gasUsed, tx: receipt.hash },
      );
    } catch (error) {
      // The chain may still hold the claim (a timeout after the send): the next pass reconciles with epochClaim.
      const reason = errorReason(error);
      const stored = store.claims.get(key(epoch)) ?? record;
      const claimedBy = (await this.sidecar.epochClaim(epoch)).prover;
      if (this.mine(claimedBy)) {
        await store.commit(() => store.claims.put(key(epoch), { ...stored, status: "claimed", updatedAt: Date.now() }));
      } else if ((await this.reconcile(stored)) === "pending") {
        // Sent and not mined yet (the wait failed, not the claim): stays `claiming`, reconciled on a later pass.
        log("warn", "claim-pending", `epoch ${epoch}: the claim is still in flight (${reason})`, { epoch });
        return false;
      } else {
        await store.commit(() =>
          store.claims.put(key(epoch), { ...stored, status: "lost", note: reason, updatedAt: Date.now() }),
        );
        log("info", "claim-failed", `epoch ${epoch}: claim not taken (${reason})`, { epoch, kind, reason });
        return false;
      }
    }
    await this.prove(epoch);
    return true;
  }

  /** Hands an epoch to the embedded job distributor (idempotent). */
  private async prove(epoch: bigint): Promise<void> {
    const { store } = this.ctx;
    await this.jd!.serveEpoch(epoch);
    const record = store.claims.get(key(epoch));
    if (record !== undefined && record.status === "claimed") {
      await store.commit(() => store.claims.put(key(epoch), { ...record, status: "proving", updatedAt: Date.now() }));
    }
  }

  private async rescue(status: EpochStatus, slot: bigint): Promise<void> {
    const { epoch } = status;
    const { deployment, log, store } = this.ctx;
    const { blocks } = await this.epochWork(epoch);
    const rewards = BigInt(blocks) * deployment.blockReward;
    const share = deployment.defaultProverFee + deployment.submitterShare;
    const slashedBond = status.status === "Claimed" ? status.bond : 0n;
    const expected = (rewards * share) / 10_000n + (slashedBond * deployment.rescueShare) / 10_000n;
    if (expected < this.policy.minRescueReward!) return;
    const opened = status.status === "Claimed" ? status.windows.proofDeadline : status.windows.claimCloses;
    if (slot < opened + this.policy.rescueDelaySlots) return;
    const answer = await this.capacity(epoch, status.windows.finalDeadline, slot);
    if (!answer.ok) return this.refusal(epoch, "racing for it", answer);
    const record: ClaimRecord = {
      epoch: epoch.toString(),
      kind: "rescue",
      status: "proving",
      txHash: null,
      bond: "0",
      basisPointFee: Number(deployment.defaultProverFee),
      proofDeadline: status.windows.finalDeadline.toString(),
      finalDeadline: status.windows.finalDeadline.toString(),
      chunks: answer.workers,
      updatedAt: Date.now(),
    };
    record.chunks = (await this.epochWork(epoch)).chunks;
    await store.commit(() => store.claims.put(key(epoch), record));
    const whose = status.claimedBy !== null ? `${short(status.claimedBy)} missed its deadline` : "nobody claimed it";
    log("info", "rescue", `epoch ${epoch}: in the open race (${whose}); proving it for ~${expected} base units`, {
      epoch,
      expected,
      missedBy: status.claimedBy,
      slashedBond,
    });
    await this.prove(epoch);
  }

  // ---------------------------------------------------------------- seed 003: bids and countersigned quotes

  /**
   * Seed 003's `submitEpochProofBid`: signs a quote for `epoch` at `basisPointFee` with the prover key, keeps it and
   * publishes it on the make topic (at once if the epoch's claim phase is open, else when it opens).
   */
  async submitEpochProofBid(epoch: bigint, basisPointFee: number, source: "rpc" | "auto" = "rpc"): Promise<void> {
    const { store, deployment, log } = this.ctx;
    const coordinator = this.sidecar;
    if (!this.canProve()) {
      throw new NodeRpcError("NotAProver", "this node has no prover key, prover role or job distributor");
    }
    if (BigInt(basisPointFee) > deployment.maxQuoteFee) {
      throw invalidParams(
        "basisPointFee",
        `basisPointFee ${basisPointFee} is above the deployment's maximum ${deployment.maxQuoteFee}`,
        {
          max: Number(deployment.maxQuoteFee),
        },
      );
    }
    if (this.breakerOpen()) {
      throw new NodeRpcError("CircuitBreakerOpen", "the circuit breaker is open: a bond was slashed; reset it first", {
        breaker: store.breaker(),
      });
    }
    const { slot } = await this.ctx.clock.read();
    const current = this.ctx.clock.epochOf(slot);
    if (epoch > current) {
      throw new NodeRpcError("EpochNotClaimable", `epoch ${epoch} has not started (current epoch ${current})`, {
        epoch: epoch.toString(),
        currentEpoch: current.toString(),
      });
    }
    const status = await getEpochStatus(coordinator, { epoch });
    if (status.claimedBy !== null) {
      throw new NodeRpcError("AlreadyClaimed", `epoch ${epoch} is already claimed by ${status.claimedBy}`, {
        epoch: epoch.toString(),
        prover: status.claimedBy,
      });
    }
    const open =
      ["proposing", "priority", "claim"].includes(status.phase) && (epoch === current || status.awaitingProof);
    if (!open || epoch < current - 1n) {
      throw new NodeRpcError("EpochNotClaimable", `epoch ${epoch} cannot be bid for now (${status.phase})`, {
        epoch: epoch.toString(),
        phase: status.phase,
      });
    }
    if (epoch < current) {
      const answer = await this.capacity(epoch, status.windows.proofDeadline, slot);
      if (!answer.ok) {
        this.refusal(epoch, "bidding", answer);
        throw new NodeRpcError("InsufficientCapacity", `cannot prove epoch ${epoch} before its deadline`, {
          needMs: Math.round(answer.needMs),
          haveMs: Math.round(answer.haveMs),
          workers: answer.workers,
        });
      }
    }
    const bond = this.policy.bidBond ?? deployment.minBond;
    const prover = this.ctx.prover!;
    const token = contractAt("StakeToken", await this.ctx.rollup.stakeToken(), this.ctx.provider);
    const balance = await token.balanceOf(prover.address);
    if (balance < bond) {
      throw new NodeRpcError("InsufficientBond", `the prover key holds ${balance}, the bond is ${bond}`, {
        balance: balance.toString(),
        bond: bond.toString(),
      });
    }
    const quote = {
      prover: prover.address,
      epoch,
      basisPointFee: BigInt(basisPointFee),
      bond,
      validUntilSlot: status.windows.claimCloses - 1n,
    };
    const signed = await signQuote(prover, { domain: deployment.coordinatorDomain, quote });
    await store.commit(() =>
      store.bids.put(key(epoch), {
        epoch: epoch.toString(),
        basisPointFee,
        bond: bond.toString(),
        validUntilSlot: quote.validUntilSlot.toString(),
        prover: prover.address,
        signature: signed.signature,
        createdAt: Date.now(),
        source,
      }),
    );
    const message = { quote: signed.quote, proverSignature: signed.signature };
    this.quotes.add(message);
    log("info", "bid", `epoch ${epoch}: bid ${basisPointFee} bps with a bond of ${bond}`, {
      epoch,
      basisPointFee,
      bond,
      source,
    });
    await this.publishPendingBids(slot + (epoch === current ? this.ctx.deployment.epochSlots : 0n));
  }

  /**
   * Publishes this node's bid for the epoch in its claim phase until one publish succeeds: the gossip refuses a quote
   * before the claim window opens (after the priority window), and a restarted node publishes its stored bid again.
   */
  async publishPendingBids(slot: bigint): Promise<void> {
    const epoch = this.ctx.clock.epochOf(slot) - 1n;
    const bid = epoch < 0n ? undefined : this.ctx.store.bids.get(key(epoch));
    if (bid === undefined || this.published.has(bid.signature)) return;
    const message: SignedQuote = {
      quote: {
        prover: bid.prover,
        epoch,
        basisPointFee: BigInt(bid.basisPointFee),
        bond: BigInt(bid.bond),
        validUntilSlot: BigInt(bid.validUntilSlot),
      },
      proverSignature: bid.signature,
    };
    this.quotes.add(message);
    try {
      await this.publishMake(message);
      this.published.add(bid.signature);
      this.ctx.log("info", "bid-published", `epoch ${epoch}: quote at ${bid.basisPointFee} bps gossiped`, { epoch });
    } catch (error) {
      this.ctx.log("debug", "bid-not-published", `epoch ${epoch}: ${errorReason(error)}`, { epoch });
    }
  }

  /** A countersigned quote arrived (take topic): claims with it when it is this node's live bid. */
  async onTake(message: AcceptedQuote): Promise<void> {
    const { quote } = message;
    if (this.proverAddress === null || quote.prover.toLowerCase() !== this.proverAddress.toLowerCase()) return;
    const bid = this.ctx.store.bids.get(key(quote.epoch));
    if (bid === undefined || bid.signature !== message.proverSignature) return;
    const existing = this.ctx.store.claims.get(key(quote.epoch));
    if ((existing !== undefined && existing.status !== "lost") || this.claiming.has(quote.epoch)) return;
    if (this.breakerOpen()) return;
    // Reserved at once: two proposers countersigning the same quote in consecutive slots must not make two claims.
    this.claiming.add(quote.epoch);
    this.busy++;
    try {
      const { slot } = await this.ctx.clock.read();
      const status = await getEpochStatus(this.sidecar, { epoch: quote.epoch });
      if (status.phase !== "claim") return;
      const answer = await this.capacity(quote.epoch, status.windows.proofDeadline, slot);
      if (!answer.ok) return this.refusal(quote.epoch, "claiming with the countersigned quote", answer);
      await this.claim(quote.epoch, "quote", status, quote.bond, Number(quote.basisPointFee), this.ctx.prover!, () =>
        claimProofRight(this.sidecar.connect(this.ctx.prover!), {
          quote,
          proverSignature: message.proverSignature,
          proposerSignature: message.proposerSignature,
        }),
      );
    } catch (error) {
      this.ctx.log("warn", "claim-failed", `epoch ${quote.epoch}: ${errorReason(error)}`, { epoch: quote.epoch });
    } finally {
      this.claiming.delete(quote.epoch);
      this.busy--;
    }
  }

  // ---------------------------------------------------------------- following what it holds

  /** Reads the coordinator's events about this node's claims: proofs landed, bonds slashed (the circuit breaker). */
  private async scanEvents(): Promise<void> {
    const { provider, store, log, deployment } = this.ctx;
    const coordinator = this.sidecar;
    const head = await provider.getBlockNumber();
    if (this.scannedTo < 0)
      this.scannedTo = (store.meta.get("scannedTo") as number | undefined) ?? deployment.fromBlock - 1;
    const from = this.scannedTo + 1;
    if (from > head) return;
    // At most SCAN_BLOCKS per pass, so that a node far behind never asks an endpoint for more than it serves.
    const latest = Math.min(head, from + SCAN_BLOCKS - 1);
    const [slashed, proven] = await Promise.all([
      coordinator.queryFilter(coordinator.filters.BondSlashed(), from, latest),
      coordinator.queryFilter(coordinator.filters.EpochProven(), from, latest),
    ]);
    for (const event of proven) {
      const { epoch, prover, beneficiary, proverFee, submitterFee } = event.args;
      const record = store.claims.get(key(epoch));
      if (record === undefined || record.status === "proven") continue;
      const ours = this.mine(beneficiary) || this.mine(prover);
      const earned = (this.mine(prover) ? proverFee : 0n) + (this.mine(beneficiary) ? submitterFee : 0n);
      await store.commit(() =>
        store.claims.put(key(epoch), {
          ...record,
          status: ours ? "proven" : record.kind === "rescue" ? "lost" : record.status,
          proofTx: event.transactionHash,
          earned: earned.toString(),
          updatedAt: Date.now(),
        }),
      );
      if (ours) {
        log("info", "proven", `epoch ${epoch}: proof landed; earned ${earned}`, {
          epoch,
          earned,
          tx: event.transactionHash,
        });
      }
    }
    for (const event of slashed) {
      const { epoch, prover, rescuer, rescued, burned } = event.args;
      if (this.mine(rescuer)) {
        log(
          "info",
          "rescue-paid",
          `epoch ${epoch}: paid ${rescued} of ${short(prover)}'s slashed bond for the rescue`,
          {
            epoch,
            rescued,
          },
        );
      }
      if (!this.mine(prover)) continue;
      const record = store.claims.get(key(epoch));
      if (record?.status === "slashed") continue; // already seen (and maybe reset by the operator since)
      const breaker = { open: true, reason: `bond of epoch ${epoch} slashed (${rescued + burned})`, since: Date.now() };
      await store.commit(() => {
        store.meta.put("breaker", breaker);
        if (record !== undefined) store.claims.put(key(epoch), { ...record, status: "slashed", updatedAt: Date.now() });
      });
      log(
        "error",
        "breaker-open",
        `epoch ${epoch}: our bond was slashed; circuit breaker open: no more claims until reset`,
        {
          epoch,
          rescued,
          burned,
        },
      );
    }
    this.scannedTo = latest;
    await store.commit(() => store.meta.put("scannedTo", latest));
  }

  /** Keeps the JD on every epoch the node holds, and warns ahead of each deadline. */
  private async followClaims(slot: bigint): Promise<void> {
    const { store, log } = this.ctx;
    for (const { value: record } of store.claims.getRange()) {
      if (!["claiming", "claimed", "proving"].includes(record.status)) continue;
      const epoch = BigInt(record.epoch);
      if (this.claiming.has(epoch)) continue; // this process is sending its claim right now
      if (record.status === "claiming") {
        // Killed mid-claim: the chain says whether the claim went through. It is never sent again.
        const outcome = await this.reconcile(record);
        if (outcome === "pending") continue;
        await store.commit(() =>
          store.claims.put(key(epoch), {
            ...record,
            status: outcome,
            note: "reconciled after a restart",
            updatedAt: Date.now(),
          }),
        );
        log(
          "info",
          "claim-recovered",
          `epoch ${epoch}: after a restart the chain shows the claim ${outcome === "claimed" ? "held" : "not made"}`,
          {
            epoch,
            status: outcome,
            tx: record.txHash,
          },
        );
        if (outcome === "lost") continue;
      }
      await this.prove(epoch);
      const left = BigInt(record.proofDeadline) - slot;
      if (record.kind !== "rescue" && left <= this.policy.deadlineWarnSlots && this.warnedAt.get(epoch) !== slot) {
        this.warnedAt.set(epoch, slot);
        const jd = this.jd!.store.epochs.get(String(epoch)) as { status?: string } | undefined;
        log(
          left > 0n ? "warn" : "error",
          left > 0n ? "deadline-warning" : "deadline-missed",
          left > 0n
            ? `epoch ${epoch}: ${left} slot(s) left before the proof deadline (JD: ${jd?.status ?? "starting"})`
            : `epoch ${epoch}: the proof deadline passed; the bond is at stake`,
          { epoch, slotsLeft: left },
        );
      }
    }
  }

  /** What became of a claim this process did not see through: held, not made, or still in flight. */
  private async reconcile(record: ClaimRecord): Promise<"claimed" | "lost" | "pending"> {
    const { provider } = this.ctx;
    const coordinator = this.sidecar;
    const claim = await coordinator.epochClaim(BigInt(record.epoch));
    if (this.mine(claim.prover)) return "claimed";
    if (record.txHash !== null) {
      const receipt = await provider.getTransactionReceipt(record.txHash);
      if (receipt !== null) return "lost"; // mined, yet the claim is not ours: it reverted or was voided since
      return (await provider.getTransaction(record.txHash)) !== null ? "pending" : "lost";
    }
    // Killed between the intent and the send: a transaction of the key still unmined may be the claim.
    const account = record.kind === "designated" ? this.ctx.validator.address : this.proverAddress!;
    const [pending, latest] = await Promise.all([
      provider.getTransactionCount(account, "pending"),
      provider.getTransactionCount(account, "latest"),
    ]);
    return pending > latest ? "pending" : "lost";
  }

  private async withdraw(): Promise<void> {
    const accounts = [
      this.ctx.validator,
      ...(this.ctx.prover && this.ctx.prover.address !== this.ctx.validator.address ? [this.ctx.prover] : []),
    ];
    await withdrawCredits(this.ctx, this.sidecar, accounts, this.policy.withdrawAtLeast);
  }

  /** The node's claims, newest first. */
  claims(): ClaimRecord[] {
    return [...this.ctx.store.claims.getRange({ reverse: true })].map(({ value }) => value);
  }
}
