// `blockage node start …`: runs the operator's node (@blockage/node) — keeper, sequencer and prover roles, its
// JSON-RPC server (seed 003's submitEpochProofBid) and quote gossip — until interrupted.
//
// Placeholder until @blockage/node has its CLI entry: replace the body with a call of it, e.g.
//   const { runNodeCommand } = await import("@blockage/node");
//   await runNodeCommand(["start", ...argv], io, { program: "blockage node" });
// and add @blockage/node to this package's dependencies.
import { CliError } from "../errors";
import type { CliIo } from "../output";

/**
 * Runs `blockage node start` with the rest of the line (the node's own options).
 *
 * @param _argv - The line after `node start`.
 * @param _io - Output, environment, working directory, terminal and interrupts.
 * @throws {CliError} Always, for now: @blockage/node is not built yet.
 */
export async function runNodeStart(_argv: string[], _io: CliIo): Promise<void> {
  throw new CliError(
    "blockage node start needs @blockage/node, which is not built yet",
    'a job distributor runs without the node: "blockage jd start --help"',
    { code: "NotAvailable" },
  );
}
