import type { DashboardSnapshot } from "../../feed";
import type { ChainState } from "../chain";
import { percent } from "../format";
import type { Names } from "../names";
import { TableRegion, Waiting } from "./section";

const ROLES: Record<number, string> = { 1: "sequencer", 2: "prover", 3: "both" };

/** Each node: roles, liveness, its chance to win a slot this epoch, its wins and expected wins, its JD's queue. */
export function NodesTable({
  snapshot,
  chain,
  names,
}: {
  snapshot: DashboardSnapshot | null;
  chain: ChainState | null;
  names: Names;
}) {
  if (snapshot === null) return <Waiting what="Waiting for the live feed…" />;
  if (snapshot.nodes.length === 0) return <Waiting what="No nodes yet." />;
  const weights = chain?.weights.get(chain.head.epoch.toString());
  const last = (series: Map<string, number[]> | undefined, pid: string) => series?.get(pid)?.at(-1) ?? 0;
  return (
    <TableRegion label="Nodes table">
      <thead>
        <tr>
          <th scope="col">Node</th>
          <th scope="col">Roles</th>
          <th scope="col">State</th>
          <th scope="col" class="num">
            Slot done
          </th>
          <th scope="col" class="num">
            Win chance
          </th>
          <th scope="col" class="num">
            Wins
          </th>
          <th scope="col" class="num">
            Expected
          </th>
          <th scope="col">Jobs</th>
        </tr>
      </thead>
      <tbody>
        {snapshot.nodes.map((n) => {
          const pid = n.status?.pid.toLowerCase() ?? null;
          const share = pid === null ? null : (weights?.nodes.get(pid)?.share ?? (weights ? 0 : null));
          const jd = n.jd?.queue;
          const state = n.reachable
            ? n.status?.breaker.open
              ? "breaker open"
              : n.status?.busy
                ? "working"
                : "answering"
            : (n.note ?? "not answering");
          return (
            <tr key={n.name} data-node={n.name} class={n.reachable ? "" : "dim"}>
              <th scope="row">
                <span class="swatch" style={{ background: names.colour(pid) }} aria-hidden="true" />
                {n.name}
              </th>
              <td>{n.status ? (ROLES[n.status.roles] ?? String(n.status.roles)) : "—"}</td>
              <td>
                <span class={`pill ${n.reachable ? (n.status?.breaker.open ? "pill-bad" : "pill-ok") : "pill-off"}`}>
                  {state}
                </span>
              </td>
              <td class="num">{n.status?.handledSlot ?? "—"}</td>
              <td class="num">{percent(share)}</td>
              <td class="num">{pid === null || chain === null ? "—" : last(chain.wins.wins, pid)}</td>
              <td class="num">{pid === null || chain === null ? "—" : last(chain.wins.expected, pid).toFixed(1)}</td>
              <td>{jd ? `${jd.queued} queued, ${jd.inFlight} proving` : "—"}</td>
            </tr>
          );
        })}
      </tbody>
    </TableRegion>
  );
}
