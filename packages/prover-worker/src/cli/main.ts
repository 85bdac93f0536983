// Entry point of the `blockage-worker` executable.
import { runCli } from "./run";

const INTERRUPTS = ["SIGINT", "SIGTERM"] as const;

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: process.stdout.isTTY === true,
  env: process.env,
  cwd: process.cwd(),
  onInterrupt(handler) {
    for (const signal of INTERRUPTS) process.on(signal, handler);
    return () => {
      for (const signal of INTERRUPTS) process.off(signal, handler);
    };
  },
}).then(
  (code) => {
    process.exitCode = code;
    // Everything is closed by now; an idle keep-alive socket of fetch must not hold the exit back.
    setTimeout(() => process.exit(code), 1000).unref();
  },
  (error: unknown) => {
    // runCli reports its own errors; this is a bug in the CLI itself.
    process.stderr.write(`error: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
