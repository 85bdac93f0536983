// CrowdProve's signed messages (EIP-712): a worker's registration with a job distributor (a signed challenge with a
// nonce and an expiry) and a worker's signature over each chunk result it submits. Both are bound to the chain (the
// domain's chainId) and to the job distributor's address (a field of each message), so a signature made for one JD
// or one chain is worthless at another.
import {
  TypedDataEncoder,
  concat,
  toBeHex,
  hexlify,
  keccak256,
  randomBytes,
  verifyTypedData,
  type BigNumberish,
} from "ethers";
import type { Signer, TypedDataDomain } from "ethers";
import { toSolidityChunkProof, type ChunkProof } from "@blockage/circuits/statement";
import { InvalidParameterError } from "../errors";
import { checkedAddress, checkedBytes, checkedUint, checkedUintBits } from "../validate";

/** EIP-712 domain name of CrowdProve's off-chain messages. */
export const CROWDPROVE_EIP712_NAME = "blockage CrowdProve";
/** EIP-712 domain version of CrowdProve's off-chain messages. */
export const CROWDPROVE_EIP712_VERSION = "1";

/** EIP-712 types of {@link WorkerRegistration}. */
export const WORKER_REGISTRATION_TYPES = {
  WorkerRegistration: [
    { name: "jd", type: "address" },
    { name: "worker", type: "address" },
    { name: "nonce", type: "bytes32" },
    { name: "expiresAt", type: "uint64" },
  ],
};

/** EIP-712 types of {@link ChunkResult}. */
export const CHUNK_RESULT_TYPES = {
  ChunkResult: [
    { name: "jd", type: "address" },
    { name: "worker", type: "address" },
    { name: "jobId", type: "string" },
    { name: "chunkId", type: "uint256" },
    { name: "proofHash", type: "bytes32" },
  ],
};

/**
 * A worker's proof that it controls its key, for one job distributor: signed once per session. The JD refuses it
 * after `expiresAt` (unix seconds) and refuses a nonce it has seen.
 */
export interface WorkerRegistration {
  /** The job distributor's address (its payout address). */
  jd: string;
  /** The worker's address: its payout address. */
  worker: string;
  /** 32 random bytes, never reused. */
  nonce: string;
  /** Unix seconds after which the registration is refused. */
  expiresAt: bigint;
}

/** A worker's signed claim that it produced `proofHash` for job `jobId` (chunk `chunkId`) of job distributor `jd`. */
export interface ChunkResult {
  jd: string;
  worker: string;
  jobId: string;
  chunkId: bigint;
  /** {@link chunkProofHash} of the proof and its public inputs. */
  proofHash: string;
}

/**
 * The EIP-712 domain of CrowdProve's messages on a chain: name `blockage CrowdProve`, version `1`, no verifying
 * contract (a JD is not a contract; its address is in each message).
 *
 * @param chainId - The chain the JD proves for.
 * @returns The domain.
 * @throws {InvalidParameterError} For a malformed chain id.
 */
export function crowdproveDomain(chainId: BigNumberish): TypedDataDomain {
  return { name: CROWDPROVE_EIP712_NAME, version: CROWDPROVE_EIP712_VERSION, chainId: checkedUint(chainId, "chainId") };
}

function toRegistration(r: WorkerRegistration): WorkerRegistration {
  if (r === null || typeof r !== "object") throw new InvalidParameterError("registration must be an object");
  return {
    jd: checkedAddress(r.jd, "registration.jd"),
    worker: checkedAddress(r.worker, "registration.worker"),
    nonce: checkedBytes(r.nonce, "registration.nonce", 32),
    expiresAt: checkedUintBits(r.expiresAt, "registration.expiresAt", 64),
  };
}

function toChunkResult(r: ChunkResult): ChunkResult {
  if (r === null || typeof r !== "object") throw new InvalidParameterError("result must be an object");
  if (typeof r.jobId !== "string" || r.jobId.length === 0 || r.jobId.length > 128) {
    throw new InvalidParameterError("result.jobId must be a non-empty string of at most 128 characters");
  }
  return {
    jd: checkedAddress(r.jd, "result.jd"),
    worker: checkedAddress(r.worker, "result.worker"),
    jobId: r.jobId,
    chunkId: checkedUint(r.chunkId, "result.chunkId"),
    proofHash: checkedBytes(r.proofHash, "result.proofHash", 32),
  };
}

/**
 * The hash a worker signs for a chunk proof: `keccak256(abi.encode(a, b, c, publicSignals))` of the proof in the form
 * the Solidity verifier takes, so one proof has exactly one hash whatever its JSON spelling.
 *
 * @param chunk - The chunk proof and its four public signals.
 * @returns 32-byte hash.
 * @throws {CircuitInputError} If `chunk` is not a chunk proof.
 */
export function chunkProofHash(chunk: ChunkProof): string {
  const p = toSolidityChunkProof(chunk);
  // abi.encode of these static arrays is their 12 words in order (a, b row by row, c, signals), 32 bytes each:
  // packed directly, as a JD hashes every result it gets (a test checks it against AbiCoder).
  const words = [...p.a, ...p.b[0], ...p.b[1], ...p.c, ...p.publicSignals];
  return keccak256(concat(words.map((w) => toBeHex(w, 32))));
}

/** Parameters of {@link signWorkerRegistration}. */
export interface SignWorkerRegistrationParameters {
  chainId: BigNumberish;
  /** The job distributor's address. */
  jd: string;
  /** Seconds the registration stays valid (default 300). */
  ttlSeconds?: number;
  /** Clock, unix ms (default `Date.now()`). */
  now?: number;
}

/** Result of {@link signWorkerRegistration}. */
export interface SignWorkerRegistrationReturnType {
  /** The registration as signed. */
  registration: WorkerRegistration;
  /** 65-byte signature, `0x` hex. */
  signature: string;
}

/**
 * Signs a fresh registration (random nonce, expiry `ttlSeconds` from now) for a job distributor.
 *
 * @param signer - The worker.
 * @param params - The chain, the job distributor, and optionally the validity and the clock.
 * @returns The registration and its signature.
 * @throws If the signer cannot sign typed data.
 * @example
 * const { registration, signature } = await signWorkerRegistration(wallet, { chainId: 31337n, jd });
 */
export async function signWorkerRegistration(
  signer: Signer,
  params: SignWorkerRegistrationParameters,
): Promise<SignWorkerRegistrationReturnType> {
  const now = params.now ?? Date.now();
  const registration = toRegistration({
    jd: params.jd,
    worker: await signer.getAddress(),
    nonce: hexlify(randomBytes(32)),
    expiresAt: BigInt(Math.floor(now / 1000) + (params.ttlSeconds ?? 300)),
  });
  const signature = await signer.signTypedData(crowdproveDomain(params.chainId), WORKER_REGISTRATION_TYPES, {
    ...registration,
  });
  return { registration, signature };
}

/**
 * The address that signed a registration (compare it with `registration.worker`).
 *
 * @throws {InvalidParameterError} For a malformed registration or signature.
 */
export function recoverWorkerRegistration(
  chainId: BigNumberish,
  registration: WorkerRegistration,
  signature: string,
): string {
  const r = toRegistration(registration);
  return recover(() => verifyTypedData(crowdproveDomain(chainId), WORKER_REGISTRATION_TYPES, { ...r }, signature));
}

/** Parameters of {@link signChunkResult}. */
export interface SignChunkResultParameters {
  chainId: BigNumberish;
  /** The result to sign (its `worker` is the signer). */
  result: ChunkResult;
}

/** Result of {@link signChunkResult}: the 65-byte signature, `0x` hex. */
export type SignChunkResultReturnType = string;

/**
 * Signs a chunk result for a job distributor.
 *
 * @param signer - The worker.
 * @param params - The chain and the result.
 * @returns The signature.
 * @throws {InvalidParameterError} For a malformed result.
 * @example
 * const signature = await signChunkResult(wallet, { chainId, result: { jd, worker, jobId, chunkId, proofHash } });
 */
export async function signChunkResult(
  signer: Signer,
  params: SignChunkResultParameters,
): Promise<SignChunkResultReturnType> {
  const result = toChunkResult(params.result);
  return signer.signTypedData(crowdproveDomain(params.chainId), CHUNK_RESULT_TYPES, { ...result });
}

/**
 * The address that signed a chunk result.
 *
 * @throws {InvalidParameterError} For a malformed result or signature.
 */
export function recoverChunkResult(chainId: BigNumberish, result: ChunkResult, signature: string): string {
  const r = toChunkResult(result);
  return recover(() => verifyTypedData(crowdproveDomain(chainId), CHUNK_RESULT_TYPES, { ...r }, signature));
}

/**
 * The EIP-712 digest of a chunk result (what its signature signs).
 */
export function hashChunkResult(chainId: BigNumberish, result: ChunkResult): string {
  return TypedDataEncoder.hash(crowdproveDomain(chainId), CHUNK_RESULT_TYPES, { ...toChunkResult(result) });
}

function recover(verify: () => string): string {
  try {
    return verify();
  } catch (error) {
    throw new InvalidParameterError("signature is not a valid 65-byte ECDSA signature over the message", {
      cause: error,
    });
  }
}
