// Sending a transaction for any action: the signer behind a contract, token allowances, waiting for the receipt and
// reading the events it emitted, with every failure turned into a blockage error.
import type {
  BaseContract,
  ContractRunner,
  ContractTransactionReceipt,
  ContractTransactionResponse,
  LogDescription,
  Overrides,
  Signer,
  TransactionReceipt,
} from "ethers";
import { ContractRevertError, toContractError } from "./contract-errors";
import { ContractCallError, InvalidParameterError } from "./errors";
import { IStakeToken__factory } from "./typechain";
import type { TypedContractEvent, TypedLogDescription } from "./typechain/common";

/**
 * The signer a contract is connected to.
 *
 * @param contract - A contract whose runner should be a signer.
 * @param action - What is attempted, for the error message.
 * @returns The signer.
 * @throws {InvalidParameterError} If the contract is connected to a provider only.
 */
export function signerOf(contract: BaseContract, action: string): Signer {
  const runner = contract.runner as (ContractRunner & Partial<Signer>) | null;
  if (runner === null || typeof runner.sendTransaction !== "function" || typeof runner.getAddress !== "function") {
    throw new InvalidParameterError(`${action}: the contract must be connected to a signer (contract.connect(signer))`);
  }
  return runner as Signer;
}

/**
 * Sends a transaction and waits for it to be mined successfully.
 *
 * @param action - What is attempted, e.g. `register`.
 * @param send - Sends the transaction (a TypeChain method call).
 * @returns The receipt of the mined transaction.
 * @throws {ContractRevertError} If it reverts with a known error (in gas estimation or on-chain).
 * @throws {ContractCallError} For any other failure.
 */
export async function sendTransaction(
  action: string,
  send: () => Promise<ContractTransactionResponse>,
): Promise<ContractTransactionReceipt> {
  let response: ContractTransactionResponse | undefined;
  try {
    response = await send();
    const receipt = await response.wait();
    if (receipt === null) throw new ContractCallError(`${action}: the transaction was replaced or dropped`);
    return receipt;
  } catch (error) {
    // A mined failure that used every unit of gas ran out of gas; ethers only says "execution reverted".
    const receipt = (error as { receipt?: { status?: number | null; gasUsed?: bigint } } | null)?.receipt;
    if (response !== undefined && receipt?.status === 0 && receipt.gasUsed === response.gasLimit) {
      throw new ContractCallError(
        `${action} ran out of gas: it used all ${response.gasLimit} gas of its limit (transaction ${response.hash})`,
        { cause: error },
      );
    }
    throw toContractError(error, action);
  }
}

/**
 * Gas added to the estimate of every registry and beacon transaction. The first registry transaction of an epoch
 * also begins it (poke, root record, `EpochStart`: about 350k gas measured in `bench/registry.json`), and a poke
 * after a seed cutoff records seeds (about 125k); a transaction estimated late in one epoch and mined in the next
 * would otherwise run out of gas. Likewise a registry transaction mined inside a seed window stores its block's
 * beacon snapshot (a poke, never on top of an epoch's begin) although it may have been estimated outside one.
 * Unused gas is not charged.
 */
export const EPOCH_ROLL_GAS_HEADROOM = 450_000n;

/** A TypeChain method: callable with its arguments plus overrides, and able to estimate its gas. */
export type EstimableMethod = ((...args: never) => Promise<ContractTransactionResponse>) & {
  estimateGas: (...args: never) => Promise<bigint>;
};

/**
 * Calls a registry or beacon method with a gas limit of its estimate plus {@link EPOCH_ROLL_GAS_HEADROOM}.
 *
 * @param method - The TypeChain method, e.g. `registry.activate`.
 * @param args - Its arguments.
 * @param overrides - Transaction overrides (a `gasLimit` here is replaced).
 * @returns The sent transaction.
 * @throws Whatever estimating or sending throws (reverts surface from the estimate).
 */
export async function sendWithEpochHeadroom(
  method: EstimableMethod,
  args: readonly unknown[],
  overrides: Overrides = {},
): Promise<ContractTransactionResponse> {
  const call = method as unknown as (...a: unknown[]) => Promise<ContractTransactionResponse>;
  const estimate = await (method.estimateGas as unknown as (...a: unknown[]) => Promise<bigint>)(...args, overrides);
  return call(...args, { ...overrides, gasLimit: estimate + EPOCH_ROLL_GAS_HEADROOM });
}

/**
 * Reads a value from a contract, turning failures into blockage errors.
 *
 * @param action - What is read, e.g. `NodeRegistry.node`.
 * @param read - The call.
 * @returns The call's result.
 * @throws {ContractRevertError} If it reverts with a known error.
 * @throws {ContractCallError} For any other failure.
 */
export async function readContract<T>(action: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw toContractError(error, action);
  }
}

/**
 * The names of the events a TypeChain contract can emit, as `contract.filters` keys them (`"NodeRegistered"`; the
 * full signatures it also lists are left out, as a decoded log carries only the name).
 */
export type ContractEventName<C extends BaseContract> = Exclude<keyof C["filters"] & string, `${string}(${string}`>;

/**
 * An event of a TypeChain contract decoded from a log, with its arguments typed by the contract's
 * `XEvent.OutputObject` (by name) and `XEvent.OutputTuple` (by position). A contract without TypeChain event types
 * gets ethers' untyped `LogDescription`.
 */
export type ContractEventLog<
  C extends BaseContract,
  N extends ContractEventName<C>,
> = C["filters"][N] extends TypedContractEvent ? TypedLogDescription<C["filters"][N]> : LogDescription;

/**
 * The events of one name a contract emitted in a receipt, decoded and typed.
 *
 * @param contract - The emitting contract, a TypeChain binding (its interface decodes the logs, its `filters` type
 *   them).
 * @param receipt - The receipt.
 * @param eventName - Event name, e.g. `NodeRegistered`.
 * @returns The decoded events, in log order.
 * @example
 * const seeds = receiptEvents(beacon, receipt, "SeedFixed").map((event) => event.args.seed);
 */
export function receiptEvents<C extends BaseContract, N extends ContractEventName<C>>(
  contract: C,
  receipt: TransactionReceipt,
  eventName: N,
): ContractEventLog<C, N>[] {
  const address = String(contract.target).toLowerCase();
  const events: ContractEventLog<C, N>[] = [];
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== address) continue;
    const parsed = contract.interface.parseLog(log);
    // The parsed log's `args` is the `Result` TypeChain's types describe: named and positional access alike.
    if (parsed !== null && parsed.name === eventName) events.push(parsed as ContractEventLog<C, N>);
  }
  return events;
}

/**
 * The single event of a name a transaction emitted, decoded and typed.
 *
 * @param contract - The emitting contract, a TypeChain binding.
 * @param receipt - The receipt.
 * @param eventName - Event name.
 * @returns The decoded event.
 * @throws {ContractCallError} If the transaction did not emit it (not a blockage contract at that address?).
 * @example
 * const { args } = receiptEvent(registry, receipt, "NodeRegistered");
 * console.log(args.pid, args.leafIndex); // string, bigint
 */
export function receiptEvent<C extends BaseContract, N extends ContractEventName<C>>(
  contract: C,
  receipt: TransactionReceipt,
  eventName: N,
): ContractEventLog<C, N> {
  const [event] = receiptEvents(contract, receipt, eventName);
  if (event === undefined) {
    throw new ContractCallError(`transaction ${receipt.hash} emitted no ${eventName} event from ${contract.target}`);
  }
  return event;
}

/** Reverts a dry run may hit only because the approval has not been sent yet. */
const ALLOWANCE_ERRORS = new Set(["ERC20InsufficientAllowance"]);

/** Result of {@link sendStakeTransaction}. */
export interface SendStakeTransactionReturnType {
  /** The registry call's receipt. */
  receipt: ContractTransactionReceipt;
  /** The `approve` receipt, or `null` if none was needed. */
  approveReceipt: ContractTransactionReceipt | null;
}

/**
 * Sends a registry call that pulls `amount` of stake from the signer (register, increaseStake, delegate). When
 * `approve` is true and the allowance is short it first dry-runs the call (`staticCall`) and approves exactly
 * `amount` only if the call fails for no other reason than the missing allowance, so a call the registry would refuse
 * (wrong status, not the operator, too little stake, …) fails before any approval is mined or left behind. The call
 * then goes out with the next nonce (a provider's cached `eth_getTransactionCount` would repeat the approval's) and
 * the epoch-roll gas headroom.
 *
 * @param registry - The registry, connected to the token holder's signer.
 * @param action - The call's name, for error messages.
 * @param method - The TypeChain method, e.g. `registry.delegate`.
 * @param args - Its arguments.
 * @param amount - Base units the call pulls.
 * @param approve - Whether to approve at all (false when the caller manages allowances).
 * @returns The receipts.
 * @throws {ContractRevertError} If the dry run or the call reverts (for the dry run: for another reason than the
 *   allowance).
 * @throws {ContractCallError} If reading, approving or sending fails otherwise.
 */
export async function sendStakeTransaction(
  registry: BaseContract & { stakeToken(): Promise<string> },
  action: string,
  method: EstimableMethod & { staticCall: (...args: never) => Promise<unknown> },
  args: readonly unknown[],
  amount: bigint,
  approve: boolean,
): Promise<SendStakeTransactionReturnType> {
  const signer = signerOf(registry, action);
  let approveReceipt: ContractTransactionReceipt | null = null;
  let nonce: number | undefined;
  if (approve && amount > 0n) {
    const [tokenAddress, spender, owner] = await readContract("NodeRegistry.stakeToken", () =>
      Promise.all([registry.stakeToken(), registry.getAddress(), signer.getAddress()]),
    );
    const token = IStakeToken__factory.connect(tokenAddress, signer);
    const allowance = await readContract("StakeToken.allowance", () => token.allowance(owner, spender));
    if (allowance < amount) {
      try {
        await (method.staticCall as unknown as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (error) {
        const decoded = toContractError(error, action);
        if (!(decoded instanceof ContractRevertError && ALLOWANCE_ERRORS.has(decoded.errorName))) throw decoded;
      }
      approveReceipt = await sendTransaction("approve", async () => {
        const response = await token.approve(spender, amount);
        nonce = response.nonce + 1;
        return response;
      });
    }
  }
  const receipt = await sendTransaction(action, () => sendWithEpochHeadroom(method, args, { nonce }));
  return { receipt, approveReceipt };
}

/**
 * Checks that there is contract code at `address` (when the runner has a provider), so that a wrong address fails
 * with a clear error instead of empty reads.
 *
 * @param runner - Any runner; without a provider nothing is checked.
 * @param address - A checked address.
 * @param name - The contract expected there, for the message.
 * @throws {ContractCallError} If there is no code, or it cannot be read.
 */
export async function requireContractAt(runner: ContractRunner, address: string, name: string): Promise<void> {
  const provider = runner.provider;
  if (!provider) return;
  let code: string;
  try {
    code = await provider.getCode(address);
  } catch (cause) {
    throw new ContractCallError(`reading the code at ${address} failed`, { cause });
  }
  if (code === "0x") throw new ContractCallError(`there is no ${name} contract at ${address}`);
}
