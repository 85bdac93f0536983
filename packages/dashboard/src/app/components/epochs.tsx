import type { ChainState, EpochView } from "../chain";
import { slotsUntil } from "../format";
import type { Names } from "../names";
import { TableRegion, Waiting } from "./section";

const PHASES: Record<string, string> = {
  proposing: "proposing",
  priority: "priority window",
  claim: "claim window",
  proving: "proving",
  openRace: "open race",
  proven: "proven",
  slashable: "slashable",
  settled: "settled",
};

/** The deadline that matters in the epoch's phase. */
function nextDeadline(e: EpochView): { what: string; slot: bigint } | null {
  switch (e.phase) {
    case "proposing":
      return { what: "claims open", slot: e.windows.claimOpens };
    case "priority":
      return { what: "priority ends", slot: e.windows.priorityEnds };
    case "claim":
      return { what: "claim window closes", slot: e.windows.claimCloses };
    case "proving":
      return { what: "proof deadline", slot: e.windows.proofDeadline };
    case "openRace":
    case "slashable":
      return { what: "final deadline", slot: e.windows.finalDeadline };
    default:
      return null;
  }
}

/** An epoch with something to show: not one that settled with nothing to prove, no claim and no ticket. */
const worthShowing = (e: EpochView) =>
  e.phase !== "settled" || e.claim !== null || e.proven !== null || e.slash !== null || e.designatedProver !== null;

/** Each recent epoch's proof: claimant, bond, fee, deadlines with countdowns, and its outcome (slashes highlighted). */
export function EpochsTable({
  chain,
  names,
  msPerSlot,
}: {
  chain: ChainState | null;
  names: Names;
  msPerSlot: number | null;
}) {
  if (chain === null) return <Waiting what="Reading the chain…" />;
  const current = chain.head.slot;
  return (
    <TableRegion label="Claims table">
      <thead>
        <tr>
          <th scope="col">Epoch</th>
          <th scope="col">Phase</th>
          <th scope="col">Claim</th>
          <th scope="col">Bond, fee</th>
          <th scope="col">Deadline</th>
          <th scope="col">Outcome</th>
        </tr>
      </thead>
      <tbody>
        {chain.epochs.filter(worthShowing).map((e) => {
          const deadline = nextDeadline(e);
          const claimant = e.claim?.prover ?? e.claimedBy;
          return (
            <tr
              key={e.epoch.toString()}
              data-epoch={e.epoch.toString()}
              data-claimant={claimant ? names.of(claimant) : ""}
              data-slashed={e.slash ? "true" : "false"}
              class={e.slash ? "row-slashed" : ""}
            >
              <th scope="row">{e.epoch.toString()}</th>
              <td>{PHASES[e.phase] ?? e.phase}</td>
              <td>
                {claimant ? (
                  <>
                    {names.of(claimant)}
                    <span class="sub">
                      {" "}
                      {e.claim?.designated
                        ? "designated"
                        : e.claim
                          ? `quote, countersigned by ${names.of(e.claim.proposer)}`
                          : ""}
                    </span>
                  </>
                ) : (
                  <span class="muted">
                    unclaimed{e.designatedProver ? ` (designated: ${names.of(e.designatedProver)})` : ""}
                  </span>
                )}
              </td>
              <td>
                <span class="nowrap">
                  {e.claim || e.bond > 0n ? chain.tokens(e.claim?.bond ?? e.bond, 0) : "no bond"}
                </span>
                <br />
                <span class="sub nowrap">{(e.claim?.basisPointFee ?? e.basisPointFee).toString()} bps</span>
              </td>
              <td>
                {deadline ? (
                  <>
                    {deadline.what} slot {deadline.slot.toString()}{" "}
                    <span class="countdown">{slotsUntil(deadline.slot, current, msPerSlot)}</span>
                  </>
                ) : (
                  <span class="muted">—</span>
                )}
              </td>
              <td>
                {e.slash ? (
                  <>
                    <span class="pill pill-bad">slashed</span> {names.of(e.slash.prover)} lost its bond;{" "}
                    <span class="pill pill-warn">rescued</span> proven by{" "}
                    {names.of(e.proven?.beneficiary ?? e.slash.rescuer)}, which got {chain.tokens(e.slash.rescued)} of
                    it
                  </>
                ) : e.proven ? (
                  <>proven by {names.of(e.proven.beneficiary)}</>
                ) : e.phase === "settled" ? (
                  <span class="muted">nothing to prove</span>
                ) : (
                  <span class="muted">not proven yet</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </TableRegion>
  );
}
