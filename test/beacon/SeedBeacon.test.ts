import { expect } from "chai";
import { ethers, network } from "hardhat";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import type { SeedBeacon, SeedBeacon__factory } from "../../packages/client/src/typechain";
import {
  EPOCH_DURATION,
  EPOCH_SLOTS,
  L1_BLOCK_TIME,
  LOOKBACK_BLOCKS,
  SLOT_DURATION,
  WINDOW_BLOCKS,
  factory,
} from "../registry/helpers";

const LOOKBACK = LOOKBACK_BLOCKS * L1_BLOCK_TIME;
const WINDOW = WINDOW_BLOCKS * L1_BLOCK_TIME;
const coder = ethers.AbiCoder.defaultAbiCoder();

async function beaconFixture() {
  const beacon = await (
    await factory<SeedBeacon__factory>("SeedBeacon")
  ).deploy(0, SLOT_DURATION, EPOCH_SLOTS, LOOKBACK_BLOCKS, WINDOW_BLOCKS, L1_BLOCK_TIME);
  return { beacon, genesis: await beacon.genesisTime() };
}

interface Snap {
  number: bigint;
  timestamp: bigint;
  prevrandao: string;
  parentHash: string;
}

/** Every snapshot, rebuilt from `Poked` events and block timestamps — independent of the contract's storage. */
async function snapshots(beacon: SeedBeacon): Promise<Snap[]> {
  const events = await beacon.queryFilter(beacon.filters.Poked());
  const out: Snap[] = [];
  for (const e of events) {
    const block = await ethers.provider.getBlock(e.blockNumber);
    out.push({
      number: e.args.number,
      timestamp: BigInt(block!.timestamp),
      prevrandao: e.args.prevrandao,
      parentHash: e.args.parentHash,
    });
  }
  return out;
}

/**
 * σ exactly as DESIGN.md §2 from the inputs as the reference rule defines them, or null when the epoch's window
 * holds no snapshot (no seed).
 */
async function expectedSeed(beacon: SeedBeacon, epoch: bigint, slot: bigint, role: number): Promise<string | null> {
  const genesis = await beacon.genesisTime();
  const cutoff = genesis + epoch * EPOCH_DURATION - LOOKBACK;
  const snaps = await snapshots(beacon);
  const window = snaps.filter((s) => s.timestamp <= cutoff && s.timestamp > cutoff - WINDOW);
  if (window.length === 0) return null;
  const anchor = window[window.length - 1];
  const before = snaps.filter((s) => s.timestamp <= cutoff - WINDOW);
  const blockHash = (before.length > 0 ? before[before.length - 1] : snaps[0]).parentHash;
  let mix = 0n;
  for (const s of window)
    mix ^= BigInt(ethers.keccak256(coder.encode(["bytes32", "uint256"], [s.prevrandao, s.number])));
  const beaconRand = ethers.keccak256(ethers.toBeHex(mix, 32));
  const { chainId } = await ethers.provider.getNetwork();
  return ethers.keccak256(
    coder.encode(
      ["uint256", "uint64", "bytes32", "bytes32", "uint256", "uint256", "uint8"],
      [chainId, anchor.number / 32n, beaconRand, blockHash, epoch, slot, role],
    ),
  );
}

describe("SeedBeacon", function () {
  it("rejects a future genesis and degenerate parameters", async function () {
    const { beacon } = await loadFixture(beaconFixture);
    const factory = await ethers.getContractFactory("SeedBeacon");
    const future = BigInt(await time.latest()) + 1000n;
    await expect(factory.deploy(future, 12, 32, 8, 16, 12)).to.be.revertedWithCustomError(
      beacon,
      "SeedBeacon__GenesisInFuture",
    );
    await expect(factory.deploy(0, 0, 32, 8, 16, 12))
      .to.be.revertedWithCustomError(beacon, "SeedBeacon__InvalidClock")
      .withArgs(0, 32);
    await expect(factory.deploy(0, 12, 0, 8, 16, 12))
      .to.be.revertedWithCustomError(beacon, "SeedBeacon__InvalidClock")
      .withArgs(12, 0);
    await expect(factory.deploy(0, 12, 32, 0, 16, 12))
      .to.be.revertedWithCustomError(beacon, "SeedBeacon__InvalidLookback")
      .withArgs(0, 12);
    await expect(factory.deploy(0, 12, 32, 8, 16, 0))
      .to.be.revertedWithCustomError(beacon, "SeedBeacon__InvalidLookback")
      .withArgs(8, 0);
    await expect(factory.deploy(0, 12, 32, 8, 0, 12))
      .to.be.revertedWithCustomError(beacon, "SeedBeacon__InvalidWindow")
      .withArgs(0, 384, 256);
    // 22 blocks × 12 s = 264 s: more than the ring buffer holds at one block per second.
    await expect(factory.deploy(0, 12, 32, 8, 22, 12))
      .to.be.revertedWithCustomError(beacon, "SeedBeacon__InvalidWindow")
      .withArgs(264, 384, 256);
    // A window longer than an epoch.
    await expect(factory.deploy(0, 12, 4, 8, 5, 12))
      .to.be.revertedWithCustomError(beacon, "SeedBeacon__InvalidWindow")
      .withArgs(60, 48, 256);
  });

  it("stores one snapshot per block, whatever the number of pokes", async function () {
    const { beacon } = await loadFixture(beaconFixture);
    const before = await beacon.snapshotCount();
    await network.provider.send("evm_setAutomine", [false]);
    try {
      const a = await beacon.poke();
      const b = await beacon.poke();
      await mine();
      const [ra, rb] = [await a.wait(), await b.wait()];
      expect(ra!.blockNumber).to.equal(rb!.blockNumber);
      const pokes = [...ra!.logs, ...rb!.logs].filter((l) => beacon.interface.parseLog(l)?.name === "Poked");
      expect(pokes.length).to.equal(1);
    } finally {
      await network.provider.send("evm_setAutomine", [true]);
    }
    expect(await beacon.snapshotCount()).to.equal(before + 1n);
    await expect(beacon.poke()).to.emit(beacon, "Poked");
  });

  it("refuses a seed before its cutoff, then fixes it for good", async function () {
    const { beacon, genesis } = await loadFixture(beaconFixture);
    const epoch = 3n;
    const cutoff = await beacon.seedFixedAfter(epoch);
    expect(cutoff).to.equal(genesis + epoch * EPOCH_DURATION - LOOKBACK);
    // Poke through the window before the cutoff.
    for (let t = cutoff - WINDOW - 30n; t <= cutoff; t += 12n) {
      await time.setNextBlockTimestamp(t);
      await beacon.poke();
    }
    expect(await beacon.isSeedFixed(epoch)).to.equal(false);
    await expect(beacon.seedFor(epoch, epoch * EPOCH_SLOTS, 1))
      .to.be.revertedWithCustomError(beacon, "SeedBeacon__SeedNotFixed")
      .withArgs(epoch, cutoff);
    await time.setNextBlockTimestamp(cutoff + 1n);
    await mine();
    expect(await beacon.isSeedFixed(epoch)).to.equal(true);
    // Computed live (no poke since the cutoff) …
    const live = await beacon.seedFor(epoch, epoch * EPOCH_SLOTS + 5n, 1);
    expect(live).to.equal(await expectedSeed(beacon, epoch, epoch * EPOCH_SLOTS + 5n, 1));
    // … the same once a later poke records it, and after many more pokes.
    await expect(beacon.poke()).to.emit(beacon, "SeedFixed");
    for (let i = 0; i < 20; i++) await beacon.poke();
    expect(await beacon.seedFor(epoch, epoch * EPOCH_SLOTS + 5n, 1)).to.equal(live);
    await time.increase(EPOCH_DURATION * 3n);
    await beacon.poke();
    expect(await beacon.seedFor(epoch, epoch * EPOCH_SLOTS + 5n, 1)).to.equal(live);
  });

  it("mixes every snapshot of the window: dropping one changes the seed", async function () {
    const { beacon, genesis } = await loadFixture(beaconFixture);
    const epoch = 2n;
    const cutoff = genesis + epoch * EPOCH_DURATION - LOOKBACK;
    const times = [cutoff - WINDOW + 1n, cutoff - 100n, cutoff - 50n, cutoff];
    const id = await network.provider.send("evm_snapshot");
    for (const t of times) {
      await time.setNextBlockTimestamp(t);
      await beacon.poke();
    }
    await time.setNextBlockTimestamp(cutoff + 1n);
    await beacon.poke();
    const all = await beacon.seedFor(epoch, epoch * EPOCH_SLOTS, 2);
    expect(all).to.equal(await expectedSeed(beacon, epoch, epoch * EPOCH_SLOTS, 2));
    const inputs = await beacon.seedInputs(epoch);
    const snaps = await snapshots(beacon);
    expect(inputs.anchorBlock).to.equal(snaps.find((s) => s.timestamp === cutoff)!.number);
    await network.provider.send("evm_revert", [id]);
    // Same blocks, but the one in the middle of the window is never poked: another seed.
    for (const t of times) {
      await time.setNextBlockTimestamp(t);
      if (t === cutoff - 100n) await mine();
      else await beacon.poke();
    }
    await time.setNextBlockTimestamp(cutoff + 1n);
    await beacon.poke();
    const fewer = await beacon.seedFor(epoch, epoch * EPOCH_SLOTS, 2);
    expect(fewer).to.equal(await expectedSeed(beacon, epoch, epoch * EPOCH_SLOTS, 2));
    expect(fewer).to.not.equal(all);
  });

  it("separates roles, slots and epochs, and rejects unknown roles and foreign slots", async function () {
    const { beacon, genesis } = await loadFixture(beaconFixture);
    for (const e of [2n, 3n]) {
      await time.setNextBlockTimestamp(genesis + e * EPOCH_DURATION - LOOKBACK - 10n);
      await beacon.poke();
    }
    await time.setNextBlockTimestamp(genesis + 4n * EPOCH_DURATION);
    await beacon.poke();
    const s = 2n * EPOCH_SLOTS;
    const seeds = new Set([
      await beacon.seedFor(2, s, 0),
      await beacon.seedFor(2, s, 1),
      await beacon.seedFor(2, s, 2),
      await beacon.seedFor(2, s + 1n, 1),
      await beacon.seedFor(3, 3n * EPOCH_SLOTS, 1),
    ]);
    expect(seeds.size).to.equal(5);
    await expect(beacon.seedFor(2, s, 3))
      .to.be.revertedWithCustomError(beacon, "SeedBeacon__UnknownRole")
      .withArgs(3);
    await expect(beacon.seedFor(2, s - 1n, 1))
      .to.be.revertedWithCustomError(beacon, "SeedBeacon__SlotNotInEpoch")
      .withArgs(s - 1n, 2);
    for (const role of [0, 2]) {
      await expect(beacon.seedFor(2, s + 1n, role))
        .to.be.revertedWithCustomError(beacon, "SeedBeacon__NotFirstSlot")
        .withArgs(s + 1n, s, role);
    }
  });

  it("gives no seed to epochs whose window saw no poke, and records a long gap in one go", async function () {
    const { beacon, genesis } = await loadFixture(beaconFixture);
    await time.setNextBlockTimestamp(genesis + 100n);
    await beacon.poke();
    // Eleven epochs with no poke at all.
    await time.setNextBlockTimestamp(genesis + 12n * EPOCH_DURATION);
    const receipt = await (await beacon.poke()).wait();
    const fixed = receipt!.logs
      .map((l) => beacon.interface.parseLog(l))
      .filter((l) => l?.name === "SeedFixed")
      .map((l) => [l!.args.fromEpoch, l!.args.toEpoch]);
    // Epoch 1's window holds the snapshot at genesis + 100; epochs 2–12 had nothing in theirs: no seed, recorded once.
    expect(fixed).to.deep.equal([
      [1n, 1n],
      [2n, 12n],
    ]);
    expect(await beacon.seedFor(1, EPOCH_SLOTS, 1)).to.equal(await expectedSeed(beacon, 1n, EPOCH_SLOTS, 1));
    for (const e of [2n, 7n, 12n]) {
      expect(await expectedSeed(beacon, e, e * EPOCH_SLOTS, 1)).to.equal(null);
      const cutoff = await beacon.seedFixedAfter(e);
      await expect(beacon.seedFor(e, e * EPOCH_SLOTS, 1))
        .to.be.revertedWithCustomError(beacon, "SeedBeacon__NoSnapshotInWindow")
        .withArgs(e, cutoff - WINDOW, cutoff);
      expect((await beacon.seedInputs(e)).anchorBlock).to.equal(0n);
    }
    // Epoch 0 began before the beacon existed: no snapshot in its window, no seed — never an old, public value.
    await expect(beacon.seedFor(0, 0, 1)).to.be.revertedWithCustomError(beacon, "SeedBeacon__NoSnapshotInWindow");
  });

  it("keeps working after the ring buffer wraps", async function () {
    const { beacon, genesis } = await loadFixture(beaconFixture);
    // 300 pokes, one block per second: wraps the 256-entry buffer.
    let t = genesis + 1n;
    for (let i = 0; i < 300; i++) {
      await time.setNextBlockTimestamp(t);
      await beacon.poke();
      t += 1n;
    }
    expect(await beacon.snapshotCount()).to.equal(301n);
    const epoch = (t - genesis) / EPOCH_DURATION + 2n;
    const cutoff = await beacon.seedFixedAfter(epoch);
    // Dense pokes (one per second) across the whole window, then one past the cutoff.
    for (let s = cutoff - WINDOW - 5n; s <= cutoff + 1n; s += 1n) {
      await time.setNextBlockTimestamp(s);
      await beacon.poke();
    }
    const onChain = await beacon.seedFor(epoch, epoch * EPOCH_SLOTS, 1);
    expect(onChain).to.equal(await expectedSeed(beacon, epoch, epoch * EPOCH_SLOTS, 1));
  });
});
