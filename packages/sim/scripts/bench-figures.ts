// Reads the repository's measured gas figures (bench/*.json) for the build (tsup) and the tests (vitest), which embed
// them in the package as `__BENCH_FIGURES__`: the published package carries the figures it was built with.
import { existsSync, readFileSync } from "node:fs";

const bench = new URL("../../../bench/", import.meta.url);

function read(name: string): unknown {
  const file = new URL(name, bench);
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null;
}

/** The raw bench files; `openRace` is null until `bench/open-race.json` exists. */
export function benchFigures(): Record<"rollup" | "cooperative" | "lottery" | "openRace", unknown> {
  return {
    rollup: read("rollup.json"),
    cooperative: read("cooperative.json"),
    lottery: read("lottery.json"),
    openRace: read("open-race.json"),
  };
}
