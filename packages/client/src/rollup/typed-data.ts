// EIP-712 messages of the rollup and its prover coordinator: `BuilderBid` (a lottery winner lets a builder submit its
// block for a bid, seed 000 §6), `Quote` (a prover's offer for an epoch's proof, seed 003) and `QuoteAcceptance` (the
// current slot's proposer countersigns a quote). The pure part (domains, types, digests) needs no chain; the sign*
// functions read the domain from the deployed contract when it is given instead of a domain.
import {
  TypedDataEncoder,
  type BaseContract,
  type BigNumberish,
  type BytesLike,
  type Signer,
  type TypedDataDomain,
  type TypedDataField,
} from "ethers";
import { toContractError } from "../contract-errors";
import { InvalidParameterError } from "../errors";
import { checkedAddress, checkedAmount, checkedBytes, checkedUint, checkedUintBits } from "../validate";

/** EIP-712 domain name of `Rollup`. */
export const ROLLUP_EIP712_NAME = "blockage Rollup";
/** EIP-712 domain name of `ProverCoordinator`. */
export const COORDINATOR_EIP712_NAME = "blockage ProverCoordinator";
/** EIP-712 domain version of both. */
export const ROLLUP_EIP712_VERSION = "1";

/** EIP-712 type of `BuilderBid(uint64 slot,bytes32 headerHash,address builder,uint256 bid)`. */
export const BUILDER_BID_TYPES: Record<string, TypedDataField[]> = {
  BuilderBid: [
    { name: "slot", type: "uint64" },
    { name: "headerHash", type: "bytes32" },
    { name: "builder", type: "address" },
    { name: "bid", type: "uint256" },
  ],
};

const QUOTE_FIELDS: TypedDataField[] = [
  { name: "prover", type: "address" },
  { name: "epoch", type: "uint256" },
  { name: "basisPointFee", type: "uint16" },
  { name: "bond", type: "uint256" },
  { name: "validUntilSlot", type: "uint64" },
];

/** EIP-712 type of `Quote(address prover,uint256 epoch,uint16 basisPointFee,uint256 bond,uint64 validUntilSlot)`. */
export const QUOTE_TYPES: Record<string, TypedDataField[]> = { Quote: QUOTE_FIELDS };

/** EIP-712 types of `QuoteAcceptance(Quote quote,uint64 slot)` (with `Quote` as its referenced type). */
export const QUOTE_ACCEPTANCE_TYPES: Record<string, TypedDataField[]> = {
  QuoteAcceptance: [
    { name: "quote", type: "Quote" },
    { name: "slot", type: "uint64" },
  ],
  Quote: QUOTE_FIELDS,
};

/** A builder's bid for a slot's block (`BuilderBid`). */
export interface BuilderBidMessage {
  slot: BigNumberish;
  /** The header hash of the block the builder submits. */
  headerHash: BytesLike;
  /** The builder: the account that sends `proposeViaBuilder`. */
  builder: string;
  /** What the builder pays the operator (stake token base units). */
  bid: BigNumberish;
}

/** A prover's quote for an epoch (`Quote` of `IProverCoordinator.sol`). */
export interface Quote {
  /** The prover: it signs the quote and must send the claim. */
  prover: string;
  /** The epoch to prove: the one before the epoch of the claim. */
  epoch: BigNumberish;
  /** The prover's fee, basis points of the epoch's rewards. */
  basisPointFee: BigNumberish;
  /** The bond offered (at least the coordinator's `minBond`). */
  bond: BigNumberish;
  /** The last slot in which the quote may be used. */
  validUntilSlot: BigNumberish;
}

/** A quote, normalised. */
export interface NormalizedQuote {
  prover: string;
  epoch: bigint;
  basisPointFee: bigint;
  bond: bigint;
  validUntilSlot: bigint;
}

/**
 * Checks and normalises a quote.
 *
 * @param quote - The quote.
 * @returns The quote with checksummed address and bigint fields.
 * @throws {InvalidParameterError} For a malformed field.
 */
export function toQuote(quote: Quote): NormalizedQuote {
  if (quote === null || typeof quote !== "object") throw new InvalidParameterError("quote must be an object");
  return {
    prover: checkedAddress(quote.prover, "quote.prover"),
    epoch: checkedUint(quote.epoch, "quote.epoch"),
    basisPointFee: checkedUintBits(quote.basisPointFee, "quote.basisPointFee", 16),
    bond: checkedAmount(quote.bond, "quote.bond"),
    validUntilSlot: checkedUintBits(quote.validUntilSlot, "quote.validUntilSlot", 64),
  };
}

function domain(name: string, chainId: BigNumberish, verifyingContract: string): TypedDataDomain {
  return {
    name,
    version: ROLLUP_EIP712_VERSION,
    chainId: checkedUint(chainId, "chainId"),
    verifyingContract: checkedAddress(verifyingContract, "verifyingContract"),
  };
}

/**
 * The EIP-712 domain of a rollup: name `blockage Rollup`, version `1`.
 *
 * @param chainId - Chain id.
 * @param verifyingContract - The rollup's address.
 * @returns The domain.
 * @throws {InvalidParameterError} For a malformed address or chain id.
 */
export function rollupDomain(chainId: BigNumberish, verifyingContract: string): TypedDataDomain {
  return domain(ROLLUP_EIP712_NAME, chainId, verifyingContract);
}

/**
 * The EIP-712 domain of a prover coordinator: name `blockage ProverCoordinator`, version `1`.
 *
 * @param chainId - Chain id.
 * @param verifyingContract - The coordinator's address.
 * @returns The domain.
 * @throws {InvalidParameterError} For a malformed address or chain id.
 */
export function coordinatorDomain(chainId: BigNumberish, verifyingContract: string): TypedDataDomain {
  return domain(COORDINATOR_EIP712_NAME, chainId, verifyingContract);
}

/**
 * The digest an operator signs for a builder: equal to `Rollup.builderBidDigest(slot, headerHash, builder, bid)`.
 *
 * @param domainOfRollup - From {@link rollupDomain}.
 * @param message - The bid.
 * @returns 32-byte digest.
 */
export function hashBuilderBid(domainOfRollup: TypedDataDomain, message: BuilderBidMessage): string {
  return TypedDataEncoder.hash(domainOfRollup, BUILDER_BID_TYPES, builderBid(message));
}

/**
 * The digest a prover signs: equal to `ProverCoordinator.quoteDigest(quote)`.
 *
 * @param domainOfCoordinator - From {@link coordinatorDomain}.
 * @param quote - The quote.
 * @returns 32-byte digest.
 */
export function hashQuote(domainOfCoordinator: TypedDataDomain, quote: Quote): string {
  return TypedDataEncoder.hash(domainOfCoordinator, QUOTE_TYPES, toQuote(quote));
}

/**
 * The digest the current slot's proposer countersigns: equal to `ProverCoordinator.acceptanceDigest(quote, slot)`.
 *
 * @param domainOfCoordinator - From {@link coordinatorDomain}.
 * @param quote - The prover's quote.
 * @param slot - The slot of the claim (the current slot when the claim is sent).
 * @returns 32-byte digest.
 */
export function hashQuoteAcceptance(domainOfCoordinator: TypedDataDomain, quote: Quote, slot: BigNumberish): string {
  return TypedDataEncoder.hash(domainOfCoordinator, QUOTE_ACCEPTANCE_TYPES, {
    quote: toQuote(quote),
    slot: checkedUintBits(slot, "slot", 64),
  });
}

function builderBid(message: BuilderBidMessage) {
  if (message === null || typeof message !== "object") throw new InvalidParameterError("bid must be an object");
  return {
    slot: checkedUintBits(message.slot, "slot", 64),
    headerHash: checkedBytes(message.headerHash, "headerHash", 32),
    builder: checkedAddress(message.builder, "builder"),
    bid: checkedAmount(message.bid, "bid"),
  };
}

/** Parameters of {@link getContractDomain}. */
export interface GetContractDomainParameters {
  /** The domain's name: {@link ROLLUP_EIP712_NAME} or {@link COORDINATOR_EIP712_NAME}. */
  name: string;
}

/** Result of {@link getContractDomain}. */
export type GetContractDomainReturnType = TypedDataDomain;

/**
 * The EIP-712 domain of a deployed rollup or coordinator: its chain (from the contract's runner) and its address.
 *
 * @param contract - The rollup or coordinator, connected to a runner with a provider.
 * @param params - The domain's name.
 * @returns The domain.
 * @throws {InvalidParameterError} If the contract's runner has no provider.
 * @throws {ContractCallError} If the chain id cannot be read.
 * @example
 * const domain = await getContractDomain(coordinator, { name: COORDINATOR_EIP712_NAME });
 */
export async function getContractDomain(
  contract: BaseContract,
  params: GetContractDomainParameters,
): Promise<GetContractDomainReturnType> {
  const { name } = params;
  const provider = contract.runner?.provider;
  if (!provider) throw new InvalidParameterError(`${name}: the contract's runner has no provider`);
  try {
    const [network, address] = await Promise.all([provider.getNetwork(), contract.getAddress()]);
    return domain(name, network.chainId, address);
  } catch (error) {
    throw toContractError(error, `${name}: reading the chain id`);
  }
}

/** Where a signature's domain comes from: the deployed contract, or a domain built by hand (offline signing). */
export type DomainSource = { contract: BaseContract } | { domain: TypedDataDomain };

async function resolveDomain(source: DomainSource, name: string): Promise<TypedDataDomain> {
  if ("domain" in source && source.domain !== undefined) return source.domain;
  if ("contract" in source && source.contract !== undefined) return getContractDomain(source.contract, { name });
  throw new InvalidParameterError("give the contract ({ contract }) or its EIP-712 domain ({ domain })");
}

/** Parameters of {@link signBuilderBid}. */
export type SignBuilderBidParameters = DomainSource & BuilderBidMessage;

/** Result of {@link signBuilderBid}. */
export interface SignBuilderBidReturnType {
  /** 65-byte signature, the `operatorSignature` of `proposeViaBuilder`. */
  signature: string;
  /** The digest signed (`builderBidDigest`). */
  digest: string;
}

/**
 * The winning node's operator signs a builder's bid for its slot (PBS, seed 000 §6): the builder may then submit the
 * block whose header hash is signed, paying `bid` straight to the operator in the same transaction.
 *
 * @param signer - The node's operator.
 * @param params - The rollup (or its domain), slot, header hash, builder and bid.
 * @returns The signature and digest.
 * @throws {InvalidParameterError} For malformed fields.
 * @throws {ContractCallError} If the domain cannot be read or signing fails.
 * @example
 * const { signature } = await signBuilderBid(operator, { contract: rollup, slot, headerHash, builder, bid });
 */
export async function signBuilderBid(
  signer: Signer,
  params: SignBuilderBidParameters,
): Promise<SignBuilderBidReturnType> {
  const d = await resolveDomain(params, ROLLUP_EIP712_NAME);
  const message = builderBid(params);
  try {
    const signature = await signer.signTypedData(d, BUILDER_BID_TYPES, message);
    return { signature, digest: TypedDataEncoder.hash(d, BUILDER_BID_TYPES, message) };
  } catch (error) {
    throw toContractError(error, "signBuilderBid");
  }
}

/** Parameters of {@link signQuote}. */
export type SignQuoteParameters = DomainSource & { quote: Quote };

/** Result of {@link signQuote} and {@link countersignQuote}. */
export interface SignQuoteReturnType {
  /** The quote, normalised. */
  quote: NormalizedQuote;
  /** 65-byte signature. */
  signature: string;
  /** The digest signed. */
  digest: string;
}

/**
 * A prover signs its quote for an epoch's proof (seed 003): fee, bond and expiry. The quote goes to the proposer of a
 * slot in the claim window, who countersigns it ({@link countersignQuote}); the prover then claims with both
 * signatures (`claimProofRight`). The signer must be `quote.prover`.
 *
 * @param signer - The prover.
 * @param params - The coordinator (or its domain) and the quote.
 * @returns The normalised quote, the signature and the digest (`quoteDigest`).
 * @throws {InvalidParameterError} For a malformed quote, or a signer that is not `quote.prover`.
 * @throws {ContractCallError} If the domain cannot be read or signing fails.
 * @example
 * const signed = await signQuote(prover, { contract: coordinator, quote: { prover: prover.address, epoch, basisPointFee: 1500, bond, validUntilSlot } });
 */
export async function signQuote(signer: Signer, params: SignQuoteParameters): Promise<SignQuoteReturnType> {
  const quote = toQuote(params.quote);
  const d = await resolveDomain(params, COORDINATOR_EIP712_NAME);
  try {
    const address = await signer.getAddress();
    if (checkedAddress(address, "signer") !== quote.prover) {
      throw new InvalidParameterError(`the quote is ${quote.prover}'s; ${address} cannot sign it`);
    }
    const signature = await signer.signTypedData(d, QUOTE_TYPES, quote);
    return { quote, signature, digest: TypedDataEncoder.hash(d, QUOTE_TYPES, quote) };
  } catch (error) {
    throw toContractError(error, "signQuote");
  }
}

/** Result of {@link countersignQuote}: as {@link signQuote}'s. */
export type CountersignQuoteReturnType = SignQuoteReturnType;

/** Parameters of {@link countersignQuote}. */
export type CountersignQuoteParameters = DomainSource & {
  quote: Quote;
  /** The slot in which the claim will be sent: the slot the countersigner proposed the best block of. */
  slot: BigNumberish;
};

/**
 * The proposer of the current slot (the operator of its best block) accepts a prover's quote for that slot
 * (`QuoteAcceptance(quote, slot)`): without this countersignature the claim is refused.
 *
 * @param signer - The operator of the slot's best proposal.
 * @param params - The coordinator (or its domain), the quote and the slot.
 * @returns The normalised quote, the signature and the digest (`acceptanceDigest`).
 * @throws {InvalidParameterError} For a malformed quote or slot.
 * @throws {ContractCallError} If the domain cannot be read or signing fails.
 * @example
 * const { signature: proposerSignature } = await countersignQuote(operator, { contract: coordinator, quote, slot });
 */
export async function countersignQuote(
  signer: Signer,
  params: CountersignQuoteParameters,
): Promise<CountersignQuoteReturnType> {
  const quote = toQuote(params.quote);
  const slot = checkedUintBits(params.slot, "slot", 64);
  const d = await resolveDomain(params, COORDINATOR_EIP712_NAME);
  try {
    const signature = await signer.signTypedData(d, QUOTE_ACCEPTANCE_TYPES, { quote, slot });
    return { quote, signature, digest: TypedDataEncoder.hash(d, QUOTE_ACCEPTANCE_TYPES, { quote, slot }) };
  } catch (error) {
    throw toContractError(error, "countersignQuote");
  }
}
