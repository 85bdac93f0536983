import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { encodeEpochProof, proveBlock, releaseProver } from "@blockage/circuits";
import { inSlot, vrfEntry } from "../lottery/fixtures";
import { EPOCH_SLOTS } from "../registry/helpers";
import {
  BLOCK_REWARD,
  COORDINATOR_CONFIG,
  MIN_BOND,
  advanceTo,
  countersignQuote,
  enterProverTicket,
  epochProofOf,
  type ReentrantFixture,
  expectBalancesMatch,
  expectReentryRefused,
  proposeBlock,
  reentrantFixture,
  rollupFixture,
  signQuote,
  toEpoch,
  txsOf,
} from "./fixtures";

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
      await proveBlock({ prevState: hA.prevState, txs: txsA, prover: prover.operator.address }),
      await proveBlock({ prevState: hB.prevState, txs: txsB, prover: prover.operator.address }),
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

  it("runs three epochs in a row: a designated claim, a countersigned quote and an open race, each with a real epoch proof", async function () {
    const f = await loadFixture(rollupFixture);
    const [n0, n1, n2, n3] = f.nodes;
    const relay = f.signers[9];
    const racer = f.signers[10];
    const at = (epoch: bigint, offset: bigint) => epoch * EPOCH_SLOTS + offset;
    const blocks: { header: Awaited<ReturnType<typeof proposeBlock>>; txs: bigint[] }[] = [];
    const propose = async (node: typeof n0, slot: bigint, tag: number, fees = 0n) => {
      const txs = txsOf(tag);
      blocks.push({ header: await proposeBlock(f, node, slot, txs, { fees }), txs });
    };
    const prove = async (signer: typeof relay, epoch: bigint, from: number, to: number) => {
      const proof = await epochProofOf(blocks.slice(from, to), signer);
      const headers = blocks.slice(from, to).map((b) => b.header);
      await expect(f.coordinator.connect(signer).submitEpochProof(epoch, headers, proof)).to.emit(
        f.coordinator,
        "EpochProven",
      );
      const tips = await f.rollup.tips();
      expect(tips.provenBlock).to.equal(BigInt(to));
      expect(tips.provenState).to.equal(headers[headers.length - 1].newState);
      await expectBalancesMatch(f);
    };

    // Epoch 3: two blocks; node 2 holds the prover ticket.
    await toEpoch(f, 3n);
    await propose(n0, at(3n, 1n), 31);
    await propose(n1, at(3n, 2n), 32, 4n * 10n ** 18n);
    await enterProverTicket(f, n2, 3n);

    // Epoch 4: node 2 claims epoch 3 in the priority window and proves it; two more blocks.
    await advanceTo(f, at(4n, 0n));
    await f.coordinator.connect(n2.operator).claimAsDesignatedProver(3n, n2.pid, n2.salt);
    await propose(n3, at(4n, 5n), 41);
    await propose(n0, at(4n, 6n), 42);
    await advanceTo(f, at(4n, 7n));
    await prove(n2.operator, 3n, 0, 2);

    // Epoch 5: a prover outside the node set claims epoch 4 with a quote countersigned by the slot's proposer, and
    // has a relay submit its proof.
    await propose(n1, at(5n, 5n), 51);
    const quote = {
      prover: racer.address,
      epoch: 4n,
      basisPointFee: 1_200,
      bond: 2n * MIN_BOND,
      validUntilSlot: at(5n, 6n),
    };
    await f.coordinator
      .connect(racer)
      .claimProofRight(
        quote,
        await signQuote(f, racer, quote),
        await countersignQuote(f, n1.operator, quote, at(5n, 5n)),
      );
    await propose(n3, at(5n, 6n), 52);
    await advanceTo(f, at(5n, 9n));
    const racerBefore = await f.coordinator.rewardsOf(racer.address);
    await prove(relay, 4n, 2, 4);
    const rewards4 = 2n * BLOCK_REWARD;
    expect((await f.coordinator.rewardsOf(racer.address)) - racerBefore).to.equal(
      2n * MIN_BOND + (rewards4 * 1_200n) / 10_000n,
    );

    // Epoch 6: nobody claims epoch 5; after the claim window anyone may prove it at the default fee.
    await advanceTo(f, at(6n, BigInt(COORDINATOR_CONFIG.claimWindowSlots)));
    const before = await f.coordinator.rewardsOf(relay.address);
    await prove(relay, 5n, 4, 6);
    const rewards5 = 2n * BLOCK_REWARD;
    const fee = (rewards5 * BigInt(COORDINATOR_CONFIG.defaultProverFee)) / 10_000n;
    const share = (rewards5 * BigInt(COORDINATOR_CONFIG.submitterShare)) / 10_000n;
    expect((await f.coordinator.rewardsOf(relay.address)) - before).to.equal(fee + share);
    expect(await f.coordinator.totalBonds()).to.equal(0n);
  });
});

describe("Rollup: re-entrancy guard", function () {
  this.timeout(300_000);
  after(releaseProver);

  // Every token-moving entry point is `nonReentrant`. A stake token that calls back into the rollup while a based
  // block's reward is paid (inside `proposeBased`) meets the guard, whichever entry point it calls.
  const reentries: Record<string, (f: ReentrantFixture) => string> = {
    propose: (f) => {
      const entry = vrfEntry(11, ethers.ZeroHash, "SEQUENCER");
      const proposal = { pid: ethers.ZeroHash, salt: ethers.ZeroHash, header: f.header };
      return f.rollup.interface.encodeFunctionData("propose", [proposal, f.txs, entry.proof, entry.hints]);
    },
    proposeWithReveal: (f) => {
      const proposal = { pid: ethers.ZeroHash, salt: ethers.ZeroHash, header: f.header };
      return f.rollup.interface.encodeFunctionData("proposeWithReveal", [proposal, f.txs, ethers.ZeroHash]);
    },
    proposeViaBuilder: (f) => {
      const entry = vrfEntry(11, ethers.ZeroHash, "SEQUENCER");
      const proposal = { pid: ethers.ZeroHash, salt: ethers.ZeroHash, header: f.header };
      return f.rollup.interface.encodeFunctionData("proposeViaBuilder", [
        proposal,
        f.txs,
        entry.proof,
        entry.hints,
        0n,
        "0x",
      ]);
    },
    proposeBased: (f) => f.rollup.interface.encodeFunctionData("proposeBased", [f.header, f.txs, f.proof]),
    challengeBlock: (f) => f.rollup.interface.encodeFunctionData("challengeBlock", [1n, f.header, f.txs]),
    markProven: (f) => f.rollup.interface.encodeFunctionData("markProven", [0n, [f.header]]),
  };

  for (const [name, calldata] of Object.entries(reentries)) {
    it(`${name} refuses a call made while the rollup is mid-call (ReentrancyGuardReentrantCall)`, async function () {
      const f = await loadFixture(reentrantFixture);
      await expectReentryRefused(f, f.rollup, calldata(f));
    });
  }
});
