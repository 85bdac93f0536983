// What a Sidecar epoch proof pays, pure and to the wei: `ProverCoordinator._blockShares` and `_pay`, and how a missed
// claim's bond is split (`_slashBond`).
import { amountArgument, accountArgument } from "../arguments";
import { InvalidParameterError } from "../errors";

const BPS = 10_000n;

function shareArgument(fn: string, name: string, value: bigint): bigint {
  if (amountArgument(fn, name, value) > BPS) {
    throw new InvalidParameterError(`${fn}: ${name} must be at most 10000 basis points`);
  }
  return value;
}

/** Parameters of {@link epochPayout}. */
export interface EpochPayoutParameters {
  /** The epoch's blocks in order: each one's proposer and declared fees. At least one. */
  blocks: readonly { proposer: string; fees: bigint }[];
  /** `blockReward`: requested from the reward pool per block. */
  blockReward: bigint;
  /** What the reward pool holds: the release is capped there. */
  poolReserve: bigint;
  /** The rollup's FEE_SPLIT (basis points of each block's fees shared into the epoch's rewards). */
  feeSplitBps: bigint;
  /** The prover's fee: the claim's quoted `basisPointFee`, or `defaultProverFee` in the open race. */
  proverFeeBps: bigint;
  /** `submitterShare` (basis points of the rewards). `proverFeeBps + submitterShareBps` is at most 10,000. */
  submitterShareBps: bigint;
  /** Who is paid the prover fee: the claimant, or the open race's winner. */
  prover: string;
  /** The address the proof is bound to: paid the submitter share and the rounding dust. */
  beneficiary: string;
}

/** Result of {@link epochPayout}: `released + Σ fees = Σ proposerCredits + proverFee + beneficiaryCredit`. */
export interface EpochPayoutReturnType {
  /** Drawn from the reward pool: `min(blockReward × blocks, poolReserve)`. */
  released: bigint;
  /** The pot's total: `released + Σ fees × FEE_SPLIT` (each block's share rounded down). */
  rewards: bigint;
  /** Credited to `prover`: `rewards × proverFeeBps / 10,000`. */
  proverFee: bigint;
  /** `rewards × submitterShareBps / 10,000`, part of `beneficiaryCredit`. */
  submitterFee: bigint;
  /** Credited to `beneficiary`: the submitter fee plus the rounding dust of the proposers' shares. */
  beneficiaryCredit: bigint;
  /**
   * One credit per distinct proposer, in the order of its first block (zero amounts left out, as the contract emits
   * no credit for them): the unshared part of its fees plus its blocks' shares of the pot.
   */
  proposerCredits: { proposer: string; amount: bigint }[];
}

/**
 * An epoch proof's payout as `ProverCoordinator.submitEpochProof` credits it: the pool releases the block rewards (up
 * to its reserve); each block shares `fees × FEE_SPLIT` into the pot; the prover takes its fee and the submitter its
 * share of the pot; the proposers share the rest in proportion to what their blocks brought (block reward + shared
 * fees, `mulDiv` rounding down) and keep their unshared fees; the dust goes to the beneficiary.
 *
 * @param params - The blocks, the reward and pool, the shares, the prover and the beneficiary.
 * @returns The release, the pot, each credit.
 * @throws {InvalidParameterError} If there is no block, an amount is negative or not a bigint, a share exceeds 10,000
 *   basis points, or the prover fee and submitter share together do.
 * @example
 * epochPayout({ blocks, blockReward: 10n ** 19n, poolReserve, feeSplitBps: 5000n, proverFeeBps: 2000n,
 *   submitterShareBps: 500n, prover, beneficiary: prover });
 */
export function epochPayout(params: EpochPayoutParameters): EpochPayoutReturnType {
  const fn = "epochPayout";
  if (typeof params !== "object" || params === null) throw new InvalidParameterError(`${fn}: no parameters`);
  const { blocks } = params;
  if (!Array.isArray(blocks) || blocks.length === 0)
    throw new InvalidParameterError(`${fn}: an epoch proof has blocks`);
  const blockReward = amountArgument(fn, "blockReward", params.blockReward);
  const poolReserve = amountArgument(fn, "poolReserve", params.poolReserve);
  const feeSplit = shareArgument(fn, "feeSplitBps", params.feeSplitBps);
  const proverFeeBps = shareArgument(fn, "proverFeeBps", params.proverFeeBps);
  const submitterShareBps = shareArgument(fn, "submitterShareBps", params.submitterShareBps);
  if (proverFeeBps + submitterShareBps > BPS) {
    throw new InvalidParameterError(`${fn}: proverFeeBps + submitterShareBps exceeds 10000`);
  }
  accountArgument(fn, "prover", params.prover);
  accountArgument(fn, "beneficiary", params.beneficiary);

  const count = BigInt(blocks.length);
  const owed: bigint[] = [];
  const contribution: bigint[] = [];
  let totalContribution = 0n;
  let shared = 0n;
  blocks.forEach((block, i) => {
    accountArgument(fn, `blocks[${i}].proposer`, block?.proposer);
    const fees = amountArgument(fn, `blocks[${i}].fees`, block.fees);
    const blockShared = (fees * feeSplit) / BPS;
    shared += blockShared;
    owed.push(fees - blockShared);
    contribution.push(blockReward + blockShared);
    totalContribution += blockReward + blockShared;
  });
  const requested = blockReward * count;
  const released = requested < poolReserve ? requested : poolReserve;
  const rewards = released + shared;
  const proverFee = (rewards * proverFeeBps) / BPS;
  const submitterFee = (rewards * submitterShareBps) / BPS;
  const pot = rewards - proverFee - submitterFee;
  let dust = pot;
  if (totalContribution !== 0n) {
    for (let i = 0; i < owed.length; i++) {
      const share = (pot * contribution[i]) / totalContribution;
      dust -= share;
      owed[i] += share;
    }
  }
  // One credit per distinct proposer, in the order of its first block (`_creditProposers`).
  const totals = new Map<string, bigint>();
  blocks.forEach((block, i) => totals.set(block.proposer, (totals.get(block.proposer) ?? 0n) + owed[i]));
  const proposerCredits = [...totals]
    .filter(([, amount]) => amount !== 0n)
    .map(([proposer, amount]) => ({ proposer, amount }));
  return { released, rewards, proverFee, submitterFee, beneficiaryCredit: submitterFee + dust, proposerCredits };
}

/** Parameters of {@link slashedBond}. */
export interface SlashedBondParameters {
  /** The missed claim's bond. */
  bond: bigint;
  /** `rescueShare`: basis points of the bond for the rescuer (the open race's winner, or the reward pool). */
  rescueShareBps: bigint;
}

/**
 * How a missed claim's bond is split, as `ProverCoordinator._slashBond`: the rescue share (rounded down) to the
 * rescuer, the rest burned.
 *
 * @param params - The bond and the rescue share.
 * @returns `{ rescued, burned }`, adding up to the bond.
 * @throws {InvalidParameterError} If the bond is negative or the share exceeds 10,000 basis points.
 * @example
 * slashedBond({ bond: 100n * 10n ** 18n, rescueShareBps: 5000n }); // { rescued: 50 tokens, burned: 50 tokens }
 */
export function slashedBond(params: SlashedBondParameters): { rescued: bigint; burned: bigint } {
  const fn = "slashedBond";
  if (typeof params !== "object" || params === null) throw new InvalidParameterError(`${fn}: no parameters`);
  const bond = amountArgument(fn, "bond", params.bond);
  const rescued = (bond * shareArgument(fn, "rescueShareBps", params.rescueShareBps)) / BPS;
  return { rescued, burned: bond - rescued };
}
