// What to do about a revert: one line per error the CLI's commands can meet.
import { type ContractRevertError, NODE_STATUS_NAMES } from "@blockage/client";
import { formatTokens, tokens } from "./output";

const time = (seconds: unknown): string => new Date(Number(seconds) * 1000).toISOString();

/**
 * A hint for a decoded revert.
 *
 * @param error - The revert.
 * @param decimals - The stake token's `decimals()`, or `null` when no token is known (amounts then show as base
 *   units).
 * @returns One line, or `undefined` when there is nothing useful to add.
 */
export function revertHint(error: ContractRevertError, decimals: number | null): string | undefined {
  const a = error.args as Record<string, bigint & string>;
  const amount = (value: bigint) => (decimals === null ? `${value} base units` : tokens(value, decimals));
  switch (error.errorName) {
    case "NodeRegistry__StakeBelowMinimum":
      return error.action === "activate"
        ? `the node's self-stake is below the minimum of ${amount(a.minimum)}: add some with "blockage node increase-stake"`
        : `stake at least ${amount(a.minimum)}${decimals === null ? "" : ` (--stake ${formatTokens(a.minimum, decimals)})`}`;
    case "NodeRegistry__InvalidVrfKeyProof":
      return `--vrf-key-proof must be the VRF secret key's signature over VrfKeyPossession(pid, vrfKey) for this pid and registry`;
    case "ERC20InsufficientBalance":
      return `the account holds ${amount(a.balance)} and needs ${amount(a.needed)}; on a test network get tokens with "blockage faucet"`;
    case "ERC20InsufficientAllowance":
      return `the registry may pull only ${amount(a.allowance)} of the ${amount(a.needed)} needed: approve it first`;
    case "NodeRegistry__ActivationTooEarly":
      return `activation opens at epoch ${a.allowedFromEpoch} (now ${a.currentEpoch}); "blockage node status" shows the clock`;
    case "NodeRegistry__WithdrawalTooEarly":
      return `withdrawal opens at epoch ${a.allowedFromEpoch} (now ${a.currentEpoch})`;
    case "NodeRegistry__DelegationLocked":
      return `the undelegated stake unlocks at epoch ${a.allowedFromEpoch} (now ${a.currentEpoch})`;
    case "NodeRegistry__NotOperator":
      return `only the node's operator ${a.operator} may do this: pass its --key`;
    case "NodeRegistry__WrongStatus":
      return `the node is ${NODE_STATUS_NAMES[Number(a.actual)] ?? a.actual} but this needs ${NODE_STATUS_NAMES[Number(a.expected)] ?? a.expected}; see "blockage node status"`;
    case "NodeRegistry__UnknownNode":
      return `no node has this pid: check it, or register one with "blockage node register"`;
    case "NodeRegistry__AlreadyRegistered":
      return `this pid is taken: use another --salt to run a second node`;
    case "NodeRegistry__InvalidVrfKey":
      return `--vrf-key must be a secp256k1 point (33 bytes compressed or 65 uncompressed); omit it to generate keys`;
    case "NodeRegistry__InvalidCommKey":
      return `--comm-key must be 32 non-zero bytes; omit --vrf-key to generate keys`;
    case "NodeRegistry__InvalidRoles":
      return `--roles must be sequencer, prover or both`;
    case "NodeRegistry__NotPendingOrActive":
      return `delegating, adding stake and rotating keys need a Pending or Active node; see "blockage node status"`;
    case "NodeRegistry__InsufficientDelegation":
      return `you have ${amount(a.available)} delegated to this node; "all" undelegates everything`;
    case "NodeRegistry__NothingToWithdraw":
      return `nothing is unbonding: undelegate first with "blockage undelegate"`;
    case "NodeRegistry__InputsNotFixed":
      return `lottery inputs are fixed only up to epoch ${a.lastFixedEpoch}`;
    case "NodeRegistry__ZeroAmount":
      return `give an amount above zero`;
    case "SeedBeacon__SeedNotFixed":
      return `the seed of epoch ${a.rollupEpoch} is fixed by the first block after ${time(a.fixedAfter)}`;
    case "SeedBeacon__SlotNotInEpoch":
      return `omit --slot for the epoch's first slot, or give a slot of epoch ${a.rollupEpoch}`;
    case "ProverCoordinator__NoRewards":
      return `nothing is credited to ${a.account}: rewards, fee shares and released bonds are credited as epochs are proven; "blockage rewards" shows them`;
    case "StakeToken__FaucetCooldown":
      return `the faucet opens again for this account at ${time(a.availableAt)}`;
    default:
      return undefined;
  }
}
