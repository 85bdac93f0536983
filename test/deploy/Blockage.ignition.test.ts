// The Ignition deployment end to end: a real `hardhat node`, the documented command
// (`npx hardhat ignition deploy deploy/ignition/modules/Blockage.ts --network localhost --parameters <file>`) run as a
// child process, then the chain read back: the registry ↔ beacon ↔ token wiring, the rollup ↔ coordinator cycle, the
// rollup bound as the registry's slasher, the admin renounced or kept, the reward pool funded as asked, every
// parameter as given or defaulted, and deployments/<chainId>.json as recorded. Three times: with the test token
// (funded, admin renounced), over that token as an existing one (admin kept, nothing funded), and with the Cooperative
// mechanism (a CooperativeCoordinator created by `deployCooperative`). Ignition's deployment folders and the
// deployments file go to places this test removes.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import hre from "hardhat";
import { Contract, JsonRpcProvider, ZeroHash, getAddress, type InterfaceAbi } from "ethers";
import { startLocalChain, type LocalChain } from "../../deploy/local-chain";
import { ignitionDeploy, ignitionDeploymentDir } from "../../deploy/ignition/deploy-local";
import { connectRollup } from "@blockage/client";
import { PARAMETER_DEFAULTS, ParameterError, deploymentShape } from "../../deploy/ignition/parameters";
import { recordedContracts } from "../../deploy/ignition/record";
import type { DeploymentRecord } from "../../deploy/deployments";
import { underCoverage } from "../coverage";

const E18 = 10n ** 18n;

describe("Ignition deployment of the Blockage module (a real hardhat node)", function () {
  this.timeout(240_000);
  let chain: LocalChain | undefined;
  let provider: JsonRpcProvider;
  let temporary: string;
  const ignitionDirs: string[] = [];

  before(async function () {
    if (underCoverage()) this.skip();
    temporary = fs.mkdtempSync(path.join(os.tmpdir(), "blockage-ignition-"));
    chain = await startLocalChain();
    provider = new JsonRpcProvider(chain.url, undefined, { staticNetwork: true });
  });

  after(async function () {
    provider?.destroy();
    await chain?.stop();
    for (const dir of ignitionDirs) fs.rmSync(dir, { recursive: true, force: true });
    if (temporary !== undefined) fs.rmSync(temporary, { recursive: true, force: true });
  });

  async function at(name: string, address: string): Promise<Contract> {
    const { abi } = await hre.artifacts.readArtifact(name);
    return new Contract(address, abi as InterfaceAbi, provider);
  }

  /** Deploys with `parameters` under a fresh deployment id; returns the record and Ignition's addresses. */
  async function deploy(label: string, parameters: object) {
    const deploymentId = `blockage-test-${process.pid}-${label}`;
    const ignitionDir = ignitionDeploymentDir(deploymentId);
    ignitionDirs.push(ignitionDir);
    const deploymentsDir = path.join(temporary, label);
    const parametersFile = path.join(temporary, `${label}.json`);
    fs.writeFileSync(parametersFile, JSON.stringify(parameters, null, 2));
    const output = await ignitionDeploy(chain!.url, parametersFile, deploymentId, deploymentsDir);
    expect(output).to.include("successfully deployed");
    const record = JSON.parse(fs.readFileSync(path.join(deploymentsDir, "31337.json"), "utf8")) as DeploymentRecord;
    const ignition = JSON.parse(fs.readFileSync(path.join(ignitionDir, "deployed_addresses.json"), "utf8")) as Record<
      string,
      string
    >;
    return { record, ignition, parametersFile, deploymentId, deploymentsDir };
  }

  /** Each recorded address is Ignition's, and each recorded transaction is mined on the chain. */
  async function expectRecordMatches(record: DeploymentRecord, ignition: Record<string, string>) {
    for (const [name, { address, transactionHash }] of Object.entries(record)) {
      expect(address, name).to.equal(ignition[`Blockage#${name}`]);
      const receipt = await provider.getTransactionReceipt(transactionHash);
      expect(receipt?.status, `${name}'s transaction`).to.equal(1);
      // Deployed directly: the transaction created it. Created by the CoordinatorDeployer: in its `deploy` (or
      // `deployCooperative`, `deployOpenRace`) call.
      if (!["ProverCoordinator", "CooperativeCoordinator", "OpenRaceCoordinator", "RewardPool"].includes(name)) {
        expect(receipt!.contractAddress).to.equal(address);
      } else expect(receipt!.to).to.equal(ignition["Blockage#CoordinatorDeployer"]);
    }
  }

  let testToken: string;

  it("deploys the whole system with the test token, funds the reward pool and renounces the admin", async function () {
    const given = {
      minStake: 2_000n * E18,
      slotDuration: 6,
      feeSplit: 4_000,
      blockReward: 5n * E18,
      lotteryBeta: 2n * 10n ** 17n,
      commitRevealFallback: true,
      rewardPoolFunding: 1_234n * E18,
    };
    const bigints = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, typeof v === "bigint" ? `${v}n` : v]));
    const { record, ignition } = await deploy("test-token", { Blockage: bigints });
    const expected = { ...PARAMETER_DEFAULTS, ...given };
    const value = (name: keyof typeof expected) => BigInt(expected[name] as bigint | number);

    expect(Object.keys(record).sort()).to.deep.equal(recordedContracts("sidecar").sort());
    await expectRecordMatches(record, ignition);
    const deployer = getAddress(((await provider.send("eth_accounts", [])) as string[])[0]);

    const token = await at("StakeToken", record.StakeToken.address);
    const beacon = await at("SeedBeacon", record.SeedBeacon.address);
    const registry = await at("NodeRegistry", record.NodeRegistry.address);
    const rollup = await at("Rollup", record.Rollup.address);
    const coordinator = await at("ProverCoordinator", record.ProverCoordinator.address);
    const pool = await at("RewardPool", record.RewardPool.address);
    const verifier = await at("EpochProofVerifier", record.EpochProofVerifier.address);
    testToken = record.StakeToken.address;

    // Wiring.
    expect(await registry.stakeToken()).to.equal(record.StakeToken.address);
    expect(await registry.beacon()).to.equal(record.SeedBeacon.address);
    expect(await rollup.registry()).to.equal(record.NodeRegistry.address);
    expect(await rollup.coordinator()).to.equal(record.ProverCoordinator.address);
    expect(await coordinator.rollup()).to.equal(record.Rollup.address);
    expect(await coordinator.rewardPool()).to.equal(record.RewardPool.address);
    expect(await pool.coordinator()).to.equal(record.ProverCoordinator.address);
    expect(await registry.slasher()).to.equal(record.Rollup.address);
    expect(await registry.hasRole(await registry.ROLLUP_ROLE(), record.Rollup.address)).to.equal(true);
    expect(await registry.hasRole(ZeroHash, deployer)).to.equal(false);
    expect(await verifier.chunkVerifier()).to.equal(record.ChunkGroth16Verifier.address);
    expect(await (await at("PayoutDistributor", record.PayoutDistributor.address)).token()).to.equal(
      record.StakeToken.address,
    );
    const lottery = await at("Lottery", record.Lottery.address);
    expect(await lottery.registry()).to.equal(record.NodeRegistry.address);
    expect(await provider.getCode(record.EcVrfVerifier.address)).to.not.equal("0x");
    expect(await pool.reserve()).to.equal(given.rewardPoolFunding);
    expect(await token.owner()).to.equal(deployer);

    // Parameters: given or the SDK's defaults.
    expect(await token.faucetAmount()).to.equal(value("faucetAmount"));
    expect(await token.faucetCooldown()).to.equal(value("faucetCooldown"));
    for (const name of ["slotDuration", "epochSlots", "lookbackBlocks", "windowBlocks"] as const) {
      expect(await beacon[name](), name).to.equal(value(name));
    }
    for (const name of ["minStake", "entryDelayEpochs", "unbondingPeriodEpochs", "ageCap"] as const) {
      expect(await registry[name](), name).to.equal(value(name));
    }
    const rollupConfig = await rollup.config();
    for (const name of [
      "genesisState",
      "invalidBlockSlash",
      "feeSplit",
      "reporterShare",
      "finalDeadlineSlots",
      "basedDelaySlots",
      "maxTxsPerBlock",
      "voteRoundSlots",
      "voteThreshold",
    ] as const) {
      expect(rollupConfig[name], name).to.equal(value(name));
    }
    expect(rollupConfig.proofVerifier).to.equal(record.EpochProofVerifier.address);
    expect(rollupConfig.stateTransition).to.equal(record.ChunkStateTransition.address);
    const coordinatorConfig = await coordinator.config();
    for (const name of [
      "blockReward",
      "minBond",
      "defaultProverFee",
      "maxQuoteFee",
      "submitterShare",
      "rescueShare",
      "priorityWindowSlots",
      "claimWindowSlots",
      "proofDeadlineSlots",
    ] as const) {
      expect(coordinatorConfig[name], name).to.equal(value(name));
    }
    for (const contract of [rollup, coordinator, lottery]) {
      const params = await contract.params();
      expect([params.alpha, params.beta, params.gamma, params.ageCap]).to.deep.equal([
        value("lotteryAlpha"),
        value("lotteryBeta"),
        value("lotteryGamma"),
        value("lotteryAgeCap"),
      ]);
      expect(await contract.commitRevealFallback()).to.equal(true);
    }
  });

  it("deploys over an existing token, keeps the admin when asked and funds nothing by default", async function () {
    const { record, ignition } = await deploy("existing-token", {
      $global: { stakeToken: testToken, keepAdmin: true },
    });
    // An existing token is not recorded (nothing was deployed for it), as before.
    expect(Object.keys(record).sort()).to.deep.equal(
      recordedContracts("sidecar")
        .filter((n) => n !== "StakeToken")
        .sort(),
    );
    expect(ignition["Blockage#StakeToken"]).to.equal(undefined);
    await expectRecordMatches(record, ignition);
    const deployer = getAddress(((await provider.send("eth_accounts", [])) as string[])[0]);
    const registry = await at("NodeRegistry", record.NodeRegistry.address);
    expect(await registry.stakeToken()).to.equal(testToken);
    expect(await registry.slasher()).to.equal(record.Rollup.address);
    expect(await registry.hasRole(ZeroHash, deployer)).to.equal(true);
    expect(await (await at("RewardPool", record.RewardPool.address)).reserve()).to.equal(0n);
    expect(await (await at("PayoutDistributor", record.PayoutDistributor.address)).token()).to.equal(testToken);
    expect(await (await at("Rollup", record.Rollup.address)).commitRevealFallback()).to.equal(false);
  });
  it('deploys a Cooperative rollup with mechanism "cooperative": a CooperativeCoordinator from deployCooperative', async function () {
    const given = { feeSplit: 1_500, blockReward: 7n * E18, provingWindowSlots: 12 };
    const bigints = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, typeof v === "bigint" ? `${v}n` : v]));
    const { record, ignition } = await deploy("cooperative", { Blockage: { ...bigints, mechanism: "cooperative" } });
    expect(Object.keys(record).sort()).to.deep.equal(recordedContracts("cooperative").sort());
    expect(record.ProverCoordinator).to.equal(undefined);
    await expectRecordMatches(record, ignition);

    const rollup = await at("Rollup", record.Rollup.address);
    const coordinator = await at("CooperativeCoordinator", record.CooperativeCoordinator.address);
    const pool = await at("RewardPool", record.RewardPool.address);
    const registry = await at("NodeRegistry", record.NodeRegistry.address);
    expect(await rollup.coordinator()).to.equal(record.CooperativeCoordinator.address);
    expect(await coordinator.rollup()).to.equal(record.Rollup.address);
    expect(await coordinator.rewardPool()).to.equal(record.RewardPool.address);
    expect(await pool.coordinator()).to.equal(record.CooperativeCoordinator.address);
    expect(await registry.slasher()).to.equal(record.Rollup.address);
    expect(await coordinator.PROOFS_PER_NODE()).to.equal(3n);

    // The mechanism and the Cooperative parameters as given; the rest as the SDK's defaults.
    const rollupConfig = await rollup.config();
    expect(rollupConfig.mechanism).to.equal(1n);
    expect(rollupConfig.feeSplit).to.equal(BigInt(given.feeSplit));
    expect(rollupConfig.finalDeadlineSlots).to.equal(BigInt(PARAMETER_DEFAULTS.finalDeadlineSlots));
    const config = await coordinator.config();
    expect(config.proofVerifier).to.equal(record.EpochProofVerifier.address);
    expect(config.blockReward).to.equal(given.blockReward);
    expect(config.provingWindowSlots).to.equal(BigInt(given.provingWindowSlots));

    // The SDK connects to it as a Cooperative rollup.
    const connected = await connectRollup(record.Rollup.address, provider);
    expect(connected.mechanism).to.equal("cooperative");
    expect(connected.addresses).to.deep.include({
      CooperativeCoordinator: record.CooperativeCoordinator.address,
      RewardPool: record.RewardPool.address,
    });
  });

  it('deploys an open-race rollup with mechanism "open-race": an OpenRaceCoordinator from deployOpenRace', async function () {
    // The idle period and its four turns within the final deadline (64 slots of 12 s, the registry's two unbonding
    // epochs); the fee rule's parameters as given.
    const given = {
      finalDeadlineSlots: 64,
      idlePeriod: 300,
      turnPeriod: 60,
      redundancyWindow: 120,
      initialProvingBaseFee: 3n * 10n ** 15n,
      targetLagSlots: 16,
      flagQuorum: 2,
    };
    const bigints = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, typeof v === "bigint" ? `${v}n` : v]));
    const { record, ignition } = await deploy("open-race", { Blockage: { ...bigints, mechanism: "open-race" } });
    expect(Object.keys(record).sort()).to.deep.equal(recordedContracts("open-race").sort());
    expect(record.ProverCoordinator).to.equal(undefined);
    expect(record.CooperativeCoordinator).to.equal(undefined);
    await expectRecordMatches(record, ignition);

    const rollup = await at("Rollup", record.Rollup.address);
    const coordinator = await at("OpenRaceCoordinator", record.OpenRaceCoordinator.address);
    expect(await rollup.coordinator()).to.equal(record.OpenRaceCoordinator.address);
    expect(await coordinator.rewardPool()).to.equal(record.RewardPool.address);
    expect((await rollup.config()).mechanism).to.equal(2n);
    const config = await coordinator.config();
    expect(config.proofVerifier).to.equal(record.EpochProofVerifier.address);
    expect(config.idlePeriod).to.equal(BigInt(given.idlePeriod));
    expect(config.initialProvingBaseFee).to.equal(given.initialProvingBaseFee);
    expect(config.targetLagSlots).to.equal(BigInt(given.targetLagSlots));
    expect(config.redundancyShare).to.equal(BigInt(PARAMETER_DEFAULTS.redundancyShare));
    expect(await coordinator.provingBaseFee()).to.equal(given.initialProvingBaseFee);

    const connected = await connectRollup(record.Rollup.address, provider);
    expect(connected.mechanism).to.equal("open-race");
    expect(connected.addresses).to.deep.include({ OpenRaceCoordinator: record.OpenRaceCoordinator.address });
  });

  it("reads the mechanism as a deployment's shape, Sidecar by default, and refuses an unknown one", function () {
    expect(deploymentShape({}).mechanism).to.equal("sidecar");
    expect(deploymentShape({ $global: { mechanism: "cooperative" } }).mechanism).to.equal("cooperative");
    expect(PARAMETER_DEFAULTS.provingWindowSlots).to.equal(16n);
    expect(deploymentShape({ Blockage: { mechanism: "open-race" } }).mechanism).to.equal("open-race");
    expect(() => deploymentShape({ Blockage: { mechanism: "open race" } })).to.throw(ParameterError, /mechanism/);
    expect(() => deploymentShape({ Blockage: { mechanism: 1 } })).to.throw(ParameterError);
  });
});
