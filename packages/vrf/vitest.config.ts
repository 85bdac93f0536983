import { defineConfig } from "vitest/config";

// Property tests run hundreds of proofs per case; on a loaded 2-core machine one case can take several seconds, so the
// timeout is a hang guard, not a performance check (performance is measured in `npm run bench`).
export default defineConfig({
  test: { testTimeout: 60_000 },
});
