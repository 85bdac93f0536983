// A Cooperative block's prover seed: what its chunks' tickets are drawn from.
import { ZeroHash, type BigNumberish, type BytesLike } from "ethers";
import { proverMechanismName } from "../rollup/mechanism";
import { BlockDataNotFoundError } from "../rollup/errors";
import { readContract } from "../transaction";
import { checkedBytes, checkedUint } from "../validate";
import type { Rollup } from "../typechain";
import { NotCooperativeError } from "./errors";

/** Parameters of {@link getBlockProverSeed}. */
export interface GetBlockProverSeedParameters {
  /** The block's number on the pending chain. */
  blockNumber: BigNumberish;
  /** The header hash expected there (default: whichever block the rollup holds at that number). */
  headerHash?: BytesLike;
}

/** Result of {@link getBlockProverSeed}. */
export interface GetBlockProverSeedReturnType {
  /** The hash of the block the rollup holds at that number (the key of its chunks' records). */
  headerHash: string;
  /**
   * The block's prover seed: the slot's seed σ mixed with the proposer's VRF output (`keccak256(abi.encode(σ,
   * output))`). Each chunk's ticket seed is `chunkSeed({ blockSeed: seed, chunk })`.
   */
  seed: string;
}

/**
 * The prover seed of block `blockNumber` of a Cooperative rollup (`Rollup.blockProverSeed`), checked against the
 * rollup's record of the block. Different proposals of a slot have different seeds, so the chunk provers' ranking is
 * known only once the slot's block is.
 *
 * @param rollup - The rollup (any runner).
 * @param params - The block number and optionally the header hash expected there.
 * @returns The block's header hash and prover seed.
 * @throws {NotCooperativeError} If the rollup is a Sidecar deployment.
 * @throws {BlockDataNotFoundError} If the rollup does not hold the block (never proposed, pruned, or its ring entry
 *   reused), holds another block there than `headerHash`, or the block has no prover seed (genesis, a based block).
 * @throws {InvalidParameterError} If the block number or header hash is malformed.
 * @throws {ContractCallError} If the chain cannot be read.
 * @example
 * const { headerHash, seed } = await getBlockProverSeed(rollup, { blockNumber });
 * const ticket = chunkTicket({ vrfSecretKey, seed: chunkSeed({ blockSeed: seed, chunk: 0 }) });
 */
export async function getBlockProverSeed(
  rollup: Rollup,
  params: GetBlockProverSeedParameters,
): Promise<GetBlockProverSeedReturnType> {
  const blockNumber = checkedUint(params?.blockNumber, "blockNumber");
  const wanted = params.headerHash === undefined ? undefined : checkedBytes(params.headerHash, "headerHash", 32);
  const [config, record, [headerHash, seed]] = await readContract("Rollup.blockProverSeed", () =>
    Promise.all([rollup.config(), rollup.blockRecord(blockNumber), rollup.blockProverSeed(blockNumber)]),
  );
  if (proverMechanismName(config.mechanism) !== "cooperative") {
    throw new NotCooperativeError(await rollup.getAddress());
  }
  const held = record.headerHash.toLowerCase();
  if (held === ZeroHash || headerHash.toLowerCase() !== held) {
    throw new BlockDataNotFoundError(blockNumber, "the rollup holds no such block (never proposed, or pruned)");
  }
  if (wanted !== undefined && wanted !== held) {
    throw new BlockDataNotFoundError(blockNumber, `the rollup holds block ${held} there, not ${wanted}`);
  }
  if (seed === ZeroHash) {
    throw new BlockDataNotFoundError(blockNumber, "the block has no prover seed (genesis or a based block)");
  }
  return { headerHash: held, seed };
}
