// The stake-token allowance a rollup or coordinator call pulls (escrowed fees, a builder's bid, a claim's bond):
// approved just before the call when the current allowance is short, after a dry run of the call shows that the
// allowance is the only thing missing.
import type { ContractTransactionReceipt, Signer } from "ethers";
import { ContractRevertError, toContractError } from "../contract-errors";
import { readContract, sendTransaction } from "../transaction";
import { IStakeToken__factory } from "../typechain";

/** Result of {@link approveIfShort}. */
export interface ApproveIfShortReturnType {
  /** The `approve` receipt, or `null` if the allowance was enough (or `amount` is zero). */
  approveReceipt: ContractTransactionReceipt | null;
  /** The nonce the next transaction must use after an approval (a provider may cache the old count), else undefined. */
  nonce: number | undefined;
}

/** What {@link approveIfShort} approves for. */
export interface ApproveIfShortParameters {
  /** The stake token's address, or how to read it (read only when an approval may be needed). */
  token: string | (() => Promise<string>);
  /** The contract that pulls the tokens. */
  spender: string;
  /** Base units the call pulls. */
  amount: bigint;
  /** Whether to approve at all (false when the caller manages allowances): then nothing is read or sent. */
  enabled: boolean;
  /** The call's name, for errors. */
  action: string;
  /** The call as an `eth_call` on the pending block (`method.staticCall(...args, PENDING)`), run before approving. */
  dryRun: () => Promise<unknown>;
}

/**
 * Approves the spender for exactly `amount` of the token from the signer when its allowance is lower. The call is
 * dry-run first and the approval sent only if the dry run fails for the missing allowance alone, so a call the
 * contract would refuse anyway (wrong slot, bad signature, …) fails before any approval is mined or left behind.
 *
 * @param signer - The token holder.
 * @param params - Token, spender, amount, switch, and the dry run.
 * @returns The approval's receipt (if one was sent) and the nonce for the next transaction.
 * @throws {ContractRevertError} If the dry run reverts for another reason than the allowance.
 * @throws {ContractCallError} If reading or approving fails.
 */
export async function approveIfShort(
  signer: Signer,
  params: ApproveIfShortParameters,
): Promise<ApproveIfShortReturnType> {
  const { amount, spender } = params;
  if (!params.enabled || amount === 0n) return { approveReceipt: null, nonce: undefined };
  const tokenAddress =
    typeof params.token === "string" ? params.token : await readContract("stake token", params.token);
  const contract = IStakeToken__factory.connect(tokenAddress, signer);
  const owner = await readContract("signer address", () => signer.getAddress());
  const allowance = await readContract("StakeToken.allowance", () => contract.allowance(owner, spender));
  if (allowance >= amount) return { approveReceipt: null, nonce: undefined };
  try {
    await params.dryRun();
  } catch (error) {
    const decoded = toContractError(error, params.action);
    if (!(decoded instanceof ContractRevertError && decoded.errorName === "ERC20InsufficientAllowance")) throw decoded;
  }
  let nonce: number | undefined;
  const approveReceipt = await sendTransaction("approve", async () => {
    const response = await contract.approve(spender, amount);
    nonce = response.nonce + 1;
    return response;
  });
  return { approveReceipt, nonce };
}
