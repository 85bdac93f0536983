// `blockage-worker start`: runs a worker until interrupted, showing its progress.
import path from "node:path";
import { errorReason } from "@blockage/client";
import { transportOf } from "../../connection";
import { JD_ERROR, JdProtocolError, JdRequestError, JdUnreachableError } from "../../protocol";
import { createWorker } from "../../worker";
import type { ProverWorker } from "../../worker-types";
import type { Command, CommandInput } from "../command";
import { CliError, usageError } from "../errors";
import { walletFromKeyFile } from "../key-file";
import { Progress } from "../progress";

/** Largest --concurrency accepted (one proving thread each). */
const MAX_CONCURRENCY = 256;

const HELP = `Usage: blockage-worker start --jd <url> --key-file <file> [--concurrency <n>] [--data-dir <dir>] [--json]

Registers with a CrowdProve job distributor (JD), takes chunk jobs, proves them (one worker thread per proof) and
submits each proof signed by the key. The key's address is the payout address. A finished proof is kept on disk until
the JD has answered for it: if the JD goes away the worker reconnects (backoff up to 10 s) and resubmits what it kept
before taking new jobs.

Progress is one line, rewritten in place on a terminal (one line per event otherwise): connection, jobs done, the
chunks being proven, last and mean proving time, earnings (the JD's receipts, in the payout token's base units).

Ctrl-C once: hand back the jobs not started, finish and submit the running proofs, then exit. Twice: hand back
everything at once.

Options:
  --jd <url>           the JD: ws://host:port (jobs are pushed) or http://host:port (the worker polls)
  --key-file <file>    file holding the worker's hex private key; only its owner may read it (chmod 600)
  --concurrency <n>    proofs side by side, one core each (default 1)
  --data-dir <dir>     where finished proofs are kept (default ~/.blockage/worker/<address>/)
  --json               one JSON object per event instead of the progress line
  -h, --help           show help`;

function parseConcurrency(text: string | undefined): number {
  if (text === undefined) return 1;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_CONCURRENCY) {
    throw usageError(
      `--concurrency must be an integer from 1 to ${MAX_CONCURRENCY}, got ${JSON.stringify(text)}`,
      "start",
    );
  }
  return Number(text);
}

function required(values: CommandInput["values"], name: string, what: string): string {
  const value = values[name];
  if (typeof value !== "string" || value === "") throw usageError(`start needs --${name} <${what}>`, "start");
  return value;
}

/** Rephrases why the worker could not start. */
function startFailure(error: unknown, jdUrl: string): unknown {
  if (error instanceof JdUnreachableError) {
    return new CliError(
      error.shortMessage,
      `check that the job distributor is running and that --jd is its URL (${jdUrl.startsWith("http") ? "http" : "ws"}://host:port)`,
    );
  }
  if (error instanceof JdRequestError) {
    const hint =
      error.rpcCode === JD_ERROR.InvalidSignature
        ? "registrations expire after 5 minutes: check this machine's clock"
        : error.rpcCode === JD_ERROR.Suspended
          ? "the JD refuses this worker for a while after invalid proofs: try again later"
          : undefined;
    return new CliError(error.shortMessage, hint);
  }
  if (error instanceof JdProtocolError) {
    return new CliError(error.shortMessage, `check that ${jdUrl} is a blockage job distributor`);
  }
  const code = (error as NodeJS.ErrnoException)?.code;
  if (typeof code === "string" && /^E[A-Z]+$/.test(code)) {
    return new CliError(`cannot use the data directory: ${errorReason(error)}`, "pass --data-dir <dir>");
  }
  return error;
}

/** Shows every event of the worker. */
function follow(worker: ProverWorker, progress: Progress): void {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  worker.on("connection", (state) => progress.event("connection", `connection ${state}`, { state }));
  worker.on("registered", (r) =>
    progress.event("registered", `registered with ${r.jd} on chain ${r.chainId} (at most ${r.maxInFlight} jobs)`, r),
  );
  worker.on("job", (job, source) =>
    progress.event("job", `job ${job.jobId} (epoch ${job.epoch}, chunk ${job.chunkId}) from ${source}`, {
      jobId: job.jobId,
      epoch: job.epoch,
      chunkId: job.chunkId,
      deadline: job.deadline,
      source,
    }),
  );
  worker.on("proving", (chunk) => progress.event("proving", `proving job ${chunk.jobId}`, chunk));
  worker.on("proven", (p) => progress.event("proven", `proved job ${p.jobId} in ${s(p.provingMs)}`, p));
  worker.on("submitted", (r) =>
    progress.event("submitted", `${r.resubmitted ? "resubmitted" : "submitted"} job ${r.jobId}: ${r.outcome}`, r),
  );
  worker.on("released", (r) => progress.event("released", `handed back job ${r.jobId} (${r.reason})`, r));
  worker.on("earnings", (amount) => progress.event("earnings", `earned ${amount} in all`, { earnings: amount }));
  worker.on("warning", (message) => progress.note("warning", message));
}

async function run({ values, io }: CommandInput): Promise<void> {
  const jdUrl = required(values, "jd", "url");
  try {
    transportOf(jdUrl);
  } catch (error) {
    throw usageError(`--jd: ${(error as Error).message}`, "start");
  }
  const keyFile = required(values, "key-file", "file");
  const concurrency = parseConcurrency(values.concurrency as string | undefined);
  const dataDir = typeof values["data-dir"] === "string" ? path.resolve(io.cwd, values["data-dir"]) : undefined;
  const signer = walletFromKeyFile(keyFile, io.cwd);

  const worker = createWorker({
    jdUrl,
    signer,
    concurrency,
    dataDir,
    log: (level, message) => {
      if (level === "error") progress.note("error", message);
    },
  });
  const progress = new Progress(io, values.json === true ? "json" : io.isTTY ? "tty" : "lines", () => worker.status());
  follow(worker, progress);

  let interrupts = 0;
  let stopped!: () => void;
  const finished = new Promise<void>((resolve) => (stopped = resolve));
  const dispose = io.onInterrupt(() => {
    interrupts++;
    if (interrupts === 1) {
      progress.note("stopping", "finishing the running proofs, handing back the rest (again: hand back everything)");
      void worker.stop().then(stopped);
    } else if (interrupts === 2) {
      progress.note("stopping", "handing back every job now");
      void worker.stop({ handBack: true });
    }
  });
  const clock = setInterval(() => progress.redraw(), 1000);
  clock.unref();
  try {
    try {
      await worker.start();
    } catch (error) {
      await worker.stop({ handBack: true });
      throw startFailure(error, jdUrl);
    }
    await finished;
  } finally {
    clearInterval(clock);
    dispose();
    progress.end();
  }
}

/** `blockage-worker start`. */
export const START_COMMAND: Command = {
  name: "start",
  summary: "register with a job distributor and prove its chunk jobs until interrupted",
  options: {
    jd: { type: "string" },
    "key-file": { type: "string" },
    concurrency: { type: "string" },
    "data-dir": { type: "string" },
  },
  help: HELP,
  run,
};
