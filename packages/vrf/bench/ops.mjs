// Throughput and cost ratios of @blockage/vrf against noble's own scalar multiplications.
//
//   node bench/ops.mjs            (after `npm run build`)
//
// For every suite, in the same process and interleaved so that machine noise
// hits both sides alike, it measures:
//   proveRatio  = time(prove)  / time(2 constant-time var-base multiply + 1 BASE.multiply)
//   verifyRatio = time(verify) / time(1 BASE.multiplyUnsafe + 3 var-base multiplyUnsafe)
// with fresh random points and random full-size scalars on the noble side.
// Each repetition times a batch of every workload back to back; ratios are
// computed per repetition and the median is reported. Progress goes to stderr,
// one JSON object to stdout.
import { Buffer } from "node:buffer";
import { webcrypto } from "node:crypto";
import { performance } from "node:perf_hooks";
import { p256 } from "@noble/curves/nist.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { ed25519 } from "@noble/curves/ed25519.js";
import { prove, verify, publicKey, SUITES } from "../dist/index.js";

const REPS = Number(process.env.VRF_BENCH_REPS ?? 31);
const BATCH = Number(process.env.VRF_BENCH_BATCH ?? 8);
const WARMUP = 24;
const POOL = 32;

const curveOf = {
  "ECVRF-P256-SHA256-TAI": p256,
  "ECVRF-P256-SHA256-SSWU": p256,
  "ECVRF-EDWARDS25519-SHA512-TAI": ed25519,
  "ECVRF-EDWARDS25519-SHA512-ELL2": ed25519,
  "ECVRF-SECP256K1-SHA256-TAI": secp256k1,
};

const randomBytes = (n) => webcrypto.getRandomValues(new Uint8Array(n));
const toBig = (b) => BigInt("0x" + Buffer.from(b).toString("hex"));
const log = (...a) => process.stderr.write(a.join(" ") + "\n");

/** Uniform scalar in [1, n-1] of full size (64 random bytes reduced mod n-1). */
function randomScalar(n) {
  return (toBig(randomBytes(64)) % (n - 1n)) + 1n;
}

function secretKey(suite, n) {
  if (suite.startsWith("ECVRF-EDWARDS25519")) return randomBytes(32);
  return Uint8Array.from(Buffer.from(randomScalar(n).toString(16).padStart(64, "0"), "hex"));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Time `count` calls of f(i) in ms per call. */
function timeBatch(f, start, count) {
  const t0 = performance.now();
  for (let i = 0; i < count; i++) f(start + i);
  return (performance.now() - t0) / count;
}

let sink = 0; // keeps results observable so nothing is optimized away

function benchSuite(suite) {
  const curve = curveOf[suite];
  const Point = curve.Point;
  const n = Point.Fn.ORDER;

  // Inputs for the VRF side.
  const keys = Array.from({ length: POOL }, () => secretKey(suite, n));
  const alphas = Array.from({ length: POOL }, () => randomBytes(16));
  const pks = keys.map((sk) => publicKey(suite, sk));
  const proofs = keys.map((sk, i) => prove(suite, sk, alphas[i]));

  // Inputs for the noble side: fresh random points (no precomputed tables) and random full-size scalars.
  const points = Array.from({ length: POOL * 3 }, () => Point.BASE.multiply(randomScalar(n)));
  const scalars = Array.from({ length: POOL * 4 }, () => randomScalar(n));

  const ops = {
    prove: (i) => {
      const j = i % POOL;
      sink ^= prove(suite, keys[j], alphas[j])[5];
    },
    verify: (i) => {
      const j = i % POOL;
      const beta = verify(suite, pks[j], proofs[j], alphas[j]);
      if (beta === null) throw new Error("bench: valid proof rejected");
      sink ^= beta[0];
    },
    proveBaseline: (i) => {
      const j = i % POOL;
      const a = points[3 * j].multiply(scalars[4 * j]);
      const b = points[3 * j + 1].multiply(scalars[4 * j + 1]);
      const c = Point.BASE.multiply(scalars[4 * j + 2]);
      sink ^= Number((a.X ^ b.X ^ c.X) & 1n);
    },
    verifyBaseline: (i) => {
      const j = i % POOL;
      const a = Point.BASE.multiplyUnsafe(scalars[4 * j]);
      const b = points[3 * j].multiplyUnsafe(scalars[4 * j + 1]);
      const c = points[3 * j + 1].multiplyUnsafe(scalars[4 * j + 2]);
      const d = points[3 * j + 2].multiplyUnsafe(scalars[4 * j + 3]);
      sink ^= Number((a.X ^ b.X ^ c.X ^ d.X) & 1n);
    },
  };

  for (const f of Object.values(ops)) timeBatch(f, 0, WARMUP);

  const t = { prove: [], verify: [], proveBaseline: [], verifyBaseline: [] };
  const proveRatios = [];
  const verifyRatios = [];
  let cursor = 0;
  for (let r = 0; r < REPS; r++) {
    // Alternate the order inside each pair so drift does not favour one side.
    const order =
      r % 2
        ? ["prove", "proveBaseline", "verify", "verifyBaseline"]
        : ["proveBaseline", "prove", "verifyBaseline", "verify"];
    const m = {};
    for (const name of order) m[name] = timeBatch(ops[name], cursor, BATCH);
    cursor += BATCH;
    for (const k of Object.keys(t)) t[k].push(m[k]);
    proveRatios.push(m.prove / m.proveBaseline);
    verifyRatios.push(m.verify / m.verifyBaseline);
  }
  const result = {
    proveOpsPerSec: Math.round(1000 / median(t.prove)),
    verifyOpsPerSec: Math.round(1000 / median(t.verify)),
    proveRatio: Number(median(proveRatios).toFixed(3)),
    verifyRatio: Number(median(verifyRatios).toFixed(3)),
  };
  log(
    `${suite}: prove ${median(t.prove).toFixed(2)} ms (baseline ${median(t.proveBaseline).toFixed(2)} ms),`,
    `verify ${median(t.verify).toFixed(2)} ms (baseline ${median(t.verifyBaseline).toFixed(2)} ms)`,
    JSON.stringify(result),
  );
  return result;
}

const started = performance.now();
log(`node ${process.version}; ${REPS} interleaved repetitions x ${BATCH} ops per workload`);
const out = {};
for (const suite of SUITES) out[suite] = benchSuite(suite);
log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s (sink ${sink & 1})`);
process.stdout.write(JSON.stringify(out, null, 2) + "\n");
