// CrowdProve chunk receipts (EIP-712): for each accepted chunk a job distributor signs
// `ChunkReceipt(uint256 epoch,uint256 chunkId,address worker,uint256 amount)` in the domain of the PayoutDistributor
// it pays through, so a worker holds evidence of what it is owed and anyone can check the signature on-chain
// (`PayoutDistributor.receiptSigner`). The type name and field order are fixed: other tooling depends on them.
import { TypedDataEncoder, verifyTypedData, type BigNumberish, type Signer, type TypedDataDomain } from "ethers";
import { toContractError } from "../contract-errors";
import { InvalidParameterError } from "../errors";
import { checkedAddress, checkedAmount, checkedBytes, checkedUint } from "../validate";

/** EIP-712 domain name of `PayoutDistributor`. */
export const PAYOUT_EIP712_NAME = "blockage PayoutDistributor";
/** EIP-712 domain version of `PayoutDistributor`. */
export const PAYOUT_EIP712_VERSION = "1";

/** EIP-712 type of `ChunkReceipt(uint256 epoch,uint256 chunkId,address worker,uint256 amount)`. */
export const CHUNK_RECEIPT_TYPES = {
  ChunkReceipt: [
    { name: "epoch", type: "uint256" },
    { name: "chunkId", type: "uint256" },
    { name: "worker", type: "address" },
    { name: "amount", type: "uint256" },
  ],
};

/** A job distributor's receipt for one accepted chunk. */
export interface ChunkReceipt {
  epoch: BigNumberish;
  chunkId: BigNumberish;
  /** The worker whose sub-proof was accepted. */
  worker: string;
  /** What the chunk earns it, in token base units. */
  amount: BigNumberish;
}

/** A chunk receipt, normalised. */
export interface NormalizedChunkReceipt {
  epoch: bigint;
  chunkId: bigint;
  worker: string;
  amount: bigint;
}

/**
 * Checks and normalises a chunk receipt.
 *
 * @param receipt - The receipt.
 * @returns The receipt with a checksummed address and bigint fields.
 * @throws {InvalidParameterError} For a malformed field.
 */
export function toChunkReceipt(receipt: ChunkReceipt): NormalizedChunkReceipt {
  if (receipt === null || typeof receipt !== "object") throw new InvalidParameterError("receipt must be an object");
  return {
    epoch: checkedUint(receipt.epoch, "receipt.epoch"),
    chunkId: checkedUint(receipt.chunkId, "receipt.chunkId"),
    worker: checkedAddress(receipt.worker, "receipt.worker"),
    amount: checkedAmount(receipt.amount, "receipt.amount"),
  };
}

/**
 * The EIP-712 domain of a payout distributor: name `blockage PayoutDistributor`, version `1`.
 *
 * @param chainId - Chain id.
 * @param distributorAddress - The distributor's address.
 * @returns The domain.
 * @throws {InvalidParameterError} For a malformed address or chain id.
 */
export function payoutDomain(chainId: BigNumberish, distributorAddress: string): TypedDataDomain {
  return {
    name: PAYOUT_EIP712_NAME,
    version: PAYOUT_EIP712_VERSION,
    chainId: checkedUint(chainId, "chainId"),
    verifyingContract: checkedAddress(distributorAddress, "distributorAddress"),
  };
}

/**
 * The digest a job distributor signs for a chunk: equal to `PayoutDistributor.receiptDigest(receipt)`.
 *
 * @param domain - From {@link payoutDomain}.
 * @param receipt - The receipt.
 * @returns 32-byte digest.
 * @throws {InvalidParameterError} For a malformed receipt.
 */
export function hashChunkReceipt(domain: TypedDataDomain, receipt: ChunkReceipt): string {
  return TypedDataEncoder.hash(domain, CHUNK_RECEIPT_TYPES, toChunkReceipt(receipt));
}

/** Parameters of {@link signChunkReceipt}. */
export interface SignChunkReceiptParameters {
  /** From {@link payoutDomain}. */
  domain: TypedDataDomain;
  receipt: ChunkReceipt;
}

/** Result of {@link signChunkReceipt}. */
export interface SignChunkReceiptReturnType {
  /** The receipt, normalised. */
  receipt: NormalizedChunkReceipt;
  /** 65-byte signature. */
  signature: string;
  /** The digest signed (`receiptDigest`). */
  digest: string;
}

/**
 * A job distributor signs the receipt of an accepted chunk for its worker.
 *
 * @param signer - The job distributor's key (the operator that publishes the epoch's payout).
 * @param params - The distributor's domain and the receipt.
 * @returns The normalised receipt, the signature and the digest.
 * @throws {InvalidParameterError} For a malformed receipt.
 * @throws {ContractCallError} If signing fails.
 * @example
 * const domain = payoutDomain(chainId, distributorAddress);
 * const { signature } = await signChunkReceipt(jd, { domain, receipt: { epoch, chunkId, worker, amount } });
 */
export async function signChunkReceipt(
  signer: Signer,
  params: SignChunkReceiptParameters,
): Promise<SignChunkReceiptReturnType> {
  const receipt = toChunkReceipt(params.receipt);
  try {
    const signature = await signer.signTypedData(params.domain, CHUNK_RECEIPT_TYPES, receipt);
    return { receipt, signature, digest: TypedDataEncoder.hash(params.domain, CHUNK_RECEIPT_TYPES, receipt) };
  } catch (error) {
    throw toContractError(error, "signChunkReceipt");
  }
}

/**
 * The address that signed a chunk receipt: compare it with the job distributor's operator. Equal to
 * `PayoutDistributor.receiptSigner(receipt, signature)`.
 *
 * @param domain - From {@link payoutDomain}.
 * @param receipt - The receipt.
 * @param signature - The job distributor's signature.
 * @returns The signer's checksummed address.
 * @throws {InvalidParameterError} For a malformed receipt or signature.
 * @example
 * if (recoverChunkReceipt(domain, receipt, signature) !== jdOperator) throw new Error("not the JD's receipt");
 */
export function recoverChunkReceipt(domain: TypedDataDomain, receipt: ChunkReceipt, signature: string): string {
  const r = toChunkReceipt(receipt);
  const sig = checkedBytes(signature, "signature");
  try {
    return verifyTypedData(domain, CHUNK_RECEIPT_TYPES, r, sig);
  } catch (cause) {
    throw new InvalidParameterError("signature is not a valid 65-byte ECDSA signature over the receipt", { cause });
  }
}
