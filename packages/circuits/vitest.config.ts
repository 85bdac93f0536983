import { defineConfig } from "vitest/config";

// Witness and proof properties run dozens of circuit evaluations per case; when `npm test` runs every package at once
// on a 2-core machine one case can take minutes, so the timeouts are hang guards, not performance checks (those are in
// `npm run bench`).
export default defineConfig({
  test: { include: ["src/**/*.test.ts"], testTimeout: 300_000, hookTimeout: 300_000 },
});
