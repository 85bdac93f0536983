import { ZeroHash, type BigNumberish, type BytesLike, type ContractTransactionReceipt } from "ethers";
import type { INodeRegistry } from "../typechain";
import { pidOf } from "./pid";
import { parseRoles, type NodeRoles } from "./roles";
import { sendStakeTransaction, readContract, receiptEvent, signerOf } from "../transaction";
import { resolveVrfKeyProof, type VrfKeyProofSource } from "./typed-data";
import { checkedAmount, checkedBytes } from "../validate";

/**
 * Parameters of {@link register}. The VRF key needs a proof of possession: pass `vrfSecretKey` (the proof is signed
 * here and the secret never leaves this process) or a ready `vrfKeyProof`. `register(registry, { ...keys, stake,
 * roles })` with the result of `generateNodeKeys` does the right thing.
 */
export interface RegisterParameters extends VrfKeyProofSource {
  /** Self-stake in token base units (at least `minStake()`). */
  stake: BigNumberish;
  /** Compressed (33-byte) or uncompressed (65-byte) secp256k1 VRF public key, e.g. from `generateNodeKeys`. */
  vrfKey: BytesLike;
  /** 32-byte communication key (non-zero), e.g. from `generateNodeKeys`. */
  commKey: BytesLike;
  /** 1 sequencer, 2 prover, 3 both (or the names `sequencer`, `prover`, `both`). */
  roles: NodeRoles | "sequencer" | "prover" | "both";
  /** Salt of the pid, 32 bytes; default zero. One operator runs several nodes with different salts. */
  salt?: BytesLike;
  /** Approve the registry for `stake` first when the allowance is lower (default `true`). */
  approve?: boolean;
}

/** Result of {@link register}. */
export interface RegisterReturnType {
  /** The node's persistent identity, `pidOf(operator, salt)`. */
  pid: string;
  /** Position of its leaf in the active-set tree. */
  leafIndex: number;
  /** The operator (the registry's signer). */
  operator: string;
  /** Receipt of `register`. */
  receipt: ContractTransactionReceipt;
  /** Receipt of the `approve` sent first, or `null` if the allowance was enough. */
  approveReceipt: ContractTransactionReceipt | null;
}

/**
 * Registers the registry's signer as the operator of a new node (None/Exited → Pending), locking `stake` of the
 * stake token; approves the registry first if needed. Activate it with `activate` after the entry delay.
 *
 * @param registry - The registry, connected to the operator's signer.
 * @param params - Stake, keys, roles and optionally salt.
 * @returns The pid, its leaf index and the receipts.
 * @throws {InvalidParameterError} For malformed keys, salt, roles or amount, a VRF secret key that does not match
 *   `vrfKey` (or neither it nor a proof), or a registry without a signer.
 * @throws {ContractRevertError} If the registry or token reverts, e.g. `NodeRegistry__StakeBelowMinimum` or
 *   `ERC20InsufficientBalance`.
 * @throws {ContractCallError} For any other failure.
 * @example
 * const keys = await generateNodeKeys();
 * const { pid } = await register(registry.connect(operator), { ...keys, stake: parseEther("1000"), roles: "both" });
 */
export async function register(registry: INodeRegistry, params: RegisterParameters): Promise<RegisterReturnType> {
  const signer = signerOf(registry, "register");
  const stake = checkedAmount(params.stake, "stake");
  const vrfKey = checkedBytes(params.vrfKey, "vrfKey");
  const commKey = checkedBytes(params.commKey, "commKey", 32);
  const salt = checkedBytes(params.salt ?? ZeroHash, "salt", 32);
  const roles = parseRoles(params.roles);
  const operator = await readContract("reading the signer's address", () => signer.getAddress());
  const vrfKeyProof = await resolveVrfKeyProof(registry, {
    pid: pidOf(operator, salt),
    vrfKey,
    action: "register",
    vrfKeyProof: params.vrfKeyProof,
    vrfSecretKey: params.vrfSecretKey,
  });
  const { receipt, approveReceipt } = await sendStakeTransaction(
    registry,
    "register",
    registry.register,
    [salt, stake, vrfKey, vrfKeyProof, commKey, roles],
    stake,
    params.approve ?? true,
  );
  const event = receiptEvent(registry, receipt, "NodeRegistered");
  return {
    pid: event.args.pid,
    leafIndex: Number(event.args.leafIndex),
    operator,
    receipt,
    approveReceipt,
  };
}
