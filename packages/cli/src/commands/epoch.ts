// blockage epoch status <n>
import { getEpochBlocks, getEpochStatus, type EpochPhase } from "@blockage/client";
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

const epochStatus: Command = {
  path: "epoch status",
  options: { rollup: { type: "string" } },
  positionals: { min: 1, max: 1, names: "<epoch>" },
  async run(input) {
    const epoch = parseInteger(input.positionals[0], "the epoch", MAX_EPOCH);
    await withConnection(
      connectToRollup(input.global, input.values.rollup as string | undefined, input.io, false),
      async (c) => {
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
