import type { DashboardSnapshot, JobHistory, JobSegment, WorkerFeed } from "../../feed";
import type { ChainState } from "../chain";
import { count, duration } from "../format";
import type { Names } from "../names";
import { TableRegion, Waiting } from "./section";
import { useWidth } from "./wins-chart";

const OUTCOMES: { key: JobSegment["outcome"] | "queued"; label: string }[] = [
  { key: "queued", label: "queued" },
  { key: "leased", label: "leased (proving)" },
  { key: "proven", label: "proven" },
  { key: "reassigned", label: "reassigned" },
  { key: "invalid", label: "invalid proof" },
  { key: "failed", label: "failed" },
];

const LABEL_WIDTH = 150;
const LANE = 26;
const AXIS = 22;
const clock = (ms: number) => new Date(ms).toLocaleTimeString("en-GB");

/** Round tick steps for the time axis. */
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600].map((s) => s * 1000);

/** One JD's jobs: a lane per worker (least recently served first) and one for the queue. */
function JdTimeline({
  jd,
  jobs,
  workers,
  names,
  serverTime,
  width,
}: {
  jd: string;
  jobs: JobHistory[];
  workers: WorkerFeed[];
  names: Names;
  serverTime: number;
  width: number;
}) {
  const lanes = [...workers.map((w) => w.worker)];
  for (const j of jobs) for (const s of j.segments) if (!lanes.includes(s.worker)) lanes.push(s.worker);
  // Up to now while the JD is followed and has work open; else up to its last event (or when it stopped).
  const until = jobs.find((j) => j.followedUntil !== null)?.followedUntil ?? null;
  const open = until === null && jobs.some((j) => j.status === "queued" || j.status === "leased");
  const times = jobs.flatMap((j) => [j.queuedAt, ...j.segments.flatMap((s) => [s.from, s.to ?? serverTime])]);
  const start = Math.min(...times);
  const end = open ? serverTime : Math.max(until ?? 0, ...times);
  const span = Math.max(end - start, 1000) * 1.02;
  const plotWidth = Math.max(width - LABEL_WIDTH - 8, 100);
  const x = (t: number) => LABEL_WIDTH + ((t - start) / span) * plotWidth;
  const height = AXIS + LANE * (lanes.length + 1);
  const step = STEPS.find((s) => span / s <= 6) ?? STEPS.at(-1)!;
  const ticks: number[] = [];
  // Tick labels need ~30 px either side of their line to stay inside the chart.
  for (let t = Math.ceil(start / step) * step; t <= start + span; t += step) {
    if (x(t) > LABEL_WIDTH + 30 && x(t) < width - 30) ticks.push(t);
  }
  const laneY = (worker: string) => AXIS + LANE * (1 + lanes.indexOf(worker));

  return (
    <figure class="timeline">
      <figcaption>
        <strong>{jd}</strong>'s job distributor: {count(jobs.length)} jobs, {lanes.length} workers (top lane first in
        LRP order: it gets the next job).
      </figcaption>
      <svg width={width} height={height} role="img" aria-label={`Job timeline of ${jd}`} data-jd={jd}>
        {ticks.map((t) => (
          <g key={t} class="tick">
            <line x1={x(t)} x2={x(t)} y1={AXIS - 4} y2={height} />
            <text x={x(t)} y={AXIS - 8} text-anchor="middle">
              {clock(t)}
            </text>
          </g>
        ))}
        <text class="lane-label" x={4} y={AXIS + LANE / 2 + 4}>
          queue
        </text>
        {lanes.map((worker) => {
          const w = workers.find((v) => v.worker === worker);
          return (
            <text key={worker} class="lane-label" x={4} y={laneY(worker) + LANE / 2 + 4}>
              {w ? `${w.lrpRank}. ` : ""}
              {names.of(worker)}
            </text>
          );
        })}
        {jobs.map((j) => {
          const firstLease =
            j.segments.find((s) => s.outcome !== "invalid")?.from ?? (j.status === "queued" ? end : null);
          const row = j.chunkId % 4;
          return (
            <g key={j.jobId} data-job={j.jobId} data-status={j.status}>
              {firstLease !== null && firstLease > j.queuedAt && (
                <rect
                  class="seg seg-queued"
                  x={x(j.queuedAt)}
                  y={AXIS + 2 + row * 5.5}
                  width={Math.max(2, x(firstLease) - x(j.queuedAt))}
                  height={4.5}
                >
                  <title>
                    job {j.jobId} queued {clock(j.queuedAt)} ({duration(firstLease - j.queuedAt)})
                  </title>
                </rect>
              )}
              {j.segments.map((s, i) => {
                const x0 = x(s.from);
                const w = Math.max(s.outcome === "invalid" ? 4 : 3, x(s.to ?? end) - x0);
                const y = laneY(s.worker) + 3;
                return (
                  <g
                    key={i}
                    data-job={j.jobId}
                    data-worker={names.of(s.worker)}
                    data-outcome={s.outcome}
                    class={`seg seg-${s.outcome}`}
                  >
                    <rect x={x0} y={y} width={w} height={LANE - 6} rx={2} />
                    {w > 34 && s.outcome !== "invalid" && (
                      <text x={x0 + 4} y={y + LANE / 2 + 1}>
                        {j.jobId}
                      </text>
                    )}
                    <title>
                      job {j.jobId} (epoch {j.epoch}, chunk {j.chunkId}) on {names.of(s.worker)}: {s.outcome}{" "}
                      {clock(s.from)}
                      {s.to !== null ? ` → ${clock(s.to)} (${duration(s.to - s.from)})` : " → now"}
                    </title>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** CrowdProve jobs as a timeline per worker, for every JD the feed follows. */
export function JobsTimeline({ snapshot, names }: { snapshot: DashboardSnapshot | null; names: Names; now: number }) {
  const [box, width] = useWidth<HTMLDivElement>();
  if (snapshot === null) return <Waiting what="Waiting for the live feed…" />;
  const jds = [...new Set([...snapshot.workers.map((w) => w.jd), ...snapshot.jobs.map((j) => j.jd)])].sort();
  return (
    <div ref={box}>
      <ul class="legend" aria-label="Job states">
        {OUTCOMES.map((o) => (
          <li key={o.key}>
            <span class={`swatch seg-${o.key}`} aria-hidden="true" /> {o.label}
          </li>
        ))}
      </ul>
      {jds.length === 0 || snapshot.jobs.length === 0 ? (
        <Waiting what="No proving job yet: jobs appear once a prover node holds an epoch's proof right." />
      ) : (
        width > 0 &&
        jds
          .filter((jd) => snapshot.jobs.some((j) => j.jd === jd))
          .map((jd) => (
            <JdTimeline
              key={jd}
              jd={jd}
              jobs={snapshot.jobs.filter((j) => j.jd === jd)}
              workers={snapshot.workers.filter((w) => w.jd === jd)}
              names={names}
              serverTime={snapshot.time}
              width={width}
            />
          ))
      )}
      {snapshot.jobs.length > 0 && (
        <details>
          <summary>Jobs as a table</summary>
          <TableRegion label="Jobs table">
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">JD</th>
                <th scope="col">State</th>
                <th scope="col">Workers (in order)</th>
              </tr>
            </thead>
            <tbody>
              {snapshot.jobs.map((j) => (
                <tr key={`${j.jd}/${j.jobId}`}>
                  <th scope="row">{j.jobId}</th>
                  <td>{j.jd}</td>
                  <td>{j.status}</td>
                  <td>{j.segments.map((s) => `${names.of(s.worker)} (${s.outcome})`).join(" → ") || "—"}</td>
                </tr>
              ))}
            </tbody>
          </TableRegion>
        </details>
      )}
    </div>
  );
}

/** Each JD's workers in LRP order: accepted chunks, invalid proofs, timeouts, proving time, payouts earned. */
export function WorkersTable({
  snapshot,
  chain,
  names,
}: {
  snapshot: DashboardSnapshot | null;
  chain: ChainState | null;
  names: Names;
}) {
  if (snapshot === null || snapshot.workers.length === 0) return null;
  const earned = new Map<string, { total: bigint; claimed: bigint }>();
  for (const p of chain?.payouts ?? []) {
    for (const payee of p.payees) {
      const e = earned.get(payee.worker.toLowerCase()) ?? { total: 0n, claimed: 0n };
      e.total += payee.amount;
      if (payee.claimed) e.claimed += payee.amount;
      earned.set(payee.worker.toLowerCase(), e);
    }
  }
  return (
    <TableRegion label="Workers table">
      <thead>
        <tr>
          <th scope="col">Worker</th>
          <th scope="col">JD</th>
          <th scope="col" class="num">
            LRP
          </th>
          <th scope="col" class="num">
            Accepted chunks
          </th>
          <th scope="col" class="num">
            Invalid · timed out
          </th>
          <th scope="col" class="num">
            Mean proving
          </th>
          <th scope="col" class="num">
            Earned
          </th>
        </tr>
      </thead>
      <tbody>
        {snapshot.workers.map((w) => {
          const e = earned.get(w.worker.toLowerCase());
          return (
            <tr key={`${w.jd}/${w.worker}`} data-worker={names.of(w.worker)} class={w.connected ? "" : "dim"}>
              <th scope="row">
                {names.of(w.worker)}
                {!w.connected && <span class="sub"> offline</span>}
                {w.suspended && <span class="pill pill-bad">suspended</span>}
              </th>
              <td>{w.jd}</td>
              <td class="num">{w.lrpRank}</td>
              <td class="num" data-testid="accepted">
                {w.done}
              </td>
              <td class="num">
                {w.invalid} · {w.timedOut}
              </td>
              <td class="num">{w.meanProvingMs === null ? "—" : duration(w.meanProvingMs)}</td>
              <td class="num">
                {e === undefined || chain === null ? (
                  "—"
                ) : (
                  <>
                    {chain.tokens(e.total)}
                    <br />
                    <span class="sub">{chain.tokens(e.claimed)} claimed</span>
                  </>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </TableRegion>
  );
}
