// The stake-token allowance a rollup or coordinator call pulls (escrowed fees, a builder's bid, a claim's bond):
// approved just before the call when the current allowance is short.
import type { ContractTransactionReceipt, Signer } from "ethers";
import { readContract, sendTransaction } from "../registry/transaction";
import { IStakeToken__factory } from "../typechain";

/** Result of {@link approveIfShort}. */
export interface ApproveIfShortReturnType {
  /** The `approve` receipt, or `null` if the allowance was enough (or `amount` is zero). */
  approveReceipt: ContractTransactionReceipt | null;
  /** The nonce the next transaction must use after an approval (a provider may cache the old count), else undefined. */
  nonce: number | undefined;
}

/**
 * Approves `spender` for exactly `amount` of `token` from the signer when its allowance is lower.
 *
 * @param signer - The token holder.
 * @param token - The stake token's address, or how to read it (only read when an approval may be needed).
 * @param spender - The contract that pulls the tokens.
 * @param amount - Base units the next call pulls.
 * @param enabled - Whether to approve at all (false when the caller manages allowances): then nothing is read or sent.
 * @returns The approval's receipt (if one was sent) and the nonce for the next transaction.
 * @throws {ContractCallError} If reading or approving fails.
 */
export async function approveIfShort(
  signer: Signer,
  token: string | (() => Promise<string>),
  spender: string,
  amount: bigint,
  enabled = true,
): Promise<ApproveIfShortReturnType> {
  if (!enabled || amount === 0n) return { approveReceipt: null, nonce: undefined };
  const tokenAddress = typeof token === "string" ? token : await readContract("stake token", token);
  const contract = IStakeToken__factory.connect(tokenAddress, signer);
  const owner = await readContract("signer address", () => signer.getAddress());
  const allowance = await readContract("StakeToken.allowance", () => contract.allowance(owner, spender));
  if (allowance >= amount) return { approveReceipt: null, nonce: undefined };
  let nonce: number | undefined;
  const approveReceipt = await sendTransaction("approve", async () => {
    const response = await contract.approve(spender, amount);
    nonce = response.nonce + 1;
    return response;
  });
  return { approveReceipt, nonce };
}
