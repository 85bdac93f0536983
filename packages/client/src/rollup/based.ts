// Based mode (seed 002 backup): when every block is proven and no block came for `basedDelaySlots` slots, anyone adds
// a block for the current slot together with its proof.
import { encodeEpochProof, type BlockProof, type FieldLike } from "@blockage/circuits/statement";
import { getBytes, hexlify, type BytesLike, type ContractTransactionReceipt } from "ethers";
import { InvalidParameterError } from "../errors";
import { receiptEvent, sendTransaction, signerOf } from "../transaction";
import type { Rollup } from "../typechain";
import type { BlockHeaderStruct } from "../typechain/contracts/rollup/Rollup";
import { blockHeaderHash, daCommitment, toBlockHeader, type BlockHeader } from "./header";

/** Parameters of {@link proposeBased}. */
export interface ProposeBasedParameters {
  /** The block's header for the current slot on the proven tip (`prepareBlockHeader`). */
  header: BlockHeader | BlockHeaderStruct;
  /** Its transactions. */
  txs: readonly FieldLike[];
  /**
   * Its proof: `proveBlock({ prevState: header.prevState, txs, prover })`, or the encoded proof bytes. The block
   * reward goes to the address the proof is bound to (`prover`), whoever sends it.
   */
  proof: BlockProof | BytesLike;
}

/** Result of {@link proposeBased}. */
export interface ProposeBasedReturnType {
  /** The block's number: it is proven at once. */
  blockNumber: bigint;
  header: BlockHeader;
  headerHash: string;
  /** The address the proof is bound to: the block's proposer of record, credited its block reward. */
  prover: string;
  receipt: ContractTransactionReceipt;
}

/**
 * Adds a block with its proof when the chain stalled (based mode): every block proven and none for `basedDelaySlots`
 * slots. The block is proven at once; its block reward (credited by the coordinator) goes to the address its proof is
 * bound to, and its fees are not escrowed. A based block casts no upgrade vote (it comes from no staked proposal).
 * Anyone may relay it: a copy of someone else's based block earns the copier nothing.
 *
 * @param rollup - The rollup, connected to the submitter's signer.
 * @param params - Header, transactions and the block's proof.
 * @returns The block number, header and receipt.
 * @throws {InvalidParameterError} If the transactions do not match the header.
 * @throws {ContractRevertError} `Rollup__BasedModeUnprovenBlocks`, `Rollup__BasedModeNotOpen`, `Rollup__WrongSlot`,
 *   `Rollup__WrongParent`, `EpochProofVerifier__*` for a bad proof.
 * @throws {ContractCallError} For any other failure.
 * @example
 * const header = await prepareBlockHeader(rollup, { slot: currentSlot, txs });
 * const proof = await proveBlock({ prevState: header.prevState, txs, prover: await me.getAddress() });
 * await proposeBased(rollup.connect(anyone), { header, txs, proof });
 */
export async function proposeBased(rollup: Rollup, params: ProposeBasedParameters): Promise<ProposeBasedReturnType> {
  signerOf(rollup, "proposeBased");
  const header = toBlockHeader(params.header);
  if (daCommitment(params.txs) !== header.daCommitment) {
    throw new InvalidParameterError("the transactions do not match the header's DA commitment");
  }
  const txs = Array.from(params.txs, (tx) => BigInt(tx));
  const given = params.proof as BlockProof;
  const proof =
    given !== null && typeof given === "object" && "chunks" in given
      ? encodeEpochProof([given])
      : hexlify(getBytes(params.proof as BytesLike));
  const receipt = await sendTransaction("proposeBased", () => rollup.proposeBased(header, txs, proof));
  const log = receiptEvent(rollup, receipt, "BasedBlockProven");
  return {
    blockNumber: log.args.blockNumber,
    header,
    headerHash: blockHeaderHash(header),
    prover: log.args.prover,
    receipt,
  };
}
