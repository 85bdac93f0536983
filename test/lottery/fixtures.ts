// Fixtures for the lottery contract tests: a registry with active nodes, seeds, and VRF entries built with
// @blockage/vrf.
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { prove, proofToHash, toVerifierInput } from "@blockage/vrf";
import type { Lottery__factory, NodeRegistry, SeedBeacon } from "../../packages/client/src/typechain";
import {
  BOTH,
  E18,
  EPOCH_DURATION,
  EPOCH_SLOTS,
  MIN_STAKE,
  PROVER,
  SEQUENCER,
  SLOT_DURATION,
  commKeyOf,
  type FixtureOptions,
  deployRegistry,
  factory,
  pidOf,
  popOf,
  saltOf,
  vrfKeyOf,
  vrfSecretOf,
} from "../registry/helpers";

export const SUITE = "ECVRF-SECP256K1-SHA256-TAI" as const;
export const DEFAULT_PARAMS = { alpha: E18, beta: 3n * 10n ** 17n, gamma: 4n * 10n ** 16n, ageCap: 256n };

/** A registered test node: test key `key`, operated by `operator` with salt `saltOf(key)`. */
export interface TestNode {
  key: number;
  operator: Awaited<ReturnType<typeof ethers.getSigners>>[number];
  salt: string;
  pid: string;
  stake: bigint;
  roles: number;
}

/** The nodes of `lotteryFixture`: stakes and roles differ so that weights and eligibility differ. */
export const NODE_SPECS = [
  { key: 11, stake: MIN_STAKE, roles: BOTH },
  { key: 12, stake: 2n * MIN_STAKE, roles: SEQUENCER },
  { key: 13, stake: 3n * MIN_STAKE, roles: PROVER },
  { key: 14, stake: 5n * MIN_STAKE, roles: BOTH },
] as const;

/** Registers test key `key` for `operator` (signer index) with `stake` and `roles`. */
export async function registerNode(
  f: Awaited<ReturnType<typeof deployRegistry>>,
  signerIndex: number,
  key: number,
  stake: bigint,
  roles: number,
): Promise<TestNode> {
  const operator = f.signers[signerIndex];
  const salt = saltOf(key);
  const possession = await popOf(f.registry, operator.address, salt, key);
  await f.registry.connect(operator).register(salt, stake, vrfKeyOf(key), possession, commKeyOf(key), roles);
  return { key, operator, salt, pid: pidOf(operator.address, salt), stake, roles };
}

/**
 * A registry whose four nodes (signers 2..5) register in epoch 0 and activate in epoch 1, so they are Active in the
 * lottery from epoch 3; a fifth node (signer 6) stays Pending. Two lotteries: VRF-only and with commit-reveal.
 *
 * @param options - `bindSlasher: false` leaves the registry's slasher unbound (for a fixture that binds a Rollup).
 */
export async function lotteryFixture(options: Pick<FixtureOptions, "bindSlasher"> = {}) {
  const f = await deployRegistry(options);
  const nodes: TestNode[] = [];
  for (const [i, spec] of NODE_SPECS.entries())
    nodes.push(await registerNode(f, 2 + i, spec.key, spec.stake, spec.roles));
  const pending = await registerNode(f, 6, 15, MIN_STAKE, BOTH);

  await time.setNextBlockTimestamp(f.genesis + EPOCH_DURATION);
  for (const node of nodes) await f.registry.connect(node.operator).activate(node.pid);

  const lotteryFactory = await factory<Lottery__factory>("Lottery");
  const registryAddress = await f.registry.getAddress();
  const lottery = await lotteryFactory.deploy(registryAddress, DEFAULT_PARAMS, false);
  const commitReveal = await lotteryFactory.deploy(registryAddress, DEFAULT_PARAMS, true);
  return { ...f, nodes, pending, lottery, commitReveal, lotteryFactory };
}

/**
 * Moves into epoch `epoch` the way a live chain does: a poke inside its seed window (so it has a seed), then its
 * first registry transaction at the start of the epoch.
 */
export async function enterEpoch(registry: NodeRegistry, beacon: SeedBeacon, epoch: bigint): Promise<void> {
  await time.setNextBlockTimestamp((await beacon.seedFixedAfter(epoch)) - 60n);
  await beacon.poke();
  await time.setNextBlockTimestamp(await beacon.epochStart(epoch));
  await registry.rollEpoch();
}

/** Sets the next block's timestamp inside absolute slot `slot` (after the latest block). */
export async function inSlot(genesis: bigint, slot: bigint): Promise<void> {
  const start = genesis + slot * SLOT_DURATION;
  const latest = BigInt(await time.latest());
  const next = latest + 1n > start ? latest + 1n : start;
  if (next >= start + SLOT_DURATION) throw new Error(`slot ${slot} is over`);
  await time.setNextBlockTimestamp(next);
}

export const firstSlotOf = (epoch: bigint): bigint => epoch * EPOCH_SLOTS;

/** A VRF entry of test key `key` for `σ ‖ domain`: the contract arguments and the output beta. */
export function vrfEntry(key: number, sigma: string, domain: "SEQUENCER" | "PROVER" | "CHUNK") {
  const alpha = ethers.getBytes(ethers.concat([sigma, ethers.toUtf8Bytes(domain)]));
  const sk = ethers.getBytes(vrfSecretOf(key));
  const pi = prove(SUITE, sk, alpha);
  const [, proof, , hints] = toVerifierInput(ethers.getBytes(vrfKeyOf(key)), pi, alpha);
  return { proof, hints, beta: ethers.hexlify(proofToHash(SUITE, pi)) };
}
