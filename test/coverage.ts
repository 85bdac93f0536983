// Whether the tests run under `npm run coverage` (solidity-coverage; see .solcover.js and the `coverage` task in
// hardhat.config.ts). Its instrumented contracts are bigger and cost more gas than the real ones, and every EVM
// step is traced in JavaScript, so EVM-heavy tests run one to two orders of magnitude slower: gas and code-size
// checks skip themselves under it, and the long randomized suites run fewer iterations. `npm test` runs them all
// in full.
import hre from "hardhat";

/** True while `hardhat coverage` runs the tests (the plugin sets the flag before it loads the test files). */
export function underCoverage(): boolean {
  return (hre as { __SOLIDITY_COVERAGE_RUNNING?: boolean }).__SOLIDITY_COVERAGE_RUNNING === true;
}
