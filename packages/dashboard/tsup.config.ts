import { defineConfig, type Options } from "tsup";

// INTERIM (goes with src/app/interim-client.ts): until @blockage/client's root entry is browser-safe, the SDK sources
// the page imports still reach @blockage/circuits, whose Node-only prover loads `fs` and `url` at import. The page never
// proves; these stand-ins only let the bundle build.
const nodeBuiltinStandIns: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "node-builtin-stand-ins",
  setup(build) {
    build.onResolve({ filter: /^(node:)?(fs|url|path|os|worker_threads)$/ }, (args) => ({
      path: args.path,
      namespace: "node-builtin-stand-in",
    }));
    build.onLoad({ filter: /.*/, namespace: "node-builtin-stand-in" }, () => ({
      contents:
        "const unavailable = () => { throw new Error('not available in the browser'); };" +
        "export const readFileSync = unavailable, accessSync = unavailable, fileURLToPath = unavailable;" +
        "export const constants = {}; export default {};",
    }));
  },
};

export default defineConfig([
  // The server: Node, ESM, with types.
  {
    entry: { index: "src/index.ts" },
    format: ["esm"],
    platform: "node",
    target: "node20",
    dts: true,
    sourcemap: true,
    clean: false,
  },
  // The page: one bundle with everything it needs (Preact, uPlot, ethers, the SDK), served from dist/app offline.
  {
    entry: { app: "src/app/main.tsx" },
    outDir: "dist/app",
    format: ["esm"],
    platform: "browser",
    target: "es2022",
    minify: true,
    sourcemap: false,
    splitting: false,
    clean: false,
    dts: false,
    noExternal: [/.*/],
    publicDir: "src/app/public",
    esbuildPlugins: [nodeBuiltinStandIns],
    esbuildOptions(options) {
      options.jsx = "automatic";
      options.jsxImportSource = "preact";
      options.legalComments = "none";
    },
  },
]);
