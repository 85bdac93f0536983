// Cooperative proving (seed 001) end to end against real contracts on a local Hardhat node, through the SDK only: a
// rollup deployed with `mechanism: "cooperative"`, proposals with chosen FEE_SPLITs ranked by their boosted race times,
// real Groth16 chunk proofs and VRF chunk tickets, the best three kept per chunk, finalization after the proving window
// with every credit equal to `blockRewards`, withdrawals, and an epoch with an unproven chunk won in the open race.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JsonRpcProvider, ZeroAddress, parseEther, type JsonRpcSigner } from "ethers";
import { proveBlock, proveChunk, releaseProver, type ChunkProof } from "@blockage/circuits";
import type { LocalChain } from "../../../../deploy/local-chain";
import { enterEpochWithSeed } from "../../../../deploy/time-travel";
import { activeRegistryChain, inSlot as inSlotOf, type LocalNode } from "../../test/local-nodes";
import { reverts } from "../../test/reverts";
import { createBlockageClient } from "../client";
import { InvalidParameterError } from "../errors";
import { getActiveSetWeight } from "../lottery/active-set-weight";
import { checkEligibility } from "../lottery/eligibility";
import { boostedRaceTime } from "../lottery/math";
import { deployProofVerifier } from "../proving/deploy-verifier";
import { BlockDataNotFoundError } from "../rollup/errors";
import { getConfirmation } from "../rollup/confirmation";
import { connectRollup } from "../rollup/connect";
import { deployRollup } from "../rollup/deploy";
import { blockHeaderHash, blockStatement, type BlockHeader } from "../rollup/header";
import { proposeBlock } from "../rollup/propose";
import { getRewards, withdrawRewards } from "../rollup/rewards";
import type { CooperativeCoordinator, NodeRegistry, Rollup, SeedBeacon, StakeToken } from "../typechain";
import {
  ChunkStatementMismatchError,
  allocateRing,
  blockRewards,
  buildChunkSubmission,
  chunkKeepProbability,
  chunkScore,
  chunkSeed,
  chunkTicket,
  enterChunkRace,
  finalizeEpoch,
  getBlockProverSeed,
  getChunkRaceEntry,
  getCooperativeEpochStatus,
  getKeptProofs,
  proverReward,
  submitChunkProof,
  submitCooperativeEpochProof,
} from ".";

type Node = LocalNode;

interface Block {
  blockNumber: bigint;
  header: BlockHeader;
  txs: bigint[];
}

const E18 = 10n ** 18n;
const PROVING_WINDOW = 8n;
const txsOf = (tag: number, count = 16) =>
  Array.from({ length: count }, (_, i) => BigInt(tag) * 1_000_003n + BigInt(i) * 7919n + 1n);

describe("Cooperative proving against a real node", () => {
  let chain: LocalChain;
  let provider: JsonRpcProvider;
  let signers: JsonRpcSigner[];
  let registry: NodeRegistry;
  let beacon: SeedBeacon;
  let token: StakeToken;
  let rollup: Rollup;
  let coordinator: CooperativeCoordinator;
  let record: Record<string, { address: string; transactionHash?: string }>;
  let registryBlock: number;
  let epoch: bigint;
  let epochSlots: bigint;
  let nodes: Node[];
  const blocks: Block[] = [];
  const weights = new Map<string, bigint>();
  const proofs = new Map<string, Promise<ChunkProof>>();

  /** Sets the next block's time inside `slot`. */
  const inSlot = (slot: bigint) => inSlotOf(provider, beacon, slot);

  async function toSlot(slot: bigint): Promise<void> {
    await inSlot(slot);
    await provider.send("evm_mine", []);
  }

  /** `node`'s real Groth16 proof of chunk `chunk` of `block`, bound to its operator (memoized). */
  function chunkProof(node: Node, block: Block, chunk: number): Promise<ChunkProof> {
    const key = `${node.pid}:${block.blockNumber}:${chunk}`;
    if (!proofs.has(key)) {
      const { prevState } = blockStatement(block.header.prevState, block.txs).chunks[chunk];
      const txs = block.txs.slice(16 * chunk, 16 * chunk + 16);
      proofs.set(key, proveChunk({ prevState, txs, prover: node.signer.address }));
    }
    return proofs.get(key)!;
  }

  /** `node`'s submission of chunk `chunk` of `block` with its ticket, built by the SDK. */
  async function entry(node: Node, block: Block, chunk: number, feeBurn: number) {
    const { seed: blockSeed } = await getBlockProverSeed(rollup, { blockNumber: block.blockNumber });
    const ticket = chunkTicket({ vrfSecretKey: node.keys.vrfSecretKey, seed: chunkSeed({ blockSeed, chunk }) });
    const submission = buildChunkSubmission({
      blockNumber: block.blockNumber,
      header: block.header,
      txs: block.txs,
      chunk,
      salt: node.salt,
      feeBurn,
      proof: await chunkProof(node, block, chunk),
    });
    const score = chunkScore({ output: ticket.output, weight: weights.get(node.pid)!, feeBurn });
    return { submission, vrfProof: ticket.vrfProof, hints: ticket.hints, score };
  }

  async function submit(node: Node, block: Block, chunk: number, feeBurn = 0) {
    const e = await entry(node, block, chunk, feeBurn);
    return submitChunkProof(coordinator.connect(node.signer), e);
  }

  /** Proposes `txs` in `slot` from `node` with the given FEE_SPLIT; checks the boosted race time. */
  async function propose(node: Node, slot: bigint, txs: bigint[], feeSplit: number, fees = 0n): Promise<Block> {
    const e = slot / epochSlots;
    const { totalWeight } = await getActiveSetWeight(rollup, { epoch: e, role: "sequencer", fromBlock: registryBlock });
    const node_ = { pid: node.pid, vrfSecretKey: node.keys.vrfSecretKey };
    const ticket = await checkEligibility(rollup, {
      node: node_,
      epoch: e,
      slot,
      role: "sequencer",
      totalWeight,
      feeSplit,
      othersFeeSplit: 1_000,
    });
    const plain = await checkEligibility(rollup, { node: node_, epoch: e, slot, role: "sequencer", totalWeight });
    expect(ticket.raceTime).toBe(boostedRaceTime(plain.raceTime, feeSplit));
    expect(ticket.winProbability).toBeGreaterThanOrEqual(plain.winProbability);
    await inSlot(slot);
    const proposed = await proposeBlock(rollup.connect(node.signer), {
      entry: ticket.args!,
      salt: node.salt,
      txs,
      fees,
      feeSplit,
    });
    // The rollup ranks the proposal by its race time ÷ (1 + FEE_SPLIT): as checkEligibility predicted.
    expect(proposed.raceTime).toBe(ticket.raceTime);
    expect(proposed.header.feeSplit).toBe(BigInt(feeSplit));
    const block = { blockNumber: proposed.blockNumber, header: proposed.header, txs };
    blocks.push(block);
    return block;
  }

  beforeAll(async () => {
    ({ chain, provider, signers, registry, beacon, token, registryBlock, epochSlots, epoch, nodes } =
      await activeRegistryChain("cooperative", 8));
  }, 180_000);

  afterAll(async () => {
    await releaseProver();
    provider?.destroy();
    await chain?.stop();
  });

  it("deploys a Cooperative rollup and connects to it as one", async () => {
    const { addresses, deployments: verifierDeployments } = await deployProofVerifier(signers[0]);
    const params = { registry: await registry.getAddress(), proofVerifier: addresses.EpochProofVerifier };
    // The other mechanism's overrides are refused before anything is sent.
    const nonce = await signers[0].getNonce();
    await expect(
      deployRollup(signers[0], { ...params, mechanism: "cooperative", coordinator: { minBond: 1n } }),
    ).rejects.toBeInstanceOf(InvalidParameterError);
    expect(await signers[0].getNonce()).toBe(nonce);

    const deployed = await deployRollup(signers[0], {
      ...params,
      mechanism: "cooperative",
      rollup: { feeSplit: 1_000n },
      cooperative: { provingWindowSlots: PROVING_WINDOW },
      fundRewardPool: parseEther("1000"),
    });
    expect(deployed.mechanism).toBe("cooperative");
    ({ rollup, cooperativeCoordinator: coordinator } = deployed);
    expect(deployed.coordinator).toBeUndefined();
    expect(Object.keys(deployed.deployments).sort()).toEqual(
      ["ChunkStateTransition", "CooperativeCoordinator", "PoseidonT3", "RewardPool", "Rollup"].sort(),
    );
    expect((await rollup.config()).mechanism).toBe(1n);
    expect(await rollup.coordinator()).toBe(deployed.addresses.CooperativeCoordinator);
    const config = await coordinator.config();
    expect(config.provingWindowSlots).toBe(PROVING_WINDOW);
    expect(config.blockReward).toBe(parseEther("10"));
    expect(await deployed.rewardPool.reserve()).toBe(parseEther("1000"));
    // The deployer allocates the ring of chunk records, in batches; a batch of 0 is refused before anything is sent.
    await expect(allocateRing(coordinator.connect(signers[0]), { batch: 0 })).rejects.toBeInstanceOf(
      InvalidParameterError,
    );
    const ring = await allocateRing(coordinator.connect(signers[0]));
    expect(ring.entries).toBe(await rollup.ringSize());
    expect(ring.batch).toBe(31n); // 12M gas of 17-word entries (4 chunks per block)
    expect(ring.hashes).toHaveLength(Math.ceil(Number(ring.entries) / 31));
    expect(ring.gasUsed).toBeGreaterThan(0n);

    const connected = await connectRollup(deployed.addresses.Rollup, provider);
    expect(connected.mechanism).toBe("cooperative");
    expect(connected.addresses).toEqual(deployed.addresses);
    record = { ...verifierDeployments, ...deployed.deployments };
    // The front door's Cooperative group, bound from the deployments record.
    const client = createBlockageClient({ runner: provider, deployment: record });
    expect(client.addresses.cooperativeCoordinator).toBe(deployed.addresses.CooperativeCoordinator);
    expect(await client.contracts.cooperativeCoordinator.PROOFS_PER_NODE()).toBe(3n);
    expect(() => client.coordinator).toThrow(/no ProverCoordinator address/);

    // Seed 001's reward formula, against the contract's.
    for (const [networkReward, chunks, feeBurn] of [
      [800n * E18, 31n, 4_000],
      [123_456_789n, 4n, 0],
      [10n ** 25n + 7n, 16n, 10_000],
      [99n, 1n, 3_333],
    ] as const) {
      const [reward, burned] = await coordinator.proverReward(networkReward, chunks, feeBurn);
      expect(proverReward({ networkReward, chunks, feeBurn })).toEqual({ reward, burned });
    }
  }, 120_000);

  it("proposes blocks with chosen FEE_SPLITs and reads their prover seeds", async () => {
    const first = epoch * epochSlots;
    // Block 1: 32 transactions (2 chunks), 40 tokens of fees, FEE_SPLIT 80%. Block 2: 16, no fees, FEE_SPLIT 50%.
    await propose(nodes[0], first + 1n, [...txsOf(1), ...txsOf(2)], 8_000, parseEther("40"));
    await propose(nodes[3], first + 2n, txsOf(3), 5_000);
    await reverts(
      proposeBlock(rollup.connect(nodes[1].signer), {
        entry: (
          await checkEligibility(rollup, {
            node: { pid: nodes[1].pid, vrfSecretKey: nodes[1].keys.vrfSecretKey },
            epoch,
            slot: first + 2n,
            role: "sequencer",
            fromBlock: registryBlock,
          })
        ).args!,
        salt: nodes[1].salt,
        txs: txsOf(9),
        feeSplit: 999,
      }),
      "Rollup__WrongFeeSplit",
    );
    await toSlot(first + 3n);

    for (const block of blocks) {
      const { headerHash, seed } = await getBlockProverSeed(rollup, { blockNumber: block.blockNumber });
      expect(headerHash).toBe(blockHeaderHash(block.header));
      const chunks = Number(block.header.txCount) / 16;
      for (let k = 0; k < chunks; k++) {
        expect(chunkSeed({ blockSeed: seed, chunk: k })).toBe(await coordinator.chunkSeed(block.blockNumber, k));
      }
    }
    await expect(getBlockProverSeed(rollup, { blockNumber: 0n })).rejects.toBeInstanceOf(BlockDataNotFoundError);
    await expect(getBlockProverSeed(rollup, { blockNumber: 9n })).rejects.toBeInstanceOf(BlockDataNotFoundError);
    await expect(
      getBlockProverSeed(rollup, { blockNumber: 1n, headerHash: blockHeaderHash(blocks[1].header) }),
    ).rejects.toThrow(/holds block/);

    const set = await getActiveSetWeight(coordinator, { epoch, role: "prover", fromBlock: registryBlock });
    for (const node of nodes) {
      const weight = set.nodes.find((n) => n.pid === node.pid)!.weight;
      expect(weight).toBe(await coordinator.weightAt(node.pid, epoch));
      weights.set(node.pid, weight);
    }
  }, 120_000);

  it("keeps the best three proofs of a chunk as they arrive, with the scores the SDK predicts", async () => {
    const block = blocks[1];
    // The first node enters the epoch's chunk race (its tickets then use its kept weight and key); the others do not.
    const [first, second] = nodes;
    const entered = await enterChunkRace(coordinator.connect(first.signer), { salt: first.salt, epoch });
    expect(entered).toMatchObject({ epoch, weight: weights.get(first.pid) });
    expect(entered.pid.toLowerCase()).toBe(first.pid.toLowerCase());
    expect(await getChunkRaceEntry(coordinator, { pid: first.pid, epoch })).toEqual({
      entered: true,
      weight: weights.get(first.pid),
    });
    expect(await getChunkRaceEntry(coordinator, { pid: second.pid, epoch })).toEqual({ entered: false, weight: 0n });
    const feeBurns = [0, 2_000, 5_000, 0];
    const scored = [];
    for (const [i, node] of nodes.entries()) {
      const { score } = await entry(node, block, 0, feeBurns[i]);
      const others = nodes.filter((n) => n !== node).map((n) => weights.get(n.pid)!);
      const keep = chunkKeepProbability({ score, otherWeights: others });
      expect(keep).toBeGreaterThan(0);
      expect(keep).toBeLessThanOrEqual(1);
      scored.push({ node, score, feeBurn: feeBurns[i] });
    }
    scored.sort((a, b) => (a.score < b.score ? -1 : a.score > b.score ? 1 : 0));
    const [best, , , worst] = scored;
    // The three worst first, each into a free place; then the best replaces the worst.
    for (const s of scored.slice(1).reverse()) {
      const kept = await submit(s.node, block, 0, s.feeBurn);
      expect(kept).toMatchObject({ score: s.score, replaced: ZeroAddress, prover: s.node.signer.address, epoch });
      expect(kept.headerHash).toBe(blockHeaderHash(block.header));
      expect(kept.hash).toBe(kept.receipt.hash);
    }
    const replacing = await submit(best.node, block, 0, best.feeBurn);
    expect(replacing).toMatchObject({ score: best.score, replaced: worst.node.signer.address });
    const notKept = await reverts(submit(worst.node, block, 0, worst.feeBurn), "CooperativeCoordinator__NotKept");
    expect(notKept.args.score).toBe(worst.score);
    await reverts(submit(best.node, block, 0, best.feeBurn), "CooperativeCoordinator__DuplicateProver");
    const { kept } = await getKeptProofs(coordinator, {
      blockNumber: block.blockNumber,
      headerHash: blockHeaderHash(block.header),
      chunk: 0,
    });
    expect(kept.map((k) => k.prover).sort()).toEqual(
      scored
        .slice(0, 3)
        .map((s) => s.node.signer.address)
        .sort(),
    );
    for (const k of kept) expect(k.score).toBe(scored.find((s) => s.node.signer.address === k.prover)!.score);
  }, 240_000);

  it("takes a block's chunks in order, each checked against its statement first", async () => {
    const block = blocks[0];
    await reverts(submit(nodes[2], block, 1, 1_000), "CooperativeCoordinator__PreviousChunkUnproven");
    // Chunk 1's proof offered for chunk 0 is refused before anything is sent.
    const chunk1 = await chunkProof(nodes[2], block, 1);
    const offered = {
      blockNumber: block.blockNumber,
      header: block.header,
      txs: block.txs,
      salt: nodes[2].salt,
      feeBurn: 0,
      proof: chunk1,
    };
    expect(() => buildChunkSubmission({ ...offered, chunk: 0 })).toThrow(ChunkStatementMismatchError);
    expect(buildChunkSubmission({ ...offered, chunk: 1 }).chunk).toBe(1n);

    // Seed 002's confirmation stages: no claims here, the prover commitment is every chunk holding a kept proof.
    const before = await getConfirmation(rollup, { blockNumber: block.blockNumber });
    expect(before).toMatchObject({ stage: 3 });
    expect(before.detail).toMatch(/0 of block \d+'s 2 chunks hold a kept proof/);
    await submit(nodes[0], block, 0, 0);
    await submit(nodes[1], block, 0, 4_000);
    expect((await getConfirmation(rollup, { blockNumber: block.blockNumber })).detail).toMatch(/1 of block/);
    await submit(nodes[2], block, 1, 1_000);
    // Every chunk held, the slot over and the proposal's L1 block final (a local node's `finalized` is its latest).
    expect(await getConfirmation(rollup, { blockNumber: block.blockNumber })).toMatchObject({ stage: 5 });

    const headers = blocks.map((b) => b.header);
    const status = await getCooperativeEpochStatus(coordinator, { epoch, blocks });
    expect(status).toMatchObject({
      epoch,
      phase: "proposing",
      awaitingProof: true,
      nextToProve: true,
      everyChunkProven: true,
      canFinalize: false,
    });
    expect(status.blocks).toEqual([
      { headerHash: blockHeaderHash(blocks[0].header), chunks: 2, provenChunks: 2, keptProofs: 3 },
      { headerHash: blockHeaderHash(blocks[1].header), chunks: 1, provenChunks: 1, keptProofs: 3 },
    ]);
    expect(status.windows).toEqual({
      epochEnds: (epoch + 1n) * epochSlots,
      provingCloses: (epoch + 1n) * epochSlots + PROVING_WINDOW,
      finalDeadline: (await coordinator.epochWindows(epoch))[1],
    });
    await reverts(
      finalizeEpoch(coordinator.connect(signers[7]), { epoch, headers }),
      "CooperativeCoordinator__ProvingWindowOpen",
    );
  }, 240_000);

  it("finalizes after the proving window, crediting exactly what blockRewards computes", async () => {
    const headers = blocks.map((b) => b.header);
    // Into the next epoch (with its seed) and through the proving window.
    await enterEpochWithSeed(provider, registry, beacon, epoch + 1n);
    expect((await getCooperativeEpochStatus(coordinator, { epoch })).phase).toBe("proving");
    await toSlot((epoch + 1n) * epochSlots + PROVING_WINDOW);
    expect((await getCooperativeEpochStatus(coordinator, { epoch })).phase).toBe("closed");
    const ready = await getCooperativeEpochStatus(coordinator, { epoch, blocks });
    expect(ready).toMatchObject({ phase: "finalize", canFinalize: true });

    // What each account should be credited: every block settled by blockRewards over its kept proofs.
    const expected = new Map<string, bigint>();
    const add = (account: string, amount: bigint) => expected.set(account, (expected.get(account) ?? 0n) + amount);
    let value = 0n;
    let paid = 0n;
    let burned = 0n;
    for (const block of blocks) {
      const headerHash = blockHeaderHash(block.header);
      const chunks = Number(block.header.txCount) / 16;
      const kept = await Promise.all(
        Array.from({ length: chunks }, (_, chunk) =>
          getKeptProofs(coordinator, { blockNumber: block.blockNumber, headerHash, chunk }),
        ),
      );
      const r = blockRewards({
        fees: block.header.fees,
        blockReward: parseEther("10"),
        feeSplit: block.header.feeSplit,
        keptFeeBurns: kept.map((c) => c.kept.map((k) => k.feeBurn)),
      });
      add((await rollup.blockRecord(block.blockNumber)).proposer, r.proposer);
      kept.forEach((c, k) => c.kept.forEach((p, i) => add(p.prover, r.provers[k][i])));
      value += r.value;
      paid += r.provers.flat().reduce((a, b) => a + b, 0n);
      burned += r.burned;
    }
    const accounts = [...expected.keys()];
    const before = await Promise.all(accounts.map((account) => getRewards(coordinator, { account })));

    const finalized = await finalizeEpoch(coordinator.connect(signers[7]), { epoch, headers });
    expect(finalized).toMatchObject({ epoch, fromBlock: 1n, toBlock: 2n, rewards: value, proverRewards: paid, burned });
    expect(finalized.newState).toBe(blocks[1].header.newState);
    expect(finalized.chunkRewards.reduce((sum, c) => sum + c.reward, 0n)).toBe(paid);
    expect(finalized.proposerRewards).toHaveLength(2);
    for (const [i, account] of accounts.entries()) {
      expect((await getRewards(coordinator, { account })) - before[i], account).toBe(expected.get(account));
    }
    expect(await token.balanceOf(await coordinator.getAddress())).toBe(await coordinator.totalOwed());
    expect((await getCooperativeEpochStatus(coordinator, { epoch, blocks })).phase).toBe("settled");

    // Withdrawals pay out exactly the credit, through the shared rewards action.
    const prover = nodes[1].signer;
    const owed = await getRewards(coordinator, { account: prover.address });
    const balance = await token.balanceOf(prover.address);
    const withdrawn = await withdrawRewards(coordinator.connect(prover));
    expect(withdrawn.amount).toBe(owed);
    expect(await token.balanceOf(prover.address)).toBe(balance + owed);
    await reverts(withdrawRewards(coordinator.connect(prover)), "CooperativeCoordinator__NoRewards");
  }, 240_000);

  it("leaves an epoch with an unproven chunk to the open race", async () => {
    const next = epoch + 1n;
    const slot = (await rollup.currentSlot()) + 1n;
    expect(slot / epochSlots).toBe(next);
    const block = await propose(nodes[2], slot, txsOf(4), 3_000);
    const headers = [block.header];
    await toSlot((next + 1n) * epochSlots + PROVING_WINDOW);
    const status = await getCooperativeEpochStatus(coordinator, { epoch: next, blocks: [block] });
    expect(status).toMatchObject({ phase: "openRace", everyChunkProven: false, canFinalize: false });
    await reverts(
      finalizeEpoch(coordinator.connect(signers[7]), { epoch: next, headers }),
      "CooperativeCoordinator__ChunkUnproven",
    );

    // The proof is bound to the racer; a relay sends it.
    const racer = signers[6];
    const proof = await proveBlock({ prevState: block.header.prevState, txs: block.txs, prover: racer.address });
    const before = await getRewards(coordinator, { account: racer.address });
    const raced = await submitCooperativeEpochProof(coordinator.connect(signers[7]), {
      epoch: next,
      proof: [proof],
      headers,
    });
    const network = (parseEther("10") * 3_000n) / 10_000n;
    expect(raced).toMatchObject({
      epoch: next,
      beneficiary: racer.address,
      rewards: parseEther("10"),
      proverReward: network,
    });
    expect(await getRewards(coordinator, { account: racer.address })).toBe(before + network);
    expect(await token.balanceOf(await coordinator.getAddress())).toBe(await coordinator.totalOwed());
  }, 240_000);
});
