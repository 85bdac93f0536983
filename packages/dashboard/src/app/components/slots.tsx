import type { ChainState } from "../chain";
import { lnTime, percent } from "../format";
import type { Names } from "../names";
import { TableRegion, Waiting } from "./section";

/** The latest slots' sequencer lotteries: every accepted entry with its race time and win chance, and the winner. */
export function SlotsTable({ chain, names }: { chain: ChainState | null; names: Names }) {
  if (chain === null) return <Waiting what="Reading the chain…" />;
  return (
    <TableRegion label="Slot lotteries table">
      <caption class="note">
        An entry is a proposal that beat the slot's best so far (race time t, lower wins; a node enters only when its
        P(win | t) clears its threshold). Win chance of a node in any slot: its share w / W of the epoch's weight.
      </caption>
      <thead>
        <tr>
          <th scope="col">Slot</th>
          <th scope="col">Entries (ln t · P(win | t))</th>
          <th scope="col">Winner</th>
        </tr>
      </thead>
      <tbody>
        {chain.slots.map((s) => {
          const weights = chain.weights.get(s.epoch.toString());
          return (
            <tr key={s.slot.toString()} data-slot={s.slot.toString()} data-winner={s.winner ? names.of(s.winner) : ""}>
              <th scope="row">
                {s.slot.toString()} <span class="sub">e{s.epoch.toString()}</span>
              </th>
              <td>
                {s.entries.length === 0 ? (
                  <span class="muted">no proposal</span>
                ) : (
                  <ol class="entries">
                    {s.entries.map((e) => (
                      <li key={e.txHash}>
                        <span class="swatch" style={{ background: names.colour(e.pid) }} aria-hidden="true" />
                        {names.of(e.pid)} · {lnTime(e.raceTime)} · {percent(e.winProbability)}
                        <span class="muted"> (chance {percent(weights?.nodes.get(e.pid)?.share ?? null)})</span>
                        {e.replacedPid && <span class="muted"> replaced {names.of(e.replacedPid)}</span>}
                      </li>
                    ))}
                  </ol>
                )}
              </td>
              <td>{s.winner ? <strong>{names.of(s.winner)}</strong> : <span class="muted">—</span>}</td>
            </tr>
          );
        })}
      </tbody>
    </TableRegion>
  );
}
