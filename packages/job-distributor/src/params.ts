// Checking a method's params: every wrong type or missing field is a -32602 naming the field, before anything changes.
import { getAddress, isAddress, isHexString } from "ethers";
import type { Groth16Proof } from "@blockage/circuits";
import { invalidParams } from "./errors";

/** The params object of a call (`undefined`/`null` params read as `{}`; an array is refused: params are named). */
export function paramsObject(params: unknown): Record<string, unknown> {
  if (params === undefined || params === null) return {};
  if (typeof params !== "object" || Array.isArray(params)) {
    throw invalidParams("params must be an object of named fields");
  }
  return params as Record<string, unknown>;
}

/** A required non-empty string of at most `max` characters. */
export function stringField(p: Record<string, unknown>, name: string, max = 128): string {
  const value = p[name];
  if (typeof value !== "string" || value.length === 0 || value.length > max) {
    throw invalidParams(`${name} must be a non-empty string of at most ${max} characters`);
  }
  return value;
}

/** An optional string field. */
export function optionalString(p: Record<string, unknown>, name: string, max = 128): string | undefined {
  return p[name] === undefined ? undefined : stringField(p, name, max);
}

/** A 0x-hex string of `bytes` bytes, lower-cased. */
export function hexField(p: Record<string, unknown>, name: string, bytes: number): string {
  const value = p[name];
  if (typeof value !== "string" || !isHexString(value, bytes)) {
    throw invalidParams(`${name} must be 0x-hex of ${bytes} bytes`);
  }
  return value.toLowerCase();
}

/** A checksummed address. */
export function addressField(p: Record<string, unknown>, name: string): string {
  const value = p[name];
  if (typeof value !== "string" || !isAddress(value)) throw invalidParams(`${name} must be an address`);
  return getAddress(value);
}

/** A non-negative safe integer (a number, or a decimal string). */
export function integerField(p: Record<string, unknown>, name: string): number {
  const value = p[name];
  const n = typeof value === "string" && /^[0-9]{1,15}$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) {
    throw invalidParams(`${name} must be a non-negative integer`);
  }
  return n;
}

/** A non-negative integer as a decimal string or a safe integer number, as a bigint. */
export function uintField(p: Record<string, unknown>, name: string): bigint {
  const value = p[name];
  if (typeof value === "string" && /^[0-9]{1,78}$/.test(value)) return BigInt(value);
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  throw invalidParams(`${name} must be a non-negative integer (a decimal string)`);
}

/** An object field. */
export function objectField(p: Record<string, unknown>, name: string): Record<string, unknown> {
  const value = p[name];
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw invalidParams(`${name} must be an object`);
  }
  return value as Record<string, unknown>;
}

const COORDINATE = /^[0-9]{1,78}$/;

/** A snarkjs Groth16 proof's shape (coordinates as decimal strings); its validity is checked later. */
export function proofField(p: Record<string, unknown>, name: string): Groth16Proof {
  const proof = p[name] as Record<string, unknown> | undefined;
  const coords = (v: unknown, n: number) =>
    Array.isArray(v) && v.length >= n && v.length <= 3 && v.every((c) => typeof c === "string" && COORDINATE.test(c));
  const ok =
    proof !== null &&
    typeof proof === "object" &&
    !Array.isArray(proof) &&
    coords(proof.pi_a, 2) &&
    coords(proof.pi_c, 2) &&
    Array.isArray(proof.pi_b) &&
    proof.pi_b.length >= 2 &&
    proof.pi_b.length <= 3 &&
    proof.pi_b.every((row) => coords(row, 2));
  if (!ok) throw invalidParams(`${name} must be a Groth16 proof { pi_a, pi_b, pi_c } of decimal strings`);
  return {
    pi_a: proof.pi_a as string[],
    pi_b: proof.pi_b as string[][],
    pi_c: proof.pi_c as string[],
    protocol: "groth16",
    curve: "bn128",
  };
}

/** The four public inputs of a chunk proof, as decimal strings. */
export function publicInputsField(p: Record<string, unknown>, name: string): [string, string, string, string] {
  const value = p[name];
  if (!Array.isArray(value) || value.length !== 4 || !value.every((s) => typeof s === "string" && COORDINATE.test(s))) {
    throw invalidParams(
      `${name} must be the 4 public inputs [prevState, newState, txsCommitment, prover] as decimal strings`,
    );
  }
  return value.map((s: string) => BigInt(s).toString()) as [string, string, string, string];
}
