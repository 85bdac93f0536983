import type { BigNumberish } from "ethers";
import { InvalidParameterError } from "../errors";

/** `NodeStatus` names by value (seed 000 §1); `None` means never registered. */
export const NODE_STATUS_NAMES = ["None", "Pending", "Active", "Unbonding", "Exited"] as const;

/** A node status by name. */
export type NodeStatusName = (typeof NODE_STATUS_NAMES)[number];

/**
 * The name of a `NodeStatus` value.
 *
 * @param status - 0–4.
 * @returns `None`, `Pending`, `Active`, `Unbonding` or `Exited`.
 * @throws {InvalidParameterError} For any other value.
 */
export function nodeStatusName(status: BigNumberish): NodeStatusName {
  const name = NODE_STATUS_NAMES[Number(status)];
  if (name === undefined) throw new InvalidParameterError(`unknown NodeStatus ${status}`);
  return name;
}
