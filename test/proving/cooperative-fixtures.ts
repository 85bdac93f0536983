// Fixtures for the Cooperative mechanism's tests (seed 001): a Rollup deployed with `ProverMechanism.Cooperative` and
// its CooperativeCoordinator over the lottery fixture's registry plus two more prover nodes, real chunk proofs and
// real VRF chunk tickets.
import { ethers } from "hardhat";
import { computeChunk, proveChunk, toSolidityChunkProof, type ChunkProof } from "@blockage/circuits";
import type {
  CooperativeCoordinator,
  CooperativeCoordinator__factory,
  Rollup,
} from "../../packages/client/src/typechain";
import type { ChunkSubmissionStruct } from "../../packages/client/src/typechain/contracts/proving/CooperativeCoordinator";
import { DEFAULT_PARAMS, type TestNode, enterEpoch, lotteryFixture, registerNode, vrfEntry } from "../lottery/fixtures";
import { E18, EPOCH_SLOTS, MIN_STAKE, PROVER, factory } from "../registry/helpers";
import {
  BLOCK_REWARD,
  ROLLUP_CONFIG,
  type Header,
  type ProverLike,
  advanceTo,
  deployRollupWith,
  proposeBlock,
  toEpoch,
  txsOf,
} from "../rollup/fixtures";

/** `ProverMechanism.Cooperative`. */
export const COOPERATIVE = 1;
/** The least FEE_SPLIT a proposal may declare in these tests. */
export const MIN_FEE_SPLIT = 1_000;
export const PROVING_WINDOW_SLOTS = 16n;
export const COOPERATIVE_CONFIG = { blockReward: BLOCK_REWARD, provingWindowSlots: PROVING_WINDOW_SLOTS };
export const PROOFS_PER_NODE = 3n;
export const BPS = 10_000n;

type Base = Awaited<ReturnType<typeof lotteryFixture>>;

export interface CooperativeDeployOptions {
  rollupConfig?: Partial<typeof ROLLUP_CONFIG>;
  cooperativeConfig?: Partial<typeof COOPERATIVE_CONFIG>;
}

/**
 * A Cooperative Rollup and its CooperativeCoordinator over `base`'s registry (the coordinator's address predicted from
 * the deployer's nonce), the rollup bound as slasher, approvals for signers 0..11, and a pool of 10,000 tokens.
 */
export async function deployCooperative(base: Base, options: CooperativeDeployOptions = {}) {
  const config = { ...ROLLUP_CONFIG, feeSplit: MIN_FEE_SPLIT, mechanism: COOPERATIVE, ...options.rollupConfig };
  return deployRollupWith(
    base,
    config,
    false,
    async (rollup, proofVerifier) =>
      (await (
        await factory<CooperativeCoordinator__factory>("CooperativeCoordinator")
      ).deploy(await base.registry.getAddress(), DEFAULT_PARAMS, false, rollup, {
        ...COOPERATIVE_CONFIG,
        ...options.cooperativeConfig,
        proofVerifier,
      })) as unknown as CooperativeCoordinator,
  );
}

/**
 * The lottery fixture's registry with two more prover nodes (signers 7 and 8, registered in epoch 1 and activated in
 * epoch 2, so Active from epoch 4), and a Cooperative deployment over it. `provers`: the five prover nodes.
 */
export async function cooperativeFixture(options: CooperativeDeployOptions = {}) {
  const { base, provers } = await fiveProversBase();
  return { ...(await deployCooperative(base, options)), provers };
}

/**
 * The lottery fixture's registry (its slasher unbound) with two more prover nodes (signers 7 and 8, registered in
 * epoch 1 and activated in epoch 2, so Active from epoch 4), and the five prover nodes: nodes 0, 2 and 3 and those two.
 */
export async function fiveProversBase() {
  const base = await lotteryFixture({ bindSlasher: false });
  const extra = [
    await registerNode(base, 7, 16, 4n * MIN_STAKE, PROVER),
    await registerNode(base, 8, 17, MIN_STAKE, PROVER),
  ];
  await enterEpoch(base.registry, base.beacon, 2n);
  for (const node of extra) await base.registry.connect(node.operator).activate(node.pid);
  const provers: TestNode[] = [base.nodes[0], base.nodes[2], base.nodes[3], ...extra];
  return { base, provers };
}

export type CooperativeFixture = Awaited<ReturnType<typeof cooperativeFixture>>;

/** A block on the chain: its number, header and transactions. */
export interface ChainBlock {
  blockNumber: bigint;
  header: Header;
  txs: bigint[];
}

export const COOP_EPOCH = 5n;
export const A_FEES = 40n * E18;
export const A_FEE_SPLIT = 8_000;
export const B_FEE_SPLIT = 5_000;

/**
 * Epoch 5 with two blocks: A (node 0, slot 161, 32 transactions = 2 chunks, 40 tokens of fees, FEE_SPLIT 80%) and B
 * (node 3, slot 162, 16 transactions, no fees, FEE_SPLIT 50%); the clock is then in slot 163, both blocks' chunks open.
 */
export async function cooperativeEpochFixture() {
  const f = await cooperativeFixture();
  const epoch = COOP_EPOCH;
  await toEpoch(f, epoch);
  const first = epoch * EPOCH_SLOTS;
  const txsA = [...txsOf(1), ...txsOf(2)];
  const txsB = txsOf(3);
  const hA = await proposeBlock(f, f.nodes[0], first + 1n, txsA, { fees: A_FEES, feeSplit: A_FEE_SPLIT });
  const hB = await proposeBlock(f, f.nodes[3], first + 2n, txsB, { feeSplit: B_FEE_SPLIT });
  // Into slot 163 (a block there, so the clock stays in it after the fixture's snapshot): both blocks' slots are over.
  await advanceTo(f, first + 3n);
  await ethers.provider.send("evm_mine", []);
  const blocks: ChainBlock[] = [
    { blockNumber: 1n, header: hA, txs: txsA },
    { blockNumber: 2n, header: hB, txs: txsB },
  ];
  return { ...f, epoch, blocks };
}

export type CooperativeEpochFixture = Awaited<ReturnType<typeof cooperativeEpochFixture>>;

/** Each chunk's start state, transactions and Poseidon txs commitment, in order. */
export function chunksOf(block: Pick<ChainBlock, "header" | "txs">) {
  const chunks: bigint[][] = [];
  for (let i = 0; i < block.txs.length; i += 16) chunks.push(block.txs.slice(i, i + 16));
  let state = block.header.prevState;
  return chunks.map((txs) => {
    const signals = computeChunk({ prevState: state, txs });
    const chunk = { prevState: state, txs, newState: signals.newState, txsCommitment: signals.txsCommitment };
    state = signals.newState;
    return chunk;
  });
}

const chunkProofs = new Map<string, Promise<ChunkProof>>();

/** A real Groth16 proof of `txs` from `prevState` bound to `prover`, memoized for the run (about a second each). */
export function proveChunkCached(prevState: bigint, txs: bigint[], prover: ProverLike): Promise<ChunkProof> {
  const address = typeof prover === "string" ? prover : prover.address;
  const key = [address.toLowerCase(), prevState, ...txs].join(",");
  let proof = chunkProofs.get(key);
  if (proof === undefined) {
    proof = proveChunk({ prevState, txs, prover: address });
    chunkProofs.set(key, proof);
  }
  return proof;
}

/** Options of {@link chunkEntry}. */
export interface ChunkEntryOptions {
  feeBurn?: number;
  /** Bind the proof to this address instead of the node's operator. */
  boundTo?: ProverLike;
  /** Draw the VRF ticket for another chunk index (or block) than the one submitted. */
  ticketFor?: { blockNumber: bigint; chunk: number };
}

/** `node`'s submission of chunk `chunk` of `block`: the submission struct and its VRF ticket (proof and hints). */
export async function chunkEntry(
  f: Pick<CooperativeFixture, "coordinator">,
  node: TestNode,
  block: ChainBlock,
  chunk: number,
  options: ChunkEntryOptions = {},
) {
  const chunks = chunksOf(block);
  const c = chunks[chunk];
  const proof = await proveChunkCached(c.prevState, c.txs, options.boundTo ?? node.operator);
  const ticketFor = options.ticketFor ?? { blockNumber: block.blockNumber, chunk };
  const seed = await f.coordinator.chunkSeed(ticketFor.blockNumber, ticketFor.chunk);
  const ticket = vrfEntry(node.key, seed, "CHUNK");
  const submission: ChunkSubmissionStruct = {
    blockNumber: block.blockNumber,
    header: block.header,
    chunkCommitments: chunks.map((x) => x.txsCommitment),
    chunk,
    salt: node.salt,
    feeBurn: options.feeBurn ?? 0,
    proof: toSolidityChunkProof(proof) as unknown as ChunkSubmissionStruct["proof"],
  };
  return { submission, vrfProof: ticket.proof, hints: ticket.hints, seed };
}

/** Sends `node`'s submission of chunk `chunk` of `block`. */
export async function submitChunk(
  f: Pick<CooperativeFixture, "coordinator">,
  node: TestNode,
  block: ChainBlock,
  chunk: number,
  options: ChunkEntryOptions = {},
) {
  const e = await chunkEntry(f, node, block, chunk, options);
  return f.coordinator.connect(node.operator).submitChunkProof(e.submission, e.vrfProof, e.hints);
}

/** The score `node`'s submission would get (a static call), for ordering submissions in a test. */
export async function scoreOf(
  f: Pick<CooperativeFixture, "coordinator">,
  node: TestNode,
  block: ChainBlock,
  chunk: number,
  feeBurn = 0,
): Promise<bigint> {
  const e = await chunkEntry(f, node, block, chunk, { feeBurn });
  return f.coordinator.connect(node.operator).submitChunkProof.staticCall(e.submission, e.vrfProof, e.hints);
}

/** Seed 001's reward for one kept proof, computed independently of the contract. */
export function expectedProverReward(network: bigint, chunks: bigint, feeBurn: bigint) {
  const share = network / (chunks * PROOFS_PER_NODE);
  const reward = (share * (BPS - feeBurn)) / BPS;
  return { reward, burned: share - reward };
}

/** The invariant: the rollup holds the escrowed fees, the coordinator exactly what it owes. */
export async function expectCooperativeBalances(f: {
  token: { balanceOf(account: string): Promise<bigint> };
  rollup: Rollup;
  coordinator: CooperativeCoordinator;
}): Promise<void> {
  const rollupBalance = await f.token.balanceOf(await f.rollup.getAddress());
  const coordinatorBalance = await f.token.balanceOf(await f.coordinator.getAddress());
  const escrowed = await f.rollup.totalEscrowedFees();
  const owed = await f.coordinator.totalOwed();
  if (rollupBalance !== escrowed) throw new Error(`rollup holds ${rollupBalance}, owes ${escrowed}`);
  if (coordinatorBalance !== owed) throw new Error(`coordinator holds ${coordinatorBalance}, owes ${owed}`);
}
