// A node's ticket in one lottery, computed off-chain exactly as the contract will: seed, VRF output, weight, race
// time, and the chance that nobody beats it — so that a node submits only entries worth their gas.
import { evaluate, prove, publicKey, toVerifierInput, type VerifierInput } from "@blockage/vrf";
import { getBytes, hexlify, type BigNumberish, type BytesLike } from "ethers";
import { lotteryAlpha } from "../beacon/seed";
import { BlockageError, InvalidParameterError } from "../errors";
import { NODE_VRF_SUITE } from "../registry/keys";
import { nodeStatusName } from "../registry/status";
import { readContract } from "../registry/transaction";
import { checkedBytes, checkedUint } from "../registry/validate";
import { SeedBeacon__factory, type Lottery } from "../typechain";
import {
  checkedLotteryRole,
  getActiveSetWeight,
  getLotteryParams,
  LOTTERY_ROLE_BITS,
  registryOf,
  type LotteryRole,
} from "./active-set-weight";
import {
  lotteryWeight,
  raceTime as raceTimeOf,
  tieBreak,
  winProbability as winProbabilityOf,
  type LotteryParams,
} from "./math";

/** Why a node cannot enter a lottery. */
export type IneligibilityReason = "NotActive" | "MissingRole" | "ZeroWeight";

/** The node is not in the lottery it asked about (the contract would revert). */
export class NotEligibleError extends BlockageError {
  override name = "NotEligibleError" as const;
  /** Why. */
  readonly reason: IneligibilityReason;
  constructor(reason: IneligibilityReason, summary: string) {
    super(summary);
    this.reason = reason;
  }
}

/** The contract arguments of a VRF entry (`propose` / `submitProverTicket`). */
export interface LotteryEntryArgs {
  pid: string;
  epoch: bigint;
  slot: bigint;
  role: LotteryRole;
  /** The 81-byte ECVRF proof, `0x` hex. */
  vrfProof: string;
  /** The verifier hints for the proof. */
  hints: VerifierInput[3];
}

/** Parameters of {@link checkEligibility}. */
export interface CheckEligibilityParameters {
  /** The node: its pid and its VRF secret key (the key registered for `epoch`). */
  node: { pid: BytesLike; vrfSecretKey: BytesLike };
  /** The epoch. */
  epoch: BigNumberish;
  /** For the sequencer lottery: the absolute slot (in `epoch`). Ignored for the prover lottery (its first slot). */
  slot?: BigNumberish;
  /** `sequencer` or `prover`. */
  role: LotteryRole;
  /** W, the epoch's public total weight of the role (from {@link getActiveSetWeight}); read from events if absent. */
  totalWeight?: bigint;
  /** Build the proof only when `winProbability` is at least this (default 0: always). */
  minWinProbability?: number;
  /** Lottery parameters if already known (saves a read). */
  params?: LotteryParams;
  /** Where to read registry events from when `totalWeight` is absent (the registry's deployment block). */
  fromBlock?: number | string;
}

/** Result of {@link checkEligibility}. */
export interface CheckEligibilityReturnType {
  pid: string;
  epoch: bigint;
  slot: bigint;
  role: LotteryRole;
  /** σ for this slot and role. */
  seed: string;
  /** The VRF output beta. */
  beta: string;
  /** The node's weight in the epoch (`weightAt`). */
  weight: bigint;
  /** W. */
  totalWeight: bigint;
  /** ln t, 18 decimals (as `LotteryLib.raceTime`); lower wins. */
  raceTime: bigint;
  /** `keccak256(pid ‖ σ)`, the tie-break (lower wins). */
  tieBreak: bigint;
  /** exp(−(W − w)·t): the chance that no other node of the epoch beats this ticket. */
  winProbability: number;
  /** The VRF proof, or `null` when `winProbability < minWinProbability`. */
  proof: string | null;
  /** The entry's contract arguments, or `null` with `proof`. */
  args: LotteryEntryArgs | null;
}

/**
 * A node's ticket for a slot's sequencer lottery or an epoch's prover lottery, as the contract will compute it: σ
 * from the beacon, beta from the node's VRF key (evaluated without a proof first), the epoch weight from the
 * registry's checkpoints, the race time, and `winProbability` = exp(−(W − w)·t), the chance nobody else beats it.
 * The proof and contract arguments are built only when `winProbability ≥ minWinProbability`.
 *
 * @param lottery - The lottery (any runner with a provider).
 * @param params - Node, epoch, slot, role, and optionally W and a probability threshold.
 * @returns The ticket, its win probability and, if worth it, the entry's arguments.
 * @throws {InvalidParameterError} For malformed arguments, or a slot outside the epoch.
 * @throws {NotEligibleError} If the node is not Active with the role in the epoch, or weighs nothing.
 * @throws {ContractRevertError} E.g. `SeedBeacon__SeedNotFixed` (too early), `NodeRegistry__InputsNotFixed`.
 * @example
 * const ticket = await checkEligibility(lottery, { node: { pid, vrfSecretKey }, epoch, slot, role: "sequencer", totalWeight, minWinProbability: 0.05 });
 * if (ticket.args) await propose(lottery.connect(operator), { entry: ticket.args, salt, headerHash });
 */
export async function checkEligibility(
  lottery: Lottery,
  params: CheckEligibilityParameters,
): Promise<CheckEligibilityReturnType> {
  const role = checkedLotteryRole(params.role);
  const pid = checkedBytes(params.node.pid, "pid", 32);
  const secretKey = getBytes(checkedBytes(params.node.vrfSecretKey, "vrfSecretKey", 32, true));
  const epoch = checkedUint(params.epoch, "epoch");
  const minWinProbability = params.minWinProbability ?? 0;
  if (!(minWinProbability >= 0 && minWinProbability <= 1)) {
    throw new InvalidParameterError(`minWinProbability must be between 0 and 1, got ${String(minWinProbability)}`);
  }
  const registry = await registryOf(lottery);
  const beacon = SeedBeacon__factory.connect(
    await readContract("NodeRegistry.beacon", () => registry.beacon()),
    lottery.runner,
  );
  const epochSlots = await readContract("SeedBeacon.epochSlots", () => beacon.epochSlots());
  const firstSlot = epoch * epochSlots;
  let slot = firstSlot;
  if (role === "sequencer") {
    if (params.slot === undefined) throw new InvalidParameterError("the sequencer lottery needs a slot");
    slot = checkedUint(params.slot, "slot");
    if (slot < firstSlot || slot >= firstSlot + epochSlots) {
      throw new InvalidParameterError(
        `slot ${slot} is not in epoch ${epoch} (slots ${firstSlot}–${firstSlot + epochSlots - 1n})`,
      );
    }
  }

  const [inputs, seed, lotteryParams] = await Promise.all([
    readContract("NodeRegistry.nodeAt", () => registry.nodeAt(pid, epoch)),
    readContract("SeedBeacon.seedFor", () => beacon.seedFor(epoch, slot, LOTTERY_ROLE_BITS[role])),
    params.params ?? getLotteryParams(lottery),
  ]);
  const status = nodeStatusName(inputs.status);
  if (status !== "Active")
    throw new NotEligibleError("NotActive", `node ${pid} is ${status}, not Active, in epoch ${epoch}`);
  if ((Number(inputs.roles) & LOTTERY_ROLE_BITS[role]) === 0) {
    throw new NotEligibleError("MissingRole", `node ${pid} does not have the ${role} role in epoch ${epoch}`);
  }
  if (hexlify(publicKey(NODE_VRF_SUITE, secretKey)) !== inputs.vrfKey.toLowerCase()) {
    throw new InvalidParameterError(`vrfSecretKey is not the VRF key node ${pid} has registered for epoch ${epoch}`);
  }
  const weight = lotteryWeight(inputs.stake, inputs.age, lotteryParams);
  if (weight === 0n) throw new NotEligibleError("ZeroWeight", `node ${pid} weighs nothing in epoch ${epoch}`);

  const alpha = lotteryAlpha(seed, role === "sequencer" ? "SEQUENCER" : "PROVER");
  const beta = evaluate(NODE_VRF_SUITE, secretKey, alpha);
  const raceTime = raceTimeOf(beta, weight);
  const totalWeight =
    params.totalWeight ?? (await getActiveSetWeight(lottery, { epoch, role, fromBlock: params.fromBlock })).totalWeight;
  if (totalWeight < weight) {
    throw new InvalidParameterError(`totalWeight ${totalWeight} is below the node's own weight ${weight}`);
  }
  const winProbability = winProbabilityOf(raceTime, weight, totalWeight);

  let proof: string | null = null;
  let args: LotteryEntryArgs | null = null;
  if (winProbability >= minWinProbability) {
    const pi = prove(NODE_VRF_SUITE, secretKey, alpha);
    const [, vrfProof, , hints] = toVerifierInput(getBytes(inputs.vrfKey), pi, alpha);
    proof = hexlify(pi);
    args = { pid, epoch, slot, role, vrfProof, hints };
  }
  return {
    pid,
    epoch,
    slot,
    role,
    seed,
    beta: hexlify(beta),
    weight,
    totalWeight,
    raceTime,
    tieBreak: tieBreak(pid, seed),
    winProbability,
    proof,
    args,
  };
}
