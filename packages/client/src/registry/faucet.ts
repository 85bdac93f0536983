import type { ContractTransactionReceipt } from "ethers";
import type { IStakeToken } from "../typechain";
import { readContract, receiptEvent, sendTransaction, signerOf } from "../transaction";

/** Result of {@link faucet}. */
export interface FaucetReturnType {
  /** Tokens received, in base units. */
  amount: bigint;
  /** The signer's balance afterwards. */
  balance: bigint;
  /** Unix time from which the signer may use the faucet again. */
  availableAt: bigint;
  /** Receipt of `faucet`. */
  receipt: ContractTransactionReceipt;
}

/**
 * Mints `faucetAmount()` test tokens of a `StakeToken` to the signer (local and test networks; rate-limited per
 * account).
 *
 * @param token - The stake token, connected to the receiving signer.
 * @returns What was received, the new balance and when the faucet can be used again.
 * @throws {ContractRevertError} `StakeToken__FaucetCooldown` when used again too soon.
 * @throws {ContractCallError} For any other failure (e.g. a token without a faucet).
 * @example
 * const { amount, balance } = await faucet(token.connect(wallet));
 */
export async function faucet(token: IStakeToken): Promise<FaucetReturnType> {
  const signer = signerOf(token, "faucet");
  const receipt = await sendTransaction("faucet", () => token.faucet());
  const event = receiptEvent(token, receipt, "FaucetUsed");
  const account = await readContract("reading the signer's address", () => signer.getAddress());
  const [balance, availableAt] = await readContract("StakeToken views", () =>
    Promise.all([token.balanceOf(account), token.faucetAvailableAt(account)]),
  );
  return { amount: event.args.amount, balance, availableAt, receipt };
}
