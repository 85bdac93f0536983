#!/usr/bin/env node
// npm run build:circuits — rebuilds every committed artifact of the chunk circuit:
//   1. compile circuits/chunk.circom with circom2 --O2 (R1CS + witness-generator WASM);
//   2. phase 1: a local powers-of-tau of 2^PTAU_POWER, one random contribution (or `--ptau <file>`: an existing
//      ceremony's file, e.g. a Perpetual Powers of Tau / Hermez .ptau prepared for phase 2);
//   3. phase 2: the circuit's Groth16 zkey with one random contribution;
//   4. export the verification key and the Solidity verifier; write a manifest of what was built.
// The random contributions' entropy lives only in this process: whoever runs it could forge proofs if they kept
// it, which is fine for devnets and testnets and not for mainnet (README.md of this package: "Trusted setup").
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import * as snarkjs from "snarkjs";
import {
  ARTIFACTS,
  BUILD_DIR,
  CIRCUIT_SOURCE,
  PTAU_POWER,
  TXS_PER_CHUNK,
  compileCircuit,
  releaseCurve,
  renderVerificationKey,
  renderVerifier,
  renderVerifyingKey,
  sha256File,
} from "./artifacts.mjs";

const require = createRequire(import.meta.url);
const started = performance.now();
const log = (message) => console.log(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${message}`);

function parseArgs(argv) {
  const options = { ptau: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--ptau") {
      if (!argv[i + 1]) usage("--ptau needs a file: a powers-of-tau prepared for phase 2");
      options.ptau = argv[++i];
    } else usage(`unknown argument ${argv[i]}`);
  }
  return options;
}

function usage(problem) {
  console.error(`build:circuits: ${problem} (usage: build.mjs [--ptau <prepared phase-2 .ptau>])`);
  process.exit(2);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const work = mkdtempSync(join(tmpdir(), "blockage-circuits-"));
  try {
    log(`compiling ${CIRCUIT_SOURCE} with circom2 --O2`);
    const compiled = compileCircuit(work);
    log(`${compiled.constraints} constraints`);
    let ptau = options.ptau;
    const ptauSource = options.ptau
      ? `${basename(options.ptau)} (sha256 ${sha256File(options.ptau)})`
      : `local, 2^${PTAU_POWER}, one contribution`;
    if (!ptau) {
      if (compiled.constraints + 5 > 2 ** PTAU_POWER) {
        throw new Error(`${compiled.constraints} constraints need a powers-of-tau larger than 2^${PTAU_POWER}`);
      }
      const curve = await snarkjs.curves.getCurveFromName("bn128");
      const p0 = join(work, "pot_0.ptau");
      const p1 = join(work, "pot_1.ptau");
      ptau = join(work, "pot_final.ptau");
      log(`phase 1: new powers-of-tau accumulator 2^${PTAU_POWER}`);
      await snarkjs.powersOfTau.newAccumulator(curve, PTAU_POWER, p0);
      log("phase 1: contribution");
      await snarkjs.powersOfTau.contribute(p0, p1, "blockage local contribution", randomBytes(64).toString("hex"));
      log("phase 1: preparing phase 2");
      await snarkjs.powersOfTau.preparePhase2(p1, ptau);
    }

    const z0 = join(work, "chunk_0.zkey");
    const zkey = join(work, "chunk.zkey");
    log("phase 2: Groth16 setup");
    await snarkjs.zKey.newZKey(compiled.r1cs, ptau, z0);
    log("phase 2: contribution");
    await snarkjs.zKey.contribute(z0, zkey, "blockage local contribution", randomBytes(64).toString("hex"));
    log("checking the zkey against the circuit and the powers-of-tau");
    if (!(await snarkjs.zKey.verifyFromR1cs(compiled.r1cs, ptau, zkey))) {
      throw new Error("the new zkey does not verify against the R1CS and powers-of-tau");
    }
    const vkey = await renderVerificationKey(zkey);
    const verifier = await renderVerifier(zkey);
    const verifyingKey = renderVerifyingKey(vkey);

    // Everything is built and checked: only now replace the committed artifacts, all together.
    mkdirSync(BUILD_DIR, { recursive: true });
    copyFileSync(zkey, ARTIFACTS.zkey);
    copyFileSync(compiled.wasm, ARTIFACTS.wasm);
    writeFileSync(ARTIFACTS.vkey, vkey);
    writeFileSync(ARTIFACTS.verifier, verifier);
    writeFileSync(ARTIFACTS.verifyingKey, verifyingKey);
    const manifest = {
      circuit: "circuits/chunk.circom",
      txsPerChunk: TXS_PER_CHUNK,
      constraints: compiled.constraints,
      publicSignals: ["prevState", "newState", "txsCommitment", "prover"],
      powersOfTau: ptauSource,
      phase2: "one local contribution",
      circom2: require("circom2/package.json").version,
      circomlib: require("circomlib/package.json").version,
      snarkjs: JSON.parse(readFileSync(join(dirname(require.resolve("snarkjs")), "..", "package.json"), "utf8"))
        .version,
      sha256: {
        source: sha256File(CIRCUIT_SOURCE),
        r1cs: sha256File(compiled.r1cs),
        wasm: sha256File(ARTIFACTS.wasm),
        zkey: sha256File(ARTIFACTS.zkey),
      },
    };
    writeFileSync(ARTIFACTS.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
    log(`wrote ${Object.values(ARTIFACTS).join(", ")}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
    await releaseCurve();
  }
}

main().catch(async (error) => {
  console.error(`build:circuits: ${error instanceof Error ? error.message : error}`);
  await releaseCurve();
  process.exit(1);
});
