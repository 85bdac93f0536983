// Entering an epoch's chunk race on a Cooperative coordinator: the node's lottery inputs for the epoch, read from the
// registry once, so that each of its chunk submissions in the epoch costs ~15k gas less.
import { type BigNumberish, type BytesLike, type ContractTransactionReceipt } from "ethers";
import { readContract, receiptEvent, sendTransaction, signerOf } from "../transaction";
import { checkedBytes, checkedUint } from "../validate";
import type { CooperativeCoordinator } from "../typechain";

/** Parameters of {@link enterChunkRace}. */
export interface EnterChunkRaceParameters {
  /** The salt the node was registered with (its pid is `pidOf(operator, salt)`). */
  salt: BytesLike;
  /** The epoch: its lottery inputs must be fixed (the registry fixes them before the epoch starts). */
  epoch: BigNumberish;
}

/** Result of {@link enterChunkRace} (`ChunkRaceEntered`). */
export interface EnterChunkRaceReturnType {
  /** The transaction's hash. */
  hash: string;
  epoch: bigint;
  /** The node. */
  pid: string;
  /** The node's weight in the epoch, as each of its tickets is ranked with. */
  weight: bigint;
  receipt: ContractTransactionReceipt;
}

/**
 * Enters the operator's node in an epoch's chunk race (`CooperativeCoordinator.enterChunkRace`): the coordinator reads
 * and checks its lottery inputs for the epoch once (Active with the prover role, a nonzero weight) and keeps its weight
 * and VRF key, so that each of its chunk submissions in the epoch reads two storage words instead of calling the
 * registry. Optional (a node that has not entered is read from the registry on each submission) and idempotent; worth it
 * from the node's first or second submission of the epoch on.
 *
 * @param coordinator - The Cooperative coordinator, connected to the node operator's signer.
 * @param params - The node's salt and the epoch.
 * @returns The node's pid and weight, and the receipt.
 * @throws {InvalidParameterError} For a malformed salt or epoch, or a coordinator without a signer.
 * @throws {ContractRevertError} E.g. `Lottery__NotActive`, `Lottery__MissingRole`, `Lottery__ZeroWeight`,
 *   `NodeRegistry__InputsNotFixed` (an epoch too far ahead), `CooperativeCoordinator__WeightTooLarge`.
 * @throws {ContractCallError} For any other failure.
 * @example
 * const { weight } = await enterChunkRace(coordinator.connect(operator), { salt, epoch });
 */
export async function enterChunkRace(
  coordinator: CooperativeCoordinator,
  params: EnterChunkRaceParameters,
): Promise<EnterChunkRaceReturnType> {
  signerOf(coordinator, "enterChunkRace");
  const salt = checkedBytes(params?.salt, "salt", 32);
  const epoch = checkedUint(params.epoch, "epoch");
  const receipt = await sendTransaction("enterChunkRace", () => coordinator.enterChunkRace(salt, epoch));
  const { args } = receiptEvent(coordinator, receipt, "ChunkRaceEntered");
  return { hash: receipt.hash, epoch: args.epoch, pid: args.pid, weight: args.weight, receipt };
}

/** Parameters of {@link getChunkRaceEntry}. */
export interface GetChunkRaceEntryParameters {
  /** The node. */
  pid: BytesLike;
  epoch: BigNumberish;
}

/** Result of {@link getChunkRaceEntry}. */
export interface GetChunkRaceEntryReturnType {
  /** Whether the node entered the epoch's chunk race. */
  entered: boolean;
  /** Its weight then (0 if it did not enter). */
  weight: bigint;
}

/**
 * Whether a node entered an epoch's chunk race ({@link enterChunkRace}), and with which weight.
 *
 * @param coordinator - The Cooperative coordinator (any runner).
 * @param params - The node and the epoch.
 * @returns Whether it entered, and its weight.
 * @throws {InvalidParameterError} For a malformed pid or epoch.
 * @throws {ContractCallError} If it cannot be read.
 * @example
 * if (!(await getChunkRaceEntry(coordinator, { pid, epoch })).entered) await enterChunkRace(coordinator.connect(operator), { salt, epoch });
 */
export async function getChunkRaceEntry(
  coordinator: CooperativeCoordinator,
  params: GetChunkRaceEntryParameters,
): Promise<GetChunkRaceEntryReturnType> {
  const pid = checkedBytes(params?.pid, "pid", 32);
  const epoch = checkedUint(params.epoch, "epoch");
  const [entered, weight] = await readContract("CooperativeCoordinator.chunkRaceEntry", () =>
    coordinator.chunkRaceEntry(pid, epoch),
  );
  return { entered, weight };
}
