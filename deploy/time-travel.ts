// Moving a local Hardhat chain through rollup epochs, shared by the integration tests, benchmarks and local runs.
import type { JsonRpcProvider } from "ethers";
import type { INodeRegistry, ISeedBeacon } from "@blockage/client";

/** Moves the chain's clock forward by whole epochs (of the beacon's length) and mines a block. */
export async function advanceEpochs(provider: JsonRpcProvider, beacon: ISeedBeacon, epochs: number): Promise<void> {
  await provider.send("evm_increaseTime", [epochs * Number(await beacon.epochDuration())]);
  await provider.send("evm_mine", []);
}

/**
 * Moves into a later epoch (at least `atLeast`) the way a live chain would: a poke inside the epoch's seed window (the
 * beacon needs a snapshot there, and a time jump would skip it), then the epoch's first registry transaction
 * (`EpochStart`).
 *
 * @returns The epoch entered.
 */
export async function enterEpochWithSeed(
  provider: JsonRpcProvider,
  registry: INodeRegistry,
  beacon: ISeedBeacon,
  atLeast = 0n,
): Promise<bigint> {
  const now = BigInt((await provider.getBlock("latest"))!.timestamp);
  let epoch = (await registry.currentEpoch()) + 1n;
  if (epoch < atLeast) epoch = atLeast;
  while ((await beacon.seedFixedAfter(epoch)) - 60n <= now) epoch++;
  await provider.send("evm_setNextBlockTimestamp", [Number((await beacon.seedFixedAfter(epoch)) - 60n)]);
  await (await beacon.poke()).wait();
  await provider.send("evm_setNextBlockTimestamp", [Number((await beacon.epochStart(epoch)) + 1n)]);
  await (await registry.rollEpoch()).wait();
  return epoch;
}
