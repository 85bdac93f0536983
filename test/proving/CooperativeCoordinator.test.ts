// The Cooperative mechanism (seed 001) on-chain: proposals with their own FEE_SPLIT, per-chunk VRF tickets, the best
// three proofs per chunk, finalization with seed 001's rewards and burns, and the open race as fallback. Real VRF
// proofs, real Groth16 chunk proofs, the real verifier.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import fc from "fast-check";
import type { LotteryLibHarness__factory } from "../../packages/client/src/typechain";
import { lotteryFixture } from "../lottery/fixtures";
import { E18, EPOCH_SLOTS, factory } from "../registry/helpers";
import {
  BLOCK_REWARD,
  BURN_ADDRESS,
  ROLLUP_CONFIG,
  advanceTo,
  epochProofOf,
  headerOn,
  proposeBlock,
  sendProposal,
  sequencerEntry,
  toEpoch,
  txsOf,
} from "../rollup/fixtures";
import {
  A_FEES,
  A_FEE_SPLIT,
  B_FEE_SPLIT,
  BPS,
  COOPERATIVE,
  COOP_EPOCH,
  MIN_FEE_SPLIT,
  PROOFS_PER_NODE,
  PROVING_WINDOW_SLOTS,
  type ChainBlock,
  type CooperativeEpochFixture,
  chunkEntry,
  cooperativeEpochFixture,
  cooperativeFixture,
  deployCooperative,
  expectCooperativeBalances,
  expectedProverReward,
  scoreOf,
  submitChunk,
} from "./cooperative-fixtures";

const provingCloses = (epoch: bigint) => (epoch + 1n) * EPOCH_SLOTS + PROVING_WINDOW_SLOTS;

async function afterWindow(f: CooperativeEpochFixture): Promise<void> {
  await advanceTo(f, provingCloses(f.epoch));
}

/** Every chunk of `blocks` proven once, by `f.provers[0]`. */
async function proveEveryChunkOnce(f: CooperativeEpochFixture, blocks: ChainBlock[] = f.blocks): Promise<void> {
  for (const block of blocks) {
    const chunks = Number(block.header.txCount) / 16;
    for (let k = 0; k < chunks; ++k) await (await submitChunk(f, f.provers[0], block, k)).wait();
  }
}

describe("CooperativeCoordinator: deployment", function () {
  it("takes a Cooperative rollup that names it; refuses a Sidecar rollup and out-of-range windows", async function () {
    const f = await loadFixture(cooperativeFixture);
    expect((await f.rollup.config()).mechanism).to.equal(COOPERATIVE);
    expect(await f.coordinator.PROOFS_PER_NODE()).to.equal(PROOFS_PER_NODE);
    const cfg = await f.coordinator.config();
    expect(cfg.provingWindowSlots).to.equal(PROVING_WINDOW_SLOTS);
    expect(cfg.blockReward).to.equal(BLOCK_REWARD);
    const [closes, finalDeadline] = await f.coordinator.epochWindows(7n);
    expect(closes).to.equal(8n * EPOCH_SLOTS + PROVING_WINDOW_SLOTS);
    expect(finalDeadline).to.equal(8n * EPOCH_SLOTS + BigInt(ROLLUP_CONFIG.finalDeadlineSlots));

    const base = await lotteryFixture({ bindSlasher: false });
    await expect(deployCooperative(base, { rollupConfig: { mechanism: 0 } }))
      .to.be.revertedWithCustomError(f.coordinator, "CooperativeCoordinator__InvalidConfig")
      .withArgs("mechanism");
    // A block word counts the kept proofs of at most MAX_BLOCK_CHUNKS (32) chunks, 512 transactions: above the
    // rollup's own bound (256, the most a challenge can replay), so every rollup it can serve fits.
    expect(await f.coordinator.MAX_BLOCK_CHUNKS()).to.equal(32n);
    await expect(deployCooperative(base, { rollupConfig: { maxTxsPerBlock: 256 + 16 } }))
      .to.be.revertedWithCustomError(f.rollup, "Rollup__InvalidConfig")
      .withArgs("maxTxsPerBlock");
    for (const provingWindowSlots of [0n, BigInt(ROLLUP_CONFIG.finalDeadlineSlots)]) {
      await expect(deployCooperative(base, { cooperativeConfig: { provingWindowSlots } }))
        .to.be.revertedWithCustomError(f.coordinator, "CooperativeCoordinator__InvalidConfig")
        .withArgs("provingWindowSlots");
    }
  });

  it("only the rollup calls rewardBasedBlock and voidClaim", async function () {
    const f = await loadFixture(cooperativeFixture);
    const stranger = f.signers[9];
    await expect(f.coordinator.connect(stranger).rewardBasedBlock(stranger.address))
      .to.be.revertedWithCustomError(f.coordinator, "CooperativeCoordinator__NotRollup")
      .withArgs(stranger.address);
    await expect(f.coordinator.connect(stranger).voidClaim(1n))
      .to.be.revertedWithCustomError(f.coordinator, "CooperativeCoordinator__NotRollup")
      .withArgs(stranger.address);
  });
});

describe("Rollup (Cooperative): proposals declare their FEE_SPLIT", function () {
  it("ranks a proposal by its race time ÷ (1 + FEE_SPLIT) and keeps σ mixed with its VRF output", async function () {
    const f = await loadFixture(cooperativeFixture);
    await toEpoch(f, COOP_EPOCH);
    const slot = COOP_EPOCH * EPOCH_SLOTS + 1n;
    const node = f.nodes[0];
    const header = await headerOn(f.rollup, slot, txsOf(1), { feeSplit: 7_500 });
    const entry = await sequencerEntry(f, node, slot);
    const tx = await sendProposal(f, node, header, txsOf(1));
    const receipt = (await tx.wait())!;
    const event = receipt.logs.map((l) => f.rollup.interface.parseLog(l)).find((e) => e?.name === "BlockProposed")!;
    const weight = await f.rollup.weightAt(node.pid, COOP_EPOCH);
    const raw = await f.rollup.computeRaceTime(entry.beta, weight);
    const harness = await (await factory<LotteryLibHarness__factory>("LotteryLibHarness")).deploy();
    const ln = (await harness.lnWads([E18 + 7_500n * 10n ** 14n]))[0];
    expect(event.args.raceTime).to.equal(raw - ln);
    expect(await harness.boostedRaceTime(raw, 7_500n)).to.equal(raw - ln);
    const [hash, seed] = await f.rollup.blockProverSeed(1n);
    expect(hash).to.equal(await f.rollup.headerHash(header));
    const sigma = await f.beacon.seedFor(COOP_EPOCH, slot, 1);
    const coder = ethers.AbiCoder.defaultAbiCoder();
    expect(seed).to.equal(ethers.keccak256(coder.encode(["bytes32", "bytes32"], [sigma, entry.beta])));
    expect(await f.rollup.blockProverSeed(2n)).to.deep.equal([ethers.ZeroHash, ethers.ZeroHash]);
  });

  it("refuses a FEE_SPLIT below the deployment's minimum or above 10,000 (Rollup__WrongFeeSplit)", async function () {
    const f = await loadFixture(cooperativeFixture);
    await toEpoch(f, COOP_EPOCH);
    const slot = COOP_EPOCH * EPOCH_SLOTS + 1n;
    for (const feeSplit of [MIN_FEE_SPLIT - 1, 10_001]) {
      const header = await headerOn(f.rollup, slot, txsOf(1), { feeSplit });
      await expect(sendProposal(f, f.nodes[0], header, txsOf(1)))
        .to.be.revertedWithCustomError(f.rollup, "Rollup__WrongFeeSplit")
        .withArgs(feeSplit, MIN_FEE_SPLIT);
    }
    const tips = await f.rollup.tips();
    const parent = { hash: tips.tipHash, state: tips.tipState };
    for (const feeSplit of [MIN_FEE_SPLIT, 10_000]) {
      const header = await headerOn(f.rollup, slot, txsOf(1), { feeSplit, parent });
      // The second one replaces the first only if it ranks better: the same node with a higher FEE_SPLIT does.
      await expect(sendProposal(f, f.nodes[0], header, txsOf(1))).to.emit(f.rollup, "BlockProposed");
    }
  });

  it("a Sidecar rollup keeps no output and still requires the deployment's FEE_SPLIT", async function () {
    const { rollupFixture } = await import("../rollup/fixtures");
    const f = await loadFixture(rollupFixture);
    await toEpoch(f, 3n);
    await proposeBlock(f, f.nodes[0], 3n * EPOCH_SLOTS + 1n, txsOf(1));
    const [hash, seed] = await f.rollup.blockProverSeed(1n);
    expect(hash).to.not.equal(ethers.ZeroHash);
    expect(seed).to.equal(ethers.ZeroHash);
  });
});

describe("CooperativeCoordinator: chunk proofs", function () {
  it("keeps the best three per chunk as they arrive: a better ticket replaces the worst, a worse one is refused", async function () {
    const f = await loadFixture(cooperativeEpochFixture);
    const block = f.blocks[1];
    const scored = [];
    for (const node of f.provers.slice(0, 4)) scored.push({ node, score: await scoreOf(f, node, block, 0) });
    scored.sort((a, b) => (a.score < b.score ? -1 : a.score > b.score ? 1 : 0));
    const [best, second, third, worst] = scored;
    // The three worst first: each takes a free place.
    const hash = await f.rollup.headerHash(block.header);
    for (const { node, score } of [worst, third, second]) {
      await expect(submitChunk(f, node, block, 0))
        .to.emit(f.coordinator, "ChunkProofKept")
        .withArgs(f.epoch, hash, 0, node.operator.address, score, 0, ethers.ZeroAddress);
    }
    // The best replaces the worst kept one.
    await expect(submitChunk(f, best.node, block, 0))
      .to.emit(f.coordinator, "ChunkProofKept")
      .withArgs(f.epoch, hash, 0, best.node.operator.address, best.score, 0, worst.node.operator.address);
    const [kept] = await f.coordinator.keptProofs(block.blockNumber, hash, 0);
    expect(kept.map((k) => k.prover).sort()).to.deep.equal(
      [best, second, third].map((x) => x.node.operator.address).sort(),
    );
    // The replaced prover comes back: worse than all three.
    await expect(submitChunk(f, worst.node, block, 0))
      .to.be.revertedWithCustomError(f.coordinator, "CooperativeCoordinator__NotKept")
      .withArgs(worst.score, third.score);
    // A kept prover again (even with a better FEE_BURN boost): refused.
    await expect(submitChunk(f, second.node, block, 0, { feeBurn: 10_000 }))
      .to.be.revertedWithCustomError(f.coordinator, "CooperativeCoordinator__DuplicateProver")
      .withArgs(block.blockNumber, 0, second.node.operator.address);
  });

  it("boosts a ticket by its FEE_BURN: race time ÷ (1 + FEE_BURN)", async function () {
    const f = await loadFixture(cooperativeEpochFixture);
    const node = f.provers[1];
    const plain = await scoreOf(f, node, f.blocks[1], 0, 0);
    const boosted = await scoreOf(f, node, f.blocks[1], 0, 4_000);
    const harness = await (await factory<LotteryLibHarness__factory>("LotteryLibHarness")).deploy();
    expect(boosted).to.equal(await harness.boostedRaceTime(plain, 4_000n));
    expect(boosted).to.be.lessThan(plain);
    await expect(submitChunk(f, node, f.blocks[1], 0, { feeBurn: 10_001 }))
      .to.be.revertedWithCustomError(f.coordinator, "CooperativeCoordinator__FeeBurnOutOfRange")
      .withArgs(10_001);
  });

  it("refuses a proof bound to another address", async function () {
    const f = await loadFixture(cooperativeEpochFixture);
    const other = f.provers[1].operator.address;
    await expect(submitChunk(f, f.provers[0], f.blocks[1], 0, { boundTo: other }))
      .to.be.revertedWithCustomError(f.coordinator, "CooperativeCoordinator__ProofNotBoundToSender")
      .withArgs(BigInt(other), f.provers[0].operator.address);
  });

  it("refuses a ticket drawn for another chunk or another block (Lottery__InvalidVrfProof)", async function () {
    const f = await loadFixture(cooperativeEpochFixture);
    const node = f.provers[0];
    for (const ticketFor of [
      { blockNumber: f.blocks[0].blockNumber, chunk: 1 },
      { blockNumber: f.blocks[1].blockNumber, chunk: 0 },
    ]) {
      await expect(submitChunk(f, node, f.blocks[0], 0, { ticketFor })).to.be.revertedWithCustomError(
        f.coordinator,
        "Lottery__InvalidVrfProof",
      );
    }
    // The chunk seeds differ per chunk and per block: each is the block's prover seed with the chunk's index.
    const seeds = new Set([
      await f.coordinator.chunkSeed(1n, 0n),
      await f.coordinator.chunkSeed(1n, 1n),
      await f.coordinator.chunkSeed(2n, 0n),
    ]);
    expect(seeds.size).to.equal(3);
    const [, blockSeed] = await f.rollup.blockProverSeed(1n);
    expect(await f.coordinator.chunkSeed(1n, 1n)).to.equal(
      ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["bytes32", "uint256"], [blockSeed, 1n])),
    );
  });

  it("refuses a node that is not an active prover, or a sender that is not its operator (no node of theirs)", async function () {
    const f = await loadFixture(cooperativeEpochFixture);
    const sequencerOnly = f.nodes[1];
    await expect(submitChunk(f, sequencerOnly, f.blocks[1], 0)).to.be.revertedWithCustomError(
      f.coordinator,
      "Lottery__MissingRole",
    );
    // A stranger with a proof bound to itself and a prover's ticket: its (operator, salt) names no node.
    const stranger = f.signers[9];
    const e = await chunkEntry(f, f.provers[0], f.blocks[1], 0, { boundTo: stranger });
    const strangerPid = ethers.keccak256(
      ethers.AbiCoder.defaultAbiCoder().encode(["address", "bytes32"], [stranger.address, f.provers[0].salt]),
    );
    await expect(f.coordinator.connect(stranger).submitChunkProof(e.submission, e.vrfProof, e.hints))
      .to.be.revertedWithCustomError(f.coordinator, "Lottery__NotActive")
      .withArgs(strangerPid, f.epoch, 0);
  });

  it("enterChunkRace keeps a node's epoch inputs: the same scores, ~15k less per submission; checked like a ticket", async function () {
    const f = await loadFixture(cooperativeEpochFixture);
    const [node, other] = f.provers;
    const block = f.blocks[1];
    const plain = await scoreOf(f, node, block, 0);
    const registryPath = await (await submitChunk(f, other, block, 0)).wait();
    expect(await f.coordinator.chunkRaceEntry(node.pid, f.epoch)).to.deep.equal([false, 0n]);
    // The entry holds the weight the registry gives (the lottery's own formula) and the node's key.
    const inputs = await f.registry.nodeAt(node.pid, f.epoch);
    const harness = await (await factory<LotteryLibHarness__factory>("LotteryLibHarness")).deploy();
    const { alpha, beta, gamma, ageCap } = await f.coordinator.params();
    const weight = await harness.weight({ alpha, beta, gamma, ageCap }, inputs.stake, inputs.age);
    await expect(f.coordinator.connect(node.operator).enterChunkRace(node.salt, f.epoch))
      .to.emit(f.coordinator, "ChunkRaceEntered")
      .withArgs(f.epoch, node.pid, node.operator.address, weight);
    expect(await f.coordinator.chunkRaceEntry(node.pid, f.epoch)).to.deep.equal([true, weight]);
    await (await f.coordinator.connect(node.operator).enterChunkRace(node.salt, f.epoch)).wait(); // idempotent
    // Same score as from the registry; the submission reads two words instead of calling it.
    expect(await scoreOf(f, node, block, 0)).to.equal(plain);
    const entered = await (await submitChunk(f, node, block, 0)).wait();
    expect(registryPath!.gasUsed - entered!.gasUsed).to.be.greaterThan(12_000n);
    // Another epoch's entry is not this one's; checked like a ticket: a node without the prover role, a stranger.
    expect(await f.coordinator.chunkRaceEntry(node.pid, f.epoch + 4n)).to.deep.equal([false, 0n]);
    await expect(
      f.coordinator.connect(f.nodes[1].operator).enterChunkRace(f.nodes[1].salt, f.epoch),
    ).to.be.revertedWithCustomError(f.coordinator, "Lottery__MissingRole");
    await expect(f.coordinator.connect(f.signers[9]).enterChunkRace(node.salt, f.epoch)).to.be.revertedWithCustomError(
      f.coordinator,
      "Lottery__NotActive",
    );
  });

  it("pins each chunk's statement: start, end and commitment, chunk k after chunk k−1", async function () {
    const f = await loadFixture(cooperativeEpochFixture);
    const [blockA, blockB] = f.blocks;
    const node = f.provers[0];
    await expect(submitChunk(f, node, blockA, 1))
      .to.be.revertedWithCustomError(f.coordinator, "CooperativeCoordinator__PreviousChunkUnproven")
      .withArgs(1);
    // A valid proof of block B's transactions offered as block A's chunk 0: another start state.
    const e = await chunkEntry(f, node, blockA, 0);
    const foreign = await chunkEntry(f, node, blockB, 0);
    await expect(
      f.coordinator
        .connect(node.operator)
        .submitChunkProof({ ...e.submission, proof: foreign.submission.proof }, e.vrfProof, e.hints),
    ).to.be.revertedWithCustomError(f.coordinator, "CooperativeCoordinator__WrongStatement");
    await expect(
      f.coordinator
        .connect(node.operator)
        .submitChunkProof({ ...e.submission, chunkCommitments: [1n, 2n] }, e.vrfProof, e.hints),
    )
      .to.be.revertedWithCustomError(f.coordinator, "CooperativeCoordinator__ChunkCommitmentsMismatch")
      .withArgs(2, 2);
    await expect(
      f.coordinator.connect(node.operator).submitChunkProof({ ...e.submission, chunk: 2 }, e.vrfProof, e.hints),
    )
      .to.be.revertedWithCustomError(f.coordinator, "CooperativeCoordinator__ChunkOutOfRange")
      .withArgs(2, 2);
    await expect(
      f.coordinator
        .connect(node.operator)
        .submitChunkProof({ ...e.submission, header: { ...blockA.header, fees: 1n } }, e.vrfProof, e.hints),
    ).to.be.revertedWithCustomError(f.coordinator, "CooperativeCoordinator__UnknownBlock");
    // In order, both chunks are kept; chunk 0's end is pinned for chunk 1.
    await (await submitChunk(f, node, blockA, 0)).wait();
    await expect(submitChunk(f, node, blockA, 1)).to.emit(f.coordinator, "ChunkProofKept");
    const [, end] = await f.coordinator.keptProofs(blockA.blockNumber, await f.rollup.headerHash(blockA.header), 0);
    expect(end).to.equal(e.submission.proof.publicSignals[1]);
  });

  it("a pruned block's kept proofs do not carry over to the block that takes its number (ring tagged by header)", async function () {
    const f = await loadFixture(cooperativeEpochFixture);
    const [oldA] = f.blocks;
    const oldHash = await f.rollup.headerHash(oldA.header);
    for (const node of f.provers.slice(0, 3)) await (await submitChunk(f, node, oldA, 0)).wait();
    expect((await f.coordinator.keptProofs(oldA.blockNumber, oldHash, 0))[0].map((k) => k.prover)).to.not.include(
      ethers.ZeroAddress,
    );
    // Epoch 5 misses its final deadline: its blocks are pruned and block 1 is proposed again, with another header.
    await advanceTo(f, (f.epoch + 1n) * EPOCH_SLOTS + BigInt(ROLLUP_CONFIG.finalDeadlineSlots));
    await (await f.rollup.prune()).wait();
    const epoch = f.epoch + 3n;
    await toEpoch(f, epoch);
    const txs = [...txsOf(7), ...txsOf(8)];
    const header = await proposeBlock(f, f.nodes[3], epoch * EPOCH_SLOTS + 1n, txs, { feeSplit: A_FEE_SPLIT });
    await advanceTo(f, epoch * EPOCH_SLOTS + 2n);
    await ethers.provider.send("evm_mine", []);
    const newA: ChainBlock = { blockNumber: oldA.blockNumber, header, txs };
    const newHash = await f.rollup.headerHash(header);
    // The old records are not the new block's: no kept proof, chunk 0 not proven, no place held.
    expect(await f.coordinator.keptProofs(oldA.blockNumber, oldHash, 0)).to.deep.equal([
      Array(3).fill([ethers.ZeroAddress, 0n, 0n]),
      0n,
    ]);
    const [empty] = await f.coordinator.keptProofs(newA.blockNumber, newHash, 0);
    expect(empty.map((k) => k.prover)).to.deep.equal(Array(3).fill(ethers.ZeroAddress));
    await expect(submitChunk(f, f.provers[0], newA, 1))
      .to.be.revertedWithCustomError(f.coordinator, "CooperativeCoordinator__PreviousChunkUnproven")
      .withArgs(1);
    // A prover that held a place of the old block takes a free place of the new one: nothing replaced.
    const score = await scoreOf(f, f.provers[0], newA, 0);
    await expect(submitChunk(f, f.provers[0], newA, 0))
      .to.emit(f.coordinator, "ChunkProofKept")
      .withArgs(epoch, newHash, 0, f.provers[0].operator.address, score, 0, ethers.ZeroAddress);
    const [kept] = await f.coordinator.keptProofs(newA.blockNumber, newHash, 0);
    expect(kept.map((k) => k.prover)).to.deep.equal([
      f.provers[0].operator.address,
      ethers.ZeroAddress,
      ethers.ZeroAddress,
    ]);
    await expect(submitChunk(f, f.provers[1], newA, 1)).to.emit(f.coordinator, "ChunkProofKept");
    // Once its window closes, the new block's epoch finalizes from its own proofs alone.
    await advanceTo(f, provingCloses(epoch));
    await expect(f.coordinator.finalizeEpoch(epoch, [header])).to.emit(f.coordinator, "EpochFinalized");
  });

  it("allocateRing writes placeholders ahead of use: first-lap submissions rewrite words; placeholders never count", async function () {
    const fresh = await loadFixture(cooperativeEpochFixture);
    const [blockA] = fresh.blocks;
    const unallocated = (await (await submitChunk(fresh, fresh.provers[0], blockA, 0)).wait())!.gasUsed;

    const f = await loadFixture(cooperativeEpochFixture);
    const ringSize = await f.coordinator.ringSize();
    expect(ringSize).to.equal(await f.rollup.ringSize());
    for (const [from, count] of [
      [0n, 0n],
      [ringSize, 1n],
      [ringSize - 1n, 2n],
    ]) {
      await expect(f.coordinator.allocateRing(from, count))
        .to.be.revertedWithCustomError(f.coordinator, "CooperativeCoordinator__InvalidRingRange")
        .withArgs(from, count, ringSize);
    }
    // Anyone allocates; the entries of blocks 1 and 2 here (a deployment allocates the whole ring, in batches).
    await expect(f.coordinator.connect(f.signers[9]).allocateRing(1n, 2n))
      .to.emit(f.coordinator, "RingAllocated")
      .withArgs(1n, 2n);
    const hashA = await f.rollup.headerHash(blockA.header);
    expect((await f.coordinator.keptProofs(blockA.blockNumber, hashA, 0))[0].map((k) => k.prover)).to.deep.equal(
      Array(3).fill(ethers.ZeroAddress),
    );
    // The block word, the place and the pin are rewrites now: three fresh words less (~17k each).
    const allocated = (await (await submitChunk(f, f.provers[0], blockA, 0)).wait())!.gasUsed;
    expect(unallocated - allocated).to.be.greaterThan(45_000n);
    // Placeholders are never kept proofs: the epoch finalizes from the real ones alone, nothing credited to address 1.
    await (await submitChunk(f, f.provers[1], blockA, 0)).wait();
    await (await submitChunk(f, f.provers[0], blockA, 1)).wait();
    await (await submitChunk(f, f.provers[0], f.blocks[1], 0)).wait();
    const [kept] = await f.coordinator.keptProofs(blockA.blockNumber, hashA, 0);
    expect(kept.map((k) => k.prover)).to.deep.equal([
      f.provers[0].operator.address,
      f.provers[1].operator.address,
      ethers.ZeroAddress,
    ]);
    // Allocating again leaves words in use as they are.
    await (await f.coordinator.allocateRing(1n, 2n)).wait();
    expect((await f.coordinator.keptProofs(blockA.blockNumber, hashA, 0))[0]).to.deep.equal(kept);
    await afterWindow(f);
    await expect(f.coordinator.finalizeEpoch(f.epoch, [f.blocks[0].header, f.blocks[1].header])).to.emit(
      f.coordinator,
      "EpochFinalized",
    );
    expect(await f.coordinator.rewardsOf("0x0000000000000000000000000000000000000001")).to.equal(0n);
  });

  it("refuses a tampered Groth16 proof (CooperativeCoordinator__InvalidChunkProof)", async function () {
    const f = await loadFixture(cooperativeEpochFixture);
    const node = f.provers[0];
    const e = await chunkEntry(f, node, f.blocks[1], 0);
    const p = e.submission.proof;
    const tampered = { ...p, a: [p.a[0], (BigInt(p.a[1]) + 1n) % 2n ** 254n] as [bigint, bigint] };
    await expect(
      f.coordinator.connect(node.operator).submitChunkProof({ ...e.submission, proof: tampered }, e.vrfProof, e.hints),
    ).to.be.revertedWithCustomError(f.coordinator, "CooperativeCoordinator__InvalidChunkProof");
  });

  it("takes proofs from the slot after the block until the proving window closes", async function () {
    const f = await loadFixture(cooperativeFixture);
    await toEpoch(f, COOP_EPOCH);
    const slot = COOP_EPOCH * EPOCH_SLOTS + 1n;
    const txs = txsOf(1);
    const header = await proposeBlock(f, f.nodes[0], slot, txs, { feeSplit: 5_000 });
    const block = { blockNumber: 1n, header, txs };
    const e = await chunkEntry(f, f.provers[0], block, 0);
    const send = () => f.coordinator.connect(f.provers[0].operator).submitChunkProof(e.submission, e.vrfProof, e.hints);
    await expect(send())
      .to.be.revertedWithCustomError(f.coordinator, "CooperativeCoordinator__ProvingNotOpen")
      .withArgs(1n, slot, slot + 1n);
    await advanceTo(f, provingCloses(COOP_EPOCH));
    await expect(send())
      .to.be.revertedWithCustomError(f.coordinator, "CooperativeCoordinator__ProvingWindowClosed")
      .withArgs(COOP_EPOCH, provingCloses(COOP_EPOCH), provingCloses(COOP_EPOCH));
  });
});

describe("CooperativeCoordinator: finalization and rewards", function () {
  it("seed 001's example: 1,000 in rewards and fees, FEE_SPLIT 80%, 31 nodes, FEE_BURN 40% → 5.16 each", async function () {
    const f = await loadFixture(cooperativeFixture);
    const network = (1_000n * E18 * 8_000n) / BPS;
    expect(network).to.equal(800n * E18);
    const [reward, burned] = await f.coordinator.proverReward(network, 31n, 4_000n);
    // 800 / 93 = 8.602… per place; 60% of it: 5.1612903…
    expect(reward).to.equal((((800n * E18) / 93n) * 6_000n) / 10_000n);
    expect(reward / 10n ** 16n).to.equal(516n);
    expect(reward + burned).to.equal((800n * E18) / 93n);
    await expect(f.coordinator.proverReward(network, 31n, 10_001n)).to.be.revertedWithCustomError(
      f.coordinator,
      "CooperativeCoordinator__FeeBurnOutOfRange",
    );
  });

  it("pays kept proofs by seed 001's formula, burns FEE_BURN parts and missing proofs' shares, credits proposers", async function () {
    const f = await loadFixture(cooperativeEpochFixture);
    const [blockA, blockB] = f.blocks;
    const [p0, p1, p2] = f.provers;
    // Block A: chunk 0 proven by p0 (burn 0) and p1 (burn 40%), chunk 1 by p2 (burn 10%). Block B: chunk 0 by p0.
    await (await submitChunk(f, p0, blockA, 0)).wait();
    await (await submitChunk(f, p1, blockA, 0, { feeBurn: 4_000 })).wait();
    await (await submitChunk(f, p2, blockA, 1, { feeBurn: 1_000 })).wait();
    await (await submitChunk(f, p0, blockB, 0)).wait();
    await afterWindow(f);

    const valueA = A_FEES + BLOCK_REWARD;
    const valueB = BLOCK_REWARD;
    const networkA = (valueA * BigInt(A_FEE_SPLIT)) / BPS;
    const networkB = (valueB * BigInt(B_FEE_SPLIT)) / BPS;
    const a0p0 = expectedProverReward(networkA, 2n, 0n);
    const a0p1 = expectedProverReward(networkA, 2n, 4_000n);
    const a1p2 = expectedProverReward(networkA, 2n, 1_000n);
    const b0p0 = expectedProverReward(networkB, 1n, 0n);
    const paid = a0p0.reward + a0p1.reward + a1p2.reward + b0p0.reward;
    const burned = networkA + networkB - paid;
    // Three of six places of block A and one of three of block B are empty: their shares burn too.
    expect(burned).to.be.greaterThan(a0p1.burned + a1p2.burned);

    const burnBefore = await f.token.balanceOf(BURN_ADDRESS);
    const headers = f.blocks.map((b) => b.header);
    await expect(f.coordinator.finalizeEpoch(f.epoch, headers))
      .to.emit(f.coordinator, "EpochFinalized")
      .withArgs(f.epoch, 1n, 2n, blockB.header.newState, valueA + valueB, paid, burned)
      .and.to.emit(f.coordinator, "ChunkProverRewarded")
      .withArgs(f.epoch, 1n, 0, p1.operator.address, a0p1.reward, a0p1.burned)
      .and.to.emit(f.rollup, "BlocksProven");
    // Proposers: node 0 proposed A (it is also prover p0), node 3 proposed B (it is also prover p2).
    const proposerA = valueA - networkA;
    const proposerB = valueB - networkB;
    expect([p0.pid, p2.pid]).to.deep.equal([f.nodes[0].pid, f.nodes[3].pid]);
    expect(await f.coordinator.rewardsOf(p0.operator.address)).to.equal(proposerA + a0p0.reward + b0p0.reward);
    expect(await f.coordinator.rewardsOf(p1.operator.address)).to.equal(a0p1.reward);
    expect(await f.coordinator.rewardsOf(p2.operator.address)).to.equal(proposerB + a1p2.reward);
    expect(await f.token.balanceOf(BURN_ADDRESS)).to.equal(burnBefore + burned);
    expect(proposerA + proposerB + paid + burned).to.equal(valueA + valueB);
    await expectCooperativeBalances(f);
    expect((await f.rollup.tips()).provenBlock).to.equal(2n);

    // Withdrawals pay out exactly the credit.
    const owed = await f.coordinator.rewardsOf(p1.operator.address);
    await expect(f.coordinator.connect(p1.operator).withdrawRewards(p1.operator.address)).to.changeTokenBalance(
      f.token,
      p1.operator,
      owed,
    );
    await expect(f.coordinator.connect(p1.operator).withdrawRewards(p1.operator.address))
      .to.be.revertedWithCustomError(f.coordinator, "CooperativeCoordinator__NoRewards")
      .withArgs(p1.operator.address);
    await expectCooperativeBalances(f);
  });

  it("does not finalize during the window or with a chunk missing; the open race proves such an epoch", async function () {
    const f = await loadFixture(cooperativeEpochFixture);
    const [blockA, blockB] = f.blocks;
    await (await submitChunk(f, f.provers[0], blockA, 0)).wait();
    await (await submitChunk(f, f.provers[0], blockB, 0)).wait();
    const headers = f.blocks.map((b) => b.header);
    await expect(f.coordinator.finalizeEpoch(f.epoch, headers)).to.be.revertedWithCustomError(
      f.coordinator,
      "CooperativeCoordinator__ProvingWindowOpen",
    );
    await afterWindow(f);
    await expect(f.coordinator.finalizeEpoch(f.epoch, headers))
      .to.be.revertedWithCustomError(f.coordinator, "CooperativeCoordinator__ChunkUnproven")
      .withArgs(0, 1);

    const racer = f.signers[10];
    const proof = await epochProofOf(f.blocks, racer);
    const values = [A_FEES + BLOCK_REWARD, BLOCK_REWARD];
    const network = (values[0] * BigInt(A_FEE_SPLIT)) / BPS + (values[1] * BigInt(B_FEE_SPLIT)) / BPS;
    // Sent by a relay: the beneficiary is the address the proof is bound to.
    await expect(f.coordinator.connect(f.signers[11]).submitEpochProof(f.epoch, headers, proof))
      .to.emit(f.coordinator, "EpochProvenInRace")
      .withArgs(f.epoch, 1n, 2n, blockB.header.newState, racer.address, values[0] + values[1], network);
    expect(await f.coordinator.rewardsOf(racer.address)).to.equal(network);
    expect(await f.coordinator.rewardsOf(f.signers[11].address)).to.equal(0n);
    expect(await f.coordinator.rewardsOf(f.provers[0].operator.address)).to.equal(
      values[0] - (values[0] * BigInt(A_FEE_SPLIT)) / BPS,
    );
    await expectCooperativeBalances(f);
  });

  it("refuses the open race for an epoch that can finalize", async function () {
    const f = await loadFixture(cooperativeEpochFixture);
    await proveEveryChunkOnce(f);
    await afterWindow(f);
    const headers = f.blocks.map((b) => b.header);
    await expect(f.coordinator.submitEpochProof(f.epoch, headers, await epochProofOf(f.blocks, f.signers[10])))
      .to.be.revertedWithCustomError(f.coordinator, "CooperativeCoordinator__EpochFinalizable")
      .withArgs(f.epoch);
    await expect(f.coordinator.finalizeEpoch(f.epoch, headers)).to.emit(f.coordinator, "EpochFinalized");
    // Once: the rollup refuses an epoch that is no longer the next to prove.
    await expect(f.coordinator.finalizeEpoch(f.epoch, headers)).to.be.revertedWithCustomError(
      f.rollup,
      "Rollup__NotNextEpoch",
    );
  });

  it("refuses headers that are not the epoch's blocks", async function () {
    const f = await loadFixture(cooperativeEpochFixture);
    await proveEveryChunkOnce(f);
    await afterWindow(f);
    await expect(f.coordinator.finalizeEpoch(f.epoch, [])).to.be.revertedWithCustomError(
      f.coordinator,
      "CooperativeCoordinator__NoHeaders",
    );
    await expect(f.coordinator.finalizeEpoch(f.epoch, [f.blocks[0].header])).to.be.revertedWithCustomError(
      f.rollup,
      "Rollup__IncompleteEpoch",
    );
  });

  it("keeps tokens held == owed under randomized submissions, burns and settlements", async function () {
    this.timeout(600_000);
    const f = await loadFixture(cooperativeEpochFixture);
    const places = f.blocks.flatMap((block) =>
      Array.from({ length: Number(block.header.txCount) / 16 }, (_, chunk) => ({ block, chunk })),
    );
    // Warm the proof cache: every prover's proof of every chunk (a second each, once for the run).
    for (const { block, chunk } of places) for (const node of f.provers) await chunkEntry(f, node, block, chunk);
    const snapshot = await ethers.provider.send("evm_snapshot", []);
    let snapshotId = snapshot as string;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            place: fc.nat({ max: places.length - 1 }),
            prover: fc.nat({ max: f.provers.length - 1 }),
            feeBurn: fc.oneof(fc.constant(0), fc.constant(10_000), fc.nat({ max: 10_000 })),
          }),
          { minLength: 1, maxLength: 14 },
        ),
        async (steps) => {
          const kept = new Map<string, Set<string>>();
          for (const step of steps) {
            const { block, chunk } = places[step.place];
            const node = f.provers[step.prover];
            try {
              await (await submitChunk(f, node, block, chunk, { feeBurn: step.feeBurn })).wait();
              const key = `${block.blockNumber}:${chunk}`;
              kept.set(key, (kept.get(key) ?? new Set()).add(node.operator.address));
            } catch (error) {
              // Refusals are part of the game (order, duplicates, worse tickets); nothing else is.
              expect(String(error)).to.match(
                /PreviousChunkUnproven|DuplicateProver|NotKept/,
                `unexpected refusal: ${String(error)}`,
              );
            }
          }
          await afterWindow(f);
          const headers = f.blocks.map((b) => b.header);
          const burnBefore = await f.token.balanceOf(BURN_ADDRESS);
          const complete = places.every(({ block, chunk }) => kept.has(`${block.blockNumber}:${chunk}`));
          if (complete) {
            await (await f.coordinator.finalizeEpoch(f.epoch, headers)).wait();
          } else {
            await expect(f.coordinator.finalizeEpoch(f.epoch, headers)).to.be.revertedWithCustomError(
              f.coordinator,
              "CooperativeCoordinator__ChunkUnproven",
            );
            await (
              await f.coordinator.submitEpochProof(f.epoch, headers, await epochProofOf(f.blocks, f.signers[10]))
            ).wait();
          }
          await expectCooperativeBalances(f);
          const value = A_FEES + 2n * BLOCK_REWARD;
          const burned = (await f.token.balanceOf(BURN_ADDRESS)) - burnBefore;
          expect((await f.coordinator.totalOwed()) + burned).to.equal(value);
          await ethers.provider.send("evm_revert", [snapshotId]);
          snapshotId = (await ethers.provider.send("evm_snapshot", [])) as string;
        },
      ),
      { numRuns: 12, seed: 1001 },
    );
  });
});

describe("CooperativeCoordinator: based blocks", function () {
  it("credits a based block's reward to the address its proof is bound to", async function () {
    const f = await loadFixture(cooperativeFixture);
    const slot = (await f.rollup.currentSlot()) + 1n;
    const txs = txsOf(1);
    const header = await headerOn(f.rollup, slot, txs, { feeSplit: MIN_FEE_SPLIT });
    const proof = await epochProofOf([{ header, txs }], f.signers[0]);
    await advanceTo(f, slot);
    await expect(f.rollup.connect(f.signers[9]).proposeBased(header, txs, proof))
      .to.emit(f.coordinator, "BasedBlockRewarded")
      .withArgs(f.signers[0].address, BLOCK_REWARD);
    await expectCooperativeBalances(f);
  });
});
