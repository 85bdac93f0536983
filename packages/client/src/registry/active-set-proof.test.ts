// Reading the registry's leaf changes in block ranges that RPC endpoints accept, against a fake registry whose
// "endpoint" refuses wide eth_getLogs ranges like public ones do.
import { describe, expect, it } from "vitest";
import { ContractCallError, InvalidParameterError } from "../errors";
import type { INodeRegistry } from "../typechain";
import { DEFAULT_LOG_BLOCK_RANGE, getActiveSetLeafUpdates } from "./active-set-proof";

interface FakeEvent {
  blockNumber: number;
  index: number;
  args: { pid: string; leafIndex: bigint; leaf: string; root: string };
}

/** A registry with one leaf change every `every` blocks up to `latest`, whose RPC allows at most `limit` blocks. */
function fakeRegistry(latest: number, limit: number, every = 1000) {
  const requests: Array<[number, number]> = [];
  const events: FakeEvent[] = [];
  for (let block = every; block <= latest; block += every) {
    const hex = block.toString(16).padStart(64, "0");
    events.push({
      blockNumber: block,
      index: 0,
      args: { pid: `0x${hex}`, leafIndex: 0n, leaf: `0x${hex}`, root: `0x${hex}` },
    });
  }
  const registry = {
    runner: { provider: { getBlockNumber: async () => latest, getBlock: async () => null } },
    filters: { ActiveSetLeafUpdated: () => "ActiveSetLeafUpdated" },
    async queryFilter(_filter: unknown, from: number, to: number) {
      requests.push([from, to]);
      if (typeof from !== "number" || typeof to !== "number") throw new Error("ranges must be block numbers");
      if (to - from + 1 > limit) throw new Error(`query exceeds the maximum block range of ${limit}`);
      return events.filter((e) => e.blockNumber >= from && e.blockNumber <= to).reverse();
    },
  };
  return { registry: registry as unknown as INodeRegistry, requests, events };
}

describe("getActiveSetLeafUpdates", () => {
  it("reads a long range in requests of at most 10,000 blocks by default", async () => {
    const { registry, requests, events } = fakeRegistry(25_000, DEFAULT_LOG_BLOCK_RANGE);
    const updates = await getActiveSetLeafUpdates(registry, { fromBlock: 100 });
    expect(requests).toEqual([
      [100, 10_099],
      [10_100, 20_099],
      [20_100, 25_000],
    ]);
    expect(updates.map((u) => u.blockNumber)).toEqual(events.map((e) => e.blockNumber));
  });

  it("reports its progress after each request", async () => {
    const { registry } = fakeRegistry(25_000, DEFAULT_LOG_BLOCK_RANGE);
    const seen: Array<[number, number, number, number]> = [];
    await getActiveSetLeafUpdates(registry, {
      fromBlock: 100,
      onProgress: (p) => seen.push([p.fromBlock, p.toBlock, p.readTo, p.updates]),
    });
    expect(seen).toEqual([
      [100, 25_000, 10_099, 10],
      [100, 25_000, 20_099, 20],
      [100, 25_000, 25_000, 25],
    ]);
  });

  it("takes the range per request and the last block as options", async () => {
    const { registry, requests } = fakeRegistry(25_000, 2_000);
    await expect(getActiveSetLeafUpdates(registry, { fromBlock: 0 })).rejects.toThrow(ContractCallError);
    requests.length = 0;
    const updates = await getActiveSetLeafUpdates(registry, { fromBlock: "0x0", blockRange: 2_000, toBlock: 5_000 });
    expect(requests).toEqual([
      [0, 1_999],
      [2_000, 3_999],
      [4_000, 5_000],
    ]);
    expect(updates.map((u) => u.blockNumber)).toEqual([1000, 2000, 3000, 4000, 5000]);
    expect(updates[0]).toMatchObject({ leafIndex: 0, logIndex: 0, pid: `0x${(1000).toString(16).padStart(64, "0")}` });
  });

  it("reads nothing when the first block is after the last", async () => {
    const { registry, requests } = fakeRegistry(50, 10);
    expect(await getActiveSetLeafUpdates(registry, { fromBlock: 51 })).toEqual([]);
    expect(requests).toEqual([]);
  });

  it("refuses a bad block or range before sending anything", async () => {
    const { registry, requests } = fakeRegistry(50, 10);
    await expect(getActiveSetLeafUpdates(registry, { fromBlock: -1 })).rejects.toThrow(InvalidParameterError);
    await expect(getActiveSetLeafUpdates(registry, { fromBlock: 0, blockRange: 0 })).rejects.toThrow(
      "blockRange must be a positive integer, got 0",
    );
    await expect(getActiveSetLeafUpdates(registry, { fromBlock: "safe" })).rejects.toThrow('there is no block "safe"');
    expect(requests).toEqual([]);
  });
});
