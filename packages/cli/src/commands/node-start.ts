// `blockage node start …`: runs the operator's node (@blockage/node) — keeper, sequencer and prover roles, its
// JSON-RPC server (seed 003's submitEpochProofBid), its embedded job distributor and quote gossip — until interrupted.
import { runNodeStart as startNode } from "@blockage/node";
import type { CliIo } from "../output";

/**
 * Runs `blockage node start` with the rest of the line (the node's own options, `--help` for them).
 *
 * @param argv - The line after `node start`.
 * @param io - Output, environment, working directory and interrupts.
 * @throws The node's usage errors (exit code 2) and failures (exit code 1), each with a hint.
 */
export async function runNodeStart(argv: string[], io: CliIo): Promise<void> {
  let off: (() => void) | undefined;
  const stopSignal =
    io.onInterrupt === undefined
      ? undefined
      : new Promise<void>((resolve) => {
          off = io.onInterrupt!(() => resolve());
        });
  try {
    await startNode(argv, { stdout: io.stdout, stderr: io.stderr, env: io.env, cwd: io.cwd, stopSignal });
  } finally {
    off?.();
  }
}
