// Deploying and connecting a CrowdProve `PayoutDistributor` over a token (the rollup's stake token, in which job
// distributors are paid their prover fees).
import type { Signer } from "ethers";
import { contractAt } from "../contracts";
import { toContractError } from "../contract-errors";
import { ContractCallError } from "../errors";
import { checkedAddress } from "../validate";
import { PayoutDistributor__factory } from "../typechain";
import type { ConnectPayoutDistributorReturnType } from "./connect";

/** Parameters of {@link deployPayoutDistributor}. */
export interface DeployPayoutDistributorParameters {
  /** The ERC-20 every distribution is funded and paid in (without transfer fees): the rollup's stake token. */
  token: string;
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
      distributor: contractAt("PayoutDistributor", address, signer),
      addresses: { PayoutDistributor: address, token },
      deployments: { PayoutDistributor: { address, transactionHash: receipt.hash } },
      deploymentBlock: receipt.blockNumber,
    };
  } catch (error) {
    throw toContractError(error, "PayoutDistributor deployment");
  }
}
