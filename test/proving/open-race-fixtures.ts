// Fixtures for the open-race mechanism's tests (seed 004's example): a Rollup deployed with `ProverMechanism.OpenRace`
// and its OpenRaceCoordinator over the lottery fixture's registry plus two more prover nodes, real epoch proofs over
// any prefix of the pending chain, and real VRF prover tickets for the turn order.
import { ethers } from "hardhat";
import type { OpenRaceCoordinator, OpenRaceCoordinator__factory } from "../../packages/client/src/typechain";
import type { StateUpdateStruct } from "../../packages/client/src/typechain/contracts/proving/OpenRaceCoordinator";
import { DEFAULT_PARAMS, type TestNode, lotteryFixture, vrfEntry } from "../lottery/fixtures";
import { E18, EPOCH_SLOTS, factory } from "../registry/helpers";
import { fiveProversBase } from "./cooperative-fixtures";
import {
  BLOCK_REWARD,
  ROLLUP_CONFIG,
  type Header,
  advanceTo,
  deployRollupWith,
  epochProofOf,
  proposeBlock,
  toEpoch,
  txsOf,
} from "../rollup/fixtures";

/** `ProverMechanism.OpenRace`. */
export const OPEN_RACE = 2;
export const BPS = 10_000n;
export const INITIAL_FEE = E18 / 100n;
export const MIN_FEE = 10n ** 12n;
export const TARGET_LAG = 32n;
export const REDUNDANCY_WINDOW = 120n;
export const REDUNDANCY_SHARE = 2_000n;
/** 20 slots of 12 s, then four turns of 5 slots: all before the 48-slot final deadline. */
export const IDLE_PERIOD = 240n;
export const TURN_PERIOD = 60n;
export const OPEN_RACE_CONFIG = {
  blockReward: BLOCK_REWARD,
  initialProvingBaseFee: INITIAL_FEE,
  minProvingBaseFee: MIN_FEE,
  targetLagSlots: TARGET_LAG,
  redundancyWindow: REDUNDANCY_WINDOW,
  redundancyShare: REDUNDANCY_SHARE,
  idlePeriod: IDLE_PERIOD,
  turnPeriod: TURN_PERIOD,
  flagQuorum: 2,
  minActiveEpochs: 1,
};

type Base = Awaited<ReturnType<typeof lotteryFixture>>;

export interface OpenRaceDeployOptions {
  rollupConfig?: Partial<typeof ROLLUP_CONFIG>;
  openRaceConfig?: Partial<typeof OPEN_RACE_CONFIG>;
}

/** An open-race Rollup and its OpenRaceCoordinator over `base`'s registry (see `deployRollupWith`). */
export async function deployOpenRace(base: Base, options: OpenRaceDeployOptions = {}) {
  return deployRollupWith(
    base,
    { ...ROLLUP_CONFIG, mechanism: OPEN_RACE, ...options.rollupConfig },
    false,
    async (rollup, proofVerifier) =>
      (await (
        await factory<OpenRaceCoordinator__factory>("OpenRaceCoordinator")
      ).deploy(await base.registry.getAddress(), DEFAULT_PARAMS, false, rollup, {
        ...OPEN_RACE_CONFIG,
        ...options.openRaceConfig,
        proofVerifier,
      })) as unknown as OpenRaceCoordinator,
  );
}

/**
 * The lottery fixture's registry with two more prover nodes (signers 7 and 8, Active from epoch 4) and an open-race
 * deployment over it. `provers`: the five prover nodes.
 */
export async function openRaceFixture(options: OpenRaceDeployOptions = {}) {
  const { base, provers } = await fiveProversBase();
  return { ...(await deployOpenRace(base, options)), provers };
}

export type OpenRaceFixture = Awaited<ReturnType<typeof openRaceFixture>>;

/** A block on the chain: its number, header and transactions. */
export interface ChainBlock {
  blockNumber: bigint;
  header: Header;
  txs: bigint[];
}

export const RACE_EPOCH = 5n;

/**
 * Epoch 5 with three blocks, each paying more than its proving fee: A (node 0, slot 161, 32 transactions, 1 token of
 * fees), B (node 3, slot 162, 16 transactions, 0.5 token), C (node 0, slot 163, 16 transactions, 0.25 token); the
 * clock is then in slot 163 (C's slot is still open: C is no checkpoint yet).
 */
export async function openRaceChainFixture() {
  const f = await openRaceFixture();
  const epoch = RACE_EPOCH;
  await toEpoch(f, epoch);
  const first = epoch * EPOCH_SLOTS;
  const specs = [
    { node: f.nodes[0], txs: [...txsOf(1), ...txsOf(2)], fees: E18 },
    { node: f.nodes[3], txs: txsOf(3), fees: E18 / 2n },
    { node: f.nodes[0], txs: txsOf(4), fees: E18 / 4n },
  ];
  const blocks: ChainBlock[] = [];
  for (const [i, s] of specs.entries()) {
    const header = await proposeBlock(f, s.node, first + 1n + BigInt(i), s.txs, { fees: s.fees });
    blocks.push({ blockNumber: BigInt(i + 1), header, txs: s.txs });
  }
  return { ...f, epoch, blocks, proposers: specs.map((s) => s.node) };
}

export type OpenRaceChainFixture = Awaited<ReturnType<typeof openRaceChainFixture>>;

/** `node` enters the prover lottery of `epoch` (its VRF ticket ranks it in the epoch's turn order). */
export async function enterTurnOrder(f: OpenRaceFixture, node: TestNode, epoch: bigint) {
  const ticket = vrfEntry(node.key, await f.beacon.seedFor(epoch, epoch * EPOCH_SLOTS, 2), "PROVER");
  return f.coordinator
    .connect(node.operator)
    .submitProverTicket(epoch, node.pid, node.salt, ticket.proof, ticket.hints);
}

/** The headers of `blocks` and a real epoch proof over them bound to `prover`. */
export async function prefixProof(blocks: ChainBlock[], prover: { address: string }) {
  return { headers: blocks.map((b) => b.header), proof: await epochProofOf(blocks, prover) };
}

/** `node`'s operator proves `blocks` (a prefix of the unproven chain) with its own proof. */
export async function submitPrefix(f: OpenRaceFixture, node: TestNode, blocks: ChainBlock[]) {
  const { headers, proof } = await prefixProof(blocks, node.operator);
  return f.coordinator.connect(node.operator).submitProof(headers, proof);
}

/** The record of update `updateId` from its `StateUpdated` event. */
export async function stateUpdateOf(f: OpenRaceFixture, updateId: bigint): Promise<StateUpdateStruct> {
  const [event] = await f.coordinator.queryFilter(f.coordinator.filters.StateUpdated(updateId));
  const a = event.args;
  return { transition: a.transition, prover: a.prover, turnProver: a.turnProver, reserve: a.reserve, time: a.time };
}

/** The proving fee of `block` at its epoch's rolled fee. */
export async function provingFeeOf(f: OpenRaceFixture, block: ChainBlock): Promise<bigint> {
  const fee = await f.coordinator.epochProvingBaseFee(BigInt(block.header.slot) / EPOCH_SLOTS);
  return BigInt(block.header.txCount) * fee;
}

/** Moves past `slot`'s end into the next slot with a mined block (so views see the new slot). */
export async function passSlot(f: OpenRaceFixture, slot: bigint) {
  await advanceTo(f, slot + 1n);
  await ethers.provider.send("evm_mine", []);
}

/** The invariant: the coordinator holds exactly what it credited plus the reserves it keeps. */
export async function expectOpenRaceBalances(f: OpenRaceFixture) {
  const held = await f.token.balanceOf(await f.coordinator.getAddress());
  const owed = (await f.coordinator.totalOwed()) + (await f.coordinator.totalReserved());
  if (held !== owed) throw new Error(`coordinator holds ${held}, owes ${owed}`);
  const escrow = await f.token.balanceOf(await f.rollup.getAddress());
  if (escrow !== (await f.rollup.totalEscrowedFees())) throw new Error("rollup escrow mismatch");
}
