// Entry point of the `blockage-jd` executable: errors are one line and a hint, exit code 1 (2 for usage errors).
import { errorReason } from "@blockage/client";
import { JD_EXIT, JdCliError, runJdCommand } from "./run";

const INTERRUPTS = ["SIGINT", "SIGTERM"] as const;

runJdCommand(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  cwd: process.cwd(),
  onInterrupt(handler) {
    for (const signal of INTERRUPTS) process.on(signal, handler);
    return () => {
      for (const signal of INTERRUPTS) process.off(signal, handler);
    };
  },
}).catch((error: unknown) => {
  if (error instanceof JdCliError) {
    process.stderr.write(`error: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ""}`);
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(`error: ${errorReason(error)}\n`);
    process.exitCode = JD_EXIT.failure;
  }
});
