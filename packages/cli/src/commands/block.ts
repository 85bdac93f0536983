// blockage block confirmation <n> [--finality finalized|<confirmations>] [--rollup]
import { CONFIRMATION_STAGES, getConfirmation, type L1Finality } from "@blockage/client";
import { MAX_BLOCK, parseInteger } from "../arguments";
import type { Command } from "../command";
import { connectToRollup, rollupDeploymentBlock, withConnection } from "../context";
import { table } from "../output";

/** `--finality`: `finalized` (default) or a number of L1 confirmations. */
function parseFinality(text: string | undefined): L1Finality {
  if (text === undefined || text === "finalized") return "finalized";
  return {
    confirmations: Number(parseInteger(text, "--finality (finalized or a number of confirmations)", 1_000_000n, 1n)),
  };
}

const blockConfirmation: Command = {
  path: "block confirmation",
  options: { rollup: { type: "string" }, finality: { type: "string" } },
  positionals: { min: 1, max: 1, names: "<block number>" },
  async run(input) {
    const blockNumber = parseInteger(input.positionals[0], "the block number", MAX_BLOCK);
    const finality = parseFinality(input.values.finality as string | undefined);
    await withConnection(
      connectToRollup(input.global, input.values.rollup as string | undefined, input.io, false),
      async (c) => {
        const fromBlock = await rollupDeploymentBlock(c, input.io);
        const confirmation = await getConfirmation(c.rollup, { blockNumber, finality, fromBlock });
        const stages = CONFIRMATION_STAGES.map(
          (s) => `  ${s.stage <= confirmation.stage ? "✓" : "·"} ${s.stage} ${s.name}`,
        ).join("\n");
        input.print(
          table(`block ${blockNumber}: stage ${confirmation.stage} of 7, ${confirmation.name}`, [
            ["epoch", confirmation.epoch?.toString()],
            ["header hash", confirmation.headerHash ?? undefined],
            ["proposed in", confirmation.proposalTransaction ?? undefined],
            ["proven in", confirmation.proofTransaction ?? undefined],
            [confirmation.stage === 7 ? "detail" : "why not more", confirmation.detail],
          ]) + `${stages}\n`,
          { rollup: c.addresses.Rollup, ...confirmation },
        );
      },
    );
  },
};

/** The block commands. */
export const BLOCK_COMMANDS: Command[] = [blockConfirmation];
