// The committed 64-chunk epoch proof (test/vectors/epoch-proof-64.json, written by generate-epoch-proof-64.ts): what
// it holds and how to read it. The file is checked against the zkey it was proven with, so a rebuilt circuit says
// "regenerate" instead of failing as an invalid proof.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { type BlockProof, CHUNK_ARTIFACTS } from "@blockage/circuits";

/** 32 blocks (an epoch's slots) of 32 transactions (two chunks) each: 64 chunks, the verifier's MAX_CHUNKS. */
export const EPOCH_BUNDLE = { blocks: 32, txsPerBlock: 32, prevState: 4242n } as const;

export const EPOCH_BUNDLE_FILE = path.resolve(__dirname, "../vectors/epoch-proof-64.json");

/** sha256 of the committed proving key. */
export function zkeySha256(): string {
  return createHash("sha256").update(readFileSync(CHUNK_ARTIFACTS.zkey)).digest("hex");
}

/** The bundle's block proofs, in order. Throws when the zkey changed since the file was written. */
export function loadEpochBundle(): BlockProof[] {
  const json = JSON.parse(readFileSync(EPOCH_BUNDLE_FILE, "utf8")) as {
    zkeySha256: string;
    blocks: (Omit<BlockProof, "prevState" | "newState"> & { prevState: string; newState: string })[];
  };
  if (json.zkeySha256 !== zkeySha256()) {
    throw new Error(
      `${EPOCH_BUNDLE_FILE} was proven with another zkey: run npx hardhat run test/proving/generate-epoch-proof-64.ts`,
    );
  }
  return json.blocks.map((b) => ({ ...b, prevState: BigInt(b.prevState), newState: BigInt(b.newState) }));
}
