// blockage prover-coordination submit-epoch-proof-bid --epoch <n> --basis-point-fee <bps> [--node <url>] (seed 003)
import { MAX_EPOCH, parseInteger } from "../arguments";
import type { Command } from "../command";
import { rpcTimeoutMs } from "../context";
import { UsageError } from "../errors";
import { callNode, nodeUrl } from "../node-rpc";
import { table } from "../output";

/** The largest prover fee: 10 000 basis points, the whole fee. */
const MAX_BASIS_POINT_FEE = 10_000n;

/** A JSON-RPC parameter: a number while it is exact, else a decimal string. */
const rpcInteger = (value: bigint): number | string =>
  value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();

/** One line per field of the node's answer (nested values as JSON). */
function describe(result: unknown): Array<[string, string | undefined]> {
  if (typeof result !== "object" || result === null) return [["result", result === null ? undefined : String(result)]];
  return Object.entries(result).map(([key, value]) => [
    key,
    typeof value === "string" || typeof value === "number" || typeof value === "boolean"
      ? String(value)
      : JSON.stringify(value),
  ]);
}

const submitEpochProofBid: Command = {
  path: "prover-coordination submit-epoch-proof-bid",
  options: { epoch: { type: "string" }, "basis-point-fee": { type: "string" }, node: { type: "string" } },
  positionals: { min: 0, max: 0, names: "" },
  async run(input) {
    const epochText = input.values.epoch as string | undefined;
    const feeText = input.values["basis-point-fee"] as string | undefined;
    if (epochText === undefined) throw new UsageError("--epoch <n> is required");
    if (feeText === undefined) throw new UsageError("--basis-point-fee <bps> is required");
    const epoch = parseInteger(epochText, "--epoch", MAX_EPOCH);
    const fee = parseInteger(feeText, "--basis-point-fee", MAX_BASIS_POINT_FEE);
    const url = nodeUrl(input.values.node as string | undefined, input.io);
    const timeoutMs = rpcTimeoutMs(input.io);
    const result = await callNode(url, "submitEpochProofBid", [rpcInteger(epoch), rpcInteger(fee)], timeoutMs);
    input.print(
      table(`bid for the proof of epoch ${epoch} at ${fee} bps (${Number(fee) / 100}% of the fees) submitted`, [
        ["node", url],
        ...describe(result),
      ]),
      // Seed 003's method answers nothing (null); the JSON document says what was bid, where, and the answer.
      { epoch: epoch.toString(), basisPointFee: Number(fee), node: url, result },
    );
  },
};

/** The prover coordination commands (seed 003). */
export const PROVER_COORDINATION_COMMANDS: Command[] = [submitEpochProofBid];
