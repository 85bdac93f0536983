// CoordinatorDeployer: the address it announces is its CREATE address for nonce 1 and the prover coordinator lands
// there, wired both ways with a rollup deployed before it; it deploys once, for its owner only; a coordinator
// constructor's revert comes back unchanged and moves nothing; a nonce other than the assumed one is refused.
import { expect } from "chai";
import { ethers, network } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type {
  CoordinatorDeployer,
  CoordinatorDeployer__factory,
  ProverCoordinator,
  Rollup,
  Rollup__factory,
} from "../../packages/client/src/typechain";
import { DEFAULT_PARAMS } from "../lottery/fixtures";
import { deployRegistry, factory } from "../registry/helpers";
import { COORDINATOR_CONFIG, ROLLUP_CONFIG, deployRollupDependencies } from "./fixtures";

/**
 * A registry (slasher unbound), the real proof verifier and state transition, a CoordinatorDeployer owned by signer
 * 0, and a Rollup of `mechanism` (0 Sidecar, 1 Cooperative) naming the deployer's announced address as its
 * coordinator.
 */
async function rollupBeforeCoordinator(mechanism: number) {
  const base = await deployRegistry({ bindSlasher: false });
  const { verifier, stateTransition } = await deployRollupDependencies();
  const deployer = (await (
    await factory<CoordinatorDeployer__factory>("CoordinatorDeployer")
  ).deploy()) as unknown as CoordinatorDeployer;
  const predicted = await deployer.nextAddress();
  const registry = await base.registry.getAddress();
  const proofVerifier = await verifier.getAddress();
  const rollup = (await (
    await factory<Rollup__factory>("Rollup")
  ).deploy(registry, DEFAULT_PARAMS, false, {
    ...ROLLUP_CONFIG,
    mechanism,
    proofVerifier,
    stateTransition: await stateTransition.getAddress(),
    coordinator: predicted,
  })) as unknown as Rollup;
  return { ...base, deployer, predicted, registry, proofVerifier, rollup };
}

/** A Sidecar rollup before its coordinator, the coordinator's creation code and the arguments of `deploy` after it. */
async function deployerFixture() {
  const f = await rollupBeforeCoordinator(0);
  const creationCode = (await ethers.getContractFactory("ProverCoordinator")).bytecode;
  const args = [
    f.registry,
    DEFAULT_PARAMS,
    false,
    await f.rollup.getAddress(),
    { ...COORDINATOR_CONFIG, proofVerifier: f.proofVerifier },
  ] as const;
  return { ...f, creationCode, args };
}

/** The same with a Cooperative rollup, and `deployCooperative`'s arguments after the creation code. */
async function cooperativeDeployerFixture() {
  const f = await rollupBeforeCoordinator(1);
  const creationCode = (await ethers.getContractFactory("CooperativeCoordinator")).bytecode;
  const args = [
    f.registry,
    DEFAULT_PARAMS,
    false,
    await f.rollup.getAddress(),
    { proofVerifier: f.proofVerifier, blockReward: COORDINATOR_CONFIG.blockReward, provingWindowSlots: 16 },
  ] as const;
  return { ...f, creationCode, args };
}

describe("CoordinatorDeployer", function () {
  it("creates a Cooperative rollup's coordinator at the announced address; then no second coordinator of any kind", async function () {
    const f = await loadFixture(cooperativeDeployerFixture);
    await expect(f.deployer.deployCooperative(f.creationCode, ...f.args))
      .to.emit(f.deployer, "CoordinatorDeployed")
      .withArgs(f.predicted, await f.rollup.getAddress());
    const coordinator = await ethers.getContractAt("CooperativeCoordinator", f.predicted);
    expect(await coordinator.rollup()).to.equal(await f.rollup.getAddress());
    expect(await coordinator.PROOFS_PER_NODE()).to.equal(3n);
    await expect(f.deployer.deployCooperative(f.creationCode, ...f.args))
      .to.be.revertedWithCustomError(f.deployer, "CoordinatorDeployer__AlreadyDeployed")
      .withArgs(f.predicted);
    await expect(f.deployer.connect(f.signers[3]).deployCooperative(f.creationCode, ...f.args))
      .to.be.revertedWithCustomError(f.deployer, "CoordinatorDeployer__NotOwner")
      .withArgs(f.signers[3].address, f.admin.address);
  });

  it("passes the Cooperative constructor's refusal of a Sidecar rollup through", async function () {
    const f = await loadFixture(deployerFixture);
    const code = (await ethers.getContractFactory("CooperativeCoordinator")).bytecode;
    const [registry, params, flag, rollup, cfg] = f.args;
    const coop = { proofVerifier: cfg.proofVerifier, blockReward: cfg.blockReward, provingWindowSlots: 16 };
    await expect(f.deployer.deployCooperative(code, registry, params, flag, rollup, coop))
      .to.be.revertedWithCustomError(
        await ethers.getContractAt("CooperativeCoordinator", f.predicted),
        "CooperativeCoordinator__InvalidConfig",
      )
      .withArgs("mechanism");
  });

  it("announces its CREATE address for nonce 1 and creates the coordinator there, wired to the rollup", async function () {
    const f = await loadFixture(deployerFixture);
    const deployerAddress = await f.deployer.getAddress();
    expect(f.predicted).to.equal(ethers.getCreateAddress({ from: deployerAddress, nonce: 1 }));
    expect(await f.deployer.owner()).to.equal(f.admin.address);
    expect(await f.deployer.coordinator()).to.equal(ethers.ZeroAddress);

    const rollupAddress = await f.rollup.getAddress();
    await expect(f.deployer.deploy(f.creationCode, ...f.args))
      .to.emit(f.deployer, "CoordinatorDeployed")
      .withArgs(f.predicted, rollupAddress);
    expect(await f.deployer.coordinator()).to.equal(f.predicted);
    expect(await f.deployer.nextAddress()).to.equal(f.predicted);
    const coordinator = (await ethers.getContractAt("ProverCoordinator", f.predicted)) as unknown as ProverCoordinator;
    expect(await f.rollup.coordinator()).to.equal(f.predicted);
    expect(await coordinator.rollup()).to.equal(rollupAddress);
    const pool = await ethers.getContractAt("RewardPool", await coordinator.rewardPool());
    expect(await pool.coordinator()).to.equal(f.predicted);
  });

  it("deploys once: a second deploy reverts with the coordinator's address", async function () {
    const f = await loadFixture(deployerFixture);
    await f.deployer.deploy(f.creationCode, ...f.args);
    await expect(f.deployer.deploy(f.creationCode, ...f.args))
      .to.be.revertedWithCustomError(f.deployer, "CoordinatorDeployer__AlreadyDeployed")
      .withArgs(f.predicted);
  });

  it("deploys for its owner only", async function () {
    const f = await loadFixture(deployerFixture);
    const stranger = f.signers[3];
    await expect(f.deployer.connect(stranger).deploy(f.creationCode, ...f.args))
      .to.be.revertedWithCustomError(f.deployer, "CoordinatorDeployer__NotOwner")
      .withArgs(stranger.address, f.admin.address);
    expect(await ethers.provider.getCode(f.predicted)).to.equal("0x");
  });

  it("refuses empty creation code", async function () {
    const f = await loadFixture(deployerFixture);
    await expect(f.deployer.deploy("0x", ...f.args)).to.be.revertedWithCustomError(
      f.deployer,
      "CoordinatorDeployer__EmptyCreationCode",
    );
  });

  it("passes a coordinator constructor's revert through, and the announced address stays free", async function () {
    const f = await loadFixture(deployerFixture);
    const coordinatorFactory = await ethers.getContractFactory("ProverCoordinator");
    // The coordinator's own check: its rollup must be a contract naming it (an account with no code is not).
    const [registry, lottery, commitReveal, , cfg] = f.args;
    const notRollup = f.signers[5].address;
    await expect(f.deployer.deploy(f.creationCode, registry, lottery, commitReveal, notRollup, cfg))
      .to.be.revertedWithCustomError(coordinatorFactory, "ProverCoordinator__InvalidConfig")
      .withArgs("rollup");
    expect(await f.deployer.coordinator()).to.equal(ethers.ZeroAddress);
    // The failed CREATE's nonce bump was rolled back with the call: the next deploy still lands where announced.
    await f.deployer.deploy(f.creationCode, ...f.args);
    expect(await f.deployer.coordinator()).to.equal(f.predicted);
    expect(await f.rollup.coordinator()).to.equal(f.predicted);
  });

  it("refuses to create the coordinator anywhere but the announced address", async function () {
    const f = await loadFixture(deployerFixture);
    const deployerAddress = await f.deployer.getAddress();
    // A chain where the contract's nonce is not the assumed first one: CREATE lands elsewhere. The fixture's rollup
    // names the announced address, so the coordinator's own check refuses first...
    await network.provider.send("hardhat_setNonce", [deployerAddress, "0x5"]);
    const actual = ethers.getCreateAddress({ from: deployerAddress, nonce: 5 });
    const coordinatorFactory = await ethers.getContractFactory("ProverCoordinator");
    await expect(f.deployer.deploy(f.creationCode, ...f.args))
      .to.be.revertedWithCustomError(coordinatorFactory, "ProverCoordinator__InvalidConfig")
      .withArgs("rollup");
    // ...and with a rollup naming where CREATE really lands, the deployer's own check refuses.
    const [registry, lottery, commitReveal, , cfg] = f.args;
    const rollupConfig = await f.rollup.config();
    const misplaced = await (
      await factory<Rollup__factory>("Rollup")
    ).deploy(registry, lottery, commitReveal, {
      ...ROLLUP_CONFIG,
      proofVerifier: rollupConfig.proofVerifier,
      stateTransition: rollupConfig.stateTransition,
      coordinator: actual,
    });
    await expect(f.deployer.deploy(f.creationCode, registry, lottery, commitReveal, await misplaced.getAddress(), cfg))
      .to.be.revertedWithCustomError(f.deployer, "CoordinatorDeployer__WrongAddress")
      .withArgs(f.predicted, actual);
  });
});
