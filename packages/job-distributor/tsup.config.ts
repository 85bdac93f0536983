import { defineConfig } from "tsup";

export default defineConfig([
  {
    entry: { index: "src/index.ts", "verifier-thread": "src/verifier-thread.ts" },
    format: ["esm"],
    dts: { entry: { index: "src/index.ts" } },
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
  },
]);
