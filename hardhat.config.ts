import path from "node:path";
import { subtask, task } from "hardhat/config";
import { TASK_COMPILE, TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import type { HardhatUserConfig } from "hardhat/config";
import "@nomicfoundation/hardhat-toolbox";
import "./deploy/ignition/estimate-gas-cap";
import "./deploy/ignition/tasks";
import { writeAbiModules } from "./deploy/abi-modules";

const SOLC_VERSION = "0.8.28";

/**
 * The compiler download host is unreachable on our machines, so compile with the solc-js build that ships inside
 * the npm `solc` package (pinned to {@link SOLC_VERSION}) instead of letting Hardhat download one.
 */
subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }, _hre, runSuper) => {
  if (args.solcVersion !== SOLC_VERSION) return runSuper();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require("solc") as { version(): string };
  return {
    compilerPath: path.join(path.dirname(require.resolve("solc/package.json")), "soljson.js"),
    isSolcJs: true,
    version: SOLC_VERSION,
    longVersion: solc.version(),
  };
});

/** After every compile, the SDK's ABI-only modules beside its TypeChain bindings (see deploy/abi-modules.ts). */
task(TASK_COMPILE).setAction(async (args, hre, runSuper) => {
  const result = await runSuper(args);
  await writeAbiModules(hre, path.join(hre.config.paths.root, "packages", "client", "src", "abi"));
  return result;
});

/**
 * `hardhat coverage` (solidity-coverage, `.solcover.js`) deploys instrumented, unoptimized contracts several times
 * the size of the real ones: the node registry's deployment alone needs more than EIP-7825's 2^24 gas per
 * transaction, which the default hardfork (Osaka) enforces. Coverage therefore runs on Prague, the fork before it
 * (no per-transaction cap; solidity-coverage then sends each transaction with ~2^40 gas). The contracts target
 * Cancun, so they behave the same on both; only gas figures differ, and those mean nothing on instrumented code.
 */
task("coverage").setAction(async (args, hre, runSuper) => {
  hre.config.networks.hardhat.hardfork = "prague";
  return runSuper(args);
});

/**
 * Public testnets, from the environment: `RPC_URL` (an endpoint of the chosen network) and `DEPLOYER_PRIVATE_KEY` (the
 * deploying account). Defined only when `RPC_URL` is set, so that nothing here needs them; each names its chain id, so
 * that Hardhat refuses an `RPC_URL` of another chain.
 */
function testnets(): NonNullable<HardhatUserConfig["networks"]> {
  const url = process.env.RPC_URL;
  if (url === undefined || url === "") return {};
  const key = process.env.DEPLOYER_PRIVATE_KEY;
  const accounts = key === undefined || key === "" ? [] : [key];
  return { sepolia: { url, accounts, chainId: 11155111 }, holesky: { url, accounts, chainId: 17000 } };
}

const config: HardhatUserConfig = {
  solidity: {
    compilers: [
      { version: SOLC_VERSION, settings: { optimizer: { enabled: true, runs: 10_000 }, evmVersion: "cancun" } },
    ],
    // The rollup and its prover coordinator are optimized for size (runs 200) to stay under EIP-170's 24 KiB
    // code limit; `test/rollup/code-size.test.ts` keeps them there. The rollup also compiles through the IR
    // pipeline (viaIR), which makes its code about 2.4 KB smaller than the legacy pipeline at the same runs.
    overrides: {
      "contracts/rollup/Rollup.sol": {
        version: SOLC_VERSION,
        settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun", viaIR: true },
      },
      "contracts/proving/CooperativeCoordinator.sol": {
        version: SOLC_VERSION,
        settings: { optimizer: { enabled: true, runs: 10_000 }, evmVersion: "cancun", viaIR: true },
      },
      "contracts/proving/ProverCoordinator.sol": {
        version: SOLC_VERSION,
        settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" },
      },
      "contracts/proving/OpenRaceCoordinator.sol": {
        version: SOLC_VERSION,
        settings: { optimizer: { enabled: true, runs: 10_000 }, evmVersion: "cancun", viaIR: true },
      },
    },
  },
  paths: { sources: "contracts", tests: "test", cache: "cache", artifacts: "artifacts", ignition: "deploy/ignition" },
  typechain: { outDir: "packages/client/src/typechain", target: "ethers-v6" },
  networks: {
    hardhat: {},
    localhost: { url: process.env.BLOCKAGE_RPC_URL ?? "http://127.0.0.1:8545" },
    ...testnets(),
  },
  // Source verification (`ignition deploy --verify`, `hardhat verify`) on Etherscan and the explorers of its v2 API,
  // with ETHERSCAN_API_KEY; Sourcify is off so that nothing is sent anywhere unasked.
  etherscan: { apiKey: process.env.ETHERSCAN_API_KEY ?? "" },
  sourcify: { enabled: false },
  gasReporter: {
    enabled: process.env.REPORT_GAS === "1",
    offline: true,
    currency: "USD",
    outputJSON: true,
    outputJSONFile: "gasReporterOutput.json",
    noColors: true,
  },
  mocha: { timeout: 120_000 },
};

export default config;
