// solidity-coverage settings for `npm run coverage` (`hardhat coverage`; the `coverage` task override in
// hardhat.config.ts picks the hardfork). It writes coverage/ and coverage.json (git-, prettier- and eslint-ignored)
// and leaves instrumented artifacts behind: `npm run compile` rebuilds the real ones. The npm script raises Node's
// heap limit: a full run outgrows the default (about 4 GB).
module.exports = {
  // contracts/test/ holds test-only harnesses and tokens, not production code.
  skipFiles: ["test/"],
  mocha: {
    // Instrumented EVM code runs one to two orders of magnitude slower (every step is traced in JavaScript).
    timeout: 1_800_000,
    // The registry's randomized suite (41 s under `npm test`) exceeds its own 600 s timeout when instrumented;
    // `npm test` runs it. The other slow suites scale themselves down under coverage (test/coverage.ts).
    grep: "NodeRegistry randomized operations",
    invert: true,
  },
};
