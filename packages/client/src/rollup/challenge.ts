// Invalid-block evidence: the rollup re-executes a pending block from its published transactions; a header whose
// state or txs commitment is wrong drops the block and its descendants and slashes its proposer.
import type { FieldLike } from "@blockage/circuits/statement";
import type { BigNumberish, ContractTransactionReceipt } from "ethers";
import { receiptEvent, sendTransaction, signerOf } from "../transaction";
import { checkedUint } from "../validate";
import type { Rollup } from "../typechain";
import type { BlockHeaderStruct } from "../typechain/contracts/rollup/Rollup";
import { getProposedBlock } from "./chain";
import { toBlockHeader, type BlockHeader } from "./header";

/** Parameters of {@link challengeBlock}. */
export interface ChallengeBlockParameters {
  /** The unproven block shown invalid. */
  blockNumber: BigNumberish;
  /** Its header and transactions (default: read back from its proposal with `getProposedBlock`). */
  header?: BlockHeader | BlockHeaderStruct;
  txs?: readonly FieldLike[];
  /** First L1 block of the rollup's logs (default 0). */
  fromBlock?: number;
}

/** Result of {@link challengeBlock}. */
export interface ChallengeBlockReturnType {
  blockNumber: bigint;
  /** The proposer's node. */
  pid: string;
  /** Stake slashed from it. */
  slashed: bigint;
  /** The sender's share of it (the rest was burned). */
  reward: bigint;
  receipt: ContractTransactionReceipt;
}

/**
 * Shows a pending block invalid: the rollup re-executes its header's transactions from its `prevState`; if the
 * declared `newState` or `txsCommitment` is wrong, the block and its descendants are dropped, a claim on its epoch is
 * voided, and the proposer's stake is slashed (the sender gets the reporter's share).
 *
 * @param rollup - The rollup, connected to the reporter's signer.
 * @param params - The block number, optionally its header and transactions.
 * @returns The slash and the receipt.
 * @throws {BlockDataNotFoundError} If the block's data cannot be read back.
 * @throws {ContractRevertError} `Rollup__BlockValid` (no fault), `Rollup__NotChallengeable`, `Rollup__HeaderMismatch`,
 *   `Rollup__DaCommitmentMismatch`.
 * @throws {ContractCallError} For any other failure.
 * @example
 * await challengeBlock(rollup.connect(reporter), { blockNumber: 4n });
 */
export async function challengeBlock(
  rollup: Rollup,
  params: ChallengeBlockParameters,
): Promise<ChallengeBlockReturnType> {
  signerOf(rollup, "challengeBlock");
  const blockNumber = checkedUint(params.blockNumber, "blockNumber");
  let header: BlockHeader;
  let txs: bigint[];
  if (params.header !== undefined && params.txs !== undefined) {
    header = toBlockHeader(params.header);
    txs = Array.from(params.txs, (tx) => BigInt(tx));
  } else {
    const block = await getProposedBlock(rollup, { blockNumber, fromBlock: params.fromBlock });
    header = block.header;
    txs = block.txs;
  }
  const receipt = await sendTransaction("challengeBlock", () => rollup.challengeBlock(blockNumber, header, txs));
  const log = receiptEvent(rollup, receipt, "InvalidBlockSlashed");
  return {
    blockNumber,
    pid: log.args.pid,
    slashed: log.args.slashed,
    reward: log.args.reward,
    receipt,
  };
}
