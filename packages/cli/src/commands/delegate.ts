// blockage delegate | undelegate | withdraw-delegation
import { delegate, getDelegation, undelegate, withdrawDelegation } from "@blockage/client";
import { checkTokenAmount, parseTokens } from "../arguments";
import type { Command, CommandInput } from "../command";
import { connect, resolvePid, withConnection, type Connection } from "../context";
import { table, tokens } from "../output";

/** Runs `body` with the --key account connected, for the node of the first positional (checked before connecting). */
async function withSigner(
  input: CommandInput,
  body: (c: Connection, pid: string, delegator: string) => Promise<void>,
): Promise<void> {
  const pid = resolvePid(input.positionals[0], undefined, null);
  await withConnection(connect(input.global, input.io, true), (c) => body(c, pid, c.wallet!.address));
}

const delegate_: Command = {
  path: "delegate",
  options: {},
  positionals: { min: 2, max: 2, names: "<pid> <amount>" },
  async run(input) {
    resolvePid(input.positionals[0], undefined, null);
    const amountText = checkTokenAmount(input.positionals[1], "amount");
    await withSigner(input, async (c, pid, delegator) => {
      const amount = parseTokens(amountText, "amount", c.decimals);
      input.progress(`delegating ${tokens(amount, c.decimals)} to node ${pid}…`);
      const result = await delegate(c.registry, { pid, amount });
      const position = await getDelegation(c.registry, { pid, delegator });
      input.print(
        table(`delegated ${tokens(amount, c.decimals)} to node ${pid}`, [
          ["delegator", delegator],
          ["shares", result.shares.toString()],
          ["counted from", `epoch ${result.effectiveEpoch}`],
          ["your delegation", tokens(position.stake, c.decimals)],
          ["transaction", result.receipt.hash],
        ]),
        {
          pid,
          delegator,
          amount,
          shares: result.shares,
          effectiveEpoch: result.effectiveEpoch,
          delegation: position,
          transactionHash: result.receipt.hash,
        },
      );
    });
  },
};

const undelegate_: Command = {
  path: "undelegate",
  options: {},
  positionals: { min: 2, max: 2, names: "<pid> <amount|all>" },
  async run(input) {
    resolvePid(input.positionals[0], undefined, null);
    const amountText = input.positionals[1] === "all" ? "all" : checkTokenAmount(input.positionals[1], "amount");
    await withSigner(input, async (c, pid, delegator) => {
      const amount = amountText === "all" ? "all" : parseTokens(amountText, "amount", c.decimals);
      input.progress(`undelegating ${amount === "all" ? "everything" : tokens(amount, c.decimals)} from node ${pid}…`);
      const result = await undelegate(c.registry, { pid, amount });
      input.print(
        table(`undelegated ${tokens(result.amount, c.decimals)} from node ${pid}`, [
          ["delegator", delegator],
          ["shares burnt", result.shares.toString()],
          ["withdrawable from", `epoch ${result.withdrawableEpoch}`],
          ["transaction", result.receipt.hash],
        ]),
        {
          pid,
          delegator,
          amount: result.amount,
          shares: result.shares,
          withdrawableEpoch: result.withdrawableEpoch,
          transactionHash: result.receipt.hash,
        },
      );
    });
  },
};

const withdrawDelegation_: Command = {
  path: "withdraw-delegation",
  options: {},
  positionals: { min: 1, max: 1, names: "<pid>" },
  async run(input) {
    resolvePid(input.positionals[0], undefined, null);
    await withSigner(input, async (c, pid, delegator) => {
      input.progress(`withdrawing the undelegated stake from node ${pid}…`);
      const result = await withdrawDelegation(c.registry, { pid });
      input.print(
        table(`withdrew ${tokens(result.amount, c.decimals)} from node ${pid}`, [
          ["to", delegator],
          ["transaction", result.receipt.hash],
        ]),
        { pid, delegator, amount: result.amount, transactionHash: result.receipt.hash },
      );
    });
  },
};

/** The delegation commands. */
export const DELEGATION_COMMANDS: Command[] = [delegate_, undelegate_, withdrawDelegation_];
