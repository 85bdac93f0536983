// The simulator's open race against the contracts (the issue: "Its model must agree with the contracts: a test replays
// a short simulated schedule on the local chain and compares payouts"). `@blockage/sim`'s `openRaceSchedule` plays the
// open race alone for 4 epochs over 5 provers (a deterministic seed; most slots without a block to keep the proofs
// few) and records every block, each epoch's proving base fee, flags and turn order, each state update (its prover,
// prefix, turn prover, the payout the model credited) and the redundant proofs. The test replays that schedule on the
// Hardhat network with the real Rollup, OpenRaceCoordinator (the sim's `openRaceParameters`: the deployment defaults
// with the idle period and turns scaled to the 48-slot final deadline) and real Groth16 proofs, and checks, to the
// wei, every epoch's rolled fee (`epochProvingBaseFee`) and every account's credited rewards (`rewardsOf`).
//
// The mapping: sim epoch e is chain epoch E0 + e and sim slot s chain slot 32·E0 + s; sim prover i is the fixture's
// prover node i. The sim's 200 sequencers are abstract: each block is proposed by a fixture sequencer whose VRF ticket
// is eligible in its slot (tried in turn from the sim's sequencer index), and the model's credit of that block goes to
// that account. The sim draws its prover-lottery tickets from a PRNG, so the chain cannot reproduce their ranking:
// only the sim's best ticket of each epoch is entered on chain (it is the turn prover and holds turn 0); the sim's
// later turns are open races on chain, which accept the same proof. Each update is submitted in its landing slot,
// 6 s into it (so that the contract's seconds and the model's slots put turn boundaries in the same slots), and the
// fee is rolled at each epoch's first slot before anything else (the model's roll sees the updates landed earlier).
// The first epoch's fee is the coordinator's first roll (read from the chain and given to the model). Reserves whose
// turn prover did not prove are settled to the updater after the redundancy window, which the model credits at once.
import { expect } from "chai";
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { openRaceParameters, openRaceSchedule, scheduleCredits, simulationConfig } from "@blockage/sim";
import type { TestNode } from "../lottery/fixtures";
import { fiveProversBase } from "../proving/cooperative-fixtures";
import {
  type ChainBlock,
  deployOpenRace,
  enterTurnOrder,
  expectOpenRaceBalances,
  prefixProof,
  stateUpdateOf,
} from "../proving/open-race-fixtures";
import { EPOCH_SLOTS, SLOT_DURATION } from "../registry/helpers";
import { advanceTo, headerOn, sequencerEntry, toEpoch, txsOf } from "../rollup/fixtures";

/** A short schedule with state updates, one of them in an exclusive turn after the idle period. */
const CONFIG = simulationConfig({ seed: "r174", provers: 5, epochs: 4, missedSlotShare: 0.85 });
const PARAMS = openRaceParameters(CONFIG);
/** The chain epoch of the sim's epoch 0 (the fixture's extra provers are Active from epoch 4). */
const E0 = 5n;
/** Seconds into its slot at which a state update is submitted. */
const UPDATE_OFFSET = 6n;

describe("@blockage/sim's open race replayed on OpenRaceCoordinator", function () {
  this.timeout(600_000);

  it("rolls every epoch's fee and credits every account as the model does, to the wei", async () => {
    const started = performance.now();
    const { base, provers } = await fiveProversBase();
    const deployed = await deployOpenRace(base, {
      openRaceConfig: {
        ...PARAMS,
        flagQuorum: Number(PARAMS.flagQuorum),
        minActiveEpochs: Number(PARAMS.minActiveEpochs),
      },
    });
    const f = { ...deployed, provers };
    const sequencers = [f.nodes[0], f.nodes[1], f.nodes[3]];
    const slotStart = (slot: bigint) => f.genesis + slot * SLOT_DURATION;
    const chainSlot = (simSlot: number) => E0 * EPOCH_SLOTS + BigInt(simSlot);

    await toEpoch(f, E0);
    await f.coordinator.rollProvingBaseFee();
    const schedule = openRaceSchedule(CONFIG, { initialProvingBaseFee: await f.coordinator.epochProvingBaseFee(E0) });
    expect(schedule.unprovenBlocks).to.equal(0);
    expect(schedule.updates.length).to.be.greaterThan(1);
    expect(schedule.updates.some((u) => u.turn !== null)).to.equal(true);

    // Every event in slot order; within a slot: the epoch's roll, ticket and flags, the proposal, the update.
    type Event = { slot: number; order: number; run: () => Promise<void> };
    const events: Event[] = [];
    const chain: ChainBlock[] = [];
    const proposerOf: TestNode[] = [];
    for (const e of schedule.epochs) {
      events.push({
        slot: e.epoch * 32,
        order: 0,
        run: async () => {
          await advanceTo(f, chainSlot(e.epoch * 32));
          await f.coordinator.rollProvingBaseFee();
          if (e.turnOrder.length > 0) await enterTurnOrder(f, provers[e.turnOrder[0]], E0 + BigInt(e.epoch));
          for (const p of e.flaggers) await f.coordinator.connect(provers[p].operator).flagPriceTooLow();
        },
      });
    }
    for (const [i, b] of schedule.blocks.entries()) {
      events.push({
        slot: b.slot,
        order: 1,
        run: async () => {
          const slot = chainSlot(b.slot);
          await advanceTo(f, slot);
          const txs = txsOf(i + 1, b.txCount);
          const header = await headerOn(f.rollup, slot, txs, { fees: b.fees });
          for (let k = 0; k < sequencers.length; k++) {
            const node = sequencers[(b.proposer + k) % sequencers.length];
            const entry = await sequencerEntry(f, node, slot);
            const call = f.rollup.connect(node.operator);
            const args = [{ pid: node.pid, salt: node.salt, header }, txs, entry.proof, entry.hints] as const;
            try {
              await call.propose.estimateGas(...args);
            } catch {
              continue; // not eligible in this slot
            }
            await (await call.propose(...args)).wait();
            chain.push({ blockNumber: BigInt(i + 1), header, txs });
            proposerOf.push(node);
            return;
          }
          throw new Error(`no fixture sequencer is eligible in slot ${slot}`);
        },
      });
    }
    const updateIds: bigint[] = [];
    for (const u of schedule.updates) {
      events.push({
        slot: u.landing,
        order: 2,
        run: async () => {
          const slot = chainSlot(u.landing);
          await advanceTo(f, slot);
          const at = slotStart(slot) + UPDATE_OFFSET;
          if (BigInt(await time.latest()) >= at) throw new Error(`slot ${slot} is too busy for the update`);
          const blocks = chain.slice(u.fromBlock, u.toBlock + 1);
          const prover = provers[u.prover];
          const { headers, proof } = await prefixProof(blocks, prover.operator);
          await time.setNextBlockTimestamp(at);
          await (await f.coordinator.connect(prover.operator).submitProof(headers, proof)).wait();
          const updateId = (await f.coordinator.updateCount()) - 1n;
          updateIds.push(updateId);
          const record = await stateUpdateOf(f, updateId);
          expect(record.turnProver).to.equal(
            u.turnProver === null ? ethers.ZeroAddress : provers[u.turnProver].operator.address,
          );
          expect(record.reserve).to.equal(u.payout.redundancyReserve);
          if (u.redundant) {
            const turnProver = provers[u.turnProver!];
            const own = await prefixProof(blocks, turnProver.operator);
            await f.coordinator
              .connect(turnProver.operator)
              .submitRedundantProof(updateId, record, own.headers, own.proof);
          }
        },
      });
    }
    events.sort((a, b) => a.slot - b.slot || a.order - b.order);
    for (const event of events) await event.run();

    // Reserves not earned by a redundant proof go to the updater after the window.
    const last = await stateUpdateOf(f, updateIds[updateIds.length - 1]);
    await time.increaseTo(BigInt(last.time) + PARAMS.redundancyWindow + 1n);
    for (const [i, u] of schedule.updates.entries()) {
      if (u.redundant || u.payout.redundancyReserve === 0n) continue;
      await f.coordinator.settleRedundancy(updateIds[i], await stateUpdateOf(f, updateIds[i]));
    }

    for (const e of schedule.epochs) {
      expect(await f.coordinator.epochProvingBaseFee(E0 + BigInt(e.epoch)), `epoch ${e.epoch}'s fee`).to.equal(
        e.provingBaseFee,
      );
    }
    const expected = scheduleCredits(
      schedule,
      (p) => provers[p].operator.address,
      (b) => proposerOf[b].operator.address,
    );
    const accounts = new Set([...expected.keys(), ...[...provers, ...sequencers].map((n) => n.operator.address)]);
    for (const account of accounts) {
      expect(await f.coordinator.rewardsOf(account), account).to.equal(expected.get(account) ?? 0n);
    }
    expect(await f.coordinator.totalOwed()).to.equal(schedule.credited);
    expect(await f.coordinator.totalReserved()).to.equal(0n);
    await expectOpenRaceBalances(f);
    console.log(
      `      replayed ${schedule.blocks.length} blocks, ${schedule.updates.length} updates ` +
        `in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  });
});
