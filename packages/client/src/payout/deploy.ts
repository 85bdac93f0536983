// Deploying and connecting a CrowdProve `PayoutDistributor` over a token (the rollup's stake token, in which job
// distributors are paid their prover fees).
import type { ContractRunner, Signer } from "ethers";
import { toContractError } from "../contract-errors";
import { ContractCallError } from "../errors";
import { requireContractAt } from "../transaction";
import { checkedAddress } from "../validate";
import { PayoutDistributor__factory, type PayoutDistributor } from "../typechain";

/** Parameters of {@link deployPayoutDistributor}. */
export interface DeployPayoutDistributorParameters {
  /** The ERC-20 every distribution is funded and paid in (without transfer fees): the rollup's stake token. */
  token: string;
}

/** Result of {@link connectPayoutDistributor}. */
export interface ConnectPayoutDistributorReturnType {
  distributor: PayoutDistributor;
  addresses: { PayoutDistributor: string; token: string };
}

/** Result of {@link deployPayoutDistributor}. */
export interface DeployPayoutDistributorReturnType extends ConnectPayoutDistributorReturnType {
  /** For `deployments/<chainId>.json`. */
  deployments: { PayoutDistributor: { address: string; transactionHash: string } };
  /** Block of the deployment: where to start reading `PayoutPublished` events. */
  deploymentBlock: number;
}

/**
 * Deploys a `PayoutDistributor` over `token`. It has no admin: nothing needs wiring afterwards.
 *
 * @param signer - The deployer.
 * @param params - The token.
 * @returns The connected distributor, its addresses, the deployment record and block.
 * @throws {InvalidParameterError} If `token` is not an address.
 * @throws {ContractRevertError} `PayoutDistributor__InvalidToken` if there is no contract at `token`.
 * @throws {ContractCallError} For any other failure.
 * @example
 * const { distributor, deploymentBlock } = await deployPayoutDistributor(signer, { token: addresses.StakeToken });
 */
export async function deployPayoutDistributor(
  signer: Signer,
  params: DeployPayoutDistributorParameters,
): Promise<DeployPayoutDistributorReturnType> {
  const token = checkedAddress(params.token, "token");
  try {
    const contract = await new PayoutDistributor__factory(signer).deploy(token);
    const receipt = await contract.deploymentTransaction()!.wait();
    if (receipt === null) throw new ContractCallError("the PayoutDistributor deployment was replaced or dropped");
    const address = await contract.getAddress();
    return {
      distributor: PayoutDistributor__factory.connect(address, signer),
      addresses: { PayoutDistributor: address, token },
      deployments: { PayoutDistributor: { address, transactionHash: receipt.hash } },
      deploymentBlock: receipt.blockNumber,
    };
  } catch (error) {
    throw toContractError(error, "PayoutDistributor deployment");
  }
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
  const distributor = PayoutDistributor__factory.connect(distributorAddress, runner);
  try {
    const token = await distributor.token();
    return { distributor, addresses: { PayoutDistributor: distributorAddress, token } };
  } catch (error) {
    throw toContractError(error, `connecting to the PayoutDistributor at ${distributorAddress}`);
  }
}
