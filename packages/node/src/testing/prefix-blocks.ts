// Blocks for the open-race prover's tests: real headers (states and commitments folded by the circuit's rules) over
// generated transactions, without a chain.
import { computeBlock } from "@blockage/circuits";
import type { BlockHeader } from "@blockage/client";

/** Block `n` at `slot` with `txCount` generated transactions, starting from state `n`. */
export function prefixBlock(n: number, slot: bigint, txCount = 16) {
  const txs = Array.from({ length: txCount }, (_, i) => BigInt(n * 1000 + i + 1));
  const computed = computeBlock({ prevState: BigInt(n), txs });
  const header = {
    slot,
    txCount: BigInt(txCount),
    prevState: BigInt(n),
    newState: computed.newState,
    txsCommitment: computed.txsCommitment,
  } as unknown as BlockHeader;
  return { blockNumber: BigInt(n), headerHash: `0x${n.toString(16).padStart(64, "0")}`, header, txs };
}
