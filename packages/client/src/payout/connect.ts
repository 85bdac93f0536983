// Connecting to a deployed payout distributor.
import type { ContractRunner } from "ethers";
import { toContractError } from "../contract-errors";
import { contractAt } from "../contracts";
import type { PayoutDistributor } from "../typechain";
import { requireContractAt } from "../transaction";
import { checkedAddress } from "../validate";

/** Result of {@link connectPayoutDistributor}. */
export interface ConnectPayoutDistributorReturnType {
  distributor: PayoutDistributor;
  addresses: { PayoutDistributor: string; token: string };
}

/**
 * Connects to a deployed `PayoutDistributor` and reads its token.
 *
 * @param address - The distributor's address.
 * @param runner - A provider (reads) or a signer (claims, publishing).
 * @returns The distributor and its addresses.
 * @throws {InvalidParameterError} If `address` is not an address.
 * @throws {ContractCallError} If there is no contract at `address` or it does not answer like a distributor.
 * @example
 * const { distributor } = await connectPayoutDistributor(deployments.PayoutDistributor.address, wallet);
 */
export async function connectPayoutDistributor(
  address: string,
  runner: ContractRunner,
): Promise<ConnectPayoutDistributorReturnType> {
  const distributorAddress = checkedAddress(address, "PayoutDistributor address");
  await requireContractAt(runner, distributorAddress, "PayoutDistributor");
  const distributor = contractAt("PayoutDistributor", distributorAddress, runner);
  try {
    const token = await distributor.token();
    return { distributor, addresses: { PayoutDistributor: distributorAddress, token } };
  } catch (error) {
    throw toContractError(error, `connecting to the PayoutDistributor at ${distributorAddress}`);
  }
}
