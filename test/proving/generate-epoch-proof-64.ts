// Writes test/vectors/epoch-proof-64.json: an epoch proof of MAX_CHUNKS (64) real Groth16 chunk proofs, 32 blocks of
// two chunks each (an epoch's 32 slots, each block 32 transactions), chained from state 4242 and bound to PROVER.
// Proving 64 chunks takes minutes, so the verifier tests that need a full bundle (the gas cap, one bad chunk among
// many, swapped proofs) read this file instead of proving it each run; every test still verifies it through the
// contracts, and the circuits' committed zkey is what it was proven with (its sha256 is recorded and checked).
// The transactions are fixed (txsOf), so a rerun proves the same statements (the proofs themselves are randomized).
//
//   npx hardhat run test/proving/generate-epoch-proof-64.ts
import { writeFileSync } from "node:fs";
import { type BlockProof, proveBlock, releaseProver } from "@blockage/circuits";
import { EPOCH_BUNDLE, EPOCH_BUNDLE_FILE, zkeySha256 } from "./epoch-bundle";
import { PROVER, txsOf } from "./fixtures";

async function main(): Promise<void> {
  const blocks: BlockProof[] = [];
  let state: bigint = EPOCH_BUNDLE.prevState;
  for (let i = 0; i < EPOCH_BUNDLE.blocks; i++) {
    const block = await proveBlock({
      prevState: state,
      txs: txsOf(100 + i, EPOCH_BUNDLE.txsPerBlock),
      prover: PROVER,
    });
    blocks.push(block);
    state = block.newState;
    process.stderr.write(`block ${i + 1}/${EPOCH_BUNDLE.blocks}\n`);
  }
  await releaseProver();
  const json = {
    description:
      "An epoch proof of 64 Groth16 chunk proofs (32 blocks of two chunks) bound to one prover; written by test/proving/generate-epoch-proof-64.ts",
    zkeySha256: zkeySha256(),
    prover: PROVER,
    blocks: blocks.map((b) => ({ ...b, prevState: String(b.prevState), newState: String(b.newState) })),
  };
  writeFileSync(EPOCH_BUNDLE_FILE, JSON.stringify(json, null, 1) + "\n");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
