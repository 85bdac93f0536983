// Fixtures for the rollup and prover coordinator tests: the lottery fixture's registry and nodes, the real epoch
// proof verifier and state transition, a Rollup and its ProverCoordinator (the coordinator's address predicted from
// the deployer's nonce), a funded reward pool, and helpers to build blocks and VRF entries.
import { expect } from "chai";
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { type BlockProof, computeBlock, encodeEpochProof, proveBlock } from "@blockage/circuits";
import type {
  PoseidonT3__factory,
  NodeRegistry,
  ReentrantToken,
  ProverCoordinator,
  ProverCoordinator__factory,
  RewardPool,
  Rollup,
  Rollup__factory,
  SeedBeacon,
} from "../../packages/client/src/typechain";
import type {
  BlockHeaderStruct,
  RollupConfigStruct,
} from "../../packages/client/src/typechain/contracts/rollup/Rollup";
import { DEFAULT_PARAMS, type TestNode, enterEpoch, inSlot, lotteryFixture, vrfEntry } from "../lottery/fixtures";
import { deployProofVerifier } from "../proving/fixtures";
import { E18, EPOCH_DURATION, EPOCH_SLOTS, SLOT_DURATION, deployRegistry, factory } from "../registry/helpers";

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
  /** `ProverMechanism.Sidecar`. */
  mechanism: 0,
};

export const COORDINATOR_CONFIG = {
  blockReward: BLOCK_REWARD,
  minBond: MIN_BOND,
  defaultProverFee: 2_000,
  maxQuoteFee: 5_000,
  submitterShare: 500,
  rescueShare: 5_000,
  priorityWindowSlots: 4,
  claimWindowSlots: 8,
  proofDeadlineSlots: 24,
};

export async function rollupFixture() {
  return deployRollup(await lotteryFixture({ bindSlasher: false }));
}

/** What `deployRollup` needs of a registry fixture. */
type RegistryBase = Awaited<ReturnType<typeof deployRegistry>>;

/** Options of `deployRollup`: the commit-reveal flag and overrides of the test parameters. */
export interface RollupDeployOptions {
  commitRevealFallback?: boolean;
  rollupConfig?: Partial<typeof ROLLUP_CONFIG>;
  coordinatorConfig?: Partial<typeof COORDINATOR_CONFIG>;
}

/** The real epoch proof verifier and the state transition (linked to a PoseidonT3), which a Rollup is built over. */
export async function deployRollupDependencies() {
  const { verifier } = await deployProofVerifier();
  const poseidon = await (await factory<PoseidonT3__factory>("PoseidonT3")).deploy();
  const stateTransition = await (
    await ethers.getContractFactory("ChunkStateTransition", {
      libraries: { "poseidon-solidity/PoseidonT3.sol:PoseidonT3": await poseidon.getAddress() },
    })
  ).deploy();
  return { verifier, stateTransition };
}

/**
 * Deploys the real proof verifier and state transition, a Rollup and its ProverCoordinator over `base`'s registry
 * (the coordinator's address predicted from the deployer's nonce), binds the rollup as the registry's slasher (so
 * `base` must come with `bindSlasher: false`), approves both contracts
 * and the reward pool for signers 0..11, and funds the pool with 10,000 tokens.
 */
export async function deployRollup<B extends RegistryBase>(base: B, options: RollupDeployOptions = {}) {
  const commitReveal = options.commitRevealFallback ?? false;
  return deployRollupWith(
    base,
    { ...ROLLUP_CONFIG, ...options.rollupConfig },
    commitReveal,
    async (rollup, proofVerifier) =>
      (await (
        await factory<ProverCoordinator__factory>("ProverCoordinator")
      ).deploy(await base.registry.getAddress(), DEFAULT_PARAMS, commitReveal, rollup, {
        ...COORDINATOR_CONFIG,
        ...options.coordinatorConfig,
        proofVerifier,
      })) as unknown as ProverCoordinator,
  );
}

/**
 * The deployment steps every mechanism shares: the real proof verifier and state transition, a Rollup with `config`
 * naming the deployer's next CREATE address as its coordinator, the coordinator from `deployCoordinator` (it must be
 * the deployer's next transaction), the rollup bound as the registry's slasher, the rollup, the coordinator and its
 * reward pool approved for signers 0..11, and the pool funded with 10,000 tokens.
 */
export async function deployRollupWith<
  B extends RegistryBase,
  C extends { getAddress(): Promise<string>; rewardPool(): Promise<string> },
>(
  base: B,
  config: Omit<RollupConfigStruct, "proofVerifier" | "stateTransition" | "coordinator">,
  commitReveal: boolean,
  deployCoordinator: (rollup: string, proofVerifier: string) => Promise<C>,
) {
  const { verifier, stateTransition } = await deployRollupDependencies();
  const deployer = base.admin;
  const nonce = await ethers.provider.getTransactionCount(deployer.address);
  const coordinatorAddress = ethers.getCreateAddress({ from: deployer.address, nonce: nonce + 1 });
  const verifierAddress = await verifier.getAddress();
  const rollup = (await (
    await factory<Rollup__factory>("Rollup")
  ).deploy(await base.registry.getAddress(), DEFAULT_PARAMS, commitReveal, {
    ...config,
    proofVerifier: verifierAddress,
    stateTransition: await stateTransition.getAddress(),
    coordinator: coordinatorAddress,
  })) as unknown as Rollup;
  const coordinator = await deployCoordinator(await rollup.getAddress(), verifierAddress);
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

/** What the chain helpers below need of a fixture: its rollup, beacon, registry and clock (either mechanism). */
export interface ChainFixture {
  rollup: Rollup;
  beacon: SeedBeacon;
  registry: NodeRegistry;
  genesis: bigint;
}

/** The slot of `idleBasedBlock`'s block: the chain is at genesis, idle for more than `basedDelaySlots`. */
export const IDLE_BASED_SLOT = 10n;

/** A based block of `txsOf(1)` on `f`'s idle chain in `IDLE_BASED_SLOT`, its proof bound to signer 0, and a sender. */
export async function idleBasedBlock(f: Awaited<ReturnType<typeof deployRollup>>) {
  const txs = txsOf(1);
  const header = await headerOn(f.rollup, IDLE_BASED_SLOT, txs);
  const proof = await epochProofOf([{ header, txs }], f.signers[0]);
  const sendBasedBlock = async () => {
    await inSlot(f.genesis, IDLE_BASED_SLOT);
    return f.rollup.proposeBased(header, txs, proof);
  };
  return { header, txs, proof, sendBasedBlock };
}

/**
 * A rollup over a registry whose stake token calls back into a contract on its next transfer (`ReentrantToken`,
 * armed by the test), and an idle-chain based block. Sending it (`sendBasedBlock`) moves tokens while both guarded
 * contracts are mid-call: the reward pool pays the block reward to the coordinator inside the coordinator's
 * `rewardBasedBlock`, itself inside the rollup's `proposeBased`.
 */
export async function reentrantFixture() {
  const f = await deployRollup(await deployRegistry({ token: "reentrant", bindSlasher: false }));
  return { ...f, token: f.token as unknown as ReentrantToken, ...(await idleBasedBlock(f)) };
}

export type ReentrantFixture = Awaited<ReturnType<typeof reentrantFixture>>;

/**
 * Arms `f`'s token with `calldata` against `target` (the rollup or the coordinator): the based block must revert with
 * `ReentrancyGuardReentrantCall`. Unarmed, the same block is then proven and rewarded, so the guard refused, not
 * the block.
 */
export async function expectReentryRefused(
  f: ReentrantFixture,
  target: Rollup | ProverCoordinator,
  calldata: string,
): Promise<void> {
  await f.token.arm(await target.getAddress(), calldata);
  await expect(f.sendBasedBlock()).to.be.revertedWithCustomError(target, "ReentrancyGuardReentrantCall");
  await f.token.arm(ethers.ZeroAddress, "0x");
  await expect(f.sendBasedBlock())
    .to.emit(f.rollup, "BasedBlockProven")
    .and.to.emit(f.coordinator, "BasedBlockRewarded")
    .withArgs(f.signers[0].address, BLOCK_REWARD);
}

/** `count` distinct field-element transactions derived from `tag`. */
export function txsOf(tag: number, count = 16): bigint[] {
  return Array.from({ length: count }, (_, i) => BigInt(tag) * 1_000_003n + BigInt(i) * 7919n + 1n);
}

/** The header of a block of `txs` on top of the rollup's pending tip, in `slot`. */
export async function headerOn(
  rollup: Rollup,
  slot: bigint,
  txs: bigint[],
  options: { fees?: bigint; upgradeVote?: string; feeSplit?: number; parent?: { hash: string; state: bigint } } = {},
): Promise<BlockHeaderStruct & { newState: bigint; prevState: bigint }> {
  const tips = await rollup.tips();
  const parent = options.parent ?? { hash: tips.tipHash, state: tips.tipState };
  const block = computeBlock({ prevState: parent.state, txs });
  return {
    parent: parent.hash,
    slot,
    txCount: txs.length,
    feeSplit: options.feeSplit ?? FEE_SPLIT,
    fees: options.fees ?? 0n,
    prevState: block.prevState,
    newState: block.newState,
    txsCommitment: block.txsCommitment,
    daCommitment: ethers.keccak256(ethers.solidityPacked(Array(txs.length).fill("uint256"), txs)),
    upgradeVote: options.upgradeVote ?? ethers.ZeroHash,
  };
}

/** A node's VRF entry for slot `slot` of the sequencer lottery. */
export async function sequencerEntry(f: ChainFixture, node: TestNode, slot: bigint) {
  const epoch = slot / EPOCH_SLOTS;
  const sigma = await f.beacon.seedFor(epoch, slot, 1);
  return vrfEntry(node.key, sigma, "SEQUENCER");
}

export type Header = Awaited<ReturnType<typeof headerOn>>;

/**
 * Sends `node`'s proposal of `header`/`txs` with its VRF entry for the header's slot (moving the clock into that
 * slot with `advanceTo`). Options: another `slot` to send in, another `sender`, or the VRF entry of another node (`entryOf`).
 */
export async function sendProposal(
  f: ChainFixture,
  node: TestNode,
  header: Header,
  txs: bigint[],
  options: { slot?: bigint; sender?: TestNode["operator"]; entryOf?: TestNode } = {},
) {
  const slot = options.slot ?? BigInt(header.slot);
  await advanceTo(f, slot);
  const entry = await sequencerEntry(f, options.entryOf ?? node, slot);
  return f.rollup
    .connect(options.sender ?? node.operator)
    .propose({ pid: node.pid, salt: node.salt, header }, txs, entry.proof, entry.hints);
}

/** `node` proposes a block of `txs` in `slot` (moving the clock into the slot with `advanceTo`). Returns the header. */
export async function proposeBlock(
  f: ChainFixture,
  node: TestNode,
  slot: bigint,
  txs: bigint[],
  options: { fees?: bigint; upgradeVote?: string; feeSplit?: number } = {},
) {
  await advanceTo(f, slot);
  const header = await headerOn(f.rollup, slot, txs, options);
  await (await sendProposal(f, node, header, txs)).wait();
  return header;
}

/** `node` enters the prover lottery of `epoch` with its VRF ticket. */
export async function enterProverTicket(f: RollupFixture, node: TestNode, epoch: bigint) {
  const ticket = vrfEntry(node.key, await f.beacon.seedFor(epoch, epoch * EPOCH_SLOTS, 2), "PROVER");
  return f.coordinator
    .connect(node.operator)
    .submitProverTicket(epoch, node.pid, node.salt, ticket.proof, ticket.hints);
}

/** Enters epoch `epoch` as a live chain does (a seed poke, then the registry's roll). */
export async function toEpoch(f: ChainFixture, epoch: bigint): Promise<void> {
  await enterEpoch(f.registry, f.beacon, epoch);
}

/**
 * Moves the clock into slot `slot` as a live chain would: on the way, the beacon is poked inside every epoch's seed
 * window (just before the seed is fixed) and the registry is rolled at every epoch's start. The next transaction
 * lands in `slot`.
 */
export async function advanceTo(f: ChainFixture, slot: bigint): Promise<void> {
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
export async function expectBalancesMatch(f: {
  token: { balanceOf(account: string): Promise<bigint> };
  rollup: Rollup;
  coordinator: ProverCoordinator;
}): Promise<void> {
  const rollupBalance = await f.token.balanceOf(await f.rollup.getAddress());
  const coordinatorBalance = await f.token.balanceOf(await f.coordinator.getAddress());
  const escrowed = await f.rollup.totalEscrowedFees();
  const owedAndBonds = (await f.coordinator.totalOwed()) + (await f.coordinator.totalBonds());
  if (rollupBalance !== escrowed) throw new Error(`rollup holds ${rollupBalance}, owes ${escrowed}`);
  if (coordinatorBalance !== owedAndBonds) {
    throw new Error(`coordinator holds ${coordinatorBalance}, owes ${owedAndBonds}`);
  }
}

// ------------------------------------------------------------------ proofs

const blockProofs = new Map<string, Promise<BlockProof>>();

/** An account (or its address) a proof can be bound to. */
export type ProverLike = string | { address: string };

const addressOf = (prover: ProverLike): string => (typeof prover === "string" ? prover : prover.address);

/**
 * A real Groth16 proof of the block of `txs` from `prevState`, bound to `prover` (the address it pays), memoized for
 * the whole test run: a proof depends only on those three, and proving costs about a second per chunk.
 */
export function proveBlockCached(prevState: bigint, txs: bigint[], prover: ProverLike): Promise<BlockProof> {
  const address = addressOf(prover);
  const key = [address.toLowerCase(), prevState, ...txs].join(",");
  let proof = blockProofs.get(key);
  if (proof === undefined) {
    proof = proveBlock({ prevState, txs, prover: address });
    blockProofs.set(key, proof);
  }
  return proof;
}

/** The epoch proof bytes for `blocks` (each header with its transactions), in order, bound to `prover`. */
export async function epochProofOf(
  blocks: { header: { prevState: bigint }; txs: bigint[] }[],
  prover: ProverLike,
): Promise<string> {
  const proofs: BlockProof[] = [];
  for (const b of blocks) proofs.push(await proveBlockCached(b.header.prevState, b.txs, prover));
  return encodeEpochProof(proofs);
}

// ------------------------------------------------------------------ EIP-712 (written from the Solidity type strings)

export const BUILDER_BID_TYPES = {
  BuilderBid: [
    { name: "slot", type: "uint64" },
    { name: "headerHash", type: "bytes32" },
    { name: "builder", type: "address" },
    { name: "bid", type: "uint256" },
  ],
};

const QUOTE_FIELDS = [
  { name: "prover", type: "address" },
  { name: "epoch", type: "uint256" },
  { name: "basisPointFee", type: "uint16" },
  { name: "bond", type: "uint256" },
  { name: "validUntilSlot", type: "uint64" },
];
export const QUOTE_TYPES = { Quote: QUOTE_FIELDS };
export const ACCEPTANCE_TYPES = {
  QuoteAcceptance: [
    { name: "quote", type: "Quote" },
    { name: "slot", type: "uint64" },
  ],
  Quote: QUOTE_FIELDS,
};

/** An EIP-712 domain; `chainId` and `verifyingContract` may be overridden to forge replays. */
export interface Domain {
  name: string;
  version: string;
  chainId: bigint;
  verifyingContract: string;
}

/** The EIP-712 domain `{name, version "1", this chain, contract}`. */
async function domainOf(name: string, contract: { getAddress(): Promise<string> }): Promise<Domain> {
  const { chainId } = await ethers.provider.getNetwork();
  return { name, version: "1", chainId, verifyingContract: await contract.getAddress() };
}

export const rollupDomain = (f: RollupFixture): Promise<Domain> => domainOf("blockage Rollup", f.rollup);

export const coordinatorDomain = (f: RollupFixture): Promise<Domain> =>
  domainOf("blockage ProverCoordinator", f.coordinator);

/** A proof quote as the contract takes it. */
export interface TestQuote {
  prover: string;
  epoch: bigint;
  basisPointFee: number;
  bond: bigint;
  validUntilSlot: bigint;
}

type Signer = Awaited<ReturnType<typeof ethers.getSigners>>[number];

/** `signer`'s quote signature (on `domain`, the coordinator's by default). */
export async function signQuote(f: RollupFixture, signer: Signer, quote: TestQuote, domain?: Domain) {
  return signer.signTypedData(domain ?? (await coordinatorDomain(f)), QUOTE_TYPES, quote);
}

/** `signer`'s countersignature of `quote` for `slot` (on `domain`, the coordinator's by default). */
export async function countersignQuote(
  f: RollupFixture,
  signer: Signer,
  quote: TestQuote,
  slot: bigint,
  domain?: Domain,
) {
  return signer.signTypedData(domain ?? (await coordinatorDomain(f)), ACCEPTANCE_TYPES, { quote, slot });
}

// ------------------------------------------------------------------ a standard epoch

export const STANDARD_EPOCH = 3n;
export const B_FEES = 40n * E18;

/**
 * Epoch 3 with two blocks: A (node 0, slot 97, `txsOf(1)`, no fees) and B (node 1, slot 98, `txsOf(2)`, 40 tokens
 * of fees); node 2 holds the epoch's only prover ticket (its designated prover). `options` changes the deployment.
 */
export async function epochFixture(options: RollupDeployOptions = {}) {
  const f = await deployRollup(await lotteryFixture({ bindSlasher: false }), options);
  const epoch = STANDARD_EPOCH;
  await toEpoch(f, epoch);
  const first = epoch * EPOCH_SLOTS;
  const txsA = txsOf(1);
  const txsB = txsOf(2);
  const hA = await proposeBlock(f, f.nodes[0], first + 1n, txsA);
  const hB = await proposeBlock(f, f.nodes[1], first + 2n, txsB, { fees: B_FEES });
  await enterProverTicket(f, f.nodes[2], epoch);
  return {
    ...f,
    epoch,
    hA,
    hB,
    txsA,
    txsB,
    blocks: [
      { header: hA, txs: txsA },
      { header: hB, txs: txsB },
    ],
  };
}

export type EpochFixture = Awaited<ReturnType<typeof epochFixture>>;

/** Where burned tokens go (ERC-20s refuse the zero address). */
export const BURN_ADDRESS = "0x000000000000000000000000000000000000dEaD";

/**
 * What an epoch proof credits, computed independently of the contract (`IProverCoordinator._pay`'s rules).
 * `released` is what the reward pool pays: a block reward per block unless its reserve runs short.
 */
export function expectedPayout(
  blocks: { fees: bigint }[],
  proverFeeBps: bigint,
  released = BigInt(blocks.length) * BLOCK_REWARD,
) {
  const bps = 10_000n;
  const shared = blocks.map((b) => (b.fees * BigInt(FEE_SPLIT)) / bps);
  const contribution = shared.map((s) => BLOCK_REWARD + s);
  const total = contribution.reduce((a, b) => a + b, 0n);
  const rewards = released + shared.reduce((a, b) => a + b, 0n);
  const proverFee = (rewards * proverFeeBps) / bps;
  const submitterFee = (rewards * BigInt(COORDINATOR_CONFIG.submitterShare)) / bps;
  const pot = rewards - proverFee - submitterFee;
  const proposerShares = contribution.map((c, i) => (pot * c) / total + blocks[i].fees - shared[i]);
  const dust = pot - contribution.reduce((a, c) => a + (pot * c) / total, 0n);
  return { rewards, proverFee, submitterFee, dust, proposerShares };
}

/** Expects each of `calls` to revert with `contract`'s access error `error(caller)`. */
export async function expectCallerRefused(
  contract: Parameters<ReturnType<typeof expect>["revertedWithCustomError"]>[0],
  error: string,
  caller: string,
  calls: (() => Promise<unknown>)[],
): Promise<void> {
  for (const call of calls) {
    await expect(call()).to.be.revertedWithCustomError(contract, error).withArgs(caller);
  }
}
