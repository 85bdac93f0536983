// A node's ticket in one lottery, computed off-chain exactly as the contract will: seed, VRF output, weight, race
// time, and the chance that nobody beats it — so that a node submits only entries worth their gas.
import { evaluate, prove, publicKey, toVerifierInput, type VerifierInput } from "@blockage/vrf";
import { contractAt } from "../contracts";
import { getBytes, hexlify, ZeroHash, type BigNumberish, type BytesLike } from "ethers";
import { lotteryAlpha } from "../beacon/seed";
import { BlockageError, InvalidParameterError } from "../errors";
import { NODE_VRF_SUITE } from "../registry/keys";
import { nodeStatusName } from "../registry/status";
import { readContract } from "../transaction";
import { checkedBytes, checkedUint } from "../validate";
import { type SeedBeacon } from "../typechain";
import {
  checkedLotteryRole,
  getActiveSetWeight,
  getLotteryParams,
  LOTTERY_ROLE_BITS,
  registryOf,
  type LotteryDraw,
  type LotteryRole,
} from "./active-set-weight";
import {
  boostedRaceTime,
  boostedWinProbability,
  lotteryWeight,
  raceTime as raceTimeOf,
  tieBreak,
  winProbability as winProbabilityOf,
  type LotteryParams,
} from "./math";

/** Why a node cannot enter a lottery. */
export type IneligibilityReason = "NotActive" | "MissingRole" | "ZeroWeight" | "CommittedToReveal";

/** The node cannot enter the lottery it asked about (the contract would refuse its entry). */
export class NotEligibleError extends BlockageError {
  override name = "NotEligibleError" as const;
  override readonly code = "NotEligible" as const;
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

/** What a node's eligibility in one epoch's lottery depends on, read once per epoch by {@link prepareEligibility}. */
export interface EligibilityContext {
  pid: string;
  epoch: bigint;
  role: LotteryRole;
  /** The node's VRF secret key (kept in memory only). */
  vrfSecretKey: Uint8Array;
  /** The node's registered VRF key for the epoch. */
  vrfKey: string;
  /** The node's epoch weight (`weightAt`). */
  weight: bigint;
  /** W for the role. */
  totalWeight: bigint;
  params: LotteryParams;
  epochSlots: bigint;
  beacon: SeedBeacon;
}

/** Parameters of {@link prepareEligibility}. */
export interface PrepareEligibilityParameters {
  /** The node: its pid and its VRF secret key (the key registered for `epoch`). */
  node: { pid: BytesLike; vrfSecretKey: BytesLike };
  /** The epoch. */
  epoch: BigNumberish;
  /** `sequencer` or `prover`. */
  role: LotteryRole;
  /** W, the epoch's public total weight of the role (from {@link getActiveSetWeight}); read from events if absent. */
  totalWeight?: bigint;
  /** Lottery parameters if already known (saves a read). */
  params?: LotteryParams;
  /** Where to read registry events from when `totalWeight` is absent (the registry's deployment block). */
  fromBlock?: number | string;
}

/** Parameters of {@link checkEligibility}. */
export interface CheckEligibilityParameters extends PrepareEligibilityParameters {
  /** For the sequencer lottery: the absolute slot (in `epoch`). Ignored for the prover lottery (its first slot). */
  slot?: BigNumberish;
  /** Build the proof only when `winProbability` is at least this (default 0: always). */
  minWinProbability?: number;
  /**
   * A Cooperative rollup's sequencer lottery: the FEE_SPLIT (basis points) the proposal will declare. The rollup ranks
   * the proposal by its race time ÷ (1 + FEE_SPLIT), so `raceTime` is then the boosted one (the `BlockProposed`
   * event's) and `winProbability` is {@link boostedWinProbability}'s. Not for the prover lottery.
   */
  feeSplit?: bigint | number;
  /**
   * With `feeSplit`: the FEE_SPLIT every other proposer is assumed to declare (default 0, which overstates the chance;
   * the deployment's minimum, `rollup.config().feeSplit`, is the least any proposal declares).
   */
  othersFeeSplit?: bigint | number;
  /**
   * The epoch's context from {@link prepareEligibility} (for the same node, epoch and role): the check then makes a
   * single read, the slot's seed. Without it every call reads the node's inputs, the parameters and W again.
   */
  context?: EligibilityContext;
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
  /** ln t, 18 decimals (as `LotteryLib.raceTime`), boosted by `feeSplit` when given; lower wins. */
  raceTime: bigint;
  /** `keccak256(pid ‖ σ)`, the tie-break (lower wins). */
  tieBreak: bigint;
  /**
   * exp(−(W − w)·t): the chance that no other node of the epoch beats this ticket (with `feeSplit`, each side's time
   * divided by its boost).
   */
  winProbability: number;
  /** The VRF proof, or `null` when `winProbability < minWinProbability`. */
  proof: string | null;
  /** The entry's contract arguments, or `null` with `proof`. */
  args: LotteryEntryArgs | null;
}

/**
 * A node's ticket for a slot's sequencer lottery or an epoch's prover lottery, as the contract will compute it: σ
 * from the beacon, beta from the node's VRF key (evaluated without a proof first), the epoch weight from the
 * registry's checkpoints, the race time, and `winProbability` = exp(−(W − w)·t), the chance nobody else beats it
 * (in a Cooperative rollup, give the proposal's `feeSplit`: both are then boosted by it as the rollup ranks it).
 * The proof and contract arguments are built only when `winProbability ≥ minWinProbability`. With a `context` from
 * {@link prepareEligibility} a check reads only the slot's seed; without one it prepares the epoch first.
 *
 * @param lottery - The lottery (any runner with a provider).
 * @param params - Node, epoch, slot, role, and optionally the epoch context, W and a probability threshold.
 * @returns The ticket, its win probability and, if worth it, the entry's arguments.
 * @throws {InvalidParameterError} For malformed arguments, or a slot outside the epoch.
 * @throws {NotEligibleError} If the node cannot enter (see {@link prepareEligibility}).
 * @throws {ContractRevertError} E.g. `SeedBeacon__SeedNotFixed` (too early), `NodeRegistry__InputsNotFixed`.
 * @example
 * const node = { pid, vrfSecretKey };
 * const context = await prepareEligibility(lottery, { node, epoch, role: "sequencer", totalWeight });
 * const ticket = await checkEligibility(lottery, { node, epoch, slot, role: "sequencer", context, minWinProbability: 0.05 });
 * if (ticket.args) await propose(lottery.connect(operator), { entry: ticket.args, salt, headerHash });
 */
export async function checkEligibility(
  lottery: LotteryDraw,
  params: CheckEligibilityParameters,
): Promise<CheckEligibilityReturnType> {
  const minWinProbability = params.minWinProbability ?? 0;
  if (typeof minWinProbability !== "number" || !(minWinProbability >= 0 && minWinProbability <= 1)) {
    throw new InvalidParameterError(`minWinProbability must be between 0 and 1, got ${String(minWinProbability)}`);
  }
  const context = params.context ?? (await prepareEligibility(lottery, params));
  if (params.context !== undefined) {
    const same =
      checkedBytes(params.node?.pid ?? "0x", "pid", 32) === context.pid &&
      checkedUint(params.epoch, "epoch") === context.epoch &&
      checkedLotteryRole(params.role) === context.role;
    if (!same) throw new InvalidParameterError("context is for another node, epoch or role");
  }
  const { pid, epoch, role, epochSlots, weight, totalWeight } = context;
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
  const seed = await readContract("SeedBeacon.seedFor", () =>
    context.beacon.seedFor(epoch, slot, LOTTERY_ROLE_BITS[role]),
  );
  const alpha = lotteryAlpha(seed, role === "sequencer" ? "SEQUENCER" : "PROVER");
  const beta = evaluate(NODE_VRF_SUITE, context.vrfSecretKey, alpha);
  const unboosted = raceTimeOf(beta, weight);
  let raceTime = unboosted;
  let winProbability: number;
  if (params.feeSplit === undefined) {
    winProbability = winProbabilityOf(unboosted, weight, totalWeight);
  } else {
    if (role !== "sequencer") throw new InvalidParameterError("feeSplit boosts sequencer entries only");
    raceTime = boostedRaceTime(unboosted, params.feeSplit);
    winProbability = boostedWinProbability({
      raceTime: unboosted,
      boostBps: params.feeSplit,
      weight,
      totalWeight,
      othersBoostBps: params.othersFeeSplit,
    });
  }

  let proof: string | null = null;
  let args: LotteryEntryArgs | null = null;
  if (winProbability >= minWinProbability) {
    const pi = prove(NODE_VRF_SUITE, context.vrfSecretKey, alpha);
    const [, vrfProof, , hints] = toVerifierInput(getBytes(context.vrfKey), pi, alpha);
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

/** Result of {@link prepareEligibility}: the context to pass to {@link checkEligibility}. */
export type PrepareEligibilityReturnType = EligibilityContext;

/**
 * Reads once per epoch what a node's eligibility depends on — its epoch inputs and weight, the lottery parameters,
 * W — and checks that it can enter: Active with the role, a non-zero weight, its key registered for the epoch, and
 * no commit-reveal commitment for the epoch (which would make the contract refuse its VRF entries). Pass the result
 * as `context` to {@link checkEligibility} for each slot.
 *
 * @param lottery - The lottery (any runner with a provider).
 * @param params - Node, epoch, role, and optionally W and the parameters.
 * @returns The context.
 * @throws {InvalidParameterError} For malformed arguments or a secret key that is not the node's registered key.
 * @throws {NotEligibleError} If the node cannot enter the epoch's lottery of the role.
 * @throws {ContractRevertError} E.g. `NodeRegistry__InputsNotFixed` (too early).
 * @example
 * const context = await prepareEligibility(lottery, { node: { pid, vrfSecretKey }, epoch, role: "sequencer", totalWeight });
 * for (const slot of slotsOf(epoch)) await checkEligibility(lottery, { node, epoch, slot, role: "sequencer", context });
 */
export async function prepareEligibility(
  lottery: LotteryDraw,
  params: PrepareEligibilityParameters,
): Promise<PrepareEligibilityReturnType> {
  if (typeof params !== "object" || params === null || typeof params.node !== "object" || params.node === null) {
    throw new InvalidParameterError("the node ({ pid, vrfSecretKey }) is missing");
  }
  const role = checkedLotteryRole(params.role);
  const pid = checkedBytes(params.node.pid, "pid", 32);
  const vrfSecretKey = getBytes(checkedBytes(params.node.vrfSecretKey, "vrfSecretKey", 32, true));
  let publicVrfKey: string;
  try {
    publicVrfKey = hexlify(publicKey(NODE_VRF_SUITE, vrfSecretKey));
  } catch {
    // The VRF library's message is about the value; never repeat a secret.
    throw new InvalidParameterError("vrfSecretKey is not a valid secp256k1 secret key (it must be in [1, n − 1])");
  }
  const epoch = checkedUint(params.epoch, "epoch");
  const registry = await registryOf(lottery);
  const beacon = contractAt(
    "SeedBeacon",
    await readContract("NodeRegistry.beacon", () => registry.beacon()),
    lottery.runner,
  );
  const [inputs, epochSlots, lotteryParams, commitRevealFallback] = await readContract("lottery views", () =>
    Promise.all([
      registry.nodeAt(pid, epoch),
      beacon.epochSlots(),
      params.params ?? getLotteryParams(lottery),
      lottery.commitRevealFallback(),
    ]),
  );
  const status = nodeStatusName(inputs.status);
  if (status !== "Active") {
    throw new NotEligibleError("NotActive", `node ${pid} is ${status}, not Active, in epoch ${epoch}`);
  }
  if ((Number(inputs.roles) & LOTTERY_ROLE_BITS[role]) === 0) {
    throw new NotEligibleError("MissingRole", `node ${pid} does not have the ${role} role in epoch ${epoch}`);
  }
  if (publicVrfKey !== inputs.vrfKey.toLowerCase()) {
    throw new InvalidParameterError(`vrfSecretKey is not the VRF key node ${pid} has registered for epoch ${epoch}`);
  }
  const weight = lotteryWeight(inputs.stake, inputs.age, lotteryParams);
  if (weight === 0n) throw new NotEligibleError("ZeroWeight", `node ${pid} weighs nothing in epoch ${epoch}`);
  if (commitRevealFallback) {
    const commitment = await readContract("Lottery.commitmentOf", () => lottery.commitmentOf(pid, epoch));
    if (commitment !== ZeroHash) {
      throw new NotEligibleError(
        "CommittedToReveal",
        `node ${pid} committed to commit-reveal for epoch ${epoch}: enter with proposeWithReveal / submitProverTicketWithReveal`,
      );
    }
  }
  const totalWeight =
    params.totalWeight ?? (await getActiveSetWeight(lottery, { epoch, role, fromBlock: params.fromBlock })).totalWeight;
  if (typeof totalWeight !== "bigint" || totalWeight < weight) {
    throw new InvalidParameterError(`totalWeight ${String(totalWeight)} is below the node's own weight ${weight}`);
  }
  return {
    pid,
    epoch,
    role,
    vrfSecretKey,
    vrfKey: inputs.vrfKey,
    weight,
    totalWeight,
    params: lotteryParams,
    epochSlots,
    beacon,
  };
}
