import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import {
  BOTH,
  E18,
  EPOCH_SLOTS,
  MIN_STAKE,
  PROVER,
  SEQUENCER,
  Status,
  commKeyOf,
  currentEpoch,
  deployRegistry,
  goToEpoch,
  leafHash,
  pidOf,
  saltOf,
  treeProof,
  treeRoot,
  DELEGATE_TYPES,
  JOIN_TYPES,
  LEAVE_TYPES,
  popOf,
  possessionProof,
  registryDomain as domain,
  vrfKeyOf,
  vrfSecretOf,
} from "./helpers";

const P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn;

async function baseFixture() {
  return deployRegistry();
}

/** One registered node (operator = signers[2]) in epoch 0. */
async function registeredFixture() {
  const f = await deployRegistry();
  const operator = f.signers[2];
  const salt = saltOf(1);
  await f.registry
    .connect(operator)
    .register(salt, MIN_STAKE, vrfKeyOf(1), await popOf(f.registry, operator.address, salt, 1), commKeyOf(1), BOTH);
  return { ...f, operator, salt, pid: pidOf(operator.address, salt) };
}

/** A registry whose slasher is not bound yet. */
async function unboundFixture() {
  return deployRegistry({ bindSlasher: false });
}

/** The node of `registeredFixture`, activated in epoch 1 (Active in the lottery from epoch 3). */
async function activeFixture() {
  const f = await registeredFixture();
  await goToEpoch(f.genesis, 1n);
  await f.registry.connect(f.operator).activate(f.pid);
  return f;
}

describe("NodeRegistry", function () {
  describe("deployment", function () {
    it("shares the beacon's clock and derives an input lag of two epochs", async function () {
      const { registry, beacon } = await loadFixture(baseFixture);
      expect(await registry.inputLag()).to.equal(2n);
      expect(await registry.currentEpoch()).to.equal(await beacon.currentEpoch());
      expect(await registry.currentSlot()).to.equal(await beacon.currentSlot());
      expect(await registry.minStake()).to.equal(MIN_STAKE);
      expect(await registry.ageCap()).to.equal(256n);
      expect(await registry.activeSetRoot()).to.equal(treeRoot(new Map()));
    });

    it("needs a lag of more epochs when the seed is fixed further ahead than one epoch", async function () {
      const { token, admin } = await loadFixture(baseFixture);
      // epoch = 4 × 12 s = 48 s; lookback 8 blocks + window 4 blocks + 1 = 156 s → lag 1 + ceil(156/48) = 5.
      const beacon = await (await ethers.getContractFactory("SeedBeacon")).deploy(0, 12, 4, 8, 4, 12);
      const registry = await (
        await ethers.getContractFactory("NodeRegistry")
      ).deploy({
        stakeToken: await token.getAddress(),
        beacon: await beacon.getAddress(),
        admin: admin.address,
        minStake: 1,
        entryDelayEpochs: 1,
        unbondingPeriodEpochs: 1,
        ageCap: 1,
      });
      expect(await registry.inputLag()).to.equal(5n);
    });

    it("rejects zero addresses and bad parameters", async function () {
      const { token, beacon, admin, registry } = await loadFixture(baseFixture);
      const factory = await ethers.getContractFactory("NodeRegistry");
      const cfg = {
        stakeToken: await token.getAddress(),
        beacon: await beacon.getAddress(),
        admin: admin.address,
        minStake: MIN_STAKE,
        entryDelayEpochs: 1,
        unbondingPeriodEpochs: 2,
        ageCap: 256,
      };
      await expect(factory.deploy({ ...cfg, stakeToken: ethers.ZeroAddress }))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__ZeroAddress")
        .withArgs(1);
      await expect(factory.deploy({ ...cfg, beacon: ethers.ZeroAddress }))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__ZeroAddress")
        .withArgs(2);
      await expect(factory.deploy({ ...cfg, admin: ethers.ZeroAddress }))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__ZeroAddress")
        .withArgs(3);
      await expect(factory.deploy({ ...cfg, ageCap: 0 }))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__InvalidParameter")
        .withArgs(0, 2, 1);
      await expect(factory.deploy({ ...cfg, unbondingPeriodEpochs: 0 }))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__InvalidParameter")
        .withArgs(256, 0, 1);
      await expect(factory.deploy({ ...cfg, entryDelayEpochs: 0 }))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__InvalidParameter")
        .withArgs(256, 2, 0);
    });
  });

  describe("register", function () {
    it("locks the stake, stores the node as Pending and derives the pid from operator and salt", async function () {
      const { registry, token, signers } = await loadFixture(baseFixture);
      const operator = signers[2];
      const salt = saltOf(7);
      const pid = pidOf(operator.address, salt);
      expect(await registry.pidOf(operator.address, salt)).to.equal(pid);
      const tx = registry
        .connect(operator)
        .register(
          salt,
          MIN_STAKE,
          vrfKeyOf(7),
          await popOf(registry, operator.address, salt, 7),
          commKeyOf(7),
          SEQUENCER,
        );
      await expect(tx)
        .to.emit(registry, "NodeRegistered")
        .withArgs(pid, operator.address, MIN_STAKE, vrfKeyOf(7), commKeyOf(7), SEQUENCER, 0);
      await expect(tx).to.changeTokenBalances(token, [operator, registry], [-MIN_STAKE, MIN_STAKE]);
      const info = await registry.node(pid);
      expect(info.operator).to.equal(operator.address);
      expect(info.status).to.equal(Status.Pending);
      expect(info.roles).to.equal(SEQUENCER);
      expect(info.selfStake).to.equal(MIN_STAKE);
      expect(info.vrfKey).to.equal(vrfKeyOf(7));
      expect(info.commKey).to.equal(commKeyOf(7));
      expect(await registry.totalOwed()).to.equal(MIN_STAKE);
      expect(await registry.nodeCount()).to.equal(1n);
    });

    it("accepts an uncompressed VRF key and stores it compressed", async function () {
      const { registry, signers } = await loadFixture(baseFixture);
      const operator = signers[3];
      await registry
        .connect(operator)
        .register(
          saltOf(1),
          MIN_STAKE,
          vrfKeyOf(3, false),
          await popOf(registry, operator.address, saltOf(1), 3, false),
          commKeyOf(3),
          PROVER,
        );
      expect((await registry.node(pidOf(operator.address, saltOf(1)))).vrfKey).to.equal(vrfKeyOf(3, true));
    });

    it("rejects bad roles, too little stake, a zero comm key and a taken pid", async function () {
      const { registry, signers } = await loadFixture(baseFixture);
      const op = registry.connect(signers[2]);
      for (const roles of [0, 4, 255]) {
        await expect(
          op.register(
            saltOf(1),
            MIN_STAKE,
            vrfKeyOf(1),
            await popOf(registry, signers[2].address, saltOf(1), 1),
            commKeyOf(1),
            roles,
          ),
        )
          .to.be.revertedWithCustomError(registry, "NodeRegistry__InvalidRoles")
          .withArgs(roles);
      }
      await expect(
        op.register(
          saltOf(1),
          MIN_STAKE - 1n,
          vrfKeyOf(1),
          await popOf(registry, signers[2].address, saltOf(1), 1),
          commKeyOf(1),
          BOTH,
        ),
      )
        .to.be.revertedWithCustomError(registry, "NodeRegistry__StakeBelowMinimum")
        .withArgs(MIN_STAKE - 1n, MIN_STAKE);
      await expect(
        op.register(
          saltOf(1),
          MIN_STAKE,
          vrfKeyOf(1),
          await popOf(registry, signers[2].address, saltOf(1), 1),
          ethers.ZeroHash,
          BOTH,
        ),
      ).to.be.revertedWithCustomError(registry, "NodeRegistry__InvalidCommKey");
      await op.register(
        saltOf(1),
        MIN_STAKE,
        vrfKeyOf(1),
        await popOf(registry, signers[2].address, saltOf(1), 1),
        commKeyOf(1),
        BOTH,
      );
      await expect(
        op.register(
          saltOf(1),
          MIN_STAKE,
          vrfKeyOf(1),
          await popOf(registry, signers[2].address, saltOf(1), 1),
          commKeyOf(1),
          BOTH,
        ),
      )
        .to.be.revertedWithCustomError(registry, "NodeRegistry__AlreadyRegistered")
        .withArgs(pidOf(signers[2].address, saltOf(1)), Status.Pending);
    });

    it("validates the VRF key on-chain", async function () {
      const { registry, signers } = await loadFixture(baseFixture);
      const op = registry.connect(signers[2]);
      const good = ethers.getBytes(vrfKeyOf(1));
      const uncompressed = ethers.getBytes(vrfKeyOf(1, false));
      const hex = (b: Uint8Array) => ethers.hexlify(b);
      // x with x³ + 7 a non-residue: search a small one.
      let offCurveX = 1n;
      const pow = (b: bigint, e: bigint): bigint => {
        let r = 1n;
        b %= P;
        while (e > 0n) {
          if (e & 1n) r = (r * b) % P;
          b = (b * b) % P;
          e >>= 1n;
        }
        return r;
      };
      while (pow((offCurveX ** 3n + 7n) % P, (P - 1n) / 2n) === 1n) offCurveX++;
      const bad: Uint8Array[] = [
        new Uint8Array(0),
        good.slice(0, 32),
        Uint8Array.from([0x04, ...good.slice(1)]), // wrong prefix for 33 bytes
        Uint8Array.from([0x02, ...ethers.getBytes(ethers.toBeHex(offCurveX, 32))]),
        Uint8Array.from([0x02, ...ethers.getBytes(ethers.toBeHex(P, 32))]), // x = p
        Uint8Array.from([0x02, ...ethers.getBytes(ethers.toBeHex(ethers.MaxUint256, 32))]),
        Uint8Array.from([0x03, ...uncompressed.slice(1)]), // 65 bytes, wrong prefix
        Uint8Array.from([...uncompressed.slice(0, 64), uncompressed[64] ^ 1]), // y off the curve
        Uint8Array.from([...good, 0]),
      ];
      for (const key of bad) {
        await expect(op.register(saltOf(1), MIN_STAKE, hex(key), "0x", commKeyOf(1), BOTH))
          .to.be.revertedWithCustomError(registry, "NodeRegistry__InvalidVrfKey")
          .withArgs(hex(key));
      }
    });

    it("pulls the stake with SafeERC20: no allowance, no registration", async function () {
      const { registry, token, signers } = await loadFixture(baseFixture);
      const op = signers[4];
      await token.connect(op).approve(await registry.getAddress(), 0);
      await expect(
        registry
          .connect(op)
          .register(
            saltOf(1),
            MIN_STAKE,
            vrfKeyOf(1),
            await popOf(registry, op.address, saltOf(1), 1),
            commKeyOf(1),
            BOTH,
          ),
      ).to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance");
      expect((await registry.node(pidOf(op.address, saltOf(1)))).status).to.equal(Status.None);
    });
  });

  describe("activate, unbond, withdraw", function () {
    it("activates only after the entry delay, and only by the operator of a Pending node", async function () {
      const { registry, operator, pid, signers, genesis } = await loadFixture(registeredFixture);
      await expect(registry.connect(operator).activate(pid))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__ActivationTooEarly")
        .withArgs(pid, 1, 0);
      await goToEpoch(genesis, 1n);
      await expect(registry.connect(signers[3]).activate(pid))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__NotOperator")
        .withArgs(pid, signers[3].address, operator.address);
      await expect(registry.connect(operator).activate(ethers.ZeroHash))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__UnknownNode")
        .withArgs(ethers.ZeroHash);
      await expect(registry.connect(operator).activate(pid)).to.emit(registry, "NodeActivated").withArgs(pid, 3);
      await expect(registry.connect(operator).activate(pid))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__WrongStatus")
        .withArgs(pid, Status.Pending, Status.Active);
      expect((await registry.node(pid)).status).to.equal(Status.Active);
    });

    it("puts the node in the lottery and the tree only from epoch + inputLag", async function () {
      const { registry, pid, genesis } = await loadFixture(activeFixture);
      // Now in epoch 1; inputs of epochs ≤ 2 are fixed and do not have the node Active.
      // Registered in epoch 0 (Pending from 2), activated in epoch 1 (Active from 3).
      expect((await registry.nodeAt(pid, 1)).status).to.equal(Status.None);
      expect((await registry.nodeAt(pid, 2)).status).to.equal(Status.Pending);
      expect((await registry.nodeAt(pid, 0)).status).to.equal(Status.None);
      await expect(registry.nodeAt(pid, 3))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__InputsNotFixed")
        .withArgs(3, 2);
      const leaf = leafHash(pid, MIN_STAKE, 3n, vrfKeyOf(1), BOTH);
      const expectedRoot = treeRoot(new Map([[0, leaf]]));
      expect(await registry.activeSetRoot()).to.equal(expectedRoot);
      expect(await registry.activeSetRootAt(2)).to.equal(treeRoot(new Map()));
      await goToEpoch(genesis, 2n);
      await mine();
      const at3 = await registry.nodeAt(pid, 3);
      expect(at3.status).to.equal(Status.Active);
      expect(at3.stake).to.equal(MIN_STAKE);
      expect(at3.age).to.equal(0n);
      expect(at3.activationEpoch).to.equal(3n);
      expect(at3.vrfKey).to.equal(vrfKeyOf(1));
      expect(at3.roles).to.equal(BOTH);
      expect(await registry.leafAt(pid, 3)).to.equal(leaf);
      expect(await registry.activeSetRootAt(3)).to.equal(expectedRoot);
      // The proof verifies with OpenZeppelin's MerkleProof.
      const harness = await (await ethers.getContractFactory("MerkleProofHarness")).deploy();
      expect(await harness.verify(treeProof(new Map([[0, leaf]]), 0), expectedRoot, leaf)).to.equal(true);
    });

    it("counts age in whole Active epochs, capped at A_max, frozen while unbonding", async function () {
      const f = await deployRegistry({ ageCap: 3n });
      const op = f.signers[2];
      const pid = pidOf(op.address, saltOf(1));
      await f.registry
        .connect(op)
        .register(
          saltOf(1),
          MIN_STAKE,
          vrfKeyOf(1),
          await popOf(f.registry, op.address, saltOf(1), 1),
          commKeyOf(1),
          BOTH,
        );
      await goToEpoch(f.genesis, 1n);
      await f.registry.connect(op).activate(pid); // Active from 3
      await goToEpoch(f.genesis, 8n);
      await mine();
      const ages = [];
      for (let e = 3; e <= 9; e++) ages.push((await f.registry.nodeAt(pid, e)).age);
      expect(ages).to.deep.equal([0n, 1n, 2n, 3n, 3n, 3n, 3n]);
      await f.registry.connect(op).unbond(pid); // leaves the lottery at 10
      await goToEpoch(f.genesis, 12n);
      await mine();
      expect((await f.registry.nodeAt(pid, 9)).status).to.equal(Status.Active);
      const after = await f.registry.nodeAt(pid, 10);
      expect(after.status).to.equal(Status.Unbonding);
      expect(after.age).to.equal(3n);
    });

    it("unbonds only an Active node, and withdraws after the unbonding period", async function () {
      const { registry, token, operator, pid, genesis } = await loadFixture(activeFixture);
      await expect(registry.connect(operator).withdraw(pid))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__WrongStatus")
        .withArgs(pid, Status.Unbonding, Status.Active);
      const leaf = leafHash(pid, MIN_STAKE, 3n, vrfKeyOf(1), BOTH);
      // Unbond in epoch 1: leaves the lottery at 3, withdrawable from 5.
      await expect(registry.connect(operator).unbond(pid))
        .to.emit(registry, "NodeUnbonded")
        .withArgs(pid, 3, 5)
        .and.to.emit(registry, "ActiveSetLeafUpdated")
        .withArgs(pid, 0, ethers.ZeroHash, treeRoot(new Map()));
      expect(leaf).to.not.equal(ethers.ZeroHash);
      await expect(registry.connect(operator).unbond(pid))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__WrongStatus")
        .withArgs(pid, Status.Active, Status.Unbonding);
      await goToEpoch(genesis, 4n);
      await expect(registry.connect(operator).withdraw(pid))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__WithdrawalTooEarly")
        .withArgs(pid, 5, 4);
      await goToEpoch(genesis, 5n);
      const tx = registry.connect(operator).withdraw(pid);
      await expect(tx).to.emit(registry, "NodeWithdrawn").withArgs(pid, operator.address, MIN_STAKE);
      await expect(tx).to.changeTokenBalances(token, [operator, registry], [MIN_STAKE, -MIN_STAKE]);
      expect((await registry.node(pid)).status).to.equal(Status.Exited);
      expect(await registry.totalOwed()).to.equal(0n);
      await expect(registry.connect(operator).withdraw(pid))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__WrongStatus")
        .withArgs(pid, Status.Unbonding, Status.Exited);
    });

    it("lets an Exited pid register again: same leaf, age from zero", async function () {
      const { registry, operator, pid, salt, genesis } = await loadFixture(activeFixture);
      await registry.connect(operator).unbond(pid);
      await goToEpoch(genesis, 5n);
      await registry.connect(operator).withdraw(pid);
      await registry
        .connect(operator)
        .register(
          salt,
          MIN_STAKE * 2n,
          vrfKeyOf(9),
          await popOf(registry, operator.address, salt, 9),
          commKeyOf(9),
          PROVER,
        );
      const info = await registry.node(pid);
      expect(info.status).to.equal(Status.Pending);
      expect(info.leafIndex).to.equal(0n);
      expect(info.activationEpoch).to.equal(0n);
      expect(await registry.nodeCount()).to.equal(1n);
      await goToEpoch(genesis, 6n);
      await registry.connect(operator).activate(pid); // Active from 8
      await goToEpoch(genesis, 7n);
      await mine();
      const at8 = await registry.nodeAt(pid, 8);
      expect(at8.age).to.equal(0n);
      expect(at8.stake).to.equal(MIN_STAKE * 2n);
      expect(at8.vrfKey).to.equal(vrfKeyOf(9));
      // History is kept: epoch 4 still shows the first registration's key.
      expect((await registry.nodeAt(pid, 4)).vrfKey).to.equal(vrfKeyOf(1));
    });
  });

  describe("stake and keys", function () {
    it("increases stake from epoch + inputLag", async function () {
      const { registry, operator, pid, signers, genesis } = await loadFixture(activeFixture);
      await goToEpoch(genesis, 3n);
      await expect(registry.connect(operator).increaseStake(pid, 5n * E18))
        .to.emit(registry, "StakeIncreased")
        .withArgs(pid, 5n * E18, MIN_STAKE + 5n * E18, 5);
      await expect(registry.connect(operator).increaseStake(pid, 0)).to.be.revertedWithCustomError(
        registry,
        "NodeRegistry__ZeroAmount",
      );
      await expect(registry.connect(signers[5]).increaseStake(pid, 1)).to.be.revertedWithCustomError(
        registry,
        "NodeRegistry__NotOperator",
      );
      await goToEpoch(genesis, 4n);
      await mine();
      expect((await registry.nodeAt(pid, 4)).stake).to.equal(MIN_STAKE);
      await goToEpoch(genesis, 5n);
      await mine();
      expect((await registry.nodeAt(pid, 5)).stake).to.equal(MIN_STAKE + 5n * E18);
    });

    it("rotates keys from epoch + inputLag and validates the new key", async function () {
      const { registry, operator, pid, genesis } = await loadFixture(activeFixture);
      await expect(
        registry.connect(operator).rotateKeys(pid, "0x1234", "0x", commKeyOf(2)),
      ).to.be.revertedWithCustomError(registry, "NodeRegistry__InvalidVrfKey");
      await expect(
        registry
          .connect(operator)
          .rotateKeys(
            pid,
            vrfKeyOf(2, false),
            await possessionProof(registry, pid, vrfKeyOf(2, false), vrfSecretOf(2)),
            commKeyOf(2),
          ),
      )
        .to.emit(registry, "KeysRotated")
        .withArgs(pid, vrfKeyOf(2), commKeyOf(2), 3);
      expect((await registry.node(pid)).vrfKey).to.equal(vrfKeyOf(2));
      await goToEpoch(genesis, 2n);
      await mine();
      expect((await registry.nodeAt(pid, 2)).vrfKey).to.equal(vrfKeyOf(1));
      expect((await registry.nodeAt(pid, 3)).vrfKey).to.equal(vrfKeyOf(2));
    });
  });

  describe("delegation", function () {
    it("adds delegated stake to the node's weight from epoch + inputLag and returns it after unbonding", async function () {
      const { registry, token, pid, signers, genesis } = await loadFixture(activeFixture);
      const delegator = signers[6];
      await expect(registry.connect(delegator).delegate(pid, 300n * E18))
        .to.emit(registry, "Delegated")
        .withArgs(pid, delegator.address, 300n * E18, 300n * E18, 3);
      expect((await registry.node(pid)).delegatedStake).to.equal(300n * E18);
      await goToEpoch(genesis, 2n);
      await mine();
      expect((await registry.nodeAt(pid, 3)).stake).to.equal(MIN_STAKE + 300n * E18);
      // Undelegate 100 in epoch 2: weight drops at 4, withdrawable at 6.
      await expect(registry.connect(delegator).undelegate(pid, 100n * E18))
        .to.emit(registry, "Undelegated")
        .withArgs(pid, delegator.address, 100n * E18, 100n * E18, 6);
      const position = await registry.delegation(pid, delegator.address);
      expect(position.stake).to.equal(200n * E18);
      expect(position.unbondingStake).to.equal(100n * E18);
      await expect(registry.connect(delegator).undelegate(pid, 201n * E18))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__InsufficientDelegation")
        .withArgs(pid, delegator.address, 201n * E18, 200n * E18);
      await expect(registry.connect(delegator).withdrawDelegation(pid))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__DelegationLocked")
        .withArgs(pid, 6, 2);
      await goToEpoch(genesis, 3n);
      await mine();
      expect((await registry.nodeAt(pid, 4)).stake).to.equal(MIN_STAKE + 200n * E18);
      await goToEpoch(genesis, 6n);
      const tx = registry.connect(delegator).withdrawDelegation(pid);
      await expect(tx)
        .to.emit(registry, "DelegationWithdrawn")
        .withArgs(pid, delegator.address, 100n * E18);
      await expect(tx).to.changeTokenBalance(token, delegator, 100n * E18);
      await expect(registry.connect(delegator).withdrawDelegation(pid))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__NothingToWithdraw")
        .withArgs(pid, delegator.address);
      // Undelegate everything with the max sentinel.
      await registry.connect(delegator).undelegate(pid, ethers.MaxUint256);
      expect((await registry.delegation(pid, delegator.address)).shares).to.equal(0n);
      expect(await registry.totalOwed()).to.equal(MIN_STAKE + 200n * E18);
    });

    it("refuses delegation to unknown, unbonding or exited nodes, and zero amounts", async function () {
      const { registry, operator, pid, signers } = await loadFixture(activeFixture);
      const d = registry.connect(signers[6]);
      await expect(d.delegate(ethers.ZeroHash, 1)).to.be.revertedWithCustomError(registry, "NodeRegistry__UnknownNode");
      await expect(d.delegate(pid, 0)).to.be.revertedWithCustomError(registry, "NodeRegistry__ZeroAmount");
      await expect(d.undelegate(pid, 0)).to.be.revertedWithCustomError(registry, "NodeRegistry__ZeroAmount");
      await registry.connect(operator).unbond(pid);
      await expect(d.delegate(pid, 1))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__NotPendingOrActive")
        .withArgs(pid, Status.Unbonding);
    });
  });

  describe("lottery-input histories", function () {
    it("reads every fixed epoch right and the recent ones at a cost independent of the history's length", async function () {
      const f = await activeFixture();
      const { registry, genesis, pid } = f;
      const delegator = f.signers[7];
      // 1 wei more delegated in each of 40 epochs (the cheapest way to lengthen a node's history), except one epoch
      // in which nothing changes (no entry is written for it).
      const expected = new Map<bigint, bigint>();
      let stake = MIN_STAKE;
      const lag = await registry.inputLag();
      const gasAt = new Map<bigint, bigint>();
      for (let epoch = 2n; epoch < 42n; epoch++) {
        await goToEpoch(genesis, epoch);
        if (epoch !== 20n) {
          await registry.connect(delegator).delegate(pid, 1n);
          stake += 1n;
        } else {
          await registry.rollEpoch();
        }
        expected.set(epoch + lag, stake);
        if (epoch === 11n || epoch === 41n) gasAt.set(epoch, await registry.nodeAt.estimateGas(pid, epoch));
      }
      const last = (await currentEpoch(genesis)) + lag - 1n;
      let value = MIN_STAKE;
      for (let epoch = 3n; epoch <= last; epoch++) {
        value = expected.get(epoch) ?? value;
        expect((await registry.nodeAt(pid, epoch)).stake, `epoch ${epoch}`).to.equal(value);
      }
      // The current epoch's inputs cost the same to read with 10 or 40 epochs of history behind them.
      expect(gasAt.get(41n)).to.equal(gasAt.get(11n));
    });
  });

  describe("slashing", function () {
    it("is only for the rollup role, needs a reason and cannot exceed the slashable stake", async function () {
      const { registry, pid, signers, rollup } = await loadFixture(activeFixture);
      const role = await registry.ROLLUP_ROLE();
      await expect(registry.connect(signers[5]).slash(pid, 1, ethers.id("equivocation")))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(signers[5].address, role);
      await expect(registry.connect(rollup).slash(pid, 1, ethers.ZeroHash)).to.be.revertedWithCustomError(
        registry,
        "NodeRegistry__MissingSlashReason",
      );
      await expect(registry.connect(rollup).slash(pid, 0, ethers.id("x"))).to.be.revertedWithCustomError(
        registry,
        "NodeRegistry__ZeroAmount",
      );
      await expect(registry.connect(rollup).slash(pid, MIN_STAKE + 1n, ethers.id("x")))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__SlashExceedsStake")
        .withArgs(pid, MIN_STAKE + 1n, MIN_STAKE);
    });

    it("hits self-stake, delegated and unbonding stake pro rata and pays the rollup", async function () {
      const { registry, token, pid, signers, rollup, genesis } = await loadFixture(activeFixture);
      const [d1, d2] = [signers[6], signers[7]];
      await registry.connect(d1).delegate(pid, 1000n * E18); // active pool 1000
      await registry.connect(d2).delegate(pid, 2000n * E18); // active pool 3000
      await registry.connect(d2).undelegate(pid, 1000n * E18); // active 2000, unbonding 1000
      // total = 1000 self + 2000 active + 1000 unbonding = 4000; slash 400 = 10 %.
      const reason = ethers.id("missed proof deadline");
      const tx = registry.connect(rollup).slash(pid, 400n * E18, reason);
      await expect(tx)
        .to.emit(registry, "Slashed")
        .withArgs(pid, rollup.address, reason, 400n * E18, 100n * E18, 200n * E18, 100n * E18);
      await expect(tx).to.changeTokenBalances(token, [rollup, registry], [400n * E18, -400n * E18]);
      const info = await registry.node(pid);
      expect(info.selfStake).to.equal(900n * E18);
      expect(info.delegatedStake).to.equal(1800n * E18);
      expect(info.unbondingDelegatedStake).to.equal(900n * E18);
      const p1 = await registry.delegation(pid, d1.address);
      const p2 = await registry.delegation(pid, d2.address);
      // Shares keep their count and lose 10 % of value (virtual share rounding: at most 1 wei).
      expect(900n * E18 - p1.stake <= 1n).to.equal(true);
      expect(900n * E18 - p2.stake <= 1n).to.equal(true);
      expect(900n * E18 - p2.unbondingStake <= 1n).to.equal(true);
      expect(await registry.totalOwed()).to.equal(3600n * E18);
      expect(await token.balanceOf(await registry.getAddress())).to.equal(3600n * E18);
      await goToEpoch(genesis, 2n);
      await mine();
      expect((await registry.nodeAt(pid, 3)).stake).to.equal(2700n * E18);
    });
  });

  describe("the slasher binding", function () {
    it("binds the slasher once: slasher() names it and ROLLUP_ROLE can never be granted again, to anyone", async function () {
      const { registry, admin, rollup, signers } = await loadFixture(unboundFixture);
      const role = await registry.ROLLUP_ROLE();
      expect(await registry.slasher()).to.equal(ethers.ZeroAddress);
      await expect(registry.grantRole(role, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__ZeroAddress")
        .withArgs(4);
      await expect(registry.grantRole(role, rollup.address))
        .to.emit(registry, "RoleGranted")
        .withArgs(role, rollup.address, admin.address);
      expect(await registry.slasher()).to.equal(rollup.address);
      for (const account of [admin.address, rollup.address, signers[5].address]) {
        await expect(registry.grantRole(role, account))
          .to.be.revertedWithCustomError(registry, "NodeRegistry__SlasherAlreadyBound")
          .withArgs(rollup.address, account);
      }
      // A second admin, added after the binding, cannot add a slasher either.
      await registry.grantRole(await registry.DEFAULT_ADMIN_ROLE(), signers[5].address);
      await expect(registry.connect(signers[5]).grantRole(role, signers[5].address))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__SlasherAlreadyBound")
        .withArgs(rollup.address, signers[5].address);
      expect(await registry.hasRole(role, admin.address)).to.equal(false);
      expect(await registry.hasRole(role, signers[5].address)).to.equal(false);
      expect(await registry.slasher()).to.equal(rollup.address);
    });

    it("cannot be revoked by the admin nor renounced by the slasher", async function () {
      const { registry, admin, rollup } = await loadFixture(unboundFixture);
      const role = await registry.ROLLUP_ROLE();
      await expect(registry.revokeRole(role, rollup.address))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__SlasherIrrevocable")
        .withArgs(ethers.ZeroAddress, rollup.address);
      await registry.grantRole(role, rollup.address);
      await expect(registry.revokeRole(role, rollup.address))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__SlasherIrrevocable")
        .withArgs(rollup.address, rollup.address);
      await expect(registry.revokeRole(role, admin.address))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__SlasherIrrevocable")
        .withArgs(rollup.address, admin.address);
      await expect(registry.connect(rollup).renounceRole(role, rollup.address))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__SlasherIrrevocable")
        .withArgs(rollup.address, rollup.address);
      expect(await registry.hasRole(role, rollup.address)).to.equal(true);
      expect(await registry.slasher()).to.equal(rollup.address);
    });

    it("leaves the admin no power over stake, and no admin at all once it renounces", async function () {
      const { registry, admin, rollup, pid } = await loadFixture(activeFixture);
      const [role, adminRole] = [await registry.ROLLUP_ROLE(), await registry.DEFAULT_ADMIN_ROLE()];
      await expect(registry.slash(pid, 1n, ethers.id("admin")))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(admin.address, role);
      await expect(registry.renounceRole(adminRole, admin.address))
        .to.emit(registry, "RoleRevoked")
        .withArgs(adminRole, admin.address, admin.address);
      expect(await registry.hasRole(adminRole, admin.address)).to.equal(false);
      await expect(registry.grantRole(adminRole, admin.address))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(admin.address, adminRole);
      // The slasher still slashes.
      await expect(registry.connect(rollup).slash(pid, 1n, ethers.id("still bound"))).to.emit(registry, "Slashed");
    });
  });

  describe("seed-window snapshots", function () {
    it("records the block's beacon snapshot from registry operations inside a seed window, not outside one", async function () {
      const { registry, beacon, operator, pid, signers, genesis } = await loadFixture(activeFixture);
      const delegator = signers[6];
      await goToEpoch(genesis, 2n, 10n);
      await registry.rollEpoch(); // begins epoch 2 (a roll pokes in any case)
      // Outside every window: early in epoch 2, before epoch 3's window (cutoff − 192 s, cutoff] opens.
      const cutoff = await beacon.seedFixedAfter(3n);
      const outside = [
        () => registry.rollEpoch(),
        () => registry.connect(operator).increaseStake(pid, E18),
        () => registry.connect(delegator).delegate(pid, 10n * E18),
      ];
      for (const operation of outside) {
        const count = await beacon.snapshotCount();
        await expect(operation()).to.not.emit(beacon, "Poked");
        expect(await beacon.inSeedWindow()).to.equal(false);
        expect(await beacon.snapshotCount()).to.equal(count);
      }
      // Inside epoch 3's window, with no keeper: each operation stores its block's snapshot.
      await time.setNextBlockTimestamp(cutoff - 150n);
      const inside = [
        () => registry.rollEpoch(),
        () => registry.connect(operator).increaseStake(pid, E18),
        () => registry.connect(delegator).delegate(pid, 10n * E18),
        () => registry.connect(delegator).undelegate(pid, E18),
      ];
      let last = 0;
      for (const operation of inside) {
        const count = await beacon.snapshotCount();
        const receipt = await (await operation()).wait();
        last = receipt!.blockNumber;
        expect(await beacon.inSeedWindow()).to.equal(true);
        const pokes = receipt!.logs.map((l) => beacon.interface.parseLog(l)).filter((l) => l?.name === "Poked");
        expect(pokes.map((l) => l!.args.number)).to.deep.equal([BigInt(last)]);
        expect(await beacon.snapshotCount()).to.be.greaterThan(count);
      }
      // Registry activity alone gave epoch 3 its seed: the last in-window snapshot is its anchor.
      await goToEpoch(genesis, 3n);
      await expect(registry.rollEpoch()).to.emit(registry, "EpochStart");
      expect((await beacon.seedInputs(3n)).anchorBlock).to.be.greaterThanOrEqual(BigInt(last));
      expect(await beacon.seedFor(3n, 3n * EPOCH_SLOTS, 0)).to.not.equal(ethers.ZeroHash);
    });

    it("cannot be stopped by a failing beacon", async function () {
      const { registry, beacon, operator, pid, genesis } = await loadFixture(activeFixture);
      const cutoff = await beacon.seedFixedAfter(3n);
      // The beacon now reverts on every call (PUSH1 0 PUSH1 0 REVERT).
      await ethers.provider.send("hardhat_setCode", [await beacon.getAddress(), "0x60006000fd"]);
      await goToEpoch(genesis, 2n, 10n);
      await expect(registry.rollEpoch()).to.emit(registry, "EpochStart").withArgs(2n, ethers.ZeroHash, anyValue);
      await registry.connect(operator).increaseStake(pid, E18); // outside every window
      await time.setNextBlockTimestamp(cutoff - 150n);
      await expect(registry.connect(operator).increaseStake(pid, E18)).to.emit(registry, "StakeIncreased");
    });
  });

  describe("VRF key proof of possession", function () {
    it("refuses a key without its owner's signature for this pid, so nobody can copy another node's key", async function () {
      const { registry, pid, signers } = await loadFixture(registeredFixture);
      const thief = signers[5];
      const salt = saltOf(9);
      const thiefPid = pidOf(thief.address, salt);
      // The victim's key (node 1) with: no proof, the victim's own proof (made for the victim's pid), a proof by
      // the thief's own key, and a proof for another contract.
      const victimsProof = await possessionProof(registry, pid, vrfKeyOf(1), vrfSecretOf(1));
      const ownKeyProof = await possessionProof(registry, thiefPid, vrfKeyOf(1), vrfSecretOf(8));
      const foreignProof = await possessionProof(
        { getAddress: async () => thief.address },
        thiefPid,
        vrfKeyOf(1),
        vrfSecretOf(1),
      );
      for (const proof of ["0x", "0x" + "00".repeat(65), victimsProof, ownKeyProof, foreignProof]) {
        await expect(registry.connect(thief).register(salt, MIN_STAKE, vrfKeyOf(1), proof, commKeyOf(9), BOTH))
          .to.be.revertedWithCustomError(registry, "NodeRegistry__InvalidVrfKeyProof")
          .withArgs(thiefPid);
      }
      // The same proof over the uncompressed encoding is a different message.
      const uncompressedProof = await possessionProof(registry, thiefPid, vrfKeyOf(8, false), vrfSecretOf(8));
      await expect(
        registry.connect(thief).register(salt, MIN_STAKE, vrfKeyOf(8), uncompressedProof, commKeyOf(9), BOTH),
      ).to.be.revertedWithCustomError(registry, "NodeRegistry__InvalidVrfKeyProof");
      await registry
        .connect(thief)
        .register(salt, MIN_STAKE, vrfKeyOf(8, false), uncompressedProof, commKeyOf(9), BOTH);
      expect((await registry.node(thiefPid)).vrfKey).to.equal(vrfKeyOf(8));
    });

    it("needs the proof to rotate keys too", async function () {
      const { registry, operator, pid } = await loadFixture(activeFixture);
      await expect(
        registry
          .connect(operator)
          .rotateKeys(
            pid,
            vrfKeyOf(4),
            await possessionProof(registry, pid, vrfKeyOf(4), vrfSecretOf(5)),
            commKeyOf(4),
          ),
      )
        .to.be.revertedWithCustomError(registry, "NodeRegistry__InvalidVrfKeyProof")
        .withArgs(pid);
    });
  });

  describe("slashing consequences", function () {
    it("takes a node below the minimum self-stake out of the lottery", async function () {
      const { registry, pid, rollup, genesis } = await loadFixture(activeFixture);
      await expect(registry.connect(rollup).slash(pid, 1n, ethers.id("late")))
        .to.emit(registry, "NodeUnbonded")
        .withArgs(pid, 3, 5);
      expect((await registry.node(pid)).status).to.equal(Status.Unbonding);
      await goToEpoch(genesis, 2n);
      await mine();
      expect((await registry.nodeAt(pid, 3)).status).to.equal(Status.Unbonding);
      expect(await registry.activeSetRoot()).to.equal(treeRoot(new Map()));
    });

    it("refuses to activate a node whose self-stake fell below the minimum", async function () {
      const { registry, operator, pid, rollup, genesis } = await loadFixture(registeredFixture);
      await registry.connect(rollup).slash(pid, 1n, ethers.id("misbehaved while pending"));
      await goToEpoch(genesis, 1n);
      await expect(registry.connect(operator).activate(pid))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__StakeBelowMinimum")
        .withArgs(MIN_STAKE - 1n, MIN_STAKE);
      await registry.connect(operator).increaseStake(pid, 1n);
      await registry.connect(operator).activate(pid);
    });

    it("voids a pool's shares when a slash empties it, so later delegators are unaffected", async function () {
      const { registry, token, operator, pid, salt, signers, rollup, genesis } = await loadFixture(activeFixture);
      const [old, fresh] = [signers[6], signers[7]];
      await registry.connect(old).delegate(pid, 500n * E18);
      await registry.connect(old).undelegate(pid, 1n); // 1 wei waiting in the unbonding pool
      const info = await registry.node(pid);
      const total = info.selfStake + info.delegatedStake + info.unbondingDelegatedStake;
      await registry.connect(rollup).slash(pid, total, ethers.id("everything"));
      const voided = await registry.delegation(pid, old.address);
      expect([voided.shares, voided.stake, voided.unbondingStake]).to.deep.equal([0n, 0n, 0n]);
      await expect(registry.connect(old).withdrawDelegation(pid)).to.be.revertedWithCustomError(
        registry,
        "NodeRegistry__NothingToWithdraw",
      );
      // The node (forced out of the lottery) exits and comes back under the same pid; its pool starts afresh.
      await goToEpoch(genesis, 5n);
      await registry.connect(operator).withdraw(pid);
      await registry
        .connect(operator)
        .register(salt, MIN_STAKE, vrfKeyOf(1), await popOf(registry, operator.address, salt, 1), commKeyOf(1), BOTH);
      await registry.connect(fresh).delegate(pid, 1000n * E18);
      await registry.connect(old).delegate(pid, 1n);
      const position = await registry.delegation(pid, fresh.address);
      expect([position.shares, position.stake]).to.deep.equal([1000n * E18, 1000n * E18]);
      expect((await registry.delegation(pid, old.address)).shares).to.equal(1n);
      await registry.connect(fresh).undelegate(pid, ethers.MaxUint256);
      await goToEpoch(genesis, 10n);
      await expect(registry.connect(fresh).withdrawDelegation(pid)).to.changeTokenBalance(token, fresh, 1000n * E18);
      expect(await token.balanceOf(await registry.getAddress())).to.equal(await registry.totalOwed());
    });
  });

  describe("epochs and the active-set root", function () {
    it("emits EpochStart once, from the epoch's first transaction, with the beacon's seed and the epoch's root", async function () {
      const { registry, beacon, genesis } = await loadFixture(activeFixture);
      const leaf = leafHash(pidOf((await ethers.getSigners())[2].address, saltOf(1)), MIN_STAKE, 3n, vrfKeyOf(1), BOTH);
      // A keeper pokes inside epoch 3's seed window (it ends 8 L1 blocks = 96 s before the epoch starts).
      await time.setNextBlockTimestamp((await beacon.seedFixedAfter(3)) - 50n);
      await beacon.poke();
      await goToEpoch(genesis, 3n);
      const tx = registry.rollEpoch();
      await expect(tx).to.emit(registry, "EpochStart");
      const receipt = await (await tx).wait();
      const log = receipt!.logs.map((l) => registry.interface.parseLog(l)).find((l) => l?.name === "EpochStart")!;
      expect(log.args.epoch).to.equal(3n);
      expect(log.args.seed).to.equal(await beacon.seedFor(3, 3n * EPOCH_SLOTS, 0));
      expect(log.args.activeSetRoot).to.equal(treeRoot(new Map([[0, leaf]])));
      await expect(registry.rollEpoch()).to.not.emit(registry, "EpochStart");
      expect(await registry.lastRolledEpoch()).to.equal(3n);
      // Nobody pokes in epoch 4's window: the epoch starts on the beacon's fallback seed.
      await goToEpoch(genesis, 4n);
      const fallback = (await (await registry.rollEpoch()).wait())!.logs
        .map((l) => registry.interface.parseLog(l))
        .find((l) => l?.name === "EpochStart")!;
      expect(fallback.args.epoch).to.equal(4n);
      expect(fallback.args.seed).to.equal(await beacon.seedFor(4, 4n * EPOCH_SLOTS, 0));
      expect(fallback.args.activeSetRoot).to.equal(treeRoot(new Map([[0, leaf]])));
      expect((await beacon.seedInputs(4)).isFallback).to.equal(true);
    });

    it("snapshots the root before the first transaction's own change", async function () {
      const f = await loadFixture(activeFixture);
      const op2 = f.signers[3];
      const pid2 = pidOf(op2.address, saltOf(2));
      await f.registry
        .connect(op2)
        .register(
          saltOf(2),
          MIN_STAKE,
          vrfKeyOf(2),
          await popOf(f.registry, op2.address, saltOf(2), 2),
          commKeyOf(2),
          SEQUENCER,
        ); // epoch 1
      await goToEpoch(f.genesis, 2n);
      // First tx of epoch 2 activates node 2 (effective 4): the root of epoch 3 must not contain it.
      await expect(f.registry.connect(op2).activate(pid2)).to.emit(f.registry, "EpochStart");
      const leaf1 = leafHash(f.pid, MIN_STAKE, 3n, vrfKeyOf(1), BOTH);
      const leaf2 = leafHash(pid2, MIN_STAKE, 4n, vrfKeyOf(2), SEQUENCER);
      expect(await f.registry.activeSetRootAt(3)).to.equal(treeRoot(new Map([[0, leaf1]])));
      expect(await f.registry.activeSetRoot()).to.equal(
        treeRoot(
          new Map([
            [0, leaf1],
            [1, leaf2],
          ]),
        ),
      );
      await goToEpoch(f.genesis, 7n);
      await mine();
      // Epochs without transactions keep the last root, and the past stays readable.
      expect(await f.registry.activeSetRootAt(8)).to.equal(await f.registry.activeSetRoot());
      expect(await f.registry.activeSetRootAt(3)).to.equal(treeRoot(new Map([[0, leaf1]])));
      expect(await f.registry.activeSetRootAt(0)).to.equal(treeRoot(new Map()));
      await expect(f.registry.activeSetRootAt(9))
        .to.be.revertedWithCustomError(f.registry, "NodeRegistry__InputsNotFixed")
        .withArgs(9, 8);
    });

    it("anti-grinding: once seed(e) is known, no change can reach epoch e's inputs", async function () {
      const f = await loadFixture(activeFixture);
      const e = 5n;
      const cutoff = await f.beacon.seedFixedAfter(e);
      await time.setNextBlockTimestamp(cutoff - 10n);
      await f.beacon.poke();
      await time.setNextBlockTimestamp(cutoff + 1n);
      await f.beacon.poke();
      const seed = await f.beacon.seedFor(e, e * EPOCH_SLOTS, SEQUENCER);
      // The earliest moment seed(e) is known lies in epoch e − 1 …
      expect(await currentEpoch(f.genesis)).to.equal(e - 1n);
      const before = await f.registry.nodeAt(f.pid, e - 1n);
      // … so every change made now (or later) takes effect at e + 1 at the earliest.
      await f.registry.connect(f.operator).increaseStake(f.pid, 77n * E18);
      await f.registry
        .connect(f.operator)
        .rotateKeys(
          f.pid,
          vrfKeyOf(5),
          await possessionProof(f.registry, f.pid, vrfKeyOf(5), vrfSecretOf(5)),
          commKeyOf(5),
        );
      await f.registry.connect(f.signers[6]).delegate(f.pid, 50n * E18);
      await f.registry.connect(f.operator).unbond(f.pid);
      await goToEpoch(f.genesis, e);
      await mine();
      const atE = await f.registry.nodeAt(f.pid, e);
      expect(atE.status).to.equal(Status.Active);
      expect(atE.stake).to.equal(before.stake);
      expect(atE.vrfKey).to.equal(before.vrfKey);
      expect(await f.beacon.seedFor(e, e * EPOCH_SLOTS, SEQUENCER)).to.equal(seed);
      expect((await f.registry.nodeAt(f.pid, e + 1n)).status).to.equal(Status.Unbonding);
    });
  });

  describe("EIP-712 relays", function () {
    it("registers for a signer; a replay, an expired, a foreign or a wrong signature is refused", async function () {
      const { registry, signers } = await loadFixture(baseFixture);
      const [operator, relayer, stranger] = [signers[8], signers[9], signers[10]];
      const deadline = BigInt(await time.latest()) + 3600n;
      const join = {
        operator: operator.address,
        salt: saltOf(3),
        stake: MIN_STAKE,
        vrfKey: vrfKeyOf(3),
        commKey: commKeyOf(3),
        roles: BOTH,
        nonce: 0n,
        deadline,
      };
      const signature = await operator.signTypedData(await domain(registry), JOIN_TYPES, join);
      const pop = await popOf(registry, operator.address, saltOf(3), 3);
      // Wrong signer, and a signature for another contract (domain binding).
      const strangers = await stranger.signTypedData(await domain(registry), JOIN_TYPES, join);
      await expect(registry.connect(relayer).registerWithSignature(join, pop, strangers))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__InvalidSignature")
        .withArgs(operator.address);
      const foreign = await operator.signTypedData(
        { ...(await domain(registry)), verifyingContract: stranger.address },
        JOIN_TYPES,
        join,
      );
      await expect(registry.connect(relayer).registerWithSignature(join, pop, foreign)).to.be.revertedWithCustomError(
        registry,
        "NodeRegistry__InvalidSignature",
      );
      const otherChain = await operator.signTypedData({ ...(await domain(registry)), chainId: 1n }, JOIN_TYPES, join);
      await expect(
        registry.connect(relayer).registerWithSignature(join, pop, otherChain),
      ).to.be.revertedWithCustomError(registry, "NodeRegistry__InvalidSignature");
      // A tampered field invalidates the signature.
      await expect(
        registry.connect(relayer).registerWithSignature({ ...join, stake: MIN_STAKE * 2n }, pop, signature),
      ).to.be.revertedWithCustomError(registry, "NodeRegistry__InvalidSignature");
      const pid = pidOf(operator.address, saltOf(3));
      await expect(registry.connect(relayer).registerWithSignature(join, pop, signature))
        .to.emit(registry, "NodeRegistered")
        .withArgs(pid, operator.address, MIN_STAKE, vrfKeyOf(3), commKeyOf(3), BOTH, 0);
      expect(await registry.nonces(operator.address)).to.equal(1n);
      await expect(registry.connect(relayer).registerWithSignature(join, pop, signature))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__InvalidNonce")
        .withArgs(operator.address, 1, 0);
      const late = { ...join, salt: saltOf(4), nonce: 1n, deadline: BigInt(await time.latest()) };
      const lateSig = await operator.signTypedData(await domain(registry), JOIN_TYPES, late);
      await time.setNextBlockTimestamp(late.deadline + 1n);
      await expect(
        registry
          .connect(relayer)
          .registerWithSignature(late, await popOf(registry, operator.address, saltOf(4), 3), lateSig),
      )
        .to.be.revertedWithCustomError(registry, "NodeRegistry__SignatureExpired")
        .withArgs(late.deadline, late.deadline + 1n);
    });

    it("relays Leave only in its epoch and Delegate for the delegator", async function () {
      const { registry, token, operator, pid, signers, genesis } = await loadFixture(activeFixture);
      const relayer = signers[9];
      const delegator = signers[10];
      const deadline = BigInt(await time.latest()) + 3n * 3600n;
      const d = { delegator: delegator.address, validatorPid: pid, amount: 40n * E18, nonce: 0n, deadline };
      const dSig = await delegator.signTypedData(await domain(registry), DELEGATE_TYPES, d);
      const tx = registry.connect(relayer).delegateWithSignature(d, dSig);
      await expect(tx)
        .to.emit(registry, "Delegated")
        .withArgs(pid, delegator.address, 40n * E18, 40n * E18, 3);
      await expect(tx).to.changeTokenBalance(token, delegator, -40n * E18);
      await expect(registry.connect(relayer).delegateWithSignature(d, dSig)).to.be.revertedWithCustomError(
        registry,
        "NodeRegistry__InvalidNonce",
      );
      const leave = { pid, epoch: 2n, nonce: 0n, deadline };
      const leaveSig = await operator.signTypedData(await domain(registry), LEAVE_TYPES, leave);
      await expect(registry.connect(relayer).unbondWithSignature(leave, leaveSig))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__WrongEpoch")
        .withArgs(2, 1);
      await goToEpoch(genesis, 2n);
      await expect(registry.connect(relayer).unbondWithSignature(leave, leaveSig))
        .to.emit(registry, "NodeUnbonded")
        .withArgs(pid, 4, 6);
      const signedByOther = await delegator.signTypedData(await domain(registry), LEAVE_TYPES, { ...leave, nonce: 1n });
      await expect(registry.connect(relayer).unbondWithSignature({ ...leave, nonce: 1n }, signedByOther))
        .to.be.revertedWithCustomError(registry, "NodeRegistry__InvalidSignature")
        .withArgs(operator.address);
    });
  });

  describe("token safety", function () {
    it("refuses re-entrancy through a malicious token", async function () {
      const f = await deployRegistry({ token: "reentrant" });
      const token = f.token as unknown as import("../../packages/client/src/typechain").ReentrantToken;
      const op = f.signers[2];
      const pid = pidOf(op.address, saltOf(1));
      // Re-enter `register` from inside the stake transfer of `register`.
      const reenter = f.registry.interface.encodeFunctionData("register", [
        saltOf(2),
        MIN_STAKE,
        vrfKeyOf(2),
        "0x",
        commKeyOf(2),
        BOTH,
      ]);
      await token.arm(await f.registry.getAddress(), reenter);
      await expect(
        f.registry
          .connect(op)
          .register(
            saltOf(1),
            MIN_STAKE,
            vrfKeyOf(1),
            await popOf(f.registry, op.address, saltOf(1), 1),
            commKeyOf(1),
            BOTH,
          ),
      ).to.be.revertedWithCustomError(f.registry, "ReentrancyGuardReentrantCall");
      expect((await f.registry.node(pid)).status).to.equal(Status.None);
      // Re-enter `withdraw` from inside the payout of `withdraw`: no double payment.
      await token.arm(ethers.ZeroAddress, "0x");
      await f.registry
        .connect(op)
        .register(
          saltOf(1),
          MIN_STAKE,
          vrfKeyOf(1),
          await popOf(f.registry, op.address, saltOf(1), 1),
          commKeyOf(1),
          BOTH,
        );
      await goToEpoch(f.genesis, 1n);
      await f.registry.connect(op).activate(pid);
      await f.registry.connect(op).unbond(pid);
      await goToEpoch(f.genesis, 5n);
      await token.arm(await f.registry.getAddress(), f.registry.interface.encodeFunctionData("withdraw", [pid]));
      await expect(f.registry.connect(op).withdraw(pid)).to.be.revertedWithCustomError(
        f.registry,
        "ReentrancyGuardReentrantCall",
      );
      expect((await f.registry.node(pid)).selfStake).to.equal(MIN_STAKE);
      expect(await token.balanceOf(await f.registry.getAddress())).to.equal(MIN_STAKE);
    });

    it("refuses fee-on-transfer tokens, which would break the books", async function () {
      const f = await deployRegistry({ token: "fee" });
      await expect(
        f.registry
          .connect(f.signers[2])
          .register(
            saltOf(1),
            MIN_STAKE,
            vrfKeyOf(1),
            await popOf(f.registry, f.signers[2].address, saltOf(1), 1),
            commKeyOf(1),
            BOTH,
          ),
      )
        .to.be.revertedWithCustomError(f.registry, "NodeRegistry__TransferMismatch")
        .withArgs(MIN_STAKE, MIN_STAKE - MIN_STAKE / 100n);
    });
  });
});
