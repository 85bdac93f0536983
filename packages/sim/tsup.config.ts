import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";
import { benchFigures } from "./scripts/bench-figures.ts";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };
// The measured gas figures of bench/*.json, embedded at build time (see src/l1-gas.ts).
const define = {
  __BENCH_FIGURES__: JSON.stringify(benchFigures()),
  __BLOCKAGE_SIM_VERSION__: JSON.stringify(version),
};

export default defineConfig([
  {
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    clean: ["!cli.js", "!cli.js.map"],
    sourcemap: true,
    target: "node20",
    platform: "node",
    define,
  },
  {
    entry: { cli: "src/cli/main.ts" },
    format: ["esm"],
    dts: false,
    clean: false,
    sourcemap: true,
    target: "node20",
    platform: "node",
    banner: { js: "#!/usr/bin/env node" },
    define,
  },
]);
