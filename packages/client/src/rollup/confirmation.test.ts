// When an L1 block counts as final: the `finalized` tag or a number of confirmations, against a fake provider.
import type { Provider } from "ethers";
import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../errors";
import { isL1BlockFinal } from "./confirmation";

/** A provider whose latest block is `latest` and whose finalized block is `finalized`. */
const providerAt = (latest: number, finalized: number) =>
  ({
    getBlockNumber: async () => latest,
    getBlock: async (tag: string) => (tag === "finalized" ? { number: finalized } : null),
  }) as unknown as Provider;

describe("isL1BlockFinal", () => {
  const provider = providerAt(100, 90);

  it("follows the finalized tag", async () => {
    expect(await isL1BlockFinal(provider, { blockNumber: 90, finality: "finalized" })).toBe(true);
    expect(await isL1BlockFinal(provider, { blockNumber: 91, finality: "finalized" })).toBe(false);
  });

  it("counts the block itself as its first confirmation", async () => {
    expect(await isL1BlockFinal(provider, { blockNumber: 89, finality: { confirmations: 12 } })).toBe(true);
    expect(await isL1BlockFinal(provider, { blockNumber: 90, finality: { confirmations: 12 } })).toBe(false);
  });

  it("refuses a malformed block number or rule", async () => {
    await expect(isL1BlockFinal(provider, { blockNumber: -1, finality: "finalized" })).rejects.toThrow(
      InvalidParameterError,
    );
    await expect(isL1BlockFinal(provider, { blockNumber: 1.5, finality: "finalized" })).rejects.toThrow(
      "blockNumber must be a non-negative integer, got 1.5",
    );
    await expect(isL1BlockFinal(provider, { blockNumber: 1, finality: { confirmations: 0 } })).rejects.toThrow(
      "finality.confirmations must be a positive integer, got 0",
    );
  });
});
