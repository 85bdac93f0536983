// Seed 001's rewards, pure: what a kept chunk proof earns and how one block's value is settled between its proposer,
// its chunks' provers and the burn, to the wei as `CooperativeCoordinator.finalizeEpoch` does it.
import { amountArgument } from "../arguments";
import { InvalidParameterError } from "../errors";
import { basisPointsArgument } from "../lottery/math";

/** Seed 001's `PROOFS_PER_NODE`: the proofs kept per chunk (`CooperativeCoordinator.PROOFS_PER_NODE`). */
export const PROOFS_PER_NODE = 3n;

const BPS = 10_000n;

/** Parameters of {@link proverReward}. */
export interface ProverRewardParameters {
  /** The block's prover-network reward: `(fees + blockReward) × FEE_SPLIT` (base units). */
  networkReward: bigint;
  /** The block's chunks, seed 001's `NUM_NODES` (a block of n transactions has n / 16). */
  chunks: bigint;
  /** The proof's FEE_BURN in basis points, 0 to 10,000. */
  feeBurn: bigint | number;
}

/** Result of {@link proverReward}. */
export interface ProverRewardReturnType {
  /** What the kept proof's prover is credited. */
  reward: bigint;
  /** Its FEE_BURN part of the place's share, burned. */
  burned: bigint;
}

/**
 * Seed 001's `PROVER_REWARD(i) = PROVER_NETWORK_REWARD × (1 − FEE_BURN(i)) / (NUM_NODES × PROOFS_PER_NODE)`, rounded
 * as `CooperativeCoordinator.proverReward` rounds it: one place's share `networkReward / (chunks · 3)` first, then the
 * prover's part of it, both down; `burned` is the rest of the share. Our proof tree is flat, so `NUM_NODES` is the
 * block's chunk count (no merge proofs).
 *
 * @param params - The block's network reward, its chunk count and the proof's FEE_BURN.
 * @returns The prover's reward and the part its FEE_BURN burns.
 * @throws {InvalidParameterError} If an amount is not a non-negative bigint, `chunks` is not positive, or `feeBurn`
 *   is outside [0, 10,000] (the contract: `CooperativeCoordinator__FeeBurnOutOfRange`).
 * @example
 * // Seed 001's example: 800 tokens to the provers of a 31-node tree, FEE_BURN 40% → 5.16 tokens.
 * proverReward({ networkReward: parseEther("800"), chunks: 31n, feeBurn: 4_000 }).reward; // 5161290322580645161n
 */
export function proverReward(params: ProverRewardParameters): ProverRewardReturnType {
  if (typeof params !== "object" || params === null) throw new InvalidParameterError("proverReward: no parameters");
  const networkReward = amountArgument("proverReward", "networkReward", params.networkReward);
  const chunks = amountArgument("proverReward", "chunks", params.chunks);
  if (chunks === 0n) throw new InvalidParameterError("proverReward: a block has at least one chunk");
  const feeBurn = basisPointsArgument("proverReward", "feeBurn", params.feeBurn);
  const share = networkReward / (chunks * PROOFS_PER_NODE);
  const reward = (share * (BPS - feeBurn)) / BPS;
  return { reward, burned: share - reward };
}

/** Parameters of {@link blockRewards}. */
export interface BlockRewardsParameters {
  /** The fees the block declares (`header.fees`). */
  fees: bigint;
  /**
   * The block's share of the reward pool's release: the coordinator's `blockReward` while the pool lasts (a short
   * pool releases less; an uneven release's remainder goes to the epoch's first block).
   */
  blockReward: bigint;
  /** The block's FEE_SPLIT in basis points (`header.feeSplit`). */
  feeSplit: bigint | number;
  /**
   * For each chunk of the block, in order, the FEE_BURNs (basis points) of its kept proofs: at most
   * {@link PROOFS_PER_NODE} each. The chunk count is this array's length. `finalizeEpoch` needs at least one proof per
   * chunk; an empty chunk here burns its whole share.
   */
  keptFeeBurns: readonly (readonly (bigint | number)[])[];
}

/** Result of {@link blockRewards}: `proposer + Σ provers + burned === value`, to the wei. */
export interface BlockRewardsReturnType {
  /** The block's value: `fees + blockReward`. */
  value: bigint;
  /** The prover network's part: `value × FEE_SPLIT / 10,000`, rounded down. */
  networkReward: bigint;
  /** Credited to the block's proposer: the value beyond the network reward. */
  proposer: bigint;
  /** `provers[k][i]`: credited to the prover of chunk k's kept proof i (the order of `keptFeeBurns`). */
  provers: bigint[][];
  /** Burned: the FEE_BURN parts, the shares of empty places and the rounding dust of the network reward. */
  burned: bigint;
}

/**
 * One block's settlement as `CooperativeCoordinator.finalizeEpoch` does it (seed 001): the block's value (fees plus
 * its block reward) is split by its FEE_SPLIT; the proposer is credited the part beyond the network reward; each kept
 * proof earns {@link proverReward}; everything else of the network reward is burned.
 *
 * @param params - Fees, block reward, FEE_SPLIT and the FEE_BURNs of each chunk's kept proofs.
 * @returns The value, the network reward, the proposer's credit, each kept proof's credit and the burn.
 * @throws {InvalidParameterError} If an amount is not a non-negative bigint, a share is outside [0, 10,000] basis
 *   points, the block has no chunk, or a chunk lists more than {@link PROOFS_PER_NODE} proofs.
 * @example
 * // 40 tokens of fees, a 10-token block reward, FEE_SPLIT 80%; chunk 0 kept two proofs (FEE_BURN 0 and 40%), chunk 1 one.
 * const r = blockRewards({ fees: parseEther("40"), blockReward: parseEther("10"), feeSplit: 8_000, keptFeeBurns: [[0, 4_000], [1_000]] });
 * r.proposer; // 10 tokens; r.provers[0][1]: 40 / 6 × 60%, just under 4 tokens (rounded down)
 */
export function blockRewards(params: BlockRewardsParameters): BlockRewardsReturnType {
  if (typeof params !== "object" || params === null) throw new InvalidParameterError("blockRewards: no parameters");
  const fees = amountArgument("blockRewards", "fees", params.fees);
  const blockReward = amountArgument("blockRewards", "blockReward", params.blockReward);
  const feeSplit = basisPointsArgument("blockRewards", "feeSplit", params.feeSplit);
  const kept = params.keptFeeBurns;
  if (!Array.isArray(kept) || kept.length === 0) {
    throw new InvalidParameterError("blockRewards: keptFeeBurns must list the FEE_BURNs of each of the block's chunks");
  }
  const value = fees + blockReward;
  const networkReward = (value * feeSplit) / BPS;
  const chunks = BigInt(kept.length);
  let paid = 0n;
  const provers = Array.from(kept, (burns, k) => {
    if (!Array.isArray(burns) || burns.length > Number(PROOFS_PER_NODE)) {
      throw new InvalidParameterError(`blockRewards: keptFeeBurns[${k}] must list at most 3 FEE_BURNs`);
    }
    return Array.from(burns, (feeBurn) => {
      const { reward } = proverReward({ networkReward, chunks, feeBurn });
      paid += reward;
      return reward;
    });
  });
  return { value, networkReward, proposer: value - networkReward, provers, burned: networkReward - paid };
}
