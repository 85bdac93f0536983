// blockage rewards [show] [--account <addr>] | rewards withdraw [--to <addr>]
import { getRewards, withdrawRewards } from "@blockage/client";
import { getAddress, isAddress } from "ethers";
import type { Command, CommandInput } from "../command";
import { connectToRollup, walletFrom, withConnection } from "../context";
import { UsageError } from "../errors";
import { table, tokens } from "../output";

/** An address option, checked before connecting. */
function addressOption(input: CommandInput, name: string): string | undefined {
  const text = input.values[name] as string | undefined;
  if (text === undefined) return undefined;
  if (!isAddress(text)) throw new UsageError(`--${name} is not an address: ${text}`);
  return getAddress(text);
}

async function showRewards(input: CommandInput): Promise<void> {
  const account = addressOption(input, "account") ?? walletFrom(input.global, input.io)?.address;
  if (account === undefined) {
    throw new UsageError("give --account <address>, or a key (BLOCKAGE_KEY, --key-file) to use the key's account");
  }
  await withConnection(
    connectToRollup(input.global, input.values.rollup as string | undefined, input.io, false),
    async (c) => {
      const credited = await getRewards(c.rewards, { account });
      input.print(
        table(`rewards of ${account}`, [
          ["credited", tokens(credited, c.decimals)],
          ["coordinator", c.coordinatorAddress],
        ]),
        { account, coordinator: c.coordinatorAddress, credited },
      );
    },
  );
}

const rewardsShow: Command = {
  path: "rewards show",
  options: { rollup: { type: "string" }, account: { type: "string" } },
  positionals: { min: 0, max: 0, names: "" },
  run: showRewards,
};

/** `blockage rewards` alone shows them too. */
const rewards: Command = { ...rewardsShow, path: "rewards" };

const rewardsWithdraw: Command = {
  path: "rewards withdraw",
  options: { rollup: { type: "string" }, to: { type: "string" } },
  positionals: { min: 0, max: 0, names: "" },
  async run(input) {
    const to = addressOption(input, "to");
    await withConnection(
      connectToRollup(input.global, input.values.rollup as string | undefined, input.io, true),
      async (c) => {
        const account = c.wallet!.address;
        input.progress(`withdrawing the rewards of ${account} from the coordinator ${c.coordinatorAddress}…`);
        const result = await withdrawRewards(c.rewards, { to });
        input.print(
          table(`withdrew ${tokens(result.amount, c.decimals)}`, [
            ["account", account],
            ["sent to", result.to],
            ["transaction", result.receipt.hash],
          ]),
          {
            account,
            to: result.to,
            amount: result.amount,
            coordinator: c.coordinatorAddress,
            transactionHash: result.receipt.hash,
          },
        );
      },
    );
  },
};

/** The rewards commands. */
export const REWARDS_COMMANDS: Command[] = [rewards, rewardsShow, rewardsWithdraw];
