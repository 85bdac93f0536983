import { describe, expect, it } from "vitest";
import { hexlify } from "ethers";
import { useLocalBeacon } from "../../test/local-beacon";
import { reverts } from "../../test/reverts";
import { InvalidParameterError } from "../errors";
import { getSeed, getSeedInputs, lotteryAlpha } from "./seed";

describe("lotteryAlpha", () => {
  const seed = `0x${"a1".repeat(32)}`;

  it("is σ's 32 raw bytes followed by the ASCII role", () => {
    expect(hexlify(lotteryAlpha(seed, "SEQUENCER"))).toBe(`${seed}${Buffer.from("SEQUENCER").toString("hex")}`);
    expect(hexlify(lotteryAlpha(seed, "PROVER"))).toBe(`${seed}${Buffer.from("PROVER").toString("hex")}`);
    expect(lotteryAlpha(seed, "SEQUENCER")).toHaveLength(41);
    expect(lotteryAlpha(seed, "PROVER")).toHaveLength(38);
    // A Cooperative rollup's chunk tickets: the chunk's seed ‖ "CHUNK".
    expect(hexlify(lotteryAlpha(seed, "CHUNK"))).toBe(`${seed}${Buffer.from("CHUNK").toString("hex")}`);
    expect(lotteryAlpha(seed, "CHUNK")).toHaveLength(37);
  });

  it("refuses a seed that is not 32 bytes and unknown roles", () => {
    expect(() => lotteryAlpha("0x1234", "PROVER")).toThrow(InvalidParameterError);
    expect(() => lotteryAlpha(seed, "sequencer" as never)).toThrow(/SEQUENCER/);
  });
});

describe("getSeed and getSeedInputs against a local chain", () => {
  const local = useLocalBeacon();

  it("flag the fallback seed of an epoch whose window got no poke, the σ the beacon gives", async () => {
    // A poke inside epoch 2's window, none inside epoch 3's.
    await local.provider.send("evm_setNextBlockTimestamp", [Number((await local.beacon.seedFixedAfter(2n)) - 10n)]);
    const anchor = await (await local.beacon.poke()).wait();
    await local.provider.send("evm_setNextBlockTimestamp", [Number((await local.beacon.seedFixedAfter(3n)) + 1n)]);
    await local.provider.send("evm_mine", []);

    const normal = await getSeed(local.beacon, { epoch: 2n, role: "prover" });
    expect(normal).toMatchObject({
      epoch: 2n,
      slot: 64n,
      isFallback: false,
      seed: await local.beacon.seedFor(2n, 64n, 2),
    });
    expect((await getSeedInputs(local.beacon, { epoch: 2n })).isFallback).toBe(false);

    const fallback = await getSeed(local.beacon, { epoch: 3n, slot: 100n, role: "sequencer" });
    expect(fallback).toMatchObject({
      epoch: 3n,
      slot: 100n,
      isFallback: true,
      seed: await local.beacon.seedFor(3n, 100n, 1),
    });
    const inputs = await getSeedInputs(local.beacon, { epoch: 3n });
    const onChain = await local.beacon.seedInputs(3n);
    expect(inputs).toEqual({
      epoch: 3n,
      l1Epoch: onChain.l1Epoch,
      anchorBlock: BigInt(anchor!.blockNumber),
      isFallback: true,
      beaconRand: onChain.beaconRand,
      blockHash: onChain.blockHash,
    });
    const early = await reverts(getSeedInputs(local.beacon, { epoch: 10n }), "SeedBeacon__SeedNotFixed");
    expect(early.args.fixedAfter).toBe(await local.beacon.seedFixedAfter(10n));
  });
});
