import { concat, getBytes, toUtf8Bytes, type BigNumberish, type BytesLike } from "ethers";
import { InvalidParameterError } from "../errors";
import { readContract } from "../transaction";
import { checkedBytes, checkedUint } from "../validate";
import type { ISeedBeacon } from "../typechain";

/** Seed roles of `SeedBeacon.seedFor`: 0 the epoch seed (`EpochStart`), 1 the sequencer lottery, 2 the prover lottery. */
export const SEED_ROLES = { epoch: 0, sequencer: 1, prover: 2 } as const;

/** A seed role by name. */
export type SeedRoleName = keyof typeof SEED_ROLES;

/**
 * The draw a VRF input is for (seed 000 §3 domain separation): the sequencer lottery, the prover lottery, or a
 * Cooperative rollup's chunk tickets (seed 001).
 */
export type LotteryDomain = "SEQUENCER" | "PROVER" | "CHUNK";

const LOTTERY_DOMAINS: readonly string[] = ["SEQUENCER", "PROVER", "CHUNK"];

/**
 * The VRF input of a draw: `alpha = seed ‖ domain` (the seed as its 32 raw bytes, the domain as ASCII), so that the
 * draws take independent tickets from one seed: `σ ‖ "SEQUENCER"` and `σ ‖ "PROVER"` for the lotteries,
 * `chunkSeed ‖ "CHUNK"` for a chunk ticket (`chunkSeed` of the Cooperative module).
 *
 * @param seed - σ, or a chunk's seed: 32 bytes.
 * @param domain - `SEQUENCER`, `PROVER` or `CHUNK`.
 * @returns alpha (41, 38 or 37 bytes).
 * @throws {InvalidParameterError} If the seed is not 32 bytes or the domain is unknown.
 * @example
 * const pi = prove(NODE_VRF_SUITE, vrfSecretKey, lotteryAlpha(seed, "SEQUENCER"));
 */
export function lotteryAlpha(seed: BytesLike, domain: LotteryDomain): Uint8Array {
  if (!LOTTERY_DOMAINS.includes(domain)) {
    throw new InvalidParameterError(
      `lotteryAlpha: domain must be "SEQUENCER", "PROVER" or "CHUNK", got ${String(domain)}`,
    );
  }
  return getBytes(concat([checkedBytes(seed, "seed", 32), toUtf8Bytes(domain)]));
}

/** Parameters of {@link getSeed}. */
export interface GetSeedParameters {
  /** Rollup epoch. */
  epoch: BigNumberish;
  /** Absolute slot, within the epoch; default the epoch's first slot (`epoch · epochSlots`). */
  slot?: BigNumberish;
  /** `epoch` (0, default), `sequencer` (1) or `prover` (2). */
  role?: SeedRoleName | 0 | 1 | 2;
}

/** Result of {@link getSeed}. */
export interface GetSeedReturnType {
  /** σ. */
  seed: string;
  epoch: bigint;
  slot: bigint;
  /** 0 epoch, 1 sequencer, 2 prover. */
  role: 0 | 1 | 2;
  roleName: SeedRoleName;
  /** The VRF input for the role's lottery (`lotteryAlpha`), `0x` hex; `null` for the epoch seed. */
  alpha: string | null;
  /**
   * Whether σ is the beacon's fallback: nothing was poked in the epoch's seed window, so the seed comes from the
   * latest snapshot before it (weaker against grinding; see {@link getSeedInputs}).
   */
  isFallback: boolean;
}

/**
 * The seed σ of an epoch, slot and role from the beacon (`seedFor`). A seed exists once the epoch's cutoff
 * (`seedFixedAfter(epoch)`, `lookbackBlocks` L1 blocks before the epoch starts) has passed, and from then on always:
 * when nothing was poked in the epoch's seed window, σ is the beacon's fallback seed (`isFallback`), which the
 * lotteries use like any other.
 *
 * @param beacon - The seed beacon (any runner).
 * @param params - Epoch, and optionally slot and role.
 * @returns σ, the normalised inputs, the VRF input of the role's lottery and whether σ is a fallback.
 * @throws {InvalidParameterError} For an unknown role.
 * @throws {ContractRevertError} `SeedBeacon__SeedNotFixed` before the cutoff, `SeedBeacon__SlotNotInEpoch` for a
 *   slot outside the epoch.
 * @throws {ContractCallError} If the read fails.
 * @example
 * const { seed, alpha, isFallback } = await getSeed(beacon, { epoch: 5n, slot: 163n, role: "sequencer" });
 */
export async function getSeed(beacon: ISeedBeacon, params: GetSeedParameters): Promise<GetSeedReturnType> {
  const role = typeof params.role === "string" ? SEED_ROLES[params.role] : (params.role ?? 0);
  if (role !== 0 && role !== 1 && role !== 2) {
    throw new InvalidParameterError(`getSeed: role must be epoch, sequencer or prover, got ${String(params.role)}`);
  }
  const roleName = (Object.keys(SEED_ROLES) as SeedRoleName[])[role];
  const epoch = checkedUint(params.epoch, "epoch");
  const slot =
    params.slot === undefined
      ? epoch * (await readContract("SeedBeacon.epochSlots", () => beacon.epochSlots()))
      : checkedUint(params.slot, "slot");
  const seed = await readContract("SeedBeacon.seedFor", () => beacon.seedFor(epoch, slot, role));
  // After seedFor succeeded the cutoff has passed, so the inputs are fixed and this read cannot fail on them.
  const { isFallback } = await getSeedInputs(beacon, { epoch });
  const alpha = role === 0 ? null : concat([seed, toUtf8Bytes(role === 1 ? "SEQUENCER" : "PROVER")]).toLowerCase();
  return { seed, epoch, slot, role, roleName, alpha, isFallback };
}

/** Parameters of {@link getSeedInputs}. */
export interface GetSeedInputsParameters {
  /** Rollup epoch. */
  epoch: BigNumberish;
}

/** Result of {@link getSeedInputs}: the beacon's `SeedInputs` of the epoch. */
export interface GetSeedInputsReturnType {
  epoch: bigint;
  /** The anchor snapshot's L1 block number divided by 32. */
  l1Epoch: bigint;
  /** The anchor snapshot's L1 block: the latest snapshot at or before the epoch's cutoff. */
  anchorBlock: bigint;
  /**
   * Whether the epoch's seed window held no snapshot, so that σ is the fallback from the anchor alone (the latest
   * snapshot before the window). A fallback seed was public since that snapshot, possibly before the epoch's lottery
   * inputs were fixed; the beacon's NatSpec (`ISeedBeacon`) bounds what that allows.
   */
  isFallback: boolean;
  /** The mix of the window's snapshots, or the anchor's fallback hash. */
  beaconRand: string;
  /** The parent hash of the last snapshot before the window (before the anchor, for a fallback). */
  blockHash: string;
}

/**
 * The L1 inputs of an epoch's seed (`seedInputs`): σ = keccak256(abi.encode(chainId, l1Epoch, beaconRand, blockHash,
 * epoch, slot, role)). Fixed, and never changing again, once the epoch's cutoff has passed, whether or not a poke
 * has recorded them yet.
 *
 * @param beacon - The seed beacon (any runner).
 * @param params - The epoch.
 * @returns The inputs, with `isFallback` when the epoch's seed window held no snapshot.
 * @throws {ContractRevertError} `SeedBeacon__SeedNotFixed` before the cutoff.
 * @throws {ContractCallError} If the read fails.
 * @example
 * const { isFallback, anchorBlock } = await getSeedInputs(beacon, { epoch: 5n });
 */
export async function getSeedInputs(
  beacon: ISeedBeacon,
  params: GetSeedInputsParameters,
): Promise<GetSeedInputsReturnType> {
  const epoch = checkedUint(params.epoch, "epoch");
  const inputs = await readContract("SeedBeacon.seedInputs", () => beacon.seedInputs(epoch));
  const { l1Epoch, anchorBlock, isFallback, beaconRand, blockHash } = inputs;
  return { epoch, l1Epoch, anchorBlock, isFallback, beaconRand, blockHash };
}
