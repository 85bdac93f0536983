// The two messages of quote gossip (seed 003) and their wire encoding. A make message is a prover's signed quote; a
// take message is that quote countersigned by the proposer of a slot, ready for `claimProofRight`.
//
// Encoding: Solidity ABI (ethers' AbiCoder), the quote as the `Quote` tuple of IProverCoordinator.sol followed by the
// signatures (and the slot), i.e. the arguments of `claimProofRight` in the order a contract or any ABI tool reads
// them. Signatures are exactly 65 bytes (r ‖ s ‖ v, what `ECDSA.tryRecover` accepts), so each message has one fixed
// length; decoding re-encodes what it read and refuses any byte string that is not exactly that encoding (dirty high
// bits, other offsets, trailing bytes). One message therefore has one byte string, and gossipsub's message id (a hash
// of the bytes) deduplicates a quote however many times it is sent.
import { AbiCoder, getBytes, hexlify, type BytesLike } from "ethers";
import { BlockageError, toQuote, type NormalizedQuote, type Quote } from "@blockage/client";

/** Gossipsub topic of make messages: a prover's signed quote for an epoch's proof (seed 003). */
export const QUOTE_MAKE_TOPIC = "/blockage/proof-quotes/make/0.1.0";
/** Gossipsub topic of take messages: a quote countersigned by the proposer of a slot (seed 003). */
export const QUOTE_TAKE_TOPIC = "/blockage/proof-quotes/take/0.1.0";

/** Length of an ECDSA signature as the coordinator takes it: r (32) ‖ s (32) ‖ v (1). */
export const SIGNATURE_BYTES = 65;

const QUOTE_TUPLE = "tuple(address prover,uint256 epoch,uint16 basisPointFee,uint256 bond,uint64 validUntilSlot)";
const MAKE_TYPES = [QUOTE_TUPLE, "bytes"] as const;
const TAKE_TYPES = [QUOTE_TUPLE, "bytes", "uint64", "bytes"] as const;

// Head: the static tuple inline (5 words) then one word per other argument; tail: each `bytes` as a length word and
// its 65 bytes padded to 3 words.
const BYTES_TAIL = 32 + 96;
/** Length of every encoded make message. */
export const MAKE_MESSAGE_BYTES = 5 * 32 + 32 + BYTES_TAIL;
/** Length of every encoded take message. */
export const TAKE_MESSAGE_BYTES = 5 * 32 + 3 * 32 + 2 * BYTES_TAIL;
/** The longest message of either topic: anything longer is refused before it is decoded. */
export const MAX_QUOTE_MESSAGE_BYTES = Math.max(MAKE_MESSAGE_BYTES, TAKE_MESSAGE_BYTES);

/** A prover's quote with its signature (`signQuote`): the make topic's message. */
export interface MakeMessage {
  quote: NormalizedQuote;
  /** 65-byte signature of the quote's EIP-712 digest by `quote.prover`, hex. */
  proverSignature: string;
}

/** A quote countersigned by the proposer of `slot` (`countersignQuote`): the take topic's message. */
export interface TakeMessage extends MakeMessage {
  /** The slot the countersignature is for: the claim must be sent in this slot. */
  slot: bigint;
  /** 65-byte signature of `QuoteAcceptance(quote, slot)` by the operator of the slot's best proposal, hex. */
  proposerSignature: string;
}

/** What {@link encodeMakeMessage} takes: any quote and signature the SDK accepts. */
export interface MakeMessageInput {
  quote: Quote;
  proverSignature: BytesLike;
}

/** What {@link encodeTakeMessage} takes. */
export interface TakeMessageInput extends MakeMessageInput {
  slot: bigint | number;
  proposerSignature: BytesLike;
}

/** A gossip message that cannot be encoded or decoded: wrong length, not the canonical ABI encoding, bad signature length. */
export class GossipMessageError extends BlockageError {
  override name = "GossipMessageError" as const;
  override readonly code = "GossipMessage" as const;
}

const coder = AbiCoder.defaultAbiCoder();
const UINT64_MAX = (1n << 64n) - 1n;

function signature(value: BytesLike, what: string): string {
  let bytes: Uint8Array;
  try {
    bytes = getBytes(value);
  } catch (error) {
    throw new GossipMessageError(`${what} is not bytes`, { cause: error });
  }
  if (bytes.length !== SIGNATURE_BYTES) {
    throw new GossipMessageError(`${what} is ${bytes.length} bytes, expected ${SIGNATURE_BYTES}`);
  }
  return hexlify(bytes);
}

function encoded(types: readonly string[], values: unknown[], what: string): Uint8Array {
  try {
    return getBytes(coder.encode(types, values));
  } catch (error) {
    // Only a quote field beyond its ABI type (an epoch or bond of more than 256 bits) gets here.
    throw new GossipMessageError(`${what} cannot be encoded`, { cause: error });
  }
}

function quoteTuple(quote: NormalizedQuote): unknown[] {
  return [quote.prover, quote.epoch, quote.basisPointFee, quote.bond, quote.validUntilSlot];
}

/**
 * Encodes a make message: `abi.encode(quote, proverSignature)`.
 *
 * @param message - The quote and the prover's signature.
 * @returns {@link MAKE_MESSAGE_BYTES} bytes.
 * @throws {InvalidParameterError} For a malformed quote (from the SDK's `toQuote`).
 * @throws {GossipMessageError} For a signature that is not 65 bytes or a field beyond its ABI type.
 * @example
 * const { quote, signature } = await signQuote(prover, { domain, quote: { prover: prover.address, epoch, basisPointFee: 1500, bond, validUntilSlot } });
 * await gossip.publishMake({ quote, proverSignature: signature });
 */
export function encodeMakeMessage(message: MakeMessageInput): Uint8Array {
  const quote = toQuote(message.quote);
  const proverSignature = signature(message.proverSignature, "proverSignature");
  return encoded(MAKE_TYPES, [quoteTuple(quote), proverSignature], "make message");
}

/**
 * Encodes a take message: `abi.encode(quote, proverSignature, uint64 slot, proposerSignature)`.
 *
 * @param message - The quote, both signatures and the slot of the countersignature.
 * @returns {@link TAKE_MESSAGE_BYTES} bytes.
 * @throws {InvalidParameterError} For a malformed quote.
 * @throws {GossipMessageError} For a signature that is not 65 bytes or a slot outside uint64.
 */
export function encodeTakeMessage(message: TakeMessageInput): Uint8Array {
  const quote = toQuote(message.quote);
  const proverSignature = signature(message.proverSignature, "proverSignature");
  const proposerSignature = signature(message.proposerSignature, "proposerSignature");
  const slot = BigInt(message.slot);
  if (slot < 0n || slot > UINT64_MAX) throw new GossipMessageError(`slot ${slot} is not a uint64`);
  return encoded(TAKE_TYPES, [quoteTuple(quote), proverSignature, slot, proposerSignature], "take message");
}

function decoded(types: readonly string[], data: Uint8Array, expected: number, what: string): unknown[] {
  if (!(data instanceof Uint8Array)) throw new GossipMessageError(`${what} is not bytes`);
  if (data.length !== expected) {
    throw new GossipMessageError(`${what} is ${data.length} bytes, expected ${expected}`);
  }
  try {
    // ethers defers a field's decoding error until the field is read: a deep copy reads every field here.
    return coder.decode(types, data).toArray(true) as unknown[];
  } catch (error) {
    throw new GossipMessageError(`${what} is not ABI-encoded`, { cause: error });
  }
}

function decodedQuote(value: unknown): NormalizedQuote {
  try {
    const [prover, epoch, basisPointFee, bond, validUntilSlot] = value as [string, bigint, bigint, bigint, bigint];
    return toQuote({ prover, epoch, basisPointFee, bond, validUntilSlot });
  } catch (error) {
    // Unreachable for what the coder yields (in-range fields), kept so that decoding throws one error type.
    throw new GossipMessageError("the quote is malformed", { cause: error });
  }
}

function requireCanonical(data: Uint8Array, reencoded: Uint8Array, what: string): void {
  if (!Buffer.from(data).equals(Buffer.from(reencoded))) {
    throw new GossipMessageError(`${what} is not the canonical ABI encoding of its contents`);
  }
}

/**
 * Decodes a make message.
 *
 * @param data - The gossip message's bytes.
 * @returns The quote and the prover's signature (not verified: see `validateMakeMessage`).
 * @throws {GossipMessageError} If the bytes are not exactly the encoding of a quote and a 65-byte signature.
 */
export function decodeMakeMessage(data: Uint8Array): MakeMessage {
  const [quote, proverSignature] = decoded(MAKE_TYPES, data, MAKE_MESSAGE_BYTES, "make message");
  const message: MakeMessage = {
    quote: decodedQuote(quote),
    proverSignature: signature(proverSignature as string, "proverSignature"),
  };
  requireCanonical(data, encodeMakeMessage(message), "make message");
  return message;
}

/**
 * Decodes a take message.
 *
 * @param data - The gossip message's bytes.
 * @returns The quote, both signatures and the slot (not verified: see `validateTakeMessage`).
 * @throws {GossipMessageError} If the bytes are not exactly the encoding of a take message.
 */
export function decodeTakeMessage(data: Uint8Array): TakeMessage {
  const [quote, proverSignature, slot, proposerSignature] = decoded(
    TAKE_TYPES,
    data,
    TAKE_MESSAGE_BYTES,
    "take message",
  );
  const message: TakeMessage = {
    quote: decodedQuote(quote),
    proverSignature: signature(proverSignature as string, "proverSignature"),
    slot: slot as bigint,
    proposerSignature: signature(proposerSignature as string, "proposerSignature"),
  };
  requireCanonical(data, encodeTakeMessage(message), "take message");
  return message;
}
