// The registry actions against real contracts on a local Hardhat node: every action, the relays, the anti-grinding
// lag, the active-set proof and the revert decoding, with time travel over epochs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reverts } from "../../test/reverts";
import { advanceEpochs as advanceEpochsBy, enterEpochWithSeed as enterEpoch } from "../../../../deploy/time-travel";
import { JsonRpcProvider, parseEther, Wallet, ZeroAddress, ZeroHash, type JsonRpcSigner } from "ethers";
import { startLocalChain, type LocalChain } from "../../../../deploy/local-chain";
import { getSeed } from "../beacon/seed";
import { ContractCallError, InvalidParameterError } from "../errors";
import type { NodeRegistry, SeedBeacon, StakeToken } from "../typechain";
import { activate } from "./activate";
import { getActiveSetProof, getActiveSetLeafUpdates } from "./active-set-proof";
import { activeSetLeaf, EMPTY_ACTIVE_SET_ROOT, verifyActiveSetProof } from "./active-set-tree";
import { delegate, getDelegation, undelegate, withdrawDelegation } from "./delegate";
import { connectRegistry } from "./connect";
import { deployRegistry, REGISTRY_DEFAULTS } from "./deploy";
import { faucet } from "./faucet";
import { increaseStake } from "./increase-stake";
import { generateNodeKeys, type NodeKeys } from "./keys";
import { getNodeStatus } from "./node-status";
import { pidOf } from "./pid";
import { register } from "./register";
import { relayDelegate, relayJoin, relayLeave } from "./relay";
import { rotateKeys } from "./rotate-keys";
import { sendTransaction } from "../transaction";
import { hashJoin, registryDomain, signDelegate, signJoin, signLeave, signVrfKeyPossession } from "./typed-data";
import { unbond } from "./unbond";
import { withdraw } from "./withdraw";

const EPOCH_SECONDS = Number(REGISTRY_DEFAULTS.slotDuration * REGISTRY_DEFAULTS.epochSlots);
const STAKE = parseEther("1000");

describe("registry actions against a real node", () => {
  let chain: LocalChain;
  let provider: JsonRpcProvider;
  let deployer: JsonRpcSigner;
  let operator: JsonRpcSigner;
  let operator2: JsonRpcSigner;
  let delegator: JsonRpcSigner;
  let relayer: JsonRpcSigner;
  let registry: NodeRegistry;
  let beacon: SeedBeacon;
  let token: StakeToken;
  let deploymentBlock: number;
  let keys: NodeKeys;
  let pid: string;

  const as = (signer: JsonRpcSigner) => registry.connect(signer);
  const advanceEpochs = (epochs: number) => advanceEpochsBy(provider, beacon, epochs);
  const epochNow = () => registry.currentEpoch();
  const enterEpochWithSeed = (atLeast = 0n) => enterEpoch(provider, registry, beacon, atLeast);

  beforeAll(async () => {
    chain = await startLocalChain();
    // No request cache: ethers reuses an identical request's answer for 250 ms, which time travel makes stale.
    provider = new JsonRpcProvider(chain.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    [deployer, operator, operator2, delegator, relayer] = await Promise.all(
      [0, 1, 2, 3, 4].map((i) => provider.getSigner(i)),
    );
    const deployed = await deployRegistry(deployer, {
      faucetCooldown: 60n,
      mint: [operator, operator2, delegator].map((s) => ({ to: s.address, amount: parseEther("5000") })),
    });
    ({ registry, beacon, token, deploymentBlock } = deployed);
    expect(Object.keys(deployed.deployments).sort()).toEqual(["NodeRegistry", "SeedBeacon", "StakeToken"]);
    expect(deployed.deployments.NodeRegistry.address).toBe(deployed.addresses.NodeRegistry);
    expect(deployed.deployments.NodeRegistry.transactionHash).toMatch(/^0x[0-9a-f]{64}$/);
    keys = await generateNodeKeys();
  });

  afterAll(async () => {
    provider?.destroy();
    await chain?.stop();
  });

  it("deployRegistry wires the token and beacon, and connectRegistry finds them again", async () => {
    const connected = await connectRegistry(await registry.getAddress(), provider);
    expect(connected.addresses.SeedBeacon).toBe(await beacon.getAddress());
    expect(connected.addresses.StakeToken).toBe(await token.getAddress());
    expect(await connected.registry.minStake()).toBe(REGISTRY_DEFAULTS.minStake);
    expect(await connected.registry.inputLag()).toBe(2n);
    expect(await connected.beacon.epochDuration()).toBe(BigInt(EPOCH_SECONDS));
    expect(await token.balanceOf(operator.address)).toBe(parseEther("5000"));
    await expect(connectRegistry(Wallet.createRandom().address, provider)).rejects.toThrow(
      /there is no NodeRegistry contract at/,
    );
    await expect(connectRegistry("0x1234", provider)).rejects.toBeInstanceOf(InvalidParameterError);
  });

  it("the EIP-712 domain is the contract's (eip712Domain)", async () => {
    const [, name, version, chainId, verifyingContract] = await registry.eip712Domain();
    const domain = registryDomain(chainId, verifyingContract);
    expect({ name, version }).toEqual({ name: domain.name, version: domain.version });
    expect(registryDomain(31337n, await registry.getAddress())).toEqual(domain);
  });

  it("register approves, locks the stake and returns the pid (Pending)", async () => {
    const before = await token.balanceOf(operator.address);
    const result = await register(as(operator), { ...keys, stake: STAKE, roles: 3 });
    pid = result.pid;
    expect(pid).toBe(pidOf(operator.address));
    expect(pid).toBe(await registry.pidOf(operator.address, ZeroHash));
    expect(result.operator).toBe(operator.address);
    expect(result.leafIndex).toBe(0);
    expect(result.approveReceipt).not.toBeNull();
    expect(await token.balanceOf(operator.address)).toBe(before - STAKE);
    const status = await getNodeStatus(registry, { pid });
    expect(status.node).toMatchObject({
      status: "Pending",
      operator: operator.address,
      roles: 3,
      rolesName: "sequencer+prover",
      selfStake: STAKE,
      vrfKey: keys.vrfKey,
      commKey: keys.commKey,
    });
    expect(status.lottery.status).toBe("None"); // not in any lottery until inputLag epochs later
    expect(status.activatableFromEpoch).toBe(status.node.registeredEpoch + 1n);
    expect(status.inputLag).toBe(2n);
  });

  it("register from a Wallet approves and registers even when the provider caches the nonce", async () => {
    // ethers answers an identical request from its cache for 250 ms: approve-then-register must not reuse a nonce.
    const caching = new JsonRpcProvider(chain.url, undefined, { staticNetwork: true });
    try {
      const wallet = Wallet.createRandom(caching);
      await (await deployer.sendTransaction({ to: wallet.address, value: parseEther("1") })).wait();
      await (await token.mint(wallet.address, STAKE)).wait();
      const fresh = await generateNodeKeys();
      const result = await register(registry.connect(wallet), { ...fresh, stake: STAKE, roles: "prover" });
      expect(result.approveReceipt).not.toBeNull();
      expect(result.pid).toBe(pidOf(wallet.address));
      expect((await getNodeStatus(registry, { pid: result.pid })).node).toMatchObject({ status: "Pending", roles: 2 });
    } finally {
      caching.destroy();
    }
  });

  it("register reverts are decoded with their arguments", async () => {
    const low = await reverts(
      register(as(operator), {
        ...keys,
        stake: 5n,
        roles: 1,
        salt: `0x${"01".padStart(64, "0")}`,
      }),
      "NodeRegistry__StakeBelowMinimum",
    );
    expect(low.args).toEqual({ stake: 5n, minimum: STAKE });
    expect(low.shortMessage).toBe("NodeRegistry__StakeBelowMinimum(stake: 5, minimum: 1000000000000000000000)");
    const again = await reverts(
      register(as(operator), { ...keys, stake: STAKE, roles: 3 }),
      "NodeRegistry__AlreadyRegistered",
    );
    expect(again.args).toEqual({ pid, status: 1n });
    const poor = await reverts(register(as(relayer), { ...keys, stake: STAKE, roles: 2 }), "ERC20InsufficientBalance");
    expect(poor.args).toMatchObject({ sender: relayer.address, balance: 0n, needed: STAKE });
    await reverts(
      register(as(operator), {
        stake: STAKE,
        vrfKey: "0x1234",
        vrfKeyProof: `0x${"00".repeat(65)}`,
        commKey: keys.commKey,
        roles: 3,
        salt: `0x${"02".padStart(64, "0")}`,
      }),
      "NodeRegistry__InvalidVrfKey",
    );
    // A VRF key needs a proof of possession made for this very pid: a proof for another node's pid is refused.
    const salt3 = `0x${"03".padStart(64, "0")}`;
    const otherProof = signVrfKeyPossession(keys.vrfSecretKey, registryDomain(31337n, await registry.getAddress()), {
      pid,
      vrfKey: keys.vrfKey,
    });
    const stolen = await reverts(
      register(as(operator), {
        ...keys,
        vrfSecretKey: undefined,
        vrfKeyProof: otherProof,
        stake: STAKE,
        roles: 3,
        salt: salt3,
      }),
      "NodeRegistry__InvalidVrfKeyProof",
    );
    expect(stolen.args).toEqual({ pid: pidOf(operator.address, salt3) });
    await expect(
      register(as(operator), { vrfKey: keys.vrfKey, commKey: keys.commKey, stake: STAKE, roles: 3, salt: salt3 }),
    ).rejects.toThrow(/give vrfSecretKey/);
    const stranger = await generateNodeKeys();
    await expect(
      register(as(operator), { ...keys, vrfSecretKey: stranger.vrfSecretKey, stake: STAKE, roles: 3, salt: salt3 }),
    ).rejects.toThrow(/vrfSecretKey is not the secret key of vrfKey/);
    await expect(register(as(operator), { ...keys, stake: STAKE, roles: 4 as never })).rejects.toBeInstanceOf(
      InvalidParameterError,
    );
    await expect(register(registry.connect(provider), { ...keys, stake: STAKE, roles: 3 })).rejects.toThrow(
      /connected to a signer/,
    );
  });

  it("activate waits for the entry delay and only the operator may call it", async () => {
    const early = await reverts(activate(as(operator), { pid }), "NodeRegistry__ActivationTooEarly");
    expect(early.args.allowedFromEpoch).toBe((await epochNow()) + 1n);
    await advanceEpochs(1);
    const other = await reverts(activate(as(delegator), { pid }), "NodeRegistry__NotOperator");
    expect(other.args).toEqual({ pid, caller: delegator.address, operator: operator.address });
    const now = await epochNow();
    const { effectiveEpoch } = await activate(as(operator), { pid });
    expect(effectiveEpoch).toBe(now + 2n);
    const status = await getNodeStatus(registry, { pid });
    expect(status.node.status).toBe("Active");
    // Anti-grinding: the lottery of this epoch does not even see the registration yet (it counts from epoch 2).
    expect(status.lottery.status).toBe("None");
    const wrong = await reverts(activate(as(operator), { pid }), "NodeRegistry__WrongStatus");
    expect(wrong.shortMessage).toBe(`NodeRegistry__WrongStatus(pid: ${pid}, expected: Pending, actual: Active)`);
  });

  it("increaseStake, rotateKeys and delegate change the lottery inputs only inputLag epochs later", async () => {
    const now = await epochNow();
    const more = await increaseStake(as(operator), { pid, amount: parseEther("500") });
    expect(more).toMatchObject({ selfStake: parseEther("1500"), effectiveEpoch: now + 2n });
    const newKeys = await generateNodeKeys();
    const rotated = await rotateKeys(as(operator), { pid, ...newKeys });
    expect(rotated).toMatchObject({ vrfKey: newKeys.vrfKey, effectiveEpoch: now + 2n });
    const delegated = await delegate(as(delegator), { pid, amount: parseEther("250") });
    expect(delegated.effectiveEpoch).toBe(now + 2n);
    expect(delegated.shares).toBeGreaterThan(0n);
    expect(await getDelegation(registry, { pid, delegator: delegator.address })).toMatchObject({
      shares: delegated.shares,
      stake: parseEther("250"),
      unbondingStake: 0n,
    });
    await reverts(increaseStake(as(operator), { pid, amount: 0n }), "NodeRegistry__ZeroAmount");

    // Epoch now + 1 was fixed before these calls: it sees the registration but not the activation.
    const next = await getNodeStatus(registry, { pid, epoch: now + 1n });
    expect(next.lottery).toMatchObject({ status: "Pending", stake: STAKE, vrfKey: keys.vrfKey, age: 0n });
    await reverts(getNodeStatus(registry, { pid, epoch: now + 2n }), "NodeRegistry__InputsNotFixed");
    await advanceEpochs(2);
    const later = await getNodeStatus(registry, { pid });
    expect(later.lottery).toMatchObject({
      status: "Active",
      stake: parseEther("1750"),
      vrfKey: newKeys.vrfKey,
      activationEpoch: now + 2n,
      age: 0n,
    });
    // Age counts whole epochs Active.
    await advanceEpochs(1);
    expect((await getNodeStatus(registry, { pid })).lottery.age).toBe(1n);
    keys = newKeys;
  });

  it("a transaction estimated in one epoch still succeeds as the first of the next (which also begins it)", async () => {
    await (await registry.connect(deployer).rollEpoch()).wait();
    const nextEpoch = (await epochNow()) + 1n;
    const newKeys = await generateNodeKeys();
    await provider.send("evm_setAutomine", [false]);
    try {
      const rotating = rotateKeys(as(operator), { pid, ...newKeys });
      // Estimated against this epoch (already begun); mined only once the next epoch has started.
      for (let tries = 0; ; tries++) {
        const block = await provider.send("eth_getBlockByNumber", ["pending", false]);
        if (block.transactions.length > 0) break;
        if (tries > 200) throw new Error("the rotateKeys transaction never reached the mempool");
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      await provider.send("evm_setNextBlockTimestamp", [Number(await beacon.epochStart(nextEpoch)) + 1]);
      await provider.send("evm_mine", []);
      const rotated = await rotating;
      const began = rotated.receipt.logs
        .map((log) => registry.interface.parseLog(log))
        .find((log) => log?.name === "EpochStart");
      expect(began?.args.epoch).toBe(nextEpoch);
      expect(rotated.vrfKey).toBe(newKeys.vrfKey);
    } finally {
      await provider.send("evm_setAutomine", [true]);
    }
    keys = newKeys;
  });

  it("a transaction that runs out of gas says so instead of 'execution reverted'", async () => {
    // Mined with automine off, so that the node reports the failure in a receipt, as a live chain does.
    await provider.send("evm_setAutomine", [false]);
    let error: ContractCallError;
    try {
      const sending = sendTransaction("rollEpoch", () =>
        registry.connect(deployer).rollEpoch({ gasLimit: 21_500 }),
      ).then(
        () => expect.fail("a 21,500-gas rollEpoch cannot succeed"),
        (e: unknown) => e as ContractCallError,
      );
      for (let tries = 0; ; tries++) {
        const block = await provider.send("eth_getBlockByNumber", ["pending", false]);
        if (block.transactions.length > 0) break;
        if (tries > 200) throw new Error("the rollEpoch transaction never reached the mempool");
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      await provider.send("evm_mine", []);
      error = await sending;
    } finally {
      await provider.send("evm_setAutomine", [true]);
    }
    expect(error).toBeInstanceOf(ContractCallError);
    expect(error.shortMessage).toMatch(
      /^rollEpoch ran out of gas: it used all 21500 gas of its limit \(transaction 0x/,
    );
  });

  it("a call the registry would refuse fails before any approval is sent", async () => {
    const spender = await registry.getAddress();
    const allowance = await token.allowance(operator2.address, spender);
    const nonce = await provider.getTransactionCount(operator2.address);
    const amount = allowance + parseEther("5");
    await reverts(increaseStake(as(operator2), { pid, amount }), "NodeRegistry__NotOperator");
    await reverts(delegate(as(operator2), { pid: ZeroHash, amount }), "NodeRegistry__UnknownNode");
    expect(await provider.getTransactionCount(operator2.address)).toBe(nonce);
    expect(await token.allowance(operator2.address, spender)).toBe(allowance);
  });

  it("getActiveSetProof rebuilds the epoch's tree from events and the proof verifies against activeSetRootAt", async () => {
    const epoch = await epochNow();
    const proof = await getActiveSetProof(registry, { pid, epoch, fromBlock: deploymentBlock });
    expect(proof.root).toBe(await registry.activeSetRootAt(epoch));
    expect(proof).toMatchObject({ leafIndex: 0, active: true, verified: true, leafMatchesInputs: true });
    expect(proof.leaf).toBe(await registry.leafAt(pid, epoch));
    expect(proof.leaf).toBe(activeSetLeaf({ pid, ...proof.inputs }));
    expect(proof.proof).toHaveLength(20);
    // Before activation took effect the node was not in the set: a zero leaf, and the root was the empty tree's.
    const before = await getActiveSetProof(registry, { pid, epoch: epoch - 3n });
    expect(before).toMatchObject({ active: false, verified: true, leaf: ZeroHash, root: EMPTY_ACTIVE_SET_ROOT });
    await reverts(getActiveSetProof(registry, { pid, epoch: epoch + 5n }), "NodeRegistry__InputsNotFixed");
    await expect(getActiveSetProof(registry, { pid: `0x${"99".repeat(32)}`, epoch })).rejects.toThrow(
      /no node was ever registered/,
    );
    // Events must start at the deployment: later, the replay cannot reach the root.
    const latest = await provider.getBlockNumber();
    await expect(getActiveSetProof(registry, { pid, epoch, fromBlock: latest })).rejects.toBeInstanceOf(
      ContractCallError,
    );
  });

  it("relays signed Join, Delegate and Leave messages for their signers", async () => {
    const registryAddress = await registry.getAddress();
    await (await token.connect(operator2).approve(registryAddress, parseEther("2000"))).wait();
    const nodeKeys = await generateNodeKeys();
    const salt = `0x${"07".padStart(64, "0")}`;
    const signed = await signJoin(operator2, {
      registry,
      salt,
      stake: STAKE,
      ...nodeKeys,
      roles: 2,
    });
    expect(signed.message).toMatchObject({ operator: operator2.address, nonce: 0n });
    expect(signed.digest).toBe(hashJoin(registryDomain(31337n, registryAddress), signed.message));
    // Tampering breaks the signature.
    await reverts(
      relayJoin(as(relayer), { ...signed, message: { ...signed.message, stake: STAKE + 1n } }),
      "NodeRegistry__InvalidSignature",
    );
    const relayerBalance = await token.balanceOf(relayer.address);
    const joined = await relayJoin(as(relayer), signed);
    const pid2 = pidOf(operator2.address, salt);
    expect(joined.pid).toBe(pid2);
    expect(await token.balanceOf(relayer.address)).toBe(relayerBalance); // tokens came from the signer
    expect((await getNodeStatus(registry, { pid: pid2 })).node).toMatchObject({ status: "Pending", roles: 2 });
    expect(await registry.nonces(operator2.address)).toBe(1n);
    const replay = await reverts(relayJoin(as(relayer), signed), "NodeRegistry__InvalidNonce");
    expect(replay.args).toEqual({ signer: operator2.address, expected: 1n, provided: 0n });

    // Delegate (the nonce sequence is shared by all three message types).
    await (await token.connect(delegator).approve(registryAddress, parseEther("100"))).wait();
    const signedDelegation = await signDelegate(delegator, { registry, validatorPid: pid2, amount: parseEther("100") });
    expect(signedDelegation.message.nonce).toBe(0n);
    const relayed = await relayDelegate(as(relayer), signedDelegation);
    expect(relayed.shares).toBeGreaterThan(0n);
    expect((await getDelegation(registry, { pid: pid2, delegator: delegator.address })).stake).toBe(parseEther("100"));

    // Leave needs an Active node and is only valid in its epoch.
    await advanceEpochs(1);
    await activate(as(operator2), { pid: pid2 });
    const stale = await signLeave(operator2, { registry, pid: pid2, epoch: (await epochNow()) - 1n });
    await reverts(relayLeave(as(relayer), stale), "NodeRegistry__WrongEpoch");
    const expired = await signLeave(operator2, { registry, pid: pid2, deadline: 1n });
    await reverts(relayLeave(as(relayer), expired), "NodeRegistry__SignatureExpired");
    const leave = await signLeave(operator2, { registry, pid: pid2 });
    expect(leave.message.nonce).toBe(1n);
    const left = await relayLeave(as(relayer), leave);
    expect(left.withdrawableEpoch).toBe(left.effectiveEpoch + REGISTRY_DEFAULTS.unbondingPeriodEpochs);
    expect((await getNodeStatus(registry, { pid: pid2 })).node.status).toBe("Unbonding");
  });

  it("unbond, then withdraw after the unbonding period returns the self-stake", async () => {
    const now = await epochNow();
    const { effectiveEpoch, withdrawableEpoch } = await unbond(as(operator), { pid });
    expect(effectiveEpoch).toBe(now + 2n);
    expect(withdrawableEpoch).toBe(now + 4n);
    const early = await reverts(withdraw(as(operator), { pid }), "NodeRegistry__WithdrawalTooEarly");
    expect(early.args).toEqual({ pid, allowedFromEpoch: withdrawableEpoch, currentEpoch: now });
    await reverts(delegate(as(delegator), { pid, amount: 1n }), "NodeRegistry__NotPendingOrActive");

    // The node stays in the lottery until effectiveEpoch, then its leaf is zero.
    await advanceEpochs(2);
    const out = await getActiveSetProof(registry, { pid, epoch: await epochNow() });
    expect(out).toMatchObject({ active: false, verified: true, leafMatchesInputs: true });
    const stillIn = await getActiveSetProof(registry, { pid, epoch: (await epochNow()) - 1n });
    expect(stillIn).toMatchObject({ active: true, verified: true });

    await advanceEpochs(2);
    const before = await token.balanceOf(operator.address);
    const result = await withdraw(as(operator), { pid });
    expect(result).toMatchObject({ amount: parseEther("1500"), operator: operator.address });
    expect(await token.balanceOf(operator.address)).toBe(before + parseEther("1500"));
    expect((await getNodeStatus(registry, { pid })).node.status).toBe("Exited");
  });

  it("undelegate, then withdrawDelegation after the unbonding period", async () => {
    const part = await undelegate(as(delegator), { pid, amount: parseEther("50") });
    expect(part.amount).toBe(parseEther("50"));
    const rest = await undelegate(as(delegator), { pid, amount: "all" });
    expect(rest.amount).toBe(parseEther("200"));
    await reverts(undelegate(as(delegator), { pid, amount: 1n }), "NodeRegistry__InsufficientDelegation");
    const locked = await reverts(withdrawDelegation(as(delegator), { pid }), "NodeRegistry__DelegationLocked");
    expect(locked.args.allowedFromEpoch).toBe(rest.withdrawableEpoch);
    await advanceEpochs(Number(rest.withdrawableEpoch - (await epochNow())));
    const before = await token.balanceOf(delegator.address);
    const { amount } = await withdrawDelegation(as(delegator), { pid });
    expect(amount).toBe(parseEther("250"));
    expect(await token.balanceOf(delegator.address)).toBe(before + amount);
    await reverts(withdrawDelegation(as(delegator), { pid }), "NodeRegistry__NothingToWithdraw");
  });

  it("every replayed state matches the root the registry recorded for it", async () => {
    const updates = await getActiveSetLeafUpdates(registry, { fromBlock: deploymentBlock });
    expect(updates.length).toBeGreaterThanOrEqual(4);
    const epoch = await epochNow();
    for (let e = 0n; e <= epoch + 1n; e++) {
      const root = await registry.activeSetRootAt(e);
      const proof = await getActiveSetProof(registry, { pid, epoch: e });
      expect(proof.root).toBe(root);
      expect(verifyActiveSetProof(proof)).toBe(true);
      expect(proof.leaf).toBe(await registry.leafAt(pid, e));
    }
  });

  it("getSeed reads σ for each role, the same σ EpochStart announced", async () => {
    const epoch = await enterEpochWithSeed();
    expect(await epochNow()).toBe(epoch);
    const [event] = await registry.queryFilter(registry.filters.EpochStart(epoch));
    const epochSeed = await getSeed(beacon, { epoch });
    expect(epochSeed).toMatchObject({ epoch, slot: epoch * 32n, role: 0, roleName: "epoch", alpha: null });
    expect(epochSeed.seed).toBe(event.args.seed);
    const slot = epoch * 32n + 5n;
    const sequencer = await getSeed(beacon, { epoch, slot, role: "sequencer" });
    expect(sequencer.seed).toBe(await beacon.seedFor(epoch, slot, 1));
    expect(sequencer.alpha).toBe(`${sequencer.seed}${Buffer.from("SEQUENCER").toString("hex")}`);
    const prover = await getSeed(beacon, { epoch, role: 2 });
    expect(prover.alpha?.endsWith(Buffer.from("PROVER").toString("hex"))).toBe(true);
    expect(new Set([epochSeed.seed, sequencer.seed, prover.seed]).size).toBe(3);
    await reverts(getSeed(beacon, { epoch, slot: 0n, role: "sequencer" }), "SeedBeacon__SlotNotInEpoch");
    const future = await reverts(getSeed(beacon, { epoch: epoch + 10n }), "SeedBeacon__SeedNotFixed");
    expect(future.args.fixedAfter).toBe(await beacon.seedFixedAfter(epoch + 10n));
    await expect(getSeed(beacon, { epoch, role: "validator" as never })).rejects.toBeInstanceOf(InvalidParameterError);
  });

  it("faucet mints test tokens once per cooldown", async () => {
    const fresh = Wallet.createRandom(provider);
    await (await deployer.sendTransaction({ to: fresh.address, value: parseEther("1") })).wait();
    const result = await faucet(token.connect(fresh));
    expect(result.amount).toBe(REGISTRY_DEFAULTS.faucetAmount);
    expect(result.balance).toBe(REGISTRY_DEFAULTS.faucetAmount);
    const cooldown = await reverts(faucet(token.connect(fresh)), "StakeToken__FaucetCooldown");
    expect(cooldown.args).toEqual({ account: fresh.address, availableAt: result.availableAt });
  });

  it("deployRegistry keeps its admin until a slasher is bound; with slasher it binds it and renounces", async () => {
    const adminRole = await registry.DEFAULT_ADMIN_ROLE();
    expect(await registry.hasRole(adminRole, deployer.address)).toBe(true);
    expect(await registry.slasher()).toBe(ZeroAddress);
    const bound = await deployRegistry(deployer, { slasher: relayer.address });
    expect(bound.adminRenounced).toBe(true);
    expect(await bound.registry.slasher()).toBe(relayer.address);
    expect(await bound.registry.hasRole(adminRole, deployer.address)).toBe(false);
    const kept = await deployRegistry(deployer, { slasher: relayer.address, keepAdmin: true });
    expect(kept.adminRenounced).toBe(false);
    expect(await kept.registry.hasRole(adminRole, deployer.address)).toBe(true);
    await expect(
      deployRegistry(deployer, { slasher: relayer.address, admin: operator.address }),
    ).rejects.toBeInstanceOf(InvalidParameterError);
  });

  it("a deployment without funds fails with the node's reason", async () => {
    const error = await deployRegistry(Wallet.createRandom(provider)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractCallError);
    expect((error as ContractCallError).shortMessage).toMatch(/^StakeToken deployment failed: .*funds/);
  });
});
