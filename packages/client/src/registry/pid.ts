import { AbiCoder, keccak256, ZeroHash, type BytesLike } from "ethers";
import { checkedAddress, checkedBytes } from "../validate";

/**
 * A node's persistent identity, as `NodeRegistry.pidOf` computes it: `keccak256(abi.encode(operator, salt))`.
 *
 * @param operator - The operator's address.
 * @param salt - 32 bytes; default zero (an operator's first node).
 * @returns The pid, 32 bytes as `0x` hex.
 * @throws {InvalidParameterError} If the address or salt is malformed.
 * @example
 * const pid = pidOf(await wallet.getAddress()); // salt 0
 */
export function pidOf(operator: string, salt: BytesLike = ZeroHash): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["address", "bytes32"],
      [checkedAddress(operator, "operator"), checkedBytes(salt, "salt", 32)],
    ),
  );
}
