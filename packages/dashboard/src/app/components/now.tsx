import { useRef } from "preact/hooks";
import type { DashboardSnapshot } from "../../feed";
import type { ChainState } from "../chain";
import { duration, slotsUntil } from "../format";

/** The current epoch and slot, with countdowns to the next slot and the next epoch. */
export function NowPanel({
  snapshot,
  chain,
  chainError,
  msPerSlot,
  now,
}: {
  snapshot: DashboardSnapshot | null;
  chain: ChainState | null;
  chainError: string | null;
  msPerSlot: number | null;
  now: number;
}) {
  const nodeSlots = (snapshot?.nodes ?? []).filter((n) => n.reachable && n.status).map((n) => BigInt(n.status!.slot));
  const slots = [...nodeSlots, ...(chain ? [chain.head.slot] : [])];
  const slot = slots.length === 0 ? null : slots.reduce((a, b) => (a > b ? a : b));
  const seen = useRef<{ slot: bigint | null; at: number }>({ slot: null, at: now });
  if (slot !== seen.current.slot) seen.current = { slot, at: now };
  const epochSlots = chain?.params.epochSlots ?? null;
  const epoch = slot !== null && epochSlots !== null ? slot / epochSlots : null;
  const inEpoch = slot !== null && epochSlots !== null ? slot % epochSlots : null;
  const nextSlotMs = msPerSlot === null ? null : Math.max(0, msPerSlot - (now - seen.current.at));
  return (
    <section class="now" aria-labelledby="now-title">
      <h2 id="now-title" class="visually-hidden">
        Now
      </h2>
      <dl class="stats">
        <div>
          <dt>Epoch</dt>
          <dd data-testid="current-epoch">{epoch?.toString() ?? "—"}</dd>
        </div>
        <div>
          <dt>Slot</dt>
          <dd data-testid="current-slot">
            {slot?.toString() ?? "—"}
            {inEpoch !== null && epochSlots !== null && (
              <span class="sub">
                {" "}
                ({(inEpoch + 1n).toString()} of {epochSlots.toString()})
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>Next slot</dt>
          <dd>{nextSlotMs === null ? "—" : `~${duration(nextSlotMs)}`}</dd>
        </div>
        <div>
          <dt>Next epoch</dt>
          <dd>
            {slot !== null && epoch !== null && epochSlots !== null
              ? slotsUntil((epoch + 1n) * epochSlots, slot, msPerSlot).replace(/^in /, "")
              : "—"}
          </dd>
        </div>
        <div>
          <dt>Pending tip</dt>
          <dd>{chain ? `block ${chain.tips.pendingBlock}` : (snapshot?.pendingChain?.pendingBlock ?? "—")}</dd>
        </div>
        <div>
          <dt>Proven tip</dt>
          <dd>{chain ? `block ${chain.tips.provenBlock}` : (snapshot?.pendingChain?.provenBlock ?? "—")}</dd>
        </div>
        <div>
          <dt>Slot length</dt>
          <dd>{msPerSlot === null ? "—" : `~${duration(msPerSlot)}`}</dd>
        </div>
      </dl>
      {chainError !== null && (
        <p class="warning" role="status">
          Reading the chain failed: {chainError} (retrying with the next block)
        </p>
      )}
      {snapshot?.chainError && (
        <p class="warning" role="status">
          The server cannot read the chain: {snapshot.chainError}
        </p>
      )}
    </section>
  );
}
