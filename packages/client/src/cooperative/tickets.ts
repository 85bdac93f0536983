// Chunk tickets of a Cooperative rollup (seed 001), pure: each chunk's seed, a prover's VRF ticket over it, the ticket's
// score boosted by FEE_BURN, and the chance that the ticket stays among the chunk's kept proofs.
import { prove, proofToHash, toVerifierInput } from "@blockage/vrf";
import { AbiCoder, getBytes, hexlify, keccak256, type BigNumberish, type BytesLike } from "ethers";
import { lotteryAlpha } from "../beacon/seed";
import { InvalidParameterError } from "../errors";
import { RACE_TIME_INSTANT, RACE_TIME_NEVER, boostedRaceTime, lnBig, raceTime as raceTimeOf } from "../lottery/math";
import { NODE_VRF_SUITE, vrfPublicKey } from "../registry/keys";
import { checkedBytes, checkedUint } from "../validate";
import type { EcVrfHintsStruct } from "../typechain/contracts/interfaces/IEcVrfVerifier";
import { PROOFS_PER_NODE } from "./rewards";

const LN_WAD = Math.log(1e18);

/** Parameters of {@link chunkSeed}. */
export interface ChunkSeedParameters {
  /** The block's prover seed (`getBlockProverSeed(rollup, { blockNumber }).seed`, the rollup's `blockProverSeed`). */
  blockSeed: BytesLike;
  /** The chunk's index in the block. */
  chunk: BigNumberish;
}

/**
 * The seed of chunk `chunk`'s tickets, `keccak256(abi.encode(blockSeed, chunk))`: equal to the coordinator's
 * `chunkSeed(blockNumber, chunk)`. Each chunk of each block draws its own ticket from it.
 *
 * @param params - The block's prover seed and the chunk's index.
 * @returns The chunk's seed, 32 bytes as `0x` hex.
 * @throws {InvalidParameterError} If the block seed is not 32 bytes or the chunk not an unsigned integer.
 * @example
 * const { seed: blockSeed } = await getBlockProverSeed(rollup, { blockNumber });
 * const seed = chunkSeed({ blockSeed, chunk: 0 });
 */
export function chunkSeed(params: ChunkSeedParameters): string {
  if (typeof params !== "object" || params === null) throw new InvalidParameterError("chunkSeed: no parameters");
  const blockSeed = checkedBytes(params.blockSeed, "blockSeed", 32);
  const chunk = checkedUint(params.chunk, "chunk");
  return keccak256(AbiCoder.defaultAbiCoder().encode(["bytes32", "uint256"], [blockSeed, chunk]));
}

/** Parameters of {@link chunkTicket}. */
export interface ChunkTicketParameters {
  /** The node's VRF secret key (the key it has registered for the block's epoch). */
  vrfSecretKey: BytesLike;
  /** The chunk's seed ({@link chunkSeed}). */
  seed: BytesLike;
}

/** Result of {@link chunkTicket}. */
export interface ChunkTicketReturnType {
  /** The 81-byte ECVRF proof over `seed ‖ "CHUNK"`, `0x` hex: `submitChunkProof`'s `vrfProof`. */
  vrfProof: string;
  /** The verifier's hints for the proof: `submitChunkProof`'s `hints`. */
  hints: EcVrfHintsStruct;
  /** The VRF output beta (32 bytes, `0x` hex): what {@link chunkScore} ranks. */
  output: string;
}

/**
 * A prover node's ticket for one chunk: its VRF proof over `seed ‖ "CHUNK"` with the node VRF suite
 * (ECVRF-SECP256K1-SHA256-TAI), the on-chain verifier's hints, and the output the coordinator ranks.
 *
 * @param params - The node's VRF secret key and the chunk's seed.
 * @returns The proof, its hints and its output.
 * @throws {InvalidParameterError} If the secret key is not a valid secp256k1 scalar (the message never repeats it) or
 *   the seed is not 32 bytes.
 * @example
 * const ticket = chunkTicket({ vrfSecretKey, seed: chunkSeed({ blockSeed, chunk }) });
 * const score = chunkScore({ output: ticket.output, weight, feeBurn: 2_000 });
 */
export function chunkTicket(params: ChunkTicketParameters): ChunkTicketReturnType {
  if (typeof params !== "object" || params === null) throw new InvalidParameterError("chunkTicket: no parameters");
  const publicKey = getBytes(vrfPublicKey(params.vrfSecretKey));
  const secret = getBytes(checkedBytes(params.vrfSecretKey, "vrfSecretKey", 32, true));
  const alpha = lotteryAlpha(params.seed, "CHUNK");
  const pi = prove(NODE_VRF_SUITE, secret, alpha);
  const [, vrfProof, , hints] = toVerifierInput(publicKey, pi, alpha);
  return { vrfProof, hints, output: hexlify(proofToHash(NODE_VRF_SUITE, pi)) };
}

/** Parameters of {@link chunkScore}. */
export interface ChunkScoreParameters {
  /** The ticket's VRF output ({@link chunkTicket}'s `output`). */
  output: BytesLike;
  /** The node's lottery weight in the block's epoch (`weightAt(pid, epoch)`, 18-decimal). */
  weight: bigint;
  /** The FEE_BURN the proof is submitted with, in basis points (0 to 10,000). */
  feeBurn: bigint | number;
}

/**
 * A chunk ticket's score as the coordinator computes it: its race time with the node's weight, boosted by its
 * FEE_BURN (`boostedRaceTime(raceTime(output, weight), feeBurn)`). Lower is better; it is the `score` of
 * `ChunkProofKept`.
 *
 * @param params - The ticket's output, the node's weight and the FEE_BURN.
 * @returns The score, `ln t − ln(1 + FEE_BURN)` · 1e18.
 * @throws {InvalidParameterError} If the output is not 32 bytes, the weight not a uint256 bigint, or the FEE_BURN
 *   outside [0, 10,000].
 * @throws {LotteryError} `InvalidWeight` for a weight above 2^255 − 1 (as the contract).
 * @example
 * const score = chunkScore({ output: ticket.output, weight, feeBurn: 4_000 });
 */
export function chunkScore(params: ChunkScoreParameters): bigint {
  if (typeof params !== "object" || params === null) throw new InvalidParameterError("chunkScore: no parameters");
  const output = checkedBytes(params.output, "output", 32);
  return boostedRaceTime(raceTimeOf(output, params.weight), params.feeBurn);
}

/** Parameters of {@link chunkKeepProbability}. */
export interface ChunkKeepProbabilityParameters {
  /** The ticket's score ({@link chunkScore}). */
  score: bigint;
  /** The weights (18-decimal) of the chunk's other possible provers: the epoch's other active prover nodes. */
  otherWeights: readonly bigint[];
  /** How many proofs the chunk keeps (default {@link PROOFS_PER_NODE}, 3). */
  places?: number;
}

/**
 * The chance that a ticket with score `score` ends among a chunk's kept proofs: that at most `places − 1` of the other
 * provers beat it. Each other prover j (weight w_j) draws an exponential race time of rate w_j, so it beats
 * t = exp(score / 1e18) with probability `1 − exp(−w_j·t)`; the count of those who beat it is Poisson-binomial,
 * summed here by dynamic programming over the counts below `places`.
 *
 * What a prover node uses to decide whether a chunk is worth proving, like the lotteries' eligibility check: prove
 * and submit when the chance is high enough. Assumptions: every other prover submits, with FEE_BURN 0 (a rival's
 * FEE_BURN boosts it, so this overstates the chance against rivals that burn), and the kept set is the best `places`
 * tickets once the window closes (a better ticket replaces the worst kept one, so the arrival order does not matter).
 * Each product `w_j·t` is formed as `exp(ln w_j − ln 1e18 + score / 1e18)` and each probability with `expm1`, so
 * neither huge weights nor extreme scores overflow a float or lose small chances; the result is in [0, 1].
 *
 * @param params - The score, the other provers' weights, and optionally the number of places.
 * @returns The probability of being kept; 1 for {@link RACE_TIME_INSTANT}; for {@link RACE_TIME_NEVER}, 1 if fewer
 *   than `places` others weigh anything, else 0.
 * @throws {InvalidParameterError} If the score is not a bigint, a weight is not a non-negative bigint, or `places` is
 *   not a positive integer.
 * @example
 * const others = (await getActiveSetWeight(coordinator, { epoch, role: "prover" })).nodes
 *   .filter((n) => n.pid !== pid)
 *   .map((n) => n.weight);
 * if (chunkKeepProbability({ score, otherWeights: others }) > 0.2) await proveAndSubmit();
 */
export function chunkKeepProbability(params: ChunkKeepProbabilityParameters): number {
  if (typeof params !== "object" || params === null) {
    throw new InvalidParameterError("chunkKeepProbability: no parameters");
  }
  const { score, otherWeights } = params;
  const places = params.places ?? Number(PROOFS_PER_NODE);
  if (typeof score !== "bigint") {
    throw new InvalidParameterError(`chunkKeepProbability: score must be a bigint, got ${typeof score}`);
  }
  if (!Number.isSafeInteger(places) || places < 1) {
    throw new InvalidParameterError(`chunkKeepProbability: places must be a positive integer, got ${String(places)}`);
  }
  if (!Array.isArray(otherWeights))
    throw new InvalidParameterError("chunkKeepProbability: otherWeights must be an array");
  const weights = Array.from(otherWeights, (w, j) => {
    if (typeof w !== "bigint" || w < 0n) {
      throw new InvalidParameterError(`chunkKeepProbability: otherWeights[${j}] must be a non-negative bigint`);
    }
    return w;
  }).filter((w) => w > 0n);
  if (score === RACE_TIME_INSTANT) return 1;
  if (score === RACE_TIME_NEVER) return weights.length < places ? 1 : 0;
  // below[k]: the probability that exactly k of the provers seen so far beat the ticket, for k < places.
  const below = new Array<number>(places).fill(0);
  below[0] = 1;
  const lnT = Number(score) / 1e18;
  for (const w of weights) {
    const rateTimesT = Math.exp(lnBig(w) - LN_WAD + lnT);
    const stays = Math.exp(-rateTimesT);
    const beats = -Math.expm1(-rateTimesT);
    for (let k = places - 1; k > 0; k--) below[k] = below[k] * stays + below[k - 1] * beats;
    below[0] *= stays;
  }
  return Math.min(
    1,
    below.reduce((sum, p) => sum + p, 0),
  );
}
