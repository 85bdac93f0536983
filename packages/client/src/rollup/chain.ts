// Reading the pending chain: a block's header and transactions recovered from its proposal's calldata (the DA layer
// of this rollup), and the parent a new proposal for a slot must extend.
import { ZeroHash, type BigNumberish, type BytesLike, type Log } from "ethers";
import { readContract } from "../transaction";
import { checkedBytes, checkedUint } from "../validate";
import { ISeedBeacon__factory, type Rollup } from "../typechain";
import { BlockDataNotFoundError } from "./errors";
import { blockHeaderHash, genesisHeader, toBlockHeader, type BlockHeader } from "./header";

/**
 * Overrides that run a call in the pending block, whose timestamp (hence slot) is the one the next transaction will
 * see — the latest block may belong to the previous slot. Used for dry runs and for what a proposal must extend.
 */
export const PENDING = { blockTag: "pending" } as const;

/** How a block came onto the pending chain. */
export type ProposalMethod = "genesis" | "propose" | "proposeWithReveal" | "proposeViaBuilder" | "proposeBased";

/** A block of the pending (or proven) chain with its data. */
export interface ProposedBlock {
  /** The pending chain's block number. */
  blockNumber: bigint;
  header: BlockHeader;
  headerHash: string;
  /** The published transactions (empty for genesis). */
  txs: bigint[];
  method: ProposalMethod;
  /** The L1 transaction that put the block on the chain and its L1 block (`null` for genesis). */
  proposal: { transactionHash: string; blockNumber: number } | null;
}

/** Parameters of {@link getProposedBlock}. */
export interface GetProposedBlockParameters {
  /** The block's number on the pending chain. */
  blockNumber: BigNumberish;
  /**
   * The header hash wanted (default: the block the rollup holds at that number now). Give it for a block that may
   * have been replaced or pruned since, or whose record the ring has reused.
   */
  headerHash?: BytesLike;
  /** First L1 block to read the rollup's logs from (default 0; pass the rollup's deployment block on long chains). */
  fromBlock?: number;
}

/** Result of {@link getProposedBlock}. */
export type GetProposedBlockReturnType = ProposedBlock;

/**
 * A block's header and transactions, read back from the calldata of the transaction that proposed it (found through
 * its `BlockProposed` or `BasedBlockProven` log) and checked against its header hash. Without `headerHash` it is the
 * block the rollup holds now at that number; if the ring has reused that number's record, the latest proposal logged
 * for the number.
 *
 * @param rollup - The rollup (any runner with a provider).
 * @param params - Block number, optionally the header hash and where to read logs from.
 * @returns The block with its header, transactions and proposal transaction.
 * @throws {BlockDataNotFoundError} If no proposal of that block is found, or it was not a direct call of the rollup.
 * @throws {ContractCallError} If the chain cannot be read.
 * @example
 * const { header, txs } = await getProposedBlock(rollup, { blockNumber: 5n, fromBlock: deploymentBlock });
 */
export async function getProposedBlock(
  rollup: Rollup,
  params: GetProposedBlockParameters,
): Promise<GetProposedBlockReturnType> {
  const blockNumber = checkedUint(params.blockNumber, "blockNumber");
  const record = await readContract("Rollup.blockRecord", () => rollup.blockRecord(blockNumber));
  const wanted =
    params.headerHash !== undefined
      ? checkedBytes(params.headerHash, "headerHash", 32)
      : record.headerHash !== ZeroHash
        ? record.headerHash.toLowerCase()
        : undefined;
  if (blockNumber === 0n) {
    const { genesisState } = await readContract("Rollup.config", () => rollup.config());
    const header = genesisHeader(genesisState);
    const headerHash = blockHeaderHash(header);
    if (wanted !== undefined && wanted !== headerHash) {
      throw new BlockDataNotFoundError(0n, `the genesis block's hash is ${headerHash}, not ${wanted}`);
    }
    return { blockNumber, header, headerHash, txs: [], method: "genesis", proposal: null };
  }
  const fromBlock = params.fromBlock ?? 0;
  const [proposed, based] = await readContract("Rollup logs", () =>
    Promise.all([
      rollup.queryFilter(rollup.filters.BlockProposed(blockNumber), fromBlock, "latest"),
      rollup.queryFilter(rollup.filters.BasedBlockProven(blockNumber), fromBlock, "latest"),
    ]),
  );
  const logs = [...proposed, ...based]
    .filter((log) => wanted === undefined || log.args.headerHash.toLowerCase() === wanted)
    .sort(byPosition);
  const log = logs[logs.length - 1];
  if (log === undefined) {
    throw new BlockDataNotFoundError(
      blockNumber,
      wanted === undefined
        ? `no proposal of it is logged since L1 block ${fromBlock}`
        : `no proposal with header hash ${wanted} is logged since L1 block ${fromBlock}`,
    );
  }
  const tx = await readContract("eth_getTransactionByHash", () =>
    rollup.runner!.provider!.getTransaction(log.transactionHash),
  );
  const rollupAddress = (await rollup.getAddress()).toLowerCase();
  if (tx === null || tx.to?.toLowerCase() !== rollupAddress) {
    throw new BlockDataNotFoundError(
      blockNumber,
      `its proposal ${log.transactionHash} was relayed by another contract, so its calldata is not the rollup call`,
    );
  }
  const call = rollup.interface.parseTransaction({ data: tx.data, value: tx.value });
  let header: BlockHeader;
  let txs: bigint[];
  if (call?.name === "proposeBased") {
    header = toBlockHeader(call.args.header);
    txs = Array.from(call.args.txs as bigint[]);
  } else if (call?.name === "propose" || call?.name === "proposeWithReveal" || call?.name === "proposeViaBuilder") {
    header = toBlockHeader(call.args.proposal.header);
    txs = Array.from(call.args.txs as bigint[]);
  } else {
    throw new BlockDataNotFoundError(blockNumber, `transaction ${log.transactionHash} is not a proposal`);
  }
  const headerHash = blockHeaderHash(header);
  if (headerHash !== log.args.headerHash.toLowerCase()) {
    throw new BlockDataNotFoundError(
      blockNumber,
      `the header in ${log.transactionHash} does not hash to the logged one`,
    );
  }
  return {
    blockNumber,
    header,
    headerHash,
    txs,
    method: call.name as ProposalMethod,
    proposal: { transactionHash: log.transactionHash, blockNumber: log.blockNumber },
  };
}

function byPosition(a: Log, b: Log): number {
  return a.blockNumber - b.blockNumber || a.index - b.index;
}

/** The block a proposal extends. */
export interface ProposalParent {
  /** Its header hash: the new header's `parent`. */
  hash: string;
  /** Its state: the new header's `prevState`. */
  state: bigint;
  /** Its number on the pending chain. */
  blockNumber: bigint;
  /** The slot's current block that a better proposal would replace (`null` when the slot has none). */
  replaces: bigint | null;
}

/** Parameters of {@link getProposalParent}. */
export interface GetProposalParentParameters {
  /** The proposal's slot (the current slot). */
  slot: BigNumberish;
  /**
   * First L1 block to read the rollup's logs from (default 0; only needed to replace a block: its parent's state is
   * in its header).
   */
  fromBlock?: number;
}

/** Result of {@link getProposalParent}. */
export type GetProposalParentReturnType = ProposalParent;

/**
 * The block a proposal for `slot` must extend, as the rollup will see it: the pending tip; the tip's parent when the
 * tip is already `slot`'s (unproven) block, which a better proposal replaces; the proven tip when the pending chain
 * is due to be pruned (the proposal prunes it first).
 *
 * @param rollup - The rollup (any runner with a provider).
 * @param params - The proposal's slot, and where to read logs from.
 * @returns The parent's hash, state and number, and the block replaced if any.
 * @throws {InvalidParameterError} If the slot is not an unsigned integer.
 * @throws {ContractCallError} If the chain cannot be read.
 * @throws {BlockDataNotFoundError} If the header of the slot's current block cannot be read back.
 * @example
 * const parent = await getProposalParent(rollup, { slot, fromBlock: deploymentBlock });
 * const header = buildBlockHeader({ parent, slot, txs, feeSplit });
 */
export async function getProposalParent(
  rollup: Rollup,
  params: GetProposalParentParameters,
): Promise<GetProposalParentReturnType> {
  const s = checkedUint(params.slot, "slot");
  const [tips, synced] = await readContract("Rollup.tips", () =>
    Promise.all([rollup.tips(PENDING), rollup.syncTips.staticCall(PENDING)]),
  );
  if (synced.pendingBlock !== tips.pendingBlock) {
    const record = await readContract("Rollup.blockRecord", () => rollup.blockRecord(tips.provenBlock));
    return { hash: record.headerHash, state: tips.provenState, blockNumber: tips.provenBlock, replaces: null };
  }
  if (tips.tipSlot === s && tips.pendingBlock !== 0n && tips.pendingBlock !== tips.provenBlock) {
    const tip = await getProposedBlock(rollup, {
      blockNumber: tips.pendingBlock,
      headerHash: tips.tipHash,
      fromBlock: params.fromBlock,
    });
    return {
      hash: tip.header.parent,
      state: tip.header.prevState,
      blockNumber: tips.pendingBlock - 1n,
      replaces: tips.pendingBlock,
    };
  }
  return { hash: tips.tipHash, state: tips.tipState, blockNumber: tips.pendingBlock, replaces: null };
}

/** Parameters of {@link getEpochBlocks}. */
export interface GetEpochBlocksParameters {
  /** The epoch. */
  epoch: BigNumberish;
  /** First L1 block of the rollup's logs (default 0). */
  fromBlock?: number;
}

/** Result of {@link getEpochBlocks}: the blocks, oldest first. */
export type GetEpochBlocksReturnType = ProposedBlock[];

/**
 * The unproven blocks of an epoch on the pending chain, in order, with their headers and transactions: what a prover
 * proves and what `submitEpochProof` takes. Empty when the epoch has no unproven block (all proven, pruned, or none).
 *
 * @param rollup - The rollup (any runner with a provider).
 * @param params - The epoch and where to read logs from.
 * @returns The blocks, oldest first.
 * @throws {BlockDataNotFoundError} If a block's data cannot be read back.
 * @throws {ContractCallError} If the chain cannot be read.
 * @example
 * const blocks = await getEpochBlocks(rollup, { epoch, fromBlock: deploymentBlock });
 * const proofs = [];
 * for (const b of blocks) proofs.push(await proveBlock({ prevState: b.header.prevState, txs: b.txs }));
 */
export async function getEpochBlocks(
  rollup: Rollup,
  params: GetEpochBlocksParameters,
): Promise<GetEpochBlocksReturnType> {
  const epoch = checkedUint(params.epoch, "epoch");
  const [tips, epochSlots] = await readContract("Rollup.tips", () =>
    Promise.all([
      rollup.tips(),
      rollup.beacon().then((b) => ISeedBeacon__factory.connect(b, rollup.runner).epochSlots()),
    ]),
  );
  const blocks: ProposedBlock[] = [];
  for (let n = tips.provenBlock + 1n; n <= tips.pendingBlock; n++) {
    const record = await readContract("Rollup.blockRecord", () => rollup.blockRecord(n));
    const blockEpoch = record.slot / epochSlots;
    if (blockEpoch < epoch) continue;
    if (blockEpoch > epoch) break;
    blocks.push(
      await getProposedBlock(rollup, { blockNumber: n, headerHash: record.headerHash, fromBlock: params.fromBlock }),
    );
  }
  return blocks;
}
