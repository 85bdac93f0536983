// EIP-712 messages of NodeRegistry: Join, Leave and Delegate (seed 000 §4), signed by operators and delegators for a
// relayer, and VrfKeyPossession, signed by a VRF key to prove it belongs to the node. The pure part (domain, types,
// hashes, the possession proof) needs no chain; the sign* functions fill the domain, nonce and deadline from the chain
// when they are not given.
import {
  getBytes,
  SigningKey,
  TypedDataEncoder,
  ZeroHash,
  type BigNumberish,
  type BytesLike,
  type Provider,
  type Signer,
  type TypedDataDomain,
  type TypedDataField,
} from "ethers";
import { BlockageError, InvalidParameterError } from "../errors";
import { pidOf } from "./pid";
import { parseRoles, type NodeRoles } from "./roles";
import { checkedAddress, checkedAmount, checkedBytes, checkedUint } from "../validate";
import { toContractError } from "../contract-errors";
import type { INodeRegistry } from "../typechain";

/** EIP-712 domain name of `NodeRegistry`. */
export const REGISTRY_EIP712_NAME = "blockage NodeRegistry";
/** EIP-712 domain version of `NodeRegistry`. */
export const REGISTRY_EIP712_VERSION = "1";
/** Seconds a signed message stays valid when no deadline is given: one hour of chain time. */
export const DEFAULT_SIGNATURE_TTL = 3600n;

/** EIP-712 type of `Join` (exactly the Solidity struct). */
export const JOIN_TYPES: Record<string, TypedDataField[]> = {
  Join: [
    { name: "operator", type: "address" },
    { name: "salt", type: "bytes32" },
    { name: "stake", type: "uint256" },
    { name: "vrfKey", type: "bytes" },
    { name: "commKey", type: "bytes32" },
    { name: "roles", type: "uint8" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** EIP-712 type of `Leave`. */
export const LEAVE_TYPES: Record<string, TypedDataField[]> = {
  Leave: [
    { name: "pid", type: "bytes32" },
    { name: "epoch", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** EIP-712 type of `Delegate`. */
export const DELEGATE_TYPES: Record<string, TypedDataField[]> = {
  Delegate: [
    { name: "delegator", type: "address" },
    { name: "validatorPid", type: "bytes32" },
    { name: "amount", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** EIP-712 type of the VRF key's proof of possession. */
export const VRF_KEY_POSSESSION_TYPES: Record<string, TypedDataField[]> = {
  VrfKeyPossession: [
    { name: "pid", type: "bytes32" },
    { name: "vrfKey", type: "bytes" },
  ],
};

/** The message a VRF key signs to prove its possession for a node. */
export interface VrfKeyPossessionMessage {
  /** The node the key is registered for. */
  pid: BytesLike;
  /** The VRF public key exactly as passed to `register` / `rotateKeys` (compressed or uncompressed). */
  vrfKey: BytesLike;
}

/**
 * The digest a VRF key's proof of possession signs.
 *
 * @param domain - The registry's EIP-712 domain (`registryDomain`).
 * @param message - pid and VRF key.
 * @returns 32-byte digest.
 * @throws {InvalidParameterError} For a malformed pid or key.
 */
export function hashVrfKeyPossession(domain: TypedDataDomain, message: VrfKeyPossessionMessage): string {
  return TypedDataEncoder.hash(domain, VRF_KEY_POSSESSION_TYPES, {
    pid: checkedBytes(message.pid, "pid", 32),
    vrfKey: checkedBytes(message.vrfKey, "vrfKey"),
  });
}

/**
 * Signs the proof of possession of a VRF key with the VRF secret key itself (ECDSA over secp256k1, the curve of
 * `ECVRF-SECP256K1-SHA256-TAI`). Pure: no chain access.
 *
 * @param vrfSecretKey - The VRF secret key (32 bytes).
 * @param domain - The registry's EIP-712 domain.
 * @param message - pid and the VRF public key of `vrfSecretKey`.
 * @returns The 65-byte signature `r ‖ s ‖ v` as `0x` hex: the `vrfKeyProof` of `register` and `rotateKeys`.
 * @throws {InvalidParameterError} If the secret key is invalid or does not belong to `message.vrfKey`.
 * @example
 * const proof = signVrfKeyPossession(keys.vrfSecretKey, registryDomain(chainId, registry), { pid, vrfKey: keys.vrfKey });
 */
export function signVrfKeyPossession(
  vrfSecretKey: BytesLike,
  domain: TypedDataDomain,
  message: VrfKeyPossessionMessage,
): string {
  let key: SigningKey;
  let compressed: string;
  const secret = checkedBytes(vrfSecretKey, "vrfSecretKey", 32, true);
  try {
    key = new SigningKey(secret);
    compressed = key.compressedPublicKey; // derives the point, so an out-of-range scalar fails here
  } catch {
    // No cause attached: an error about a secret key must not carry the key into logs.
    throw new InvalidParameterError("vrfSecretKey is not a valid secp256k1 secret key (a scalar in [1, n))");
  }
  const vrfKey = checkedBytes(message.vrfKey, "vrfKey");
  let given: string;
  try {
    given = SigningKey.computePublicKey(getBytes(vrfKey), true);
  } catch (cause) {
    throw new InvalidParameterError("vrfKey is not a secp256k1 public key", { cause });
  }
  if (given !== compressed) {
    throw new InvalidParameterError("vrfSecretKey is not the secret key of vrfKey");
  }
  return key.sign(hashVrfKeyPossession(domain, { pid: message.pid, vrfKey })).serialized;
}

/** What an action needs to prove possession of a VRF key: the proof itself, or the secret key to make it. */
export interface VrfKeyProofSource {
  /** A ready proof of possession (65-byte signature), e.g. from {@link signVrfKeyPossession}. */
  vrfKeyProof?: BytesLike;
  /** The VRF secret key, to sign the proof here (it never leaves this process). */
  vrfSecretKey?: BytesLike;
}

/** Parameters of {@link resolveVrfKeyProof}: the node, its key, and the proof or the secret key to sign it with. */
export interface ResolveVrfKeyProofParameters extends VrfKeyProofSource {
  /** The node. */
  pid: string;
  /** The VRF public key as it will be sent. */
  vrfKey: string;
  /** The action the proof is for, for error messages. */
  action: string;
}

/**
 * The proof of possession an action sends: the given one, or one signed now with the VRF secret key for the registry's
 * domain.
 *
 * @param registry - The registry (its chain and address form the domain).
 * @param params - The node, its VRF key, the proof or the secret key, and the action for error messages.
 * @returns The proof as `0x` hex.
 * @throws {InvalidParameterError} If neither is given, or the secret key does not match.
 */
export async function resolveVrfKeyProof(
  registry: INodeRegistry,
  params: ResolveVrfKeyProofParameters,
): Promise<string> {
  const { pid, vrfKey, action, ...source } = params;
  if (source.vrfKeyProof !== undefined) return checkedBytes(source.vrfKeyProof, "vrfKeyProof");
  if (source.vrfSecretKey === undefined) {
    throw new InvalidParameterError(
      `${action}: give vrfSecretKey (to sign the VRF key's proof of possession) or a ready vrfKeyProof`,
    );
  }
  const domain = await readRegistryDomain(registry, action);
  return signVrfKeyPossession(source.vrfSecretKey, domain, { pid, vrfKey });
}

/** A `Join` message: the operator asks to register node `pidOf(operator, salt)`. */
export interface JoinMessage {
  operator: string;
  salt: string;
  stake: bigint;
  /** secp256k1 VRF key, `0x` hex: compressed (33 bytes) or uncompressed (65); the registry stores it compressed. */
  vrfKey: string;
  commKey: string;
  roles: number;
  nonce: bigint;
  deadline: bigint;
}

/** A `Leave` message: the operator of `pid` asks to unbond during `epoch`. */
export interface LeaveMessage {
  pid: string;
  epoch: bigint;
  nonce: bigint;
  deadline: bigint;
}

/** A `Delegate` message: `delegator` delegates `amount` to `validatorPid`. */
export interface DelegateMessage {
  delegator: string;
  validatorPid: string;
  amount: bigint;
  nonce: bigint;
  deadline: bigint;
}

/** A message with its signature, ready for a relayer. */
export interface SignedMessage<M> {
  /** The message as signed (nonce and deadline filled in). */
  message: M;
  /** 65-byte signature, `0x` hex. */
  signature: string;
  /** The EIP-712 digest that was signed. */
  digest: string;
  /** The domain used. */
  domain: TypedDataDomain;
}

/**
 * The EIP-712 domain of a registry: name `blockage NodeRegistry`, version `1`.
 *
 * @param chainId - Chain id.
 * @param verifyingContract - Registry address.
 * @returns The domain.
 * @throws {InvalidParameterError} If the address is invalid.
 */
export function registryDomain(chainId: BigNumberish, verifyingContract: string): TypedDataDomain {
  return {
    name: REGISTRY_EIP712_NAME,
    version: REGISTRY_EIP712_VERSION,
    chainId: BigInt(chainId),
    verifyingContract: checkedAddress(verifyingContract, "verifyingContract"),
  };
}

/** Result of {@link getRegistryDomain}. */
export type GetRegistryDomainReturnType = TypedDataDomain;

/**
 * The EIP-712 domain of a deployed registry: its chain (from the registry's runner) and its address.
 *
 * @param registry - The registry, connected to a provider or a signer with a provider.
 * @returns The domain.
 * @throws {InvalidParameterError} If the registry's runner has no provider.
 * @throws {ContractCallError} If the chain id cannot be read.
 * @example
 * const domain = await getRegistryDomain(registry);
 */
export async function getRegistryDomain(registry: INodeRegistry): Promise<GetRegistryDomainReturnType> {
  return readRegistryDomain(registry, "getRegistryDomain");
}

/** {@link getRegistryDomain} for an action: its failures name the action. */
async function readRegistryDomain(registry: INodeRegistry, action: string): Promise<TypedDataDomain> {
  const provider = registry.runner?.provider;
  if (!provider) throw new InvalidParameterError(`${action}: the registry's runner has no provider`);
  try {
    const [network, address] = await Promise.all([provider.getNetwork(), registry.getAddress()]);
    return registryDomain(network.chainId, address);
  } catch (error) {
    throw toContractError(error, `${action}: reading the chain id`);
  }
}

/**
 * The digest the registry recovers a `Join` signer from (`_hashTypedDataV4`).
 *
 * @param domain - From {@link registryDomain}.
 * @param message - The message.
 * @returns 32-byte digest.
 */
export function hashJoin(domain: TypedDataDomain, message: JoinMessage): string {
  return TypedDataEncoder.hash(domain, JOIN_TYPES, message);
}

/**
 * The digest of a `Leave` message.
 *
 * @param domain - From {@link registryDomain}.
 * @param message - The message.
 * @returns 32-byte digest.
 */
export function hashLeave(domain: TypedDataDomain, message: LeaveMessage): string {
  return TypedDataEncoder.hash(domain, LEAVE_TYPES, message);
}

/**
 * The digest of a `Delegate` message.
 *
 * @param domain - From {@link registryDomain}.
 * @param message - The message.
 * @returns 32-byte digest.
 */
export function hashDelegate(domain: TypedDataDomain, message: DelegateMessage): string {
  return TypedDataEncoder.hash(domain, DELEGATE_TYPES, message);
}

/** Common options of the sign* functions. */
export interface SignOptions {
  /** The registry (its address is the EIP-712 verifying contract; its `nonces` fill `nonce`). */
  registry: INodeRegistry;
  /** The signer's next nonce; read from `registry.nonces(signer)` when omitted. */
  nonce?: BigNumberish;
  /** Unix time after which the message is refused; default the latest block's timestamp plus one hour. */
  deadline?: BigNumberish;
}

/** Parameters of {@link signJoin}: `vrfSecretKey` (or a ready `vrfKeyProof`) proves possession of `vrfKey`. */
export interface SignJoinParameters extends SignOptions, VrfKeyProofSource {
  /** Salt of the pid; default zero (one node per operator). */
  salt?: BytesLike;
  /** Self-stake in token base units. */
  stake: BigNumberish;
  /** secp256k1 VRF key, compressed (33 bytes) or uncompressed (65). */
  vrfKey: BytesLike;
  /** 32-byte communication key. */
  commKey: BytesLike;
  /** 1 sequencer, 2 prover, 3 both (or the names `sequencer`, `prover`, `both`). */
  roles: NodeRoles | "sequencer" | "prover" | "both";
}
/** Result of {@link signJoin}: what `relayJoin` takes. */
export interface SignJoinReturnType extends SignedMessage<JoinMessage> {
  /** The VRF key's proof of possession for the node `pidOf(operator, salt)`. */
  vrfKeyProof: string;
}

/** Parameters of {@link signLeave}. */
export interface SignLeaveParameters extends SignOptions {
  /** The node. */
  pid: BytesLike;
  /** Epoch the message is valid in; default the registry's current epoch. */
  epoch?: BigNumberish;
}
/** Result of {@link signLeave}. */
export type SignLeaveReturnType = SignedMessage<LeaveMessage>;

/** Parameters of {@link signDelegate}. */
export interface SignDelegateParameters extends SignOptions {
  /** The node to delegate to. */
  validatorPid: BytesLike;
  /** Tokens in base units. */
  amount: BigNumberish;
}
/** Result of {@link signDelegate}. */
export type SignDelegateReturnType = SignedMessage<DelegateMessage>;

interface Filled {
  signerAddress: string;
  domain: TypedDataDomain;
  nonce: bigint;
  deadline: bigint;
}

async function fill(signer: Signer, options: SignOptions, what: string): Promise<Filled> {
  const provider: Provider | null = signer.provider ?? options.registry.runner?.provider ?? null;
  try {
    const signerAddress = await signer.getAddress();
    if (provider === null) throw new InvalidParameterError(`${what}: the signer has no provider`);
    const [network, registryAddress] = await Promise.all([provider.getNetwork(), options.registry.getAddress()]);
    const nonce =
      options.nonce === undefined ? await options.registry.nonces(signerAddress) : checkedUint(options.nonce, "nonce");
    let deadline: bigint;
    if (options.deadline === undefined) {
      const block = await provider.getBlock("latest");
      if (block === null) throw new BlockageError(`${what}: the node returned no latest block`);
      deadline = BigInt(block.timestamp) + DEFAULT_SIGNATURE_TTL;
    } else deadline = checkedUint(options.deadline, "deadline");
    return { signerAddress, domain: registryDomain(network.chainId, registryAddress), nonce, deadline };
  } catch (error) {
    throw toContractError(error, what);
  }
}

async function sign<M extends object>(
  signer: Signer,
  domain: TypedDataDomain,
  types: Record<string, TypedDataField[]>,
  message: M,
  what: string,
): Promise<SignedMessage<M>> {
  try {
    const signature = await signer.signTypedData(domain, types, message as Record<string, unknown>);
    return { message, signature, digest: TypedDataEncoder.hash(domain, types, message), domain };
  } catch (error) {
    throw new BlockageError(`${what} failed`, { cause: error });
  }
}

/**
 * Signs a `Join` so that a relayer can register the signer's node with `relayJoin` (the stake is pulled from the
 * signer, who must have approved the registry).
 *
 * @param signer - The operator.
 * @param params - Registry, node parameters, the VRF secret key (or a ready proof of possession), and optionally
 *   nonce and deadline.
 * @returns The message, its signature and digest, and the VRF key's proof of possession.
 * @throws {InvalidParameterError} For malformed keys or salt, or a VRF secret key that does not match `vrfKey`.
 * @throws {ContractCallError} If reading the nonce, chain id or latest block fails.
 * @example
 * const keys = await generateNodeKeys();
 * const signed = await signJoin(operator, { registry, stake: parseEther("1000"), ...keys, roles: 3 });
 * await relayJoin(registry.connect(relayer), signed);
 */
export async function signJoin(signer: Signer, params: SignJoinParameters): Promise<SignJoinReturnType> {
  const salt = checkedBytes(params.salt ?? ZeroHash, "salt", 32);
  const vrfKey = checkedBytes(params.vrfKey, "vrfKey");
  const commKey = checkedBytes(params.commKey, "commKey", 32);
  const stake = checkedAmount(params.stake, "stake");
  const roles = parseRoles(params.roles);
  if (params.vrfKeyProof === undefined && params.vrfSecretKey === undefined) {
    throw new InvalidParameterError("signJoin: give vrfSecretKey (to prove possession of vrfKey) or a vrfKeyProof");
  }
  const { signerAddress, domain, nonce, deadline } = await fill(signer, params, "signJoin");
  const pid = pidOf(signerAddress, salt);
  const vrfKeyProof =
    params.vrfKeyProof !== undefined
      ? checkedBytes(params.vrfKeyProof, "vrfKeyProof")
      : signVrfKeyPossession(params.vrfSecretKey!, domain, { pid, vrfKey });
  const message: JoinMessage = {
    operator: signerAddress,
    salt,
    stake,
    vrfKey,
    commKey,
    roles,
    nonce,
    deadline,
  };
  return { ...(await sign(signer, domain, JOIN_TYPES, message, "signJoin")), vrfKeyProof };
}

/**
 * Signs a `Leave` so that a relayer can unbond the signer's node with `relayLeave`. The message is valid only during
 * `epoch`.
 *
 * @param signer - The node's operator.
 * @param params - Registry, pid, and optionally epoch, nonce and deadline.
 * @returns The message, its signature and digest.
 * @throws {InvalidParameterError} For a malformed pid.
 * @throws {ContractCallError} If reading the chain fails.
 */
export async function signLeave(signer: Signer, params: SignLeaveParameters): Promise<SignLeaveReturnType> {
  const pid = checkedBytes(params.pid, "pid", 32);
  const filled = await fill(signer, params, "signLeave");
  let epoch: bigint;
  try {
    epoch = params.epoch === undefined ? await params.registry.currentEpoch() : checkedUint(params.epoch, "epoch");
  } catch (error) {
    throw toContractError(error, "signLeave");
  }
  const message: LeaveMessage = { pid, epoch, nonce: filled.nonce, deadline: filled.deadline };
  return sign(signer, filled.domain, LEAVE_TYPES, message, "signLeave");
}

/**
 * Signs a `Delegate` so that a relayer can delegate the signer's tokens with `relayDelegate` (the signer must have
 * approved the registry).
 *
 * @param signer - The delegator.
 * @param params - Registry, node, amount, and optionally nonce and deadline.
 * @returns The message, its signature and digest.
 * @throws {InvalidParameterError} For a malformed pid.
 * @throws {ContractCallError} If reading the chain fails.
 */
export async function signDelegate(signer: Signer, params: SignDelegateParameters): Promise<SignDelegateReturnType> {
  const validatorPid = checkedBytes(params.validatorPid, "validatorPid", 32);
  const amount = checkedAmount(params.amount, "amount");
  const { signerAddress, domain, nonce, deadline } = await fill(signer, params, "signDelegate");
  const message: DelegateMessage = {
    delegator: signerAddress,
    validatorPid,
    amount,
    nonce,
    deadline,
  };
  return sign(signer, domain, DELEGATE_TYPES, message, "signDelegate");
}
