import { ZeroHash, type BigNumberish, type BytesLike } from "ethers";
import { ContractCallError, InvalidParameterError } from "../errors";
import type { INodeRegistry } from "../typechain";
import { activeSetLeaf, ActiveSetTree, verifyActiveSetProof } from "./active-set-tree";
import type { NodeLotteryInputs } from "./node-status";
import { nodeStatusName } from "./status";
import { readContract } from "../transaction";
import { checkedBytes, checkedUint } from "../validate";

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
  /** Blocks per `eth_getLogs` request (default {@link DEFAULT_LOG_BLOCK_RANGE}); lower it for RPCs with a lower limit. */
  blockRange?: number;
  /** Called after each `eth_getLogs` request (see {@link GetActiveSetLeafUpdatesParameters}). */
  onProgress?: (progress: LeafUpdatesProgress) => void;
}

/**
 * Blocks per `eth_getLogs` request when reading a registry's events. Public RPC endpoints refuse wider ranges (many
 * allow 10 000 blocks); lower it with `blockRange` for those that allow fewer.
 */
export const DEFAULT_LOG_BLOCK_RANGE = 10_000;

/** Parameters of {@link getActiveSetLeafUpdates}. */
export interface GetActiveSetLeafUpdatesParameters {
  /**
   * First block to read (default 0): a number, decimal or hex text, or a block tag. The registry's deployment block
   * or earlier to rebuild the tree.
   */
  fromBlock?: number | string;
  /** Last block to read (default the latest block when the call starts). */
  toBlock?: number;
  /** Blocks per `eth_getLogs` request (default {@link DEFAULT_LOG_BLOCK_RANGE}). */
  blockRange?: number;
  /** Called after each `eth_getLogs` request, so that a long scan can show progress. */
  onProgress?: (progress: LeafUpdatesProgress) => void;
}

/** How far {@link getActiveSetLeafUpdates} has read. */
export interface LeafUpdatesProgress {
  /** First block of the scan. */
  fromBlock: number;
  /** Last block of the scan. */
  toBlock: number;
  /** Blocks read up to and including this one. */
  readTo: number;
  /** Leaf updates found so far. */
  updates: number;
}

/** Result of {@link getActiveSetLeafUpdates}: the leaf changes, oldest first. */
export type GetActiveSetLeafUpdatesReturnType = ActiveSetLeafUpdate[];

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

/** A block number from a `fromBlock` or `toBlock` parameter: a non-negative integer, decimal or hex text, or a tag. */
async function blockNumber(registry: INodeRegistry, block: number | string, what: string): Promise<number> {
  if (typeof block === "number" || /^(\d+|0x[0-9a-f]+)$/i.test(block)) {
    const value = Number(block);
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new InvalidParameterError(`${what} must be a non-negative block number, got ${JSON.stringify(block)}`);
    }
    return value;
  }
  if (block === "earliest") return 0;
  const provider = registry.runner?.provider;
  if (!provider) throw new InvalidParameterError(`reading events needs a registry connected to a provider`);
  if (block === "latest") return readContract("reading the latest block number", () => provider.getBlockNumber());
  const found = await readContract(`reading block ${block}`, () => provider.getBlock(block));
  if (found === null) throw new InvalidParameterError(`${what}: there is no block ${JSON.stringify(block)}`);
  return found.number;
}

/**
 * All `ActiveSetLeafUpdated` events of a registry, in chain order (block, then log index). The logs are read in
 * requests of at most `blockRange` blocks, so that RPC endpoints that limit `eth_getLogs` ranges answer them.
 *
 * @param registry - The registry (connected to a provider, or to a signer with one).
 * @param params - First and last block, blocks per request, and a progress callback.
 * @returns The leaf changes, oldest first.
 * @throws {InvalidParameterError} For a negative or unknown block, or a `blockRange` below 1.
 * @throws {ContractCallError} If the logs cannot be read.
 * @example
 * const updates = await getActiveSetLeafUpdates(registry, { fromBlock: deploymentBlock, blockRange: 2_000 });
 */
export async function getActiveSetLeafUpdates(
  registry: INodeRegistry,
  params: GetActiveSetLeafUpdatesParameters = {},
): Promise<GetActiveSetLeafUpdatesReturnType> {
  const blockRange = params.blockRange ?? DEFAULT_LOG_BLOCK_RANGE;
  if (!Number.isSafeInteger(blockRange) || blockRange < 1) {
    throw new InvalidParameterError(`blockRange must be a positive integer, got ${String(blockRange)}`);
  }
  const first = await blockNumber(registry, params.fromBlock ?? 0, "fromBlock");
  const last =
    params.toBlock === undefined
      ? await blockNumber(registry, "latest", "toBlock")
      : await blockNumber(registry, params.toBlock, "toBlock");
  const filter = registry.filters.ActiveSetLeafUpdated();
  const updates: ActiveSetLeafUpdate[] = [];
  for (let start = first; start <= last; start += blockRange) {
    const end = Math.min(start + blockRange - 1, last);
    const events = await readContract(`reading ActiveSetLeafUpdated events of blocks ${start}–${end}`, () =>
      registry.queryFilter(filter, start, end),
    );
    for (const event of events) {
      updates.push({
        pid: event.args.pid,
        leafIndex: Number(event.args.leafIndex),
        leaf: event.args.leaf,
        root: event.args.root,
        blockNumber: event.blockNumber,
        logIndex: event.index,
      });
    }
    params.onProgress?.({ fromBlock: first, toBlock: last, readTo: end, updates: updates.length });
  }
  return updates.sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
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

/** Parameters of {@link rebuildActiveSetTree}: the epoch and root to reach, and where to read events from. */
export interface RebuildActiveSetTreeParameters {
  /** The epoch (for the error message). */
  epoch: BigNumberish;
  /** The root to reach: the epoch's `activeSetRootAt`. */
  root: string;
  /** The registry's deployment block or earlier (default 0). */
  fromBlock?: number | string;
  /** Blocks per `eth_getLogs` request. */
  blockRange?: number;
  /** Called after each `eth_getLogs` request. */
  onProgress?: (progress: LeafUpdatesProgress) => void;
}

/** Result of {@link rebuildActiveSetTree}. */
export interface RebuildActiveSetTreeReturnType {
  /** The tree whose root is the epoch's. */
  tree: ActiveSetTree;
  /** Every leaf change read, oldest first. */
  updates: ActiveSetLeafUpdate[];
}

/**
 * The active-set tree of an epoch (the state whose root is `root`, its `activeSetRootAt`), rebuilt from every
 * `ActiveSetLeafUpdated` event since `fromBlock`, with the events themselves.
 *
 * @param registry - The registry (connected to a provider, or to a signer with one).
 * @param params - The epoch and its root, and where to read events from.
 * @returns The tree and the leaf changes.
 * @throws {InvalidParameterError} For a negative or unknown block, or a `blockRange` below 1.
 * @throws {ContractCallError} If no replayed state has that root (e.g. `fromBlock` after the deployment).
 */
export async function rebuildActiveSetTree(
  registry: INodeRegistry,
  params: RebuildActiveSetTreeParameters,
): Promise<RebuildActiveSetTreeReturnType> {
  const { epoch, root } = params;
  const updates = await getActiveSetLeafUpdates(registry, {
    fromBlock: params.fromBlock,
    blockRange: params.blockRange,
    onProgress: params.onProgress,
  });
  const tree = replayActiveSetTree(updates, root);
  if (tree === null) {
    throw new ContractCallError(
      `no replayed state of the active-set tree has the root of epoch ${epoch} (${root}); ` +
        `read the events from the registry's deployment block`,
    );
  }
  return { tree, updates };
}

/**
 * A Merkle proof of a node's leaf in an epoch's active-set root (`activeSetRootAt(epoch)`), rebuilt off-chain from
 * the registry's `ActiveSetLeafUpdated` events, plus the node's lottery inputs for the epoch so that a verifier can
 * check they are the ones committed in the root.
 *
 * @param registry - The registry (any runner).
 * @param params - The pid, the epoch, and optionally the first block to read events from and the blocks per request.
 * @returns Leaf, proof, root, leaf index and whether the proof verifies.
 * @throws {InvalidParameterError} For a malformed pid or one that never registered, or a bad `fromBlock` or
 *   `blockRange`.
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
  const { tree } = await rebuildActiveSetTree(registry, {
    epoch,
    root,
    fromBlock: params.fromBlock,
    blockRange: params.blockRange,
    onProgress: params.onProgress,
  });
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
