import type { BigNumberish, BytesLike } from "ethers";
import type { INodeRegistry } from "../typechain";
import { rolesName } from "./roles";
import { nodeStatusName, type NodeStatusName } from "./status";
import { readContract } from "../transaction";
import { checkedBytes, checkedUint } from "../validate";

/** A node as it is now (its state machine). */
export interface NodeState {
  operator: string;
  status: NodeStatusName;
  /** 1 sequencer, 2 prover, 3 both. */
  roles: number;
  /** `sequencer`, `prover` or `sequencer+prover`. */
  rolesName: string;
  leafIndex: number;
  registeredEpoch: bigint;
  /** First epoch Active in the lottery (0 until activated). */
  activationEpoch: bigint;
  /** First epoch no longer Active in the lottery (0 until unbonded). */
  exitEpoch: bigint;
  /** First epoch `withdraw` succeeds (0 until unbonded). */
  withdrawableEpoch: bigint;
  selfStake: bigint;
  delegatedStake: bigint;
  unbondingDelegatedStake: bigint;
  /** Compressed VRF key (`0x` when never registered). */
  vrfKey: string;
  commKey: string;
}

/** A node's lottery inputs for one epoch (fixed before that epoch's seed). */
export interface NodeLotteryInputs {
  /** The epoch these inputs are for. */
  epoch: bigint;
  status: NodeStatusName;
  /** Self-stake plus delegated stake. */
  stake: bigint;
  /** Whole epochs continuously Active, capped at `ageCap`. */
  age: bigint;
  activationEpoch: bigint;
  vrfKey: string;
  roles: number;
}

/** Parameters of {@link getNodeStatus}. */
export interface GetNodeStatusParameters {
  /** The node. */
  pid: BytesLike;
  /** Epoch of the lottery inputs; default the current epoch. At most `currentEpoch + inputLag − 1`. */
  epoch?: BigNumberish;
}

/** Result of {@link getNodeStatus}. */
export interface GetNodeStatusReturnType {
  pid: string;
  /** The registry's current epoch. */
  currentEpoch: bigint;
  /** The registry's current absolute slot. */
  currentSlot: bigint;
  /** Changes made now reach the lottery this many epochs later. */
  inputLag: bigint;
  /** The node's current state. */
  node: NodeState;
  /** Its lottery inputs for the requested epoch (default the current one). */
  lottery: NodeLotteryInputs;
  /** For a Pending node: the first epoch `activate` succeeds; otherwise `null`. */
  activatableFromEpoch: bigint | null;
}

/**
 * A node's current state, its lottery inputs for the current (or a given) epoch, and the registry's clock.
 *
 * @param registry - The registry (any runner).
 * @param params - The pid, and optionally the epoch of the lottery inputs.
 * @returns State, lottery inputs, epoch and slot. A pid that never registered has status `None`.
 * @throws {InvalidParameterError} For a malformed pid.
 * @throws {ContractRevertError} `NodeRegistry__InputsNotFixed` for an epoch whose inputs can still change.
 * @throws {ContractCallError} If a read fails.
 * @example
 * const { node, lottery } = await getNodeStatus(registry, { pid });
 * console.log(node.status, lottery.stake, lottery.age);
 */
export async function getNodeStatus(
  registry: INodeRegistry,
  params: GetNodeStatusParameters,
): Promise<GetNodeStatusReturnType> {
  const pid = checkedBytes(params.pid, "pid", 32);
  const [currentEpoch, currentSlot, inputLag, entryDelayEpochs, info] = await readContract("NodeRegistry views", () =>
    Promise.all([
      registry.currentEpoch(),
      registry.currentSlot(),
      registry.inputLag(),
      registry.entryDelayEpochs(),
      registry.node(pid),
    ]),
  );
  const epoch = params.epoch === undefined ? currentEpoch : checkedUint(params.epoch, "epoch");
  const inputs = await readContract("NodeRegistry.nodeAt", () => registry.nodeAt(pid, epoch));
  const node: NodeState = {
    operator: info.operator,
    status: nodeStatusName(info.status),
    roles: Number(info.roles),
    rolesName: rolesName(info.roles),
    leafIndex: Number(info.leafIndex),
    registeredEpoch: info.registeredEpoch,
    activationEpoch: info.activationEpoch,
    exitEpoch: info.exitEpoch,
    withdrawableEpoch: info.withdrawableEpoch,
    selfStake: info.selfStake,
    delegatedStake: info.delegatedStake,
    unbondingDelegatedStake: info.unbondingDelegatedStake,
    vrfKey: info.vrfKey,
    commKey: info.commKey,
  };
  return {
    pid,
    currentEpoch,
    currentSlot,
    inputLag,
    node,
    lottery: {
      epoch,
      status: nodeStatusName(inputs.status),
      stake: inputs.stake,
      age: inputs.age,
      activationEpoch: inputs.activationEpoch,
      vrfKey: inputs.vrfKey,
      roles: Number(inputs.roles),
    },
    activatableFromEpoch: node.status === "Pending" ? node.registeredEpoch + entryDelayEpochs : null,
  };
}
