// Proposing blocks: a header built on the pending chain as the rollup will check it, and the proposal sent by the
// node's operator (`proposeBlock`) or by a builder holding the operator's signed bid (`proposeViaBuilder`).
import type { FieldLike } from "@blockage/circuits/statement";
import type { BigNumberish, BytesLike, ContractTransactionReceipt } from "ethers";
import { InvalidParameterError } from "../errors";
import type { LotteryEntryArgs } from "../lottery/eligibility";
import { readContract, receiptEvent, sendTransaction, signerOf } from "../transaction";
import { checkedAmount, checkedBytes } from "../validate";
import type { Rollup } from "../typechain";
import type { BlockHeaderStruct } from "../typechain/contracts/rollup/Rollup";
import { approveIfShort } from "./allowance";
import { getProposalParent, PENDING } from "./chain";
import { blockHeaderHash, buildBlockHeader, daCommitment, toBlockHeader, type BlockHeader } from "./header";

/** Parameters of {@link prepareBlockHeader}. */
export interface PrepareBlockHeaderParameters {
  /** The proposal's slot (the current slot when it is sent). */
  slot: BigNumberish;
  /** The block's transactions (a positive multiple of 16 field elements). */
  txs: readonly FieldLike[];
  /** Fees the block declares, escrowed from the sender (default 0). */
  fees?: BigNumberish;
  /**
   * FEE_SPLIT in basis points (default the deployment's, `config().feeSplit`). A Cooperative rollup takes the
   * proposer's own, from the deployment's minimum to 10,000 (it boosts the proposal's rank and goes to the chunk
   * provers); a Sidecar rollup takes only the deployment's.
   */
  feeSplit?: BigNumberish;
  /** Upgrade payload to vote for (default none). */
  upgradeVote?: BytesLike;
  /** First L1 block of the rollup's logs (only read to replace the slot's current block). */
  fromBlock?: number;
}

/** Result of {@link prepareBlockHeader}. */
export type PrepareBlockHeaderReturnType = BlockHeader;

/**
 * Builds the header of a block for `slot` on the pending chain as it stands: the parent from
 * `getProposalParent` (the tip, or the tip's parent to replace the slot's block), the FEE_SPLIT (given, or the
 * deployment's), the states and commitments of `txs` (see `buildBlockHeader`).
 *
 * @param rollup - The rollup (any runner with a provider).
 * @param params - Slot, transactions, and optionally fees and an upgrade vote.
 * @returns The header.
 * @throws {InvalidParameterError} For malformed transactions or fields.
 * @throws {ContractCallError} If the chain cannot be read.
 * @example
 * const header = await prepareBlockHeader(rollup, { slot, txs });
 */
export async function prepareBlockHeader(
  rollup: Rollup,
  params: PrepareBlockHeaderParameters,
): Promise<PrepareBlockHeaderReturnType> {
  const [parent, config] = await Promise.all([
    getProposalParent(rollup, { slot: params.slot, fromBlock: params.fromBlock }),
    readContract("Rollup.config", () => rollup.config()),
  ]);
  return buildBlockHeader({
    parent,
    slot: params.slot,
    txs: params.txs,
    feeSplit: params.feeSplit ?? config.feeSplit,
    fees: params.fees,
    upgradeVote: params.upgradeVote,
  });
}

/** Parameters of {@link proposeBlock}. */
export interface ProposeBlockParameters {
  /**
   * The node's sequencer entry for the current slot: `checkEligibility(rollup, { node, epoch, slot, role: "sequencer" })`
   * `.args` (the rollup runs the same draw as the lottery).
   */
  entry: LotteryEntryArgs;
  /** The salt the node registered with. */
  salt: BytesLike;
  /** The block's transactions, published as calldata (the DA commitment is checked against them). */
  txs: readonly FieldLike[];
  /** A ready header (default: built with {@link prepareBlockHeader} for the entry's slot). */
  header?: BlockHeader | BlockHeaderStruct;
  /** Fees the block declares (ignored with `header`). */
  fees?: BigNumberish;
  /** The block's FEE_SPLIT, a Cooperative rollup's proposer's choice (ignored with `header`; see {@link prepareBlockHeader}). */
  feeSplit?: BigNumberish;
  /** Upgrade payload to vote for (ignored with `header`). */
  upgradeVote?: BytesLike;
  /** Approve the rollup for the fees first when the allowance is lower (default true). */
  approve?: boolean;
  /** First L1 block of the rollup's logs (read only to replace the slot's current block). */
  fromBlock?: number;
}

/** Result of {@link proposeBlock} and {@link proposeViaBuilder}. */
export interface ProposeBlockReturnType {
  /** The block's number on the pending chain. */
  blockNumber: bigint;
  header: BlockHeader;
  headerHash: string;
  /** ln t of the proposal, as the contract computed it. */
  raceTime: bigint;
  /** The node whose block of the slot this one replaced (zero hash if none). */
  replacedPid: string;
  receipt: ContractTransactionReceipt;
  /** The fee approval sent first, or `null`. */
  approveReceipt: ContractTransactionReceipt | null;
}

function sequencerEntry(entry: LotteryEntryArgs | null | undefined): LotteryEntryArgs {
  if (entry === null || entry === undefined || typeof entry !== "object") {
    throw new InvalidParameterError("entry is missing: take checkEligibility(rollup, …).args for the slot");
  }
  if (entry.role !== "sequencer") throw new InvalidParameterError("a block proposal needs a sequencer entry");
  return entry;
}

async function proposalOf(rollup: Rollup, params: ProposeBlockParameters, entry: LotteryEntryArgs) {
  const header =
    params.header === undefined
      ? await prepareBlockHeader(rollup, {
          slot: entry.slot,
          txs: params.txs,
          fees: params.fees,
          feeSplit: params.feeSplit,
          upgradeVote: params.upgradeVote,
          fromBlock: params.fromBlock,
        })
      : toBlockHeader(params.header);
  if (header.slot !== entry.slot) {
    throw new InvalidParameterError(`the header is for slot ${header.slot}, the entry for slot ${entry.slot}`);
  }
  if (daCommitment(params.txs) !== header.daCommitment) {
    throw new InvalidParameterError("the transactions do not match the header's DA commitment");
  }
  const proposal = { pid: entry.pid, salt: checkedBytes(params.salt, "salt", 32), header };
  return { proposal, header, txs: Array.from(params.txs, (tx) => BigInt(tx)) };
}

function proposed(
  rollup: Rollup,
  header: BlockHeader,
  receipt: ContractTransactionReceipt,
  approveReceipt: ContractTransactionReceipt | null,
): ProposeBlockReturnType {
  const log = receiptEvent(rollup, receipt, "BlockProposed");
  return {
    blockNumber: log.args.blockNumber,
    header,
    headerHash: blockHeaderHash(header),
    raceTime: log.args.raceTime,
    replacedPid: log.args.replacedPid,
    receipt,
    approveReceipt,
  };
}

/**
 * Proposes a block for the current slot (seed 002 proposal phase): the node's operator enters the slot's lottery with
 * its VRF proof and a header that extends the pending chain, publishing the transactions as calldata. The block is
 * the slot's block while no better entry replaces it before the slot ends. The header's fees are escrowed from the
 * operator (approved first if needed).
 *
 * @param rollup - The rollup, connected to the node operator's signer.
 * @param params - The entry, salt and transactions; optionally a ready header, fees, an upgrade vote.
 * @returns The block number, header, race time, what it replaced, and the receipts.
 * @throws {InvalidParameterError} For a missing entry, malformed transactions, or a header that does not match them.
 * @throws {ContractRevertError} E.g. `Lottery__NotBetter`, `Lottery__NotCurrentSlot`, `Rollup__WrongParent`,
 *   `Rollup__DaCommitmentMismatch`, `Rollup__BadTxCount`.
 * @throws {ContractCallError} For any other failure.
 * @example
 * const node = { pid, vrfSecretKey };
 * const ticket = await checkEligibility(rollup, { node, epoch, slot, role: "sequencer" });
 * const { blockNumber, header } = await proposeBlock(rollup.connect(operator), { entry: ticket.args!, salt, txs });
 */
export async function proposeBlock(rollup: Rollup, params: ProposeBlockParameters): Promise<ProposeBlockReturnType> {
  const signer = signerOf(rollup, "proposeBlock");
  const entry = sequencerEntry(params.entry);
  const { proposal, header, txs } = await proposalOf(rollup, params, entry);
  const { approveReceipt, nonce } = await approveIfShort(signer, {
    token: () => rollup.stakeToken(),
    spender: await rollup.getAddress(),
    amount: header.fees,
    enabled: params.approve !== false,
    action: "propose",
    dryRun: () => rollup.propose.staticCall(proposal, txs, entry.vrfProof, entry.hints, PENDING),
  });
  const receipt = await sendTransaction("propose", () =>
    rollup.propose(proposal, txs, entry.vrfProof, entry.hints, { nonce }),
  );
  return proposed(rollup, header, receipt, approveReceipt);
}

/** Parameters of {@link proposeViaBuilder}. */
export interface ProposeViaBuilderParameters extends ProposeBlockParameters {
  /** The header the operator signed the bid for (required: the signature covers its hash). */
  header: BlockHeader | BlockHeaderStruct;
  /** The bid paid to the operator (stake token base units), as signed. */
  bid: BigNumberish;
  /** The operator's `signBuilderBid` signature for this builder, slot, header hash and bid. */
  operatorSignature: BytesLike;
}

/** Result of {@link proposeViaBuilder}: as {@link proposeBlock}'s. */
export type ProposeViaBuilderReturnType = ProposeBlockReturnType;

/**
 * PBS (seed 000 §6): a builder submits the winning node's block with the operator's signature over
 * `BuilderBid(slot, headerHash, builder, bid)`; the builder pays the bid straight to the operator and the declared
 * fees into escrow (approved first if needed). Rewards and refunds of the block go to the operator.
 *
 * @param rollup - The rollup, connected to the builder's signer.
 * @param params - The operator's entry and salt, the header and transactions, the bid and the operator's signature.
 * @returns As {@link proposeBlock}.
 * @throws {InvalidParameterError} For malformed parameters.
 * @throws {ContractRevertError} E.g. `Rollup__InvalidBuilderSignature` (signed for another builder, header or bid),
 *   and as {@link proposeBlock}.
 * @throws {ContractCallError} For any other failure.
 * @example
 * const { signature } = await signBuilderBid(operator, { contract: rollup, slot, headerHash, builder: builder.address, bid });
 * await proposeViaBuilder(rollup.connect(builder), { entry, salt, txs, header, bid, operatorSignature: signature });
 */
export async function proposeViaBuilder(
  rollup: Rollup,
  params: ProposeViaBuilderParameters,
): Promise<ProposeViaBuilderReturnType> {
  const signer = signerOf(rollup, "proposeViaBuilder");
  const entry = sequencerEntry(params.entry);
  if (params.header === undefined) throw new InvalidParameterError("proposeViaBuilder needs the signed header");
  const { proposal, header, txs } = await proposalOf(rollup, params, entry);
  const bid = checkedAmount(params.bid, "bid");
  const signature = checkedBytes(params.operatorSignature, "operatorSignature");
  const { approveReceipt, nonce } = await approveIfShort(signer, {
    token: () => rollup.stakeToken(),
    spender: await rollup.getAddress(),
    amount: header.fees + bid,
    enabled: params.approve !== false,
    action: "proposeViaBuilder",
    dryRun: () =>
      rollup.proposeViaBuilder.staticCall(proposal, txs, entry.vrfProof, entry.hints, bid, signature, PENDING),
  });
  const receipt = await sendTransaction("proposeViaBuilder", () =>
    rollup.proposeViaBuilder(proposal, txs, entry.vrfProof, entry.hints, bid, signature, { nonce }),
  );
  return proposed(rollup, header, receipt, approveReceipt);
}
