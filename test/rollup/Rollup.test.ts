import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { encodeEpochProof, proveBlock, releaseProver } from "@blockage/circuits";
import { inSlot, vrfEntry } from "../lottery/fixtures";
import { EPOCH_SLOTS } from "../registry/helpers";
import { BLOCK_REWARD, MIN_BOND, expectBalancesMatch, proposeBlock, rollupFixture, toEpoch, txsOf } from "./fixtures";

describe("Rollup + ProverCoordinator", function () {
  this.timeout(300_000);
  after(releaseProver);

  it("runs an epoch end to end: proposals, designated claim, real epoch proof, rewards", async function () {
    const f = await loadFixture(rollupFixture);
    const epoch = 3n;
    await toEpoch(f, epoch);
    const first = epoch * EPOCH_SLOTS;
    const [a, b, prover] = [f.nodes[0], f.nodes[1], f.nodes[2]];
    const txsA = txsOf(1);
    const txsB = txsOf(2, 32);
    const hA = await proposeBlock(f, a, first + 1n, txsA);
    const hB = await proposeBlock(f, b, first + 2n, txsB, { fees: 40n * 10n ** 18n });
    await expectBalancesMatch(f);

    const sigma = await f.beacon.seedFor(epoch, first, 2);
    const ticket = vrfEntry(prover.key, sigma, "PROVER");
    await f.coordinator
      .connect(prover.operator)
      .submitProverTicket(epoch, prover.pid, prover.salt, ticket.proof, ticket.hints);

    await toEpoch(f, epoch + 1n);
    await f.coordinator.connect(prover.operator).claimAsDesignatedProver(epoch, prover.pid, prover.salt);
    await expectBalancesMatch(f);
    expect(await f.coordinator.totalBonds()).to.equal(MIN_BOND);

    const blocks = [
      await proveBlock({ prevState: hA.prevState, txs: txsA }),
      await proveBlock({ prevState: hB.prevState, txs: txsB }),
    ];
    await inSlot(f.genesis, (epoch + 1n) * EPOCH_SLOTS + 5n);
    await expect(f.coordinator.connect(prover.operator).submitEpochProof(epoch, [hA, hB], encodeEpochProof(blocks)))
      .to.emit(f.coordinator, "EpochProven")
      .and.to.emit(f.rollup, "BlocksProven");
    const tips = await f.rollup.tips();
    expect(tips.provenBlock).to.equal(2n);
    expect(tips.provenState).to.equal(hB.newState);
    await expectBalancesMatch(f);
    // 2 block rewards + half of B's fees shared; B keeps the other half.
    const rewards = 2n * BLOCK_REWARD + 20n * 10n ** 18n;
    const owedA = await f.coordinator.rewardsOf(a.operator.address);
    const owedB = await f.coordinator.rewardsOf(b.operator.address);
    const owedProver = await f.coordinator.rewardsOf(prover.operator.address);
    expect(owedA + owedB + owedProver).to.equal(rewards + 20n * 10n ** 18n + MIN_BOND);
    expect(owedProver).to.equal(MIN_BOND + (rewards * 2_000n) / 10_000n + (rewards * 500n) / 10_000n + 0n);
    const before = await f.token.balanceOf(b.operator.address);
    await f.coordinator.connect(b.operator).withdrawRewards(b.operator.address);
    expect(await f.token.balanceOf(b.operator.address)).to.equal(before + owedB);
    await expectBalancesMatch(f);
  });
});
