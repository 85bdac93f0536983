// Rollup backup modes and evidence: based blocks with their proof, pruning at the final deadline and the refund of
// pruned fees, invalid-block challenges (slash, reporter share, voided claim), the coordinator-only hook, and the
// upgrade vote tally of proven blocks.
import { expect } from "chai";
import { ethers } from "hardhat";
import { impersonateAccount, loadFixture, setBalance, time } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { FIELD_MODULUS, releaseProver } from "@blockage/circuits";
import { inSlot, lotteryFixture } from "../lottery/fixtures";
import { E18, EPOCH_SLOTS } from "../registry/helpers";
import {
  BURN_ADDRESS,
  BLOCK_REWARD,
  B_FEES,
  GENESIS_STATE,
  MIN_BOND,
  ROLLUP_CONFIG,
  type RollupFixture,
  advanceTo,
  deployRollup,
  enterProverTicket,
  epochFixture,
  type ProverLike,
  epochProofOf,
  expectBalancesMatch,
  headerOn,
  proposeBlock,
  rollupFixture,
  sendProposal,
  toEpoch,
  txsOf,
} from "./fixtures";

const EPOCH = 3n;
const FIRST = EPOCH * EPOCH_SLOTS;
/** Epoch 3's final deadline: the first slot of epoch 4 plus `finalDeadlineSlots`. */
const FINAL_DEADLINE = (EPOCH + 1n) * EPOCH_SLOTS + BigInt(ROLLUP_CONFIG.finalDeadlineSlots);

/** A based block of `txs` on the tip in `slot`, with a real proof bound to `prover` (signer 7 by default). */
async function basedBlock(
  f: RollupFixture,
  slot: bigint,
  txs: bigint[],
  options: { upgradeVote?: string; prover?: ProverLike } = {},
) {
  const header = await headerOn(f.rollup, slot, txs, { fees: 3n * E18, upgradeVote: options.upgradeVote });
  const proof = await epochProofOf([{ header, txs }], options.prover ?? f.signers[7]);
  return { header, proof, hash: await f.rollup.headerHash(header) };
}

describe("Rollup: based mode", function () {
  this.timeout(120_000);
  after(releaseProver);

  const SLOT = 50n; // epoch 1: the chain is at genesis (slot 0), idle for far more than basedDelaySlots
  const VOTE = ethers.id("payload Y");

  it("adds a proven block with its proof and credits the block reward to its prover; its vote does not count", async function () {
    const f = await loadFixture(rollupFixture);
    const submitter = f.signers[7];
    const txs = txsOf(1);
    const { header, proof, hash } = await basedBlock(f, SLOT, txs, { upgradeVote: VOTE });
    const reserve = await f.pool.reserve();
    const balance = await f.token.balanceOf(submitter.address);
    await inSlot(f.genesis, SLOT);
    await expect(f.rollup.connect(submitter).proposeBased(header, txs, proof))
      .to.emit(f.rollup, "BasedBlockProven")
      .withArgs(1n, SLOT, submitter.address, hash)
      .and.to.emit(f.pool, "Released")
      .withArgs(BLOCK_REWARD, BLOCK_REWARD)
      .and.to.emit(f.coordinator, "BasedBlockRewarded")
      .withArgs(submitter.address, BLOCK_REWARD)
      .and.not.to.emit(f.rollup, "UpgradeVoteCounted");
    expect(await f.coordinator.rewardsOf(submitter.address)).to.equal(BLOCK_REWARD);
    expect(await f.pool.reserve()).to.equal(reserve - BLOCK_REWARD);
    // The declared fees stay with the submitter: nothing is escrowed.
    expect(await f.token.balanceOf(submitter.address)).to.equal(balance);
    expect(await f.rollup.totalEscrowedFees()).to.equal(0n);
    const tips = await f.rollup.tips();
    expect([
      tips.provenBlock,
      tips.pendingBlock,
      tips.tipSlot,
      tips.provenState,
      tips.tipState,
      tips.tipHash,
    ]).to.deep.equal([1n, 1n, SLOT, header.newState, header.newState, hash]);
    const record = await f.rollup.blockRecord(1n);
    expect([record.pid, record.proposer, record.fees]).to.deep.equal([ethers.ZeroHash, submitter.address, 0n]);
    // Anyone can post based blocks on an idle chain: they come from no staked, lottery-ranked proposal.
    expect(await f.rollup.upgradeVotes(0n, VOTE)).to.equal(0n);
    await expectBalancesMatch(f);

    // basedDelaySlots idle slots are needed again after this block.
    const next = await headerOn(f.rollup, SLOT + 1n, txsOf(2));
    await inSlot(f.genesis, SLOT + 1n);
    await expect(f.rollup.proposeBased(next, txsOf(2), proof))
      .to.be.revertedWithCustomError(f.rollup, "Rollup__BasedModeNotOpen")
      .withArgs(SLOT + 1n, SLOT + BigInt(ROLLUP_CONFIG.basedDelaySlots) + 1n);
  });

  it("a based block's proof copied from the mempool pays its author: record, event and reward name the bound address", async function () {
    const f = await loadFixture(rollupFixture);
    const author = f.signers[7];
    const copier = f.signers[8];
    const txs = txsOf(1);
    const { header, proof, hash } = await basedBlock(f, SLOT, txs, { prover: author });
    await inSlot(f.genesis, SLOT);
    await expect(f.rollup.connect(copier).proposeBased(header, txs, proof))
      .to.emit(f.rollup, "BasedBlockProven")
      .withArgs(1n, SLOT, author.address, hash)
      .and.to.emit(f.coordinator, "BasedBlockRewarded")
      .withArgs(author.address, BLOCK_REWARD);
    expect(await f.coordinator.rewardsOf(copier.address)).to.equal(0n);
    expect(await f.coordinator.rewardsOf(author.address)).to.equal(BLOCK_REWARD);
    expect((await f.rollup.blockRecord(1n)).proposer).to.equal(author.address);
    await expectBalancesMatch(f);
  });

  it("refuses a header for another slot (Rollup__WrongSlot) and a proof of other transactions", async function () {
    const f = await loadFixture(rollupFixture);
    const txs = txsOf(1);
    const { header, proof } = await basedBlock(f, SLOT, txs);
    await inSlot(f.genesis, SLOT + 1n);
    await expect(f.rollup.proposeBased(header, txs, proof))
      .to.be.revertedWithCustomError(f.rollup, "Rollup__WrongSlot")
      .withArgs(SLOT, SLOT + 1n);
    // The proof of txsOf(1) for a block of txsOf(2): the verifier's error surfaces unchanged.
    const other = await headerOn(f.rollup, SLOT + 1n, txsOf(2));
    await expect(f.rollup.proposeBased(other, txsOf(2), proof))
      .to.be.revertedWithCustomError(f.verifier, "EpochProofVerifier__BlockStateMismatch")
      .withArgs(0n, other.newState, header.newState);
    expect((await f.rollup.tips()).pendingBlock).to.equal(0n);
  });

  it("is closed while blocks are unproven (Rollup__BasedModeUnprovenBlocks)", async function () {
    const f = await loadFixture(epochFixture);
    const txs = txsOf(3);
    const header = await headerOn(f.rollup, FIRST + 10n, txs);
    await inSlot(f.genesis, FIRST + 10n);
    await expect(f.rollup.proposeBased(header, txs, "0x"))
      .to.be.revertedWithCustomError(f.rollup, "Rollup__BasedModeUnprovenBlocks")
      .withArgs(0n, 2n);
  });

  it("a slot whose block is a proven based block cannot be contested (Rollup__SlotTaken)", async function () {
    const f = await loadFixture(rollupFixture);
    await toEpoch(f, EPOCH);
    const slot = FIRST + 1n;
    const txs = txsOf(1);
    const { header, proof } = await basedBlock(f, slot, txs);
    await inSlot(f.genesis, slot);
    await f.rollup.proposeBased(header, txs, proof);
    const rival = await headerOn(f.rollup, slot, txsOf(2), {
      parent: { hash: header.parent as string, state: GENESIS_STATE },
    });
    await expect(sendProposal(f, f.nodes[0], rival, txsOf(2)))
      .to.be.revertedWithCustomError(f.rollup, "Rollup__SlotTaken")
      .withArgs(slot);
    await expectBalancesMatch(f);
  });
});

describe("Rollup: pruning", function () {
  it("drops the unproven blocks at the final deadline, not before; pruned fees are refunded once", async function () {
    const f = await loadFixture(epochFixture);
    const proposerB = f.nodes[1].operator;
    await inSlot(f.genesis, FINAL_DEADLINE - 1n);
    await expect(f.rollup.refundPrunedFees(2n))
      .to.be.revertedWithCustomError(f.rollup, "Rollup__NothingToRefund")
      .withArgs(2n);
    expect(await f.rollup.prune.staticCall()).to.equal(false);
    await expect(f.rollup.prune()).not.to.emit(f.rollup, "PendingChainPruned");
    expect((await f.rollup.tips()).pendingBlock).to.equal(2n);

    await inSlot(f.genesis, FINAL_DEADLINE);
    // Called on the pending block (the one at the final deadline), prune reports that it prunes.
    expect(await f.rollup.prune.staticCall({ blockTag: "pending" })).to.equal(true);
    await expect(f.rollup.prune()).to.emit(f.rollup, "PendingChainPruned").withArgs(0n, 2n, false);
    const tips = await f.rollup.tips();
    expect([tips.provenBlock, tips.pendingBlock, tips.tipSlot, tips.tipState]).to.deep.equal([
      0n,
      0n,
      0n,
      GENESIS_STATE,
    ]);
    expect(tips.tipHash).to.equal(f.hA.parent);
    expect(await f.rollup.prune.staticCall()).to.equal(false);
    // Fees stay escrowed until claimed back.
    expect(await f.rollup.totalEscrowedFees()).to.equal(B_FEES);
    await expectBalancesMatch(f);

    const before = await f.token.balanceOf(proposerB.address);
    await expect(f.rollup.refundPrunedFees(2n))
      .to.emit(f.rollup, "FeesRefunded")
      .withArgs(2n, proposerB.address, B_FEES);
    expect(await f.token.balanceOf(proposerB.address)).to.equal(before + B_FEES);
    expect(await f.rollup.totalEscrowedFees()).to.equal(0n);
    await expect(f.rollup.refundPrunedFees(2n))
      .to.be.revertedWithCustomError(f.rollup, "Rollup__NothingToRefund")
      .withArgs(2n);
    // Block 1 declared no fees.
    await expect(f.rollup.refundPrunedFees(1n))
      .to.be.revertedWithCustomError(f.rollup, "Rollup__NothingToRefund")
      .withArgs(1n);
    await expectBalancesMatch(f);
  });

  it("the next proposal past the deadline prunes first, builds on the proven tip and refunds what it overwrites", async function () {
    const f = await loadFixture(epochFixture);
    await toEpoch(f, EPOCH + 2n);
    const node = f.nodes[3];
    const proposerB = f.nodes[1].operator;
    const txs = txsOf(5);
    const genesis = { hash: f.hA.parent as string, state: GENESIS_STATE };
    const header = await headerOn(f.rollup, FINAL_DEADLINE, txs, { parent: genesis });
    await expect(sendProposal(f, node, header, txs))
      .to.emit(f.rollup, "PendingChainPruned")
      .withArgs(0n, 2n, false)
      .and.to.emit(f.rollup, "BlockProposed");
    expect((await f.rollup.tips()).pendingBlock).to.equal(1n);
    expect((await f.rollup.blockRecord(1n)).headerHash).to.equal(await f.rollup.headerHash(header));
    await expectBalancesMatch(f);

    // Block 2's ring entry still holds B's fees: the proposal that reuses it sends them back.
    const before = await f.token.balanceOf(proposerB.address);
    await expect(proposeBlock(f, node, FINAL_DEADLINE + 1n, txsOf(6))).not.to.be.reverted;
    expect(await f.token.balanceOf(proposerB.address)).to.equal(before + B_FEES);
    await expect(f.rollup.refundPrunedFees(2n))
      .to.be.revertedWithCustomError(f.rollup, "Rollup__NothingToRefund")
      .withArgs(2n);
    expect(await f.rollup.totalEscrowedFees()).to.equal(0n);
    await expectBalancesMatch(f);
  });
});

describe("Rollup: challengeBlock", function () {
  const BAD_FEES = 6n * E18;

  /**
   * Epoch 3: node 0's block 1 declares a wrong new state (fees 6), node 1's block 2 builds on it; node 2, the
   * designated prover, claims epoch 3 in epoch 4's priority window.
   */
  async function invalidBlockFixture() {
    const f = await rollupFixture();
    await toEpoch(f, EPOCH);
    const txs = txsOf(1);
    const honest = await headerOn(f.rollup, FIRST + 1n, txs, { fees: BAD_FEES });
    const bad = { ...honest, newState: (honest.newState + 1n) % FIELD_MODULUS };
    await sendProposal(f, f.nodes[0], bad, txs);
    await proposeBlock(f, f.nodes[1], FIRST + 2n, txsOf(2));
    const prover = f.nodes[2];
    await enterProverTicket(f, prover, EPOCH);
    await toEpoch(f, EPOCH + 1n);
    await f.coordinator.connect(prover.operator).claimAsDesignatedProver(EPOCH, prover.pid, prover.salt);
    return { ...f, bad, txs };
  }

  it("slashes the proposer of an invalid block, pays the reporter, burns the rest, voids the claim and drops the block and its descendants", async function () {
    const f = await loadFixture(invalidBlockFixture);
    const reporter = f.signers[9];
    const node = f.nodes[0];
    const prover = f.nodes[2].operator;
    const slash = ROLLUP_CONFIG.invalidBlockSlash;
    const reward = (slash * BigInt(ROLLUP_CONFIG.reporterShare)) / 10_000n;
    const stake = (await f.registry.node(node.pid)).selfStake;
    const reporterBefore = await f.token.balanceOf(reporter.address);
    const burnBefore = await f.token.balanceOf(BURN_ADDRESS);
    expect(await f.coordinator.totalBonds()).to.equal(MIN_BOND);

    await inSlot(f.genesis, (EPOCH + 1n) * EPOCH_SLOTS + 1n);
    await expect(f.rollup.connect(reporter).challengeBlock(1n, f.bad, f.txs))
      .to.emit(f.rollup, "InvalidBlockSlashed")
      .withArgs(1n, node.pid, reporter.address, slash, reward)
      .and.to.emit(f.registry, "Slashed")
      .and.to.emit(f.coordinator, "BondReleased")
      .withArgs(EPOCH, prover.address, MIN_BOND);

    expect((await f.registry.node(node.pid)).selfStake).to.equal(stake - slash);
    expect(await f.token.balanceOf(reporter.address)).to.equal(reporterBefore + reward);
    expect(await f.token.balanceOf(BURN_ADDRESS)).to.equal(burnBefore + slash - reward);
    const claim = await f.coordinator.epochClaim(EPOCH);
    expect([claim.prover, claim.status]).to.deep.equal([ethers.ZeroAddress, 0n]);
    expect(await f.coordinator.totalBonds()).to.equal(0n);
    expect(await f.coordinator.rewardsOf(prover.address)).to.equal(MIN_BOND);
    const tips = await f.rollup.tips();
    expect([tips.provenBlock, tips.pendingBlock, tips.tipState, tips.tipHash]).to.deep.equal([
      0n,
      0n,
      GENESIS_STATE,
      f.bad.parent,
    ]);
    // The dropped block's escrowed fees go back to its proposer.
    await expect(f.rollup.refundPrunedFees(1n))
      .to.emit(f.rollup, "FeesRefunded")
      .withArgs(1n, node.operator.address, BAD_FEES);
    await expectBalancesMatch(f);
  });

  it("with invalidBlockSlash 0, drops the invalid block and its descendants but slashes, pays and burns nothing", async function () {
    const f = await deployRollup(await lotteryFixture({ bindSlasher: false }), {
      rollupConfig: { invalidBlockSlash: 0n },
    });
    await toEpoch(f, EPOCH);
    const txs = txsOf(1);
    const honest = await headerOn(f.rollup, FIRST + 1n, txs);
    const bad = { ...honest, newState: (honest.newState + 1n) % FIELD_MODULUS };
    await sendProposal(f, f.nodes[0], bad, txs);
    await proposeBlock(f, f.nodes[1], FIRST + 2n, txsOf(2));
    const node = f.nodes[0];
    const reporter = f.signers[9];
    const stake = (await f.registry.node(node.pid)).selfStake;
    const reporterBefore = await f.token.balanceOf(reporter.address);
    const burnBefore = await f.token.balanceOf(BURN_ADDRESS);
    await expect(f.rollup.connect(reporter).challengeBlock(1n, bad, txs))
      .to.emit(f.rollup, "InvalidBlockSlashed")
      .withArgs(1n, node.pid, reporter.address, 0n, 0n)
      .and.to.emit(f.rollup, "PendingChainPruned")
      .withArgs(0n, 2n, true)
      .and.not.to.emit(f.registry, "Slashed");
    expect((await f.registry.node(node.pid)).selfStake).to.equal(stake);
    expect(await f.token.balanceOf(reporter.address)).to.equal(reporterBefore);
    expect(await f.token.balanceOf(BURN_ADDRESS)).to.equal(burnBefore);
    expect((await f.rollup.tips()).pendingBlock).to.equal(0n);
    await expectBalancesMatch(f);
  });

  it("reports every dropped block in PendingChainPruned, the descendants of the invalid block too", async function () {
    const f = await loadFixture(invalidBlockFixture);
    await inSlot(f.genesis, (EPOCH + 1n) * EPOCH_SLOTS + 1n);
    await expect(f.rollup.challengeBlock(1n, f.bad, f.txs))
      .to.emit(f.rollup, "PendingChainPruned")
      .withArgs(0n, 2n, true);
  });

  it("a wrong txsCommitment with the right new state is evidence too", async function () {
    const f = await loadFixture(rollupFixture);
    await toEpoch(f, EPOCH);
    const txs = txsOf(1);
    const honest = await headerOn(f.rollup, FIRST + 1n, txs);
    const bad = { ...honest, txsCommitment: ethers.id("not these transactions") };
    const node = f.nodes[0];
    await sendProposal(f, node, bad, txs);
    const reporter = f.signers[9];
    const reward = (ROLLUP_CONFIG.invalidBlockSlash * BigInt(ROLLUP_CONFIG.reporterShare)) / 10_000n;
    await expect(f.rollup.connect(reporter).challengeBlock(1n, bad, txs))
      .to.emit(f.rollup, "InvalidBlockSlashed")
      .withArgs(1n, node.pid, reporter.address, ROLLUP_CONFIG.invalidBlockSlash, reward);
    expect((await f.rollup.tips()).pendingBlock).to.equal(0n);
    await expectBalancesMatch(f);
  });

  it("a block of the largest size the deployment allows (256 transactions) can be challenged within 15M gas", async function () {
    const f = await deployRollup(await lotteryFixture({ bindSlasher: false }), {
      rollupConfig: { maxTxsPerBlock: 256 },
    });
    await toEpoch(f, EPOCH);
    const txs = txsOf(1, 256);
    const honest = await headerOn(f.rollup, FIRST + 1n, txs);
    const bad = { ...honest, newState: (honest.newState + 1n) % FIELD_MODULUS };
    await sendProposal(f, f.nodes[0], bad, txs);
    // Sent with a 15M gas limit: it would run out of gas if the evidence cost more (about 10.2M is measured).
    const challenge = f.rollup.challengeBlock(1n, bad, txs, { gasLimit: 15_000_000n });
    await expect(challenge)
      .to.emit(f.rollup, "InvalidBlockSlashed")
      .withArgs(1n, f.nodes[0].pid, f.signers[0].address, ROLLUP_CONFIG.invalidBlockSlash, anyValue);
    expect((await (await challenge).wait())!.gasUsed).to.be.at.most(15_000_000n);
  });

  it("a proposer that unbonds cannot withdraw before its last block's final deadline: until then it can be slashed", async function () {
    // Unbonding period (2 epochs of 32 slots) equal to the final deadline: the boundary the deployment allows.
    const finalDeadlineSlots = 2 * Number(EPOCH_SLOTS);
    const f = await deployRollup(await lotteryFixture({ bindSlasher: false }), {
      rollupConfig: { finalDeadlineSlots },
    });
    const node = f.nodes[0];
    await toEpoch(f, EPOCH);
    await f.registry.connect(node.operator).unbond(node.pid);
    const { exitEpoch, withdrawableEpoch } = await f.registry.node(node.pid);
    // Its last epoch in the lottery is exitEpoch − 1: it proposes an invalid block in that epoch's last slot.
    const lastSlot = exitEpoch * EPOCH_SLOTS - 1n;
    await advanceTo(f, lastSlot);
    const txs = txsOf(5);
    const honest = await headerOn(f.rollup, lastSlot, txs);
    const bad = { ...honest, newState: (honest.newState + 1n) % FIELD_MODULUS };
    await sendProposal(f, node, bad, txs);
    const finalDeadline = exitEpoch * EPOCH_SLOTS + BigInt(finalDeadlineSlots);
    expect(withdrawableEpoch * EPOCH_SLOTS).to.equal(finalDeadline);
    // One slot before the final deadline: the withdrawal is refused, the block can still be challenged.
    await advanceTo(f, finalDeadline - 1n);
    await expect(f.registry.connect(node.operator).withdraw(node.pid))
      .to.be.revertedWithCustomError(f.registry, "NodeRegistry__WithdrawalTooEarly")
      .withArgs(node.pid, withdrawableEpoch, withdrawableEpoch - 1n);
    const stake = (await f.registry.node(node.pid)).selfStake;
    await inSlot(f.genesis, finalDeadline - 1n);
    await expect(f.rollup.challengeBlock(1n, bad, txs)).to.emit(f.rollup, "InvalidBlockSlashed");
    expect((await f.registry.node(node.pid)).selfStake).to.equal(stake - ROLLUP_CONFIG.invalidBlockSlash);
    // From the final deadline on, what is left may be withdrawn.
    await advanceTo(f, finalDeadline);
    await expect(f.registry.connect(node.operator).withdraw(node.pid)).to.emit(f.registry, "NodeWithdrawn");
  });

  it("refuses evidence against a valid block (Rollup__BlockValid)", async function () {
    const f = await loadFixture(epochFixture);
    await expect(f.rollup.challengeBlock(1n, f.hA, f.txsA))
      .to.be.revertedWithCustomError(f.rollup, "Rollup__BlockValid")
      .withArgs(1n);
    await expect(f.rollup.challengeBlock(2n, f.hB, f.txsB))
      .to.be.revertedWithCustomError(f.rollup, "Rollup__BlockValid")
      .withArgs(2n);
  });

  it("refuses blocks that are not unproven pending blocks, wrong headers and wrong transactions", async function () {
    const f = await loadFixture(epochFixture);
    for (const blockNumber of [0n, 3n]) {
      await expect(f.rollup.challengeBlock(blockNumber, f.hA, f.txsA))
        .to.be.revertedWithCustomError(f.rollup, "Rollup__NotChallengeable")
        .withArgs(blockNumber);
    }
    await expect(f.rollup.challengeBlock(1n, f.hB, f.txsB))
      .to.be.revertedWithCustomError(f.rollup, "Rollup__HeaderMismatch")
      .withArgs(0n, 1n);
    const other = txsOf(9);
    await expect(f.rollup.challengeBlock(1n, f.hA, other))
      .to.be.revertedWithCustomError(f.rollup, "Rollup__DaCommitmentMismatch")
      .withArgs(ethers.solidityPackedKeccak256(Array(16).fill("uint256"), other), f.hA.daCommitment);
  });
});

describe("Rollup: markProven", function () {
  it("only the coordinator may mark blocks proven (Rollup__NotCoordinator)", async function () {
    const f = await loadFixture(epochFixture);
    const caller = f.signers[7];
    await expect(f.rollup.connect(caller).markProven(EPOCH, [f.hA, f.hB]))
      .to.be.revertedWithCustomError(f.rollup, "Rollup__NotCoordinator")
      .withArgs(caller.address);
  });

  it("checks the epoch and the header list itself (Rollup__NotNextEpoch, Rollup__NoHeaders)", async function () {
    // The coordinator checks both before it calls; the rollup's own checks are reached by calling as the coordinator.
    const f = await loadFixture(epochFixture);
    const address = await f.coordinator.getAddress();
    await impersonateAccount(address);
    await setBalance(address, E18);
    const asCoordinator = f.rollup.connect(await ethers.getSigner(address));
    await expect(asCoordinator.markProven(EPOCH, []))
      .to.be.revertedWithCustomError(f.rollup, "Rollup__NoHeaders")
      .withArgs();
    await expect(asCoordinator.markProven(EPOCH + 1n, [f.hA]))
      .to.be.revertedWithCustomError(f.rollup, "Rollup__NotNextEpoch")
      .withArgs(EPOCH + 1n, EPOCH);
  });
});

describe("Rollup: upgrade votes", function () {
  this.timeout(120_000);
  after(releaseProver);

  it("counts the votes of proposals only when their blocks are proven, and signals the payload at the threshold", async function () {
    const f = await loadFixture(rollupFixture);
    const payload = ethers.id("upgrade payload X");
    await toEpoch(f, EPOCH);
    const round = (FIRST + 1n) / BigInt(ROLLUP_CONFIG.voteRoundSlots);
    const txsA = txsOf(1);
    const txsB = txsOf(2);
    const hA = await proposeBlock(f, f.nodes[0], FIRST + 1n, txsA, { upgradeVote: payload });
    const hB = await proposeBlock(f, f.nodes[1], FIRST + 2n, txsB, { upgradeVote: payload });
    expect(await f.rollup.upgradeVotes(round, payload)).to.equal(0n);

    const proof = await epochProofOf(
      [
        { header: hA, txs: txsA },
        { header: hB, txs: txsB },
      ],
      f.signers[7],
    );
    // Nobody claims epoch 3: the open race after the claim window.
    await inSlot(f.genesis, (EPOCH + 1n) * EPOCH_SLOTS + 8n);
    await expect(f.coordinator.connect(f.signers[7]).submitEpochProof(EPOCH, [hA, hB], proof))
      .to.emit(f.rollup, "UpgradeVoteCounted")
      .withArgs(round, payload, 1n)
      .and.to.emit(f.rollup, "UpgradeVoteCounted")
      .withArgs(round, payload, 2n)
      .and.to.emit(f.rollup, "UpgradePayloadReady")
      .withArgs(round, payload);
    expect(await f.rollup.upgradeVotes(round, payload)).to.equal(2n);
    expect(await f.rollup.upgradeVotes(round + 1n, payload)).to.equal(0n);
    await expectBalancesMatch(f);
  });
});

describe("Rollup: an epoch whose seed window got no snapshot", function () {
  this.timeout(120_000);
  after(releaseProver);

  it("moves on with the beacon's fallback seed: proposals, a prover ticket, a designated claim and the proof", async function () {
    const f = await loadFixture(rollupFixture);
    await toEpoch(f, EPOCH);
    const epoch = EPOCH + 1n;
    // Nothing happens on the rollup, the registry or the beacon during epoch 4's seed window: jump to its start.
    await time.setNextBlockTimestamp(await f.beacon.epochStart(epoch));
    await f.registry.rollEpoch();
    const inputs = await f.beacon.seedInputs(epoch);
    expect(inputs.isFallback).to.equal(true);

    const first = epoch * EPOCH_SLOTS;
    const txsA = txsOf(1);
    const txsB = txsOf(2);
    const hA = await proposeBlock(f, f.nodes[0], first + 1n, txsA, { fees: 2n * E18 });
    const hB = await proposeBlock(f, f.nodes[1], first + 2n, txsB);
    const prover = f.nodes[2];
    await expect(enterProverTicket(f, prover, epoch)).to.emit(f.coordinator, "ProverTicketAccepted");
    await toEpoch(f, epoch + 1n);
    expect((await f.beacon.seedInputs(epoch + 1n)).isFallback).to.equal(false);
    await f.coordinator.connect(prover.operator).claimAsDesignatedProver(epoch, prover.pid, prover.salt);
    const proof = await epochProofOf(
      [
        { header: hA, txs: txsA },
        { header: hB, txs: txsB },
      ],
      prover.operator,
    );
    await inSlot(f.genesis, (epoch + 1n) * EPOCH_SLOTS + 5n);
    await expect(f.coordinator.connect(f.signers[9]).submitEpochProof(epoch, [hA, hB], proof))
      .to.emit(f.coordinator, "EpochProven")
      .and.to.emit(f.rollup, "BlocksProven")
      .withArgs(epoch, 1n, 2n, hB.newState);
    // The beacon recorded epoch 4's seed as the fallback it is.
    const fixed = (await f.beacon.queryFilter(f.beacon.filters.SeedFixed())).filter(
      (e) => e.args.fromEpoch <= epoch && epoch <= e.args.toEpoch,
    );
    expect(fixed.map((e) => [e.args.anchorBlock, e.args.isFallback])).to.deep.equal([[inputs.anchorBlock, true]]);
    await expectBalancesMatch(f);
  });
});
