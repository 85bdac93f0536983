// The prover mechanisms a rollup is deployed with (DESIGN §9), by name and by `ProverMechanism` value.
import { InvalidParameterError } from "../errors";

/** `ProverMechanism` in `IRollup.sol`: how the rollup's blocks are proven, chosen at deployment (DESIGN §9). */
export const PROVER_MECHANISMS = { sidecar: 0, cooperative: 1, "open-race": 2 } as const;

/** A prover mechanism's name. */
export type ProverMechanismName = keyof typeof PROVER_MECHANISMS;

/**
 * The name of a `ProverMechanism` value (`rollup.config().mechanism`).
 *
 * @param value - The enum's value.
 * @returns `sidecar` (0), `cooperative` (1) or `open-race` (2).
 * @throws {InvalidParameterError} For any other value (a contract this SDK does not know).
 * @example
 * proverMechanismName((await rollup.config()).mechanism); // "cooperative"
 */
export function proverMechanismName(value: bigint | number): ProverMechanismName {
  const name = (Object.keys(PROVER_MECHANISMS) as ProverMechanismName[]).find(
    (key) => BigInt(PROVER_MECHANISMS[key]) === BigInt(value),
  );
  if (name === undefined) throw new InvalidParameterError(`unknown prover mechanism ${String(value)}`);
  return name;
}
