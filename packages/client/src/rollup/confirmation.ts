// The seven confirmation stages of seed 002 ("Confirmation rules") for a rollup block or a transaction in one,
// decided from the rollup's and coordinator's state and logs and from L1 finality.
import type { FieldLike } from "@blockage/circuits/statement";
import { contractAt } from "../contracts";
import { PROVER_MECHANISMS } from "./mechanism";
import { ZeroAddress, ZeroHash, type BigNumberish, type BytesLike, type Provider } from "ethers";
import { InvalidParameterError } from "../errors";
import { readContract, receiptEvents } from "../transaction";
import { checkedBytes, checkedUint } from "../validate";
import { ISeedBeacon__factory, type Rollup } from "../typechain";
import { getProposedBlock } from "./chain";
import { CLAIM_STATUS_NAMES } from "./claim-status";

/** The seven stages, in order (seed 002, "Confirmation rules"). */
export const CONFIRMATION_STAGES = [
  { stage: 1, key: "executedLocally", name: "Executed locally" },
  { stage: 2, key: "submitted", name: "Submitted to the network" },
  { stage: 3, key: "proposed", name: "In the highest ranking proposed block" },
  { stage: 4, key: "committed", name: "In the highest ranking proposed block, with a valid prover commitment" },
  { stage: 5, key: "available", name: "In the highest ranking proposed block with effects available on the DA layer" },
  { stage: 6, key: "proven", name: "In a proven block that has been verified by the L1 rollup contracts" },
  { stage: 7, key: "finalized", name: "In a proven block that has been finalized on the L1" },
] as const;

/** A stage number. */
export type ConfirmationStageNumber = (typeof CONFIRMATION_STAGES)[number]["stage"];
/** A stage's short key. */
export type ConfirmationStageKey = (typeof CONFIRMATION_STAGES)[number]["key"];

/**
 * When an L1 block counts as final: at or below the node's `finalized` block (Ethereum's Casper FFG finality), or
 * with at least `confirmations` blocks on top of it including itself (for chains without a meaningful `finalized`
 * tag, e.g. a local Hardhat node, where `finalized` is the latest block).
 */
export type L1Finality = "finalized" | { confirmations: number };

/** Parameters of {@link getConfirmation}: one of three targets. */
export interface GetConfirmationParameters {
  /** A block of the pending chain (the block the rollup holds at that number now, or the one proposed by `proposal`). */
  blockNumber?: BigNumberish;
  /** A transaction (field element) expected in block `blockNumber`. */
  tx?: FieldLike;
  /** The L1 transaction hash of a proposal (`propose`, `proposeViaBuilder`, `proposeWithReveal`, `proposeBased`). */
  proposal?: BytesLike;
  /** When an L1 block is final (default `"finalized"`). */
  finality?: L1Finality;
  /**
   * Whether the caller has sent the transaction to the network (default true): decides stage 2 versus 1 when the
   * chain does not (or no longer) hold it.
   */
  broadcast?: boolean;
  /** First L1 block of the rollup's logs (default 0; the rollup's deployment block on long chains). */
  fromBlock?: number;
}

/** The confirmation stage of a block or transaction ({@link getConfirmation}). */
export interface Confirmation {
  /** 1..7. */
  stage: ConfirmationStageNumber;
  /** Seed 002's name of the stage. */
  name: string;
  /** A short key for code. */
  key: ConfirmationStageKey;
  /** The pending chain's block number, when known. */
  blockNumber: bigint | null;
  /** The block's header hash, when it is on the chain. */
  headerHash: string | null;
  /** The block's epoch, when it is on the chain. */
  epoch: bigint | null;
  /** The L1 transaction that proposed the block, when found. */
  proposalTransaction: string | null;
  /** The L1 transaction that proved the block (stages 6 and 7). */
  proofTransaction: string | null;
  /** Why the stage is not higher, one line. */
  detail: string;
}

function stage(
  n: ConfirmationStageNumber,
  detail: string,
  fields: Partial<Omit<Confirmation, "stage" | "name" | "key" | "detail">> = {},
): Confirmation {
  const s = CONFIRMATION_STAGES[n - 1]!;
  return {
    stage: s.stage,
    name: s.name,
    key: s.key,
    blockNumber: null,
    headerHash: null,
    epoch: null,
    proposalTransaction: null,
    proofTransaction: null,
    detail,
    ...fields,
  };
}

/** Result of {@link getConfirmation}. */
export type GetConfirmationReturnType = Confirmation;

/** Parameters of {@link isL1BlockFinal}. */
export interface IsL1BlockFinalParameters {
  /** The L1 block. */
  blockNumber: number;
  /** The rule. */
  finality: L1Finality;
}

/** Result of {@link isL1BlockFinal}: whether the block is final. */
export type IsL1BlockFinalReturnType = boolean;

/**
 * Whether the L1 block `blockNumber` is final under `finality`.
 *
 * @param provider - An L1 provider.
 * @param params - The L1 block and the rule.
 * @returns Whether it is final.
 * @throws {InvalidParameterError} For a malformed rule.
 * @throws {ContractCallError} If the chain cannot be read.
 * @example
 * const final = await isL1BlockFinal(provider, { blockNumber: receipt.blockNumber, finality: { confirmations: 12 } });
 */
export async function isL1BlockFinal(
  provider: Provider,
  params: IsL1BlockFinalParameters,
): Promise<IsL1BlockFinalReturnType> {
  const { blockNumber, finality } = params;
  if (!Number.isSafeInteger(blockNumber) || blockNumber < 0) {
    throw new InvalidParameterError(`blockNumber must be a non-negative integer, got ${String(blockNumber)}`);
  }
  if (finality === "finalized") {
    const finalized = await readContract("eth_getBlockByNumber(finalized)", () => provider.getBlock("finalized"));
    return finalized !== null && finalized.number >= blockNumber;
  }
  const confirmations = finality?.confirmations;
  if (!Number.isSafeInteger(confirmations) || confirmations < 1) {
    throw new InvalidParameterError(`finality.confirmations must be a positive integer, got ${String(confirmations)}`);
  }
  const latest = await readContract("eth_blockNumber", () => provider.getBlockNumber());
  return latest - blockNumber + 1 >= confirmations;
}

/**
 * The confirmation stage (seed 002) of a rollup block or of a transaction in one. Stages 1–2 are the caller's
 * knowledge; 3–7 are decided from L1 as follows (4 and 5 build on 3; 6 and 7 on the block being proven, claim or not):
 *
 * - **3, in the highest ranking proposed block**: the block is on the pending chain — its number is at most the
 *   pending tip's (`tips().pendingBlock`, after any pruning now due, as `syncTips` would do) and `blockRecord(n)`
 *   holds its header hash (a better proposal of the same slot replaces the record: the replaced block drops to 2).
 *   For a `tx`, the transaction is among the block's published transactions (read back from its proposal calldata).
 * - **4, with a valid prover commitment**: its epoch has a claim in force (`epochClaim(epoch).status == Claimed`,
 *   from a `ProofRightClaimed` event) whose proof deadline (`epochWindows(epoch).proofDeadline`) has not passed: a
 *   bonded prover has committed to proving it, and still may. A claimant past its deadline drops the block back to 3
 *   (the open race runs). A Cooperative rollup (seed 001) has no claims: there the commitment is every chunk of the
 *   block holding a kept proof on the `CooperativeCoordinator` (`keptProofs`): its proofs are on-chain and only the
 *   epoch's finalization is left.
 * - **5, with effects available on the DA layer**: additionally the block's slot has ended (it can no longer be
 *   replaced, so its data is the slot's) and the L1 block that carried its proposal — whose calldata holds the
 *   transactions, checked by the rollup against the header's DA commitment — is final under `finality`.
 * - **6, proven (verified by the L1 contracts)**: the block number is at most the proven tip (`tips().provenBlock`):
 *   a `BlocksProven` event (epoch proof verified by the coordinator through the proof verifier) or
 *   `BasedBlockProven` (based block with its proof) covers it. Proven blocks are never rolled back.
 * - **7, finalized on L1**: the L1 block containing that proving transaction is final under `finality`.
 *
 * An unproven block without a claim stays at 3 until it is proven (an open race or a based block needs no claim).
 * A block that was replaced, pruned or shown invalid, a reverted or unmined proposal, and a `tx` not in the block
 * answer 2 (`broadcast`, the default) or 1.
 *
 * @param rollup - The rollup (any runner with a provider).
 * @param params - One target — `{ blockNumber }`, `{ tx, blockNumber }` or `{ proposal }` (an L1 transaction hash,
 *   optionally with `tx`) — and optionally the finality rule.
 * @returns The stage, its name, and what it was decided on.
 * @throws {InvalidParameterError} For a missing or malformed target.
 * @throws {BlockDataNotFoundError} If a `tx` is asked about and the block's data cannot be read back.
 * @throws {ContractCallError} If the chain cannot be read.
 * @example
 * const { stage, name } = await getConfirmation(rollup, { tx: 42n, blockNumber: 3n });
 * const byProposal = await getConfirmation(rollup, { proposal: receipt.hash, finality: { confirmations: 12 } });
 */
export async function getConfirmation(
  rollup: Rollup,
  params: GetConfirmationParameters,
): Promise<GetConfirmationReturnType> {
  if (params === null || typeof params !== "object") throw new InvalidParameterError("parameters are missing");
  const provider = rollup.runner?.provider;
  if (!provider) throw new InvalidParameterError("getConfirmation: the rollup's runner has no provider");
  const finality = params.finality ?? "finalized";
  const below = params.broadcast === false ? 1 : 2;
  const tx = params.tx === undefined ? undefined : checkedUint(params.tx as BigNumberish, "tx");
  const rollupAddress = (await rollup.getAddress()).toLowerCase();

  let blockNumber: bigint;
  let wanted: string | undefined;
  let proposalTransaction: string | null = null;
  if (params.proposal !== undefined) {
    const hash = checkedBytes(params.proposal, "proposal", 32);
    proposalTransaction = hash;
    const receipt = await readContract("eth_getTransactionReceipt", () => provider.getTransactionReceipt(hash));
    if (receipt === null) return stage(below, `proposal ${hash} is not mined`, { proposalTransaction });
    if (receipt.status !== 1) return stage(below, `proposal ${hash} reverted`, { proposalTransaction });
    // A proposal emits one of the two (`proposeBlock`/`proposeViaBuilder` or `proposeBased`).
    const [log] = [
      ...receiptEvents(rollup, receipt, "BlockProposed"),
      ...receiptEvents(rollup, receipt, "BasedBlockProven"),
    ];
    if (log === undefined) {
      throw new InvalidParameterError(`transaction ${hash} proposed no block on the rollup at ${rollupAddress}`);
    }
    blockNumber = log.args.blockNumber;
    wanted = log.args.headerHash.toLowerCase();
  } else if (params.blockNumber !== undefined) {
    blockNumber = checkedUint(params.blockNumber, "blockNumber");
  } else {
    throw new InvalidParameterError("give { blockNumber }, { tx, blockNumber } or { proposal }");
  }

  const [synced, record, currentSlot, epochSlots, coordinatorAddress, config] = await readContract("rollup state", () =>
    Promise.all([
      rollup.syncTips.staticCall(),
      rollup.blockRecord(blockNumber),
      rollup.currentSlot(),
      rollup.beacon().then((b) => ISeedBeacon__factory.connect(b, rollup.runner).epochSlots()),
      rollup.coordinator(),
      rollup.config(),
    ]),
  );
  // A Cooperative rollup (seed 001) has no claims: its blocks' prover commitment is their chunks' kept proofs.
  const cooperative = Number(config.mechanism) === 1;
  const known = { blockNumber, proposalTransaction };
  if (blockNumber > synced.pendingBlock) {
    return stage(below, `block ${blockNumber} is not on the pending chain (tip ${synced.pendingBlock})`, known);
  }
  const held = record.headerHash === ZeroHash ? undefined : record.headerHash.toLowerCase();
  const proven = blockNumber <= synced.provenBlock;
  if (held === undefined && !proven) {
    return stage(below, `the rollup holds no block ${blockNumber}`, known);
  }
  if (wanted !== undefined && held !== undefined && wanted !== held) {
    return stage(below, `block ${blockNumber} of proposal ${proposalTransaction} was replaced or dropped`, known);
  }

  // The block's data: needed for a tx, for a proposal's L1 block, and when the ring no longer holds its record.
  // Then (a proven block) the block is the last one proposed as that number — never the one the caller names,
  // which may have been replaced or pruned: the check below compares the two.
  const needData = tx !== undefined || held === undefined || (!proven && (proposalTransaction === null || cooperative));
  const data = needData
    ? await getProposedBlock(rollup, { blockNumber, headerHash: held, fromBlock: params.fromBlock })
    : undefined;
  const headerHash = held ?? data!.headerHash;
  if (wanted !== undefined && wanted !== headerHash) {
    return stage(below, `block ${blockNumber} of proposal ${proposalTransaction} was replaced`, known);
  }
  const slot = held !== undefined ? record.slot : data!.header.slot;
  const fields = {
    blockNumber,
    headerHash,
    epoch: slot / epochSlots,
    proposalTransaction: proposalTransaction ?? data?.proposal?.transactionHash ?? null,
  };
  if (tx !== undefined && !data!.txs.includes(tx)) {
    return stage(below, `transaction ${tx} is not in block ${blockNumber}`, fields);
  }

  if (proven) {
    const proof = await provingTransaction(rollup, blockNumber, params.fromBlock ?? 0);
    const withProof = { ...fields, proofTransaction: proof?.transactionHash ?? null };
    if (proof !== null && (await isL1BlockFinal(provider, { blockNumber: proof.blockNumber, finality }))) {
      return stage(7, `the proof of block ${blockNumber} is in final L1 block ${proof.blockNumber}`, withProof);
    }
    return stage(
      6,
      proof === null
        ? `block ${blockNumber} is proven; its proving transaction is not in the logs read`
        : `the proof of block ${blockNumber} is in L1 block ${proof.blockNumber}, not final yet`,
      withProof,
    );
  }

  if (Number(config.mechanism) === PROVER_MECHANISMS["open-race"]) {
    // Seed 004's open race: nobody commits to prove before the proof lands (the first valid proof is paid).
    return stage(3, `block ${blockNumber} awaits a state update (open race: no prover commits in advance)`, fields);
  }
  if (cooperative) {
    const committed = await chunksHeld(coordinatorAddress, rollup, blockNumber, headerHash, data!.header.txCount);
    if (committed !== null) return stage(3, committed, fields);
  } else {
    const coordinator = contractAt("ProverCoordinator", coordinatorAddress, rollup.runner);
    const [claim, windows] = await readContract("ProverCoordinator.epochClaim", () =>
      Promise.all([coordinator.epochClaim(fields.epoch), coordinator.epochWindows(fields.epoch)]),
    );
    if (CLAIM_STATUS_NAMES[Number(claim.status)] !== "Claimed") {
      return stage(3, `epoch ${fields.epoch} has no prover commitment yet`, fields);
    }
    if (currentSlot >= windows.proofDeadline) {
      return stage(3, `the claimant of epoch ${fields.epoch} missed its proof deadline (open race)`, fields);
    }
  }
  if (currentSlot <= slot) return stage(4, `slot ${slot} has not ended: the block may still be replaced`, fields);
  const proposalBlock =
    data?.proposal?.blockNumber ??
    (await readContract("eth_getTransactionReceipt", () => provider.getTransactionReceipt(proposalTransaction!)))
      ?.blockNumber;
  if (proposalBlock === undefined || !(await isL1BlockFinal(provider, { blockNumber: proposalBlock, finality }))) {
    return stage(4, `the proposal's L1 block ${proposalBlock ?? "?"} is not final yet`, fields);
  }
  return stage(5, `block ${blockNumber} awaits its epoch proof`, fields);
}

/**
 * A Cooperative block's prover commitment: every chunk holds a kept proof on the coordinator (its proofs are on-chain,
 * awaiting the epoch's finalization). `null` if so, else why not.
 */
async function chunksHeld(
  coordinatorAddress: string,
  rollup: Rollup,
  blockNumber: bigint,
  headerHash: string,
  txCount: bigint,
): Promise<string | null> {
  const coordinator = contractAt("CooperativeCoordinator", coordinatorAddress, rollup.runner);
  const chunks = Number(txCount / 16n);
  const held = await readContract("CooperativeCoordinator.keptProofs", () =>
    Promise.all(
      Array.from({ length: chunks }, (_, k) =>
        coordinator.keptProofs(blockNumber, headerHash, k).then(([kept]) => kept[0]!.prover !== ZeroAddress),
      ),
    ),
  );
  const proven = held.filter(Boolean).length;
  return proven === chunks ? null : `${proven} of block ${blockNumber}'s ${chunks} chunks hold a kept proof`;
}

/** The L1 transaction that proved block `blockNumber`: the last `BlocksProven` covering it, or its `BasedBlockProven`. */
async function provingTransaction(
  rollup: Rollup,
  blockNumber: bigint,
  fromBlock: number,
): Promise<{ transactionHash: string; blockNumber: number } | null> {
  const [epochs, based] = await readContract("Rollup proof logs", () =>
    Promise.all([
      rollup.queryFilter(rollup.filters.BlocksProven(), fromBlock, "latest"),
      rollup.queryFilter(rollup.filters.BasedBlockProven(blockNumber), fromBlock, "latest"),
    ]),
  );
  const covering = [
    ...epochs.filter((log) => log.args.fromBlock <= blockNumber && blockNumber <= log.args.toBlock),
    ...based,
  ].sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
  const last = covering[covering.length - 1];
  return last === undefined ? null : { transactionHash: last.transactionHash, blockNumber: last.blockNumber };
}
