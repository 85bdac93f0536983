// The payout of an open-race state update (the root README's "The open race", "Designation";
// `IOpenRaceCoordinator.sol`'s `submitProof`), pure and to the wei.
import { amountArgument, accountArgument } from "../arguments";
import { InvalidParameterError } from "../errors";

const BPS = 10_000n;

/** One block of a state update, in chain order. */
export interface StateUpdateBlock {
  /** The block's proposer (credited its tip and its share of the released block rewards). */
  proposer: string;
  /** The block's transactions. */
  txCount: bigint;
  /** The fees its proposal escrowed: at least `txCount × baseFee`. */
  fees: bigint;
  /** The proving base fee of the block's epoch (per transaction). */
  baseFee: bigint;
}

/** Parameters of {@link stateUpdatePayout}. */
export interface StateUpdatePayoutParameters {
  /** The update's blocks, oldest first; at least one. */
  blocks: readonly StateUpdateBlock[];
  /** `blockReward`: requested from the reward pool per block. */
  blockReward: bigint;
  /** What the reward pool holds: the release is capped there. */
  poolReserve: bigint;
  /** The address the update's proof is bound to. */
  prover: string;
  /** The operator of the best prover-lottery ticket of the last block's epoch; omitted when it has no ticket. */
  turnProver?: string;
  /** `redundancyShareBps`: share of the proving fees held for the turn prover's redundant proof (0 to 10,000). */
  redundancyShareBps: bigint;
}

/** Result of {@link stateUpdatePayout}: `Σ fees + released = Σ proposerCredits + proverCredit + redundancyReserve`. */
export interface StateUpdatePayoutReturnType {
  /** `Σ txCount_i × baseFee_i`: the proving fees of the update's blocks. */
  provingTotal: bigint;
  /** Credited to the prover: the proving fees less the reserve, plus the block rewards' rounding dust. */
  proverCredit: bigint;
  /** Held for the turn prover's redundant proof (to the prover after the redundancy window); 0 without one. */
  redundancyReserve: bigint;
  /** One credit per block, in order: its tip (fees beyond the proving fee) plus its share of the release. */
  proposerCredits: { proposer: string; amount: bigint }[];
  /** Drawn from the reward pool: `min(blockReward × blocks, poolReserve)`. */
  released: bigint;
}

/**
 * What a state update over blocks 1..n pays: each block's proving fee `txCount × baseFee` goes to the prover, less a
 * redundancy reserve of `redundancyShareBps` when a turn prover exists and is not the prover; each proposer is credited
 * its block's tip and an equal share of the block rewards released by the pool, whose rounding dust goes to the
 * prover. Addresses are compared as given (pass them checksummed or lowercased alike).
 *
 * @param params - The blocks, the block reward, the pool's reserve, the prover, the turn prover and the share.
 * @returns The proving total, the prover's credit, the reserve, each block's proposer credit and the release.
 * @throws {InvalidParameterError} If there is no block, an amount is negative or not a bigint, a block's fees are
 *   below its proving fee, or the share exceeds 10,000 basis points.
 * @example
 * stateUpdatePayout({
 *   blocks: [{ proposer: alice, txCount: 16n, fees: 2n * 10n ** 17n, baseFee: 10n ** 16n }],
 *   blockReward: 10n ** 19n, poolReserve: 10n ** 24n, prover: bob, turnProver: carol, redundancyShareBps: 2000n,
 * }); // provingTotal 0.16 token, reserve 0.032, prover 0.128, alice 10.04
 */
export function stateUpdatePayout(params: StateUpdatePayoutParameters): StateUpdatePayoutReturnType {
  const fn = "stateUpdatePayout";
  if (typeof params !== "object" || params === null) throw new InvalidParameterError(`${fn}: no parameters`);
  const { blocks } = params;
  if (!Array.isArray(blocks) || blocks.length === 0) {
    throw new InvalidParameterError(`${fn}: a state update proves at least one block`);
  }
  const blockReward = amountArgument(fn, "blockReward", params.blockReward);
  const poolReserve = amountArgument(fn, "poolReserve", params.poolReserve);
  const prover = accountArgument(fn, "prover", params.prover);
  const turnProver = params.turnProver === undefined ? undefined : accountArgument(fn, "turnProver", params.turnProver);
  const shareBps = amountArgument(fn, "redundancyShareBps", params.redundancyShareBps);
  if (shareBps > BPS) throw new InvalidParameterError(`${fn}: redundancyShareBps must be at most 10000`);

  const n = BigInt(blocks.length);
  const requested = blockReward * n;
  const released = requested < poolReserve ? requested : poolReserve;
  const perBlock = released / n;
  const rewardDust = released - perBlock * n;
  let provingTotal = 0n;
  const proposerCredits = blocks.map((block, i) => {
    const proposer = accountArgument(fn, `blocks[${i}].proposer`, block?.proposer);
    const txCount = amountArgument(fn, `blocks[${i}].txCount`, block.txCount);
    const fees = amountArgument(fn, `blocks[${i}].fees`, block.fees);
    const baseFee = amountArgument(fn, `blocks[${i}].baseFee`, block.baseFee);
    const provingFee = txCount * baseFee;
    if (fees < provingFee) {
      throw new InvalidParameterError(`${fn}: blocks[${i}] declares fees ${fees} below its proving fee ${provingFee}`);
    }
    provingTotal += provingFee;
    return { proposer, amount: fees - provingFee + perBlock };
  });
  const redundancyReserve = turnProver !== undefined && turnProver !== prover ? (provingTotal * shareBps) / BPS : 0n;
  return {
    provingTotal,
    proverCredit: provingTotal - redundancyReserve + rewardDust,
    redundancyReserve,
    proposerCredits,
    released,
  };
}
