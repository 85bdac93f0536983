// Failures of the rollup actions that happen before (or instead of) a contract call, each with its own class.
import { BlockageError } from "../errors";

/**
 * The deployer cannot grant the rollup `ROLLUP_ROLE` on the registry (it lacks the registry's `DEFAULT_ADMIN_ROLE`),
 * so the rollup could never slash a proposer of an invalid block. Nothing was deployed: grant the deployer the
 * admin role, or deploy from the admin's account.
 *
 * @example
 * try { await deployRollup(signer, params) } catch (e) { if (e instanceof RegistryAdminRequiredError) console.log(e.registry) }
 */
export class RegistryAdminRequiredError extends BlockageError {
  override name = "RegistryAdminRequiredError" as const;
  /** The registry. */
  readonly registry: string;
  /** The account that lacks the admin role. */
  readonly account: string;

  /**
   * @param registry - The registry's address.
   * @param account - The deployer's address.
   */
  constructor(registry: string, account: string) {
    super(
      `${account} is not an admin of the NodeRegistry at ${registry}: it cannot grant the rollup ROLLUP_ROLE (deploy from the registry's admin account)`,
    );
    this.registry = registry;
    this.account = account;
  }
}

/**
 * A block's header and transactions could not be recovered from the chain: no record of the block (never proposed,
 * or its ring entry was reused), no `BlockProposed` / `BasedBlockProven` log for it in the range read, or the proposal
 * was not a direct call of the rollup (a contract relayed it), so its calldata is not the transaction's.
 */
export class BlockDataNotFoundError extends BlockageError {
  override name = "BlockDataNotFoundError" as const;
  /** The pending chain's block number. */
  readonly blockNumber: bigint;

  /**
   * @param blockNumber - The block asked for.
   * @param reason - Why it could not be recovered, one line.
   */
  constructor(blockNumber: bigint, reason: string) {
    super(`block ${blockNumber} cannot be read back: ${reason}`);
    this.blockNumber = blockNumber;
  }
}
