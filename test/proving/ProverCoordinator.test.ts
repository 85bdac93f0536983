// ProverCoordinator: deployment checks, the designated prover's priority claim, countersigned quotes (seed 003's six
// checks, expiry, bond range, fee bound, signatures, replays on another chain/contract/epoch), epoch proofs and
// their rejections, the open race, rescue of a missed claim, slashing after the final deadline, withdrawals and the
// rollup-only hooks. Epoch 3 (slots 96..127) is the epoch to prove: claims open at slot 128.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { releaseProver } from "@blockage/circuits";
import type {
  NodeRegistry__factory,
  ProverCoordinator__factory,
  Rollup__factory,
} from "../../packages/client/src/typechain";
import { DEFAULT_PARAMS, inSlot, lotteryFixture } from "../lottery/fixtures";
import { E18, EPOCH_SLOTS, MIN_STAKE, deployRegistry, factory } from "../registry/helpers";
import {
  BURN_ADDRESS,
  BLOCK_REWARD,
  B_FEES,
  COORDINATOR_CONFIG,
  MIN_BOND,
  QUOTE_TYPES,
  ROLLUP_CONFIG,
  type Domain,
  type EpochFixture,
  type TestQuote,
  coordinatorDomain,
  countersignQuote,
  deployRollup,
  enterProverTicket,
  epochFixture,
  type ProverLike,
  type ReentrantFixture,
  type RollupDeployOptions,
  epochProofOf,
  expectBalancesMatch,
  expectCallerRefused,
  expectedPayout,
  expectReentryRefused,
  idleBasedBlock,
  proposeBlock,
  reentrantFixture,
  rollupFixture,
  signQuote,
  toEpoch,
  txsOf,
} from "../rollup/fixtures";
import { decodeProof, deployProofVerifier, encodeProof } from "./fixtures";

const EPOCH = 3n;
const CLAIM_OPENS = (EPOCH + 1n) * EPOCH_SLOTS; // 128
const PRIORITY_ENDS = CLAIM_OPENS + BigInt(COORDINATOR_CONFIG.priorityWindowSlots); // 132
const CLAIM_CLOSES = CLAIM_OPENS + BigInt(COORDINATOR_CONFIG.claimWindowSlots); // 136
const PROOF_DEADLINE = CLAIM_OPENS + BigInt(COORDINATOR_CONFIG.proofDeadlineSlots); // 152
const FINAL_DEADLINE = CLAIM_OPENS + BigInt(ROLLUP_CONFIG.finalDeadlineSlots); // 176
const DEFAULT_FEE = BigInt(COORDINATOR_CONFIG.defaultProverFee);
const PROVER_FEE = 1_500;
const BOND = 150n * E18;
const Status = { None: 0n, Claimed: 1n, Proven: 2n, Slashed: 3n } as const;

/**
 * Epoch 3's blocks, then epoch 4 with node 3's block C in slot 132 (the first slot after the priority window).
 * `options` changes the deployment.
 */
async function quoteFixture(options: RollupDeployOptions = {}) {
  const f = await epochFixture(options);
  await toEpoch(f, EPOCH + 1n);
  const txsC = txsOf(3);
  const hC = await proposeBlock(f, f.nodes[3], PRIORITY_ENDS, txsC);
  return { ...f, hC, txsC, proposer: f.nodes[3].operator, prover: f.signers[8] };
}

type QuoteFixture = Awaited<ReturnType<typeof quoteFixture>>;

/** `quoteFixture` with a rescue share of 0 (a slashed bond is all burned) and of 100% (none of it is). */
const noRescueFixture = () => quoteFixture({ coordinatorConfig: { rescueShare: 0 } });
const fullRescueFixture = () => quoteFixture({ coordinatorConfig: { rescueShare: 10_000 } });

/** Epoch 3 with two blocks of node 0 (slots 97 and 98, with `fees`) under `options`; nobody claims it. */
async function oneProposerEpoch(fees: [bigint, bigint], options: RollupDeployOptions = {}) {
  const f = await deployRollup(await lotteryFixture({ bindSlasher: false }), options);
  await toEpoch(f, EPOCH);
  const blocks = [];
  for (const [i, blockFees] of fees.entries()) {
    const txs = txsOf(40 + i);
    blocks.push({
      header: await proposeBlock(f, f.nodes[0], EPOCH * EPOCH_SLOTS + 1n + BigInt(i), txs, { fees: blockFees }),
      txs,
    });
  }
  return { ...f, blocks, headers: blocks.map((b) => b.header) };
}
const sameProposerFixture = () => oneProposerEpoch([0n, B_FEES]);
const zeroRewardFixture = () => oneProposerEpoch([0n, 0n], { coordinatorConfig: { blockReward: 0n } });
type Signer = QuoteFixture["prover"];

/** The fixture's standard quote for epoch 3 (prover: signer 8), with `changes`. */
function quoteOf(f: QuoteFixture, changes: Partial<TestQuote> = {}): TestQuote {
  return {
    prover: f.prover.address,
    epoch: EPOCH,
    basisPointFee: PROVER_FEE,
    bond: BOND,
    validUntilSlot: CLAIM_CLOSES - 1n,
    ...changes,
  };
}

interface ClaimOptions {
  slot?: bigint;
  sender?: Signer;
  proverSigner?: Signer;
  proposerSigner?: Signer;
  /** The slot the proposer countersigns for (the sending slot by default). */
  acceptedSlot?: bigint;
  proverDomain?: Domain;
  proposerDomain?: Domain;
}

/** Signs `quote` (prover and countersigning proposer, both overridable) and sends `claimProofRight` in `slot`. */
async function claimWith(f: QuoteFixture, quote: TestQuote, options: ClaimOptions = {}) {
  const slot = options.slot ?? PRIORITY_ENDS;
  const proverSignature = await signQuote(f, options.proverSigner ?? f.prover, quote, options.proverDomain);
  const proposerSignature = await countersignQuote(
    f,
    options.proposerSigner ?? f.proposer,
    quote,
    options.acceptedSlot ?? slot,
    options.proposerDomain,
  );
  await inSlot(f.genesis, slot);
  return f.coordinator.connect(options.sender ?? f.prover).claimProofRight(quote, proverSignature, proposerSignature);
}

/** Epoch 3's proof bound to `prover` (cached across the run). */
const proofOf = (f: EpochFixture, prover: ProverLike) => epochProofOf(f.blocks, prover);

/**
 * What proving epoch 3 (blocks A and B) credits at `proverFeeBps`, and the EpochProven arguments it emits
 * (`beneficiary`: the address the proof is bound to).
 */
function standardPayout(f: EpochFixture, proverFeeBps: bigint, prover: string, beneficiary: string) {
  const pay = expectedPayout(
    [f.hA, f.hB].map((h) => ({ fees: BigInt(h.fees) })),
    proverFeeBps,
  );
  const { rewards, proverFee, submitterFee } = pay;
  return { ...pay, event: [EPOCH, 1n, 2n, f.hB.newState, prover, beneficiary, rewards, proverFee, submitterFee] };
}

/** Expects `account`'s credited rewards to be `amount`. */
async function expectOwed(f: EpochFixture, account: string, amount: bigint) {
  expect(await f.coordinator.rewardsOf(account)).to.equal(amount);
}

/**
 * Past the claim's proof deadline, `sender` sends epoch 3's proof bound to `author`: expects the bond slashed with
 * `rescued` to the author and the rest burned, and the author paid as in an open race (credited with the rescued
 * part too). Returns the payout.
 */
async function expectRescue(f: QuoteFixture, author: Signer, sender: Signer, rescued: bigint) {
  const proof = await proofOf(f, author);
  const pay = standardPayout(f, DEFAULT_FEE, author.address, author.address);
  await inSlot(f.genesis, PROOF_DEADLINE);
  await expect(f.coordinator.connect(sender).submitEpochProof(EPOCH, [f.hA, f.hB], proof))
    .to.emit(f.coordinator, "BondSlashed")
    .withArgs(EPOCH, f.prover.address, author.address, rescued, BOND - rescued)
    .and.to.emit(f.coordinator, "EpochProven")
    .withArgs(...pay.event)
    .and.not.to.emit(f.coordinator, "BondReleased");
  await expectOwed(f, author.address, rescued + pay.proverFee + pay.submitterFee + pay.dust);
  return pay;
}

describe("ProverCoordinator", function () {
  this.timeout(180_000);
  after(releaseProver);

  describe("deployment", function () {
    it("refuses every out-of-range parameter with ProverCoordinator__InvalidConfig naming it", async function () {
      const f = await loadFixture(rollupFixture);
      const admin = f.admin;
      const registry = await f.registry.getAddress();
      const verifier = await f.verifier.getAddress();
      const coordinatorFactory = await factory<ProverCoordinator__factory>("ProverCoordinator");
      // Another registry over the same token and beacon (deployed first: it takes a nonce).
      const otherRegistry = await (
        await factory<NodeRegistry__factory>("NodeRegistry")
      ).deploy({
        stakeToken: await f.token.getAddress(),
        beacon: await f.beacon.getAddress(),
        admin: admin.address,
        minStake: MIN_STAKE,
        entryDelayEpochs: 1n,
        unbondingPeriodEpochs: 2n,
        ageCap: 256n,
      });
      const valid = { ...COORDINATOR_CONFIG, proofVerifier: verifier };
      const rollupFactory = await factory<Rollup__factory>("Rollup");
      /** A coordinator deployment over a fresh rollup naming it (a reverted deployment still uses up a nonce). */
      const deploy = async (cfg: typeof valid, reg = registry) => {
        const next = ethers.getCreateAddress({
          from: admin.address,
          nonce: (await ethers.provider.getTransactionCount(admin.address)) + 1,
        });
        const rollup = await rollupFactory.deploy(registry, DEFAULT_PARAMS, false, {
          ...ROLLUP_CONFIG,
          proofVerifier: verifier,
          stateTransition: await f.stateTransition.getAddress(),
          coordinator: next,
        });
        return {
          next,
          deployment: coordinatorFactory.deploy(reg, DEFAULT_PARAMS, false, await rollup.getAddress(), cfg),
        };
      };

      // The fixture's rollup names the fixture's coordinator; an account without code is no rollup.
      for (const target of [await f.rollup.getAddress(), f.signers[9].address]) {
        await expect(coordinatorFactory.deploy(registry, DEFAULT_PARAMS, false, target, valid))
          .to.be.revertedWithCustomError(coordinatorFactory, "ProverCoordinator__InvalidConfig")
          .withArgs("rollup");
      }
      const cases: [Partial<typeof valid>, string][] = [
        [{ proofVerifier: f.signers[9].address }, "proofVerifier"],
        // A working verifier, but not the rollup's: based blocks and epochs would be checked by different circuits.
        [{ proofVerifier: await (await deployProofVerifier()).verifier.getAddress() }, "proofVerifier"],
        // A claim window longer than an epoch: claims close with the epoch anyway.
        [{ claimWindowSlots: Number(EPOCH_SLOTS) + 1, proofDeadlineSlots: Number(EPOCH_SLOTS) + 2 }, "windows"],
        [{ minBond: 0n }, "minBond"],
        [{ minBond: 2n ** 96n }, "minBond"],
        [{ defaultProverFee: 10_000 - COORDINATOR_CONFIG.submitterShare + 1 }, "defaultProverFee"],
        [{ maxQuoteFee: 10_000 - COORDINATOR_CONFIG.submitterShare + 1 }, "maxQuoteFee"],
        [{ rescueShare: 10_001 }, "rescueShare"],
        [{ claimWindowSlots: 0, priorityWindowSlots: 0 }, "windows"],
        [{ priorityWindowSlots: COORDINATOR_CONFIG.claimWindowSlots + 1 }, "windows"],
        [{ claimWindowSlots: COORDINATOR_CONFIG.proofDeadlineSlots + 1 }, "windows"],
        [{ proofDeadlineSlots: ROLLUP_CONFIG.finalDeadlineSlots + 1 }, "windows"],
      ];
      await expect((await deploy(valid, await otherRegistry.getAddress())).deployment)
        .to.be.revertedWithCustomError(coordinatorFactory, "ProverCoordinator__InvalidConfig")
        .withArgs("registry");
      for (const [change, what] of cases) {
        await expect((await deploy({ ...valid, ...change })).deployment)
          .to.be.revertedWithCustomError(coordinatorFactory, "ProverCoordinator__InvalidConfig")
          .withArgs(what);
      }
      const { next, deployment } = await deploy(valid);
      expect(await (await deployment).getAddress()).to.equal(next);
    });

    it("exposes its parameters, windows and claim ring", async function () {
      const f = await loadFixture(rollupFixture);
      const cfg = await f.coordinator.config();
      expect([
        cfg.blockReward,
        cfg.minBond,
        cfg.defaultProverFee,
        cfg.maxQuoteFee,
        cfg.submitterShare,
        cfg.rescueShare,
      ]).to.deep.equal([
        BLOCK_REWARD,
        MIN_BOND,
        DEFAULT_FEE,
        BigInt(COORDINATOR_CONFIG.maxQuoteFee),
        BigInt(COORDINATOR_CONFIG.submitterShare),
        BigInt(COORDINATOR_CONFIG.rescueShare),
      ]);
      expect(await f.coordinator.epochWindows(EPOCH)).to.deep.equal([
        CLAIM_OPENS,
        PRIORITY_ENDS,
        CLAIM_CLOSES,
        PROOF_DEADLINE,
        FINAL_DEADLINE,
      ]);
      expect(await f.coordinator.claimRingSize()).to.equal(BigInt(ROLLUP_CONFIG.finalDeadlineSlots) / EPOCH_SLOTS + 2n);
      expect(await f.coordinator.rollup()).to.equal(await f.rollup.getAddress());
    });
  });

  describe("claimAsDesignatedProver", function () {
    it("the designated prover claims in the priority window at the default fee with the minimum bond", async function () {
      const f = await loadFixture(epochFixture);
      const prover = f.nodes[2];
      expect((await f.coordinator.designatedProver(EPOCH)).pid).to.equal(prover.pid);
      await toEpoch(f, EPOCH + 1n);
      const before = await f.token.balanceOf(prover.operator.address);
      await expect(f.coordinator.connect(prover.operator).claimAsDesignatedProver(EPOCH, prover.pid, prover.salt))
        .to.emit(f.coordinator, "ProofRightClaimed")
        .withArgs(EPOCH, prover.operator.address, prover.operator.address, DEFAULT_FEE, MIN_BOND, true);
      expect(await f.token.balanceOf(prover.operator.address)).to.equal(before - MIN_BOND);
      expect(await f.coordinator.totalBonds()).to.equal(MIN_BOND);
      const claim = await f.coordinator.epochClaim(EPOCH);
      expect([claim.prover, claim.proposer, claim.bond, claim.basisPointFee, claim.status]).to.deep.equal([
        prover.operator.address,
        prover.operator.address,
        MIN_BOND,
        DEFAULT_FEE,
        Status.Claimed,
      ]);
      await expectBalancesMatch(f);
      await expect(f.coordinator.connect(prover.operator).claimAsDesignatedProver(EPOCH, prover.pid, prover.salt))
        .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__AlreadyClaimed")
        .withArgs(EPOCH, prover.operator.address);
    });

    it("refuses other nodes, other callers, and claims outside the priority window or for another epoch", async function () {
      const f = await loadFixture(epochFixture);
      const [other, , prover] = f.nodes;
      const claimAs = (node: typeof prover, epoch = EPOCH) =>
        f.coordinator.connect(node.operator).claimAsDesignatedProver(epoch, node.pid, node.salt);
      // Epoch 3 is not over yet.
      await expect(claimAs(prover))
        .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__NotPreviousEpoch")
        .withArgs(EPOCH, EPOCH);
      await toEpoch(f, EPOCH + 1n);
      await expect(claimAs(other))
        .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__NotDesignatedProver")
        .withArgs(EPOCH, other.pid);
      // Epoch 4 has no ticket at all.
      await expect(claimAs(prover, EPOCH + 1n))
        .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__NotDesignatedProver")
        .withArgs(EPOCH + 1n, prover.pid);
      await expect(f.coordinator.connect(other.operator).claimAsDesignatedProver(EPOCH, prover.pid, prover.salt))
        .to.be.revertedWithCustomError(f.coordinator, "Lottery__NotOperator")
        .withArgs(prover.pid, other.operator.address);
      await inSlot(f.genesis, PRIORITY_ENDS);
      await expect(claimAs(prover))
        .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__NotInClaimPhase")
        .withArgs(EPOCH, PRIORITY_ENDS, CLAIM_OPENS, PRIORITY_ENDS);
      await inSlot(f.genesis, CLAIM_OPENS + EPOCH_SLOTS);
      await expect(claimAs(prover))
        .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__NotPreviousEpoch")
        .withArgs(EPOCH, EPOCH + 2n);
    });

    it("refuses a claim on an epoch without blocks (ProverCoordinator__NothingToProve)", async function () {
      const f = await loadFixture(rollupFixture);
      await toEpoch(f, EPOCH);
      const prover = f.nodes[2];
      await enterProverTicket(f, prover, EPOCH);
      await toEpoch(f, EPOCH + 1n);
      await expect(f.coordinator.connect(prover.operator).claimAsDesignatedProver(EPOCH, prover.pid, prover.salt))
        .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__NothingToProve")
        .withArgs(EPOCH);
    });

    it("refuses a claim on an epoch without blocks while a later epoch has some (ProverCoordinator__NothingToProve)", async function () {
      const f = await loadFixture(rollupFixture);
      await toEpoch(f, EPOCH);
      const prover = f.nodes[2];
      await enterProverTicket(f, prover, EPOCH);
      // Epoch 3 stays empty; epoch 4 gets a block in its first slot, so the oldest unproven epoch is 4.
      await proposeBlock(f, f.nodes[0], CLAIM_OPENS, txsOf(1));
      await inSlot(f.genesis, CLAIM_OPENS + 1n);
      await expect(f.coordinator.connect(prover.operator).claimAsDesignatedProver(EPOCH, prover.pid, prover.salt))
        .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__NothingToProve")
        .withArgs(EPOCH);
      expect((await f.coordinator.epochClaim(EPOCH)).status).to.equal(Status.None);
    });
  });

  describe("claimProofRight", function () {
    it("records a quote countersigned by the current slot's proposer and takes the bond", async function () {
      const f = await loadFixture(quoteFixture);
      const quote = quoteOf(f);
      const domain = await coordinatorDomain(f);
      expect(await f.coordinator.quoteDigest(quote)).to.equal(ethers.TypedDataEncoder.hash(domain, QUOTE_TYPES, quote));
      const before = await f.token.balanceOf(f.prover.address);
      await expect(claimWith(f, quote))
        .to.emit(f.coordinator, "ProofRightClaimed")
        .withArgs(EPOCH, f.prover.address, f.proposer.address, PROVER_FEE, BOND, false);
      expect(await f.token.balanceOf(f.prover.address)).to.equal(before - BOND);
      const claim = await f.coordinator.epochClaim(EPOCH);
      expect([claim.prover, claim.proposer, claim.bond, claim.basisPointFee, claim.status]).to.deep.equal([
        f.prover.address,
        f.proposer.address,
        BOND,
        BigInt(PROVER_FEE),
        Status.Claimed,
      ]);
      expect(await f.coordinator.totalBonds()).to.equal(BOND);
      await expectBalancesMatch(f);
    });

    describe("seed 003's six checks, each with its own error", function () {
      it("1. the epoch is in its claim phase (ProverCoordinator__NotInClaimPhase)", async function () {
        const f = await loadFixture(epochFixture);
        await toEpoch(f, EPOCH + 1n);
        const g = { ...f, proposer: f.nodes[3].operator, prover: f.signers[8] } as unknown as QuoteFixture;
        // Still the designated prover's priority window.
        await expect(claimWith(g, quoteOf(g), { slot: PRIORITY_ENDS - 1n }))
          .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__NotInClaimPhase")
          .withArgs(EPOCH, PRIORITY_ENDS - 1n, PRIORITY_ENDS, CLAIM_CLOSES);
        await expect(claimWith(g, quoteOf(g, { validUntilSlot: CLAIM_CLOSES }), { slot: CLAIM_CLOSES }))
          .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__NotInClaimPhase")
          .withArgs(EPOCH, CLAIM_CLOSES, PRIORITY_ENDS, CLAIM_CLOSES);
      });

      it("2. nobody claimed the epoch yet (ProverCoordinator__AlreadyClaimed)", async function () {
        const f = await loadFixture(epochFixture);
        await toEpoch(f, EPOCH + 1n);
        const designated = f.nodes[2];
        await f.coordinator
          .connect(designated.operator)
          .claimAsDesignatedProver(EPOCH, designated.pid, designated.salt);
        await proposeBlock(f, f.nodes[3], PRIORITY_ENDS, txsOf(3));
        const g = { ...f, proposer: f.nodes[3].operator, prover: f.signers[8] } as unknown as QuoteFixture;
        await expect(claimWith(g, quoteOf(g)))
          .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__AlreadyClaimed")
          .withArgs(EPOCH, designated.operator.address);
        await expectBalancesMatch(f);
      });

      it("3. the proposer of the current slot countersigned for this slot (NotCurrentProposer, NoProposerForSlot)", async function () {
        const f = await loadFixture(quoteFixture);
        const quote = quoteOf(f);
        const stranger = f.nodes[1].operator;
        await expect(claimWith(f, quote, { proposerSigner: stranger }))
          .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__NotCurrentProposer")
          .withArgs(stranger.address, f.proposer.address);
        // The right proposer, but its acceptance names another slot.
        const otherSlot = await countersignQuote(f, f.proposer, quote, PRIORITY_ENDS + 1n);
        const recovered = ethers.recoverAddress(await f.coordinator.acceptanceDigest(quote, PRIORITY_ENDS), otherSlot);
        await expect(claimWith(f, quote, { acceptedSlot: PRIORITY_ENDS + 1n }))
          .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__NotCurrentProposer")
          .withArgs(recovered, f.proposer.address);
        // Slot 133 has no proposal: nobody can countersign for it.
        await expect(claimWith(f, quote, { slot: PRIORITY_ENDS + 1n }))
          .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__NoProposerForSlot")
          .withArgs(PRIORITY_ENDS + 1n);
      });

      it("4. the prover sends the claim (ProverCoordinator__ProverNotSender)", async function () {
        const f = await loadFixture(quoteFixture);
        const sender = f.signers[9];
        await expect(claimWith(f, quoteOf(f), { sender }))
          .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__ProverNotSender")
          .withArgs(f.prover.address, sender.address);
      });

      it("5. the quote is for the previous epoch (ProverCoordinator__NotPreviousEpoch)", async function () {
        const f = await loadFixture(quoteFixture);
        for (const epoch of [EPOCH + 1n, EPOCH - 1n]) {
          await expect(claimWith(f, quoteOf(f, { epoch })))
            .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__NotPreviousEpoch")
            .withArgs(epoch, EPOCH + 1n);
        }
      });

      it("6. the bond is transferred (the token's error when the prover cannot pay)", async function () {
        const f = await loadFixture(quoteFixture);
        const broke = f.signers[13]; // no tokens, no allowance
        const quote = quoteOf(f, { prover: broke.address });
        await expect(claimWith(f, quote, { sender: broke, proverSigner: broke }))
          .to.be.revertedWithCustomError(f.token, "ERC20InsufficientAllowance")
          .withArgs(await f.coordinator.getAddress(), 0n, BOND);
        expect((await f.coordinator.epochClaim(EPOCH)).status).to.equal(Status.None);
      });
    });

    it("refuses a quote signed by someone else, expired, with a bond out of range or a fee above the maximum", async function () {
      const f = await loadFixture(quoteFixture);
      const forger = f.signers[9];
      await expect(claimWith(f, quoteOf(f), { proverSigner: forger }))
        .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__InvalidProverSignature")
        .withArgs(forger.address, f.prover.address);
      const expired = quoteOf(f, { validUntilSlot: PRIORITY_ENDS - 1n });
      await expect(claimWith(f, expired))
        .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__QuoteExpired")
        .withArgs(PRIORITY_ENDS - 1n, PRIORITY_ENDS);
      for (const bond of [MIN_BOND - 1n, 2n ** 96n]) {
        await expect(claimWith(f, quoteOf(f, { bond })))
          .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__BondOutOfRange")
          .withArgs(bond, MIN_BOND);
      }
      // The deployment's maxQuoteFee bounds what one proposer can hand a prover of the whole epoch's rewards.
      const maxFee = COORDINATOR_CONFIG.maxQuoteFee;
      await expect(claimWith(f, quoteOf(f, { basisPointFee: maxFee + 1 })))
        .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__FeeTooHigh")
        .withArgs(maxFee + 1, maxFee);
      // The largest fee is accepted, with the smallest bond.
      await expect(claimWith(f, quoteOf(f, { basisPointFee: maxFee, bond: MIN_BOND }))).to.emit(
        f.coordinator,
        "ProofRightClaimed",
      );
      await expectBalancesMatch(f);
    });

    describe("replays", function () {
      const foreignDomains: [string, (f: QuoteFixture) => Promise<Partial<Domain>>][] = [
        ["another chain", async () => ({ chainId: 1n })],
        // Same chain and domain name, another verifying contract (as another coordinator deployment would be).
        ["another contract", async (f) => ({ verifyingContract: await f.rollup.getAddress() })],
      ];
      for (const [where, change] of foreignDomains) {
        it(`a quote and acceptance signed for ${where} are refused`, async function () {
          const f = await loadFixture(quoteFixture);
          const quote = quoteOf(f);
          const foreign = { ...(await coordinatorDomain(f)), ...(await change(f)) };
          const acceptance = await countersignQuote(f, f.proposer, quote, PRIORITY_ENDS, foreign);
          await expect(claimWith(f, quote, { proverDomain: foreign, proposerDomain: foreign }))
            .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__NotCurrentProposer")
            .withArgs(
              ethers.recoverAddress(await f.coordinator.acceptanceDigest(quote, PRIORITY_ENDS), acceptance),
              f.proposer.address,
            );
          // Even countersigned here, the prover's signature from elsewhere does not hold.
          const proverSignature = await signQuote(f, f.prover, quote, foreign);
          await expect(claimWith(f, quote, { proverDomain: foreign }))
            .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__InvalidProverSignature")
            .withArgs(ethers.recoverAddress(await f.coordinator.quoteDigest(quote), proverSignature), f.prover.address);
          // Signed for this coordinator, the same quote holds.
          await expect(claimWith(f, quote)).to.emit(f.coordinator, "ProofRightClaimed");
          await expectBalancesMatch(f);
        });
      }

      describe("another epoch", function () {
        /** Epoch 5 with node 3's block D in slot 164 (epoch 4's first quote slot); epochs 3 and 4 unproven. */
        async function nextEpochFixture() {
          const f = await quoteFixture();
          await toEpoch(f, EPOCH + 2n);
          const slot = (EPOCH + 2n) * EPOCH_SLOTS + BigInt(COORDINATOR_CONFIG.priorityWindowSlots);
          await proposeBlock(f, f.nodes[3], slot, txsOf(4));
          return { ...f, slot };
        }

        it("epochs are claimed in order (ProverCoordinator__EarlierEpochUnproven)", async function () {
          const f = await loadFixture(nextEpochFixture);
          await expect(claimWith(f, quoteOf(f, { epoch: EPOCH + 1n, validUntilSlot: f.slot }), { slot: f.slot }))
            .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__EarlierEpochUnproven")
            .withArgs(EPOCH + 1n, EPOCH);
        });

        it("epoch 3's signed quote cannot claim epoch 4, as it is or re-labelled", async function () {
          const f = await loadFixture(nextEpochFixture);
          const proof = await proofOf(f, f.signers[10]);
          await inSlot(f.genesis, f.slot);
          await f.coordinator.connect(f.signers[10]).submitEpochProof(EPOCH, [f.hA, f.hB], proof);
          // Signed in epoch 4's claim window for epoch 3, replayed in epoch 5's.
          const old = quoteOf(f, { validUntilSlot: f.slot });
          const proverSignature = await signQuote(f, f.prover, old);
          const acceptance = await countersignQuote(f, f.proposer, old, PRIORITY_ENDS);
          await inSlot(f.genesis, f.slot);
          await expect(f.coordinator.connect(f.prover).claimProofRight(old, proverSignature, acceptance))
            .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__NotPreviousEpoch")
            .withArgs(EPOCH, EPOCH + 2n);
          // The same prover signature on the quote re-labelled for epoch 4, countersigned afresh.
          const relabelled = { ...old, epoch: EPOCH + 1n };
          const freshAcceptance = await countersignQuote(f, f.proposer, relabelled, f.slot);
          await expect(f.coordinator.connect(f.prover).claimProofRight(relabelled, proverSignature, freshAcceptance))
            .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__InvalidProverSignature")
            .withArgs(
              ethers.recoverAddress(await f.coordinator.quoteDigest(relabelled), proverSignature),
              f.prover.address,
            );
          // Signed for epoch 4, it holds.
          await expect(claimWith(f, relabelled, { slot: f.slot }))
            .to.emit(f.coordinator, "ProofRightClaimed")
            .withArgs(EPOCH + 1n, f.prover.address, f.proposer.address, PROVER_FEE, BOND, false);
          await expectBalancesMatch(f);
        });
      });
    });
  });

  describe("submitEpochProof", function () {
    it("refuses epochs not over, empty header lists, epochs out of order, and wrong header lists", async function () {
      const f = await loadFixture(quoteFixture);
      const submit = (epoch: bigint, headers: (typeof f.hA)[], proof = "0x") =>
        f.coordinator.connect(f.signers[9]).submitEpochProof(epoch, headers, proof);
      await inSlot(f.genesis, CLAIM_CLOSES);
      await expect(submit(EPOCH + 1n, [f.hC]))
        .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__EpochNotOver")
        .withArgs(EPOCH + 1n, EPOCH + 1n);
      await expect(submit(EPOCH, [])).to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__NoHeaders");
      await expect(submit(EPOCH - 1n, [f.hA]))
        .to.be.revertedWithCustomError(f.rollup, "Rollup__NotNextEpoch")
        .withArgs(EPOCH - 1n, EPOCH);
      await expect(submit(EPOCH, [f.hB, f.hA]))
        .to.be.revertedWithCustomError(f.rollup, "Rollup__HeaderMismatch")
        .withArgs(0n, 1n);
      await expect(submit(EPOCH, [f.hA, f.hB, f.hC, f.hC]))
        .to.be.revertedWithCustomError(f.rollup, "Rollup__HeaderMismatch")
        .withArgs(3n, 4n);
      await expect(submit(EPOCH, [f.hA]))
        .to.be.revertedWithCustomError(f.rollup, "Rollup__IncompleteEpoch")
        .withArgs(EPOCH, 2n);
      await expect(submit(EPOCH, [f.hA, f.hB, f.hC]))
        .to.be.revertedWithCustomError(f.rollup, "Rollup__HeaderOutsideEpoch")
        .withArgs(2n, EPOCH);
    });

    it("refuses an invalid proof through the verifier, and an unclaimed epoch before the race opens", async function () {
      const f = await loadFixture(quoteFixture);
      const racer = f.signers[9];
      const proof = await proofOf(f, racer);
      const { counts, chunks } = decodeProof(proof);
      chunks[0][2] = chunks[1][2]; // block B's chunk's `c` in block A's chunk proof
      const tampered = encodeProof(counts, chunks);
      await inSlot(f.genesis, CLAIM_CLOSES);
      await expect(f.coordinator.connect(racer).submitEpochProof(EPOCH, [f.hA, f.hB], tampered))
        .to.be.revertedWithCustomError(f.verifier, "EpochProofVerifier__InvalidChunkProof")
        .withArgs(0n);
      const f2 = await loadFixture(quoteFixture);
      await inSlot(f2.genesis, CLAIM_CLOSES - 1n);
      await expect(f2.coordinator.connect(racer).submitEpochProof(EPOCH, [f2.hA, f2.hB], proof))
        .to.be.revertedWithCustomError(f2.coordinator, "ProverCoordinator__ProofRaceNotOpen")
        .withArgs(EPOCH, CLAIM_CLOSES);
    });

    it("open race: with no claim, the first valid proof after the claim window wins the prover fee", async function () {
      const f = await loadFixture(quoteFixture);
      const racer = f.signers[9];
      const proof = await proofOf(f, racer);
      const [a, b] = [f.nodes[0].operator.address, f.nodes[1].operator.address];
      const pay = standardPayout(f, DEFAULT_FEE, racer.address, racer.address);
      const reserve = await f.pool.reserve();
      await inSlot(f.genesis, CLAIM_CLOSES);
      await expect(f.coordinator.connect(racer).submitEpochProof(EPOCH, [f.hA, f.hB], proof))
        .to.emit(f.coordinator, "EpochProven")
        .withArgs(...pay.event)
        .and.to.emit(f.rollup, "BlocksProven")
        .withArgs(EPOCH, 1n, 2n, f.hB.newState)
        .and.to.emit(f.coordinator, "ProposerRewarded")
        .withArgs(EPOCH, a, pay.proposerShares[0])
        .and.to.emit(f.coordinator, "ProposerRewarded")
        .withArgs(EPOCH, b, pay.proposerShares[1]);
      expect(pay.rewards).to.equal(2n * BLOCK_REWARD + B_FEES / 2n);
      await expectOwed(f, racer.address, pay.proverFee + pay.submitterFee + pay.dust);
      await expectOwed(f, a, pay.proposerShares[0]);
      await expectOwed(f, b, pay.proposerShares[1]);
      // Everything that came in is credited: rewards plus B's kept half of its fees.
      expect(await f.coordinator.totalOwed()).to.equal(2n * BLOCK_REWARD + B_FEES);
      expect(await f.pool.reserve()).to.equal(reserve - 2n * BLOCK_REWARD);
      const tips = await f.rollup.tips();
      expect([tips.provenBlock, tips.pendingBlock, tips.provenState, tips.oldestUnprovenSlot]).to.deep.equal([
        2n,
        3n,
        f.hB.newState,
        PRIORITY_ENDS,
      ]);
      expect(await f.rollup.totalEscrowedFees()).to.equal(0n);
      await expectBalancesMatch(f);
      // An epoch is proven once.
      await expect(f.coordinator.connect(racer).submitEpochProof(EPOCH, [f.hA, f.hB], proof))
        .to.be.revertedWithCustomError(f.rollup, "Rollup__NotNextEpoch")
        .withArgs(EPOCH, EPOCH + 1n);
    });

    it("credits a proposer of several blocks once, with the sum of its blocks' shares", async function () {
      const f = await loadFixture(sameProposerFixture);
      const racer = f.signers[9];
      const proposer = f.nodes[0].operator.address;
      const proof = await epochProofOf(f.blocks, racer);
      const pay = expectedPayout(
        f.headers.map((h) => ({ fees: BigInt(h.fees) })),
        DEFAULT_FEE,
      );
      await inSlot(f.genesis, CLAIM_CLOSES);
      const tx = f.coordinator.connect(racer).submitEpochProof(EPOCH, f.headers, proof);
      await expect(tx)
        .to.emit(f.coordinator, "ProposerRewarded")
        .withArgs(EPOCH, proposer, pay.proposerShares[0] + pay.proposerShares[1]);
      const logs = (await (await tx).wait())!.logs;
      const rewarded = logs.filter((l) => f.coordinator.interface.parseLog(l)?.name === "ProposerRewarded");
      expect(rewarded).to.have.length(1);
      expect(await f.coordinator.rewardsOf(proposer)).to.equal(pay.proposerShares[0] + pay.proposerShares[1]);
      await expectBalancesMatch(f);
    });

    it("an epoch that brings no rewards (no block reward, no fees) credits nobody", async function () {
      const f = await loadFixture(zeroRewardFixture);
      const racer = f.signers[9];
      const proof = await epochProofOf(f.blocks, racer);
      const last = f.headers[1];
      await inSlot(f.genesis, CLAIM_CLOSES);
      await expect(f.coordinator.connect(racer).submitEpochProof(EPOCH, f.headers, proof))
        .to.emit(f.coordinator, "EpochProven")
        .withArgs(EPOCH, 1n, 2n, last.newState, racer.address, racer.address, 0n, 0n, 0n)
        .and.to.emit(f.pool, "Released")
        .withArgs(0n, 0n)
        .and.not.to.emit(f.coordinator, "ProposerRewarded");
      expect(await f.coordinator.rewardsOf(racer.address)).to.equal(0n);
      expect(await f.coordinator.rewardsOf(f.nodes[0].operator.address)).to.equal(0n);
      expect(await f.coordinator.totalOwed()).to.equal(0n);
      expect((await f.rollup.tips()).provenBlock).to.equal(2n);
      await expectBalancesMatch(f);
    });

    it("a claim in force: the claimant is paid its quoted fee and its bond back, the proof's beneficiary the submitter share", async function () {
      const f = await loadFixture(quoteFixture);
      // The claimant's job distributor bound the proof to a payout address of its own; a relay sends it.
      const payout = f.signers[10];
      const proof = await proofOf(f, payout);
      await claimWith(f, quoteOf(f));
      const relay = f.signers[9];
      const pay = standardPayout(f, BigInt(PROVER_FEE), f.prover.address, payout.address);
      await inSlot(f.genesis, PROOF_DEADLINE - 1n);
      await expect(f.coordinator.connect(relay).submitEpochProof(EPOCH, [f.hA, f.hB], proof))
        .to.emit(f.coordinator, "EpochProven")
        .withArgs(...pay.event)
        .and.to.emit(f.coordinator, "BondReleased")
        .withArgs(EPOCH, f.prover.address, BOND);
      await expectOwed(f, f.prover.address, BOND + pay.proverFee);
      await expectOwed(f, payout.address, pay.submitterFee + pay.dust);
      await expectOwed(f, relay.address, 0n);
      expect((await f.coordinator.epochClaim(EPOCH)).status).to.equal(Status.Proven);
      expect(await f.coordinator.totalBonds()).to.equal(0n);
      await expectBalancesMatch(f);
    });

    it("rescue: after the claimant's deadline a rescuer proves, takes the rescue share of the bond; the rest is burned", async function () {
      const f = await loadFixture(quoteFixture);
      const rescuer = f.signers[9];
      await claimWith(f, quoteOf(f));
      const rescued = (BOND * BigInt(COORDINATOR_CONFIG.rescueShare)) / 10_000n;
      const burned = await f.token.balanceOf(BURN_ADDRESS);
      await expectRescue(f, rescuer, rescuer, rescued);
      await expectOwed(f, f.prover.address, 0n);
      expect(await f.token.balanceOf(BURN_ADDRESS)).to.equal(burned + BOND - rescued);
      expect((await f.coordinator.epochClaim(EPOCH)).status).to.equal(Status.Slashed);
      expect(await f.coordinator.totalBonds()).to.equal(0n);
      await expectBalancesMatch(f);
    });
  });

  describe("a proof copied from the mempool pays its author, never its copier", function () {
    it("in force: a copier sending the claimant's proof earns nothing; the claimant gets fee, share and bond", async function () {
      const f = await loadFixture(quoteFixture);
      const proof = await proofOf(f, f.prover);
      await claimWith(f, quoteOf(f));
      const copier = f.signers[11];
      const pay = standardPayout(f, BigInt(PROVER_FEE), f.prover.address, f.prover.address);
      await inSlot(f.genesis, PROOF_DEADLINE - 1n);
      await expect(f.coordinator.connect(copier).submitEpochProof(EPOCH, [f.hA, f.hB], proof))
        .to.emit(f.coordinator, "EpochProven")
        .withArgs(...pay.event);
      await expectOwed(f, copier.address, 0n);
      await expectOwed(f, f.prover.address, BOND + pay.proverFee + pay.submitterFee + pay.dust);
      await expectBalancesMatch(f);
    });

    it("open race: the bound address becomes the epoch's prover, whoever sends the proof first", async function () {
      const f = await loadFixture(quoteFixture);
      const author = f.signers[9];
      const copier = f.signers[11];
      const proof = await proofOf(f, author);
      const pay = standardPayout(f, DEFAULT_FEE, author.address, author.address);
      await inSlot(f.genesis, CLAIM_CLOSES);
      await expect(f.coordinator.connect(copier).submitEpochProof(EPOCH, [f.hA, f.hB], proof))
        .to.emit(f.coordinator, "EpochProven")
        .withArgs(...pay.event);
      await expectOwed(f, copier.address, 0n);
      await expectOwed(f, author.address, pay.proverFee + pay.submitterFee + pay.dust);
      await expectBalancesMatch(f);
    });

    it("rescue: the rescue share of the slashed bond goes to the bound address, not to the copier", async function () {
      const f = await loadFixture(quoteFixture);
      const author = f.signers[9];
      const copier = f.signers[11];
      await claimWith(f, quoteOf(f));
      const rescued = (BOND * BigInt(COORDINATOR_CONFIG.rescueShare)) / 10_000n;
      await expectRescue(f, author, copier, rescued);
      await expectOwed(f, copier.address, 0n);
      await expectBalancesMatch(f);
    });

    it("refuses a bundle whose chunks name different beneficiaries (EpochProofVerifier__MixedProvers)", async function () {
      const f = await loadFixture(quoteFixture);
      const [x, y] = [f.signers[9], f.signers[10]];
      const boundToX = decodeProof(await proofOf(f, x));
      const boundToY = decodeProof(await proofOf(f, y));
      // Block A's chunk bound to X, block B's (chunk 1) bound to Y: each proof is valid on its own.
      const mixed = encodeProof(boundToX.counts, [boundToX.chunks[0], boundToY.chunks[1]]);
      await inSlot(f.genesis, CLAIM_CLOSES);
      await expect(f.coordinator.connect(x).submitEpochProof(EPOCH, [f.hA, f.hB], mixed))
        .to.be.revertedWithCustomError(f.verifier, "EpochProofVerifier__MixedProvers")
        .withArgs(1n, x.address, y.address);
    });
  });

  describe("slashMissedClaim", function () {
    it("slashes an unproven claim once the final deadline passed: rescue share to the reward pool, rest burned", async function () {
      const f = await loadFixture(quoteFixture);
      await claimWith(f, quoteOf(f));
      await inSlot(f.genesis, FINAL_DEADLINE - 1n);
      await expect(f.coordinator.slashMissedClaim(EPOCH))
        .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__NotSlashable")
        .withArgs(EPOCH, Status.Claimed, FINAL_DEADLINE);
      const rescued = (BOND * BigInt(COORDINATOR_CONFIG.rescueShare)) / 10_000n;
      const reserve = await f.pool.reserve();
      const burned = await f.token.balanceOf(BURN_ADDRESS);
      await inSlot(f.genesis, FINAL_DEADLINE);
      await expect(f.coordinator.slashMissedClaim(EPOCH))
        .to.emit(f.coordinator, "BondSlashed")
        .withArgs(EPOCH, f.prover.address, await f.pool.getAddress(), rescued, BOND - rescued)
        .and.to.emit(f.rollup, "PendingChainPruned")
        .withArgs(0n, 3n, false);
      expect(await f.pool.reserve()).to.equal(reserve + rescued);
      expect(await f.token.balanceOf(BURN_ADDRESS)).to.equal(burned + BOND - rescued);
      expect((await f.coordinator.epochClaim(EPOCH)).status).to.equal(Status.Slashed);
      await expectBalancesMatch(f);
      await expect(f.coordinator.slashMissedClaim(EPOCH))
        .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__NotSlashable")
        .withArgs(EPOCH, Status.Slashed, FINAL_DEADLINE);
      // Unclaimed epochs have nothing to slash; the pruned epoch can no longer be proven.
      await expect(f.coordinator.slashMissedClaim(EPOCH - 1n))
        .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__NotSlashable")
        .withArgs(EPOCH - 1n, Status.None, FINAL_DEADLINE - EPOCH_SLOTS);
      await expect(f.coordinator.submitEpochProof(EPOCH, [f.hA, f.hB], "0x"))
        .to.be.revertedWithCustomError(f.rollup, "Rollup__NotNextEpoch")
        .withArgs(EPOCH, ethers.MaxUint256);
    });
  });

  describe("rescue share at its bounds", function () {
    it("a rescue share of 0: a missed claim's bond is all burned, by slashMissedClaim or by a rescuer's proof", async function () {
      const f = await loadFixture(noRescueFixture);
      await claimWith(f, quoteOf(f));
      const snapshot = await ethers.provider.send("evm_snapshot", []);
      const reserve = await f.pool.reserve();
      const burned = await f.token.balanceOf(BURN_ADDRESS);
      await inSlot(f.genesis, FINAL_DEADLINE);
      await expect(f.coordinator.slashMissedClaim(EPOCH))
        .to.emit(f.coordinator, "BondSlashed")
        .withArgs(EPOCH, f.prover.address, await f.pool.getAddress(), 0n, BOND);
      expect(await f.pool.reserve()).to.equal(reserve);
      expect(await f.token.balanceOf(BURN_ADDRESS)).to.equal(burned + BOND);
      await expectBalancesMatch(f);

      await ethers.provider.send("evm_revert", [snapshot]);
      await expectRescue(f, f.signers[9], f.signers[9], 0n);
      expect(await f.token.balanceOf(BURN_ADDRESS)).to.equal(burned + BOND);
      await expectBalancesMatch(f);
    });

    it("a rescue share of 100%: a missed claim's bond all goes to the reward pool, none is burned", async function () {
      const f = await loadFixture(fullRescueFixture);
      await claimWith(f, quoteOf(f));
      const reserve = await f.pool.reserve();
      const burned = await f.token.balanceOf(BURN_ADDRESS);
      await inSlot(f.genesis, FINAL_DEADLINE);
      await expect(f.coordinator.slashMissedClaim(EPOCH))
        .to.emit(f.coordinator, "BondSlashed")
        .withArgs(EPOCH, f.prover.address, await f.pool.getAddress(), BOND, 0n);
      expect(await f.pool.reserve()).to.equal(reserve + BOND);
      expect(await f.token.balanceOf(BURN_ADDRESS)).to.equal(burned);
      await expectBalancesMatch(f);
    });
  });

  describe("claim ring reuse", function () {
    it("a claim left unsettled past its final deadline is slashed when its ring entry is claimed again", async function () {
      const f = await loadFixture(quoteFixture);
      await claimWith(f, quoteOf(f));
      const reuser = EPOCH + (await f.coordinator.claimRingSize()); // epoch 6 takes epoch 3's entry
      for (let epoch = EPOCH + 2n; epoch <= reuser; epoch++) await toEpoch(f, epoch);
      await f.rollup.prune();
      await proposeBlock(f, f.nodes[3], reuser * EPOCH_SLOTS + 1n, txsOf(7));
      const designated = f.nodes[2];
      await enterProverTicket(f, designated, reuser);
      await toEpoch(f, reuser + 1n);
      const rescued = (BOND * BigInt(COORDINATOR_CONFIG.rescueShare)) / 10_000n;
      const reserve = await f.pool.reserve();
      await expect(
        f.coordinator.connect(designated.operator).claimAsDesignatedProver(reuser, designated.pid, designated.salt),
      )
        .to.emit(f.coordinator, "BondSlashed")
        .withArgs(EPOCH, f.prover.address, await f.pool.getAddress(), rescued, BOND - rescued)
        .and.to.emit(f.coordinator, "ProofRightClaimed")
        .withArgs(reuser, designated.operator.address, designated.operator.address, DEFAULT_FEE, MIN_BOND, true);
      expect(await f.pool.reserve()).to.equal(reserve + rescued);
      expect(await f.coordinator.totalBonds()).to.equal(MIN_BOND);
      expect((await f.coordinator.epochClaim(EPOCH)).status).to.equal(Status.None);
      await expectBalancesMatch(f);
    });
  });

  describe("withdrawRewards", function () {
    it("sends the caller's credits to `to` once; refuses nothing to withdraw and the zero address", async function () {
      const f = await loadFixture(quoteFixture);
      const racer = f.signers[9];
      const proof = await proofOf(f, racer);
      const to = f.signers[10];
      await inSlot(f.genesis, CLAIM_CLOSES);
      await f.coordinator.connect(racer).submitEpochProof(EPOCH, [f.hA, f.hB], proof);
      const owed = await f.coordinator.rewardsOf(racer.address);
      expect(owed).to.be.greaterThan(0n);
      await expect(f.coordinator.connect(racer).withdrawRewards(ethers.ZeroAddress)).to.be.revertedWithCustomError(
        f.coordinator,
        "ProverCoordinator__ZeroAddress",
      );
      const before = await f.token.balanceOf(to.address);
      await expect(f.coordinator.connect(racer).withdrawRewards(to.address))
        .to.emit(f.coordinator, "RewardsWithdrawn")
        .withArgs(racer.address, to.address, owed);
      expect(await f.token.balanceOf(to.address)).to.equal(before + owed);
      await expectOwed(f, racer.address, 0n);
      await expectBalancesMatch(f);
      await expect(f.coordinator.connect(racer).withdrawRewards(to.address))
        .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__NoRewards")
        .withArgs(racer.address);
    });
  });

  describe("hooks for the rollup", function () {
    it("rewardBasedBlock and voidClaim are the rollup's only (ProverCoordinator__NotRollup)", async function () {
      const f = await loadFixture(rollupFixture);
      const caller = f.signers[7];
      await expectCallerRefused(f.coordinator, "ProverCoordinator__NotRollup", caller.address, [
        () => f.coordinator.connect(caller).rewardBasedBlock(caller.address),
        () => f.coordinator.connect(caller).voidClaim(EPOCH),
      ]);
    });

    it("refuses a reward pool payout that arrives short (ProverCoordinator__TransferShort, fee-on-transfer token)", async function () {
      const f = await deployRollup(await deployRegistry({ token: "fee", bindSlasher: false }));
      const { sendBasedBlock } = await idleBasedBlock(f);
      // The pool sends the block reward; the token takes 1% on the way.
      await expect(sendBasedBlock())
        .to.be.revertedWithCustomError(f.coordinator, "ProverCoordinator__TransferShort")
        .withArgs(BLOCK_REWARD, BLOCK_REWARD - BLOCK_REWARD / 100n);
    });

    it("rewards a based block with nothing, and credits nothing, when the pool pays nothing (no block reward)", async function () {
      const f = await deployRollup(await deployRegistry({ bindSlasher: false }), {
        coordinatorConfig: { blockReward: 0n },
      });
      const { sendBasedBlock } = await idleBasedBlock(f);
      const submitter = f.signers[0].address;
      await expect(sendBasedBlock())
        .to.emit(f.pool, "Released")
        .withArgs(0n, 0n)
        .and.to.emit(f.coordinator, "BasedBlockRewarded")
        .withArgs(submitter, 0n);
      expect(await f.coordinator.rewardsOf(submitter)).to.equal(0n);
      expect(await f.coordinator.totalOwed()).to.equal(0n);
      await expectBalancesMatch(f);
    });
  });

  describe("re-entrancy guard", function () {
    // Every token-moving entry point is `nonReentrant`. A stake token that calls back into the coordinator while
    // the reward pool pays it a based block's reward (inside `rewardBasedBlock`) meets the guard, whichever entry
    // point it calls.
    const reentries: Record<string, (f: ReentrantFixture) => string> = {
      claimAsDesignatedProver: (f) =>
        f.coordinator.interface.encodeFunctionData("claimAsDesignatedProver", [0n, ethers.ZeroHash, ethers.ZeroHash]),
      claimProofRight: (f) => {
        const quote = { prover: f.signers[0].address, epoch: 0n, basisPointFee: 0, bond: MIN_BOND, validUntilSlot: 0n };
        return f.coordinator.interface.encodeFunctionData("claimProofRight", [quote, "0x", "0x"]);
      },
      submitEpochProof: (f) =>
        f.coordinator.interface.encodeFunctionData("submitEpochProof", [0n, [f.header], f.proof]),
      slashMissedClaim: (f) => f.coordinator.interface.encodeFunctionData("slashMissedClaim", [0n]),
      withdrawRewards: (f) => f.coordinator.interface.encodeFunctionData("withdrawRewards", [f.signers[0].address]),
      rewardBasedBlock: (f) => f.coordinator.interface.encodeFunctionData("rewardBasedBlock", [f.signers[0].address]),
      voidClaim: (f) => f.coordinator.interface.encodeFunctionData("voidClaim", [0n]),
    };

    for (const [name, calldata] of Object.entries(reentries)) {
      it(`${name} refuses a call made while the coordinator is mid-call (ReentrancyGuardReentrantCall)`, async function () {
        const f = await loadFixture(reentrantFixture);
        await expectReentryRefused(f, f.coordinator, calldata(f));
      });
    }
  });
});
