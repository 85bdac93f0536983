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

/**
 * The best proposal of a slot so far (final once the slot is over), or `null` if nobody proposed.
 *
 * @example
 * const best = await bestProposal(lottery, slot);
 */
export async function bestProposal(lottery: Lottery, slot: BigNumberish): Promise<BestProposal | null> {
  const s = checkedUint(slot, "slot");
  const p = await readContract("Lottery.bestProposal", () => lottery.bestProposal(s));
  return p.pid === ZeroHash ? null : { slot: s, pid: p.pid, headerHash: p.headerHash, raceTime: p.raceTime };
}

/**
 * The designated prover of an epoch so far (final once the epoch is over), or `null` if no ticket was submitted.
 *
 * @example
 * const prover = await designatedProver(lottery, epoch);
 */
export async function designatedProver(lottery: Lottery, epoch: BigNumberish): Promise<DesignatedProver | null> {
  const e = checkedUint(epoch, "epoch");
  const t = await readContract("Lottery.designatedProver", () => lottery.designatedProver(e));
  return t.pid === ZeroHash ? null : { epoch: e, pid: t.pid, raceTime: t.raceTime };
}
