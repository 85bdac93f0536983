// blockage epoch status <n>
import {
  getCooperativeEpochStatus,
  getEpochBlocks,
  getEpochStatus,
  getProofRight,
  getProvingFee,
  getTurnOrder,
  type CooperativeCoordinator,
  type OpenRaceCoordinator,
  type CooperativeEpochPhase,
  type EpochPhase,
} from "@blockage/client";
import { MAX_EPOCH, parseInteger } from "../arguments";
import type { Command } from "../command";
import { connectToRollup, rollupDeploymentBlock, withConnection } from "../context";
import { table, tokens } from "../output";

/** What each phase means for a prover, one line. */
const PHASES: Record<EpochPhase, string> = {
  proposing: "its blocks are still being proposed",
  priority: "the designated prover's priority window: only it may claim",
  claim: "open to claims with a countersigned quote",
  proving: "claimed: the claimant proves before its deadline",
  openRace: "open race: the first valid proof wins the prover fee",
  proven: "the claim was honoured",
  slashable: "the claimant missed the final deadline: its bond can be slashed",
  settled: "no unproven block left",
};

/** The same for an epoch of a Cooperative rollup (seed 001). */
const COOPERATIVE_PHASES: Record<CooperativeEpochPhase, string> = {
  proposing: "its blocks are still being proposed",
  proving: "chunk proofs are taken: the best three tickets per chunk are kept",
  finalize: "the proving window closed and every chunk holds a proof: anyone may finalize it",
  openRace: "the proving window closed with a chunk unproven: the first valid epoch proof wins",
  closed: "the proving window closed",
  settled: "no unproven block left",
};

/** `epoch status` of a Cooperative rollup: windows, and how many of its chunks hold proofs. */
async function cooperativeStatus(
  print: (text: string, json: unknown) => void,
  coordinator: CooperativeCoordinator,
  rollupAddress: string,
  epoch: bigint,
  blocks: Awaited<ReturnType<typeof getEpochBlocks>>,
): Promise<void> {
  const status = await getCooperativeEpochStatus(coordinator, { epoch, blocks });
  const chunks = (status.blocks ?? []).reduce((n, b) => n + b.chunks, 0);
  const proven = (status.blocks ?? []).reduce((n, b) => n + b.provenChunks, 0);
  const kept = (status.blocks ?? []).reduce((n, b) => n + b.keptProofs, 0);
  print(
    table(`epoch ${status.epoch}: ${status.phase} (${COOPERATIVE_PHASES[status.phase]})`, [
      ["slot now", status.currentSlot.toString()],
      ["unproven", `${blocks.length} block(s)${status.nextToProve ? ", next to prove" : ""}`],
      ["chunks", `${proven} of ${chunks} hold a proof (${kept} kept proofs)`],
      ["proofs until", `slot ${status.windows.provingCloses}`],
      ["pruned from", `slot ${status.windows.finalDeadline}`],
    ]),
    { rollup: rollupAddress, mechanism: "cooperative", ...status, unprovenBlocks: blocks.length },
  );
}

/**
 * `epoch status` of an open-race rollup (seed 004's example): the epoch's proving base fee, its turn order, its
 * unproven blocks, and who may update the proven state now.
 */
async function openRaceStatus(
  print: (text: string, json: unknown) => void,
  coordinator: OpenRaceCoordinator,
  rollupAddress: string,
  epoch: bigint,
  blocks: Awaited<ReturnType<typeof getEpochBlocks>>,
  decimals: number,
): Promise<void> {
  const [epochFee, fee, right, turnOrder] = await Promise.all([
    coordinator.epochProvingBaseFee(epoch),
    getProvingFee(coordinator),
    getProofRight(coordinator),
    getTurnOrder(coordinator, { epoch }),
  ]);
  print(
    table(`epoch ${epoch}: open race`, [
      ["unproven", `${blocks.length} block(s)`],
      ["proving fee", epochFee === 0n ? "not rolled" : `${tokens(epochFee, decimals)} per transaction`],
      ["fee now", `${tokens(fee.fee, decimals)} per transaction (${fee.flags} of ${fee.flagQuorum} flags)`],
      ["turn prover", turnOrder[0]?.operator ?? "none (no prover ticket)"],
      ["turn order", turnOrder.length === 0 ? undefined : turnOrder.map((t) => t.operator).join(", ")],
      [
        "proof right",
        right.open
          ? `open race (turns from ${right.turnsBeginAt} if idle)`
          : `${right.turnProver} until ${right.turnEndsAt}`,
      ],
    ]),
    {
      rollup: rollupAddress,
      mechanism: "open-race",
      epoch,
      unprovenBlocks: blocks.length,
      epochProvingBaseFee: epochFee,
      provingFee: fee,
      proofRight: right,
      turnOrder,
    },
  );
}

const epochStatus: Command = {
  path: "epoch status",
  options: { rollup: { type: "string" } },
  positionals: { min: 1, max: 1, names: "<epoch>" },
  async run(input) {
    const epoch = parseInteger(input.positionals[0], "the epoch", MAX_EPOCH);
    await withConnection(
      connectToRollup(input.global, input.values.rollup as string | undefined, input.io, false),
      async (c) => {
        if (c.mechanism === "cooperative") {
          const fromBlock = await rollupDeploymentBlock(c, input.io);
          const blocks = await getEpochBlocks(c.rollup, { epoch, fromBlock });
          await cooperativeStatus(input.print, c.cooperativeCoordinator, c.addresses.Rollup, epoch, blocks);
          return;
        }
        if (c.mechanism === "open-race") {
          const fromBlock = await rollupDeploymentBlock(c, input.io);
          const blocks = await getEpochBlocks(c.rollup, { epoch, fromBlock });
          await openRaceStatus(input.print, c.openRaceCoordinator, c.addresses.Rollup, epoch, blocks, c.decimals);
          return;
        }
        const status = await getEpochStatus(c.coordinator, { epoch });
        // Only an epoch awaiting its proof has unproven blocks to read back from the proposals' logs.
        const unprovenBlocks = status.awaitingProof
          ? (await getEpochBlocks(c.rollup, { epoch, fromBlock: await rollupDeploymentBlock(c, input.io) })).length
          : 0;
        const w = status.windows;
        input.print(
          table(`epoch ${status.epoch}: ${status.phase} (${PHASES[status.phase]})`, [
            ["slot now", status.currentSlot.toString()],
            ["claim", status.claimedBy === null ? status.status : `${status.status} by ${status.claimedBy}`],
            [
              "countersigned",
              status.countersignedBy === null || status.countersignedBy === status.claimedBy
                ? undefined
                : status.countersignedBy,
            ],
            ["bond", status.bond === 0n ? undefined : tokens(status.bond, c.decimals)],
            ["prover fee", `${status.basisPointFee} bps`],
            ["designated", status.designatedProver ?? "none yet"],
            ["unproven", `${unprovenBlocks} block(s)${status.nextToProve ? ", next to prove" : ""}`],
            ["claims open", `slot ${w.claimOpens} (the designated prover alone until slot ${w.priorityEnds})`],
            ["claims close", `slot ${w.claimCloses}`],
            ["proof due", `before slot ${w.proofDeadline}`],
            ["pruned from", `slot ${w.finalDeadline}`],
          ]),
          { rollup: c.addresses.Rollup, ...status, unprovenBlocks },
        );
      },
    );
  },
};

/** The epoch commands. */
export const EPOCH_COMMANDS: Command[] = [epochStatus];
