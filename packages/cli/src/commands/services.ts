// The operator's services, each run by its own package's CLI with the rest of the line: `blockage jd …` is
// `blockage-jd …` (@blockage/job-distributor), `blockage worker …` is `blockage-worker …` (@blockage/prover-worker),
// and `blockage node start …` is the node's (@blockage/node). Their options, help texts and output are theirs; a
// failure comes back here to be reported like any other (one JSON object with --json).
import { runJdCommand } from "@blockage/job-distributor";
import { runWorkerCommand } from "@blockage/prover-worker";
import { onProcessInterrupt, type CliIo } from "../output";
import { runNodeStart } from "./node-start";

/** A command whose words hand the rest of the line to a service's own CLI. */
export interface ServiceCommand {
  /** Command words, e.g. `jd` or `node start`. */
  path: string;
  /**
   * Runs the service's CLI until it is done (for `start`: until interrupted and stopped).
   *
   * @param argv - The line without the command words.
   * @param io - Output, environment, working directory, terminal and interrupts.
   * @throws Whatever the service's CLI throws; its `exitCode` (2 for wrong usage) is kept.
   */
  run(argv: string[], io: CliIo): Promise<void>;
}

/** The services. */
export const SERVICE_COMMANDS: ServiceCommand[] = [
  {
    path: "jd",
    run: (argv, io) =>
      runJdCommand(
        argv,
        { stdout: io.stdout, cwd: io.cwd, onInterrupt: io.onInterrupt ?? onProcessInterrupt },
        { program: "blockage jd" },
      ),
  },
  {
    path: "worker",
    run: (argv, io) =>
      runWorkerCommand(
        argv,
        {
          stdout: io.stdout,
          stderr: io.stderr,
          isTTY: io.isTTY ?? false,
          env: io.env,
          cwd: io.cwd,
          onInterrupt: io.onInterrupt ?? onProcessInterrupt,
        },
        { program: "blockage worker" },
      ),
  },
  { path: "node start", run: runNodeStart },
];
