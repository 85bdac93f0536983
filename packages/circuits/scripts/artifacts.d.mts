// Types of scripts/artifacts.mjs, for the TypeScript tests that use it.
export const PACKAGE_DIR: string;
export const CIRCUIT_SOURCE: string;
export const BUILD_DIR: string;
export const TXS_PER_CHUNK: number;
export const PTAU_POWER: number;
export const VERIFIER_CONTRACT: string;
export const VERIFYING_KEY_FILE: string;
export const ARTIFACTS: {
  wasm: string;
  zkey: string;
  vkey: string;
  verifier: string;
  verifyingKey: string;
  manifest: string;
};
export function sha256(bytes: Uint8Array): string;
export function sha256File(path: string): string;
export function compileCircuit(outDir: string): { r1cs: string; wasm: string; constraints: number; output: string };
export function renderVerifier(zkeyPath: string): Promise<string>;
export function renderVerificationKey(zkeyPath: string): Promise<string>;
export function renderVerifyingKey(vkeyJson: string): string;
export function releaseCurve(): Promise<void>;
