// Deploying and connecting the on-chain lottery (`Lottery`), which reads a NodeRegistry and its SeedBeacon.
import type { Signer } from "ethers";
import { toContractError } from "../contract-errors";
import { ContractCallError } from "../errors";
import { requireContractAt } from "../transaction";
import { checkedAddress } from "../validate";
import { Lottery__factory } from "../typechain";
import { connectLottery, type ConnectLotteryReturnType } from "./connect";
import { LOTTERY_DEFAULTS, validateLotteryParams, type LotteryParams } from "./math";

/** Parameters of {@link deployLottery}. */
export interface DeployLotteryParameters {
  /** The NodeRegistry whose nodes and seeds the lottery uses. */
  registry: string;
  /** α, β, γ (18 decimals) and A_max; default {@link LOTTERY_DEFAULTS} (1.0, 0.3, 0.04, 256). */
  params?: Partial<LotteryParams>;
  /** Accept commit-reveal entries from nodes that committed for an epoch (weaker; default false). */
  commitRevealFallback?: boolean;
}

/** Result of {@link deployLottery}. */
export interface DeployLotteryReturnType extends ConnectLotteryReturnType {
  /** For `deployments/<chainId>.json`. */
  deployment: { address: string; transactionHash: string };
  /** The block of the deployment. */
  blockNumber: number;
  params: LotteryParams;
}

/**
 * Deploys a `Lottery` over an existing registry.
 *
 * @param signer - Pays for the deployment.
 * @param parameters - The registry, and optionally the lottery parameters and the commit-reveal fallback.
 * @returns The connected lottery, registry and beacon, and the deployment record.
 * @throws {LotteryError} `InvalidParams` for parameters out of range (checked before sending).
 * @throws {ContractRevertError} If the deployment reverts.
 * @throws {ContractCallError} For any other failure (e.g. no contract at the registry address).
 * @example
 * const { lottery } = await deployLottery(signer, { registry: addresses.NodeRegistry });
 */
export async function deployLottery(
  signer: Signer,
  parameters: DeployLotteryParameters,
): Promise<DeployLotteryReturnType> {
  const registryAddress = checkedAddress(parameters.registry, "registry address");
  // An explicit `undefined` keeps the default rather than replacing it.
  const given = Object.entries(parameters.params ?? {}).filter(([, value]) => value !== undefined);
  const params: LotteryParams = { ...LOTTERY_DEFAULTS, ...Object.fromEntries(given) };
  validateLotteryParams(params);
  await requireContractAt(signer, registryAddress, "NodeRegistry");
  try {
    const lottery = await new Lottery__factory(signer).deploy(
      registryAddress,
      params,
      parameters.commitRevealFallback ?? false,
    );
    const receipt = await lottery.deploymentTransaction()!.wait();
    if (receipt === null) throw new ContractCallError("the Lottery deployment was replaced or dropped");
    const connected = await connectLottery(await lottery.getAddress(), signer);
    return {
      ...connected,
      deployment: { address: connected.addresses.Lottery, transactionHash: receipt.hash },
      blockNumber: receipt.blockNumber,
      params,
    };
  } catch (error) {
    throw toContractError(error, "deploying the Lottery");
  }
}
