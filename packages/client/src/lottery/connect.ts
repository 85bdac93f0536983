// Connecting to a deployed on-chain lottery (`Lottery`) and the registry and beacon it reads.
import type { ContractRunner } from "ethers";
import { toContractError } from "../contract-errors";
import { contractAt } from "../contracts";
import type { Lottery, NodeRegistry, SeedBeacon } from "../typechain";
import { requireContractAt } from "../transaction";
import { checkedAddress } from "../validate";

/** Result of {@link connectLottery} (and of `deployLottery`). */
export interface ConnectLotteryReturnType {
  lottery: Lottery;
  registry: NodeRegistry;
  beacon: SeedBeacon;
  addresses: { Lottery: string; NodeRegistry: string; SeedBeacon: string };
}

/**
 * Connects to a deployed `Lottery` and the registry and beacon it reads.
 *
 * @param address - The lottery's address.
 * @param runner - A provider (to read) or a signer (to send entries).
 * @returns The connected contracts and their addresses.
 * @throws {InvalidParameterError} For a malformed address.
 * @throws {ContractCallError} If there is no contract there or it is not a lottery.
 * @example
 * const { lottery, beacon } = await connectLottery(deployments.Lottery.address, wallet);
 */
export async function connectLottery(address: string, runner: ContractRunner): Promise<ConnectLotteryReturnType> {
  const lotteryAddress = checkedAddress(address, "lottery address");
  await requireContractAt(runner, lotteryAddress, "Lottery");
  const lottery = contractAt("Lottery", lotteryAddress, runner);
  try {
    const [registryAddress, beaconAddress] = await Promise.all([lottery.registry(), lottery.beacon()]);
    return {
      lottery,
      registry: contractAt("NodeRegistry", registryAddress, runner),
      beacon: contractAt("SeedBeacon", beaconAddress, runner),
      addresses: { Lottery: lotteryAddress, NodeRegistry: registryAddress, SeedBeacon: beaconAddress },
    };
  } catch (error) {
    throw toContractError(error, `connecting to the Lottery at ${lotteryAddress}`);
  }
}
