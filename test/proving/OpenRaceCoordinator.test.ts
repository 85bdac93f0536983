// The open-race mechanism (seed 004's example, DESIGN §9): prefix proofs in an open race, the turn prover's
// redundancy reward, the fallback to turns after an idle period, and the proving base fee's EIP-1559 rule with the
// L1 signal. Real epoch proofs, real VRF prover tickets, a real token.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { EPOCH_SLOTS, SLOT_DURATION } from "../registry/helpers";
import { inSlot, lotteryFixture, vrfEntry } from "../lottery/fixtures";
import {
  BLOCK_REWARD,
  ROLLUP_CONFIG,
  advanceTo,
  headerOn,
  proposeBlock,
  sendProposal,
  toEpoch,
  txsOf,
} from "../rollup/fixtures";
import { deployCooperative } from "./cooperative-fixtures";
import {
  BPS,
  IDLE_PERIOD,
  INITIAL_FEE,
  OPEN_RACE_CONFIG,
  REDUNDANCY_SHARE,
  REDUNDANCY_WINDOW,
  TARGET_LAG,
  TURN_PERIOD,
  deployOpenRace,
  enterTurnOrder,
  expectOpenRaceBalances,
  openRaceChainFixture,
  openRaceFixture,
  passSlot,
  prefixProof,
  provingFeeOf,
  stateUpdateOf,
  submitPrefix,
} from "./open-race-fixtures";

/** The spec's fee rule, written from the rule's text (the contract and the SDK must both agree with it). */
function nextFee(fee: bigint, lag: bigint, flagged: boolean): bigint {
  const clamped = lag > 2n * TARGET_LAG ? 2n * TARGET_LAG : lag;
  let delta = (fee * (clamped - TARGET_LAG)) / (TARGET_LAG * 8n); // BigInt division truncates toward zero
  if (flagged && delta < fee / 4n) delta = fee / 4n;
  const next = fee + delta;
  return next < OPEN_RACE_CONFIG.minProvingBaseFee ? OPEN_RACE_CONFIG.minProvingBaseFee : next;
}

describe("OpenRaceCoordinator", function () {
  describe("deployment", function () {
    it("plays the open-race mechanism with its parameters", async function () {
      const f = await loadFixture(openRaceFixture);
      expect((await f.rollup.config()).mechanism).to.equal(2n);
      const cfg = await f.coordinator.config();
      expect(cfg.initialProvingBaseFee).to.equal(INITIAL_FEE);
      expect(cfg.idlePeriod).to.equal(IDLE_PERIOD);
      expect(cfg.turnPeriod).to.equal(TURN_PERIOD);
      expect(await f.coordinator.TURN_PROVERS()).to.equal(4n);
      expect(await f.coordinator.provingBaseFee()).to.equal(INITIAL_FEE);
    });

    it("refuses parameters that cannot work, naming them", async function () {
      const cases: [Partial<typeof OPEN_RACE_CONFIG>, string][] = [
        [{ minProvingBaseFee: 0n }, "minProvingBaseFee"],
        [{ initialProvingBaseFee: 1n }, "initialProvingBaseFee"],
        [{ targetLagSlots: 0n }, "targetLagSlots"],
        [{ redundancyShare: 10_001n }, "redundancyShare"],
        [{ turnPeriod: 0n }, "turnPeriod"],
        // 48 slots of 12 s = 576 s until the final deadline: the idle period and four turns must fit in it.
        [{ idlePeriod: 577n - 4n * TURN_PERIOD }, "idlePeriod"],
        [{ flagQuorum: 0 }, "flagQuorum"],
        [{ minActiveEpochs: 17 }, "minActiveEpochs"],
      ];
      for (const [override, what] of cases) {
        const base = await lotteryFixture({ bindSlasher: false });
        await expect(deployOpenRace(base, { openRaceConfig: override }))
          .to.be.revertedWithCustomError(
            await ethers.getContractFactory("OpenRaceCoordinator"),
            "OpenRace__InvalidConfig",
          )
          .withArgs(what);
      }
    });

    it("refuses a rollup of another mechanism, and the Cooperative coordinator refuses an open-race rollup", async function () {
      const factory = await ethers.getContractFactory("OpenRaceCoordinator");
      const base = await lotteryFixture({ bindSlasher: false });
      await expect(deployOpenRace(base, { rollupConfig: { mechanism: 0 } }))
        .to.be.revertedWithCustomError(factory, "OpenRace__InvalidConfig")
        .withArgs("mechanism");
      const other = await lotteryFixture({ bindSlasher: false });
      await expect(deployCooperative(other, { rollupConfig: { mechanism: 2 } }))
        .to.be.revertedWithCustomError(
          await ethers.getContractFactory("CooperativeCoordinator"),
          "CooperativeCoordinator__InvalidConfig",
        )
        .withArgs("mechanism");
    });
  });

  describe("proposals pay the proving base fee", function () {
    it("refuses a proposal whose fees fall short of txCount × the epoch's fee, and rolls the fee once per epoch", async function () {
      const f = await loadFixture(openRaceFixture);
      await toEpoch(f, 5n);
      const slot = 5n * EPOCH_SLOTS + 1n;
      await advanceTo(f, slot);
      // Nothing unproven: lag 0, one step of −1/8 from the initial fee.
      const fee = nextFee(INITIAL_FEE, 0n, false);
      expect(await f.coordinator.provingBaseFee()).to.equal(fee);
      const txs = txsOf(1);
      const short = await headerOn(f.rollup, slot, txs, { fees: 16n * fee - 1n });
      await expect(sendProposal(f, f.nodes[0], short, txs))
        .to.be.revertedWithCustomError(f.rollup, "Rollup__ProvingFeeShort")
        .withArgs(16n * fee - 1n, 16n * fee);
      const exact = await headerOn(f.rollup, slot, txs, { fees: 16n * fee });
      await expect(sendProposal(f, f.nodes[0], exact, txs))
        .to.emit(f.coordinator, "ProvingBaseFeeRolled")
        .withArgs(5n, fee, 0n, 0n, false);
      expect(await f.coordinator.epochProvingBaseFee(5n)).to.equal(fee);
      // A second proposal in the epoch does not roll again.
      const next = await headerOn(f.rollup, slot + 1n, txsOf(2), { fees: 16n * fee });
      await expect(sendProposal(f, f.nodes[3], next, txsOf(2))).not.to.emit(f.coordinator, "ProvingBaseFeeRolled");
    });

    it("follows EIP-1559 toward the target lag, at most 1/8 per epoch", async function () {
      const f = await loadFixture(openRaceFixture);
      await toEpoch(f, 5n);
      let fee = nextFee(INITIAL_FEE, 0n, false);
      await proposeBlock(f, f.nodes[0], 5n * EPOCH_SLOTS + 1n, txsOf(1), { fees: 16n * fee });
      // Nobody proves: block 1 (slot 161) stays the oldest unproven block.
      for (const epoch of [6n, 7n]) {
        const lag = epoch * EPOCH_SLOTS - (5n * EPOCH_SLOTS + 1n);
        fee = nextFee(fee, lag, false);
        await advanceTo(f, epoch * EPOCH_SLOTS + 1n);
        await expect(f.coordinator.rollProvingBaseFee())
          .to.emit(f.coordinator, "ProvingBaseFeeRolled")
          .withArgs(epoch, fee, lag, 0n, false);
      }
      // Lag 63 slots against a target of 32: up by 31/256 of the fee.
      expect(fee).to.be.greaterThan(nextFee(INITIAL_FEE, 0n, false));
    });
  });

  describe("state updates (open race)", function () {
    it("pays the first valid proof of a prefix ending at a continued block", async function () {
      const f = await loadFixture(openRaceChainFixture);
      const [a] = f.blocks;
      const prover = f.provers[1];
      const proving = await provingFeeOf(f, a);
      await expect(submitPrefix(f, prover, [a]))
        .to.emit(f.rollup, "BlocksProven")
        .withArgs(f.epoch, 1n, 1n, a.header.newState)
        .and.to.emit(f.coordinator, "StateUpdated")
        .and.to.emit(f.coordinator, "ProposerRewarded")
        .withArgs(1n, f.proposers[0].operator.address, BigInt(a.header.fees) - proving + BLOCK_REWARD);
      // No prover-lottery ticket for epoch 5: no turn prover, no reserve.
      expect(await f.coordinator.rewardsOf(prover.operator.address)).to.equal(proving);
      expect(await f.coordinator.rewardsOf(f.proposers[0].operator.address)).to.equal(
        BigInt(a.header.fees) - proving + BLOCK_REWARD,
      );
      expect((await f.rollup.tips()).provenBlock).to.equal(1n);
      await expectOpenRaceBalances(f);
    });

    it("refuses the open tip, then takes it once its slot has passed; a later proof of the same blocks finds them proven", async function () {
      const f = await loadFixture(openRaceChainFixture);
      const prover = f.provers[1];
      // The proof first (seconds of proving), then the transaction pinned inside the tip's slot.
      const { headers, proof } = await prefixProof(f.blocks, prover.operator);
      await inSlot(f.genesis, BigInt(f.blocks[2].header.slot));
      await expect(f.coordinator.connect(prover.operator).submitProof(headers, proof))
        .to.be.revertedWithCustomError(f.rollup, "Rollup__NotCheckpoint")
        .withArgs(3n);
      await passSlot(f, BigInt(f.blocks[2].header.slot));
      await expect(submitPrefix(f, prover, f.blocks)).to.emit(f.coordinator, "StateUpdated");
      expect((await f.rollup.tips()).provenBlock).to.equal(3n);
      await expect(submitPrefix(f, f.provers[2], f.blocks)).to.be.revertedWithCustomError(
        f.rollup,
        "Rollup__HeaderMismatch",
      );
      await expectOpenRaceBalances(f);
    });

    it("refuses a prefix that skips the first unproven block, an empty one, and a proof bound to someone else is paid to them", async function () {
      const f = await loadFixture(openRaceChainFixture);
      const [a, b] = f.blocks;
      await expect(submitPrefix(f, f.provers[1], [b]))
        .to.be.revertedWithCustomError(f.rollup, "Rollup__HeaderMismatch")
        .withArgs(0n, 1n);
      await expect(f.coordinator.submitProof([], "0x")).to.be.revertedWithCustomError(
        f.coordinator,
        "OpenRace__NoHeaders",
      );
      // A relay sends prover 2's proof: prover 2 is paid, the relay nothing.
      const { headers, proof } = await prefixProof([a], f.provers[2].operator);
      await f.coordinator.connect(f.signers[9]).submitProof(headers, proof);
      expect(await f.coordinator.rewardsOf(f.provers[2].operator.address)).to.equal(await provingFeeOf(f, a));
      expect(await f.coordinator.rewardsOf(f.signers[9].address)).to.equal(0n);
    });
  });

  describe("redundancy", function () {
    async function updatedWithTurnProver() {
      const f = await openRaceChainFixture();
      // Node 0 is epoch 5's only prover-lottery ticket: its operator is the turn prover.
      await enterTurnOrder(f, f.provers[0], f.epoch);
      const [a] = f.blocks;
      await submitPrefix(f, f.provers[1], [a]);
      return { ...f, update: await stateUpdateOf(f, 0n), proving: await provingFeeOf(f, a) };
    }

    it("reserves the turn prover's share and pays it for its own proof of the same transition within the window", async function () {
      const f = await loadFixture(updatedWithTurnProver);
      const reserve = (f.proving * REDUNDANCY_SHARE) / BPS;
      expect(f.update.turnProver).to.equal(f.provers[0].operator.address);
      expect(f.update.reserve).to.equal(reserve);
      expect(await f.coordinator.rewardsOf(f.provers[1].operator.address)).to.equal(f.proving - reserve);
      expect(await f.coordinator.totalReserved()).to.equal(reserve);
      await expectOpenRaceBalances(f);

      const { headers, proof } = await prefixProof([f.blocks[0]], f.provers[0].operator);
      // Within the window whatever the proving took.
      await time.setNextBlockTimestamp(BigInt(f.update.time) + 10n);
      await expect(f.coordinator.connect(f.signers[9]).submitRedundantProof(0n, f.update, headers, proof))
        .to.emit(f.coordinator, "RedundancyRewarded")
        .withArgs(0n, f.provers[0].operator.address, reserve);
      expect(await f.coordinator.totalReserved()).to.equal(0n);
      expect(await f.coordinator.stateUpdateHash(0n)).to.equal(ethers.ZeroHash);
      await expect(f.coordinator.submitRedundantProof(0n, f.update, headers, proof)).to.be.revertedWithCustomError(
        f.coordinator,
        "OpenRace__UnknownUpdate",
      );
      await expectOpenRaceBalances(f);
    });

    it("refuses a proof bound to another prover, another transition, a forged record, and a late proof", async function () {
      const f = await loadFixture(updatedWithTurnProver);
      const other = await prefixProof([f.blocks[0]], f.provers[2].operator);
      await expect(f.coordinator.submitRedundantProof(0n, f.update, other.headers, other.proof))
        .to.be.revertedWithCustomError(f.coordinator, "OpenRace__NotTurnProver")
        .withArgs(f.provers[2].operator.address, f.provers[0].operator.address);
      const longer = await prefixProof(f.blocks.slice(0, 2), f.provers[0].operator);
      await expect(f.coordinator.submitRedundantProof(0n, f.update, longer.headers, longer.proof))
        .to.be.revertedWithCustomError(f.coordinator, "OpenRace__NotSameTransition")
        .withArgs(0n);
      const own = await prefixProof([f.blocks[0]], f.provers[0].operator);
      const forged = { ...f.update, reserve: BigInt(f.update.reserve) * 2n };
      await expect(f.coordinator.submitRedundantProof(0n, forged, own.headers, own.proof))
        .to.be.revertedWithCustomError(f.coordinator, "OpenRace__UnknownUpdate")
        .withArgs(0n);
      const closesAt = BigInt(f.update.time) + REDUNDANCY_WINDOW;
      await expect(f.coordinator.settleRedundancy(0n, f.update))
        .to.be.revertedWithCustomError(f.coordinator, "OpenRace__RedundancyWindowOpen")
        .withArgs(0n, closesAt);
      await time.setNextBlockTimestamp(closesAt + 1n);
      await expect(f.coordinator.submitRedundantProof(0n, f.update, own.headers, own.proof))
        .to.be.revertedWithCustomError(f.coordinator, "OpenRace__RedundancyWindowClosed")
        .withArgs(0n, closesAt);
    });

    it("after the window, settles an unearned reserve to the update's prover (anyone may call)", async function () {
      const f = await loadFixture(updatedWithTurnProver);
      await time.setNextBlockTimestamp(BigInt(f.update.time) + REDUNDANCY_WINDOW + 1n);
      await expect(f.coordinator.connect(f.signers[9]).settleRedundancy(0n, f.update))
        .to.emit(f.coordinator, "RedundancyReleased")
        .withArgs(0n, f.provers[1].operator.address, f.update.reserve);
      expect(await f.coordinator.rewardsOf(f.provers[1].operator.address)).to.equal(f.proving);
      await expect(f.coordinator.settleRedundancy(0n, f.update)).to.be.revertedWithCustomError(
        f.coordinator,
        "OpenRace__UnknownUpdate",
      );
      await expectOpenRaceBalances(f);
    });

    it("reserves nothing when the turn prover itself updates", async function () {
      const f = await loadFixture(openRaceChainFixture);
      await enterTurnOrder(f, f.provers[1], f.epoch);
      await submitPrefix(f, f.provers[1], [f.blocks[0]]);
      const update = await stateUpdateOf(f, 0n);
      expect(update.turnProver).to.equal(f.provers[1].operator.address);
      expect(update.reserve).to.equal(0n);
      expect(await f.coordinator.stateUpdateHash(0n)).to.equal(ethers.ZeroHash);
      expect(await f.coordinator.rewardsOf(f.provers[1].operator.address)).to.equal(await provingFeeOf(f, f.blocks[0]));
    });
  });

  describe("turn order and the fallback to turns", function () {
    async function rankedEpoch() {
      const f = await openRaceChainFixture();
      for (const node of f.provers.slice(0, 4)) {
        try {
          await enterTurnOrder(f, node, f.epoch);
        } catch {
          // A ticket that beats none of a full order is refused; the order keeps the four best either way.
        }
      }
      return f;
    }

    it("keeps the epoch's four best tickets in order, refuses a node twice, and names the best as designated prover", async function () {
      const f = await loadFixture(rankedEpoch);
      const order = await f.coordinator.turnOrder(f.epoch);
      expect(order.length).to.equal(4);
      for (let i = 1; i < order.length; i++) expect(order[i].raceTime).to.be.greaterThanOrEqual(order[i - 1].raceTime);
      expect((await f.coordinator.designatedProver(f.epoch)).pid).to.equal(order[0].pid);
      const ranked = f.provers.find((p) => p.pid === order[1].pid)!;
      await expect(enterTurnOrder(f, ranked, f.epoch))
        .to.be.revertedWithCustomError(f.coordinator, "OpenRace__AlreadyRanked")
        .withArgs(f.epoch, ranked.pid);
      // The fifth prover either displaces the fourth or is refused as not better, by its race time.
      const fifth = f.provers[4];
      const sigma = await f.beacon.seedFor(f.epoch, f.epoch * EPOCH_SLOTS, 2);
      const raceTime = await f.coordinator.computeRaceTime(
        vrfEntry(fifth.key, sigma, "PROVER").beta,
        await f.coordinator.weightAt(fifth.pid, f.epoch),
      );
      if (raceTime > order[3].raceTime) {
        await expect(enterTurnOrder(f, fifth, f.epoch)).to.be.revertedWithCustomError(
          f.coordinator,
          "Lottery__NotBetter",
        );
      } else {
        await expect(enterTurnOrder(f, fifth, f.epoch))
          .to.emit(f.coordinator, "TurnRanked")
          .withArgs(f.epoch, fifth.pid, anyValue, raceTime, order[3].pid);
      }
    });

    it("after the idle period, gives each ranked prover an exclusive turn in order, then reopens the race", async function () {
      const f = await loadFixture(rankedEpoch);
      const order = await f.coordinator.turnOrder(f.epoch);
      const [a] = f.blocks;
      const stallStart = (await f.coordinator.proofRight()).stallStart;
      expect((await f.coordinator.proofRight()).turnProver).to.equal(ethers.ZeroAddress);
      const turnsBegin = stallStart + IDLE_PERIOD;
      const nodeOf = (operator: string) => f.provers.find((p) => p.operator.address === operator)!;

      // Turn 1 (the second best): only its operator may update.
      await time.increaseTo(turnsBegin + TURN_PERIOD + 1n);
      const right = await f.coordinator.proofRight();
      expect(right.turnProver).to.equal(order[1].operator);
      expect(right.turnEndsAt).to.equal(turnsBegin + 2n * TURN_PERIOD);
      const outsider = f.provers.find((p) => p.operator.address !== order[1].operator)!;
      const holder = nodeOf(order[1].operator);
      const outsiderProof = await prefixProof([a], outsider.operator);
      const holderProof = await prefixProof([a], holder.operator);
      await time.setNextBlockTimestamp(turnsBegin + TURN_PERIOD + 5n);
      await expect(f.coordinator.connect(outsider.operator).submitProof(outsiderProof.headers, outsiderProof.proof))
        .to.be.revertedWithCustomError(f.coordinator, "OpenRace__NotYourTurn")
        .withArgs(order[1].operator, outsider.operator.address);
      await time.setNextBlockTimestamp(turnsBegin + TURN_PERIOD + 6n);
      await expect(f.coordinator.connect(holder.operator).submitProof(holderProof.headers, holderProof.proof)).to.emit(
        f.coordinator,
        "StateUpdated",
      );
      // The update restarts the idle clock: the race is open again.
      expect((await f.coordinator.proofRight()).turnProver).to.equal(ethers.ZeroAddress);
    });

    it("reopens the race after the four turns", async function () {
      const f = await loadFixture(rankedEpoch);
      const stallStart = (await f.coordinator.proofRight()).stallStart;
      const { headers, proof } = await prefixProof([f.blocks[0]], f.provers[4].operator);
      await time.increaseTo(stallStart + IDLE_PERIOD + 4n * TURN_PERIOD);
      await ethers.provider.send("evm_mine", []);
      expect((await f.coordinator.proofRight()).turnProver).to.equal(ethers.ZeroAddress);
      await expect(f.coordinator.connect(f.provers[4].operator).submitProof(headers, proof)).to.emit(
        f.coordinator,
        "StateUpdated",
      );
    });

    it("counts the stall from the oldest unproven block's slot when it is newer than the last update", async function () {
      const f = await loadFixture(openRaceChainFixture);
      const { stallStart } = await f.coordinator.proofRight();
      expect(stallStart).to.equal(f.genesis + BigInt(f.blocks[0].header.slot) * SLOT_DURATION);
    });
  });

  describe("the L1 signal", function () {
    it("lets active provers flag once per epoch, refuses others, and a quorum steps the next fee up by 1/4", async function () {
      const f = await loadFixture(openRaceChainFixture);
      const [a, b] = f.blocks;
      await submitPrefix(f, f.provers[1], [a]);
      await submitPrefix(f, f.provers[2], [b]);
      expect(await f.coordinator.activeEpochs(f.provers[1].operator.address)).to.equal(1n);
      await expect(f.coordinator.connect(f.signers[9]).flagPriceTooLow())
        .to.be.revertedWithCustomError(f.coordinator, "OpenRace__NotActiveProver")
        .withArgs(f.signers[9].address, 0n, 1n);
      await expect(f.coordinator.connect(f.provers[1].operator).flagPriceTooLow())
        .to.emit(f.coordinator, "PriceFlagged")
        .withArgs(f.epoch, f.provers[1].operator.address, 1n);
      await expect(f.coordinator.connect(f.provers[1].operator).flagPriceTooLow())
        .to.be.revertedWithCustomError(f.coordinator, "OpenRace__AlreadyFlagged")
        .withArgs(f.provers[1].operator.address, f.epoch);
      await f.coordinator.connect(f.provers[2].operator).flagPriceTooLow();

      const fee = await f.coordinator.epochProvingBaseFee(f.epoch);
      // Block 3 (slot 163) is unproven when epoch 6 starts: lag 29 < target, yet the quorum steps the fee up.
      const lag = 6n * EPOCH_SLOTS - BigInt(f.blocks[2].header.slot);
      expect(nextFee(fee, lag, false)).to.be.lessThan(fee);
      const expected = nextFee(fee, lag, true);
      expect(expected).to.equal(fee + fee / 4n);
      await advanceTo(f, 6n * EPOCH_SLOTS);
      await expect(f.coordinator.rollProvingBaseFee())
        .to.emit(f.coordinator, "ProvingBaseFeeRolled")
        .withArgs(6n, expected, lag, 2n, true);
      expect((await f.coordinator.provingFeeState()).flags).to.equal(0n);
    });
  });

  describe("rewards", function () {
    it("withdraws credited rewards and refuses an empty balance or the zero address", async function () {
      const f = await loadFixture(openRaceChainFixture);
      await submitPrefix(f, f.provers[1], [f.blocks[0]]);
      const owed = await f.coordinator.rewardsOf(f.provers[1].operator.address);
      await expect(
        f.coordinator.connect(f.provers[1].operator).withdrawRewards(ethers.ZeroAddress),
      ).to.be.revertedWithCustomError(f.coordinator, "OpenRace__ZeroAddress");
      await expect(
        f.coordinator.connect(f.provers[1].operator).withdrawRewards(f.signers[10].address),
      ).to.changeTokenBalances(f.token, [f.coordinator, f.signers[10]], [-owed, owed]);
      await expect(f.coordinator.connect(f.provers[1].operator).withdrawRewards(f.signers[10].address))
        .to.be.revertedWithCustomError(f.coordinator, "OpenRace__NoRewards")
        .withArgs(f.provers[1].operator.address);
      await expectOpenRaceBalances(f);
    });

    it("only the rollup may reward a based block or void a claim", async function () {
      const f = await loadFixture(openRaceFixture);
      await expect(f.coordinator.rewardBasedBlock(f.signers[0].address))
        .to.be.revertedWithCustomError(f.coordinator, "OpenRace__NotRollup")
        .withArgs(f.signers[0].address);
      await expect(f.coordinator.voidClaim(0n)).to.be.revertedWithCustomError(f.coordinator, "OpenRace__NotRollup");
      expect(ROLLUP_CONFIG.finalDeadlineSlots).to.equal(48);
    });
  });
});
