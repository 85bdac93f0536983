import { accessSync, constants, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CircuitArtifactError } from "./errors.js";

/** Where the chunk circuit's built artifacts are: the package's own `build/` unless a caller gives its own. */
export interface ChunkArtifacts {
  /** The witness generator (circom's WASM). */
  readonly wasm: string;
  /** The Groth16 proving key. */
  readonly zkey: string;
  /** The verification key (JSON). */
  readonly vkey: string;
}

function packagePath(relative: string): string {
  // src/ and dist/ both sit one level below the package root, next to build/.
  return fileURLToPath(new URL(`../build/${relative}`, import.meta.url));
}

/** The committed artifacts shipped in this package. */
export const CHUNK_ARTIFACTS: ChunkArtifacts = {
  wasm: packagePath("chunk.wasm"),
  zkey: packagePath("chunk.zkey"),
  vkey: packagePath("chunk.vkey.json"),
};

/** The Groth16 verification key as snarkjs exports it. */
export type VerificationKey = Record<string, unknown> & { protocol: "groth16"; curve: "bn128"; nPublic: number };

const vkeys = new Map<string, VerificationKey>();

/** Reads (once) the verification key at `path`. */
export function loadVerificationKey(path: string = CHUNK_ARTIFACTS.vkey): VerificationKey {
  let vkey = vkeys.get(path);
  if (!vkey) {
    try {
      vkey = JSON.parse(readFileSync(path, "utf8")) as VerificationKey;
    } catch (cause) {
      throw new CircuitArtifactError(path, { cause });
    }
    vkeys.set(path, vkey);
  }
  return vkey;
}

/** Throws CircuitArtifactError unless every file exists and is readable. */
export function requireArtifacts(artifacts: ChunkArtifacts): void {
  for (const path of [artifacts.wasm, artifacts.zkey]) {
    try {
      accessSync(path, constants.R_OK);
    } catch (cause) {
      throw new CircuitArtifactError(path, { cause });
    }
  }
}
