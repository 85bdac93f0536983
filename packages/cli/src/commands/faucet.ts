// blockage faucet
import { faucet } from "@blockage/client";
import type { Command } from "../command";
import { connect, withConnection } from "../context";
import { table, tokens } from "../output";

const faucet_: Command = {
  path: "faucet",
  options: {},
  positionals: { min: 0, max: 0, names: "" },
  async run(input) {
    await withConnection(connect(input.global, input.io, true), async (c) => {
      input.progress(`asking the StakeToken ${c.addresses.StakeToken} faucet for tokens…`);
      const result = await faucet(c.token);
      const account = c.wallet!.address;
      input.print(
        table(`received ${tokens(result.amount, c.decimals)}`, [
          ["account", account],
          ["balance", tokens(result.balance, c.decimals)],
          ["next faucet", new Date(Number(result.availableAt) * 1000).toISOString()],
          ["transaction", result.receipt.hash],
        ]),
        {
          account,
          token: c.addresses.StakeToken,
          amount: result.amount,
          balance: result.balance,
          availableAt: result.availableAt,
          transactionHash: result.receipt.hash,
        },
      );
    });
  },
};

/** The faucet command. */
export const FAUCET_COMMANDS: Command[] = [faucet_];
