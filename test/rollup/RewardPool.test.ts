// RewardPool: anyone funds it, only the contract that created it draws, never more than it holds.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { RewardPool, RewardPool__factory } from "../../packages/client/src/typechain";
import { E18, factory } from "../registry/helpers";
import { expectBalancesMatch, expectCallerRefused, rollupFixture } from "./fixtures";

/** The rollup fixture plus a pool created by signer 1 (so signer 1 may draw from it), funded with 50 tokens. */
async function poolFixture() {
  const f = await rollupFixture();
  const owner = f.signers[1];
  const pool = (await (
    await factory<RewardPool__factory>("RewardPool")
  )
    .connect(owner)
    .deploy(await f.token.getAddress())) as unknown as RewardPool;
  await f.token.connect(f.signers[7]).approve(await pool.getAddress(), ethers.MaxUint256);
  await pool.connect(f.signers[7]).fund(50n * E18);
  return { ...f, owner, ownPool: pool };
}

describe("RewardPool", function () {
  it("belongs to the coordinator that created it and holds the stake token", async function () {
    const f = await loadFixture(rollupFixture);
    expect(await f.pool.coordinator()).to.equal(await f.coordinator.getAddress());
    expect(await f.pool.token()).to.equal(await f.token.getAddress());
    expect(await f.pool.reserve()).to.equal(10_000n * E18);
  });

  it("fund: takes the amount from the funder and emits Funded; refuses zero", async function () {
    const f = await loadFixture(rollupFixture);
    const funder = f.signers[7];
    const before = await f.token.balanceOf(funder.address);
    await expect(f.pool.connect(funder).fund(3n * E18))
      .to.emit(f.pool, "Funded")
      .withArgs(funder.address, 3n * E18);
    expect(await f.token.balanceOf(funder.address)).to.equal(before - 3n * E18);
    expect(await f.pool.reserve()).to.equal(10_003n * E18);
    await expect(f.pool.connect(funder).fund(0n)).to.be.revertedWithCustomError(f.pool, "RewardPool__ZeroAmount");
    await expectBalancesMatch(f);
  });

  it("release: only its creator draws (RewardPool__NotCoordinator)", async function () {
    const f = await loadFixture(poolFixture);
    const caller = f.signers[7];
    await expectCallerRefused(f.pool, "RewardPool__NotCoordinator", caller.address, [
      () => f.pool.connect(caller).release(E18),
      () => f.ownPool.connect(caller).release(E18),
    ]);
  });

  it("release: sends what is asked while it lasts, then what is left, then nothing", async function () {
    const f = await loadFixture(poolFixture);
    const pool = f.ownPool.connect(f.owner);
    const before = await f.token.balanceOf(f.owner.address);
    expect(await pool.release.staticCall(20n * E18)).to.equal(20n * E18);
    await expect(pool.release(20n * E18))
      .to.emit(pool, "Released")
      .withArgs(20n * E18, 20n * E18);
    expect(await pool.release.staticCall(40n * E18)).to.equal(30n * E18);
    await expect(pool.release(40n * E18))
      .to.emit(pool, "Released")
      .withArgs(40n * E18, 30n * E18);
    await expect(pool.release(E18)).to.emit(pool, "Released").withArgs(E18, 0n);
    expect(await f.token.balanceOf(f.owner.address)).to.equal(before + 50n * E18);
    expect(await pool.reserve()).to.equal(0n);
  });
});
