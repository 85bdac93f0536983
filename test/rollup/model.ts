// A reference model of the rollup's pending chain and the coordinator's claims, written from the protocol's rules
// (DESIGN.md §5, seeds 002/003) rather than from the contracts, for the randomized test: it says which action must
// succeed, and what the chain, the escrow, the bonds and the credits must be afterwards.
import { COORDINATOR_CONFIG, type Header, ROLLUP_CONFIG, expectedPayout } from "./fixtures";
import { EPOCH_SLOTS } from "../registry/helpers";

/** A block on the pending chain (or a pruned one still in the ring). */
export interface ModelBlock {
  number: bigint;
  slot: bigint;
  header: Header;
  hash: string;
  txs: bigint[];
  /** Operator credited for the block (and refunded its fees). */
  proposer: string;
  pid: string;
  fees: bigint;
  /** Its own transition is honest: newState = fold(prevState, txs) and the commitments match. */
  valid: boolean;
  /** It and every block below it down to the proven tip are valid: only such blocks can be proven. */
  sound: boolean;
}

export type ClaimState = "Claimed" | "Proven" | "Slashed";

export interface ModelClaim {
  epoch: bigint;
  prover: string;
  bond: bigint;
  fee: bigint;
  status: ClaimState;
}

export const RING_OF_CLAIMS = BigInt(ROLLUP_CONFIG.finalDeadlineSlots) / EPOCH_SLOTS + 2n;
export const BPS = 10_000n;

export const epochOf = (slot: bigint): bigint => slot / EPOCH_SLOTS;

/** Slot windows of `epoch`'s claim (IProverCoordinator.epochWindows). */
export function windowsOf(epoch: bigint) {
  const opens = (epoch + 1n) * EPOCH_SLOTS;
  return {
    opens,
    priorityEnds: opens + BigInt(COORDINATOR_CONFIG.priorityWindowSlots),
    claimCloses: opens + BigInt(COORDINATOR_CONFIG.claimWindowSlots),
    proofDeadline: opens + BigInt(COORDINATOR_CONFIG.proofDeadlineSlots),
    finalDeadline: opens + BigInt(ROLLUP_CONFIG.finalDeadlineSlots),
  };
}

export class ChainModel {
  /** Unproven blocks on the pending chain, oldest first. */
  chain: ModelBlock[] = [];
  proven: { number: bigint; slot: bigint; state: bigint; hash: string };
  /** Ring of block records: what each entry holds (for refunds of pruned blocks' fees). */
  readonly ring = new Map<bigint, { number: bigint; fees: bigint; proposer: string; pruned: boolean }>();
  readonly claims = new Map<bigint, ModelClaim>();
  readonly credits = new Map<string, bigint>();
  readonly provenEpochs = new Set<bigint>();
  /** Token balance of every account the run touches. */
  readonly balances = new Map<string, bigint>();
  totalBonds = 0n;
  /** How many times the pending chain was pruned at a final deadline. */
  pruneCount = 0;

  constructor(
    readonly ringSize: bigint,
    genesis: { state: bigint; hash: string },
    readonly accounts: { rollup: string; coordinator: string; pool: string; burn: string; registry: string },
    balances: Map<string, bigint>,
  ) {
    this.proven = { number: 0n, slot: 0n, state: genesis.state, hash: genesis.hash };
    for (const [account, balance] of balances) this.balances.set(account, balance);
  }

  /** A token transfer. */
  move(from: string, to: string, amount: bigint): void {
    if (amount === 0n) return;
    const balance = this.balances.get(from);
    if (balance === undefined || balance < amount) throw new Error(`model: ${from} cannot pay ${amount}`);
    this.balances.set(from, balance - amount);
    this.balances.set(to, (this.balances.get(to) ?? 0n) + amount);
  }

  get pendingBlock(): bigint {
    return this.chain.length === 0 ? this.proven.number : this.chain[this.chain.length - 1].number;
  }

  get tip(): { number: bigint; slot: bigint; state: bigint; hash: string; parentState: bigint } {
    const last = this.chain[this.chain.length - 1];
    if (last === undefined) return { ...this.proven, parentState: -1n };
    return {
      number: last.number,
      slot: last.slot,
      state: last.header.newState,
      hash: last.hash,
      parentState: last.header.prevState,
    };
  }

  /** The parent a block of the tip's slot replaces onto (the tip's parent). */
  get tipParent(): { hash: string; state: bigint } {
    const below = this.chain[this.chain.length - 2];
    if (below !== undefined) return { hash: below.hash, state: below.header.newState };
    return { hash: this.proven.hash, state: this.proven.state };
  }

  escrowed(): bigint {
    let total = 0n;
    for (const r of this.ring.values()) total += r.fees;
    return total;
  }

  owed(): bigint {
    let total = 0n;
    for (const v of this.credits.values()) total += v;
    return total;
  }

  credit(account: string, amount: bigint): void {
    if (amount === 0n) return;
    this.credits.set(account, (this.credits.get(account) ?? 0n) + amount);
  }

  /** `account` withdraws its credits to `to`. */
  withdraw(account: string, to: string): bigint {
    const amount = this.credits.get(account) ?? 0n;
    this.credits.delete(account);
    this.move(this.accounts.coordinator, to, amount);
    return amount;
  }

  /** An invalid block proven: its proposer's stake slashed through the registry, the reporter's share paid, the
   *  rest burned, the block and its descendants dropped and the claim on its epoch voided. */
  challenge(index: number, slashed: bigint, reporter: string): void {
    const bad = this.chain[index];
    this.dropFrom(index);
    const reward = (slashed * BigInt(ROLLUP_CONFIG.reporterShare)) / BPS;
    this.move(this.accounts.registry, reporter, reward);
    this.move(this.accounts.registry, this.accounts.burn, slashed - reward);
    this.voidClaim(epochOf(bad.slot));
  }

  /** The prune every chain-touching call runs first: drops the unproven blocks once the oldest one's epoch is
   *  past its final deadline. Returns whether it pruned. */
  pruneIfDue(slot: bigint): boolean {
    const oldest = this.chain[0];
    if (oldest === undefined || slot < windowsOf(epochOf(oldest.slot)).finalDeadline) return false;
    this.dropFrom(0);
    this.pruneCount += 1;
    return true;
  }

  /** Drops chain blocks from index `i` on (pruned: their records keep their fees until refunded or reused). */
  dropFrom(i: number): ModelBlock[] {
    const dropped = this.chain.splice(i);
    for (const b of dropped) this.ring.get(b.number % this.ringSize)!.pruned = true;
    return dropped;
  }

  /** Writes a new block's record, refunding a pruned occupant's fees. */
  private writeRecord(b: { number: bigint; fees: bigint; proposer: string }): void {
    const index = b.number % this.ringSize;
    const occupant = this.ring.get(index);
    if (occupant !== undefined && occupant.pruned) this.refund(index);
    this.ring.set(index, { number: b.number, fees: b.fees, proposer: b.proposer, pruned: false });
  }

  refund(index: bigint): bigint {
    const r = this.ring.get(index)!;
    const fees = r.fees;
    this.move(this.accounts.rollup, r.proposer, fees);
    r.fees = 0n;
    return fees;
  }

  /** A new block on top of the tip, its fees escrowed from `payer`. */
  append(b: ModelBlock, payer: string): void {
    this.writeRecord(b);
    this.chain.push(b);
    this.move(payer, this.accounts.rollup, b.fees);
  }

  /** The tip's slot block replaced by a better entry: the incumbent's fees refunded. */
  replaceTip(b: ModelBlock, payer: string): void {
    this.refund(b.number % this.ringSize);
    this.chain[this.chain.length - 1] = b;
    this.ring.set(b.number % this.ringSize, { number: b.number, fees: b.fees, proposer: b.proposer, pruned: false });
    this.move(payer, this.accounts.rollup, b.fees);
  }

  /** A based block: proven at once, its fees kept off-chain, a block reward credited to its proof's prover. */
  appendBased(b: { number: bigint; slot: bigint; state: bigint; hash: string; prover: string }, reward: bigint) {
    this.writeRecord({ number: b.number, fees: 0n, proposer: b.prover });
    this.proven = { number: b.number, slot: b.slot, state: b.state, hash: b.hash };
    this.move(this.accounts.pool, this.accounts.coordinator, reward);
    this.credit(b.prover, reward);
  }

  /** The blocks an epoch proof of `epoch` must cover: the chain's prefix in that epoch. */
  epochBlocks(epoch: bigint): ModelBlock[] {
    const blocks: ModelBlock[] = [];
    for (const b of this.chain) {
      if (epochOf(b.slot) !== epoch) break;
      blocks.push(b);
    }
    return blocks;
  }

  claimOf(epoch: bigint): ModelClaim | undefined {
    const c = this.claims.get(epoch % RING_OF_CLAIMS);
    return c?.epoch === epoch ? c : undefined;
  }

  /** A claim recorded: an older claim still unsettled in the same ring entry is slashed to the pool first. */
  recordClaim(claim: Omit<ModelClaim, "status">): void {
    const stale = this.claims.get(claim.epoch % RING_OF_CLAIMS);
    if (stale !== undefined && stale.status === "Claimed") this.slash(stale, this.accounts.pool, true);
    this.claims.set(claim.epoch % RING_OF_CLAIMS, { ...claim, status: "Claimed" });
    this.totalBonds += claim.bond;
    this.move(claim.prover, this.accounts.coordinator, claim.bond);
  }

  /** A missed claim's bond: the rescue share to `rescuer` (sent to the pool, credited to anyone else), the rest
   *  burned. */
  slash(claim: ModelClaim, rescuer: string, toPool: boolean): void {
    const rescued = (claim.bond * BigInt(COORDINATOR_CONFIG.rescueShare)) / BPS;
    claim.status = "Slashed";
    this.totalBonds -= claim.bond;
    if (toPool) this.move(this.accounts.coordinator, rescuer, rescued);
    else this.credit(rescuer, rescued);
    this.move(this.accounts.coordinator, this.accounts.burn, claim.bond - rescued);
  }

  /** A claim on an epoch whose block was shown invalid: deleted, its bond credited back. */
  voidClaim(epoch: bigint): void {
    const claim = this.claimOf(epoch);
    if (claim === undefined || claim.status !== "Claimed") return;
    this.claims.delete(epoch % RING_OF_CLAIMS);
    this.totalBonds -= claim.bond;
    this.credit(claim.prover, claim.bond);
  }

  /**
   * `epoch` proven in `slot` by a proof bound to `beneficiary` (whoever sends it): settles the claim (released in
   * time, slashed when late, the rescue share to the beneficiary), credits the prover fee (the claimant's, else the
   * beneficiary's), the submitter share plus dust to the beneficiary and the proposers' shares, and advances the
   * proven tip. `released` is what the pool pays (block rewards, capped by its reserve).
   */
  prove(epoch: bigint, beneficiary: string, slot: bigint, released: bigint): void {
    const blocks = this.epochBlocks(epoch);
    const claim = this.claimOf(epoch);
    let prover = beneficiary;
    let feeBps = BigInt(COORDINATOR_CONFIG.defaultProverFee);
    if (claim?.status === "Claimed" && slot < windowsOf(epoch).proofDeadline) {
      prover = claim.prover;
      feeBps = claim.fee;
      claim.status = "Proven";
      this.totalBonds -= claim.bond;
      this.credit(claim.prover, claim.bond);
    } else if (claim?.status === "Claimed") {
      this.slash(claim, beneficiary, false);
    }
    const payout = expectedPayout(blocks, feeBps, released);
    const escrowedFees = blocks.reduce((a, b) => a + b.fees, 0n);
    blocks.forEach((b, i) => {
      this.credit(b.proposer, payout.proposerShares[i]);
      this.ring.get(b.number % this.ringSize)!.fees = 0n;
    });
    this.credit(prover, payout.proverFee);
    this.credit(beneficiary, payout.submitterFee + payout.dust);
    this.move(this.accounts.pool, this.accounts.coordinator, released);
    this.move(this.accounts.rollup, this.accounts.coordinator, escrowedFees);
    const last = blocks[blocks.length - 1];
    this.proven = { number: last.number, slot: last.slot, state: last.header.newState, hash: last.hash };
    this.chain.splice(0, blocks.length);
    this.provenEpochs.add(epoch);
  }
}

/** A deep copy of the model's mutable state, to undo a prediction when the call it predicted reverts. */
export function snapshotOf(m: ChainModel) {
  return {
    chain: [...m.chain],
    proven: { ...m.proven },
    ring: new Map([...m.ring].map(([k, v]) => [k, { ...v }])),
    claims: new Map([...m.claims].map(([k, v]) => [k, { ...v }])),
    credits: new Map(m.credits),
    provenEpochs: new Set(m.provenEpochs),
    balances: new Map(m.balances),
    totalBonds: m.totalBonds,
    pruneCount: m.pruneCount,
  };
}

export function restore(m: ChainModel, s: ReturnType<typeof snapshotOf>): void {
  m.chain = s.chain;
  m.proven = s.proven;
  for (const [target, source] of [
    [m.ring, s.ring],
    [m.claims, s.claims],
    [m.credits, s.credits],
    [m.balances, s.balances],
  ] as [Map<unknown, unknown>, Map<unknown, unknown>][]) {
    target.clear();
    for (const [k, v] of source) target.set(k, v);
  }
  m.provenEpochs.clear();
  for (const e of s.provenEpochs) m.provenEpochs.add(e);
  m.totalBonds = s.totalBonds;
  m.pruneCount = s.pruneCount;
}
