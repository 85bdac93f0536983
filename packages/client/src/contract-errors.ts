import { ErrorFragment, getAddress, Interface, isHexString, type JsonFragment, type Result } from "ethers";
import { CONTRACT_ABIS } from "./contracts";
import { BlockageError, ContractCallError } from "./errors";
import { NODE_STATUS_NAMES } from "./registry/status";
import { CLAIM_STATUS_NAMES } from "./rollup/claim-status";
import { IAccessControl__factory } from "./typechain/factories/@openzeppelin/contracts/access/IAccessControl__factory";
import { Ownable__factory } from "./typechain/factories/@openzeppelin/contracts/access/Ownable__factory";
import { IERC20Errors__factory } from "./typechain/factories/@openzeppelin/contracts/interfaces/draft-IERC6093.sol/IERC20Errors__factory";
import { ReentrancyGuardTransient__factory } from "./typechain/factories/@openzeppelin/contracts/utils/ReentrancyGuardTransient__factory";
import { EIP712__factory } from "./typechain/factories/@openzeppelin/contracts/utils/cryptography/EIP712__factory";

/**
 * The OpenZeppelin Contracts 5.x errors of the interfaces and abstract contracts the blockage contracts build on
 * (AccessControl, Ownable, ERC20's IERC20Errors, which a token they call may also revert with,
 * ReentrancyGuardTransient, EIP712's ShortStrings errors): the ABIs TypeChain generated from the pinned OpenZeppelin
 * sources, from its ABI-only factories. The errors of the libraries they call (SafeERC20, ECDSA, SafeCast,
 * Checkpoints) are in the contracts' own ABIs; TypeChain's factories of those libraries would bring their creation
 * bytecode along.
 */
const OPENZEPPELIN_ABIS = [
  IAccessControl__factory.abi,
  Ownable__factory.abi,
  IERC20Errors__factory.abi,
  ReentrancyGuardTransient__factory.abi,
  EIP712__factory.abi,
];

/** Enums that errors carry, printed by name: Solidity `internalType` → names by value. */
const ENUM_NAMES: Record<string, readonly string[]> = {
  "enum NodeStatus": NODE_STATUS_NAMES,
  "enum ClaimStatus": CLAIM_STATUS_NAMES,
};

/** Selector → the error fragment, plus which of its parameters are enums (parameter name → value names). */
interface KnownError {
  fragment: ErrorFragment;
  enumParameters: Map<string, readonly string[]>;
}

function collectErrors(): Map<string, KnownError> {
  const known = new Map<string, KnownError>();
  const add = (fragment: ErrorFragment, enumParameters = new Map<string, readonly string[]>()) => {
    if (!known.has(fragment.selector)) known.set(fragment.selector, { fragment, enumParameters });
  };
  // JSON ABIs first: they carry `internalType`, which tells a NodeStatus or ClaimStatus from a plain uint8. A
  // contract's ABI holds the errors of the interfaces it implements, so the deployable contracts' ABIs are enough.
  const abis = [
    CONTRACT_ABIS.NodeRegistry,
    CONTRACT_ABIS.Lottery,
    CONTRACT_ABIS.EpochProofVerifier,
    CONTRACT_ABIS.Rollup,
    CONTRACT_ABIS.ProverCoordinator,
    CONTRACT_ABIS.CooperativeCoordinator,
    CONTRACT_ABIS.OpenRaceCoordinator,
    CONTRACT_ABIS.RewardPool,
    CONTRACT_ABIS.ChunkStateTransition,
    CONTRACT_ABIS.PayoutDistributor,
    CONTRACT_ABIS.SeedBeacon,
    CONTRACT_ABIS.StakeToken,
    ...OPENZEPPELIN_ABIS,
  ] as unknown as ReadonlyArray<ReadonlyArray<JsonFragment>>;
  for (const abi of abis) {
    for (const item of abi) {
      if (item.type !== "error") continue;
      const enums = new Map<string, readonly string[]>();
      for (const input of item.inputs ?? []) {
        const names = input.internalType === undefined ? undefined : ENUM_NAMES[input.internalType];
        if (names !== undefined) enums.set(input.name!, names);
      }
      add(ErrorFragment.from(item), enums);
    }
  }
  return known;
}

let knownErrors: Map<string, KnownError> | undefined;
const errorsBySelector = (): Map<string, KnownError> => (knownErrors ??= collectErrors());

/**
 * One interface holding every custom error the blockage contracts can revert with: `NodeRegistry__*`,
 * `SeedBeacon__*`, `StakeToken__*`, `Lottery__*` / `LotteryLib__*`, `EpochProofVerifier__*`, `Rollup__*`,
 * `ProverCoordinator__*`, `CooperativeCoordinator__*`, `OpenRace__*`, `RewardPool__*`, `StateTransition__*`, `PayoutDistributor__*` and the OpenZeppelin errors they can raise. `Error(string)` and `Panic(uint256)`
 * are understood by every ethers `Interface`.
 *
 * @returns An ethers `Interface` with only error fragments.
 */
export function blockageErrorsInterface(): Interface {
  return new Interface([...errorsBySelector().values()].map(({ fragment }) => fragment));
}

/** A revert decoded by {@link decodeContractError}. */
export interface DecodedContractError {
  /** The error's name, e.g. `NodeRegistry__StakeBelowMinimum`, `Error` or `Panic`. */
  errorName: string;
  /** Its canonical signature, e.g. `NodeRegistry__StakeBelowMinimum(uint256,uint256)`. */
  signature: string;
  /** The 4-byte selector, `0x`-prefixed. */
  selector: string;
  /**
   * The arguments keyed by the error's parameter names: `bigint` for integers (enums too), checksummed strings
   * for addresses, `0x` hex for bytes, strings and booleans as they are. `Error(string)` has `message`,
   * `Panic(uint256)` has `code`.
   */
  args: Record<string, unknown>;
  /** The one-line form, e.g. `NodeRegistry__StakeBelowMinimum(stake: 5, minimum: 1000000000000000000000)`. */
  summary: string;
}

const PANIC_REASONS: Record<number, string> = {
  0x01: "assertion failed",
  0x11: "arithmetic underflow or overflow",
  0x12: "division or modulo by zero",
  0x21: "invalid enum value",
  0x22: "invalid storage byte array",
  0x31: "pop on an empty array",
  0x32: "array index out of bounds",
  0x41: "out of memory",
  0x51: "call to an uninitialised function",
};

/** A decoded value without ethers' `Result` wrapper (arrays become plain arrays). */
function plain(value: unknown): unknown {
  return Array.isArray(value) ? Array.from(value, plain) : value;
}

function formatValue(value: unknown, enumNames?: readonly string[]): string {
  if (enumNames !== undefined && typeof value === "bigint") {
    const name = enumNames[Number(value)];
    return name === undefined ? value.toString() : name;
  }
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return isHexString(value) ? value : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => formatValue(v)).join(", ")}]`;
  return String(value);
}

function decoded(
  errorName: string,
  signature: string,
  selector: string,
  args: Record<string, unknown>,
  enums = new Map<string, readonly string[]>(),
): DecodedContractError {
  const parts = Object.entries(args).map(([key, value]) => `${key}: ${formatValue(value, enums.get(key))}`);
  return { errorName, signature, selector, args, summary: `${errorName}(${parts.join(", ")})` };
}

/**
 * Decodes revert data against every error of the blockage contracts (see {@link blockageErrorsInterface}) and the
 * built-in `Error(string)` and `Panic(uint256)`.
 *
 * @param data - Revert data, `0x`-prefixed hex.
 * @returns The decoded error, or `null` if the selector is unknown, the data is empty or does not decode.
 * @example
 * decodeContractError("0x…")?.summary // "NodeRegistry__StakeBelowMinimum(stake: 5, minimum: 1000)"
 */
export function decodeContractError(data: string): DecodedContractError | null {
  if (!isHexString(data) || data.length < 10) return null;
  const selector = data.slice(0, 10).toLowerCase();
  try {
    if (selector === "0x08c379a0" || selector === "0x4e487b71") {
      const description = new Interface([]).parseError(data);
      if (description === null) return null;
      if (description.name === "Error") {
        return decoded("Error", "Error(string)", selector, { message: description.args[0] as string });
      }
      const code = description.args[0] as bigint;
      const reason = PANIC_REASONS[Number(code)] ?? "unknown panic code";
      const result = decoded("Panic", "Panic(uint256)", selector, { code });
      return { ...result, summary: `Panic(code: 0x${code.toString(16)}, ${reason})` };
    }
    const known = errorsBySelector().get(selector);
    if (known === undefined) return null;
    const values: Result = new Interface([known.fragment]).decodeErrorResult(known.fragment, data);
    const args: Record<string, unknown> = {};
    known.fragment.inputs.forEach((input, i) => {
      const value = values[i];
      args[input.name || `arg${i}`] = input.type === "address" ? getAddress(value as string) : plain(value);
    });
    return decoded(known.fragment.name, known.fragment.format("sighash"), selector, args, known.enumParameters);
  } catch {
    return null;
  }
}

// Where revert data hides, most specific first. Never `transaction` or `payload`: those hold the calldata sent.
const REVERT_KEYS = ["data", "error", "info", "cause", "body"] as const;

/**
 * Finds the revert data in anything ethers (or a JSON-RPC node through ethers) throws: `error.data` of a
 * `CALL_EXCEPTION`, a nested `error.data` or `error.data.data` of a JSON-RPC error, `info.error.data`, the `cause`
 * chain, or a JSON body.
 *
 * @param error - Anything caught.
 * @returns The first revert data found (`0x` when the call reverted without data), or `undefined`.
 */
export function findRevertData(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let empty = false; // a revert without data was seen; keep looking for one with data
  const visit = (value: unknown, depth: number): string | undefined => {
    if (depth > 8 || value === null || value === undefined || seen.has(value)) return undefined;
    if (typeof value === "string") {
      if (value === "0x") {
        empty = true;
        return undefined;
      }
      if (isHexString(value) && (value.length - 2) % 64 === 8) return value;
      if (value.startsWith("{")) {
        try {
          return visit(JSON.parse(value), depth + 1);
        } catch {
          return undefined;
        }
      }
      return undefined;
    }
    if (typeof value !== "object") return undefined;
    seen.add(value);
    const record = value as Record<string, unknown>;
    for (const key of REVERT_KEYS) {
      if (!(key in record)) continue;
      const found = visit(record[key], depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return visit(error, 0) ?? (empty ? "0x" : undefined);
}

/**
 * Sets `cause` as ES2022's `{ cause }` does (own, non-enumerable, writable, configurable: a caller may still delete it),
 * without letting `BlockageError` append the cause's reason to `shortMessage`.
 */
function keepCause(error: Error, cause: unknown): void {
  if (cause !== undefined) {
    Object.defineProperty(error, "cause", { value: cause, enumerable: false, writable: true, configurable: true });
  }
}

/**
 * A blockage contract reverted with a known error. `shortMessage` is the decoded error in one line, e.g.
 * `NodeRegistry__StakeBelowMinimum(stake: 5, minimum: 1000000000000000000000)`; `errorName` and `args` let code
 * react to it.
 *
 * @example
 * try { await register(registry, params) } catch (e) {
 *   if (e instanceof ContractRevertError && e.errorName === "NodeRegistry__StakeBelowMinimum") console.log(e.args.minimum)
 * }
 */
export class ContractRevertError extends BlockageError {
  override name = "ContractRevertError" as const;
  override readonly code = "ContractRevert" as const;
  /** The error's name, e.g. `NodeRegistry__StakeBelowMinimum`. */
  readonly errorName: string;
  /** Its arguments keyed by parameter name (integers as `bigint`). */
  readonly args: Record<string, unknown>;
  /** Canonical signature, e.g. `NodeRegistry__StakeBelowMinimum(uint256,uint256)`. */
  readonly signature: string;
  /** The 4-byte selector. */
  readonly selector: string;
  /** The raw revert data. */
  readonly data: string;
  /** What the SDK was doing, e.g. `register`. */
  readonly action: string | undefined;

  /**
   * @param error - The decoded revert.
   * @param options - The raw data, the action that failed and the original error.
   */
  constructor(error: DecodedContractError, options: { data: string; action?: string; cause?: unknown }) {
    super(error.summary, {
      details: options.action === undefined ? undefined : `${options.action} reverted with ${error.signature}`,
    });
    keepCause(this, options.cause);
    this.errorName = error.errorName;
    this.args = error.args;
    this.signature = error.signature;
    this.selector = error.selector;
    this.data = options.data;
    this.action = options.action;
  }
}

/**
 * Turns anything an ethers call or transaction threw into a blockage error: a {@link ContractRevertError} when the
 * revert data decodes, else a `ContractCallError` whose `shortMessage` is `<action> failed: <reason>` (the reason
 * names an unknown selector or a revert without data when there was one). Blockage errors pass through unchanged.
 *
 * @param error - Anything caught.
 * @param action - What was attempted, e.g. `register` or `NodeRegistry deployment`.
 * @returns The error to throw.
 * @example
 * try { await (await registry.activate(pid)).wait() } catch (e) { throw toContractError(e, "activate") }
 */
export function toContractError(error: unknown, action: string): BlockageError {
  if (error instanceof BlockageError) return error;
  const data = findRevertData(error);
  if (data !== undefined) {
    const revert = decodeContractError(data);
    if (revert !== null) return new ContractRevertError(revert, { data, action, cause: error });
    const reason =
      data === "0x" ? "reverted without a reason" : `reverted with an unknown error (selector ${data.slice(0, 10)})`;
    const failure = new ContractCallError(`${action} failed: ${reason}`, { details: String(error) });
    keepCause(failure, error);
    return failure;
  }
  return new ContractCallError(`${action} failed`, { cause: error, details: String(error) });
}
