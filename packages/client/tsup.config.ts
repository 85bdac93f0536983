import { defineConfig } from "tsup";

export default defineConfig({
  // The root entry is browser-safe (no Node built-ins, no prover, no creation bytecode); `deploy` holds the deployable
  // contracts' factories and `proving` the Node-only prover.
  entry: {
    index: "src/index.ts",
    lottery: "src/lottery/index.ts",
    deploy: "src/deploy/index.ts",
    proving: "src/proving/index.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  // Shared chunks in the CommonJS build too, so that `@blockage/client` and `@blockage/client/lottery` share one
  // copy of each error class (`instanceof` works across the entries).
  splitting: true,
  clean: true,
  sourcemap: true,
  target: "node20",
});
