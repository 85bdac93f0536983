// Submitting a chunk proof with its ticket to a Cooperative coordinator, and reading a chunk's kept proofs.
import { ZeroAddress, type BigNumberish, type BytesLike, type ContractTransactionReceipt } from "ethers";
import { InvalidParameterError } from "../errors";
import { readContract, receiptEvent, sendTransaction, signerOf } from "../transaction";
import { checkedBytes, checkedUint } from "../validate";
import type { CooperativeCoordinator } from "../typechain";
import type { EcVrfHintsStruct } from "../typechain/contracts/interfaces/IEcVrfVerifier";
import type { ChunkSubmissionStruct } from "../typechain/contracts/proving/CooperativeCoordinator";

/** Parameters of {@link submitChunkProof}. */
export interface SubmitChunkProofParameters {
  /** The submission ({@link buildChunkSubmission}); its proof must be bound to the sender. */
  submission: ChunkSubmissionStruct;
  /** The ticket's VRF proof ({@link chunkTicket}'s `vrfProof`) over the chunk's seed ‖ "CHUNK". */
  vrfProof: BytesLike;
  /** The ticket's verifier hints ({@link chunkTicket}'s `hints`). */
  hints: EcVrfHintsStruct;
}

/** Result of {@link submitChunkProof}: the kept proof as the coordinator recorded it (`ChunkProofKept`). */
export interface SubmitChunkProofReturnType {
  /** The transaction's hash. */
  hash: string;
  /** The block's epoch. */
  epoch: bigint;
  /** The block's header hash (the key of its chunks' records, {@link getKeptProofs}). */
  headerHash: string;
  chunk: bigint;
  /** The sender, now holding one of the chunk's places. */
  prover: string;
  /** The ticket's boosted race time as the contract computed it ({@link chunkScore} predicts it): lower is better. */
  score: bigint;
  /** The FEE_BURN the proof was kept with (basis points). */
  feeBurn: bigint;
  /** The prover whose kept proof this one replaced, or the zero address if a place was free. */
  replaced: string;
  receipt: ContractTransactionReceipt;
}

/**
 * Submits a chunk proof with the prover's ticket (seed 001): the coordinator checks the block, the proving window, the
 * proof's statement and binding, the node's ticket (Active with the prover role in the block's epoch, VRF proof over
 * the chunk's seed) and the Groth16 proof, then keeps it if a place is free or it beats the worst kept proof, which it
 * replaces. Chunk k of a block is taken once chunk k − 1 holds a proof (its start state is pinned then).
 *
 * @param coordinator - The Cooperative coordinator, connected to the signer of the node's operator (the address the
 *   proof is bound to).
 * @param params - The submission, the ticket's VRF proof and hints.
 * @returns The kept proof's score, what it replaced, and the receipt.
 * @throws {InvalidParameterError} For a missing submission or hints, a malformed VRF proof, or a coordinator without
 *   a signer.
 * @throws {ContractRevertError} E.g. `CooperativeCoordinator__NotKept` (three better proofs are kept),
 *   `__DuplicateProver`, `__ProvingNotOpen`, `__ProvingWindowClosed`, `__PreviousChunkUnproven`, `__WrongStatement`,
 *   `__ProofNotBoundToSender`, `__InvalidChunkProof`, `__UnknownBlock`, `__FeeBurnOutOfRange`,
 *   `Lottery__InvalidVrfProof`, `Lottery__NotActive`, `Lottery__MissingRole`.
 * @throws {ContractCallError} For any other failure.
 * @example
 * const { seed: blockSeed } = await getBlockProverSeed(rollup, { blockNumber });
 * const ticket = chunkTicket({ vrfSecretKey, seed: chunkSeed({ blockSeed, chunk }) });
 * const submission = buildChunkSubmission({ blockNumber, header, txs, chunk, salt, feeBurn: 1_000, proof });
 * const { score, replaced } = await submitChunkProof(coordinator.connect(operator), { submission, ...ticket });
 */
export async function submitChunkProof(
  coordinator: CooperativeCoordinator,
  params: SubmitChunkProofParameters,
): Promise<SubmitChunkProofReturnType> {
  signerOf(coordinator, "submitChunkProof");
  if (typeof params?.submission !== "object" || params.submission === null) {
    throw new InvalidParameterError("submission is missing: build it with buildChunkSubmission");
  }
  if (typeof params.hints !== "object" || params.hints === null) {
    throw new InvalidParameterError("hints are missing: take them from chunkTicket");
  }
  const vrfProof = checkedBytes(params.vrfProof, "vrfProof", 81);
  const { submission, hints } = params;
  const receipt = await sendTransaction("submitChunkProof", () =>
    coordinator.submitChunkProof(submission, vrfProof, hints),
  );
  const { args } = receiptEvent(coordinator, receipt, "ChunkProofKept");
  return {
    hash: receipt.hash,
    epoch: args.epoch,
    headerHash: args.headerHash,
    chunk: args.chunk,
    prover: args.prover,
    score: args.score,
    feeBurn: args.feeBurn,
    replaced: args.replaced,
    receipt,
  };
}

/** Parameters of {@link getKeptProofs}. */
export interface GetKeptProofsParameters {
  /** The block's number on the pending chain. */
  blockNumber: BigNumberish;
  /** The block's header hash (`blockHeaderHash(header)`): the coordinator's records of another block are never read. */
  headerHash: BytesLike;
  /** The chunk's index in the block. */
  chunk: BigNumberish;
}

/** One kept chunk proof. */
export interface KeptChunkProof {
  /** The prover, credited the proof's reward at finalization. */
  prover: string;
  /** Its ticket's boosted race time: lower is better. */
  score: bigint;
  /** Its FEE_BURN in basis points. */
  feeBurn: number;
}

/** Result of {@link getKeptProofs}. */
export interface GetKeptProofsReturnType {
  /** The chunk's kept proofs in the order of their places (not ranked); empty places left out. */
  kept: KeptChunkProof[];
  /** The chunk's end state once pinned by its first kept proof; 0 before. */
  endState: bigint;
}

/**
 * The kept proofs of a chunk (at most three) and its pinned end state.
 *
 * @param coordinator - The Cooperative coordinator (any runner).
 * @param params - The block's number and header hash, and the chunk's index.
 * @returns The kept proofs and the end state.
 * @throws {InvalidParameterError} If the header hash or the chunk index is malformed.
 * @throws {ContractCallError} If it cannot be read.
 * @example
 * const { kept } = await getKeptProofs(coordinator, { blockNumber, headerHash: blockHeaderHash(header), chunk: 0 });
 * const worst = kept.length < 3 ? null : kept.reduce((a, b) => (a.score > b.score ? a : b));
 */
export async function getKeptProofs(
  coordinator: CooperativeCoordinator,
  params: GetKeptProofsParameters,
): Promise<GetKeptProofsReturnType> {
  const blockNumber = checkedUint(params?.blockNumber, "blockNumber");
  const headerHash = checkedBytes(params.headerHash, "headerHash", 32);
  const chunk = checkedUint(params.chunk, "chunk");
  const [places, endState] = await readContract("CooperativeCoordinator.keptProofs", () =>
    coordinator.keptProofs(blockNumber, headerHash, chunk),
  );
  const kept = places
    .filter((p) => p.prover !== ZeroAddress)
    .map((p) => ({ prover: p.prover, score: p.score, feeBurn: Number(p.feeBurn) }));
  return { kept, endState };
}
