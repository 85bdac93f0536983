import { InvalidParameterError } from "../errors";

/** A node's roles bitmask (seed 000 §4): 1 sequencer, 2 prover, 3 both. */
export type NodeRoles = 1 | 2 | 3;

/** Role bits. */
export const ROLE_SEQUENCER = 1;
/** Role bits. */
export const ROLE_PROVER = 2;

/**
 * A roles bitmask from a name or number: `sequencer` (1), `prover` (2), `both` (3), or `1`/`2`/`3`.
 *
 * @param value - Name (case-insensitive) or number.
 * @returns The bitmask.
 * @throws {InvalidParameterError} For anything else.
 */
export function parseRoles(value: string | number): NodeRoles {
  const text = String(value).trim().toLowerCase();
  const roles = ({ sequencer: 1, prover: 2, both: 3, "sequencer+prover": 3, "1": 1, "2": 2, "3": 3 } as const)[
    text as "1"
  ];
  if (roles === undefined) {
    throw new InvalidParameterError(
      `roles must be sequencer, prover or both (1, 2 or 3), got ${JSON.stringify(value)}`,
    );
  }
  return roles;
}

/**
 * A human name for a roles bitmask.
 *
 * @param roles - The bitmask.
 * @returns `sequencer`, `prover`, `sequencer+prover`, or `none` / `unknown (n)`.
 */
export function rolesName(roles: number | bigint): string {
  const value = Number(roles);
  if (value === 0) return "none";
  return ["sequencer", "prover", "sequencer+prover"][value - 1] ?? `unknown (${value})`;
}
