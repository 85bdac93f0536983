// CrowdProve's default share policy (DESIGN §7, issue 15): the prover fee a job distributor received for an epoch,
// minus its cut in basis points, paid in equal parts per accepted chunk. Pure integer math, rounding down; whatever
// rounding leaves over stays with the operator.
import type { BigNumberish } from "ethers";
import { InvalidParameterError } from "../errors";
import { checkedAddress, checkedAmount, checkedUint } from "../validate";
import type { PayoutPayee } from "./tree";

const BPS = 10_000n;

/** An accepted chunk of the epoch and the worker whose sub-proof was accepted for it. */
export interface AcceptedChunk {
  chunkId: bigint;
  worker: string;
}

/** Parameters of {@link shareEpochPayout}. */
export interface ShareEpochPayoutParameters {
  /** What the job distributor received for the epoch's proof (its prover fee), in token base units. */
  earned: BigNumberish;
  /** The operator's cut in basis points (0 to 10,000). */
  operatorCutBps: BigNumberish;
  /** Every accepted chunk of the epoch, once each (at least one). */
  chunks: readonly AcceptedChunk[];
}

/** Result of {@link shareEpochPayout}. */
export interface ShareEpochPayoutReturnType {
  /** What each accepted chunk earns: `floor(earned × (10000 − cut) / 10000 / chunks)`. */
  perChunk: bigint;
  /**
   * Each worker with `perChunk ×` its accepted chunks, in order of first appearance; empty when `perChunk` is zero
   * (the contract refuses zero amounts).
   */
  payees: PayoutPayee[];
  /** Σ payees' amounts: what the operator funds. */
  total: bigint;
  /** `earned − total`: the operator's cut plus the rounding remainder. */
  operatorKeeps: bigint;
}

/**
 * The default share policy: the workers share `earned` minus the operator's cut equally per accepted chunk; each
 * worker gets `perChunk` times the number of chunks it proved. Always `total + operatorKeeps == earned`.
 *
 * @param params - What the operator earned, its cut, and the accepted chunks.
 * @returns The per-chunk pay, the payees, their total and what the operator keeps.
 * @throws {InvalidParameterError} For a negative amount, a cut above 10,000, no chunks, a duplicate chunk id or a
 *   malformed worker address.
 * @example
 * const { payees } = shareEpochPayout({ earned: fee, operatorCutBps: 1_000, chunks: ledger.accepted(epoch) });
 * await publishPayout(distributor, { epoch, payees });
 */
export function shareEpochPayout(params: ShareEpochPayoutParameters): ShareEpochPayoutReturnType {
  const earned = checkedAmount(params.earned, "earned");
  const cut = checkedUint(params.operatorCutBps, "operatorCutBps");
  if (cut > BPS) throw new InvalidParameterError(`operatorCutBps must be at most 10000, got ${cut}`);
  const { chunks } = params;
  if (!Array.isArray(chunks) || chunks.length === 0) {
    throw new InvalidParameterError("chunks must be a non-empty array of { chunkId, worker }");
  }
  const counts = new Map<string, bigint>();
  const seen = new Set<bigint>();
  chunks.forEach((chunk, i) => {
    const chunkId = checkedUint(chunk.chunkId, `chunks[${i}].chunkId`);
    if (seen.has(chunkId)) throw new InvalidParameterError(`chunk ${chunkId} is listed twice`);
    seen.add(chunkId);
    const worker = checkedAddress(chunk.worker, `chunks[${i}].worker`);
    counts.set(worker, (counts.get(worker) ?? 0n) + 1n);
  });
  const perChunk = (earned * (BPS - cut)) / BPS / BigInt(chunks.length);
  const payees = perChunk === 0n ? [] : [...counts].map(([worker, n]) => ({ worker, amount: perChunk * n }));
  const total = perChunk * BigInt(chunks.length);
  return { perChunk, payees, total, operatorKeeps: earned - total };
}
