import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { StakeToken__factory } from "../../packages/client/src/typechain";
import { factory } from "../registry/helpers";

const AMOUNT = 10_000n * 10n ** 18n;
const COOLDOWN = 3600n;

async function tokenFixture() {
  const [owner, alice, bob] = await ethers.getSigners();
  const token = await (await factory<StakeToken__factory>("StakeToken")).deploy(owner.address, AMOUNT, COOLDOWN);
  return { token, owner, alice, bob };
}

describe("StakeToken", function () {
  it("pays the faucet once per cooldown per account", async function () {
    const { token, alice, bob } = await loadFixture(tokenFixture);
    await expect(token.connect(alice).faucet()).to.emit(token, "FaucetUsed").withArgs(alice.address, AMOUNT);
    expect(await token.balanceOf(alice.address)).to.equal(AMOUNT);
    const availableAt = await token.faucetAvailableAt(alice.address);
    await expect(token.connect(alice).faucet())
      .to.be.revertedWithCustomError(token, "StakeToken__FaucetCooldown")
      .withArgs(alice.address, availableAt);
    await token.connect(bob).faucet();
    await time.setNextBlockTimestamp(availableAt);
    await token.connect(alice).faucet();
    expect(await token.balanceOf(alice.address)).to.equal(2n * AMOUNT);
    expect(await token.faucetAmount()).to.equal(AMOUNT);
    expect(await token.faucetCooldown()).to.equal(COOLDOWN);
  });

  it("lets only the owner mint", async function () {
    const { token, owner, alice } = await loadFixture(tokenFixture);
    await token.connect(owner).mint(alice.address, 5n);
    expect(await token.balanceOf(alice.address)).to.equal(5n);
    await expect(token.connect(alice).mint(alice.address, 5n))
      .to.be.revertedWithCustomError(token, "OwnableUnauthorizedAccount")
      .withArgs(alice.address);
  });
});
