import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };

export default defineConfig([
  {
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    // Keep the CLI bundle, which the second build writes into the same directory.
    clean: ["!cli.js", "!cli.js.map"],
    sourcemap: true,
    target: "node20",
    platform: "node",
    // import.meta.url (where the proving threads resolve @blockage/circuits from) in the CommonJS output too.
    shims: true,
    // The index exports runWorkerCommand, which prints the version too.
    define: { __BLOCKAGE_WORKER_VERSION__: JSON.stringify(version) },
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
    define: { __BLOCKAGE_WORKER_VERSION__: JSON.stringify(version) },
  },
]);
