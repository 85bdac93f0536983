/**
 * `npm run bench`: gas of EcVrfVerifier.verify as a whole transaction (estimateGas on the Hardhat network) over the
 * published secp256k1 vectors, and off-chain prove/verify speed per suite with ratios to the scalar multiplications
 * each must do (measured in the same run by packages/vrf/bench/ops.mjs). Writes bench/vrf.json.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ethers } from "hardhat";
import { toVerifierInput } from "@blockage/vrf";
import vectors from "../test/vectors/vrf/secp256k1-sha256-tai.json";

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, "hex"));
const GAS_TARGET = 90_000;
const WITNET_FAST_VERIFY_AVG = 150_700;

interface SuiteFigures {
  proveOpsPerSec: number;
  verifyOpsPerSec: number;
  proveRatio: number;
  verifyRatio: number;
}

async function verifyGas(): Promise<{ min: number; avg: number; max: number }> {
  const verifier = await (await ethers.getContractFactory("EcVrfVerifier")).deploy();
  const gas: number[] = [];
  for (const v of vectors.vectors) {
    const input = toVerifierInput(bytes(v.pk), bytes(v.pi), bytes(v.alpha));
    const [valid] = await verifier.verify(...input);
    if (!valid) throw new Error(`vector "${v.label}" did not verify on-chain`);
    gas.push(Number(await verifier.verify.estimateGas(...input)));
  }
  return {
    min: Math.min(...gas),
    avg: Math.round(gas.reduce((a, b) => a + b, 0) / gas.length),
    max: Math.max(...gas),
  };
}

function offChainFigures(): Record<string, SuiteFigures> {
  const script = path.resolve(__dirname, "..", "packages", "vrf", "bench", "ops.mjs");
  const out = execFileSync(process.execPath, [script], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  return JSON.parse(out) as Record<string, SuiteFigures>;
}

async function main(): Promise<void> {
  console.log("gas: EcVrfVerifier.verify over the secp256k1 vectors (estimateGas, whole transaction)");
  const gas = await verifyGas();
  console.log(
    `  min ${gas.min}  avg ${gas.avg}  max ${gas.max}   target avg ≤ ${GAS_TARGET}: ${gas.avg <= GAS_TARGET ? "met" : "MISSED"}`,
  );
  console.log(
    `  ${(WITNET_FAST_VERIFY_AVG / gas.avg).toFixed(2)}× cheaper than Witnet fastVerify's ~${WITNET_FAST_VERIFY_AVG} average`,
  );

  console.log("off-chain: prove/verify per suite, ratios to the unavoidable scalar multiplications (same run)");
  const suites = offChainFigures();
  const rows = Object.entries(suites).map(([suite, f]) => ({
    suite,
    "prove/s": f.proveOpsPerSec,
    "verify/s": f.verifyOpsPerSec,
    "prove ratio (≤1.25)": f.proveRatio,
    "verify ratio (≤1.0)": f.verifyRatio,
  }));
  console.table(rows);

  const file = path.resolve(__dirname, "vrf.json");
  fs.writeFileSync(file, JSON.stringify({ verifyGas: gas, suites }, null, 2) + "\n");
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

main().catch((error: unknown) => {
  // One line: the first non-blank line of the message (no stack, no ethers payload dump).
  const text = error instanceof Error ? error.message : String(error);
  const reason = text.split("\n").find((line) => line.trim() !== "") ?? "unknown error";
  console.error(`bench failed: ${reason.trim()}`);
  process.exitCode = 1;
});
