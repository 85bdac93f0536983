import type { ChainState } from "../chain";
import type { CooperativeEpochView } from "../cooperative";
import { basisPoints, keptProgress, slotsUntil } from "../format";
import type { Names } from "../names";
import { TableRegion, Waiting } from "./section";

const PHASES: Record<string, string> = {
  proposing: "proposing",
  proving: "proving",
  finalize: "to finalize",
  openRace: "open race",
  closed: "window closed",
  settled: "settled",
};

/** The deadline that matters in the epoch's phase. */
function nextDeadline(e: CooperativeEpochView): { what: string; slot: bigint } | null {
  switch (e.phase) {
    case "proposing":
      return { what: "epoch ends", slot: e.windows.epochEnds };
    case "proving":
      return { what: "proving closes", slot: e.windows.provingCloses };
    case "finalize":
    case "openRace":
    case "closed":
      return { what: "final deadline", slot: e.windows.finalDeadline };
    default:
      return null;
  }
}

/** An epoch with something to show: not one that settled with no block (nothing to prove). */
const worthShowing = (e: CooperativeEpochView) =>
  e.phase !== "settled" || e.blocks.length > 0 || e.finalization !== null || e.raceWin !== null;

/**
 * Each recent Cooperative epoch: its phase and windows with a countdown, each block's FEE_SPLIT and how many of its
 * chunks hold kept proofs, and its settlement (the finalization's rewards, prover rewards and burn, or the open
 * race's winner).
 */
export function CooperativeEpochsTable({
  chain,
  names,
  msPerSlot,
}: {
  chain: ChainState | null;
  names: Names;
  msPerSlot: number | null;
}) {
  if (chain === null) return <Waiting what="Reading the chain…" />;
  if (chain.cooperative === null) return <Waiting what="Not a Cooperative rollup." />;
  const current = chain.head.slot;
  return (
    <TableRegion label="Cooperative epochs table">
      <caption class="note">
        Each proposer declares its block's FEE_SPLIT; provers' chunk proofs are kept (the best three per chunk) until
        the proving window closes, then the epoch finalizes from them, or goes to the open race if a chunk has none.
      </caption>
      <thead>
        <tr>
          <th scope="col">Epoch</th>
          <th scope="col">Phase, deadline</th>
          <th scope="col">Blocks: FEE_SPLIT, kept proofs</th>
          <th scope="col">Outcome</th>
        </tr>
      </thead>
      <tbody>
        {chain.cooperative.epochs.filter(worthShowing).map((e) => {
          const deadline = nextDeadline(e);
          return (
            <tr
              key={e.epoch.toString()}
              data-coop-epoch={e.epoch.toString()}
              data-phase={e.phase}
              data-kept-proofs={e.keptProofs}
              data-outcome={e.finalization ? "finalized" : e.raceWin ? "open-race" : ""}
            >
              <th scope="row">{e.epoch.toString()}</th>
              <td>
                {PHASES[e.phase] ?? e.phase}
                {e.nextToProve && e.phase !== "settled" && e.phase !== "proposing" && (
                  <span class="sub"> next to settle</span>
                )}
                {deadline && (
                  <>
                    <br />
                    {deadline.what} slot {deadline.slot.toString()}{" "}
                    <span class="countdown">{slotsUntil(deadline.slot, current, msPerSlot)}</span>
                  </>
                )}
                <br />
                <span class="sub">
                  proving closes slot {e.windows.provingCloses.toString()}, final deadline slot{" "}
                  {e.windows.finalDeadline.toString()}
                </span>
              </td>
              <td>
                {e.blocks.length === 0 ? (
                  <span class="muted">no block yet</span>
                ) : (
                  <ul class="coop-blocks">
                    {e.blocks.map((b) => (
                      <li
                        key={b.number.toString()}
                        data-coop-block={b.number.toString()}
                        data-kept-proofs={b.keptProofs}
                        data-chunks={b.chunks ?? ""}
                        data-proven-chunks={b.provenChunks}
                      >
                        <span class="swatch" style={{ background: names.colour(b.pid) }} aria-hidden="true" />
                        <span class="nowrap">
                          #{b.number.toString()} {b.pid ? names.of(b.pid) : "—"}
                        </span>{" "}
                        <span class="sub nowrap">FEE_SPLIT {basisPoints(b.feeSplit)}</span> ·{" "}
                        <span class="nowrap">{keptProgress(b)}</span>
                        {b.paid && (
                          <span class="sub">
                            {" "}
                            · paid {chain.tokens(b.paid.reward)}, burned {chain.tokens(b.paid.burned)}
                          </span>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td>
                {e.finalization ? (
                  <>
                    <span class="pill pill-ok">finalized</span> rewards {chain.tokens(e.finalization.rewards)}
                    <br />
                    <span class="sub">
                      provers {chain.tokens(e.finalization.proverRewards)}, burned {chain.tokens(e.finalization.burned)}
                    </span>
                  </>
                ) : e.raceWin ? (
                  <>
                    <span class="pill pill-warn">open race</span> won by {names.of(e.raceWin.beneficiary)}, which got{" "}
                    {chain.tokens(e.raceWin.proverReward)}
                    <br />
                    <span class="sub">rewards {chain.tokens(e.raceWin.rewards)}</span>
                  </>
                ) : e.phase === "settled" ? (
                  <span class="muted">past its final deadline unproven: pruned</span>
                ) : (
                  <span class="muted">not settled yet</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </TableRegion>
  );
}
