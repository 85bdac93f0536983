import { defineConfig } from "tsup";

export default defineConfig({
  // `statement` is the prover-free, browser-safe part; shared chunks in both formats keep one copy of each error class
  // across the two entries (`instanceof` works between them).
  entry: { index: "src/index.ts", statement: "src/statement.ts" },
  splitting: true,
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
