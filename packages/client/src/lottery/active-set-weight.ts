// The public total weight W of an epoch's lottery, rebuilt from the registry's active-set events: every node in the
// epoch's active-set root, weighed by its epoch inputs (`nodeAt`) with the lottery's parameters.
import { ZeroHash, type BigNumberish } from "ethers";
import { contractAt } from "../contracts";
import { InvalidParameterError } from "../errors";
import { rebuildActiveSetTree, type LeafUpdatesProgress } from "../registry/active-set-proof";
import { ROLE_PROVER, ROLE_SEQUENCER } from "../registry/roles";
import { readContract } from "../transaction";
import { checkedUint } from "../validate";
import { type ILotteryBase, type NodeRegistry } from "../typechain";
import { lotteryWeight, type LotteryParams } from "./math";

/** Which lottery: the per-slot sequencer lottery or the per-epoch prover lottery. */
export type LotteryRole = "sequencer" | "prover";

/** The registry role bit of a lottery. */
export const LOTTERY_ROLE_BITS: Readonly<Record<LotteryRole, number>> = Object.freeze({
  sequencer: ROLE_SEQUENCER,
  prover: ROLE_PROVER,
});

/** Checks a lottery role argument. */
export function checkedLotteryRole(role: unknown): LotteryRole {
  if (role !== "sequencer" && role !== "prover") {
    throw new InvalidParameterError(`role must be "sequencer" or "prover", got ${JSON.stringify(role)}`);
  }
  return role;
}

/**
 * What the SDK reads from a deployment of the lottery's draw: a standalone `Lottery`, a `Rollup` (its block
 * proposals are sequencer entries) or a `ProverCoordinator` (its prover tickets) all qualify.
 */
export type LotteryDraw = Pick<
  ILotteryBase,
  "params" | "registry" | "commitRevealFallback" | "commitmentOf" | "runner"
>;

/** Result of {@link getLotteryParams}. */
export type GetLotteryParamsReturnType = LotteryParams;

/**
 * Reads the lottery's parameters (α, β, γ, A_max).
 *
 * @param lottery - A lottery, rollup or prover coordinator (any runner).
 * @returns The parameters.
 * @throws {ContractCallError} If they cannot be read.
 * @example
 * const { alpha, beta } = await getLotteryParams(lottery);
 */
export async function getLotteryParams(lottery: LotteryDraw): Promise<GetLotteryParamsReturnType> {
  const p = await readContract("Lottery.params", () => lottery.params());
  return { alpha: p.alpha, beta: p.beta, gamma: p.gamma, ageCap: p.ageCap };
}

/** Parameters of {@link getActiveSetWeight}. */
export interface GetActiveSetWeightParameters {
  /** The epoch (its inputs must be fixed: at most `currentEpoch + inputLag − 1`). */
  epoch: BigNumberish;
  /** Whose weights to add up: nodes with the sequencer role or with the prover role. */
  role: LotteryRole;
  /** The registry's deployment block or earlier (default 0): every leaf change since then is read. */
  fromBlock?: number | string;
  /** Blocks per `eth_getLogs` request. */
  blockRange?: number;
  /** Reads of `nodeAt` in flight at once (default 16). */
  concurrency?: number;
  /** Called after each `eth_getLogs` request. */
  onProgress?: (progress: LeafUpdatesProgress) => void;
}

/** One node's share of an epoch's lottery. */
export interface ActiveNodeWeight {
  pid: string;
  stake: bigint;
  age: bigint;
  roles: number;
  /** `lotteryWeight(stake, age, params)`: the contract's `weightAt(pid, epoch)`. */
  weight: bigint;
}

/** Result of {@link getActiveSetWeight}. */
export interface GetActiveSetWeightReturnType {
  epoch: bigint;
  role: LotteryRole;
  /** W = Σ weight over the nodes below. */
  totalWeight: bigint;
  /** Every node of the epoch's active set with the role, by pid. */
  nodes: ActiveNodeWeight[];
  /** The epoch's active-set root the set was rebuilt for. */
  root: string;
}

/**
 * The public total weight W of an epoch's sequencer or prover lottery: the nodes of the epoch's active-set root
 * (rebuilt from `ActiveSetLeafUpdated` events) that have the role, weighed by their epoch inputs. A node needs W for
 * `winProbability`; it changes at most once per epoch, so compute it once per epoch and pass it to
 * {@link checkEligibility}.
 *
 * @param lottery - The lottery (any runner with a provider).
 * @param params - Epoch, role, and where to read events from.
 * @returns W and the weight of every node in it.
 * @throws {InvalidParameterError} For a bad epoch, role or block range.
 * @throws {ContractRevertError} `NodeRegistry__InputsNotFixed` for an epoch whose set can still change.
 * @throws {ContractCallError} If the events do not rebuild the epoch's root (e.g. `fromBlock` after the deployment).
 * @example
 * const { totalWeight } = await getActiveSetWeight(lottery, { epoch, role: "sequencer", fromBlock: deploymentBlock });
 */
export async function getActiveSetWeight(
  lottery: LotteryDraw,
  params: GetActiveSetWeightParameters,
): Promise<GetActiveSetWeightReturnType> {
  const epoch = checkedUint(params.epoch, "epoch");
  const role = checkedLotteryRole(params.role);
  const concurrency = params.concurrency ?? 16;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw new InvalidParameterError(`concurrency must be a positive integer, got ${String(concurrency)}`);
  }
  const registry = await registryOf(lottery);
  const [root, lotteryParams] = await Promise.all([
    readContract("NodeRegistry.activeSetRootAt", () => registry.activeSetRootAt(epoch)),
    getLotteryParams(lottery),
  ]);
  const { tree, updates } = await rebuildActiveSetTree(registry, {
    epoch,
    root,
    fromBlock: params.fromBlock,
    blockRange: params.blockRange,
    onProgress: params.onProgress,
  });
  const members = new Map<string, number>();
  for (const update of updates) members.set(update.pid, update.leafIndex);
  const pids = [...members].filter(([, index]) => tree.leaf(index) !== ZeroHash).map(([pid]) => pid);

  const bit = LOTTERY_ROLE_BITS[role];
  const nodes: ActiveNodeWeight[] = [];
  for (let i = 0; i < pids.length; i += concurrency) {
    const batch = pids.slice(i, i + concurrency);
    const inputs = await readContract("NodeRegistry.nodeAt", () =>
      Promise.all(batch.map((pid) => registry.nodeAt(pid, epoch))),
    );
    batch.forEach((pid, j) => {
      const { stake, age, roles } = inputs[j];
      if ((Number(roles) & bit) === 0) return;
      nodes.push({ pid, stake, age, roles: Number(roles), weight: lotteryWeight(stake, age, lotteryParams) });
    });
  }
  nodes.sort((a, b) => (a.pid < b.pid ? -1 : a.pid > b.pid ? 1 : 0));
  const totalWeight = nodes.reduce((sum, n) => sum + n.weight, 0n);
  return { epoch, role, totalWeight, nodes, root };
}

/** Result of {@link registryOf}. */
export type RegistryOfReturnType = NodeRegistry;

/**
 * The registry a lottery reads, connected with the lottery's runner.
 *
 * @param lottery - A lottery, rollup or prover coordinator (any runner).
 * @returns The registry.
 * @throws {ContractCallError} If its address cannot be read.
 */
export async function registryOf(lottery: LotteryDraw): Promise<RegistryOfReturnType> {
  const address = await readContract("Lottery.registry", () => lottery.registry());
  return contractAt("NodeRegistry", address, lottery.runner);
}
