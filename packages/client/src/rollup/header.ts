// Rollup block headers, pure: building a header from its parent and transactions (states and txs commitment with the
// chunk circuit's fold), its DA commitment, and its hash exactly as `Rollup.headerHash` computes it.
import {
  computeBlock,
  CircuitInputError,
  FIELD_MODULUS,
  type BlockCommitment,
  type FieldLike,
} from "@blockage/circuits/statement";
import { AbiCoder, keccak256, solidityPacked, ZeroHash, type BigNumberish, type BytesLike } from "ethers";
import { InvalidParameterError } from "../errors";
import { checkedBytes, checkedUintBits } from "../validate";
import type { BlockHeaderStruct } from "../typechain/contracts/rollup/Rollup";

/** A block header (`BlockHeader` of `IRollup.sol`), normalised: integers as bigint, bytes as lowercase hex. */
export interface BlockHeader {
  /** The parent block's header hash. */
  parent: string;
  /** The slot the block is proposed in. */
  slot: bigint;
  /** Number of transactions: a positive multiple of 16. */
  txCount: bigint;
  /** FEE_SPLIT (basis points): the deployment's, or a Cooperative proposer's own. */
  feeSplit: bigint;
  /** Fees the block declares (stake token base units), escrowed from the proposer. */
  fees: bigint;
  /** The parent's state. */
  prevState: bigint;
  /** The state after the block. */
  newState: bigint;
  /** `keccak256` of the chunks' txs commitments. */
  txsCommitment: string;
  /** `keccak256(abi.encodePacked(uint256[] txs))`. */
  daCommitment: string;
  /** Upgrade payload voted for (zero hash: no vote). */
  upgradeVote: string;
}

/** The block a new block extends: its header hash and its state. */
export interface ParentBlock {
  hash: BytesLike;
  state: BigNumberish;
}

/** Parameters of {@link buildBlockHeader}. */
export interface BuildBlockHeaderParameters {
  /** The block to extend (see `getProposalParent`). */
  parent: ParentBlock;
  /** The slot of the proposal (the current slot when it is sent). */
  slot: BigNumberish;
  /** The block's transactions: BN254 field elements, a positive multiple of 16 of them. */
  txs: readonly FieldLike[];
  /**
   * FEE_SPLIT in basis points: the deployment's (`rollup.config().feeSplit`), or in a Cooperative rollup the
   * proposer's own (at least the deployment's).
   */
  feeSplit: BigNumberish;
  /** Fees the block declares (default 0). */
  fees?: BigNumberish;
  /** Upgrade payload to vote for (default none). */
  upgradeVote?: BytesLike;
}

/** ABI type of `BlockHeader`: `abi.encode(header)` of a static struct is the encoding of this tuple. */
const BLOCK_HEADER_TUPLE =
  "tuple(bytes32 parent,uint64 slot,uint32 txCount,uint16 feeSplit,uint96 fees,uint256 prevState,uint256 newState,bytes32 txsCommitment,bytes32 daCommitment,bytes32 upgradeVote)";

function fieldTxs(txs: readonly FieldLike[]): bigint[] {
  if (!Array.isArray(txs)) throw new InvalidParameterError("txs must be an array of field elements");
  return Array.from(txs, (tx, i) => {
    let n: bigint;
    try {
      n = BigInt(tx);
    } catch (cause) {
      throw new InvalidParameterError(`txs[${i}] is not an integer`, { cause });
    }
    if (n < 0n || n >= FIELD_MODULUS) throw new InvalidParameterError(`txs[${i}] is not a BN254 field element`);
    return n;
  });
}

/**
 * The DA commitment of a block's transactions, `keccak256(abi.encodePacked(uint256[] txs))`: what the rollup checks
 * the published transactions against.
 *
 * @param txs - The transactions (field elements).
 * @returns 32-byte hex.
 * @throws {InvalidParameterError} If a transaction is not a field element.
 */
export function daCommitment(txs: readonly FieldLike[]): string {
  const values = fieldTxs(txs);
  return keccak256(solidityPacked(Array(values.length).fill("uint256"), values));
}

/**
 * Checks and normalises a header (from a TypeChain result, JSON, or {@link buildBlockHeader}).
 *
 * @param header - Any header-shaped value.
 * @returns The normalised header.
 * @throws {InvalidParameterError} If a field is missing, malformed or too wide for its Solidity type.
 */
export function toBlockHeader(header: BlockHeaderStruct | BlockHeader): BlockHeader {
  if (header === null || typeof header !== "object") throw new InvalidParameterError("header must be an object");
  return {
    parent: checkedBytes(header.parent, "header.parent", 32),
    slot: checkedUintBits(header.slot, "header.slot", 64),
    txCount: checkedUintBits(header.txCount, "header.txCount", 32),
    feeSplit: checkedUintBits(header.feeSplit, "header.feeSplit", 16),
    fees: checkedUintBits(header.fees, "header.fees", 96),
    prevState: checkedUintBits(header.prevState, "header.prevState", 256),
    newState: checkedUintBits(header.newState, "header.newState", 256),
    txsCommitment: checkedBytes(header.txsCommitment, "header.txsCommitment", 32),
    daCommitment: checkedBytes(header.daCommitment, "header.daCommitment", 32),
    upgradeVote: checkedBytes(header.upgradeVote, "header.upgradeVote", 32),
  };
}

/**
 * A header's hash, `keccak256(abi.encode(header))`: equal to `Rollup.headerHash(header)` and to the hash the
 * pending chain stores.
 *
 * @param header - The header.
 * @returns 32-byte hex.
 * @throws {InvalidParameterError} For a malformed header.
 * @example
 * const hash = blockHeaderHash(header); // === await rollup.headerHash(header)
 */
export function blockHeaderHash(header: BlockHeaderStruct | BlockHeader): string {
  const h = toBlockHeader(header);
  return keccak256(AbiCoder.defaultAbiCoder().encode([BLOCK_HEADER_TUPLE], [h]));
}

/**
 * The genesis block's header: every field zero but `newState`. Its hash is block 0's on every deployment with this
 * genesis state.
 *
 * @param genesisState - `rollup.config().genesisState`.
 * @returns The header.
 */
export function genesisHeader(genesisState: BigNumberish): BlockHeader {
  return {
    parent: ZeroHash,
    slot: 0n,
    txCount: 0n,
    feeSplit: 0n,
    fees: 0n,
    prevState: 0n,
    newState: checkedUintBits(genesisState, "genesisState", 256),
    txsCommitment: ZeroHash,
    daCommitment: ZeroHash,
    upgradeVote: ZeroHash,
  };
}

/**
 * What a block of `txs` from `prevState` commits to: its new state, its txs commitment and each chunk's statement
 * (`computeBlock` of `@blockage/circuits`, the chunk circuit's fold), with input errors as SDK errors.
 *
 * @param prevState - The state before the block.
 * @param txs - The block's transactions: a positive multiple of 16 field elements.
 * @returns The block's commitment and its chunks' signals.
 * @throws {InvalidParameterError} If the state or the transactions are not field elements, or their count is wrong.
 */
export function blockStatement(prevState: FieldLike, txs: readonly FieldLike[]): BlockCommitment {
  try {
    return computeBlock({ prevState, txs });
  } catch (error) {
    if (error instanceof CircuitInputError) throw new InvalidParameterError(error.shortMessage, { cause: error });
    throw error;
  }
}

/**
 * Builds the header of a block of `txs` on top of `parent`: the new state and txs commitment from the chunk circuit's
 * fold (`computeBlock` of `@blockage/circuits`, the same as the proof will show), the DA commitment, the count and
 * the deployment's FEE_SPLIT. Pure: no chain access.
 *
 * @param params - Parent, slot, transactions, FEE_SPLIT, and optionally fees and an upgrade vote.
 * @returns The header, ready for `proposeBlock` or a builder.
 * @throws {InvalidParameterError} If the transactions are not a positive multiple of 16 field elements, or a field
 *   is malformed or out of range.
 * @example
 * const parent = await getProposalParent(rollup, { slot });
 * const header = buildBlockHeader({ parent, slot, txs, feeSplit: (await rollup.config()).feeSplit });
 */
export function buildBlockHeader(params: BuildBlockHeaderParameters): BlockHeader {
  if (params === null || typeof params !== "object") throw new InvalidParameterError("parameters are missing");
  if (params.parent === null || typeof params.parent !== "object") {
    throw new InvalidParameterError("parent ({ hash, state }) is missing");
  }
  const txs = fieldTxs(params.txs);
  const prevState = checkedUintBits(params.parent.state, "parent.state", 256);
  const block = blockStatement(prevState, txs);
  return toBlockHeader({
    parent: params.parent.hash,
    slot: params.slot,
    txCount: BigInt(txs.length),
    feeSplit: params.feeSplit,
    fees: params.fees ?? 0n,
    prevState: block.prevState,
    newState: block.newState,
    txsCommitment: block.txsCommitment,
    daCommitment: daCommitment(txs),
    upgradeVote: params.upgradeVote ?? ZeroHash,
  });
}
