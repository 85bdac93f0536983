// A relayer submits messages that someone else signed (seed 000 §4): the relayer pays the gas, the signer's nonce is
// consumed, and tokens for Join and Delegate are pulled from the signer (who must have approved the registry).
import type { ContractTransactionReceipt } from "ethers";
import type { INodeRegistry } from "../typechain";
import { receiptEvent, sendTransaction, signerOf, sendWithEpochHeadroom } from "../transaction";
import type { DelegateMessage, JoinMessage, LeaveMessage } from "./typed-data";
import { checkedBytes } from "../validate";

/** Parameters of {@link relayJoin}: what `signJoin` returns. */
export interface RelayJoinParameters {
  /** The signed message. */
  message: JoinMessage;
  /** The operator's signature. */
  signature: string;
  /** The VRF key's proof of possession (`signJoin` makes it). */
  vrfKeyProof: string;
}

/** Result of {@link relayJoin}. */
export interface RelayJoinReturnType {
  /** The registered node. */
  pid: string;
  /** Its leaf index in the active-set tree. */
  leafIndex: number;
  /** Receipt of `registerWithSignature`. */
  receipt: ContractTransactionReceipt;
}

/**
 * Submits a signed `Join`: registers the node for its operator.
 *
 * @param registry - The registry, connected to the relayer's signer.
 * @param params - The message and signature from `signJoin`.
 * @returns The pid, leaf index and receipt.
 * @throws {ContractRevertError} E.g. `NodeRegistry__InvalidSignature`, `NodeRegistry__InvalidNonce`,
 *   `NodeRegistry__SignatureExpired`, `ERC20InsufficientAllowance` (the operator did not approve).
 * @throws {ContractCallError} For any other failure.
 * @example
 * const signed = await signJoin(operator, { registry, stake, ...keys, roles: 3 });
 * const { pid } = await relayJoin(registry.connect(relayer), signed);
 */
export async function relayJoin(registry: INodeRegistry, params: RelayJoinParameters): Promise<RelayJoinReturnType> {
  signerOf(registry, "relayJoin");
  const signature = checkedBytes(params.signature, "signature");
  const vrfKeyProof = checkedBytes(params.vrfKeyProof, "vrfKeyProof");
  const receipt = await sendTransaction("registerWithSignature", () =>
    sendWithEpochHeadroom(registry.registerWithSignature, [params.message, vrfKeyProof, signature]),
  );
  const event = receiptEvent(registry, receipt, "NodeRegistered");
  return { pid: event.args.pid, leafIndex: Number(event.args.leafIndex), receipt };
}

/** Parameters of {@link relayLeave}: what `signLeave` returns. */
export interface RelayLeaveParameters {
  /** The signed message. */
  message: LeaveMessage;
  /** The operator's signature. */
  signature: string;
}

/** Result of {@link relayLeave}. */
export interface RelayLeaveReturnType {
  /** First epoch the node is no longer in the lottery. */
  effectiveEpoch: bigint;
  /** First epoch `withdraw` succeeds. */
  withdrawableEpoch: bigint;
  /** Receipt of `unbondWithSignature`. */
  receipt: ContractTransactionReceipt;
}

/**
 * Submits a signed `Leave`: unbonds the node for its operator. Only valid during the message's epoch.
 *
 * @param registry - The registry, connected to the relayer's signer.
 * @param params - The message and signature from `signLeave`.
 * @returns The effective and withdrawable epochs, and the receipt.
 * @throws {ContractRevertError} E.g. `NodeRegistry__WrongEpoch`, `NodeRegistry__InvalidSignature`.
 * @throws {ContractCallError} For any other failure.
 */
export async function relayLeave(registry: INodeRegistry, params: RelayLeaveParameters): Promise<RelayLeaveReturnType> {
  signerOf(registry, "relayLeave");
  const signature = checkedBytes(params.signature, "signature");
  const receipt = await sendTransaction("unbondWithSignature", () =>
    sendWithEpochHeadroom(registry.unbondWithSignature, [params.message, signature]),
  );
  const event = receiptEvent(registry, receipt, "NodeUnbonded");
  return {
    effectiveEpoch: event.args.effectiveEpoch,
    withdrawableEpoch: event.args.withdrawableEpoch,
    receipt,
  };
}

/** Parameters of {@link relayDelegate}: what `signDelegate` returns. */
export interface RelayDelegateParameters {
  /** The signed message. */
  message: DelegateMessage;
  /** The delegator's signature. */
  signature: string;
}

/** Result of {@link relayDelegate}. */
export interface RelayDelegateReturnType {
  /** Pool shares minted to the delegator. */
  shares: bigint;
  /** First epoch the lottery counts the delegation. */
  effectiveEpoch: bigint;
  /** Receipt of `delegateWithSignature`. */
  receipt: ContractTransactionReceipt;
}

/**
 * Submits a signed `Delegate`: delegates the signer's tokens.
 *
 * @param registry - The registry, connected to the relayer's signer.
 * @param params - The message and signature from `signDelegate`.
 * @returns The shares, effective epoch and receipt.
 * @throws {ContractRevertError} E.g. `NodeRegistry__InvalidNonce`, `ERC20InsufficientAllowance`.
 * @throws {ContractCallError} For any other failure.
 */
export async function relayDelegate(
  registry: INodeRegistry,
  params: RelayDelegateParameters,
): Promise<RelayDelegateReturnType> {
  signerOf(registry, "relayDelegate");
  const signature = checkedBytes(params.signature, "signature");
  const receipt = await sendTransaction("delegateWithSignature", () =>
    sendWithEpochHeadroom(registry.delegateWithSignature, [params.message, signature]),
  );
  const event = receiptEvent(registry, receipt, "Delegated");
  return {
    shares: event.args.shares,
    effectiveEpoch: event.args.effectiveEpoch,
    receipt,
  };
}
