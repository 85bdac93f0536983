import { ZeroHash, type BigNumberish, type BytesLike } from "ethers";
import { ContractCallError, InvalidParameterError } from "../errors";
import type { INodeRegistry } from "../typechain";
import { activeSetLeaf, ActiveSetTree, verifyActiveSetProof } from "./active-set-tree";
import type { NodeLotteryInputs } from "./node-status";
import { nodeStatusName } from "./status";
import { readContract } from "./transaction";
import { checkedBytes, checkedUint } from "./validate";

/** Parameters of {@link getActiveSetProof}. */
export interface GetActiveSetProofParameters {
  /** The node. */
  pid: BytesLike;
  /** The epoch whose active-set root to prove against (at most `currentEpoch + inputLag − 1`). */
  epoch: BigNumberish;
  /**
   * First block to read `ActiveSetLeafUpdated` events from: the registry's deployment block or earlier (default 0).
   * Every leaf change since the deployment is needed to rebuild the tree.
   */
  fromBlock?: number | string;
}

/** One leaf change, as the registry emitted it. */
export interface ActiveSetLeafUpdate {
  pid: string;
  leafIndex: number;
  leaf: string;
  /** The tree's root right after the change. */
  root: string;
  blockNumber: number;
  logIndex: number;
}

/** Result of {@link getActiveSetProof}. */
export interface GetActiveSetProofReturnType {
  pid: string;
  epoch: bigint;
  /** `activeSetRootAt(epoch)`. */
  root: string;
  /** The node's position in the tree. */
  leafIndex: number;
  /** The node's leaf in that epoch's tree (`0x00…00` if it was not Active in the lottery then). */
  leaf: string;
  /** The 20 siblings, bottom-up, for OpenZeppelin `MerkleProof.verify(proof, root, leaf)`. */
  proof: string[];
  /** Whether the proof connects the leaf to the root. */
  verified: boolean;
  /** Whether the leaf is non-zero, i.e. the node is in the epoch's active set. */
  active: boolean;
  /** The node's lottery inputs for the epoch (`nodeAt`). */
  inputs: NodeLotteryInputs;
  /** Whether `leaf` is exactly the leaf of `inputs` (zero unless they say Active). */
  leafMatchesInputs: boolean;
}

/**
 * All `ActiveSetLeafUpdated` events of a registry, in chain order (block, then log index).
 *
 * @param registry - The registry (any runner).
 * @param fromBlock - First block to read (default 0).
 * @returns The leaf changes, oldest first.
 * @throws {ContractCallError} If the logs cannot be read.
 */
export async function getActiveSetLeafUpdates(
  registry: INodeRegistry,
  fromBlock: number | string = 0,
): Promise<ActiveSetLeafUpdate[]> {
  const events = await readContract("reading ActiveSetLeafUpdated events", () =>
    registry.queryFilter(registry.filters.ActiveSetLeafUpdated(), fromBlock, "latest"),
  );
  return events
    .map((event) => ({
      pid: event.args.pid,
      leafIndex: Number(event.args.leafIndex),
      leaf: event.args.leaf,
      root: event.args.root,
      blockNumber: event.blockNumber,
      logIndex: event.index,
    }))
    .sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
}

/**
 * The active-set tree as it was for an epoch, rebuilt from the registry's leaf changes: the events are replayed in
 * chain order and the latest replayed state whose root equals `root` is returned (the empty tree if none is needed).
 * Any state with that root has the same leaves.
 *
 * @param updates - From {@link getActiveSetLeafUpdates}.
 * @param root - The root to reach, e.g. `activeSetRootAt(epoch)`.
 * @returns The tree, or `null` if no replayed state has that root.
 * @throws {ContractCallError} If a replayed root differs from the root the event reports (events are missing).
 */
export function replayActiveSetTree(updates: readonly ActiveSetLeafUpdate[], root: string): ActiveSetTree | null {
  const target = root.toLowerCase();
  const tree = new ActiveSetTree();
  let match = tree.root === target ? 0 : -1;
  updates.forEach((update, i) => {
    const replayed = tree.update(update.leafIndex, update.leaf);
    if (replayed !== update.root.toLowerCase()) {
      throw new ContractCallError(
        `the replayed active-set tree diverges at block ${update.blockNumber} (root ${replayed}, event says ` +
          `${update.root}): events are missing; read them from the registry's deployment block`,
      );
    }
    if (replayed === target) match = i + 1;
  });
  if (match < 0) return null;
  const rebuilt = new ActiveSetTree();
  for (const update of updates.slice(0, match)) rebuilt.update(update.leafIndex, update.leaf);
  return rebuilt;
}

/**
 * A Merkle proof of a node's leaf in an epoch's active-set root (`activeSetRootAt(epoch)`), rebuilt off-chain from
 * the registry's `ActiveSetLeafUpdated` events, plus the node's lottery inputs for the epoch so that a verifier can
 * check they are the ones committed in the root.
 *
 * @param registry - The registry (any runner).
 * @param params - The pid, the epoch, and optionally the first block to read events from.
 * @returns Leaf, proof, root, leaf index and whether the proof verifies.
 * @throws {InvalidParameterError} For a malformed pid or one that never registered.
 * @throws {ContractRevertError} `NodeRegistry__InputsNotFixed` for an epoch whose set can still change.
 * @throws {ContractCallError} If the events do not rebuild the root (e.g. `fromBlock` after the deployment).
 * @example
 * const { proof, leaf, root, verified } = await getActiveSetProof(registry, { pid, epoch: 7n });
 * // on-chain: MerkleProof.verify(proof, registry.activeSetRootAt(7), leaf)
 */
export async function getActiveSetProof(
  registry: INodeRegistry,
  params: GetActiveSetProofParameters,
): Promise<GetActiveSetProofReturnType> {
  const pid = checkedBytes(params.pid, "pid", 32);
  const epoch = checkedUint(params.epoch, "epoch");
  const [root, info, rawInputs] = await readContract("NodeRegistry views", () =>
    Promise.all([registry.activeSetRootAt(epoch), registry.node(pid), registry.nodeAt(pid, epoch)]),
  );
  if (Number(info.status) === 0) {
    throw new InvalidParameterError(`getActiveSetProof: no node was ever registered under pid ${pid}`);
  }
  const updates = await getActiveSetLeafUpdates(registry, params.fromBlock ?? 0);
  const tree = replayActiveSetTree(updates, root);
  if (tree === null) {
    throw new ContractCallError(
      `no replayed state of the active-set tree has the root of epoch ${epoch} (${root}); ` +
        `read the events from the registry's deployment block`,
    );
  }
  const leafIndex = Number(info.leafIndex);
  const leaf = tree.leaf(leafIndex);
  const proof = tree.proof(leafIndex);
  const inputs: NodeLotteryInputs = {
    epoch,
    status: nodeStatusName(rawInputs.status),
    stake: rawInputs.stake,
    age: rawInputs.age,
    activationEpoch: rawInputs.activationEpoch,
    vrfKey: rawInputs.vrfKey,
    roles: Number(rawInputs.roles),
  };
  const expectedLeaf = inputs.status === "Active" ? activeSetLeaf({ pid, ...inputs }) : ZeroHash;
  return {
    pid,
    epoch,
    root,
    leafIndex,
    leaf,
    proof,
    verified: verifyActiveSetProof({ leaf, proof, root }),
    active: leaf !== ZeroHash,
    inputs,
    leafMatchesInputs: expectedLeaf === leaf,
  };
}
