// Fixtures for the rollup and prover coordinator tests: the lottery fixture's registry and nodes, the real epoch
// proof verifier and state transition, a Rollup and its ProverCoordinator (the coordinator's address predicted from
// the deployer's nonce), a funded reward pool, and helpers to build blocks and VRF entries.
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { computeBlock } from "@blockage/circuits";
import type {
  PoseidonT3__factory,
  ProverCoordinator,
  ProverCoordinator__factory,
  RewardPool,
  Rollup,
  Rollup__factory,
} from "../../packages/client/src/typechain";
import type { BlockHeaderStruct } from "../../packages/client/src/typechain/contracts/rollup/Rollup";
import { DEFAULT_PARAMS, type TestNode, enterEpoch, inSlot, lotteryFixture, vrfEntry } from "../lottery/fixtures";
import { deployProofVerifier } from "../proving/fixtures";
import { E18, EPOCH_DURATION, EPOCH_SLOTS, SLOT_DURATION, factory } from "../registry/helpers";

export const FEE_SPLIT = 5_000;
export const BLOCK_REWARD = 10n * E18;
export const MIN_BOND = 100n * E18;
export const GENESIS_STATE = 7n;

/** Rollup parameters of the tests: windows in slots of a 32-slot epoch. */
export const ROLLUP_CONFIG = {
  genesisState: GENESIS_STATE,
  invalidBlockSlash: 500n * E18,
  feeSplit: FEE_SPLIT,
  reporterShare: 1_000,
  finalDeadlineSlots: 48,
  basedDelaySlots: 4,
  maxTxsPerBlock: 64,
  voteRoundSlots: 64,
  voteThreshold: 2,
};

export const COORDINATOR_CONFIG = {
  blockReward: BLOCK_REWARD,
  minBond: MIN_BOND,
  defaultProverFee: 2_000,
  submitterShare: 500,
  rescueShare: 5_000,
  priorityWindowSlots: 4,
  claimWindowSlots: 8,
  proofDeadlineSlots: 24,
};

export async function rollupFixture() {
  const base = await lotteryFixture();
  const { verifier } = await deployProofVerifier();
  const poseidon = await (await factory<PoseidonT3__factory>("PoseidonT3")).deploy();
  const stateTransition = await (
    await ethers.getContractFactory("ChunkStateTransition", {
      libraries: { "poseidon-solidity/PoseidonT3.sol:PoseidonT3": await poseidon.getAddress() },
    })
  ).deploy();
  const deployer = base.admin;
  const nonce = await ethers.provider.getTransactionCount(deployer.address);
  const coordinatorAddress = ethers.getCreateAddress({ from: deployer.address, nonce: nonce + 1 });
  const registryAddress = await base.registry.getAddress();
  const verifierAddress = await verifier.getAddress();
  const rollup = (await (
    await factory<Rollup__factory>("Rollup")
  ).deploy(registryAddress, DEFAULT_PARAMS, false, {
    ...ROLLUP_CONFIG,
    proofVerifier: verifierAddress,
    stateTransition: await stateTransition.getAddress(),
    coordinator: coordinatorAddress,
  })) as unknown as Rollup;
  const coordinator = (await (
    await factory<ProverCoordinator__factory>("ProverCoordinator")
  ).deploy(registryAddress, DEFAULT_PARAMS, false, await rollup.getAddress(), {
    ...COORDINATOR_CONFIG,
    proofVerifier: verifierAddress,
  })) as unknown as ProverCoordinator;
  await base.registry.grantRole(await base.registry.ROLLUP_ROLE(), await rollup.getAddress());

  const pool = (await ethers.getContractAt("RewardPool", await coordinator.rewardPool())) as unknown as RewardPool;
  for (const signer of base.signers.slice(0, 12)) {
    await base.token.connect(signer).approve(await rollup.getAddress(), ethers.MaxUint256);
    await base.token.connect(signer).approve(await coordinator.getAddress(), ethers.MaxUint256);
    await base.token.connect(signer).approve(await pool.getAddress(), ethers.MaxUint256);
  }
  await pool.connect(base.admin).fund(10_000n * E18);
  return { ...base, verifier, stateTransition, rollup, coordinator, pool };
}

export type RollupFixture = Awaited<ReturnType<typeof rollupFixture>>;

/** `count` distinct field-element transactions derived from `tag`. */
export function txsOf(tag: number, count = 16): bigint[] {
  return Array.from({ length: count }, (_, i) => BigInt(tag) * 1_000_003n + BigInt(i) * 7919n + 1n);
}

/** The header of a block of `txs` on top of the rollup's pending tip, in `slot`. */
export async function headerOn(
  rollup: Rollup,
  slot: bigint,
  txs: bigint[],
  options: { fees?: bigint; upgradeVote?: string; parent?: { hash: string; state: bigint } } = {},
): Promise<BlockHeaderStruct & { newState: bigint; prevState: bigint }> {
  const tips = await rollup.tips();
  const parent = options.parent ?? { hash: tips.tipHash, state: tips.tipState };
  const block = computeBlock({ prevState: parent.state, txs });
  return {
    parent: parent.hash,
    slot,
    txCount: txs.length,
    feeSplit: FEE_SPLIT,
    fees: options.fees ?? 0n,
    prevState: block.prevState,
    newState: block.newState,
    txsCommitment: block.txsCommitment,
    daCommitment: ethers.keccak256(ethers.solidityPacked(Array(txs.length).fill("uint256"), txs)),
    upgradeVote: options.upgradeVote ?? ethers.ZeroHash,
  };
}

/** A node's VRF entry for slot `slot` of the sequencer lottery. */
export async function sequencerEntry(f: RollupFixture, node: TestNode, slot: bigint) {
  const epoch = slot / EPOCH_SLOTS;
  const sigma = await f.beacon.seedFor(epoch, slot, 1);
  return vrfEntry(node.key, sigma, "SEQUENCER");
}

/** `node` proposes a block of `txs` in `slot` (moving the clock into the slot with `advanceTo`). Returns the header. */
export async function proposeBlock(
  f: RollupFixture,
  node: TestNode,
  slot: bigint,
  txs: bigint[],
  options: { fees?: bigint; upgradeVote?: string } = {},
) {
  await advanceTo(f, slot);
  const header = await headerOn(f.rollup, slot, txs, options);
  const entry = await sequencerEntry(f, node, slot);
  await f.rollup
    .connect(node.operator)
    .propose({ pid: node.pid, salt: node.salt, header }, txs, entry.proof, entry.hints);
  return header;
}

/** Enters epoch `epoch` as a live chain does (a seed poke, then the registry's roll). */
export async function toEpoch(f: RollupFixture, epoch: bigint): Promise<void> {
  await enterEpoch(f.registry, f.beacon, epoch);
}

/**
 * Moves the clock into slot `slot` as a live chain would: on the way, the beacon is poked inside every epoch's seed
 * window (just before the seed is fixed) and the registry is rolled at every epoch's start. The next transaction
 * lands in `slot`.
 */
export async function advanceTo(f: RollupFixture, slot: bigint): Promise<void> {
  const targetStart = f.genesis + slot * SLOT_DURATION;
  for (;;) {
    const now = BigInt(await time.latest());
    const next = (now - f.genesis) / EPOCH_DURATION + 1n;
    const cutoff = await f.beacon.seedFixedAfter(next);
    const start = await f.beacon.epochStart(next);
    if (targetStart + SLOT_DURATION > cutoff && now < cutoff) {
      await time.setNextBlockTimestamp(now + 1n > cutoff - 60n ? now + 1n : cutoff - 60n);
      await f.beacon.poke();
    }
    if (start > targetStart) break;
      const latest = BigInt(await time.latest());
    await time.setNextBlockTimestamp(latest + 1n > start ? latest + 1n : start);
    await f.registry.rollEpoch();
  }
  await inSlot(f.genesis, slot);
}

/** The invariant: each contract holds exactly what it owes. */
export async function expectBalancesMatch(f: RollupFixture): Promise<void> {
  const rollupBalance = await f.token.balanceOf(await f.rollup.getAddress());
  const coordinatorBalance = await f.token.balanceOf(await f.coordinator.getAddress());
  const escrowed = await f.rollup.totalEscrowedFees();
  const owedAndBonds = (await f.coordinator.totalOwed()) + (await f.coordinator.totalBonds());
  if (rollupBalance !== escrowed) throw new Error(`rollup holds ${rollupBalance}, owes ${escrowed}`);
  if (coordinatorBalance !== owedAndBonds) {
    throw new Error(`coordinator holds ${coordinatorBalance}, owes ${owedAndBonds}`);
  }
}
