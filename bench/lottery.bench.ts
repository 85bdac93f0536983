/**
 * `npm run bench` (third part): the lottery. Writes bench/lottery.json as
 * `{ "proposeGas", "proverTicketGas", "eligibilityChecksPerSec", "simulate100kNodesMs" }` (other tooling reads these
 * keys) and bench/lottery-details.json with the figures behind them.
 *
 * - proposeGas: mean `gasUsed` of `Lottery.propose` as a whole transaction (21k base and calldata included), the
 *   first proposal of each of 16 slots — the case that writes the slot's record (pid, header hash, race time) to
 *   fresh storage; replacing a slot's best costs less and is reported in the details. Real VRF proofs of nodes
 *   registered through the SDK; every read the contract makes (registry checkpoints, beacon seed) is cold.
 * - proverTicketGas: the same for `submitProverTicket`, the first ticket of each of 8 epochs.
 *   Both gas figures move by a few hundred gas from run to run: the seeds differ (the chain's clock starts at the
 *   wall clock), so the proofs' hint counts do too. Compare them as ratios.
 * - eligibilityChecksPerSec: one node checking slot after slot with the SDK, as an operator's loop would:
 *   `prepareEligibility` once for the epoch, then `checkEligibility` per slot (one `seedFor` read over the
 *   in-process Hardhat provider, VRF evaluation, race time, win probability; no proof, the threshold is never met).
 *   The same computation without the RPC read is in the details.
 * - simulate100kNodesMs: one lottery over 100,000 nodes in this process: each node's weight from a random stake
 *   (1 000 – 1 000 000 tokens) and age (0 – 300 epochs), its race time from a 32-byte output (SHA-256 of the node
 *   and the lottery, standing in for its VRF output: 100,000 real VRF evaluations measure the VRF, not the lottery),
 *   and the winner by `compareTickets`. Median of 5 runs.
 */
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createHash } from "node:crypto";
import { ethers, network } from "hardhat";
import { evaluate } from "@blockage/vrf";
import {
  LOTTERY_DEFAULTS,
  NODE_VRF_SUITE,
  activate,
  checkEligibility,
  commPublicKey,
  compareTickets,
  prepareEligibility,
  getActiveSetWeight,
  lotteryAlpha,
  lotteryWeight,
  raceTime,
  register,
  tieBreak,
  vrfPublicKey,
  winProbability,
  type LotteryTicket,
  type NodeKeys,
  type NodeRegistry,
  type SeedBeacon,
} from "@blockage/client";
import { deployLottery, deployRegistry } from "@blockage/client/deploy";

const PROPOSE_TARGET = 180_000;
const AZTEC_PROPOSE = 266_000;
const SLOTS = 16;
const TICKET_EPOCHS = 8;
const NODES = 8;

const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function setTime(t: bigint): Promise<void> {
  await network.provider.send("evm_setNextBlockTimestamp", [ethers.toQuantity(t)]);
}

/** A poke inside the epoch's seed window, then its first registry transaction at its start. */
async function enterEpoch(registry: NodeRegistry, beacon: SeedBeacon, epoch: bigint): Promise<void> {
  await setTime((await beacon.seedFixedAfter(epoch)) - 60n);
  await (await beacon.poke()).wait();
  await setTime(await beacon.epochStart(epoch));
  await (await registry.rollEpoch()).wait();
}

interface BenchNode {
  keys: NodeKeys;
  pid: string;
  salt: string;
  signer: Awaited<ReturnType<typeof ethers.getSigners>>[number];
}

async function gasFigures() {
  const signers = await ethers.getSigners();
  const deployer = signers[0];
  const operators = signers.slice(1, 1 + NODES);
  const deployed = await deployRegistry(deployer, {
    mint: operators.map((s) => ({ to: s.address, amount: ethers.parseEther("100000") })),
  });
  const { registry, beacon } = deployed;
  const { lottery } = await deployLottery(deployer, { registry: deployed.addresses.NodeRegistry });
  const nodes: BenchNode[] = [];
  for (const [i, signer] of operators.entries()) {
    // Fixed keys (the seeds still differ from run to run: see the header).
    const vrfSecretKey = ethers.id(`bench lottery vrf key ${i}`);
    const commSecretKey = ethers.id(`bench lottery comm key ${i}`);
    const keys: NodeKeys = {
      vrfSecretKey,
      vrfKey: vrfPublicKey(vrfSecretKey),
      commSecretKey,
      commKey: commPublicKey(commSecretKey),
    };
    const salt = ethers.id(`bench lottery node ${i}`);
    const { pid } = await register(registry.connect(signer), {
      ...keys,
      salt,
      stake: ethers.parseEther(String(1000 * (i + 1))),
      roles: 3,
    });
    nodes.push({ keys, pid, salt, signer });
  }
  await enterEpoch(registry, beacon, 1n);
  for (const n of nodes) await activate(registry.connect(n.signer), { pid: n.pid });
  let epoch = 3n;
  await enterEpoch(registry, beacon, epoch);
  const epochSlots = await beacon.epochSlots();
  const slotDuration = await beacon.slotDuration();
  const genesis = await beacon.genesisTime();
  const { totalWeight } = await getActiveSetWeight(lottery, { epoch, role: "sequencer" });
  const proverWeight = (await getActiveSetWeight(lottery, { epoch, role: "prover" })).totalWeight;

  // First proposal of 16 slots (node i % NODES), then one replacement per slot where a better node exists.
  const first: number[] = [];
  const replace: number[] = [];
  for (let k = 0; k < SLOTS; k++) {
    const slot = epoch * epochSlots + 1n + BigInt(k);
    const tickets = [];
    for (const n of nodes) {
      const t = await checkEligibility(lottery, {
        node: { pid: n.pid, vrfSecretKey: n.keys.vrfSecretKey },
        epoch,
        slot,
        role: "sequencer",
        totalWeight,
      });
      tickets.push({ ...t, node: n });
    }
    const ranked = [...tickets].sort(compareTickets);
    const order = [ranked[ranked.length - 1], ranked[0]];
    for (const [j, t] of order.entries()) {
      await setTime(genesis + slot * slotDuration + BigInt(j));
      const proposal = { pid: t.pid, salt: t.node.salt, slot, headerHash: ethers.id(`header ${slot}`) };
      const tx = await lottery.connect(t.node.signer).propose(proposal, t.args!.vrfProof, t.args!.hints);
      const gas = Number((await tx.wait())!.gasUsed);
      (j === 0 ? first : replace).push(gas);
    }
  }

  const tickets: number[] = [];
  for (let k = 0; k < TICKET_EPOCHS; k++) {
    epoch += 1n;
    await enterEpoch(registry, beacon, epoch);
    const n = nodes[k % NODES];
    const t = await checkEligibility(lottery, {
      node: { pid: n.pid, vrfSecretKey: n.keys.vrfSecretKey },
      epoch,
      role: "prover",
      totalWeight: proverWeight,
    });
    const tx = await lottery
      .connect(n.signer)
      .submitProverTicket(epoch, t.pid, n.salt, t.args!.vrfProof, t.args!.hints);
    tickets.push(Number((await tx.wait())!.gasUsed));
  }

  // An operator's loop: the epoch prepared once, then one check per slot (no proof: the threshold is never met with
  // eight nodes, so only the check is timed).
  const n = nodes[0];
  const node = { pid: n.pid, vrfSecretKey: n.keys.vrfSecretKey };
  const context = await prepareEligibility(lottery, { node, epoch, role: "sequencer", totalWeight });
  const rounds = 200;
  const started = performance.now();
  for (let k = 0; k < rounds; k++) {
    const slot = epoch * epochSlots + BigInt(k % Number(epochSlots));
    await checkEligibility(lottery, { node, epoch, slot, role: "sequencer", context, minWinProbability: 1 });
  }
  const sdkChecksPerSec = Math.round(rounds / ((performance.now() - started) / 1000));
  return {
    proposeGas: mean(first),
    proposeReplaceGas: mean(replace),
    proverTicketGas: mean(tickets),
    sdkChecksPerSec,
    node: n,
    totalWeight,
  };
}

/** The computation of an eligibility check alone (no RPC read): VRF evaluation, race time, win probability. */
function eligibilityRate(vrfSecretKey: string, pid: string, totalWeight: bigint): number {
  const sk = ethers.getBytes(vrfSecretKey);
  const weight = lotteryWeight(ethers.parseEther("1000"), 40n, LOTTERY_DEFAULTS);
  const checks = 400;
  const started = performance.now();
  let sink = 0;
  for (let i = 0; i < checks; i++) {
    const seed = ethers.id(`bench seed ${i}`);
    const beta = evaluate(NODE_VRF_SUITE, sk, lotteryAlpha(seed, "SEQUENCER"));
    const t = raceTime(beta, weight);
    sink += winProbability(t, weight, totalWeight) + Number(tieBreak(pid, seed) & 1n);
  }
  const elapsed = (performance.now() - started) / 1000;
  if (Number.isNaN(sink)) throw new Error("unreachable");
  return Math.round(checks / elapsed);
}

/** One lottery over `n` nodes: weights, race times, winner. */
function simulate(n: number, round: number): number {
  const started = performance.now();
  let best: LotteryTicket | undefined;
  const E18 = 10n ** 18n;
  for (let i = 0; i < n; i++) {
    const digest = createHash("sha256").update(`node ${i} lottery ${round}`).digest();
    const stake = (1000n + (BigInt(digest.readUInt32BE(0)) % 999_000n)) * E18;
    const age = BigInt(digest.readUInt16BE(4) % 301);
    const weight = lotteryWeight(stake, age);
    const beta = createHash("sha256").update(digest).update("beta").digest();
    const ticket = { raceTime: raceTime(beta, weight), tieBreak: BigInt(i) };
    if (best === undefined || compareTickets(ticket, best) < 0) best = ticket;
  }
  if (best === undefined) throw new Error("no winner");
  return performance.now() - started;
}

async function main(): Promise<void> {
  const gas = await gasFigures();
  const computeOnlyPerSec = eligibilityRate(gas.node.keys.vrfSecretKey, gas.node.pid, gas.totalWeight);
  simulate(10_000, -1); // warm-up
  const runs = [0, 1, 2, 3, 4].map((r) => simulate(100_000, r));
  const simulate100kNodesMs = Math.round(median(runs));

  const figures = {
    proposeGas: gas.proposeGas,
    proverTicketGas: gas.proverTicketGas,
    eligibilityChecksPerSec: gas.sdkChecksPerSec,
    simulate100kNodesMs,
  };
  const details = {
    proposeGasFirstOfSlot: gas.proposeGas,
    proposeGasReplacingBest: gas.proposeReplaceGas,
    proverTicketGasFirstOfEpoch: gas.proverTicketGas,
    proposeTarget: PROPOSE_TARGET,
    aztecProposeGas: AZTEC_PROPOSE,
    proposeVsAztec: Number((gas.proposeGas / AZTEC_PROPOSE).toFixed(3)),
    eligibilityComputeOnlyPerSec: computeOnlyPerSec,
    simulate100kNodesRunsMs: runs.map((x) => Math.round(x)),
    samples: { proposals: SLOTS, proverTickets: TICKET_EPOCHS, nodes: NODES },
  };
  console.log("lottery:");
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(26)} ${v}`);
  console.log(`  propose replacing a best   ${gas.proposeReplaceGas}`);
  console.log(`  eligibility without RPC    ${computeOnlyPerSec}/s`);
  console.log(
    `propose ${gas.proposeGas} gas (target ≤ ${PROPOSE_TARGET}; Aztec ${AZTEC_PROPOSE}): ` +
      `${gas.proposeGas <= PROPOSE_TARGET ? "met" : "MISSED"}`,
  );
  fs.writeFileSync(path.resolve(__dirname, "lottery.json"), JSON.stringify(figures, null, 2) + "\n");
  fs.writeFileSync(path.resolve(__dirname, "lottery-details.json"), JSON.stringify(details, null, 2) + "\n");
  console.log("wrote bench/lottery.json and bench/lottery-details.json");
  if (gas.proposeGas > PROPOSE_TARGET) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(`lottery bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
