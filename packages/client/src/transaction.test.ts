// Reading a receipt's events through the contract's TypeChain types: only the contract's own logs, of the name asked,
// in log order, with their arguments by name — and a clear error when the transaction emitted none.
import { getAddress, type ContractTransactionReceipt } from "ethers";
import { describe, expect, it } from "vitest";
import { ContractCallError } from "./errors";
import { refundPrunedFees } from "./rollup/prune";
import { receiptEvent, receiptEvents } from "./transaction";
import { ISeedBeacon__factory, Rollup__factory, type ISeedBeacon, type Rollup } from "./typechain";

const BEACON = getAddress(`0x${"be".repeat(20)}`);
const OTHER = getAddress(`0x${"0e".repeat(20)}`);
const ROLLUP = getAddress(`0x${"a1".repeat(20)}`);
const PAYER = getAddress(`0x${"fa".repeat(20)}`);
const HASH = `0x${"11".repeat(32)}`;

const beaconInterface = ISeedBeacon__factory.createInterface();
const rollupInterface = Rollup__factory.createInterface();

/** A receipt holding the given logs, each `[emitter, encoded event]`. */
function receiptOf(logs: Array<[string, { data: string; topics: string[] }]>): ContractTransactionReceipt {
  return {
    hash: HASH,
    logs: logs.map(([address, log], index) => ({ address, index, ...log })),
  } as unknown as ContractTransactionReceipt;
}

const beacon = { target: BEACON, interface: beaconInterface } as unknown as ISeedBeacon;
const seedFixed = (fromEpoch: bigint, toEpoch: bigint, isFallback: boolean) =>
  beaconInterface.encodeEventLog("SeedFixed", [fromEpoch, toEpoch, 7n, 70n, `0x${"5e".repeat(32)}`, HASH, isFallback]);

describe("receiptEvents", () => {
  it("decodes the contract's own events of one name, in log order, with named arguments", () => {
    const receipt = receiptOf([
      [BEACON, seedFixed(1n, 2n, false)],
      [OTHER, seedFixed(9n, 9n, true)], // the same event from another contract
      [BEACON, beaconInterface.encodeEventLog("Poked", [3n, HASH, HASH])],
      [BEACON, seedFixed(3n, 3n, true)],
    ]);
    const fixed = receiptEvents(beacon, receipt, "SeedFixed");
    expect(fixed.map((event) => [event.args.fromEpoch, event.args.toEpoch, event.args.isFallback])).toEqual([
      [1n, 2n, false],
      [3n, 3n, true],
    ]);
    expect(receiptEvents(beacon, receipt, "Poked")).toHaveLength(1);
  });

  it("receiptEvent returns the single event, or names the missing one", () => {
    const receipt = receiptOf([[BEACON, seedFixed(1n, 2n, false)]]);
    expect(receiptEvent(beacon, receipt, "SeedFixed").args.toEpoch).toBe(2n);
    expect(() => receiptEvent(beacon, receipt, "Poked")).toThrow(ContractCallError);
    expect(() => receiptEvent(beacon, receipt, "Poked")).toThrow(`transaction ${HASH} emitted no Poked event`);
  });
});

describe("refundPrunedFees", () => {
  it("reports whoever escrowed the fees, from FeesRefunded", async () => {
    const receipt = receiptOf([[ROLLUP, rollupInterface.encodeEventLog("FeesRefunded", [7n, PAYER, 5n])]]);
    const sent: bigint[] = [];
    const rollup = {
      target: ROLLUP,
      interface: rollupInterface,
      runner: { provider: null, sendTransaction: async () => null, getAddress: async () => OTHER },
      async refundPrunedFees(blockNumber: bigint) {
        sent.push(blockNumber);
        return { hash: HASH, gasLimit: 100_000n, wait: async () => receipt };
      },
    } as unknown as Rollup;
    const refund = await refundPrunedFees(rollup, { blockNumber: 7 });
    expect(sent).toEqual([7n]);
    expect(refund).toEqual({ blockNumber: 7n, payer: PAYER, amount: 5n, receipt });
  });
});
