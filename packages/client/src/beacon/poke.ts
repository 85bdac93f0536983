import type { ContractTransactionReceipt } from "ethers";
import { receiptEvents, readContract, sendTransaction, signerOf, sendWithEpochHeadroom } from "../transaction";
import type { ISeedBeacon } from "../typechain";
import type { SeedFixedEvent } from "../typechain/contracts/interfaces/ISeedBeacon";

/** Result of {@link pokeBeacon}. */
export interface PokeBeaconReturnType {
  /** Whether this transaction stored a snapshot (false when the block already had one). */
  stored: boolean;
  /** Rollup epochs whose seed inputs this poke recorded, as `[fromEpoch, toEpoch]` runs. */
  fixedEpochs: Array<[bigint, bigint]>;
  /**
   * The runs of `fixedEpochs` whose seed windows held no snapshot: they got the fallback seed (`SeedFixed` with
   * `isFallback`), from the latest snapshot before their windows.
   */
  fallbackEpochs: Array<[bigint, bigint]>;
  /** Snapshots stored so far. */
  snapshotCount: bigint;
  /** The poke's receipt. */
  receipt: ContractTransactionReceipt;
}

/**
 * Stores this block's `prevrandao` and parent hash in the seed beacon (`poke`), and records the seed inputs of every
 * epoch whose cutoff has passed.
 *
 * Keepers: the contracts' hot paths (proposals, tickets, claims, proofs, registry operations) already call
 * `pokeInWindow`, which stores in every block of an open seed window and once per epoch after its first two L1
 * blocks (the epoch's anchor snapshot, which keeps a fallback seed unknown while the lottery inputs it draws on can
 * still change). A keeper adds what an idle rollup leaves out:
 * - every L1 block of a window that nothing else poked (`inSeedWindow()` says whether one is open; a second poke in
 *   a block stores nothing and costs about 24k gas), which keeps an adversary's say in a seed to its own blocks;
 * - one poke per epoch after its first two L1 blocks and before the next window, when nothing else happened on the
 *   rollup: in `(epochStart(e − inputLag + 1) + 2·l1BlockTime, seedFixedAfter(e) − windowBlocks·l1BlockTime]` it
 *   makes epoch e's fallback (should its whole window be censored) a value nobody knew while its inputs could change.
 * An epoch whose window got no snapshot still has a seed, the fallback: the chain does not stall, but the seed is
 * weaker (see `ISeedBeacon`).
 *
 * @param beacon - The seed beacon, connected to the keeper's signer.
 * @returns Whether a snapshot was stored, which epochs' seeds it fixed (and which of them by fallback), and the
 *   receipt.
 * @throws {ContractRevertError | ContractCallError} If the transaction fails.
 * @example
 * const { stored, fallbackEpochs } = await pokeBeacon(beacon.connect(keeper));
 */
export async function pokeBeacon(beacon: ISeedBeacon): Promise<PokeBeaconReturnType> {
  signerOf(beacon, "poke");
  const receipt = await sendTransaction("poke", () => sendWithEpochHeadroom(beacon.poke, []));
  const stored = receiptEvents(beacon, receipt, "Poked").length > 0;
  const fixed = receiptEvents(beacon, receipt, "SeedFixed").map((event) => event.args);
  const run = (event: SeedFixedEvent.OutputObject): [bigint, bigint] => [event.fromEpoch, event.toEpoch];
  const fixedEpochs = fixed.map(run);
  const fallbackEpochs = fixed.filter((event) => event.isFallback).map(run);
  const snapshotCount = await readContract("SeedBeacon.snapshotCount", () => beacon.snapshotCount());
  return { stored, fixedEpochs, fallbackEpochs, snapshotCount, receipt };
}
