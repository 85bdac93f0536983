// Reading a QuoteChainView from the chain: the node calls it once a slot and hands the result to its quote gossip,
// whose validators then never wait on RPC.
import {
  ContractCallError,
  getEpochStatus,
  toContractError,
  type ProverCoordinator,
  contractAt,
} from "@blockage/client";
import { quoteChainView, type QuoteChainView } from "./validation";

/** Calls in the pending block: its slot is the one a claim sent now lands in (the latest block may be older). */
const PENDING = { blockTag: "pending" } as const;

async function read<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toContractError(error, what);
  }
}

/**
 * Reads what quote validation needs from the chain: chain id, coordinator, current slot (of the pending block),
 * `minBond` and `maxQuoteFee` (`config()`), the epoch length and window offsets, whether the previous epoch can still
 * be claimed (`getEpochStatus`: claimed, proven, or nothing to prove count as claimed), and the operator of the
 * current slot's best proposal (the pending tip's proposer when the tip is the current slot's unproven block: the
 * countersigner `claimProofRight` requires).
 *
 * @param coordinator - The prover coordinator, with a runner that has a provider.
 * @returns A snapshot view; read a new one each slot.
 * @throws {ContractCallError} If the chain cannot be read.
 * @example
 * let view = await readQuoteChainView(coordinator);
 * const gossip = await startQuoteGossip({ chainView: () => view, ... });
 * provider.on("block", async () => { view = await readQuoteChainView(coordinator); });
 */
export async function readQuoteChainView(coordinator: ProverCoordinator): Promise<QuoteChainView> {
  const provider = coordinator.runner?.provider;
  if (!provider) throw new ContractCallError("readQuoteChainView: the coordinator's runner has no provider");
  const [network, address, currentSlot, config, beacon, rollupAddress] = await read("quote chain view", () =>
    Promise.all([
      provider.getNetwork(),
      coordinator.getAddress(),
      coordinator.currentSlot(PENDING),
      coordinator.config(),
      coordinator.beacon(),
      coordinator.rollup(),
    ]),
  );
  const rollup = contractAt("Rollup", rollupAddress, coordinator.runner);
  const [epochSlots, tips] = await read("quote chain view", () =>
    Promise.all([
      contractAt("SeedBeacon", beacon, coordinator.runner).epochSlots(),
      rollup.syncTips.staticCall(PENDING),
    ]),
  );
  // Only the previous epoch can be in its claim phase; epoch 0 has none before epoch 1 but still gives the offsets.
  const epoch = currentSlot / epochSlots > 0n ? currentSlot / epochSlots - 1n : 0n;
  const status = await getEpochStatus(coordinator, { epoch });
  const opens = status.windows.claimOpens;
  const claimable = status.status === "None" && status.awaitingProof;
  const proposer = tips.tipSlot === currentSlot && tips.pendingBlock > tips.provenBlock ? tips.tipProposer : null;
  return quoteChainView({
    chainId: network.chainId,
    coordinator: address,
    currentSlot,
    minBond: config.minBond,
    maxQuoteFee: config.maxQuoteFee,
    epochSlots,
    windowOffsets: {
      priorityEnds: status.windows.priorityEnds - opens,
      claimCloses: status.windows.claimCloses - opens,
      proofDeadline: status.windows.proofDeadline - opens,
      finalDeadline: status.windows.finalDeadline - opens,
    },
    claimedEpochs: claimable ? [] : [epoch],
    currentProposer: proposer,
  });
}
