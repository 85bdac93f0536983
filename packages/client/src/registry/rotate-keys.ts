import type { BytesLike, ContractTransactionReceipt } from "ethers";
import type { INodeRegistry } from "../typechain";
import { receiptEvent, sendTransaction, signerOf, sendWithEpochHeadroom } from "../transaction";
import { resolveVrfKeyProof, type VrfKeyProofSource } from "./typed-data";
import { checkedBytes } from "../validate";

/** Parameters of {@link rotateKeys}: `vrfSecretKey` (or a ready `vrfKeyProof`) proves possession of `vrfKey`. */
export interface RotateKeysParameters extends VrfKeyProofSource {
  /** The node. */
  pid: BytesLike;
  /** New secp256k1 VRF public key, compressed (33 bytes) or uncompressed (65 bytes). */
  vrfKey: BytesLike;
  /** New 32-byte communication key (non-zero). */
  commKey: BytesLike;
}

/** Result of {@link rotateKeys}. */
export interface RotateKeysReturnType {
  /** The VRF key as the registry stores it (compressed). */
  vrfKey: string;
  /** First epoch the lottery uses the new VRF key; until then the old key proves the node's tickets. */
  effectiveEpoch: bigint;
  /** Receipt of `rotateKeys`. */
  receipt: ContractTransactionReceipt;
}

/**
 * Replaces a Pending or Active node's keys. Keep the old VRF secret key until `effectiveEpoch`: the lottery of
 * earlier epochs still checks proofs against the old key.
 *
 * @param registry - The registry, connected to the node operator's signer.
 * @param params - The pid and the new keys.
 * @returns The stored key, the effective epoch and the receipt.
 * @throws {InvalidParameterError} If neither `vrfSecretKey` nor `vrfKeyProof` is given, or the secret key does not
 *   match `vrfKey`.
 * @throws {ContractRevertError} E.g. `NodeRegistry__InvalidVrfKey`, `NodeRegistry__InvalidVrfKeyProof`,
 *   `NodeRegistry__InvalidCommKey`.
 * @throws {ContractCallError} For any other failure.
 */
export async function rotateKeys(registry: INodeRegistry, params: RotateKeysParameters): Promise<RotateKeysReturnType> {
  signerOf(registry, "rotateKeys");
  const pid = checkedBytes(params.pid, "pid", 32);
  const vrfKey = checkedBytes(params.vrfKey, "vrfKey");
  const commKey = checkedBytes(params.commKey, "commKey", 32);
  const vrfKeyProof = await resolveVrfKeyProof(registry, {
    pid,
    vrfKey,
    action: "rotateKeys",
    vrfKeyProof: params.vrfKeyProof,
    vrfSecretKey: params.vrfSecretKey,
  });
  const receipt = await sendTransaction("rotateKeys", () =>
    sendWithEpochHeadroom(registry.rotateKeys, [pid, vrfKey, vrfKeyProof, commKey]),
  );
  const event = receiptEvent(registry, receipt, "KeysRotated");
  return { vrfKey: event.args.vrfKey, effectiveEpoch: event.args.effectiveEpoch, receipt };
}
