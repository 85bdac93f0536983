// The lotteries' current results: the best proposal of a slot and the designated prover of an epoch.
import { ZeroHash, type BigNumberish } from "ethers";
import { readContract } from "../transaction";
import { checkedUint } from "../validate";
import type { Lottery } from "../typechain";

/** The best proposal of a slot. */
export interface BestProposal {
  slot: bigint;
  pid: string;
  headerHash: string;
  /** ln t, 18 decimals. */
  raceTime: bigint;
}

/** The designated prover of an epoch (its best prover ticket). */
export interface DesignatedProver {
  epoch: bigint;
  pid: string;
  /** ln t, 18 decimals. */
  raceTime: bigint;
}

/** Parameters of {@link bestProposal}. */
export interface BestProposalParameters {
  /** The slot. */
  slot: BigNumberish;
}

/** Result of {@link bestProposal}: `null` if nobody proposed. */
export type BestProposalReturnType = BestProposal | null;

/**
 * The best proposal of a slot so far (final once the slot is over), or `null` if nobody proposed.
 *
 * @param lottery - The lottery (any runner).
 * @param params - The slot.
 * @returns The best proposal, or `null`.
 * @throws {InvalidParameterError} If the slot is not an unsigned integer.
 * @throws {ContractCallError} If it cannot be read.
 * @example
 * const best = await bestProposal(lottery, { slot });
 */
export async function bestProposal(lottery: Lottery, params: BestProposalParameters): Promise<BestProposalReturnType> {
  const s = checkedUint(params.slot, "slot");
  const p = await readContract("Lottery.bestProposal", () => lottery.bestProposal(s));
  return p.pid === ZeroHash ? null : { slot: s, pid: p.pid, headerHash: p.headerHash, raceTime: p.raceTime };
}

/** Parameters of {@link designatedProver}. */
export interface DesignatedProverParameters {
  /** The epoch. */
  epoch: BigNumberish;
}

/** Result of {@link designatedProver}: `null` if no ticket was submitted. */
export type DesignatedProverReturnType = DesignatedProver | null;

/**
 * The designated prover of an epoch so far (final once the epoch is over), or `null` if no ticket was submitted.
 *
 * @param lottery - The lottery (any runner).
 * @param params - The epoch.
 * @returns The designated prover, or `null`.
 * @throws {InvalidParameterError} If the epoch is not an unsigned integer.
 * @throws {ContractCallError} If it cannot be read.
 * @example
 * const prover = await designatedProver(lottery, { epoch });
 */
export async function designatedProver(
  lottery: Lottery,
  params: DesignatedProverParameters,
): Promise<DesignatedProverReturnType> {
  const e = checkedUint(params.epoch, "epoch");
  const t = await readContract("Lottery.designatedProver", () => lottery.designatedProver(e));
  return t.pid === ZeroHash ? null : { epoch: e, pid: t.pid, raceTime: t.raceTime };
}
