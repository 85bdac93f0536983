// Entering the lotteries on-chain: sequencer proposals and prover tickets (VRF or commit-reveal), and commitments.
import {
  AbiCoder,
  keccak256,
  type BaseContract,
  type BytesLike,
  type BigNumberish,
  type ContractTransactionReceipt,
} from "ethers";
import { InvalidParameterError } from "../errors";
import { contractAt } from "../contracts";
import { receiptEvent, receiptEvents, sendTransaction, signerOf } from "../transaction";
import { checkedBytes, checkedUint } from "../validate";
import type { IProverLottery, Lottery } from "../typechain";
import type { LotteryEntryArgs } from "./eligibility";

/** Result of an accepted entry ({@link propose}, {@link submitProverTicket} and their commit-reveal variants). */
export interface LotteryEntryReturnType {
  /** ln t as the contract computed it. */
  raceTime: bigint;
  /** The node whose entry this one replaced as the best (zero hash if none). */
  replacedPid: string;
  /**
   * An open-race coordinator's prover ticket: its place in the epoch's turn order (0 is the best, and the epoch's
   * designated prover). Undefined elsewhere.
   */
  turnPosition?: bigint;
  receipt: ContractTransactionReceipt;
}

/**
 * A contract that runs the prover lottery: a standalone `Lottery` or a rollup's `ProverCoordinator` (whose epoch
 * claims follow its prover tickets).
 */
export type ProverLotteryContract = BaseContract &
  Pick<IProverLottery, "submitProverTicket" | "submitProverTicketWithReveal" | "filters">;

/** Parameters of {@link propose}. */
export interface ProposeParameters {
  /** A sequencer entry from `checkEligibility(...).args`. */
  entry: LotteryEntryArgs;
  /** The salt the node registered with (`pid = keccak256(abi.encode(operator, salt))`). */
  salt: BytesLike;
  /** Hash of the proposed block header. */
  headerHash: BytesLike;
}

/** Result of {@link propose}. */
export type ProposeReturnType = LotteryEntryReturnType;

/**
 * Enters the sequencer lottery of the entry's slot (which must be the current slot) with a block header hash. The
 * contract keeps the proposal if it beats the slot's best so far.
 *
 * @param lottery - The lottery, connected to the node operator's signer.
 * @param params - The entry, the node's salt and the header hash.
 * @returns The race time and what it replaced.
 * @throws {ContractRevertError} E.g. `Lottery__NotBetter`, `Lottery__NotCurrentSlot`, `Lottery__NotOperator`.
 * @example
 * const { raceTime } = await propose(lottery.connect(operator), { entry: ticket.args!, salt, headerHash });
 */
export async function propose(lottery: Lottery, params: ProposeParameters): Promise<ProposeReturnType> {
  signerOf(lottery, "propose");
  const entry = checkedEntry(params.entry, "sequencer");
  const proposal = {
    pid: entry.pid,
    salt: checkedBytes(params.salt, "salt", 32),
    slot: entry.slot,
    headerHash: checkedBytes(params.headerHash, "headerHash", 32),
  };
  const receipt = await sendTransaction("propose", () => lottery.propose(proposal, entry.vrfProof, entry.hints));
  return accepted(receiptEvent(lottery, receipt, "ProposalAccepted"), receipt);
}

/** Parameters of {@link submitProverTicket}. */
export interface SubmitProverTicketParameters {
  /** A prover entry from `checkEligibility(...).args`. */
  entry: LotteryEntryArgs;
  /** The salt the node registered with. */
  salt: BytesLike;
}

/** Result of {@link submitProverTicket}. */
export type SubmitProverTicketReturnType = LotteryEntryReturnType;

/**
 * Enters the prover lottery of the entry's epoch (accepted from when its seed is fixed until the epoch ends). Only
 * the node's operator may: the designated prover takes on the epoch's proof.
 *
 * @param lottery - The lottery (or a `ProverCoordinator`), connected to the node operator's signer.
 * @param params - A prover entry from `checkEligibility(...).args` and the node's salt.
 * @returns The race time and what it replaced.
 * @throws {ContractRevertError} E.g. `Lottery__NotBetter`, `Lottery__TicketWindowClosed`.
 * @example
 * await submitProverTicket(lottery.connect(operator), { entry: ticket.args!, salt });
 */
export async function submitProverTicket(
  lottery: ProverLotteryContract,
  params: SubmitProverTicketParameters,
): Promise<SubmitProverTicketReturnType> {
  signerOf(lottery, "submitProverTicket");
  const entry = checkedEntry(params.entry, "prover");
  const salt = checkedBytes(params.salt, "salt", 32);
  const receipt = await sendTransaction("submitProverTicket", () =>
    lottery.submitProverTicket(entry.epoch, entry.pid, salt, entry.vrfProof, entry.hints),
  );
  return proverTicketAccepted(lottery, receipt);
}

/**
 * The commit-reveal commitment of a node: `keccak256(abi.encode(secret, pid))`.
 *
 * @example
 * const commitment = lotteryCommitment(secret, pid);
 */
export function lotteryCommitment(secret: BytesLike, pid: BytesLike): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["bytes32", "bytes32"],
      [checkedBytes(secret, "secret", 32, true), checkedBytes(pid, "pid", 32)],
    ),
  );
}

/** Parameters of {@link commitLotterySecret}. */
export interface CommitLotterySecretParameters {
  pid: BytesLike;
  salt: BytesLike;
  /** The epoch whose lotteries the secret is for: at least `currentEpoch + inputLag`. */
  epoch: BigNumberish;
  /** 32 random bytes, kept until the reveal. */
  secret: BytesLike;
}

/** Result of {@link commitLotterySecret}. */
export interface CommitLotterySecretReturnType {
  /** `lotteryCommitment(secret, pid)`, as stored. */
  commitment: string;
  receipt: ContractTransactionReceipt;
}

/**
 * Commits a node to the commit-reveal fallback for one epoch (deployments with `commitRevealFallback` only). The
 * node's VRF entries for that epoch are then refused; it enters with {@link proposeWithReveal} and
 * {@link submitProverTicketWithReveal}. Weaker than VRF: a node may withhold its reveal, and after its first reveal
 * everyone can compute its tickets for the rest of the epoch.
 *
 * @param lottery - The lottery, connected to the node operator's signer.
 * @param params - The node, its salt, the epoch and the secret.
 * @returns The commitment and the receipt.
 * @throws {ContractRevertError} `Lottery__CommitRevealDisabled`, `Lottery__CommitTooLate`, `Lottery__NotOperator`.
 * @example
 * await commitLotterySecret(lottery.connect(operator), { pid, salt, epoch: current + lag, secret });
 */
export async function commitLotterySecret(
  lottery: Lottery,
  params: CommitLotterySecretParameters,
): Promise<CommitLotterySecretReturnType> {
  signerOf(lottery, "commit");
  const pid = checkedBytes(params.pid, "pid", 32);
  const commitment = lotteryCommitment(params.secret, pid);
  const salt = checkedBytes(params.salt, "salt", 32);
  const epoch = checkedUint(params.epoch, "epoch");
  const receipt = await sendTransaction("commit", () => lottery.commit(pid, salt, epoch, commitment));
  return { commitment, receipt };
}

/** Parameters of {@link proposeWithReveal}. */
export interface ProposeWithRevealParameters {
  /** The node. */
  pid: BytesLike;
  /** The salt the node registered with. */
  salt: BytesLike;
  /** The current slot. */
  slot: BigNumberish;
  /** Hash of the proposed block header. */
  headerHash: BytesLike;
  /** The secret committed for the slot's epoch ({@link commitLotterySecret}). */
  secret: BytesLike;
}

/** Result of {@link proposeWithReveal}. */
export type ProposeWithRevealReturnType = LotteryEntryReturnType;

/**
 * {@link propose} with the commit-reveal fallback: reveals the secret committed for the slot's epoch.
 *
 * @param lottery - The lottery, connected to the node operator's signer.
 * @param params - The node, its salt, the slot, the header hash and the secret.
 * @returns The race time and what it replaced.
 * @throws {ContractRevertError} `Lottery__InvalidReveal` for a wrong secret or no commitment, and as `propose`.
 * @example
 * await proposeWithReveal(lottery.connect(operator), { pid, salt, slot, headerHash, secret });
 */
export async function proposeWithReveal(
  lottery: Lottery,
  params: ProposeWithRevealParameters,
): Promise<ProposeWithRevealReturnType> {
  signerOf(lottery, "proposeWithReveal");
  const proposal = {
    pid: checkedBytes(params.pid, "pid", 32),
    salt: checkedBytes(params.salt, "salt", 32),
    slot: checkedUint(params.slot, "slot"),
    headerHash: checkedBytes(params.headerHash, "headerHash", 32),
  };
  const secret = checkedBytes(params.secret, "secret", 32, true);
  const receipt = await withoutSecret(
    sendTransaction("proposeWithReveal", () => lottery.proposeWithReveal(proposal, secret)),
  );
  return accepted(receiptEvent(lottery, receipt, "ProposalAccepted"), receipt);
}

/** Parameters of {@link submitProverTicketWithReveal}. */
export interface SubmitProverTicketWithRevealParameters {
  /** The epoch whose prover lottery to enter. */
  epoch: BigNumberish;
  /** The node. */
  pid: BytesLike;
  /** The salt the node registered with. */
  salt: BytesLike;
  /** The secret committed for the epoch ({@link commitLotterySecret}). */
  secret: BytesLike;
}

/** Result of {@link submitProverTicketWithReveal}. */
export type SubmitProverTicketWithRevealReturnType = LotteryEntryReturnType;

/**
 * {@link submitProverTicket} with the commit-reveal fallback.
 *
 * @param lottery - The lottery (or a `ProverCoordinator`), connected to the node operator's signer.
 * @param params - The epoch, the node, its salt and the secret.
 * @returns The race time and what it replaced.
 * @throws {ContractRevertError} `Lottery__InvalidReveal` for a wrong secret or no commitment.
 * @example
 * await submitProverTicketWithReveal(coordinator.connect(operator), { epoch, pid, salt, secret });
 */
export async function submitProverTicketWithReveal(
  lottery: ProverLotteryContract,
  params: SubmitProverTicketWithRevealParameters,
): Promise<SubmitProverTicketWithRevealReturnType> {
  signerOf(lottery, "submitProverTicketWithReveal");
  const epoch = checkedUint(params.epoch, "epoch");
  const pid = checkedBytes(params.pid, "pid", 32);
  const salt = checkedBytes(params.salt, "salt", 32);
  const secret = checkedBytes(params.secret, "secret", 32, true);
  const receipt = await withoutSecret(
    sendTransaction("submitProverTicketWithReveal", () =>
      lottery.submitProverTicketWithReveal(epoch, pid, salt, secret),
    ),
  );
  return proverTicketAccepted(lottery, receipt);
}

/**
 * Drops the underlying cause from a failed reveal's error: it holds the transaction's calldata, i.e. the secret,
 * which must not reach logs before it is revealed on-chain. The message keeps the decoded reason.
 */
async function withoutSecret<T>(sent: Promise<T>): Promise<T> {
  try {
    return await sent;
  } catch (error) {
    if (error instanceof Error) delete (error as { cause?: unknown }).cause;
    throw error;
  }
}

function checkedEntry(entry: LotteryEntryArgs | null | undefined, role: LotteryEntryArgs["role"]): LotteryEntryArgs {
  if (entry === null || entry === undefined || typeof entry !== "object") {
    throw new InvalidParameterError(
      "entry is missing: checkEligibility returns args only when winProbability ≥ minWinProbability",
    );
  }
  if (entry.role !== role)
    throw new InvalidParameterError(`entry is for the ${entry.role} lottery, not the ${role} one`);
  return entry;
}

/** The result of an entry from its `ProposalAccepted` or `ProverTicketAccepted` event. */
/**
 * A prover ticket's acceptance: `ProverTicketAccepted` when it became the epoch's best; at an open-race coordinator, a
 * ticket that only took a later place of the epoch's turn order emits `TurnRanked` alone.
 */
function proverTicketAccepted(
  lottery: ProverLotteryContract,
  receipt: ContractTransactionReceipt,
): LotteryEntryReturnType {
  const openRace = contractAt("OpenRaceCoordinator", String(lottery.target), lottery.runner);
  const [turn] = receiptEvents(openRace, receipt, "TurnRanked");
  const [best] = receiptEvents(lottery, receipt, "ProverTicketAccepted");
  if (best === undefined && turn !== undefined) {
    return { raceTime: turn.args.raceTime, replacedPid: ZERO_HASH, turnPosition: turn.args.position, receipt };
  }
  const result = accepted(best ?? receiptEvent(lottery, receipt, "ProverTicketAccepted"), receipt);
  return turn === undefined ? result : { ...result, turnPosition: turn.args.position };
}

const ZERO_HASH = "0x" + "00".repeat(32);

function accepted(
  event: { args: { raceTime: bigint; replacedPid: string } },
  receipt: ContractTransactionReceipt,
): LotteryEntryReturnType {
  return { raceTime: event.args.raceTime, replacedPid: event.args.replacedPid, receipt };
}
