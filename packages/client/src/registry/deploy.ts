import { getAddress, parseEther, type BigNumberish, type Signer } from "ethers";
import { contractAt } from "../contracts";
import { toContractError } from "../contract-errors";
import { InvalidParameterError } from "../errors";
import {
  NodeRegistry__factory,
  SeedBeacon__factory,
  StakeToken__factory,
  type NodeRegistry,
  type SeedBeacon,
  type StakeToken,
} from "../typechain";
import { readContract } from "../transaction";
import { checkedAddress } from "../validate";
import type { RegistryAddresses } from "./connect";

/** Defaults of {@link deployRegistry}: a local network with Ethereum's 12-second L1 blocks. */
export const REGISTRY_DEFAULTS = {
  /** Tokens per `faucet()` call: 10 000 (18 decimals). */
  faucetAmount: parseEther("10000"),
  /** Seconds between two faucet calls of one account. */
  faucetCooldown: 3600n,
  /** 0: the beacon's deployment block. */
  genesisTime: 0n,
  slotDuration: 12n,
  epochSlots: 32n,
  lookbackBlocks: 8n,
  windowBlocks: 16n,
  l1BlockTime: 12n,
  /** 1000 tokens (18 decimals). */
  minStake: parseEther("1000"),
  entryDelayEpochs: 1n,
  unbondingPeriodEpochs: 2n,
  ageCap: 256n,
} as const;

/** Parameters of {@link deployRegistry}; every one is optional (see {@link REGISTRY_DEFAULTS}). */
export interface DeployRegistryParameters {
  /** Stake with this existing ERC-20 (without transfer fees) instead of deploying a `StakeToken`. */
  stakeToken?: string;
  /** `StakeToken` faucet amount in base units. */
  faucetAmount?: BigNumberish;
  /** `StakeToken` faucet cooldown in seconds. */
  faucetCooldown?: BigNumberish;
  /** Mint these amounts of the new `StakeToken` (the deployer owns it). Ignored with `stakeToken`. */
  mint?: ReadonlyArray<{ to: string; amount: BigNumberish }>;
  /** Timestamp of slot 0; 0 (default) for the beacon's deployment block. */
  genesisTime?: BigNumberish;
  /** Seconds per rollup slot. */
  slotDuration?: BigNumberish;
  /** Slots per rollup epoch. */
  epochSlots?: BigNumberish;
  /** L1 blocks between an epoch's seed cutoff and its start. */
  lookbackBlocks?: BigNumberish;
  /** L1 blocks of RANDAO mixed into a seed. */
  windowBlocks?: BigNumberish;
  /** Seconds per L1 block. */
  l1BlockTime?: BigNumberish;
  /**
   * Holder of `DEFAULT_ADMIN_ROLE`, whose one power is to bind the slasher (`ROLLUP_ROLE`, once); default the
   * deployer. Leave it to the deployer when `deployRollup` will run from the same account.
   */
  admin?: string;
  /**
   * Bind this address as the registry's slasher right after deploying (`ROLLUP_ROLE`: once and for good, it can then
   * never be granted, revoked or renounced), then renounce the deployer's admin role unless `keepAdmin`. Usually left
   * out: `deployRollup` binds the rollup it deploys. Needs the deployer as admin (`admin` unset or the deployer).
   */
  slasher?: string;
  /**
   * With `slasher`: keep the deployer's `DEFAULT_ADMIN_ROLE` after binding (throwaway devnets only; it can no longer
   * touch stake either way). Without `slasher` the admin is always kept: the rollup has yet to be bound.
   */
  keepAdmin?: boolean;
  /** Minimum self-stake in base units. */
  minStake?: BigNumberish;
  /** Epoch boundaries between `register` and `activate`. */
  entryDelayEpochs?: BigNumberish;
  /** Epochs between leaving the lottery and `withdraw`. */
  unbondingPeriodEpochs?: BigNumberish;
  /** A_max, the block-age cap. */
  ageCap?: BigNumberish;
}

/** Result of {@link deployRegistry}. */
export interface DeployRegistryReturnType {
  /** The registry, connected to the deployer. */
  registry: NodeRegistry;
  /** The seed beacon, connected to the deployer. */
  beacon: SeedBeacon;
  /** The stake token, connected to the deployer (a `StakeToken` unless `stakeToken` was given). */
  token: StakeToken;
  /** Contract addresses. */
  addresses: RegistryAddresses;
  /**
   * What `deployments/<chainId>.json` records: name → address and deployment transaction (the token is absent
   * when an existing one was used).
   */
  deployments: Record<string, { address: string; transactionHash: string }>;
  /** Block number of the first deployment transaction: where to start reading the registry's events. */
  deploymentBlock: number;
  /** Whether the deployer renounced `DEFAULT_ADMIN_ROLE` (only after binding `slasher`, unless `keepAdmin`). */
  adminRenounced: boolean;
}

async function deployed<T extends { waitForDeployment(): Promise<unknown>; deploymentTransaction(): unknown }>(
  contract: T,
): Promise<{ contract: T; transactionHash: string; blockNumber: number }> {
  await contract.waitForDeployment();
  const tx = contract.deploymentTransaction() as { hash: string; wait(): Promise<{ blockNumber: number } | null> };
  const receipt = await tx.wait();
  return { contract, transactionHash: tx.hash, blockNumber: receipt?.blockNumber ?? 0 };
}

/**
 * Deploys a `StakeToken` (unless `stakeToken` is given), a `SeedBeacon` and a `NodeRegistry` wired to them, one after
 * the other, waiting for each. The registry keeps an admin (the deployer, or `admin`) whose one power is to bind the
 * slasher once: `deployRollup` binds its rollup and then renounces the role, so that a full deployment leaves no
 * admin. With `slasher`, this binds that address instead and renounces at once (unless `keepAdmin`).
 *
 * @param signer - The deployer (owner of the token, default admin of the registry).
 * @param params - Overrides of {@link REGISTRY_DEFAULTS}, and the optional slasher.
 * @returns The connected contracts, their addresses, a deployments record, the first deployment block and whether
 *   the admin role was renounced.
 * @throws {InvalidParameterError} If `slasher` is given with an `admin` other than the deployer.
 * @throws {ContractRevertError} If a constructor reverts (e.g. `SeedBeacon__InvalidClock`).
 * @throws {ContractCallError} If a deployment fails otherwise (e.g. insufficient funds).
 * @example
 * const { registry, token, addresses } = await deployRegistry(await provider.getSigner(0));
 * await token.mint(operator, parseEther("5000"));
 */
export async function deployRegistry(
  signer: Signer,
  params: DeployRegistryParameters = {},
): Promise<DeployRegistryReturnType> {
  const p = { ...REGISTRY_DEFAULTS, ...params };
  const slasher = params.slasher === undefined ? undefined : checkedAddress(params.slasher, "slasher");
  const deployer = await readContract("signer address", () => signer.getAddress());
  const admin = params.admin === undefined ? deployer : checkedAddress(params.admin, "admin");
  if (slasher !== undefined && admin !== getAddress(deployer)) {
    throw new InvalidParameterError(
      `slasher needs the deployer as the registry's admin (admin is ${admin}, the deployer ${deployer})`,
    );
  }
  let step = "StakeToken deployment";
  try {
    const deployments: DeployRegistryReturnType["deployments"] = {};
    let token: StakeToken;
    let firstBlock: number | undefined;
    if (params.stakeToken === undefined) {
      const t = await deployed(
        await new StakeToken__factory(signer).deploy(deployer, p.faucetAmount, p.faucetCooldown),
      );
      token = t.contract;
      firstBlock = t.blockNumber;
      deployments.StakeToken = { address: await token.getAddress(), transactionHash: t.transactionHash };
      for (const { to, amount } of params.mint ?? []) {
        step = `StakeToken.mint to ${to}`;
        await (await token.mint(checkedAddress(to, "mint.to"), amount)).wait();
      }
    } else {
      token = contractAt("StakeToken", checkedAddress(params.stakeToken, "stakeToken"), signer);
    }
    step = "SeedBeacon deployment";
    const b = await deployed(
      await new SeedBeacon__factory(signer).deploy(
        p.genesisTime,
        p.slotDuration,
        p.epochSlots,
        p.lookbackBlocks,
        p.windowBlocks,
        p.l1BlockTime,
      ),
    );
    firstBlock ??= b.blockNumber;
    const beaconAddress = await b.contract.getAddress();
    deployments.SeedBeacon = { address: beaconAddress, transactionHash: b.transactionHash };
    step = "NodeRegistry deployment";
    const tokenAddress = await token.getAddress();
    const r = await deployed(
      await new NodeRegistry__factory(signer).deploy({
        stakeToken: tokenAddress,
        beacon: beaconAddress,
        admin,
        minStake: p.minStake,
        entryDelayEpochs: p.entryDelayEpochs,
        unbondingPeriodEpochs: p.unbondingPeriodEpochs,
        ageCap: p.ageCap,
      }),
    );
    const registryAddress = await r.contract.getAddress();
    deployments.NodeRegistry = { address: registryAddress, transactionHash: r.transactionHash };
    let adminRenounced = false;
    if (slasher !== undefined) {
      step = "NodeRegistry.grantRole(ROLLUP_ROLE)";
      await (await r.contract.grantRole(await r.contract.ROLLUP_ROLE(), slasher)).wait();
      if (params.keepAdmin !== true) {
        step = "NodeRegistry.renounceRole(DEFAULT_ADMIN_ROLE)";
        await (await r.contract.renounceRole(await r.contract.DEFAULT_ADMIN_ROLE(), deployer)).wait();
        adminRenounced = true;
      }
    }
    return {
      registry: r.contract,
      beacon: b.contract,
      token,
      addresses: { NodeRegistry: registryAddress, SeedBeacon: beaconAddress, StakeToken: tokenAddress },
      deployments,
      deploymentBlock: firstBlock,
      adminRenounced,
    };
  } catch (error) {
    throw toContractError(error, step);
  }
}
