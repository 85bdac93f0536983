// Usage errors and help texts of the `blockage` CLI.

/** The command line is wrong (exit code 2). */
export class UsageError extends Error {
  override name = "UsageError" as const;
  /**
   * @param message - One line saying what is wrong.
   * @param command - The command whose `--help` to suggest (e.g. `node register`).
   */
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

/** A failure with a hint for the user (exit code 1). */
export class CliError extends Error {
  override name = "CliError" as const;
  /**
   * @param message - One line saying what failed.
   * @param hint - What to do about it.
   */
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

const GLOBAL_OPTIONS = `Global options:
  --rpc <url>          JSON-RPC endpoint (env BLOCKAGE_RPC_URL, default http://127.0.0.1:8545); each request
                       gives up after 30 s (env BLOCKAGE_RPC_TIMEOUT_MS, in milliseconds)
  --key-file <path>    file holding the hex private key of the account that signs (mode 0600)
  --key <hex>          the private key itself; prefer the env BLOCKAGE_KEY or --key-file, since other users
                       can read a command line (ps, /proc) and it stays in the shell history; never printed
  --registry <addr>    NodeRegistry address (default: "NodeRegistry" in ./deployments/<chainId>.json)
  --json               print one JSON document instead of human output
  -h, --help           show help`;

const AMOUNTS = `Amounts are in token units of the registry's stake token, with up to its decimals() decimals: 1000 means
1000 tokens (1000 × 10^decimals base units).`;

const PID = `[pid] defaults to the node of --key with --salt (default 0): pidOf(address, salt).`;

/** Help text per command path. */
export const HELP: Record<string, string> = {
  "": `blockage — node registry and seed beacon of the blockage lottery

Usage: blockage <command> [options]

Commands:
  node register            register a node (generates and saves its keys)
  node activate [pid]      Pending → Active after the entry delay
  node unbond [pid]        Active → Unbonding (leave the lottery)
  node withdraw [pid]      Unbonding → Exited: get the self-stake back
  node increase-stake <amount> [pid]
                           add self-stake
  node status [pid]        a node's state and lottery inputs
  node proof [pid]         Merkle proof of a node's leaf in an epoch's active-set root
  delegate <pid> <amount>  delegate tokens to a node
  undelegate <pid> <amount|all>
                           start unbonding a delegation
  withdraw-delegation <pid>
                           withdraw undelegated tokens after the unbonding period
  seed <epoch>             the seed σ of an epoch (and slot, role)
  poke                     store L1 randomness in the seed beacon (keepers)
  faucet                   get test tokens (StakeToken only)

${GLOBAL_OPTIONS}

${AMOUNTS}
Run "blockage <command> --help" for a command's options.`,

  node: `Usage: blockage node <register|activate|unbond|withdraw|increase-stake|status|proof> [options]

Run "blockage node <command> --help" for a command's options.

${GLOBAL_OPTIONS}`,

  "node register": `Usage: blockage node register [options]

Registers the --key account as the operator of a new node and locks its stake (approving the registry first if
needed). Unless --use-keys or --vrf-key is given, generates the node's VRF key (ECVRF-SECP256K1-SHA256-TAI) and its
Ed25519 communication key and writes them, secret keys included, to a key file (mode 0600) before registering. The
VRF key is registered with its proof of possession: a signature by the VRF secret key over VrfKeyPossession(pid,
vrfKey) in the registry's EIP-712 domain.

Options:
  --stake <amount>     self-stake in tokens (default: the registry's minimum stake)
  --roles <roles>      sequencer, prover or both (default both)
  --salt <salt>        pid salt: an integer or 32-byte hex (default 0); one operator runs several nodes with
                       different salts
  --keys-file <path>   where to write the keys (default ./blockage-node-<pid prefix>.json); never overwritten
  --use-keys <path>    register the keys of an existing key file instead of generating new ones
  --vrf-key <hex>      register this VRF public key (33 or 65 bytes) instead of generating keys, with
  --vrf-key-proof <hex>  its proof of possession for this pid and registry (65-byte signature), and
  --comm-key <hex>     the 32-byte communication key

${AMOUNTS}

${GLOBAL_OPTIONS}

Example:
  BLOCKAGE_KEY=<operator key> blockage node register --stake 1000 --roles both
  blockage node register --stake 1000 --key-file ./operator.key`,

  "node activate": `Usage: blockage node activate [pid] [--salt <salt>]

Pending → Active. Allowed from the epoch registeredEpoch + entryDelayEpochs; the node enters the lottery
inputLag epochs after the call.
${PID}

${GLOBAL_OPTIONS}`,

  "node unbond": `Usage: blockage node unbond [pid] [--salt <salt>]

Active → Unbonding: the node leaves the lottery inputLag epochs after the call and may withdraw its self-stake
unbondingPeriodEpochs after that.
${PID}

${GLOBAL_OPTIONS}`,

  "node withdraw": `Usage: blockage node withdraw [pid] [--salt <salt>]

Unbonding → Exited once the unbonding period has passed: sends the self-stake to the operator.
${PID}

${GLOBAL_OPTIONS}`,

  "node increase-stake": `Usage: blockage node increase-stake <amount> [pid] [--salt <salt>]

Adds self-stake to a Pending or Active node (approving the registry first if needed).
${PID}

${AMOUNTS}

${GLOBAL_OPTIONS}`,

  "node status": `Usage: blockage node status [pid] [--salt <salt>] [--epoch <n>]

Shows the node's current state, its lottery inputs for the current epoch (or --epoch) and the registry's clock.
Needs no key when a pid is given.
${PID}

${GLOBAL_OPTIONS}`,

  "node proof": `Usage: blockage node proof [pid] [--salt <salt>] [--epoch <n>] [--from-block <n>] [--block-range <n>]

Rebuilds the active-set tree of an epoch (default the current one) from the registry's events and prints the node's
leaf, its 20-sibling Merkle proof, the root activeSetRootAt(epoch) and whether the proof verifies.

Options:
  --epoch <n>          the epoch (default the current one)
  --from-block <n>     where to start reading events, at most the registry's deployment block (default: the block
                       of the deployment transaction recorded in ./deployments/<chainId>.json, else 0)
  --block-range <n>    blocks per eth_getLogs request (default 10000; lower it for RPCs with a lower limit)
${PID}

${GLOBAL_OPTIONS}`,

  delegate: `Usage: blockage delegate <pid> <amount>

Delegates tokens of the --key account to a Pending or Active node (approving the registry first if needed). The
delegation counts in the node's lottery stake inputLag epochs later and is slashed pro rata with the node.

${AMOUNTS}

${GLOBAL_OPTIONS}`,

  undelegate: `Usage: blockage undelegate <pid> <amount|all>

Starts unbonding (part of) the --key account's delegation; withdraw it with "blockage withdraw-delegation" after the
unbonding period. A second undelegation restarts the period.

${AMOUNTS}

${GLOBAL_OPTIONS}`,

  "withdraw-delegation": `Usage: blockage withdraw-delegation <pid>

Sends the --key account its undelegated tokens once the unbonding period has passed.

${GLOBAL_OPTIONS}`,

  seed: `Usage: blockage seed <epoch> [--slot <n>] [--role sequencer|prover|epoch]

Prints the seed σ of a rollup epoch from the registry's seed beacon, and for the sequencer and prover roles the VRF
input alpha = σ ‖ "SEQUENCER" or σ ‖ "PROVER". The seed exists once the epoch's cutoff (lookback L1 blocks before
the epoch starts) has passed. Needs no key.

Options:
  --slot <n>           absolute slot within the epoch (default the epoch's first slot)
  --role <role>        epoch (default), sequencer or prover
  --beacon <addr>      SeedBeacon address (default the registry's beacon)

${GLOBAL_OPTIONS}`,

  poke: `Usage: blockage poke

Stores this block's prevrandao and parent hash in the registry's seed beacon (once per block). An epoch's seed mixes
what was poked inside its seed window (the L1 blocks just before its cutoff); the contracts' own transactions poke
there, and keepers poke the window blocks nothing else did, which keeps any one L1 proposer's say in a seed to its
own blocks. An epoch whose window got no poke falls back to the latest snapshot before it, a weaker seed; one poke per
epoch after its lottery inputs freeze and before its window keeps that fallback unknown until then. Needs --key.

${GLOBAL_OPTIONS}`,

  faucet: `Usage: blockage faucet

Mints test tokens of the registry's StakeToken to the --key account (rate-limited per account).

${GLOBAL_OPTIONS}`,
};
