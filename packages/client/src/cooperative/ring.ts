// Allocating a Cooperative coordinator's ring of chunk records ahead of use (`allocateRing`), so that kept chunk
// submissions rewrite used storage words from the ring's first lap on.
import type { BigNumberish } from "ethers";
import { InvalidParameterError } from "../errors";
import { contractAt } from "../contracts";
import { readContract, sendTransaction, signerOf } from "../transaction";
import { checkedUint } from "../validate";
import type { CooperativeCoordinator } from "../typechain";

/** A fresh storage word's gas (20k for the write, 2.1k cold), with a margin for the loop. */
const WORD_GAS = 22_200n;

/** Parameters of {@link allocateRing}. */
export interface AllocateRingParameters {
  /**
   * Entries per transaction. Default: as many as fit 12M gas (an entry is `1 + 4 × chunks` words of ~22.2k gas, chunks
   * being the rollup's `maxTxsPerBlock / 16`: 31 entries with 4 chunks per block), well within EIP-7825's 2^24 gas
   * per transaction.
   */
  batch?: BigNumberish;
}

/** Result of {@link allocateRing}. */
export interface AllocateRingReturnType {
  /** The ring's entries (`ringSize`), all allocated now. */
  entries: bigint;
  /** Entries per transaction. */
  batch: bigint;
  /** The transactions' hashes, one per batch. */
  hashes: string[];
  /** Their gas, summed. */
  gasUsed: bigint;
}

/**
 * Allocates a Cooperative coordinator's whole ring of chunk records (`CooperativeCoordinator.allocateRing`, in
 * batches): a placeholder goes into every storage word a record may use, so that every kept chunk submission rewrites
 * words (5k gas each) instead of writing fresh ones (22.1k) from the first block on. Optional and permissionless; a
 * deployer pays once what the provers of the rollup's first `ringSize` blocks would pay. Words in use are left alone.
 *
 * @param coordinator - The Cooperative coordinator, connected to the payer's signer.
 * @param params - The batch size.
 * @returns The ring's size, the transactions and their gas.
 * @throws {InvalidParameterError} For a batch of 0 or a coordinator without a signer.
 * @throws {ContractCallError} If a batch fails (e.g. more gas than a block holds: use a smaller batch).
 * @example
 * const { entries, gasUsed } = await allocateRing(cooperativeCoordinator.connect(deployer), {});
 */
export async function allocateRing(
  coordinator: CooperativeCoordinator,
  params: AllocateRingParameters = {},
): Promise<AllocateRingReturnType> {
  signerOf(coordinator, "allocateRing");
  const given = params?.batch === undefined ? null : checkedUint(params.batch, "batch");
  if (given === 0n) throw new InvalidParameterError("batch must be at least 1");
  const [entries, batch] = await readContract("CooperativeCoordinator ring", async () => {
    const size = await coordinator.ringSize();
    if (given !== null) return [size, given] as const;
    const rollup = contractAt("Rollup", await coordinator.rollup(), coordinator.runner);
    const words = 1n + 4n * ((await rollup.config()).maxTxsPerBlock / 16n);
    const fit = 12_000_000n / (words * WORD_GAS);
    return [size, fit > 0n ? fit : 1n] as const;
  });
  const hashes: string[] = [];
  let gasUsed = 0n;
  for (let from = 0n; from < entries; from += batch) {
    const count = from + batch > entries ? entries - from : batch;
    const receipt = await sendTransaction("allocateRing", () => coordinator.allocateRing(from, count));
    hashes.push(receipt.hash);
    gasUsed += receipt.gasUsed;
  }
  return { entries, batch, hashes, gasUsed };
}
