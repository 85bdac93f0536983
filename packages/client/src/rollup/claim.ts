// Claiming an epoch's proof right (seed 003): the designated prover in its priority window, or any prover with a quote
// countersigned by the current slot's proposer. Either way the bond is pulled from the claimant.
import type { BigNumberish, BytesLike, ContractTransactionReceipt } from "ethers";
import { readContract, receiptEvent, sendTransaction, signerOf } from "../transaction";
import { checkedBytes, checkedUint } from "../validate";
import { IRollup__factory, type ProverCoordinator } from "../typechain";
import { approveIfShort } from "./allowance";
import { PENDING } from "./chain";
import { toQuote, type Quote } from "./typed-data";

/** Result of {@link claimProofRight} and {@link claimAsDesignatedProver}: the claim as the coordinator recorded it. */
export interface ClaimReturnType {
  epoch: bigint;
  /** The claimant. */
  prover: string;
  /** The countersigning proposer (the claimant itself for a designated claim). */
  proposer: string;
  basisPointFee: bigint;
  bond: bigint;
  designated: boolean;
  receipt: ContractTransactionReceipt;
  /** The bond approval sent first, or `null`. */
  approveReceipt: ContractTransactionReceipt | null;
}

/** Result of {@link claimProofRight}. */
export type ClaimProofRightReturnType = ClaimReturnType;

/** Result of {@link claimAsDesignatedProver}. */
export type ClaimAsDesignatedProverReturnType = ClaimReturnType;

/** Parameters of {@link claimProofRight}. */
export interface ClaimProofRightParameters {
  /** The prover's quote (its `prover` must be the sender). */
  quote: Quote;
  /** The prover's `signQuote` signature. */
  proverSignature: BytesLike;
  /** The current slot's proposer's `countersignQuote` signature for this slot. */
  proposerSignature: BytesLike;
  /** Approve the coordinator for the bond first when the allowance is lower (default true). */
  approve?: boolean;
}

async function stakeTokenOf(coordinator: ProverCoordinator): Promise<string> {
  const rollup = await readContract("ProverCoordinator.rollup", () => coordinator.rollup());
  return readContract("Rollup.stakeToken", () => IRollup__factory.connect(rollup, coordinator.runner).stakeToken());
}

function claimed(
  coordinator: ProverCoordinator,
  receipt: ContractTransactionReceipt,
  approveReceipt: ContractTransactionReceipt | null,
): ClaimReturnType {
  const log = receiptEvent(coordinator, receipt, "ProofRightClaimed");
  return {
    epoch: log.args.epoch,
    prover: log.args.prover,
    proposer: log.args.proposer,
    basisPointFee: log.args.basisPointFee,
    bond: log.args.bond,
    designated: log.args.designated,
    receipt,
    approveReceipt,
  };
}

/**
 * Claims the previous epoch's proof right with a quote signed by the prover (the sender) and countersigned by the
 * operator of the current slot's best proposal, after the priority window and before the claim window closes; pulls
 * the quoted bond (approved first if needed). Seed 003's six checks each fail with their own error.
 *
 * @param coordinator - The prover coordinator, connected to the prover's signer.
 * @param params - The quote and both signatures.
 * @returns The claim as the contract recorded it, and the receipts.
 * @throws {InvalidParameterError} For a malformed quote or signature, or a coordinator without a signer.
 * @throws {ContractRevertError} `ProverCoordinator__NotInClaimPhase`, `__AlreadyClaimed`, `__NotCurrentProposer`,
 *   `__NoProposerForSlot`, `__ProverNotSender`, `__InvalidProverSignature`, `__NotPreviousEpoch`, `__QuoteExpired`,
 *   `__BondOutOfRange`, `__FeeTooHigh`, `__EarlierEpochUnproven`, `__NothingToProve`.
 * @throws {ContractCallError} For any other failure.
 * @example
 * const quote = { prover: prover.address, epoch, basisPointFee: 1500, bond, validUntilSlot: slot + 2n };
 * const { signature: proverSignature } = await signQuote(prover, { contract: coordinator, quote });
 * const { signature: proposerSignature } = await countersignQuote(operator, { contract: coordinator, quote, slot });
 * await claimProofRight(coordinator.connect(prover), { quote, proverSignature, proposerSignature });
 */
export async function claimProofRight(
  coordinator: ProverCoordinator,
  params: ClaimProofRightParameters,
): Promise<ClaimProofRightReturnType> {
  const signer = signerOf(coordinator, "claimProofRight");
  const quote = toQuote(params.quote);
  const proverSignature = checkedBytes(params.proverSignature, "proverSignature");
  const proposerSignature = checkedBytes(params.proposerSignature, "proposerSignature");
  const { approveReceipt, nonce } = await approveIfShort(signer, {
    token: () => stakeTokenOf(coordinator),
    spender: await coordinator.getAddress(),
    amount: quote.bond,
    enabled: params.approve !== false,
    action: "claimProofRight",
    dryRun: () => coordinator.claimProofRight.staticCall(quote, proverSignature, proposerSignature, PENDING),
  });
  const receipt = await sendTransaction("claimProofRight", () =>
    coordinator.claimProofRight(quote, proverSignature, proposerSignature, { nonce }),
  );
  return claimed(coordinator, receipt, approveReceipt);
}

/** Parameters of {@link claimAsDesignatedProver}. */
export interface ClaimAsDesignatedProverParameters {
  /** The epoch to prove (the previous epoch). */
  epoch: BigNumberish;
  /** The designated prover's node (best prover ticket of the epoch). */
  pid: BytesLike;
  /** Its salt. */
  salt: BytesLike;
  /** Approve the coordinator for `minBond` first when the allowance is lower (default true). */
  approve?: boolean;
}

/**
 * The priority window: the operator of the epoch's designated prover (its best prover ticket, entered with
 * `submitProverTicket(coordinator, …)`) claims the proof right at the default fee, putting up `minBond`.
 *
 * @param coordinator - The prover coordinator, connected to the node operator's signer.
 * @param params - Epoch, pid and salt.
 * @returns The claim and the receipts.
 * @throws {ContractRevertError} `ProverCoordinator__NotDesignatedProver`, `__NotInClaimPhase`, `__NotPreviousEpoch`,
 *   `__AlreadyClaimed`, `__NothingToProve`, `__EarlierEpochUnproven`, `Lottery__NotOperator`.
 * @throws {ContractCallError} For any other failure.
 * @example
 * await claimAsDesignatedProver(coordinator.connect(operator), { epoch, pid, salt });
 */
export async function claimAsDesignatedProver(
  coordinator: ProverCoordinator,
  params: ClaimAsDesignatedProverParameters,
): Promise<ClaimAsDesignatedProverReturnType> {
  const signer = signerOf(coordinator, "claimAsDesignatedProver");
  const epoch = checkedUint(params.epoch, "epoch");
  const pid = checkedBytes(params.pid, "pid", 32);
  const salt = checkedBytes(params.salt, "salt", 32);
  const approve = params.approve !== false;
  const minBond = approve ? (await readContract("ProverCoordinator.config", () => coordinator.config())).minBond : 0n;
  const approval = await approveIfShort(signer, {
    token: () => stakeTokenOf(coordinator),
    spender: await coordinator.getAddress(),
    amount: minBond,
    enabled: approve,
    action: "claimAsDesignatedProver",
    dryRun: () => coordinator.claimAsDesignatedProver.staticCall(epoch, pid, salt, PENDING),
  });
  const receipt = await sendTransaction("claimAsDesignatedProver", () =>
    coordinator.claimAsDesignatedProver(epoch, pid, salt, { nonce: approval.nonce }),
  );
  return claimed(coordinator, receipt, approval.approveReceipt);
}
