// Entry point of the `blockage` executable.
import { onProcessInterrupt } from "./output";
import { runCli } from "./run";

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  isTTY: process.stdout.isTTY === true,
  onInterrupt: onProcessInterrupt,
}).then(
  (code) => {
    process.exitCode = code;
    // Everything is closed by now; an idle keep-alive socket (fetch's, a service's) must not hold the exit back.
    setTimeout(() => process.exit(code), 1000).unref();
  },
  (error: unknown) => {
    // runCli reports its own errors; this is a bug in the CLI itself.
    process.stderr.write(`error: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
