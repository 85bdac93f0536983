import { useEffect, useRef, useState } from "preact/hooks";
import uPlot from "uplot";
import type { ChainState } from "../chain";
import type { Names } from "../names";
import { Waiting } from "./section";

/** An element (through a callback ref) and its width, followed as it resizes. */
export function useWidth<T extends HTMLElement>(): [(element: T | null) => void, number, T | null] {
  const [element, setElement] = useState<T | null>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    if (element === null) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry!.contentRect.width)));
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return [setElement, width, element];
}

/** Axis steps: slots and blocks are whole numbers. */
const WHOLE_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000];

/** Every node's blocks won against the blocks its weight should win, cumulated slot by slot over the run. */
export function WinsChart({ chain, names }: { chain: ChainState | null; names: Names }) {
  const [box, width, element] = useWidth<HTMLDivElement>();
  const plot = useRef<uPlot | null>(null);
  const pids = chain
    ? [...new Set([...names.pids, ...chain.wins.wins.keys()])].filter((pid) => chain.wins.wins.has(pid))
    : [];
  const key = pids.join(",");

  useEffect(() => {
    if (chain === null || element === null || width === 0 || chain.wins.slots.length === 0) return;
    const data: uPlot.AlignedData = [
      chain.wins.slots,
      ...pids.flatMap((pid) => [chain.wins.wins.get(pid)!, chain.wins.expected.get(pid)!]),
    ];
    if (plot.current !== null && plot.current.series.length === data.length && element.contains(plot.current.root)) {
      plot.current.setData(data);
      if (plot.current.width !== width) plot.current.setSize({ width, height: 240 });
      return;
    }
    plot.current?.destroy();
    const axis = { stroke: "#3d4752", grid: { stroke: "#e3e7ec", width: 1 }, ticks: { stroke: "#c9d1d9", width: 1 } };
    plot.current = new uPlot(
      {
        width,
        height: 240,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false } },
        axes: [
          { ...axis, label: "slot", labelSize: 20, incrs: WHOLE_STEPS },
          { ...axis, label: "blocks", labelSize: 20, incrs: WHOLE_STEPS },
        ],
        series: [
          { label: "slot" },
          ...pids.flatMap((pid) => [
            { label: `${names.of(pid)} wins`, stroke: names.colour(pid), width: 2 },
            { label: `${names.of(pid)} expected`, stroke: names.colour(pid), width: 1.5, dash: [6, 4] },
          ]),
        ],
      },
      data,
      element,
    );
  }, [chain, element, width, key]);
  useEffect(() => () => plot.current?.destroy(), []);

  if (chain === null) return <Waiting what="Reading the chain…" />;
  const total = chain.wins.slots.length;
  const summary = pids
    .map((pid) => {
      const wins = chain.wins.wins.get(pid)!.at(-1) ?? 0;
      const expected = chain.wins.expected.get(pid)!.at(-1) ?? 0;
      return `${names.of(pid)}: ${wins} won, ${expected.toFixed(1)} expected`;
    })
    .join("; ");
  return (
    <figure class="chart">
      {total === 0 ? (
        <Waiting what="No block proposed yet." />
      ) : (
        <div
          ref={box}
          class="plot"
          role="img"
          aria-label={`Blocks won and expected over ${total} slots with a block. ${summary}.`}
        />
      )}
      <figcaption>
        <ul class="legend">
          {pids.map((pid) => (
            <li key={pid}>
              <span class="swatch" style={{ background: names.colour(pid) }} aria-hidden="true" />
              {names.of(pid)}
            </li>
          ))}
        </ul>
        Solid: blocks won; dashed: expected from the node's share of the epoch's weight (w / W) in each slot with a
        block.
      </figcaption>
    </figure>
  );
}
