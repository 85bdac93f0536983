// Open race: the proving base fee (EIP-1559 per epoch toward the target lag) and the L1 signal (historically active
// provers flag a price too low; a quorum steps the next epoch's fee up whatever the lag).
import type { ContractTransactionReceipt } from "ethers";
import { readContract, receiptEvent, sendTransaction, signerOf } from "../transaction";
import type { OpenRaceCoordinator } from "../typechain";

/** Result of {@link getProvingFee}. */
export interface GetProvingFeeReturnType {
  /** What a proposal pays per transaction now (the current epoch's fee, rolled or about to be). */
  fee: bigint;
  /** The epoch the stored fee was rolled for, its fee, and the flags gathered against it. */
  rolledEpoch: bigint;
  rolledFee: bigint;
  flags: bigint;
  /** Flags that step the next fee up. */
  flagQuorum: bigint;
}

/**
 * The proving base fee a proposal pays per transaction now, and the L1 signal's state.
 *
 * @param coordinator - The open-race coordinator (any runner with a provider).
 * @returns The fee and the flags.
 * @throws {ContractCallError} If the chain cannot be read.
 */
export async function getProvingFee(coordinator: OpenRaceCoordinator): Promise<GetProvingFeeReturnType> {
  const [fee, state, cfg] = await readContract("OpenRaceCoordinator.provingBaseFee", () =>
    Promise.all([coordinator.provingBaseFee(), coordinator.provingFeeState(), coordinator.config()]),
  );
  return { fee, rolledEpoch: state.epoch, rolledFee: state.fee, flags: state.flags, flagQuorum: cfg.flagQuorum };
}

/** Result of {@link flagPriceTooLow}. */
export interface FlagPriceTooLowReturnType {
  hash: string;
  epoch: bigint;
  /** The epoch's flags, this one included. */
  flags: bigint;
  receipt: ContractTransactionReceipt;
}

/**
 * The L1 signal: the signer (an address with proofs accepted in enough recent epochs) flags the proving base fee as too
 * low, once per epoch. When an epoch gathers the quorum, the next epoch's fee rises by at least 1/4.
 *
 * @param coordinator - The open-race coordinator, connected to the prover's signer.
 * @returns The epoch and its flags so far, and the receipt.
 * @throws {ContractRevertError} E.g. `OpenRace__NotActiveProver`, `__AlreadyFlagged`.
 * @throws {ContractCallError} For any other failure.
 */
export async function flagPriceTooLow(coordinator: OpenRaceCoordinator): Promise<FlagPriceTooLowReturnType> {
  signerOf(coordinator, "flagPriceTooLow");
  const receipt = await sendTransaction("flagPriceTooLow", () => coordinator.flagPriceTooLow());
  const { args } = receiptEvent(coordinator, receipt, "PriceFlagged");
  return { hash: receipt.hash, epoch: args.epoch, flags: args.flags, receipt };
}
