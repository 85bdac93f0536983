/**
 * `npm run bench` (second part): gas of every NodeRegistry and SeedBeacon operation with 10 and with 10,000 nodes
 * registered and active, on the Hardhat network. Writes bench/registry.json as
 * `{ "<operation>": { "n10": gas, "n10000": gas } }` (other tooling reads these keys).
 *
 * How: for each size a fresh token/beacon/registry is deployed and filled with that many real nodes (registered and
 * activated through `BenchNodeBatch`, a benchmark-only contract). Then the same script runs for both sizes on 16
 * fresh nodes per operation, each operation in the same epoch position, and the figure is the mean `gasUsed` of
 * the 16 receipts (views: `estimateGas` of a call). Averaging over 16 consecutive leaves matters for the tree: a
 * new leaf at index i first writes `trailing zeros of i` + 1 empty tree slots, so a single activation's gas depends
 * on where its leaf falls (index 10 vs 10000), while its mean over 16 consecutive leaves does not.
 * Every measured registry operation runs early in its epoch, outside every seed window; inside one, the first
 * registry transaction of a block also stores the block's beacon snapshot, which `rollEpochIdleInWindow` measures
 * against `rollEpochIdle` (a rollEpoch with nothing to begin, outside a window).
 */
import fs from "node:fs";
import path from "node:path";
import { ethers, network } from "hardhat";
import type { ContractTransactionResponse, Signer } from "ethers";
import {
  DELEGATE_TYPES,
  JOIN_TYPES,
  LEAVE_TYPES,
  hashVrfKeyPossession,
  registryDomain,
  type NodeRegistry,
  type SeedBeacon,
  type StakeToken,
} from "@blockage/client";

const E18 = 10n ** 18n;
const MIN_STAKE = 1000n * E18;
const SLOT = 12n;
const SLOTS = 32n;
const EPOCH = SLOT * SLOTS;
const K = 16;
const SIZES = [10, 10_000] as const;
const RATIO_TARGET = 1.15;
const BATCH = 60;
/** The beacon's lookback and mixing window, in seconds (8 and 16 L1 blocks of 12 s). */
const LOOKBACK = 8n * 12n;
const WINDOW = 16n * 12n;

type Figures = Record<string, number>;

const vrfSecret = (i: number) => ethers.id(`bench node ${i}`);
const vrfKey = (i: number) => ethers.SigningKey.computePublicKey(vrfSecret(i), true);

async function setTime(t: bigint): Promise<void> {
  await network.provider.send("evm_setNextBlockTimestamp", [ethers.toQuantity(t)]);
}

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await tx).wait();
  return Number(receipt!.gasUsed);
}

const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);

async function measure(size: number): Promise<Figures> {
  const signers = await ethers.getSigners();
  const [admin, rollup, relayer, delegator] = signers;
  const operators = signers.slice(4, 4 + K);
  const token = (await (
    await ethers.getContractFactory("StakeToken")
  ).deploy(admin.address, 0, 0)) as unknown as StakeToken;
  const beacon = (await (
    await ethers.getContractFactory("SeedBeacon")
  ).deploy(0, SLOT, SLOTS, LOOKBACK / 12n, WINDOW / 12n, 12)) as unknown as SeedBeacon;
  const registry = (await (
    await ethers.getContractFactory("NodeRegistry")
  ).deploy({
    stakeToken: await token.getAddress(),
    beacon: await beacon.getAddress(),
    admin: admin.address,
    minStake: MIN_STAKE,
    entryDelayEpochs: 1,
    unbondingPeriodEpochs: 2,
    ageCap: 256,
  })) as unknown as NodeRegistry;
  await registry.grantRole(await registry.ROLLUP_ROLE(), rollup.address);
  const registryAddress = await registry.getAddress();
  const genesis = await beacon.genesisTime();
  const at = (epoch: bigint, offset = 0n) => genesis + epoch * EPOCH + offset;
  const latest = async () => BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  let clock = 0n;
  /** Each measured transaction gets its own block, one second after the last, so its epoch is known. */
  const tick = async () => {
    const last = await latest();
    clock = (clock > last ? clock : last) + 1n;
    await setTime(clock);
  };
  /** Jumps to `offset` seconds into `epoch` (never backwards), after a keeper's poke inside its seed window. */
  const goTo = async (epoch: bigint, offset = 10n) => {
    const keeper = at(epoch) - LOOKBACK - 10n;
    if (keeper > (await latest())) {
      await setTime(keeper);
      await beacon.poke();
    }
    const last = await latest();
    clock = at(epoch, offset) > last ? at(epoch, offset) : last;
  };
  /** The figures are of operations outside every seed window (see the header): checks the latest block is. */
  const outsideWindows = async (what: string) => {
    if (await beacon.inSeedWindow())
      throw new Error(`${what} ran into a seed window: spread the bench over more epochs`);
  };
  await goTo(0n, 10n);

  // ---- fill the registry with `size` real nodes, registered in epoch 0 and activated in epoch 1
  const batch = await (
    await ethers.getContractFactory("BenchNodeBatch")
  ).deploy(registryAddress, await token.getAddress());
  const batchAddress = await batch.getAddress();
  await token.mint(batchAddress, BigInt(size) * MIN_STAKE);
  const domain = registryDomain((await ethers.provider.getNetwork()).chainId, registryAddress);
  /** The VRF key's proof of possession for `pid`, signed with the key's secret. */
  const proofOf = (pid: string, i: number) =>
    new ethers.SigningKey(vrfSecret(i)).sign(hashVrfKeyPossession(domain, { pid, vrfKey: vrfKey(i) })).serialized;
  const batchPid = (i: number) =>
    ethers.keccak256(
      ethers.AbiCoder.defaultAbiCoder().encode(["address", "bytes32"], [batchAddress, ethers.toBeHex(i, 32)]),
    );
  /**
   * Like `tick`, but jumps over seed windows, poking the beacon once inside as `goTo`'s keeper does: a registry call
   * inside a window stores its block's beacon snapshot, and the beacon must see the same snapshots whatever the
   * size, or the figures that read or write its ring buffer would differ between the sizes. The window of epoch e + 1
   * is epoch e's offsets (EPOCH − lookback − window, EPOCH − lookback]; the out-of-window seconds of epochs 0 and 1
   * hold about 180 fill batches each.
   */
  const fillTick = async () => {
    await tick();
    const offset = (clock - genesis) % EPOCH;
    if (offset > EPOCH - LOOKBACK - WINDOW && offset <= EPOCH - LOOKBACK) {
      const cutoff = clock - offset + EPOCH - LOOKBACK;
      await setTime(cutoff - 10n);
      await beacon.poke();
      clock = cutoff + 1n;
      await setTime(clock);
    }
  };
  for (let first = 0; first < size; first += BATCH) {
    const proofs = [];
    for (let i = first; i < Math.min(first + BATCH, size); i++) proofs.push(proofOf(batchPid(i), 0));
    await fillTick();
    await batch.registerMany(first, MIN_STAKE, vrfKey(0), proofs);
  }
  await goTo(1n);
  for (let first = 0; first < size; first += BATCH) {
    await fillTick();
    await batch.activateMany(first, Math.min(BATCH, size - first));
  }
  if ((await registry.nodeCount()) !== BigInt(size)) throw new Error("filling the registry failed");
  process.stderr.write(`  ${size} nodes registered and active\n`);

  for (const s of [...operators, relayer, delegator]) {
    await token.mint(s.address, 100_000n * E18);
    await token.connect(s).approve(registryAddress, ethers.MaxUint256);
  }
  const deadline = at(100n);
  const salt = (i: number) => ethers.zeroPadValue(ethers.toBeHex(i + 1), 32);
  const pid = (op: Signer & { address: string }, i: number) => registry.pidOf(op.address, salt(i));
  const g: Record<string, number[]> = {};
  const record = (name: string, gas: number) => (g[name] ??= []).push(gas);

  // ---- epoch 2: register K nodes directly and K by signature (salts 0 and 1 of each operator)
  await goTo(2n);
  await tick();
  record("rollEpoch", await gasOf(registry.rollEpoch()));
  for (let i = 0; i < K; i++) {
    await tick();
    record(
      "register",
      await gasOf(
        registry
          .connect(operators[i])
          .register(
            salt(0),
            MIN_STAKE,
            vrfKey(i + 1),
            proofOf(await pid(operators[i], 0), i + 1),
            ethers.id(`c${i}`),
            3,
          ),
      ),
    );
  }
  for (let i = 0; i < K; i++) {
    const op = operators[i];
    const join = {
      operator: op.address,
      salt: salt(1),
      stake: 2n * MIN_STAKE, // stays above the minimum after the slash below
      vrfKey: vrfKey(100 + i),
      commKey: ethers.id(`d${i}`),
      roles: 3,
      nonce: await registry.nonces(op.address),
      deadline,
    };
    const signature = await op.signTypedData(domain, JOIN_TYPES, join);
    await tick();
    record(
      "registerWithSignature",
      await gasOf(registry.connect(relayer).registerWithSignature(join, proofOf(await pid(op, 1), 100 + i), signature)),
    );
  }

  // ---- epoch 3: activate, stake, keys
  await goTo(3n);
  await tick();
  await registry.rollEpoch();
  for (let i = 0; i < K; i++) {
    await tick();
    record("activate", await gasOf(registry.connect(operators[i]).activate(await pid(operators[i], 0))));
  }
  for (let i = 0; i < K; i++) {
    await tick();
    await registry.connect(operators[i]).activate(await pid(operators[i], 1));
  }
  for (let i = 0; i < K; i++) {
    await tick();
    record(
      "increaseStake",
      await gasOf(registry.connect(operators[i]).increaseStake(await pid(operators[i], 0), 10n * E18)),
    );
  }
  for (let i = 0; i < K; i++) {
    await tick();
    record(
      "rotateKeys",
      await gasOf(
        registry
          .connect(operators[i])
          .rotateKeys(
            await pid(operators[i], 0),
            vrfKey(200 + i),
            proofOf(await pid(operators[i], 0), 200 + i),
            ethers.id(`e${i}`),
          ),
      ),
    );
  }

  await outsideWindows("epoch 3");

  // ---- epoch 4: delegation and slashing (a separate epoch, so that no operation runs into epoch 5's seed window)
  await goTo(4n);
  await tick();
  await registry.rollEpoch();
  for (let i = 0; i < K; i++) {
    await tick();
    record("delegate", await gasOf(registry.connect(delegator).delegate(await pid(operators[i], 0), 100n * E18)));
  }
  for (let i = 0; i < K; i++) {
    const d = {
      delegator: delegator.address,
      validatorPid: await pid(operators[i], 1),
      amount: 100n * E18,
      nonce: await registry.nonces(delegator.address),
      deadline,
    };
    const signature = await delegator.signTypedData(domain, DELEGATE_TYPES, d);
    await tick();
    record("delegateWithSignature", await gasOf(registry.connect(relayer).delegateWithSignature(d, signature)));
  }
  for (let i = 0; i < K; i++) {
    await tick();
    record("undelegate", await gasOf(registry.connect(delegator).undelegate(await pid(operators[i], 0), 40n * E18)));
  }
  for (let i = 0; i < K; i++) {
    await tick();
    record(
      "slash",
      await gasOf(registry.connect(rollup).slash(await pid(operators[i], 1), 5n * E18, ethers.id("bench"))),
    );
  }

  await outsideWindows("epoch 4");

  // ---- epoch 5: unbond directly and by signature; views
  await goTo(5n);
  await tick();
  await registry.rollEpoch();
  for (let i = 0; i < K; i++) {
    await tick();
    record("unbond", await gasOf(registry.connect(operators[i]).unbond(await pid(operators[i], 0))));
  }
  for (let i = 0; i < K; i++) {
    const op = operators[i];
    const leave = { pid: await pid(op, 1), epoch: 5n, nonce: await registry.nonces(op.address), deadline };
    const signature = await op.signTypedData(domain, LEAVE_TYPES, leave);
    await tick();
    record("unbondWithSignature", await gasOf(registry.connect(relayer).unbondWithSignature(leave, signature)));
  }
  for (let i = 0; i < K; i++) {
    const p = await pid(operators[i], 0);
    record("nodeAt", Number(await registry.nodeAt.estimateGas(p, 6n)));
    record("leafAt", Number(await registry.leafAt.estimateGas(p, 6n)));
    record("node", Number(await registry.node.estimateGas(p)));
    record("delegation", Number(await registry.delegation.estimateGas(p, delegator.address)));
  }
  record("activeSetRootAt", Number(await registry.activeSetRootAt.estimateGas(6n)));
  record("activeSetRoot", Number(await registry.activeSetRoot.estimateGas()));

  // ---- beacon: a poke in a block of its own, and seeds (recorded, and computed live before any poke records it)
  for (let i = 0; i < K; i++) {
    await tick();
    record("poke", await gasOf(beacon.poke()));
  }
  record("seedFor", Number(await beacon.seedFor.estimateGas(5n, 5n * SLOTS + 3n, 1)));
  await setTime(at(7n) - LOOKBACK - 10n); // a keeper's poke inside epoch 7's window
  await beacon.poke();
  clock = at(7n) - LOOKBACK + 5n; // past epoch 7's cutoff, no poke since
  await setTime(clock);
  await network.provider.send("evm_mine", []);
  record("seedForLive", Number(await beacon.seedFor.estimateGas(7n, 7n * SLOTS, 1)));
  await tick();
  record("pokeRecordingSeeds", await gasOf(beacon.poke()));

  // ---- epoch 9: withdrawals after the unbonding period
  await goTo(9n);
  await tick();
  await registry.rollEpoch();
  for (let i = 0; i < K; i++) {
    await tick();
    record("withdraw", await gasOf(registry.connect(operators[i]).withdraw(await pid(operators[i], 0))));
  }
  for (let i = 0; i < K; i++) {
    await tick();
    record(
      "withdrawDelegation",
      await gasOf(registry.connect(delegator).withdrawDelegation(await pid(operators[i], 0))),
    );
  }

  await outsideWindows("epoch 9");

  // ---- a registry call with nothing to begin, outside and then inside epoch 10's seed window (each in its own
  // block, so each inside the window stores that block's snapshot)
  for (let i = 0; i < K; i++) {
    await tick();
    record("rollEpochIdle", await gasOf(registry.rollEpoch()));
  }
  clock = at(10n) - LOOKBACK - 150n;
  for (let i = 0; i < K; i++) {
    await tick();
    record("rollEpochIdleInWindow", await gasOf(registry.rollEpoch()));
  }
  if (!(await beacon.inSeedWindow())) throw new Error("rollEpochIdleInWindow ran outside the seed window");

  return Object.fromEntries(Object.entries(g).map(([name, xs]) => [name, mean(xs)]));
}

async function main(): Promise<void> {
  const bySize: Record<number, Figures> = {};
  for (const size of SIZES) {
    process.stderr.write(`registry bench: ${size} nodes\n`);
    bySize[size] = await measure(size);
  }
  const out: Record<string, { n10: number; n10000: number }> = {};
  let worst = 0;
  console.log("gas per operation (mean of 16 receipts; views: estimateGas)   n10 → n10000   ratio");
  for (const name of Object.keys(bySize[10])) {
    const n10 = bySize[10][name];
    const n10000 = bySize[10_000][name];
    out[name] = { n10, n10000 };
    const ratio = n10000 / n10;
    worst = Math.max(worst, ratio);
    console.log(
      `  ${name.padEnd(24)} ${String(n10).padStart(8)} → ${String(n10000).padStart(8)}   ${ratio.toFixed(3)}`,
    );
  }
  console.log(
    `worst ratio ${worst.toFixed(3)} (target ≤ ${RATIO_TARGET}): ${worst <= RATIO_TARGET ? "met" : "MISSED"}`,
  );
  const file = path.resolve(__dirname, "registry.json");
  fs.writeFileSync(file, JSON.stringify(out, null, 2) + "\n");
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
  if (worst > RATIO_TARGET) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(`registry bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
