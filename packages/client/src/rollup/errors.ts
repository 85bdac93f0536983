// Failures of the rollup actions that happen before (or instead of) a contract call, each with its own class.
import { BlockageError } from "../errors";

/**
 * `deployRollup` cannot bind the rollup as the registry's slasher, so the rollup could never slash a proposer of an
 * invalid block; found before anything was deployed. Catch this to handle both causes,
 * {@link RegistryAdminRequiredError} and {@link SlasherAlreadyBoundError}.
 */
export abstract class SlasherBindingError extends BlockageError {
  /** Which of the two causes it is. */
  abstract override readonly code: "RegistryAdminRequired" | "SlasherAlreadyBound";
  /** The registry. */
  readonly registry: string;

  /**
   * @param registry - The registry's address.
   * @param summary - Why the rollup cannot be bound, one line.
   */
  protected constructor(registry: string, summary: string) {
    super(summary);
    this.registry = registry;
  }
}

/**
 * The deployer cannot grant the rollup `ROLLUP_ROLE` on the registry (it lacks the registry's `DEFAULT_ADMIN_ROLE`,
 * or nobody holds it any more). Nothing was deployed: deploy from the admin's account.
 *
 * @example
 * try { await deployRollup(signer, params) } catch (e) { if (e instanceof RegistryAdminRequiredError) console.log(e.registry) }
 */
export class RegistryAdminRequiredError extends SlasherBindingError {
  override name = "RegistryAdminRequiredError" as const;
  override readonly code = "RegistryAdminRequired" as const;
  /** The account that lacks the admin role. */
  readonly account: string;

  /**
   * @param registry - The registry's address.
   * @param account - The deployer's address.
   */
  constructor(registry: string, account: string) {
    super(
      registry,
      `${account} is not an admin of the NodeRegistry at ${registry}: it cannot grant the rollup ROLLUP_ROLE (deploy from the registry's admin account)`,
    );
    this.account = account;
  }
}

/**
 * The registry's slasher is already bound (to another rollup, or to whatever its admin bound): `ROLLUP_ROLE` is granted
 * once and for good, so no second rollup can ever slash on this registry. Nothing was deployed: deploy a new registry
 * for the new rollup.
 *
 * @example
 * try { await deployRollup(signer, params) } catch (e) { if (e instanceof SlasherAlreadyBoundError) console.log(e.slasher) }
 */
export class SlasherAlreadyBoundError extends SlasherBindingError {
  override name = "SlasherAlreadyBoundError" as const;
  override readonly code = "SlasherAlreadyBound" as const;
  /** Its slasher (`NodeRegistry.slasher()`). */
  readonly slasher: string;

  /**
   * @param registry - The registry's address.
   * @param slasher - The bound slasher's address.
   */
  constructor(registry: string, slasher: string) {
    super(
      registry,
      `the NodeRegistry at ${registry} already has its slasher (${slasher}), bound for good: a new rollup needs a new registry`,
    );
    this.slasher = slasher;
  }
}

/**
 * A block's header and transactions could not be recovered from the chain: no record of the block (never proposed,
 * or its ring entry was reused), no `BlockProposed` / `BasedBlockProven` log for it in the range read, or the proposal
 * was not a direct call of the rollup (a contract relayed it), so its calldata is not the transaction's.
 */
export class BlockDataNotFoundError extends BlockageError {
  override name = "BlockDataNotFoundError" as const;
  override readonly code = "BlockDataNotFound" as const;
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
