// `blockage-worker claim`: claims everything the PayoutDistributor owes the key, in one transaction. The trees are
// rebuilt from the `PayoutPublished` logs, so it needs nothing but the chain.
import fs from "node:fs";
import path from "node:path";
import { JsonRpcProvider, getAddress, isAddress } from "ethers";
import { claimPayouts, connectPayoutDistributor, errorReason, type PayoutDistributor } from "@blockage/client";
import type { Command, CommandInput } from "../command";
import { CliError, usageError } from "../errors";
import { walletFromKeyFile } from "../key-file";

const HELP = `Usage: blockage-worker claim --rpc <url> --key-file <file> [--payout-distributor <address>] [--from-block <n>] [--json]

Claims every payout the PayoutDistributor holds for the key's address (every epoch, every job distributor) in one
transaction sent by the key: each published tree is rebuilt from the chain's logs and checked against its root first.

Options:
  --rpc <url>                     the chain's JSON-RPC endpoint
  --key-file <file>               file holding the worker's hex private key (chmod 600); it pays the gas
  --payout-distributor <address>  the distributor (default: PayoutDistributor of deployments/<chainId>.json)
  --from-block <n>                first block to read logs from (default: the distributor's deployment block, or 0)
  --json                          one JSON object with what was claimed
  -h, --help                      show help`;

/** The distributor's address and deployment block, from the option or `deployments/<chainId>.json`. */
function distributorOf(values: CommandInput["values"], cwd: string, chainId: bigint): { address: string; tx?: string } {
  const given = values["payout-distributor"];
  if (typeof given === "string") {
    if (!isAddress(given)) throw usageError(`--payout-distributor is not an address: ${given}`, "claim");
    return { address: getAddress(given) };
  }
  const file = path.resolve(cwd, "deployments", `${chainId}.json`);
  const hint = "pass --payout-distributor <address>";
  let entry: { address?: unknown; transactionHash?: unknown } | undefined;
  try {
    entry = JSON.parse(fs.readFileSync(file, "utf8"))?.PayoutDistributor;
  } catch {
    throw new CliError(`no --payout-distributor given and ${file} cannot be read`, hint);
  }
  if (typeof entry?.address !== "string" || !isAddress(entry.address)) {
    throw new CliError(`no --payout-distributor given and ${file} records no PayoutDistributor`, hint);
  }
  return {
    address: getAddress(entry.address),
    tx: typeof entry.transactionHash === "string" ? entry.transactionHash : undefined,
  };
}

async function run({ values, io }: CommandInput): Promise<void> {
  const rpc = values.rpc;
  if (typeof rpc !== "string" || rpc === "") throw usageError("claim needs --rpc <url>", "claim");
  const keyFile = values["key-file"];
  if (typeof keyFile !== "string" || keyFile === "") throw usageError("claim needs --key-file <file>", "claim");
  const fromText = values["from-block"];
  if (fromText !== undefined && (typeof fromText !== "string" || !/^\d+$/.test(fromText))) {
    throw usageError("--from-block must be a block number", "claim");
  }
  const wallet = walletFromKeyFile(keyFile, io.cwd);
  const provider = new JsonRpcProvider(rpc, undefined, { staticNetwork: true, cacheTimeout: -1 });
  try {
    let chainId: bigint;
    try {
      chainId = (await provider.getNetwork()).chainId;
    } catch (error) {
      throw new CliError(`cannot reach the chain at ${rpc}: ${errorReason(error)}`, "is the node running? check --rpc");
    }
    const { address, tx } = distributorOf(values, io.cwd, chainId);
    let fromBlock = fromText === undefined ? 0 : Number(fromText);
    if (fromText === undefined && tx !== undefined)
      fromBlock = (await provider.getTransactionReceipt(tx))?.blockNumber ?? 0;
    const signer = wallet.connect(provider);
    const { distributor } = await connectPayoutDistributor(address, signer);
    const result = await claimPayouts(distributor as PayoutDistributor, { fromBlock });
    const json = {
      worker: result.worker,
      total: result.total.toString(),
      claimed: result.claimed.map((c) => ({
        operator: c.operator,
        epoch: c.epoch.toString(),
        amount: c.amount.toString(),
      })),
      transactionHash: result.receipt?.hash ?? null,
      mismatched: result.mismatched.map((m) => ({ ...m, epoch: m.epoch.toString() })),
    };
    if (values.json === true) {
      io.stdout(`${JSON.stringify(json)}\n`);
      return;
    }
    if (result.claimed.length === 0) io.stdout(`nothing to claim for ${result.worker}\n`);
    for (const c of result.claimed)
      io.stdout(`claimed ${c.amount} for epoch ${c.epoch} from job distributor ${c.operator}\n`);
    if (result.claimed.length > 0)
      io.stdout(`total ${result.total} to ${result.worker} (tx ${result.receipt!.hash})\n`);
    for (const m of result.mismatched)
      io.stderr(
        `warning: epoch ${m.epoch} of ${m.operator}: its logged payees do not give its published root; not claimed\n`,
      );
  } finally {
    provider.destroy();
  }
}

/** `blockage-worker claim`. */
export const CLAIM_COMMAND: Command = {
  name: "claim",
  summary: "claim everything the PayoutDistributor owes the key",
  options: {
    rpc: { type: "string" },
    "key-file": { type: "string" },
    "payout-distributor": { type: "string" },
    "from-block": { type: "string" },
  },
  help: HELP,
  run,
};
