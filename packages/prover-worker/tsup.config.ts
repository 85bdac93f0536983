import { defineConfig } from "tsup";

export default defineConfig([
  {
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    sourcemap: true,
    target: "node20",
    platform: "node",
    // import.meta.url (where the proving threads resolve @blockage/circuits from) in the CommonJS output too.
    shims: true,
  },
]);
