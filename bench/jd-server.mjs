// A job server in its own process for bench/jd.bench.ts: `node bench/jd-server.mjs <spec.json>`. It opens a fresh
// store, queues `count` chunk jobs whose contents cycle through `contents` (so the bench can hold valid proofs for
// them), prints `{ "port": n }` on stdout once listening, and serves until it gets SIGTERM.
import fs from "node:fs";
import { createJobServer, chunkJob } from "@blockage/job-distributor";

const spec = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const server = await createJobServer({
  address: spec.address,
  chainId: BigInt(spec.chainId),
  dataDir: spec.dataDir,
  verifierThreads: spec.verifierThreads,
  verifierMaxBatch: spec.verifierMaxBatch,
  maxInFlight: spec.maxInFlight,
  leaseMs: 600_000,
  rateLimit: { perSecond: 100_000, burst: 100_000 },
});
const jobs = [];
const witnesses = [];
// Each distinct content is folded once (a Poseidon fold costs milliseconds); its jobs are copies under their own ids.
const templates = spec.contents.map((c, i) =>
  chunkJob({ epoch: "1", chunkId: i, prevState: BigInt(c.prevState), txs: c.txs.map(BigInt), prover: spec.address }),
);
for (let i = 0; i < spec.count; i++) {
  const t = templates[i % templates.length];
  jobs.push({ ...t.job, jobId: `1:${i}`, chunkId: i, holders: [] });
  witnesses.push(t.witness);
}
for (let i = 0; i < jobs.length; i += 1000)
  await server.board.addJobs(jobs.slice(i, i + 1000), witnesses.slice(i, i + 1000));
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
process.once("SIGTERM", async () => {
  await server.stop();
  process.exit(0);
});
