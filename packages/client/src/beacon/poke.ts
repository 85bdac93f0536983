import type { ContractTransactionReceipt } from "ethers";
import { receiptEvents, readContract, sendTransaction, signerOf, sendWithEpochHeadroom } from "../registry/transaction";
import type { ISeedBeacon } from "../typechain";

/** Result of {@link pokeBeacon}. */
export interface PokeBeaconReturnType {
  /** Whether this transaction stored a snapshot (false when the block already had one). */
  stored: boolean;
  /** Rollup epochs whose seed inputs this poke recorded, as `[fromEpoch, toEpoch]` runs. */
  fixedEpochs: Array<[bigint, bigint]>;
  /** Snapshots stored so far. */
  snapshotCount: bigint;
  /** The poke's receipt. */
  receipt: ContractTransactionReceipt;
}

/**
 * Stores this block's `prevrandao` and parent hash in the seed beacon. An epoch has a seed only if something was
 * poked inside its seed window, so keepers (and nodes that want the lottery to run) poke at least once per window;
 * poking every L1 block keeps an adversary's say in the seed to its own blocks.
 *
 * @param beacon - The seed beacon, connected to the keeper's signer.
 * @returns Whether a snapshot was stored, which epochs' seeds it fixed, and the receipt.
 * @throws {ContractRevertError | ContractCallError} If the transaction fails.
 * @example
 * const { stored } = await pokeBeacon(beacon.connect(keeper));
 */
export async function pokeBeacon(beacon: ISeedBeacon): Promise<PokeBeaconReturnType> {
  signerOf(beacon, "poke");
  const receipt = await sendTransaction("poke", () => sendWithEpochHeadroom(beacon.poke, []));
  const stored = receiptEvents(beacon, receipt, "Poked").length > 0;
  const fixedEpochs = receiptEvents(beacon, receipt, "SeedFixed").map(
    (event) => [event.args.fromEpoch as bigint, event.args.toEpoch as bigint] as [bigint, bigint],
  );
  const snapshotCount = await readContract("SeedBeacon.snapshotCount", () => beacon.snapshotCount());
  return { stored, fixedEpochs, snapshotCount, receipt };
}
