import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  platform: "node",
  // import.meta.url (the path to build/) in the CommonJS output too.
  shims: true,
  // Runtime libraries stay dependencies, loaded by the consumer's resolver (noble is ESM-only: CJS consumers load
  // it through Node's require(esm)).
  external: [/^@noble\//, "snarkjs", "poseidon-lite", "ethers"],
  treeshake: true,
});
