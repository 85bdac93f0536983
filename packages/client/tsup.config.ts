import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };

export default defineConfig([
  {
    entry: { index: "src/index.ts", lottery: "src/lottery/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    // Shared chunks in the CommonJS build too, so that `@blockage/client` and `@blockage/client/lottery` share one
    // copy of each error class (`instanceof` works across the two entries).
    splitting: true,
    // Keep the CLI bundle, which the second build writes into the same directory.
    clean: ["!cli.js", "!cli.js.map"],
    sourcemap: true,
    target: "node20",
  },
  {
    entry: { cli: "src/cli/main.ts" },
    format: ["esm"],
    dts: false,
    clean: false,
    sourcemap: true,
    target: "node20",
    banner: { js: "#!/usr/bin/env node" },
    define: { __BLOCKAGE_VERSION__: JSON.stringify(version) },
  },
]);
