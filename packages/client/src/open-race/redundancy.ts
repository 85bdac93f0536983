// Open race: turn-based redundancy. The epoch's turn prover earns a reserved share of a state update's proving fees
// for its own proof of the same transition within the redundancy window; unearned, the reserve goes to the update's
// prover.
import type { BigNumberish, BytesLike, ContractTransactionReceipt } from "ethers";
import type { BlockProof } from "@blockage/circuits";
import { epochProofBytes } from "../rollup/epoch-proof";
import type { BlockHeader } from "../rollup/header";
import { receiptEvent, sendTransaction, signerOf } from "../transaction";
import type { OpenRaceCoordinator } from "../typechain";
import type { BlockHeaderStruct } from "../typechain/contracts/rollup/Rollup";
import { checkedUint } from "../validate";
import { type StateUpdateRecord, checkedHeaders, getStateUpdate, stateUpdateStruct } from "./state-update";

/** Parameters of {@link submitRedundantProof}. */
export interface SubmitRedundantProofParameters {
  updateId: BigNumberish;
  /** The update's record (default: read back from its `StateUpdated` event). */
  update?: StateUpdateRecord;
  /** The update's headers: the same blocks, in order. */
  headers: ReadonlyArray<BlockHeader | BlockHeaderStruct>;
  /** The turn prover's own proof of them (bound to the turn prover), as block proofs or bytes. */
  proof: readonly BlockProof[] | BytesLike;
  /** First L1 block of the coordinator's logs, to read the record (default 0). */
  fromBlock?: number;
}

/** Result of {@link submitRedundantProof} and {@link settleRedundancy}. */
export interface RedundancyReturnType {
  hash: string;
  updateId: bigint;
  /** Who was credited the reserve: the turn prover, or (settled) the update's prover. */
  account: string;
  amount: bigint;
  receipt: ContractTransactionReceipt;
}

/**
 * The turn prover's redundant proof of an update's transition, within the redundancy window: credits it the reserve.
 *
 * @param coordinator - The open-race coordinator, connected to any signer (the reserve goes to the proof's address).
 * @param params - The update's number (and record), its headers and the turn prover's proof.
 * @returns Who was credited what, and the receipt.
 * @throws {InvalidParameterError} If the headers or proofs are malformed, or no such update was made.
 * @throws {ContractRevertError} E.g. `OpenRace__RedundancyWindowClosed`, `__NotTurnProver`, `__NotSameTransition`,
 *   `__UnknownUpdate` (nothing reserved, or already paid).
 * @throws {ContractCallError} For any other failure.
 */
export async function submitRedundantProof(
  coordinator: OpenRaceCoordinator,
  params: SubmitRedundantProofParameters,
): Promise<RedundancyReturnType> {
  signerOf(coordinator, "submitRedundantProof");
  const updateId = checkedUint(params?.updateId, "updateId");
  const headers = checkedHeaders(params.headers);
  const proof = epochProofBytes(params.proof, headers.length);
  const update = params.update ?? (await getStateUpdate(coordinator, { updateId, fromBlock: params.fromBlock })).update;
  const receipt = await sendTransaction("submitRedundantProof", () =>
    coordinator.submitRedundantProof(updateId, stateUpdateStruct(update), headers, proof),
  );
  const { args } = receiptEvent(coordinator, receipt, "RedundancyRewarded");
  return { hash: receipt.hash, updateId, account: args.turnProver, amount: args.reward, receipt };
}

/** Parameters of {@link settleRedundancy}. */
export interface SettleRedundancyParameters {
  updateId: BigNumberish;
  /** The update's record (default: read back from its `StateUpdated` event). */
  update?: StateUpdateRecord;
  /** First L1 block of the coordinator's logs, to read the record (default 0). */
  fromBlock?: number;
}

/**
 * After the redundancy window, credits an unearned reserve to the update's prover. Anyone may send it.
 *
 * @param coordinator - The open-race coordinator, connected to any signer.
 * @param params - The update's number (and record).
 * @returns Who was credited what, and the receipt.
 * @throws {InvalidParameterError} If no such update was made.
 * @throws {ContractRevertError} E.g. `OpenRace__RedundancyWindowOpen`, `__UnknownUpdate`.
 * @throws {ContractCallError} For any other failure.
 */
export async function settleRedundancy(
  coordinator: OpenRaceCoordinator,
  params: SettleRedundancyParameters,
): Promise<RedundancyReturnType> {
  signerOf(coordinator, "settleRedundancy");
  const updateId = checkedUint(params?.updateId, "updateId");
  const update = params.update ?? (await getStateUpdate(coordinator, { updateId, fromBlock: params.fromBlock })).update;
  const receipt = await sendTransaction("settleRedundancy", () =>
    coordinator.settleRedundancy(updateId, stateUpdateStruct(update)),
  );
  const { args } = receiptEvent(coordinator, receipt, "RedundancyReleased");
  return { hash: receipt.hash, updateId, account: args.prover, amount: args.amount, receipt };
}
