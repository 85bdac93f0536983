import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  platform: "neutral",
  // noble is ESM-only; keep it external (CJS consumers load it via Node's require(esm)).
  external: [/^@noble\//],
  treeshake: true,
});
