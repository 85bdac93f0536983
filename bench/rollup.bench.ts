/**
 * `npm run bench` (fifth part): block production and prover coordination. Writes bench/rollup.json as
 * `{ "proposeGas", "claimProofRightGas", "submitEpochProofGas": { "<chunks>": gas } }` (other tooling reads these
 * keys) and bench/rollup-details.json with the figures behind them.
 *
 * Every figure is a receipt's `gasUsed` (a whole transaction: 21k base and calldata included) on the in-process
 * Hardhat network, in the steady state a live chain runs in: the run first fills the seed beacon's ring of snapshots
 * (256), the rollup's ring of block records (`ringSize()` blocks) and the coordinator's ring of claims once, so the
 * measured calls rewrite storage words that earlier blocks and epochs wrote, as they do on a chain that has been
 * running for a while. Every proposal, claim and proof pokes the beacon (`pokeInWindow`): inside a seed window (half
 * of each epoch with the fixture's parameters) the first call of an L1 block stores its snapshot, and each call here
 * is the first of its block, so the figures include that cost where it falls; the details split proposals by it.
 * Claims (slot 5) and proofs (slot 6) are sent outside the windows (slots 8–23 of each epoch here), so their
 * figures are their own cost; a call that stores its block's snapshot pays what the propose split shows on top. The deployment is the
 * test fixture's (test/rollup/fixtures.ts): 32-slot epochs, real VRF proofs, the real Groth16 epoch verifier.
 *
 * - proposeGas: mean of `Rollup.propose` over the 32 blocks of the first epoch whose every ring entry is reused, one
 *   block per slot, each a 16-transaction block (one chunk) declaring no fees. With fees (the escrow pull), via a
 *   builder (PBS) and the first lap (fresh storage) are in the details.
 * - claimProofRightGas: mean of `ProverCoordinator.claimProofRight` (prover's EIP-712 quote countersigned by the
 *   current slot's proposer, bond pulled) over the claims whose ring entry is reused.
 * - submitEpochProofGas: `ProverCoordinator.submitEpochProof` of a claimed epoch proven in time, by the number of
 *   chunk proofs in it (one per 16 transactions): rollup check of every header, the Groth16 check of every chunk,
 *   the payout. The chunk proofs are checked in one batched pairing check (EpochProofVerifier). The target line is
 *   300,000 + 80,000 per chunk, and 5,500,000 for 64 chunks (MAX_CHUNKS). The details compare each size with
 *   Aztec's `submitEpochRootProof` (one recursive proof, 611k whatever the epoch's size): `cheaperThanAztecUpTo` is
 *   the largest chunk count whose epoch proof costs less here, by the line through the 8- and 64-chunk figures.
 * - challengeMaxBlockGas: a whole `Rollup.challengeBlock` transaction against an invalid block of the largest size a
 *   deployment may allow (256 transactions, `MAX_CHALLENGEABLE_TXS`), on a rollup deployed with that maximum: it must
 *   stay under 15,000,000 gas (EIP-7825 caps a transaction at 2^24), or an invalid block could never be proven so.
 * The bench exits non-zero when a figure misses its target.
 * Gas moves by a few hundred from run to run (the seeds follow the wall clock, so VRF hint counts differ).
 */
import fs from "node:fs";
import path from "node:path";
import { type BlockProof, encodeEpochProof, proveBlock, releaseProver } from "@blockage/circuits";
import { FIELD_MODULUS } from "@blockage/circuits";
import { lotteryFixture } from "../test/lottery/fixtures";
import { EPOCH_SLOTS } from "../test/registry/helpers";
import {
  BUILDER_BID_TYPES,
  MIN_BOND,
  type RollupFixture,
  headerOn,
  advanceTo,
  countersignQuote,
  deployRollup,
  rollupDomain,
  rollupFixture,
  sendProposal,
  sequencerEntry,
  signQuote,
  txsOf,
} from "../test/rollup/fixtures";

const TARGETS = {
  propose: 180_000,
  claimProofRight: 120_000,
  proofBase: 300_000,
  proofPerChunk: 80_000,
  /** Issue 20: a MAX_CHUNKS (64) epoch proof, whole transaction. */
  proof64: 5_500_000,
  challengeMaxBlock: 15_000_000,
};
/** The largest block a deployment may allow (Rollup's MAX_CHALLENGEABLE_TXS). */
const MAX_CHALLENGEABLE_TXS = 256;
const REFERENCES = { boundlessLockWithSignature: 159_000, aztecSubmitEpochRootProof: 611_000 };
const CLAIM_SLOT = 5n; // after the priority window (4 slots), inside the claim window (8 slots)
const PROVE_SLOT = 6n;
const mean = (xs: bigint[]) => (xs.length === 0 ? 0 : Math.round(Number(xs.reduce((a, b) => a + b, 0n)) / xs.length));

interface EpochPlan {
  /** Transactions per block; one block per entry, in consecutive slots from the epoch's first one. */
  blocks: number[];
  /** Slot offset of the first block (the claim of the previous epoch needs a block in CLAIM_SLOT). */
  firstOffset: bigint;
}

class RollupBench {
  readonly proposeFresh: bigint[] = [];
  readonly proposeSteady: bigint[] = [];
  /** Steady-state proposals that stored the beacon's snapshot of their block, and those that did not. */
  readonly proposeStoring: bigint[] = [];
  readonly proposeNotStoring: bigint[] = [];
  readonly proposeWithFees: bigint[] = [];
  readonly proposeViaBuilder: bigint[] = [];
  readonly claimFresh: bigint[] = [];
  readonly claimSteady: bigint[] = [];
  readonly proofs: {
    epoch: number;
    blocks: number;
    chunks: number;
    gas: bigint;
    steady: boolean;
    storedSnapshot: boolean;
  }[] = [];
  private readonly proven = new Map<
    bigint,
    { headers: Awaited<ReturnType<typeof headerOn>>[]; blocks: BlockProof[] }
  >();
  private readonly ringSize: bigint;
  private readonly claimRingSize: bigint;
  private turn = 0;

  constructor(
    private readonly f: RollupFixture,
    ringSize: bigint,
    claimRingSize: bigint,
  ) {
    this.ringSize = ringSize;
    this.claimRingSize = claimRingSize;
  }

  private get sequencers() {
    return this.f.nodes.filter((n) => (n.roles & 1) !== 0);
  }

  /** One block of `count` transactions in `slot`; `kind` says how it is sent. Records its gas and proves it. */
  async block(epoch: bigint, slot: bigint, count: number, kind: "plain" | "fees" | "builder"): Promise<void> {
    const node = this.sequencers[this.turn++ % this.sequencers.length];
    const txs = txsOf(Number(slot), count);
    const { pendingBlock } = await this.f.rollup.tips();
    const fresh = pendingBlock + 1n < this.ringSize;
    let header: Awaited<ReturnType<typeof headerOn>>;
    let gas: bigint;
    if (kind === "builder") {
      await advanceTo(this.f, slot);
      header = await headerOn(this.f.rollup, slot, txs);
      const entry = await sequencerEntry(this.f, node, slot);
      const builder = this.f.signers[10];
      const bid = 10n ** 18n;
      const hash = await this.f.rollup.headerHash(header);
      const signature = await node.operator.signTypedData(await rollupDomain(this.f), BUILDER_BID_TYPES, {
        slot,
        headerHash: hash,
        builder: builder.address,
        bid,
      });
      const tx = await this.f.rollup
        .connect(builder)
        .proposeViaBuilder({ pid: node.pid, salt: node.salt, header }, txs, entry.proof, entry.hints, bid, signature);
      gas = (await tx.wait())!.gasUsed;
    } else {
      const fees = kind === "fees" ? 3n * 10n ** 18n : 0n;
      await advanceTo(this.f, slot);
      header = await headerOn(this.f.rollup, slot, txs, { fees });
      const receipt = (await (await sendProposal(this.f, node, header, txs)).wait())!;
      gas = receipt.gasUsed;
      if (kind === "plain" && !fresh)
        (this.storedSnapshot(receipt) ? this.proposeStoring : this.proposeNotStoring).push(gas);
    }
    if (kind === "fees") this.proposeWithFees.push(gas);
    else if (kind === "builder") this.proposeViaBuilder.push(gas);
    else (fresh ? this.proposeFresh : this.proposeSteady).push(gas);
    const record = this.proven.get(epoch) ?? { headers: [], blocks: [] };
    record.headers.push(header);
    record.blocks.push(await proveBlock({ prevState: header.prevState, txs, prover: this.f.signers[9].address }));
    this.proven.set(epoch, record);
  }

  /** The prover's quote for `epoch`, countersigned by the proposer of the current slot's block, claimed. */
  async claim(epoch: bigint, slot: bigint): Promise<void> {
    const prover = this.f.signers[9];
    const quote = { prover: prover.address, epoch, basisPointFee: 1_500, bond: MIN_BOND, validUntilSlot: slot + 2n };
    const proverSignature = await signQuote(this.f, prover, quote);
    const { tipProposer } = await this.f.rollup.tips();
    const proposer = this.f.nodes.find((n) => n.operator.address === tipProposer)!.operator;
    const proposerSignature = await countersignQuote(this.f, proposer, quote, slot);
    const fresh = epoch < 3n + this.claimRingSize;
    await advanceTo(this.f, slot);
    const tx = await this.f.coordinator.connect(prover).claimProofRight(quote, proverSignature, proposerSignature);
    (fresh ? this.claimFresh : this.claimSteady).push((await tx.wait())!.gasUsed);
  }

  /** The claimant submits `epoch`'s proof. */
  async prove(epoch: bigint, slot: bigint): Promise<void> {
    const { headers, blocks } = this.proven.get(epoch)!;
    this.proven.delete(epoch);
    await advanceTo(this.f, slot);
    const tx = await this.f.coordinator
      .connect(this.f.signers[9])
      .submitEpochProof(epoch, headers, encodeEpochProof(blocks));
    const receipt = (await tx.wait())!;
    const chunks = blocks.reduce((n, b) => n + b.chunks.length, 0);
    const steady = headers.length > 0 && (await this.f.rollup.tips()).provenBlock >= this.ringSize;
    const storedSnapshot = this.storedSnapshot(receipt);
    this.proofs.push({
      epoch: Number(epoch),
      blocks: headers.length,
      chunks,
      gas: receipt.gasUsed,
      steady,
      storedSnapshot,
    });
  }

  /** Whether the transaction stored the beacon's snapshot of its block (a `Poked` event of the beacon). */
  private storedSnapshot(receipt: { logs: readonly { address: string; topics: readonly string[] }[] }): boolean {
    const poked = this.f.beacon.interface.getEvent("Poked").topicHash;
    return receipt.logs.some((l) => l.topics[0] === poked);
  }

  /** Fills the beacon's ring of snapshots (256 pokes in 256 blocks), as on a chain that has run for a while. */
  async fillBeaconRing(): Promise<void> {
    const capacity = await this.f.beacon.capacity();
    while ((await this.f.beacon.snapshotCount()) < capacity) await (await this.f.beacon.poke()).wait();
  }

  /** Runs `epoch`: its blocks, with the previous epoch claimed in CLAIM_SLOT and proven in PROVE_SLOT. */
  async epoch(epoch: bigint, plan: EpochPlan, previousHasBlocks: boolean): Promise<void> {
    const first = epoch * EPOCH_SLOTS;
    const lastOffset = plan.firstOffset + BigInt(plan.blocks.length) - 1n;
    const end = previousHasBlocks && lastOffset < PROVE_SLOT ? PROVE_SLOT : lastOffset;
    for (let offset = 0n; offset <= end; offset++) {
      const slot = first + offset;
      const index = Number(offset - plan.firstOffset);
      if (index >= 0 && index < plan.blocks.length) {
        const kind = plan.blocks.length === 32 && offset === 20n ? "fees" : offset === 21n ? "builder" : "plain";
        await this.block(epoch, slot, plan.blocks[index], kind);
      }
      if (previousHasBlocks && offset === CLAIM_SLOT) await this.claim(epoch - 1n, slot);
      if (previousHasBlocks && offset === PROVE_SLOT) await this.prove(epoch - 1n, slot);
    }
  }
}

async function main(): Promise<void> {
  const f = await rollupFixture();
  const bench = new RollupBench(f, await f.rollup.ringSize(), await f.coordinator.claimRingSize());
  await bench.fillBeaconRing();
  const full = { blocks: Array(32).fill(16), firstOffset: 0n };
  // Epochs 3–7: 160 one-chunk blocks, so the ring of block records (114 with the fixture's parameters) wraps in
  // epoch 6 and epoch 7's blocks all rewrite reused entries. Then epochs of 1, 2, 4 and 8 chunks (the claim of each
  // rides on the next epoch's block in CLAIM_SLOT, which every plan includes), one of 64 (32 blocks of 32
  // transactions: MAX_CHUNKS), and a last epoch to claim them.
  const plans: EpochPlan[] = [
    full,
    full,
    full,
    full,
    full,
    { blocks: [16], firstOffset: CLAIM_SLOT },
    { blocks: [32], firstOffset: CLAIM_SLOT },
    { blocks: [64], firstOffset: CLAIM_SLOT },
    { blocks: [64, 64], firstOffset: CLAIM_SLOT },
    { blocks: Array(32).fill(32), firstOffset: 0n },
    { blocks: [16], firstOffset: CLAIM_SLOT },
  ];
  let epoch = 3n;
  for (const plan of plans) {
    process.stderr.write(`rollup bench: epoch ${epoch} (${plan.blocks.length} blocks)\n`);
    await bench.epoch(epoch, plan, epoch > 3n);
    epoch += 1n;
  }
  await releaseProver();

  const proofBy = (chunks: number) => bench.proofs.find((p) => p.steady && p.chunks === chunks);
  const submitEpochProofGas: Record<string, number> = {};
  for (const chunks of [1, 2, 4, 8, 32, 64]) {
    const p = proofBy(chunks);
    if (p) submitEpochProofGas[String(chunks)] = Number(p.gas);
  }
  const challengeMaxBlockGas = Number(await challengeOfLargestBlock());
  const figures = {
    proposeGas: mean(bench.proposeSteady),
    claimProofRightGas: mean(bench.claimSteady),
    submitEpochProofGas,
    challengeMaxBlockGas,
  };
  const details = {
    measuredWith: "receipts' gasUsed on the in-process Hardhat network; bench/rollup.bench.ts",
    ringSize: Number(await f.rollup.ringSize()),
    claimRingSize: Number(await f.coordinator.claimRingSize()),
    propose: {
      steadyState: { mean: mean(bench.proposeSteady), samples: bench.proposeSteady.length },
      storingTheBlocksSnapshot: { mean: mean(bench.proposeStoring), samples: bench.proposeStoring.length },
      withTheBlocksSnapshotStoredOrOutsideWindows: {
        mean: mean(bench.proposeNotStoring),
        samples: bench.proposeNotStoring.length,
      },
      firstLap: { mean: mean(bench.proposeFresh), samples: bench.proposeFresh.length },
      withFees: { mean: mean(bench.proposeWithFees), samples: bench.proposeWithFees.length },
      viaBuilder: { mean: mean(bench.proposeViaBuilder), samples: bench.proposeViaBuilder.length },
      target: TARGETS.propose,
    },
    claimProofRight: {
      steadyState: { mean: mean(bench.claimSteady), samples: bench.claimSteady.length },
      firstLap: { mean: mean(bench.claimFresh), samples: bench.claimFresh.length },
      target: TARGETS.claimProofRight,
      ratioToBoundlessLockWithSignature: mean(bench.claimSteady) / REFERENCES.boundlessLockWithSignature,
    },
    submitEpochProof: bench.proofs.map((p) => ({
      ...p,
      gas: Number(p.gas),
      target: TARGETS.proofBase + TARGETS.proofPerChunk * p.chunks,
      perChunkAboveBase: Math.round((Number(p.gas) - TARGETS.proofBase) / p.chunks),
    })),
    references: REFERENCES,
    // Chunk count up to which an epoch proof here costs less than Aztec's recursive epoch root proof, by the line
    // through the measured 8- and 64-chunk proofs (one chunk per block up to 8, two per block at 64).
    cheaperThanAztecUpTo: crossover(submitEpochProofGas, REFERENCES.aztecSubmitEpochRootProof),
  };
  const dir = path.join(__dirname);
  fs.writeFileSync(path.join(dir, "rollup.json"), JSON.stringify(figures, null, 2) + "\n");
  fs.writeFileSync(path.join(dir, "rollup-details.json"), JSON.stringify(details, null, 2) + "\n");
  console.log(JSON.stringify(figures, null, 2));
  const over: string[] = [];
  if (figures.proposeGas > TARGETS.propose) over.push(`proposeGas ${figures.proposeGas} > ${TARGETS.propose}`);
  if (figures.claimProofRightGas > TARGETS.claimProofRight) {
    over.push(`claimProofRightGas ${figures.claimProofRightGas} > ${TARGETS.claimProofRight}`);
  }
  if (challengeMaxBlockGas > TARGETS.challengeMaxBlock) {
    over.push(`challengeMaxBlockGas ${challengeMaxBlockGas} > ${TARGETS.challengeMaxBlock}`);
  }
  if ((submitEpochProofGas["64"] ?? Infinity) > TARGETS.proof64) {
    over.push(`submitEpochProofGas[64] ${submitEpochProofGas["64"]} > ${TARGETS.proof64}`);
  }
  for (const [chunks, gas] of Object.entries(submitEpochProofGas)) {
    const target = TARGETS.proofBase + TARGETS.proofPerChunk * Number(chunks);
    if (gas > target) over.push(`submitEpochProofGas[${chunks}] ${gas} > ${target}`);
  }
  if (over.length > 0) {
    console.error(`over target: ${over.join("; ")}`);
    process.exitCode = 1;
  }
}

/** The largest chunk count n with base + n·perChunk ≤ `reference`, the line through the 8- and 64-chunk figures. */
function crossover(gasByChunks: Record<string, number>, reference: number): number | null {
  const [g8, g64] = [gasByChunks["8"], gasByChunks["64"]];
  if (g8 === undefined || g64 === undefined) return null;
  const perChunk = (g64 - g8) / 56;
  return Math.floor(8 + (reference - g8) / perChunk);
}

/**
 * gasUsed of `challengeBlock` against an invalid block of MAX_CHALLENGEABLE_TXS transactions, on a rollup deployed
 * with that maximum (a fresh fixture: the evidence's cost does not depend on the chain's history).
 */
async function challengeOfLargestBlock(): Promise<bigint> {
  const f = await deployRollup(await lotteryFixture({ bindSlasher: false }), {
    rollupConfig: { maxTxsPerBlock: MAX_CHALLENGEABLE_TXS },
  });
  const slot = 3n * EPOCH_SLOTS + 1n;
  await advanceTo(f, slot);
  const txs = txsOf(1, MAX_CHALLENGEABLE_TXS);
  const honest = await headerOn(f.rollup, slot, txs);
  const bad = { ...honest, newState: (honest.newState + 1n) % FIELD_MODULUS };
  await (await sendProposal(f, f.nodes[0], bad, txs)).wait();
  const tx = await f.rollup.challengeBlock(1n, bad, txs);
  return (await tx.wait())!.gasUsed;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
