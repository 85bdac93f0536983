import type { JSX } from "preact";
import type { ChainState } from "../chain";
import type { Names } from "../names";
import { Waiting } from "./section";

/** Seed 002's confirmation stages, short. */
export const STAGES = [
  "",
  "executed locally",
  "submitted",
  "proposed (best in its slot)",
  "prover committed",
  "data available",
  "proven on L1",
  "finalized on L1",
] as const;

/** The latest blocks, oldest first, each with its confirmation stage (1–7), epoch boundaries marked. */
export function PendingChain({ chain, names }: { chain: ChainState | null; names: Names }) {
  if (chain === null) return <Waiting what="Reading the chain…" />;
  if (chain.blocks.length === 0) return <Waiting what="No block on the chain yet." />;
  const items: JSX.Element[] = [];
  let epoch: bigint | null = null;
  let previous: bigint | null = null;
  for (const b of chain.blocks) {
    if (previous !== null && b.number > previous + 1n) {
      items.push(
        <li key={`gap${b.number}`} class="gap" aria-label={`blocks ${previous + 1n} to ${b.number - 1n} not shown`}>
          …
        </li>,
      );
    }
    previous = b.number;
    if (b.epoch !== null && b.epoch !== epoch) {
      epoch = b.epoch;
      items.push(
        <li key={`e${epoch}`} class="boundary">
          epoch {epoch.toString()}
        </li>,
      );
    }
    items.push(
      <li
        key={b.number.toString()}
        class={`block stage-${b.stage}`}
        data-block={b.number.toString()}
        data-stage={b.stage}
        title={`${b.stageName}: ${b.detail}`}
      >
        <span class="block-number">#{b.number.toString()}</span>
        <span class="block-by">{b.pid ? names.of(b.pid) : "—"}</span>
        <span class="stage" aria-label={`stage ${b.stage}: ${STAGES[b.stage] ?? b.stageName}`}>
          {b.stage}
        </span>
      </li>,
    );
  }
  return (
    <>
      <p class="note">
        Pending tip block {chain.tips.pendingBlock.toString()}, proven tip block {chain.tips.provenBlock.toString()}.
      </p>
      <ol class="chain" aria-label="Latest blocks, oldest first">
        {items}
      </ol>
      <ul class="stages" aria-label="Confirmation stages">
        {STAGES.slice(1).map((name, i) => (
          <li key={name}>
            <span class={`stage stage-badge-${i + 1}`}>{i + 1}</span> {name}
          </li>
        ))}
      </ul>
    </>
  );
}
