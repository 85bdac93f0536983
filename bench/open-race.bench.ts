/**
 * `npm run bench` (open-race mechanism, seed 004's example): the gas of proposals paying the proving base fee, of state
 * updates over prefixes of 1 to 31 blocks, of the turn prover's redundant proof, of settling an unearned reserve, of a
 * flag and of prover-lottery tickets (the turn order). Writes bench/open-race.json as `{ "proposeGas",
 * "submitProofGasByBlocks": { "<blocks>": gas }, "submitRedundantProofGas", "settleRedundancyGas",
 * "flagPriceTooLowGas", "submitProverTicketGas" }` and bench/open-race-details.json with the figures behind them.
 *
 * Every figure is a receipt's `gasUsed` (a whole transaction: 21k base and calldata included) on the in-process
 * Hardhat network, with the test fixture's deployment (test/proving/open-race-fixtures.ts): 32-slot epochs, blocks of
 * 16 transactions (one chunk each), real VRF entries, real Groth16 proofs, the real verifier.
 *
 * - proposeGas: the most a proposal cost in a run (the epoch's first proposal also rolls the fee: its figure is in the
 *   details), against Sidecar's proposal measured in the same run (`sidecarProposeGas` in the details): the open race
 *   adds the call to the coordinator for the epoch's fee.
 * - submitProofGasByBlocks: `submitProof` of the first n blocks of an epoch (n = 1, 2, 4, 8, 31; one block before them is proven
 *   first, so the update meets the words a running deployment has written, and an epoch holds 32 slots), the epoch having a
 *   turn prover (so the update stores its reserve's record): the rollup's check of every header, the Groth16 check of
 *   every block, one credit and event per proposer.
 * - submitRedundantProofGas: the turn prover's proof of a one-block update within the window.
 * - settleRedundancyGas: `settleRedundancy` after the window.
 * - flagPriceTooLowGas: an active prover's flag.
 * - submitProverTicketGas: the most a prover-lottery ticket cost while the epoch's turn order filled (inserting at the
 *   front of a full order moves every place).
 */
import fs from "node:fs";
import path from "node:path";
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { releaseProver } from "@blockage/circuits";
import type { ContractTransactionResponse } from "ethers";
import {
  REDUNDANCY_WINDOW,
  type ChainBlock,
  type OpenRaceFixture,
  enterTurnOrder,
  openRaceFixture,
  passSlot,
  prefixProof,
  stateUpdateOf,
} from "../test/proving/open-race-fixtures";
import { EPOCH_SLOTS } from "../test/registry/helpers";
import { advanceTo, deployRollup, headerOn, proposeBlock, sendProposal, toEpoch, txsOf } from "../test/rollup/fixtures";
import { lotteryFixture } from "../test/lottery/fixtures";

const BLOCK_COUNTS = [1, 2, 4, 8, 31];
const EPOCH = 5n;

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await tx).wait();
  return Number(receipt!.gasUsed);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** `count` blocks of 16 transactions in epoch 5's first slots, proposed by nodes 0 and 3 in turn; their gas. */
async function proposeChain(f: OpenRaceFixture, count: number) {
  const blocks: ChainBlock[] = [];
  const gas: number[] = [];
  for (let i = 0; i < count; i++) {
    const slot = EPOCH * EPOCH_SLOTS + BigInt(i);
    await advanceTo(f, slot);
    const fee = await f.coordinator.provingBaseFee();
    const txs = txsOf(100 + i);
    const header = await headerOn(f.rollup, slot, txs, { fees: 16n * fee + 10n ** 16n });
    gas.push(await gasOf(sendProposal(f, i % 2 === 0 ? f.nodes[0] : f.nodes[3], header, txs)));
    blocks.push({ blockNumber: BigInt(i + 1), header, txs });
  }
  await passSlot(f, EPOCH * EPOCH_SLOTS + BigInt(count - 1));
  return { blocks, gas };
}

async function main() {
  const submitProofGasByBlocks: Record<string, number> = {};
  const proposeGas: number[] = [];
  const ticketGas: number[] = [];
  const misc: Record<string, number> = {};
  for (const count of BLOCK_COUNTS) {
    // Idle long enough that 32 slots of proposals stay in the open race (the fixture's 240 s would reach the turns).
    const f = await openRaceFixture({
      rollupConfig: { finalDeadlineSlots: 64 },
      openRaceConfig: { idlePeriod: 500n },
    });
    await toEpoch(f, EPOCH);
    for (const node of f.provers) {
      try {
        ticketGas.push(await gasOf(enterTurnOrder(f, node, EPOCH)));
      } catch {
        // Not better than a full order's last place.
      }
    }
    // One more block first, proven alone by the same prover: the measured update meets the words a running
    // deployment has written before (the prover's balance and activity, the counters), as every update but the first.
    const { blocks, gas } = await proposeChain(f, count + 1);
    proposeGas.push(...gas);
    const order = await f.coordinator.turnOrder(EPOCH);
    const prover = f.provers.find((p) => p.operator.address !== order[0].operator)!;
    const warmup = await prefixProof(blocks.slice(0, 1), prover.operator);
    await (await f.coordinator.connect(prover.operator).submitProof(warmup.headers, warmup.proof)).wait();
    const { headers, proof } = await prefixProof(blocks.slice(1), prover.operator);
    submitProofGasByBlocks[String(count)] = await gasOf(
      f.coordinator.connect(prover.operator).submitProof(headers, proof),
    );
    if (count === 1) {
      const update = await stateUpdateOf(f, 1n);
      const turn = f.provers.find((p) => p.operator.address === order[0].operator)!;
      const own = await prefixProof(blocks.slice(1), turn.operator);
      misc.submitRedundantProofGas = await gasOf(
        f.coordinator.connect(turn.operator).submitRedundantProof(1n, update, own.headers, own.proof),
      );
      misc.flagPriceTooLowGas = await gasOf(f.coordinator.connect(prover.operator).flagPriceTooLow());
    }
    if (count === 2) {
      const update = await stateUpdateOf(f, 1n);
      await time.setNextBlockTimestamp(BigInt(update.time) + REDUNDANCY_WINDOW + 1n);
      misc.settleRedundancyGas = await gasOf(f.coordinator.settleRedundancy(1n, update));
    }
  }

  // Sidecar's proposal in the same run, over the same kind of registry, for the ratio.
  const sidecar = await deployRollup(await lotteryFixture({ bindSlasher: false }));
  await toEpoch(sidecar, EPOCH);
  const sidecarGas: number[] = [];
  for (let i = 0; i < 4; i++) {
    const slot = EPOCH * EPOCH_SLOTS + BigInt(i);
    const txs = txsOf(100 + i);
    await advanceTo(sidecar, slot);
    const header = await headerOn(sidecar.rollup, slot, txs, { fees: 10n ** 16n });
    sidecarGas.push(await gasOf(sendProposal(sidecar, i % 2 === 0 ? sidecar.nodes[0] : sidecar.nodes[3], header, txs)));
  }
  void proposeBlock;

  const figures = {
    proposeGas: Math.max(...proposeGas.slice(1)),
    submitProofGasByBlocks,
    submitRedundantProofGas: misc.submitRedundantProofGas,
    settleRedundancyGas: misc.settleRedundancyGas,
    flagPriceTooLowGas: misc.flagPriceTooLowGas,
    submitProverTicketGas: Math.max(...ticketGas),
  };
  const details = {
    ...figures,
    proposeGasRollingTheFee: proposeGas[0],
    proposeGasAll: proposeGas,
    proposeGasMedian: median(proposeGas),
    sidecarProposeGas: Math.max(...sidecarGas.slice(1)),
    sidecarProposeGasMedian: median(sidecarGas),
    proposeGasRatioToSidecar: Number((figures.proposeGas / Math.max(...sidecarGas.slice(1))).toFixed(4)),
    submitProverTicketGasAll: ticketGas,
    submitProofGasPerBlock: Object.fromEntries(
      Object.entries(submitProofGasByBlocks).map(([n, gas]) => [n, Math.round(gas / Number(n))]),
    ),
  };
  const here = path.join(__dirname);
  fs.writeFileSync(path.join(here, "open-race.json"), JSON.stringify(figures, null, 2) + "\n");
  fs.writeFileSync(path.join(here, "open-race-details.json"), JSON.stringify(details, null, 2) + "\n");
  console.log(JSON.stringify(details, null, 2));
  await releaseProver();
  void ethers;
}

main().catch(async (error) => {
  console.error(error);
  process.exitCode = 1;
  // The prover's worker threads would keep a failed run alive.
  await releaseProver();
});
