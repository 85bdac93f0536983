// The prover of an open-race rollup (seed 004's example, DESIGN §9). Each epoch it enters the prover lottery (the
// coordinator keeps the epoch's best tickets as the fallback's turn order; the best is the epoch's turn prover). Each
// slot it reads the provable prefix of the unproven chain and, while the race is open (or in its own fallback turn) and
// its policy says so, proves the prefix through its embedded job distributor (`serveChunks`, one call per epoch of the
// prefix), assembles its workers' chunk proofs into block proofs bound to its address and sends the state update.
// Another node updating first is normal in a race: logged (`state-update-lost`) and counted as wasted work; it goes on
// from the new proven tip. As an update's turn prover it proves the same headers and earns the redundancy reserve
// within the window; for its own updates it settles the reserves nobody earned. It flags the proving base fee when it
// is below its cost (the L1 signal), pays its workers from what each epoch's blocks earned it (`settleChunks`) and
// withdraws its credits. Every decision is committed to lmdb before its transaction and its outcome after, so a
// restart neither proves a prefix twice (the JD serves a chunk once) nor forgets an update, a reserve or a flag.
import { formatEther } from "ethers";
import {
  errorReason,
  flagPriceTooLow,
  getProofRight,
  getProposedBlock,
  getProvableBlocks,
  getProvingFee,
  settleRedundancy,
  submitRedundantProof,
  submitStateUpdate,
  type OpenRaceCoordinator,
  type ProposedBlock,
  type StateUpdateRecord,
} from "@blockage/client";
import type { JobDistributor } from "@blockage/job-distributor";
import { short, type NodeContext } from "../context";
import { key, type PrefixRecord, type RedundancyRecord } from "../store";
import { enterProverTicket } from "./prover-ticket";
import {
  blockProofs,
  chunkOrders,
  fittingPrefix,
  provingDecision,
  shouldFlag,
  splitByEpoch,
  type StateUpdatePolicy,
} from "./state-update-policy";
import { withdrawCredits } from "./withdraw";

/** The open-race prover's policy. */
export interface StateProverPolicy extends StateUpdatePolicy {
  /** Enter the prover lottery only with a ticket whose chance to be the epoch's best is at least this (0…1). */
  ticketMinWinProbability: number;
  /** Withdraw credited rewards once they reach this (base units). */
  withdrawAtLeast: bigint;
}

/** What the open-race prover needs of its embedded job distributor. */
export type StateJobDistributor = Pick<JobDistributor, "serveChunks" | "settleChunks" | "store" | "status">;

/** The most blocks of logs read in one pass. */
const SCAN_BLOCKS = 5_000;

/** The coordinator's parameters the role acts on, read once. */
interface RaceFacts {
  redundancyWindow: bigint;
  minActiveEpochs: bigint;
  turnProvers: number;
  maxChunks: number;
}

export class StateProver {
  private scannedTo = -1;
  private facts: RaceFacts | null = null;
  private readonly ticketsTried = new Set<bigint>();
  /** Epochs whose flag left `sending` by an earlier process this one has looked up. */
  private readonly flagsChecked = new Set<bigint>();
  /** Transactions in flight (the node is busy in its slot). */
  busy = 0;

  constructor(
    private readonly ctx: NodeContext,
    private readonly coordinator: OpenRaceCoordinator,
    private readonly policy: StateProverPolicy,
    private readonly jd: StateJobDistributor | null,
  ) {}

  /** The address every proof is bound to and paid: the operator's (its JD proves with the operator's key). */
  private get me(): string {
    return this.ctx.validator.address;
  }

  private mine(address: string): boolean {
    return address.toLowerCase() === this.me.toLowerCase();
  }

  /** Whether the node proves at all: the prover role and a job distributor. */
  canProve(): boolean {
    return this.jd !== null && (this.ctx.identity.roles & 2) !== 0;
  }

  private async raceFacts(): Promise<RaceFacts> {
    if (this.facts !== null) return this.facts;
    const cfg = await this.coordinator.config();
    const verifier = await this.ctx.rollup.config().then((c) => c.proofVerifier);
    const { contractAt } = await import("@blockage/client");
    const maxChunks = Number(await contractAt("EpochProofVerifier", verifier, this.ctx.provider).maxChunks());
    this.facts = {
      redundancyWindow: cfg.redundancyWindow,
      minActiveEpochs: cfg.minActiveEpochs,
      turnProvers: Number(await this.coordinator.TURN_PROVERS()),
      maxChunks,
    };
    return this.facts;
  }

  /** One slot's duties; `now` is the chain's head timestamp. */
  async onSlot(slot: bigint, now: bigint): Promise<void> {
    if (!this.canProve()) return;
    const epoch = this.ctx.clock.epochOf(slot);
    // The tips are read before the event scan: every update they count as proven has then been scanned, so the
    // workers of an epoch are never paid before what its blocks earned is booked.
    const tips = await this.ctx.rollup.tips();
    await this.scanEvents();
    await this.enterTicket(epoch);
    await this.race(slot);
    await this.redundancy(now);
    await this.flag(epoch);
    await this.payWorkers(epoch, tips);
    await withdrawCredits(this.ctx, this.coordinator, [this.ctx.validator], this.policy.withdrawAtLeast);
  }

  // ---------------------------------------------------------------- the prover lottery (the turn order)

  private async enterTicket(epoch: bigint): Promise<void> {
    const { turnProvers } = await this.raceFacts();
    await enterProverTicket(this.ctx, this.coordinator, epoch, {
      minWinProbability: this.policy.ticketMinWinProbability,
      tried: this.ticketsTried,
      // A ticket counts while it makes the epoch's turn order: it is not sent when the order is full and its last
      // place is better (or when this node already holds a place).
      beaten: async (raceTime) => {
        const order = await this.coordinator.turnOrder(epoch);
        if (order.some((t) => t.pid.toLowerCase() === this.ctx.identity.pid.toLowerCase())) return true;
        return order.length >= turnProvers && order[order.length - 1]!.raceTime <= raceTime;
      },
    });
  }

  // ---------------------------------------------------------------- events: updates and reserves

  /** Reads new `StateUpdated`, `RedundancyRewarded` and `RedundancyReleased` events into the node's records. */
  private async scanEvents(): Promise<void> {
    const { provider, deployment, store, log } = this.ctx;
    const head = await provider.getBlockNumber();
    const { redundancyWindow } = await this.raceFacts();
    let from = this.scannedTo < 0 ? deployment.fromBlock : this.scannedTo + 1;
    while (from <= head) {
      const to = Math.min(head, from + SCAN_BLOCKS - 1);
      const c = this.coordinator;
      const [updates, rewarded, released] = await Promise.all([
        c.queryFilter(c.filters.StateUpdated(), from, to),
        c.queryFilter(c.filters.RedundancyRewarded(), from, to),
        c.queryFilter(c.filters.RedundancyReleased(), from, to),
      ]);
      for (const ev of updates) {
        const a = ev.args;
        const update = {
          transition: a.transition,
          prover: a.prover,
          turnProver: a.turnProver,
          reserve: a.reserve.toString(),
          time: a.time.toString(),
        };
        const lastSlot = (await this.ctx.rollup.blockRecord(a.toBlock)).slot;
        const base = {
          updateId: a.updateId.toString(),
          fromBlock: a.fromBlock.toString(),
          toBlock: a.toBlock.toString(),
          update,
          epoch: (lastSlot / deployment.epochSlots).toString(),
          closesAt: (a.time + redundancyWindow).toString(),
          updatedAt: Date.now(),
        };
        const id = key(a.updateId);
        if (this.mine(a.prover)) {
          await this.ownUpdateLanded(a.fromBlock, a.updateId, a.proverReward, ev.transactionHash);
          if (a.reserve > 0n && store.redundancy.get(id) === undefined) {
            await store.commit(() => store.redundancy.put(id, { ...base, kind: "held", status: "held" }));
          }
        } else if (this.mine(a.turnProver) && a.reserve > 0n && store.redundancy.get(id) === undefined) {
          await store.commit(() => store.redundancy.put(id, { ...base, kind: "owed", status: "pending" }));
          log(
            "info",
            "redundancy-owed",
            `update ${a.updateId} (blocks ${a.fromBlock}–${a.toBlock}) by ${short(a.prover)}: as its turn prover, proving the same transition for its reserve of ${formatEther(a.reserve)}`,
            { updateId: a.updateId, fromBlock: a.fromBlock, toBlock: a.toBlock, reserve: a.reserve },
          );
        }
      }
      for (const ev of rewarded) await this.reserveEnded(ev.args.updateId, "rewarded", ev.transactionHash);
      for (const ev of released) await this.reserveEnded(ev.args.updateId, "settled", ev.transactionHash);
      this.scannedTo = to;
      from = to + 1;
    }
  }

  /** A `StateUpdated` of this node's: its prefix record says so, and the reward is booked to its blocks' epochs. */
  private async ownUpdateLanded(fromBlock: bigint, updateId: bigint, reward: bigint, tx: string): Promise<void> {
    const { store } = this.ctx;
    const record = store.prefixes.get(key(fromBlock));
    if (record === undefined || record.status === "updated") return;
    const blocks = record.blocks.map((b) => ({ epoch: BigInt(b.epoch), txCount: b.txCount }));
    await store.commit(() => {
      store.prefixes.put(key(fromBlock), {
        ...record,
        status: "updated",
        updateId: updateId.toString(),
        earned: reward.toString(),
        txHash: tx,
        updatedAt: Date.now(),
      });
      for (const [epoch, amount] of splitByEpoch(blocks, reward)) this.book(epoch, amount, tx);
    });
  }

  /** Adds `amount` to what an epoch's blocks earned (inside a commit). */
  private book(epoch: bigint, amount: bigint, tx: string): void {
    const { store } = this.ctx;
    const known = store.earnings.get(key(epoch));
    store.earnings.put(key(epoch), {
      epoch: epoch.toString(),
      earned: (BigInt(known?.earned ?? "0") + amount).toString(),
      tx,
      settled: known?.settled ?? false,
    });
  }

  /** A reserve was paid: to the turn prover (`rewarded`) or released to the update's prover (`settled`). */
  private async reserveEnded(updateId: bigint, how: "rewarded" | "settled", tx: string): Promise<void> {
    const { store, log } = this.ctx;
    const record = store.redundancy.get(key(updateId));
    if (record === undefined || ["rewarded", "settled", "missed"].includes(record.status)) return;
    const earnedHere = (record.kind === "owed" && how === "rewarded") || (record.kind === "held" && how === "settled");
    const status = record.kind === "owed" && how === "settled" ? "missed" : how;
    await store.commit(() => {
      store.redundancy.put(key(updateId), { ...record, status, txHash: tx, updatedAt: Date.now() });
      if (earnedHere) this.book(BigInt(record.epoch), BigInt(record.update.reserve), tx);
    });
    if (record.kind === "owed" && how === "settled") {
      log("warn", "redundancy-missed", `update ${updateId}: the window closed before our redundant proof; settled`, {
        updateId,
      });
    } else if (record.kind === "owed" && how === "rewarded") {
      log(
        "info",
        "redundant-proof",
        `update ${updateId}: redundant proof accepted; earned ${formatEther(record.update.reserve)}`,
        {
          updateId,
          reward: record.update.reserve,
          tx,
        },
      );
    } else if (record.kind === "held" && how === "settled") {
      log(
        "info",
        "redundancy-settled",
        `update ${updateId}: reserve of ${formatEther(record.update.reserve)} released to us`,
        {
          updateId,
          amount: record.update.reserve,
          tx,
        },
      );
    }
  }

  // ---------------------------------------------------------------- the race for the next state update

  /** The prefix this node is proving or sending, if any (one at a time: each starts at the proven tip). */
  private inFlight(): PrefixRecord | undefined {
    for (const { value } of this.ctx.store.prefixes.getRange({ reverse: true })) {
      if (value.status === "proving" || value.status === "sending") return value;
      break;
    }
    return undefined;
  }

  private async race(slot: bigint): Promise<void> {
    const { rollup, deployment, log, store } = this.ctx;
    const [{ blocks }, right, tips] = await Promise.all([
      getProvableBlocks(rollup, { fromBlock: deployment.fromBlock }),
      getProofRight(this.coordinator),
      rollup.tips(),
    ]);
    const current = this.inFlight();
    if (current !== undefined) {
      const from = BigInt(current.fromBlock);
      const same =
        tips.provenBlock === from - 1n &&
        current.blocks.every((b, i) => blocks[i]?.headerHash.toLowerCase() === b.headerHash.toLowerCase());
      if (!same) {
        // Its first block was proven by another update (or a block of it replaced): the race is lost; its chunks
        // already proven are kept by the JD and reused if the blocks are proven again (or for a redundant proof).
        await this.scanEvents();
        const again = store.prefixes.get(key(from))!;
        if (again.status === "updated") return;
        const note =
          tips.provenBlock >= from ? `blocks up to ${tips.provenBlock} were proven first` : "its blocks changed";
        await store.commit(() =>
          store.prefixes.put(key(from), { ...again, status: "lost", note, updatedAt: Date.now() }),
        );
        // Wasted: the chunks of blocks proven by the other update, unless this node proves them again as its turn
        // prover (a redundant proof reuses them); the chunks of blocks still unproven are reused by the next prefix.
        const owed = [...store.redundancy.getRange()].map((r) => r.value).filter((r) => r.kind === "owed");
        const wasted = current.blocks.filter((b) => {
          const n = BigInt(b.blockNumber);
          return n <= tips.provenBlock && !owed.some((r) => BigInt(r.fromBlock) <= n && n <= BigInt(r.toBlock));
        });
        const chunks = wasted.reduce((n, b) => n + b.chunkIds.length, 0);
        log(
          "info",
          "state-update-lost",
          `blocks ${current.fromBlock}–${current.toBlock}: another update came first (${note}); ${chunks} chunk proof(s) wasted`,
          {
            fromBlock: current.fromBlock,
            toBlock: current.toBlock,
            wastedChunks: chunks,
            wastedBlocks: wasted.length,
          },
        );
      } else {
        await this.submitWhenReady(current, blocks, right);
        return;
      }
    }
    const decision = provingDecision({
      blocks: blocks.length,
      oldestSlot: blocks[0]?.header.slot ?? null,
      slot,
      right,
      me: this.me,
      policy: this.policy,
    });
    if (!decision.prove) return;
    const { maxChunks } = await this.raceFacts();
    const prefix = fittingPrefix(blocks, maxChunks);
    await this.prove(prefix, slot, decision.reason);
  }

  /**
   * Hands the blocks' chunks to the JD (one `serveChunks` call per epoch; a chunk served before keeps its job and
   * result) and returns each block with the chunk ids its chunks are served under.
   */
  private async serve(blocks: readonly ProposedBlock[]): Promise<PrefixRecord["blocks"]> {
    const { epochSlots } = this.ctx.deployment;
    const orders = chunkOrders(blocks, epochSlots);
    const ids = new Map<string, number>();
    for (const [epoch, list] of orders) {
      for (const s of await this.jd!.serveChunks(epoch, list)) {
        ids.set(`${s.headerHash.toLowerCase()}:${s.chunk}`, s.chunkId);
      }
    }
    return blocks.map((b) => {
      const epoch = b.header.slot / epochSlots;
      return {
        blockNumber: b.blockNumber.toString(),
        headerHash: b.headerHash,
        epoch: epoch.toString(),
        txCount: Number(b.header.txCount),
        chunkIds: orders
          .get(epoch)!
          .filter((o) => o.headerHash === b.headerHash)
          .map((o) => ids.get(`${b.headerHash.toLowerCase()}:${o.chunk}`)!),
      };
    });
  }

  /** Proves a prefix through the JD and commits it as in flight. */
  private async prove(prefix: ProposedBlock[], slot: bigint, reason: string): Promise<void> {
    const { store, log } = this.ctx;
    const record: PrefixRecord = {
      fromBlock: prefix[0]!.blockNumber.toString(),
      toBlock: prefix[prefix.length - 1]!.blockNumber.toString(),
      blocks: await this.serve(prefix),
      status: "proving",
      slot: slot.toString(),
      updatedAt: Date.now(),
    };
    await store.commit(() => store.prefixes.put(key(record.fromBlock), record));
    log(
      "info",
      "prefix-proving",
      `slot ${slot}: proving blocks ${record.fromBlock}–${record.toBlock} for a state update (${reason})`,
      { slot, fromBlock: record.fromBlock, toBlock: record.toBlock, reason },
    );
  }

  /** The chunk results of a JD's `chunks` epoch record. */
  private result = (epoch: bigint, chunkId: number) => this.jd!.store.results.get(`${epoch}:${chunkId}`);

  private async submitWhenReady(
    record: PrefixRecord,
    blocks: ProposedBlock[],
    right: { open: boolean; turnProver?: string },
  ): Promise<void> {
    const { store, log, validator } = this.ctx;
    if (!right.open && !this.mine(right.turnProver ?? "")) return; // another prover's turn: wait for the race
    const headers = record.blocks.map((_, i) => blocks[i]!.header);
    const proof = blockProofs(
      record.blocks.map((b, i) => ({ header: headers[i]!, epoch: BigInt(b.epoch), chunkIds: b.chunkIds })),
      this.result,
      this.me,
    );
    if (proof === null) return;
    const k = key(record.fromBlock);
    await store.commit(() => store.prefixes.put(k, { ...record, status: "sending", updatedAt: Date.now() }));
    this.busy++;
    try {
      const sent = await submitStateUpdate(this.coordinator.connect(validator) as OpenRaceCoordinator, {
        headers,
        proof,
      });
      await this.ownUpdateLanded(sent.fromBlock, sent.updateId, sent.proverReward, sent.hash);
      log(
        "info",
        "state-update",
        `blocks ${sent.fromBlock}–${sent.toBlock} proven (update ${sent.updateId}${right.open ? "" : ", in our fallback turn"}): earned ${formatEther(sent.proverReward)} of ${formatEther(sent.provingFees)} proving fees${sent.update.reserve > 0n ? `, ${formatEther(sent.update.reserve)} reserved for turn prover ${short(sent.update.turnProver)}` : ""}`,
        {
          updateId: sent.updateId,
          fromBlock: sent.fromBlock,
          toBlock: sent.toBlock,
          provingFees: sent.provingFees,
          proverReward: sent.proverReward,
          reserve: sent.update.reserve,
          turnProver: sent.update.turnProver,
          turn: !right.open,
          gas: sent.receipt.gasUsed,
          tx: sent.hash,
        },
      );
    } catch (error) {
      // Lost to an update mined first (the next slot sees it and says so), or refused: proven again next slot.
      const reason = errorReason(error);
      await store.commit(() =>
        store.prefixes.put(k, { ...record, status: "proving", note: reason, updatedAt: Date.now() }),
      );
      log(
        "info",
        "state-update-refused",
        `blocks ${record.fromBlock}–${record.toBlock}: update not taken (${reason})`,
        {
          fromBlock: record.fromBlock,
          toBlock: record.toBlock,
          reason,
        },
      );
    } finally {
      this.busy--;
    }
  }

  // ---------------------------------------------------------------- redundancy

  private async redundancy(now: bigint): Promise<void> {
    const { store } = this.ctx;
    for (const { value } of store.redundancy.getRange()) {
      if (value.kind === "owed" && ["pending", "proving", "sending"].includes(value.status)) {
        await this.proveRedundant(value, now);
      } else if (value.kind === "held" && value.status === "held" && now > BigInt(value.closesAt)) {
        await this.settle(value);
      }
    }
  }

  /** The headers of blocks `from`..`to` (proven: their records stay on the rollup). */
  private async headersOf(from: bigint, to: bigint): Promise<ProposedBlock[]> {
    const out: ProposedBlock[] = [];
    for (let n = from; n <= to; n++) {
      out.push(await getProposedBlock(this.ctx.rollup, { blockNumber: n, fromBlock: this.ctx.deployment.fromBlock }));
    }
    return out;
  }

  private async proveRedundant(record: RedundancyRecord, now: bigint): Promise<void> {
    const { store, log, validator } = this.ctx;
    const k = key(record.updateId);
    if (now > BigInt(record.closesAt)) {
      await store.commit(() =>
        store.redundancy.put(k, { ...record, status: "missed", note: "the window closed", updatedAt: Date.now() }),
      );
      log("warn", "redundancy-missed", `update ${record.updateId}: the redundancy window closed before our proof`, {
        updateId: record.updateId,
      });
      return;
    }
    const blocks = await this.headersOf(BigInt(record.fromBlock), BigInt(record.toBlock));
    if (record.status === "pending") {
      const served = await this.serve(blocks);
      await store.commit(() =>
        store.redundancy.put(k, { ...record, status: "proving", blocks: served, updatedAt: Date.now() }),
      );
      return;
    }
    const proof = blockProofs(
      record.blocks!.map((b, i) => ({ header: blocks[i]!.header, epoch: BigInt(b.epoch), chunkIds: b.chunkIds })),
      this.result,
      this.me,
    );
    if (proof === null) return;
    await store.commit(() => store.redundancy.put(k, { ...record, status: "sending", updatedAt: Date.now() }));
    this.busy++;
    try {
      const sent = await submitRedundantProof(this.coordinator.connect(validator) as OpenRaceCoordinator, {
        updateId: BigInt(record.updateId),
        update: recordOf(record),
        headers: blocks.map((b) => b.header),
        proof,
      });
      await this.reserveEnded(sent.updateId, "rewarded", sent.hash);
    } catch (error) {
      const reason = errorReason(error);
      const final = /UnknownUpdate|WindowClosed|NotSameTransition|NotTurnProver/.test(reason);
      await store.commit(() =>
        store.redundancy.put(k, {
          ...record,
          status: final ? "missed" : "proving",
          note: reason,
          updatedAt: Date.now(),
        }),
      );
      log("warn", "redundant-proof-refused", `update ${record.updateId}: redundant proof not taken (${reason})`, {
        updateId: record.updateId,
      });
    } finally {
      this.busy--;
    }
  }

  /** Settles a reserve of this node's update that nobody earned within the window. */
  private async settle(record: RedundancyRecord): Promise<void> {
    const { validator } = this.ctx;
    if (BigInt(await this.coordinator.stateUpdateHash(record.updateId)) === 0n) return; // paid: the events tell how
    this.busy++;
    try {
      const sent = await settleRedundancy(this.coordinator.connect(validator) as OpenRaceCoordinator, {
        updateId: BigInt(record.updateId),
        update: recordOf(record),
      });
      await this.reserveEnded(sent.updateId, "settled", sent.hash);
    } catch (error) {
      this.ctx.log("debug", "settle-skipped", `update ${record.updateId}: ${errorReason(error)}`);
    } finally {
      this.busy--;
    }
  }

  // ---------------------------------------------------------------- the L1 signal

  private async flag(epoch: bigint): Promise<void> {
    const { store, log, validator } = this.ctx;
    if (this.policy.maxProvingCostPerTx === null) return;
    const known = store.flags.get(key(epoch));
    if (known !== undefined) {
      // A flag left `sending` by a killed process is looked up once: if it landed, the record says so; if not, it is
      // sent again below (a second flag in one epoch would only revert with OpenRace__AlreadyFlagged).
      if (known.status !== "sending" || this.flagsChecked.has(epoch)) return;
      this.flagsChecked.add(epoch);
      const landed = await this.coordinator.queryFilter(
        this.coordinator.filters.PriceFlagged(epoch, this.me),
        this.ctx.deployment.fromBlock,
      );
      if (landed.length > 0) {
        const tx = landed[0]!.transactionHash;
        await store.commit(() => store.flags.put(key(epoch), { ...known, status: "sent", txHash: tx }));
        log("info", "price-flag-found", `epoch ${epoch}: our flag sent before a restart had landed (${tx})`, {
          epoch,
          tx,
        });
        return;
      }
    }
    const [{ fee }, active, { minActiveEpochs }] = await Promise.all([
      getProvingFee(this.coordinator),
      this.coordinator.activeEpochs(this.me),
      this.raceFacts(),
    ]);
    if (
      !shouldFlag({
        fee,
        maxProvingCostPerTx: this.policy.maxProvingCostPerTx,
        activeEpochs: active,
        minActiveEpochs,
        flaggedThisEpoch: false,
      })
    ) {
      return;
    }
    const record = {
      epoch: epoch.toString(),
      fee: fee.toString(),
      cost: this.policy.maxProvingCostPerTx.toString(),
      status: "sending" as const,
      txHash: null,
    };
    await store.commit(() => store.flags.put(key(epoch), record));
    this.busy++;
    try {
      const sent = await flagPriceTooLow(this.coordinator.connect(validator) as OpenRaceCoordinator);
      await store.commit(() => store.flags.put(key(epoch), { ...record, status: "sent", txHash: sent.hash }));
      log(
        "info",
        "price-flagged",
        `epoch ${sent.epoch}: flagged the proving base fee ${formatEther(fee)} as below our cost ${formatEther(this.policy.maxProvingCostPerTx)} per tx (${sent.flags} flag(s))`,
        { epoch: sent.epoch, fee, cost: this.policy.maxProvingCostPerTx, flags: sent.flags, tx: sent.hash },
      );
    } catch (error) {
      const reason = errorReason(error);
      await store.commit(() => store.flags.put(key(epoch), { ...record, status: "failed", note: reason }));
      log("info", "flag-refused", `epoch ${epoch}: flag not taken (${reason})`, { epoch });
    } finally {
      this.busy--;
    }
  }

  // ---------------------------------------------------------------- paying the workers

  /**
   * Ends the JD's record of each past epoch whose blocks are all proven and whose reserves are all decided: its workers
   * are paid from what the epoch's blocks earned this node (`settleChunks`). `tips` were read before this slot's
   * event scan (see onSlot).
   */
  private async payWorkers(
    current: bigint,
    tips: { pendingBlock: bigint; provenBlock: bigint; oldestUnprovenSlot: bigint },
  ): Promise<void> {
    const { store, deployment, log } = this.ctx;
    const oldestUnproven =
      tips.pendingBlock > tips.provenBlock ? tips.oldestUnprovenSlot / deployment.epochSlots : current + 1n;
    const busy = new Set<string>();
    for (const { value } of store.prefixes.getRange()) {
      if (value.status === "proving" || value.status === "sending") value.blocks.forEach((b) => busy.add(b.epoch));
    }
    for (const { value } of store.redundancy.getRange()) {
      if (!["rewarded", "missed", "settled"].includes(value.status)) busy.add(value.epoch);
    }
    for (const { value } of this.jd!.store.epochs.getRange()) {
      if (value.mode !== "chunks" || value.status !== "proving") continue;
      const epoch = BigInt(value.epoch);
      if (epoch >= current || epoch >= oldestUnproven || busy.has(value.epoch)) continue;
      const earnings = store.earnings.get(key(epoch));
      const earned = BigInt(earnings?.earned ?? "0");
      await this.jd!.settleChunks(epoch, earned, earnings?.tx ?? "0x" + "00".repeat(32));
      await store.commit(() =>
        store.earnings.put(key(epoch), {
          epoch: epoch.toString(),
          earned: earned.toString(),
          tx: earnings?.tx ?? null,
          settled: true,
        }),
      );
      log(
        "info",
        "workers-paid",
        `epoch ${epoch}: its blocks earned us ${formatEther(earned)}; paying the workers from it`,
        {
          epoch,
          earned,
        },
      );
    }
  }
}

/** A stored reserve's record as the contract takes it. */
function recordOf(record: RedundancyRecord): StateUpdateRecord {
  const u = record.update;
  return {
    transition: u.transition,
    prover: u.prover,
    turnProver: u.turnProver,
    reserve: BigInt(u.reserve),
    time: BigInt(u.time),
  };
}
