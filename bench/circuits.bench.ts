/**
 * `npm run bench` (fourth part): chunk proofs. Writes bench/circuits.json as
 * `{ "txsPerChunk", "proveMsPerChunk", "verifyGasPerChunk", "bundle4Gas" }` (other tooling reads these keys) and
 * bench/circuits-details.json with the figures behind them.
 *
 * EpochProofVerifier checks every chunk proof of an epoch in one batched pairing check (n + 3 pairings in one
 * ecPairing call); the generated verifier (4 pairings per chunk) is measured beside it for the ratio.
 *
 * - proveMsPerChunk: wall time of `proveChunk` (witness generation + Groth16 prove with snarkjs, in this process,
 *   with the committed wasm and zkey), median of 7 proofs of random 16-transaction chunks after one warm-up proof.
 * - bundle4Gas: `gasUsed` of a whole transaction (21k base and calldata included, on the Hardhat network) calling
 *   `EpochProofVerifier.verifyEpochProof` for an epoch of four blocks of one chunk each (four chunk proofs, four
 *   headers). The gas *limit* such a transaction needs (`estimateGas`) is higher than what it uses: the contract
 *   wants `batchVerifyGas(chunks)` left before its batched check; the details give both.
 * - verifyGasPerChunk: what verifying one more chunk adds to an epoch proof, calldata and its block's header
 *   included: (gas of the eight-chunk epoch − gas of the two-chunk epoch) / 6, blocks of one chunk each, same run.
 *   (From two, not one: a one-chunk epoch's weight is 1, which saves two multiplications no larger epoch saves.)
 * The details add every epoch size from 1 to 8 one-chunk blocks, the committed 64-chunk epoch
 * (test/vectors/epoch-proof-64.json, 32 blocks of two chunks) with its prefixes of 2–32 blocks, and the generated
 * verifier's `verifyProof` alone as a transaction, with the ratios: the generated verifier once per chunk (what
 * EpochProofVerifier did before) against the batched check.
 */
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { randomBytes } from "node:crypto";
import { ethers } from "hardhat";
import { loadEpochBundle } from "../test/proving/epoch-bundle";
import {
  type BlockProof,
  FIELD_MODULUS,
  TXS_PER_CHUNK,
  epochProofArgs,
  proveBlock,
  proveChunk,
  releaseProver,
  toSolidityChunkProof,
  verifyChunk,
} from "@blockage/circuits";

const randomField = () => BigInt(`0x${randomBytes(32).toString("hex")}`) % FIELD_MODULUS;
const randomTxs = (n: number) => Array.from({ length: n }, randomField);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Every proof is bound to a prover address (a public signal): any nonzero address measures the same. */
const prover = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

async function main(): Promise<void> {
  // Proving time.
  await proveChunk({ prevState: randomField(), txs: randomTxs(TXS_PER_CHUNK), prover }); // warm-up: curve and wasm load
  const proveMs: number[] = [];
  const verifyMs: number[] = [];
  for (let i = 0; i < 7; i++) {
    const input = { prevState: randomField(), txs: randomTxs(TXS_PER_CHUNK), prover };
    const started = performance.now();
    const chunk = await proveChunk(input);
    proveMs.push(performance.now() - started);
    const verifyStarted = performance.now();
    if (!(await verifyChunk(chunk.proof, chunk.publicSignals))) throw new Error("a fresh proof did not verify");
    verifyMs.push(performance.now() - verifyStarted);
  }

  // Gas.
  const chunkVerifier = await (await ethers.getContractFactory("ChunkGroth16Verifier")).deploy();
  const verifier = await (
    await ethers.getContractFactory("EpochProofVerifier")
  ).deploy(await chunkVerifier.getAddress());
  const blocks: BlockProof[] = [];
  let state = randomField();
  for (let i = 0; i < 8; i++) {
    blocks.push(await proveBlock({ prevState: state, txs: randomTxs(TXS_PER_CHUNK), prover }));
    state = blocks[i].newState;
  }
  const oneBlockOfFour = await proveBlock({ prevState: randomField(), txs: randomTxs(4 * TXS_PER_CHUNK), prover });
  await releaseProver();

  const [sender] = await ethers.getSigners();
  const limits: number[] = [];
  /** gasUsed of a transaction to `to` with `data`, sent with the gas limit estimateGas asks for (kept in `limits`). */
  const gasUsed = async (to: string, data: string) => {
    const gasLimit = await sender.estimateGas({ to, data });
    limits.push(Number(gasLimit));
    const receipt = await (await sender.sendTransaction({ to, data, gasLimit })).wait();
    if (receipt?.status !== 1) throw new Error("a bench transaction failed");
    return Number(receipt.gasUsed);
  };
  const verifierAddress = await verifier.getAddress();
  const epochGas = async (epochBlocks: BlockProof[]) => {
    const args = epochProofArgs(epochBlocks);
    const data = verifier.interface.encodeFunctionData("verifyEpochProof", [
      args.prevState,
      args.newState,
      [...args.blocks],
      args.proof,
    ]);
    return gasUsed(verifierAddress, data);
  };
  const gasByChunks = [] as number[];
  for (let n = 1; n <= 8; n++) gasByChunks.push(await epochGas(blocks.slice(0, n)));
  const bundle = loadEpochBundle();
  const bundleGasByChunks: Record<string, number> = {};
  for (const n of [1, 2, 4, 8, 16, 32]) bundleGasByChunks[String(2 * n)] = await epochGas(bundle.slice(0, n));
  const maxChunksEpochGas = await epochGas(bundle);
  const maxChunksEpochGasLimit = limits[limits.length - 1];
  const perChunk = Math.round((gasByChunks[7] - gasByChunks[1]) / 6);
  const p = toSolidityChunkProof(blocks[0].chunks[0]);
  const rawVerifierGas = await gasUsed(
    await chunkVerifier.getAddress(),
    chunkVerifier.interface.encodeFunctionData("verifyProof", [
      [...p.a],
      [[...p.b[0]], [...p.b[1]]],
      [...p.c],
      [...p.publicSignals],
    ]),
  );

  const figures = {
    txsPerChunk: TXS_PER_CHUNK,
    proveMsPerChunk: Math.round(median(proveMs)),
    verifyGasPerChunk: perChunk,
    bundle4Gas: gasByChunks[3],
  };
  const details = {
    proveMsSamples: proveMs.map(Math.round),
    verifyChunkTsMsMedian: Math.round(median(verifyMs)),
    epochGasByChunkCount: Object.fromEntries(gasByChunks.map((g, i) => [`${i + 1}`, g])),
    epochGasLimitByChunkCount: Object.fromEntries(gasByChunks.map((_, i) => [`${i + 1}`, limits[i]])),
    oneChunkEpochGas: gasByChunks[0],
    bundle4GasPerChunk: Math.round(gasByChunks[3] / 4),
    bundle4OneBlockGas: await epochGas([oneBlockOfFour]),
    // The committed 64-chunk epoch and its prefixes (blocks of two chunks), by chunk count.
    twoChunkBlocksEpochGasByChunkCount: bundleGasByChunks,
    maxChunksEpochGas,
    maxChunksEpochGasLimit,
    perChunkFrom32To64: Math.round((maxChunksEpochGas - bundleGasByChunks["32"]) / 32),
    generatedVerifierGas: rawVerifierGas,
    // What a chunk cost when each was checked by the generated verifier (the pre-batching EpochProofVerifier:
    // 223,103 gas per chunk in the committed figures before the change), against the batched check.
    generatedVerifierGasPerChunkBefore: 223_103,
    ratioPerChunkBatchedToBefore: perChunk / 223_103,
    constraints: JSON.parse(fs.readFileSync(require.resolve("@blockage/circuits/build/chunk.manifest.json"), "utf8"))
      .constraints,
  };
  console.log(JSON.stringify({ ...figures, details }, null, 2));
  fs.writeFileSync(path.resolve(__dirname, "circuits.json"), JSON.stringify(figures, null, 2) + "\n");
  fs.writeFileSync(path.resolve(__dirname, "circuits-details.json"), JSON.stringify(details, null, 2) + "\n");
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
