import { defineConfig } from "tsup";

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
    // The chain reader (ethers, the SDK) in its own chunk, loaded after the first render with live data.
    splitting: true,
    clean: true,
    dts: false,
    noExternal: [/.*/],
    publicDir: "src/app/public",
    esbuildOptions(options) {
      options.jsx = "automatic";
      options.jsxImportSource = "preact";
      options.legalComments = "none";
    },
  },
]);
