// Help texts of the `blockage` CLI.

const GLOBAL_OPTIONS = `Global options:
  --rpc <url>          JSON-RPC endpoint (env BLOCKAGE_RPC_URL, default http://127.0.0.1:8545); each request
                       gives up after 30 s (env BLOCKAGE_RPC_TIMEOUT_MS, in milliseconds)
  --key-file <path>    file holding the hex private key of the account that signs (mode 0600)
  --key <hex>          the private key itself; prefer the env BLOCKAGE_KEY or --key-file, since other users
                       can read a command line (ps, /proc) and it stays in the shell history; never printed
  --registry <addr>    NodeRegistry address (default: "NodeRegistry" in ./deployments/<chainId>.json)
  --json               print one JSON document instead of human output; a failure is one JSON object on
                       stderr: {"error":{"code","message","hint","exitCode",…}}
  -h, --help           show help`;

const AMOUNTS = `Amounts are in token units of the registry's stake token, with up to its decimals() decimals: 1000 means
1000 tokens (1000 × 10^decimals base units).`;

const PID = `[pid] defaults to the node of --key with --salt (default 0): pidOf(address, salt).`;

/** Help text per command path. */
export const HELP: Record<string, string> = {
  "": `blockage — the blockage protocol from the command line: registry, seeds, epochs, rewards and the services

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
  epoch status <epoch>     an epoch's proof: claim, bond, fee, windows and phase
  block confirmation <n>   the confirmation stage (1–7) of a rollup block
  rewards [show]           what the prover coordinator has credited to an account
  rewards withdraw         withdraw the key's credited rewards
  prover-coordination submit-epoch-proof-bid --epoch <n> --basis-point-fee <bps>
                           ask a running node to bid for an epoch's proof (seed 003)

Services (each takes its own options; "blockage <service> --help"):
  node start               run the operator's node (keeper, sequencer and prover roles)
  jd start                 run a CrowdProve job distributor (as blockage-jd)
  worker start|claim       run a CrowdProve community prover, claim its payouts (as blockage-worker)

${GLOBAL_OPTIONS}

${AMOUNTS}
Run "blockage <command> --help" for a command's options.`,

  node: `Usage: blockage node <register|activate|unbond|withdraw|increase-stake|status|proof|start> [options]

Run "blockage node <command> --help" for a command's options. "blockage node start" runs the operator's node
(@blockage/node) with its own options.

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

  epoch: `Usage: blockage epoch status <epoch> [--rollup <addr>]

Run "blockage epoch status --help" for its options.

${GLOBAL_OPTIONS}`,

  "epoch status": `Usage: blockage epoch status <epoch> [--rollup <addr>]

Shows where an epoch's proof stands (seed 003): its claim (claimant, bond, prover fee in basis points), the designated
prover, its windows in slots (priority window, claim window, proof deadline, final deadline), how many of its blocks
are still unproven, and its phase at the current slot: proposing, priority, claim, proving, openRace, proven,
slashable or settled. Needs no key.

Options:
  --rollup <addr>      Rollup address (default: "Rollup" in ./deployments/<chainId>.json)

${GLOBAL_OPTIONS}`,

  block: `Usage: blockage block confirmation <block number> [--finality finalized|<n>] [--rollup <addr>]

Run "blockage block confirmation --help" for its options.

${GLOBAL_OPTIONS}`,

  "block confirmation": `Usage: blockage block confirmation <block number> [--finality finalized|<n>] [--rollup <addr>]

Shows the confirmation stage of a rollup block (seed 002's seven stages): 3 in the highest ranking proposed block,
4 with a valid prover commitment (a claim in force), 5 with its effects available on the DA layer (its slot over and
its proposal final on L1), 6 proven by the L1 rollup contracts, 7 proven and final on L1. A block that was replaced or
pruned answers 2. Needs no key.

Options:
  --finality <rule>    when an L1 block is final: finalized (default: at or below the node's finalized block) or a
                       number of confirmations, e.g. 12 (for chains whose finalized tag means little)
  --rollup <addr>      Rollup address (default: "Rollup" in ./deployments/<chainId>.json)

${GLOBAL_OPTIONS}`,

  rewards: `Usage: blockage rewards [show] [--account <addr>] [--rollup <addr>]
       blockage rewards withdraw [--to <addr>] [--rollup <addr>]

Shows what the prover coordinator has credited to an account (block rewards, fee shares, prover and submitter fees,
released bonds, rescue shares), in the stake token's units; "withdraw" sends it all.

Options:
  --account <addr>     the account to show (default the key's)
  --rollup <addr>      Rollup address (default: "Rollup" in ./deployments/<chainId>.json)

${GLOBAL_OPTIONS}`,

  "rewards show": `Usage: blockage rewards show [--account <addr>] [--rollup <addr>]

Shows what the prover coordinator has credited to an account (block rewards, fee shares, prover and submitter fees,
released bonds, rescue shares), in the stake token's units. Needs a key or --account.

Options:
  --account <addr>     the account to show (default the key's)
  --rollup <addr>      Rollup address (default: "Rollup" in ./deployments/<chainId>.json)

${GLOBAL_OPTIONS}`,

  "rewards withdraw": `Usage: blockage rewards withdraw [--to <addr>] [--rollup <addr>]

Withdraws everything the prover coordinator has credited to the key's account and prints the amount and the
transaction. Needs --key.

Options:
  --to <addr>          where to send the tokens (default the key's account)
  --rollup <addr>      Rollup address (default: "Rollup" in ./deployments/<chainId>.json)

${GLOBAL_OPTIONS}`,

  "prover-coordination": `Usage: blockage prover-coordination submit-epoch-proof-bid --epoch <n> --basis-point-fee <bps> [--node <url>]

Run "blockage prover-coordination submit-epoch-proof-bid --help" for its options.`,

  "prover-coordination submit-epoch-proof-bid": `Usage: blockage prover-coordination submit-epoch-proof-bid --epoch <n> --basis-point-fee <bps> [--node <url>]

Asks a running blockage node ("blockage node start") to bid for the proof of an epoch (seed 003): the node signs a
quote for the epoch at this fee with its prover key and gossips it to the epoch's proposers. Sends the JSON-RPC 2.0
request submitEpochProofBid(epoch, basisPointFee) and prints the node's answer.

Options:
  --epoch <n>             the epoch
  --basis-point-fee <bps> the prover's share of the epoch's fees, in basis points: 0 to 10000 (1000 = 10%)
  --node <url>            the node's JSON-RPC endpoint (env BLOCKAGE_NODE_URL, default http://127.0.0.1:8547); the
                          request gives up after 30 s (env BLOCKAGE_RPC_TIMEOUT_MS)
  --json                  print the node's answer as JSON; a failure is one JSON object on stderr
  -h, --help              show help

Example:
  blockage prover-coordination submit-epoch-proof-bid --epoch 123 --basis-point-fee 1000`,
};
