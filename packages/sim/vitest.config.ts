import { defineConfig } from "vitest/config";
import { benchFigures } from "./scripts/bench-figures.ts";

export default defineConfig({
  define: { __BENCH_FIGURES__: JSON.stringify(benchFigures()), __BLOCKAGE_SIM_VERSION__: JSON.stringify("test") },
  test: { include: ["src/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000 },
});
