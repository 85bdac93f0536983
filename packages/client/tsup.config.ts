import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", lottery: "src/lottery/index.ts" },
  format: ["esm", "cjs"],
  dts: true,
  // Shared chunks in the CommonJS build too, so that `@blockage/client` and `@blockage/client/lottery` share one
  // copy of each error class (`instanceof` works across the two entries).
  splitting: true,
  clean: true,
  sourcemap: true,
  target: "node20",
});
