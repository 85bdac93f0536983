import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { Lottery__factory } from "../../packages/client/src/typechain";
import {
  BOTH,
  EPOCH_DURATION,
  MIN_STAKE,
  Status,
  commKeyOf,
  deployRegistry,
  factory,
  pidOf,
  popOf,
  saltOf,
  vrfKeyOf,
} from "../registry/helpers";
import { DEFAULT_PARAMS, enterEpoch, firstSlotOf, inSlot, lotteryFixture, vrfEntry } from "./fixtures";

const SEQ = 1;
const PROV = 2;
const ZERO = ethers.ZeroHash;
const headerOf = (label: string) => ethers.keccak256(ethers.toUtf8Bytes(label));
const tieBreak = (pid: string, sigma: string) =>
  BigInt(ethers.solidityPackedKeccak256(["bytes32", "bytes32"], [pid, sigma]));

/** The fixture moved into epoch 3, the first epoch in which its four nodes are Active. */
async function epoch3Fixture() {
  const f = await lotteryFixture();
  await enterEpoch(f.registry, f.beacon, 3n);
  return { ...f, epoch: 3n };
}

describe("Lottery", function () {
  describe("deployment", function () {
    it("stores the parameters and shares the beacon's clock", async function () {
      const { lottery, commitReveal, beacon, registry } = await loadFixture(lotteryFixture);
      const p = await lottery.params();
      expect([p.alpha, p.beta, p.gamma, p.ageCap]).to.deep.equal([
        DEFAULT_PARAMS.alpha,
        DEFAULT_PARAMS.beta,
        DEFAULT_PARAMS.gamma,
        DEFAULT_PARAMS.ageCap,
      ]);
      expect(await lottery.beacon()).to.equal(await beacon.getAddress());
      expect(await lottery.registry()).to.equal(await registry.getAddress());
      expect(await lottery.currentSlot()).to.equal(await beacon.currentSlot());
      expect(await lottery.currentEpoch()).to.equal(await beacon.currentEpoch());
      expect(await lottery.commitRevealFallback()).to.equal(false);
      expect(await commitReveal.commitRevealFallback()).to.equal(true);
    });

    it("refuses parameters out of range", async function () {
      const { lotteryFactory, registry } = await loadFixture(lotteryFixture);
      const bad = [
        { ...DEFAULT_PARAMS, alpha: 0n },
        { ...DEFAULT_PARAMS, alpha: 15n * 10n ** 17n + 1n },
        { ...DEFAULT_PARAMS, beta: 10n ** 18n + 1n },
        { ...DEFAULT_PARAMS, gamma: 10n ** 18n + 1n },
        { ...DEFAULT_PARAMS, ageCap: 10_001n },
      ];
      for (const params of bad) {
        await expect(lotteryFactory.deploy(await registry.getAddress(), params, false))
          .to.be.revertedWithCustomError(lotteryFactory, "LotteryLib__InvalidParams")
          .withArgs(params.alpha, params.beta, params.gamma, params.ageCap);
      }
    });
  });

  describe("zero weights and age caps", function () {
    it("refuses an A_max above the registry's age cap", async function () {
      const { lotteryFactory, registry } = await loadFixture(lotteryFixture);
      await expect(lotteryFactory.deploy(await registry.getAddress(), { ...DEFAULT_PARAMS, ageCap: 257n }, false))
        .to.be.revertedWithCustomError(lotteryFactory, "Lottery__AgeCapAboveRegistry")
        .withArgs(257n, 256n);
    });

    it("refuses an entry whose weight rounds to zero (it could never win)", async function () {
      // A registry whose minimum stake is 1 wei: 1 wei weighs exp(ln 1e-18) < 1e-18, i.e. 0.
      const f = await deployRegistry({ minStake: 1n });
      const operator = f.signers[2];
      const salt = saltOf(31);
      await f.registry
        .connect(operator)
        .register(salt, 1n, vrfKeyOf(31), await popOf(f.registry, operator.address, salt, 31), commKeyOf(31), BOTH);
      const pid = pidOf(operator.address, salt);
      await time.setNextBlockTimestamp(f.genesis + EPOCH_DURATION);
      await f.registry.connect(operator).activate(pid);
      const lottery = await (
        await factory<Lottery__factory>("Lottery")
      ).deploy(await f.registry.getAddress(), DEFAULT_PARAMS, false);
      await enterEpoch(f.registry, f.beacon, 3n);
      expect(await lottery.weightAt(pid, 3n)).to.equal(0n);
      const sigma = await f.beacon.seedFor(3n, firstSlotOf(3n), PROV);
      const entry = vrfEntry(31, sigma, "PROVER");
      await expect(lottery.connect(operator).submitProverTicket(3n, pid, salt, entry.proof, entry.hints))
        .to.be.revertedWithCustomError(lottery, "Lottery__ZeroWeight")
        .withArgs(pid, 3n);
    });

    it("weighs a zero stake 0, whatever the age (ln 0 is never taken)", async function () {
      const { lottery } = await loadFixture(lotteryFixture);
      for (const age of [0n, 10n, 256n]) expect(await lottery.computeWeight(0n, age)).to.equal(0n);
      // The same age with a stake weighs more than nothing.
      expect(await lottery.computeWeight(MIN_STAKE, 10n)).to.be.greaterThan(0n);
    });
  });

  describe("weights", function () {
    it("weighs a node by its epoch stake and age, and not at all while it is not Active", async function () {
      const { lottery, registry, beacon, nodes, pending } = await loadFixture(epoch3Fixture);
      for (const node of nodes) {
        const inputs = await registry.nodeAt(node.pid, 3n);
        expect(inputs.status).to.equal(Status.Active);
        expect(await lottery.weightAt(node.pid, 3n)).to.equal(await lottery.computeWeight(inputs.stake, inputs.age));
        // Not yet Active in epoch 2 (activated in epoch 1, effective from epoch 3).
        expect(await lottery.weightAt(node.pid, 2n)).to.equal(0n);
      }
      expect(await lottery.weightAt(pending.pid, 3n)).to.equal(0n);
      // α = 1 and age 0: the weight is the stake in tokens, to within solady's approximation.
      const w = await lottery.weightAt(nodes[0].pid, 3n);
      expect(w).to.be.closeTo(MIN_STAKE, MIN_STAKE / 10n ** 15n);
      // Age raises the weight: (1 + 0.04·a)^0.3.
      await enterEpoch(registry, beacon, 10n);
      const aged = await lottery.weightAt(nodes[0].pid, 10n);
      const factor = Number(aged) / Number(w);
      expect(factor).to.be.closeTo((1 + 0.04 * 7) ** 0.3, 1e-12);
    });
  });

  describe("sequencer lottery", function () {
    it("accepts a valid proposal, stores it as the slot's best and reports its race time", async function () {
      const { lottery, beacon, genesis, nodes, epoch } = await loadFixture(epoch3Fixture);
      const node = nodes[0];
      const slot = firstSlotOf(epoch) + 1n;
      const sigma = await beacon.seedFor(epoch, slot, SEQ);
      const entry = vrfEntry(node.key, sigma, "SEQUENCER");
      const expected = await lottery.computeRaceTime(entry.beta, await lottery.weightAt(node.pid, epoch));
      await inSlot(genesis, slot);
      await expect(
        lottery
          .connect(node.operator)
          .propose({ pid: node.pid, salt: node.salt, slot, headerHash: headerOf("a") }, entry.proof, entry.hints),
      )
        .to.emit(lottery, "ProposalAccepted")
        .withArgs(slot, node.pid, headerOf("a"), expected, ZERO, 0);
      const best = await lottery.bestProposal(slot);
      expect([best.pid, best.headerHash, best.raceTime]).to.deep.equal([node.pid, headerOf("a"), expected]);
      // Another slot is untouched.
      expect((await lottery.bestProposal(slot + 1n)).pid).to.equal(ZERO);
    });

    it("keeps the best of several proposals whatever their order, and refuses every entry that does not beat it", async function () {
      const { lottery, beacon, genesis, nodes, epoch } = await loadFixture(epoch3Fixture);
      const sequencers = nodes.filter((n) => n.roles & SEQ);
      for (const [round, slot] of [firstSlotOf(epoch) + 2n, firstSlotOf(epoch) + 3n].entries()) {
        const sigma = await beacon.seedFor(epoch, slot, SEQ);
        const tickets = await Promise.all(
          sequencers.map(async (node) => {
            const entry = vrfEntry(node.key, sigma, "SEQUENCER");
            const raceTime = await lottery.computeRaceTime(entry.beta, await lottery.weightAt(node.pid, epoch));
            return { node, entry, raceTime, tie: tieBreak(node.pid, sigma) };
          }),
        );
        const better = (a: (typeof tickets)[number], b: (typeof tickets)[number]) =>
          a.raceTime < b.raceTime || (a.raceTime === b.raceTime && a.tie < b.tie);
        const ranked = [...tickets].sort((a, b) => (better(a, b) ? -1 : 1));
        // Round 0: worst first, so each entry replaces the previous best. Round 1: best first, so all others fail.
        const order = round === 0 ? [...ranked].reverse() : ranked;
        let best: (typeof tickets)[number] | undefined;
        for (const t of order) {
          await inSlot(genesis, slot);
          const call = lottery
            .connect(t.node.operator)
            .propose(
              { pid: t.node.pid, salt: t.node.salt, slot, headerHash: headerOf(t.node.pid) },
              t.entry.proof,
              t.entry.hints,
            );
          if (best === undefined || better(t, best)) {
            await expect(call)
              .to.emit(lottery, "ProposalAccepted")
              .withArgs(slot, t.node.pid, headerOf(t.node.pid), t.raceTime, best?.node.pid ?? ZERO, 0);
            best = t;
          } else {
            await expect(call)
              .to.be.revertedWithCustomError(lottery, "Lottery__NotBetter")
              .withArgs(t.node.pid, t.raceTime, best.node.pid, best.raceTime);
          }
        }
        expect((await lottery.bestProposal(slot)).pid).to.equal(ranked[0].node.pid);
        // The winner cannot re-enter with another header: its ticket only ties with itself.
        const w = ranked[0];
        await inSlot(genesis, slot);
        await expect(
          lottery
            .connect(w.node.operator)
            .propose(
              { pid: w.node.pid, salt: w.node.salt, slot, headerHash: headerOf("other") },
              w.entry.proof,
              w.entry.hints,
            ),
        ).to.be.revertedWithCustomError(lottery, "Lottery__NotBetter");
        expect((await lottery.bestProposal(slot)).headerHash).to.equal(headerOf(w.node.pid));
      }
    });

    it("accepts proposals only for the current slot", async function () {
      const { lottery, beacon, genesis, nodes, epoch } = await loadFixture(epoch3Fixture);
      const node = nodes[0];
      const slot = firstSlotOf(epoch) + 4n;
      for (const target of [slot - 1n, slot + 1n]) {
        const sigma = await beacon.seedFor(epoch, target, SEQ);
        const entry = vrfEntry(node.key, sigma, "SEQUENCER");
        await inSlot(genesis, slot);
        await expect(
          lottery
            .connect(node.operator)
            .propose({ pid: node.pid, salt: node.salt, slot: target, headerHash: ZERO }, entry.proof, entry.hints),
        )
          .to.be.revertedWithCustomError(lottery, "Lottery__NotCurrentSlot")
          .withArgs(target, slot);
      }
    });

    it("accepts a proposal only from the node's operator (the header is bound to it)", async function () {
      const { lottery, beacon, genesis, nodes, epoch, signers } = await loadFixture(epoch3Fixture);
      const node = nodes[0];
      const slot = firstSlotOf(epoch) + 5n;
      const entry = vrfEntry(node.key, await beacon.seedFor(epoch, slot, SEQ), "SEQUENCER");
      const stranger = signers[9];
      await inSlot(genesis, slot);
      await expect(
        lottery
          .connect(stranger)
          .propose({ pid: node.pid, salt: node.salt, slot, headerHash: ZERO }, entry.proof, entry.hints),
      )
        .to.be.revertedWithCustomError(lottery, "Lottery__NotOperator")
        .withArgs(node.pid, stranger.address);
      // The right operator with the wrong salt is refused too.
      await inSlot(genesis, slot);
      await expect(
        lottery
          .connect(node.operator)
          .propose({ pid: node.pid, salt: nodes[1].salt, slot, headerHash: ZERO }, entry.proof, entry.hints),
      ).to.be.revertedWithCustomError(lottery, "Lottery__NotOperator");
    });

    it("refuses nodes that are not Active with the sequencer role in the slot's epoch", async function () {
      const { lottery, registry, beacon, genesis, nodes, pending, epoch } = await loadFixture(epoch3Fixture);
      const slot = firstSlotOf(epoch) + 6n;
      const sigma = await beacon.seedFor(epoch, slot, SEQ);
      const prover = nodes.find((n) => n.roles === PROV)!;
      const proverEntry = vrfEntry(prover.key, sigma, "SEQUENCER");
      await inSlot(genesis, slot);
      await expect(
        lottery
          .connect(prover.operator)
          .propose(
            { pid: prover.pid, salt: prover.salt, slot, headerHash: ZERO },
            proverEntry.proof,
            proverEntry.hints,
          ),
      )
        .to.be.revertedWithCustomError(lottery, "Lottery__MissingRole")
        .withArgs(prover.pid, epoch, SEQ);
      const pendingEntry = vrfEntry(pending.key, sigma, "SEQUENCER");
      await inSlot(genesis, slot);
      await expect(
        lottery
          .connect(pending.operator)
          .propose(
            { pid: pending.pid, salt: pending.salt, slot, headerHash: ZERO },
            pendingEntry.proof,
            pendingEntry.hints,
          ),
      )
        .to.be.revertedWithCustomError(lottery, "Lottery__NotActive")
        .withArgs(pending.pid, epoch, Status.Pending);

      // Unbonding in epoch 3 removes the node from the lottery from epoch 5 (the input lag), not before.
      const node = nodes[0];
      await inSlot(genesis, slot);
      await registry.connect(node.operator).unbond(node.pid);
      for (const e of [4n, 5n]) {
        await enterEpoch(registry, beacon, e);
        const s = firstSlotOf(e) + 1n;
        const entry = vrfEntry(node.key, await beacon.seedFor(e, s, SEQ), "SEQUENCER");
        await inSlot(genesis, s);
        const call = lottery
          .connect(node.operator)
          .propose({ pid: node.pid, salt: node.salt, slot: s, headerHash: ZERO }, entry.proof, entry.hints);
        if (e === 4n) await expect(call).to.emit(lottery, "ProposalAccepted");
        else
          await expect(call)
            .to.be.revertedWithCustomError(lottery, "Lottery__NotActive")
            .withArgs(node.pid, e, Status.Unbonding);
      }
    });

    it("refuses VRF proofs that are not the node's proof for this slot's sequencer alpha", async function () {
      const { lottery, beacon, genesis, nodes, epoch } = await loadFixture(epoch3Fixture);
      const node = nodes[0];
      const slot = firstSlotOf(epoch) + 7n;
      const sigma = await beacon.seedFor(epoch, slot, SEQ);
      const cases: Record<string, ReturnType<typeof vrfEntry>> = {
        "another node's key": vrfEntry(nodes[3].key, sigma, "SEQUENCER"),
        "the prover domain": vrfEntry(node.key, sigma, "PROVER"),
        "another slot's seed": vrfEntry(node.key, await beacon.seedFor(epoch, slot + 1n, SEQ), "SEQUENCER"),
        "the prover seed": vrfEntry(node.key, await beacon.seedFor(epoch, firstSlotOf(epoch), PROV), "SEQUENCER"),
      };
      const good = vrfEntry(node.key, sigma, "SEQUENCER");
      const tampered = ethers.getBytes(good.proof);
      tampered[60] ^= 1;
      cases["a tampered proof"] = { ...good, proof: ethers.hexlify(tampered) };
      cases["a tampered hint"] = { ...good, hints: { ...good.hints, vSlope: good.hints.vSlope + 1n } };
      for (const [name, entry] of Object.entries(cases)) {
        await inSlot(genesis, slot);
        await expect(
          lottery
            .connect(node.operator)
            .propose({ pid: node.pid, salt: node.salt, slot, headerHash: ZERO }, entry.proof, entry.hints),
          name,
        )
          .to.be.revertedWithCustomError(lottery, "Lottery__InvalidVrfProof")
          .withArgs(node.pid, epoch, slot);
      }
      expect((await lottery.bestProposal(slot)).pid).to.equal(ZERO);
    });

    it("verifies against the key registered for the epoch: a rotation counts only after the input lag", async function () {
      const { lottery, registry, beacon, genesis, nodes, epoch } = await loadFixture(epoch3Fixture);
      const node = nodes[0];
      const newKey = 99;
      await inSlot(genesis, firstSlotOf(epoch) + 1n);
      await registry
        .connect(node.operator)
        .rotateKeys(
          node.pid,
          vrfKeyOf(newKey),
          await popOf(registry, node.operator.address, node.salt, newKey),
          headerOf("new comm key"),
        );
      for (const e of [4n, 5n]) {
        await enterEpoch(registry, beacon, e);
        const slot = firstSlotOf(e) + 1n;
        const sigma = await beacon.seedFor(e, slot, SEQ);
        const oldEntry = vrfEntry(node.key, sigma, "SEQUENCER");
        const newEntry = vrfEntry(newKey, sigma, "SEQUENCER");
        const [valid, invalid] = e === 4n ? [oldEntry, newEntry] : [newEntry, oldEntry];
        await inSlot(genesis, slot);
        await expect(
          lottery
            .connect(node.operator)
            .propose({ pid: node.pid, salt: node.salt, slot, headerHash: ZERO }, invalid.proof, invalid.hints),
        ).to.be.revertedWithCustomError(lottery, "Lottery__InvalidVrfProof");
        await inSlot(genesis, slot);
        await expect(
          lottery
            .connect(node.operator)
            .propose({ pid: node.pid, salt: node.salt, slot, headerHash: ZERO }, valid.proof, valid.hints),
        ).to.emit(lottery, "ProposalAccepted");
      }
    });

    it("runs an epoch whose seed window got no poke on the beacon's fallback seed", async function () {
      const { lottery, registry, beacon, genesis, nodes } = await loadFixture(lotteryFixture);
      // Epoch 3 entered by a time jump with no poke in its seed window: the beacon falls back, the lottery goes on.
      await time.setNextBlockTimestamp(await beacon.epochStart(3n));
      await registry.rollEpoch();
      expect((await beacon.seedInputs(3n)).isFallback).to.equal(true);
      const node = nodes[0];
      const slot = firstSlotOf(3n);
      const entry = vrfEntry(node.key, await beacon.seedFor(3n, slot, SEQ), "SEQUENCER");
      await inSlot(genesis, slot);
      await expect(
        lottery
          .connect(node.operator)
          .propose({ pid: node.pid, salt: node.salt, slot, headerHash: ZERO }, entry.proof, entry.hints),
      ).to.emit(lottery, "ProposalAccepted");
    });
  });

  describe("prover lottery", function () {
    it("designates the best ticket of the epoch, entered by each node's operator only", async function () {
      const { lottery, beacon, nodes, epoch, signers } = await loadFixture(epoch3Fixture);
      const sigma = await beacon.seedFor(epoch, firstSlotOf(epoch), PROV);
      const provers = nodes.filter((n) => n.roles & PROV);
      const tickets = await Promise.all(
        provers.map(async (node) => {
          const entry = vrfEntry(node.key, sigma, "PROVER");
          return {
            node,
            entry,
            raceTime: await lottery.computeRaceTime(entry.beta, await lottery.weightAt(node.pid, epoch)),
          };
        }),
      );
      tickets.sort((a, b) => (a.raceTime < b.raceTime ? 1 : -1)); // worst first
      let previous = ZERO;
      for (const t of tickets) {
        // Nobody else may enter a node (nor replay its ticket from another deployment).
        await expect(
          lottery.connect(signers[9]).submitProverTicket(epoch, t.node.pid, t.node.salt, t.entry.proof, t.entry.hints),
        )
          .to.be.revertedWithCustomError(lottery, "Lottery__NotOperator")
          .withArgs(t.node.pid, signers[9].address);
        await expect(
          lottery
            .connect(t.node.operator)
            .submitProverTicket(epoch, t.node.pid, t.node.salt, t.entry.proof, t.entry.hints),
        )
          .to.emit(lottery, "ProverTicketAccepted")
          .withArgs(epoch, t.node.pid, t.raceTime, previous, 0);
        previous = t.node.pid;
      }
      const best = tickets[tickets.length - 1];
      const designated = await lottery.designatedProver(epoch);
      expect([designated.pid, designated.raceTime]).to.deep.equal([best.node.pid, best.raceTime]);
      await expect(
        lottery
          .connect(tickets[0].node.operator)
          .submitProverTicket(
            epoch,
            tickets[0].node.pid,
            tickets[0].node.salt,
            tickets[0].entry.proof,
            tickets[0].entry.hints,
          ),
      ).to.be.revertedWithCustomError(lottery, "Lottery__NotBetter");
    });

    it("refuses sequencer-domain proofs, sequencer-only nodes and epochs already over", async function () {
      const { lottery, registry, beacon, nodes, epoch } = await loadFixture(epoch3Fixture);
      const sigma = await beacon.seedFor(epoch, firstSlotOf(epoch), PROV);
      const node = nodes[0];
      const wrongDomain = vrfEntry(node.key, sigma, "SEQUENCER");
      const as = (n: typeof node) => lottery.connect(n.operator);
      await expect(as(node).submitProverTicket(epoch, node.pid, node.salt, wrongDomain.proof, wrongDomain.hints))
        .to.be.revertedWithCustomError(lottery, "Lottery__InvalidVrfProof")
        .withArgs(node.pid, epoch, firstSlotOf(epoch));
      const sequencer = nodes.find((n) => n.roles === SEQ)!;
      const seqEntry = vrfEntry(sequencer.key, sigma, "PROVER");
      await expect(
        as(sequencer).submitProverTicket(epoch, sequencer.pid, sequencer.salt, seqEntry.proof, seqEntry.hints),
      )
        .to.be.revertedWithCustomError(lottery, "Lottery__MissingRole")
        .withArgs(sequencer.pid, epoch, PROV);
      const good = vrfEntry(node.key, sigma, "PROVER");
      await enterEpoch(registry, beacon, epoch + 1n);
      await expect(as(node).submitProverTicket(epoch, node.pid, node.salt, good.proof, good.hints))
        .to.be.revertedWithCustomError(lottery, "Lottery__TicketWindowClosed")
        .withArgs(epoch, epoch + 1n);
    });
  });

  describe("commit-reveal fallback", function () {
    const secretOf = (label: string) => ethers.keccak256(ethers.toUtf8Bytes(label));
    const commitmentOf = (secret: string, pid: string) =>
      ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["bytes32", "bytes32"], [secret, pid]));

    async function committedFixture() {
      const f = await lotteryFixture();
      // In epoch 1, the earliest epoch one can commit for is 1 + inputLag = 3.
      const node = f.nodes[0];
      const secret = secretOf("node 11 epoch 3");
      await f.commitReveal.connect(node.operator).commit(node.pid, node.salt, 3n, commitmentOf(secret, node.pid));
      await enterEpoch(f.registry, f.beacon, 3n);
      return { ...f, node, secret, epoch: 3n };
    }

    /** Node 11 and the pending node 15 (equal stakes and roles) Active from the same epoch, both committed to one
     *  secret for epoch 3: their race times are equal. */
    async function tieFixture() {
      const f = await lotteryFixture();
      const [a, b] = [f.nodes[0], f.pending];
      await f.registry.connect(b.operator).activate(b.pid);
      const secret = secretOf("one secret, two nodes");
      for (const node of [a, b]) {
        await f.commitReveal.connect(node.operator).commit(node.pid, node.salt, 3n, commitmentOf(secret, node.pid));
      }
      await enterEpoch(f.registry, f.beacon, 3n);
      return { ...f, a, b, secret, epoch: 3n };
    }

    it("breaks an exact race-time tie by keccak256(pid ‖ σ), whichever entry comes first", async function () {
      const { commitReveal, beacon, genesis, a, b, secret, epoch } = await loadFixture(tieFixture);
      expect(await commitReveal.weightAt(b.pid, epoch)).to.equal(await commitReveal.weightAt(a.pid, epoch));
      const slot = firstSlotOf(epoch) + 3n;
      const sigma = await beacon.seedFor(epoch, slot, SEQ);
      const tieBreak = (pid: string) => BigInt(ethers.solidityPackedKeccak256(["bytes32", "bytes32"], [pid, sigma]));
      const [winner, loser] = tieBreak(a.pid) < tieBreak(b.pid) ? [a, b] : [b, a];
      const send = async (node: typeof a) => {
        await inSlot(genesis, slot);
        const proposal = { pid: node.pid, salt: node.salt, slot, headerHash: headerOf(node.pid) };
        return commitReveal.connect(node.operator).proposeWithReveal(proposal, secret);
      };
      await (await send(loser)).wait();
      const raceTime = (await commitReveal.bestProposal(slot)).raceTime;
      // Same secret, σ and weight: the same race time, and the lower tie-break takes the slot.
      await expect(send(winner))
        .to.emit(commitReveal, "ProposalAccepted")
        .withArgs(slot, winner.pid, headerOf(winner.pid), raceTime, loser.pid, 1);
      await expect(send(loser))
        .to.be.revertedWithCustomError(commitReveal, "Lottery__NotBetter")
        .withArgs(loser.pid, raceTime, winner.pid, raceTime);
    });

    it("is refused by a VRF-only deployment", async function () {
      const { lottery, nodes } = await loadFixture(lotteryFixture);
      const node = nodes[0];
      await expect(
        lottery.connect(node.operator).commit(node.pid, node.salt, 5n, secretOf("c")),
      ).to.be.revertedWithCustomError(lottery, "Lottery__CommitRevealDisabled");
      await expect(
        lottery.submitProverTicketWithReveal(5n, node.pid, node.salt, secretOf("c")),
      ).to.be.revertedWithCustomError(lottery, "Lottery__CommitRevealDisabled");
      const proposal = { pid: node.pid, salt: node.salt, slot: await lottery.currentSlot(), headerHash: ZERO };
      await expect(
        lottery.connect(node.operator).proposeWithReveal(proposal, secretOf("c")),
      ).to.be.revertedWithCustomError(lottery, "Lottery__CommitRevealDisabled");
    });

    it("takes commitments from the operator only, before the epoch's inputs are fixed", async function () {
      const { commitReveal, registry, nodes, signers } = await loadFixture(lotteryFixture);
      const node = nodes[0];
      const current = await commitReveal.currentEpoch();
      const earliest = current + (await registry.inputLag());
      await expect(commitReveal.connect(node.operator).commit(node.pid, node.salt, earliest - 1n, secretOf("c")))
        .to.be.revertedWithCustomError(commitReveal, "Lottery__CommitTooLate")
        .withArgs(earliest - 1n, earliest);
      await expect(commitReveal.connect(signers[9]).commit(node.pid, node.salt, earliest, secretOf("c")))
        .to.be.revertedWithCustomError(commitReveal, "Lottery__NotOperator")
        .withArgs(node.pid, signers[9].address);
      await expect(
        commitReveal.connect(node.operator).commit(node.pid, node.salt, earliest, ZERO),
      ).to.be.revertedWithCustomError(commitReveal, "Lottery__ZeroCommitment");
      await expect(commitReveal.connect(node.operator).commit(node.pid, node.salt, earliest, secretOf("c")))
        .to.emit(commitReveal, "Committed")
        .withArgs(node.pid, earliest, secretOf("c"));
      expect(await commitReveal.commitmentOf(node.pid, earliest)).to.equal(secretOf("c"));
    });

    it("derives u from keccak256(secret ‖ σ) on reveal and refuses wrong secrets and a second, VRF draw", async function () {
      const { commitReveal, beacon, genesis, node, secret, epoch, signers } = await loadFixture(committedFixture);
      const slot = firstSlotOf(epoch) + 2n;
      const sigma = await beacon.seedFor(epoch, slot, SEQ);
      const proposal = { pid: node.pid, salt: node.salt, slot, headerHash: headerOf("cr") };
      await inSlot(genesis, slot);
      await expect(commitReveal.connect(node.operator).proposeWithReveal(proposal, secretOf("wrong")))
        .to.be.revertedWithCustomError(commitReveal, "Lottery__InvalidReveal")
        .withArgs(node.pid, epoch);
      const entry = vrfEntry(node.key, sigma, "SEQUENCER");
      await inSlot(genesis, slot);
      await expect(commitReveal.connect(node.operator).propose(proposal, entry.proof, entry.hints))
        .to.be.revertedWithCustomError(commitReveal, "Lottery__CommittedToReveal")
        .withArgs(node.pid, epoch);
      const output = ethers.solidityPackedKeccak256(["bytes32", "bytes32"], [secret, sigma]);
      const expected = await commitReveal.computeRaceTime(output, await commitReveal.weightAt(node.pid, epoch));
      await inSlot(genesis, slot);
      await expect(commitReveal.connect(node.operator).proposeWithReveal(proposal, secret))
        .to.emit(commitReveal, "ProposalAccepted")
        .withArgs(slot, node.pid, headerOf("cr"), expected, ZERO, 1);
      // The prover lottery uses the same secret with the prover seed.
      const proverSigma = await beacon.seedFor(epoch, firstSlotOf(epoch), PROV);
      const proverOutput = ethers.solidityPackedKeccak256(["bytes32", "bytes32"], [secret, proverSigma]);
      await expect(commitReveal.connect(signers[9]).submitProverTicketWithReveal(epoch, node.pid, node.salt, secret))
        .to.be.revertedWithCustomError(commitReveal, "Lottery__NotOperator")
        .withArgs(node.pid, signers[9].address);
      await expect(commitReveal.connect(node.operator).submitProverTicketWithReveal(epoch, node.pid, node.salt, secret))
        .to.emit(commitReveal, "ProverTicketAccepted")
        .withArgs(
          epoch,
          node.pid,
          await commitReveal.computeRaceTime(proverOutput, await commitReveal.weightAt(node.pid, epoch)),
          ZERO,
          1,
        );
    });

    it("leaves nodes without a commitment on VRF in a commit-reveal deployment", async function () {
      const { commitReveal, beacon, genesis, nodes, epoch } = await loadFixture(committedFixture);
      const other = nodes[3];
      const slot = firstSlotOf(epoch) + 3n;
      const entry = vrfEntry(other.key, await beacon.seedFor(epoch, slot, SEQ), "SEQUENCER");
      await inSlot(genesis, slot);
      await expect(
        commitReveal
          .connect(other.operator)
          .propose({ pid: other.pid, salt: other.salt, slot, headerHash: ZERO }, entry.proof, entry.hints),
      ).to.emit(commitReveal, "ProposalAccepted");
      await inSlot(genesis, slot);
      await expect(
        commitReveal
          .connect(other.operator)
          .proposeWithReveal({ pid: other.pid, salt: other.salt, slot, headerHash: ZERO }, secretOf("x")),
      ).to.be.revertedWithCustomError(commitReveal, "Lottery__InvalidReveal");
    });
  });
});
