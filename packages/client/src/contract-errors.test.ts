import { describe, expect, it } from "vitest";
import { ErrorFragment, getAddress, Interface, makeError, type ParamType } from "ethers";
import {
  blockageErrorsInterface,
  ContractRevertError,
  decodeContractError,
  findRevertData,
  toContractError,
} from "./contract-errors";
import { BlockageError, ContractCallError } from "./errors";
import {
  ChunkStateTransition__factory,
  CooperativeCoordinator__factory,
  EpochProofVerifier__factory,
  ICooperativeCoordinator__factory,
  IOpenRaceCoordinator__factory,
  OpenRaceCoordinator__factory,
  ILotteryBase__factory,
  IPayoutDistributor__factory,
  IProverCoordinator__factory,
  IProverLottery__factory,
  IRewardPool__factory,
  IRollup__factory,
  NodeRegistry__factory,
  PayoutDistributor__factory,
  ProverCoordinator__factory,
  RewardPool__factory,
  Rollup__factory,
  SeedBeacon__factory,
  StakeToken__factory,
} from "./typechain";

const registryErrors = new Interface(NodeRegistry__factory.abi);
const iface = blockageErrorsInterface();

/** A deterministic sample value for an ABI parameter, different per position. */
function sample(param: ParamType, i: number): unknown {
  if (param.type === "address")
    return getAddress(
      `0x${String(i + 1)
        .padStart(2, "0")
        .repeat(20)}`,
    );
  if (param.type === "bytes32")
    return `0x${String(i + 1)
      .padStart(2, "0")
      .repeat(32)}`;
  if (param.type === "bytes") return `0x02${"cd".repeat(32)}`;
  if (param.type === "string") return `text ${i}`;
  if (param.type === "bool") return true;
  if (param.type === "uint8") return BigInt(i % 5);
  if (param.type.startsWith("uint"))
    return Number(param.type.slice(4) || 256) > 70 ? 10n ** 21n + BigInt(i) : BigInt(i + 7);
  if (param.type.startsWith("int")) return -(10n ** 20n) - BigInt(i);
  throw new Error(`no sample for ${param.type}`);
}

const encode = (fragment: ErrorFragment, values: unknown[]) =>
  new Interface([fragment]).encodeErrorResult(fragment, values);

describe("decodeContractError", () => {
  const errorsOf = (abi: readonly unknown[]) =>
    new Interface(abi as never).fragments.filter((f): f is ErrorFragment => f.type === "error");

  it.each([
    ["NodeRegistry", NodeRegistry__factory.abi],
    ["SeedBeacon", SeedBeacon__factory.abi],
    ["StakeToken", StakeToken__factory.abi],
    ["Rollup", Rollup__factory.abi],
    ["IRollup", IRollup__factory.abi],
    ["ProverCoordinator", ProverCoordinator__factory.abi],
    ["IProverCoordinator", IProverCoordinator__factory.abi],
    ["CooperativeCoordinator", CooperativeCoordinator__factory.abi],
    ["ICooperativeCoordinator", ICooperativeCoordinator__factory.abi],
    ["OpenRaceCoordinator", OpenRaceCoordinator__factory.abi],
    ["IOpenRaceCoordinator", IOpenRaceCoordinator__factory.abi],
    ["RewardPool", RewardPool__factory.abi],
    ["IRewardPool", IRewardPool__factory.abi],
    ["ILotteryBase", ILotteryBase__factory.abi],
    ["IProverLottery", IProverLottery__factory.abi],
    ["ChunkStateTransition", ChunkStateTransition__factory.abi],
    ["PayoutDistributor", PayoutDistributor__factory.abi],
    ["IPayoutDistributor", IPayoutDistributor__factory.abi],
  ] as const)("decodes every error of %s with its name and named arguments", (_, abi) => {
    const fragments = errorsOf(abi);
    expect(fragments.length).toBeGreaterThan(0);
    for (const fragment of fragments) {
      const values = fragment.inputs.map(sample);
      const decoded = decodeContractError(encode(fragment, values));
      expect(decoded, fragment.format()).not.toBeNull();
      expect(decoded!.errorName).toBe(fragment.name);
      expect(decoded!.signature).toBe(fragment.format("sighash"));
      expect(decoded!.selector).toBe(fragment.selector);
      expect(Object.keys(decoded!.args)).toEqual(fragment.inputs.map((p) => p.name));
      fragment.inputs.forEach((p, i) => expect(decoded!.args[p.name]).toEqual(values[i]));
      expect(decoded!.summary.startsWith(`${fragment.name}(`)).toBe(true);
      expect(decoded!.summary).not.toContain("\n");
    }
  });

  it("covers every NodeRegistry error in the interface it exposes", () => {
    for (const fragment of errorsOf(NodeRegistry__factory.abi))
      expect(iface.getError(fragment.selector)).not.toBeNull();
    for (const name of [
      "NodeRegistry__StakeBelowMinimum",
      "NodeRegistry__InputsNotFixed",
      "SeedBeacon__SeedNotFixed",
    ]) {
      expect(iface.getError(name)).not.toBeNull();
    }
  });

  it("covers every custom error of the open-race coordinator, by name", () => {
    for (const fragment of errorsOf(OpenRaceCoordinator__factory.abi)) {
      expect(iface.getError(fragment.selector), fragment.format()).not.toBeNull();
    }
    const names = errorsOf(OpenRaceCoordinator__factory.abi).map((f) => f.name);
    expect(names.filter((n) => n.startsWith("OpenRace__")).sort()).toEqual(
      [
        "OpenRace__InvalidConfig",
        "OpenRace__NotRollup",
        "OpenRace__NoHeaders",
        "OpenRace__TransferShort",
        "OpenRace__NotYourTurn",
        "OpenRace__UnknownUpdate",
        "OpenRace__RedundancyWindowClosed",
        "OpenRace__RedundancyWindowOpen",
        "OpenRace__NotSameTransition",
        "OpenRace__NotTurnProver",
        "OpenRace__NotActiveProver",
        "OpenRace__AlreadyFlagged",
        "OpenRace__AlreadyRanked",
        "OpenRace__ZeroAddress",
        "OpenRace__NoRewards",
      ].sort(),
    );
    for (const name of ["Rollup__ProvingFeeShort", "Rollup__NotCheckpoint"])
      expect(iface.getError(name)).not.toBeNull();
  });

  it("covers every custom error of the epoch proof verifier (batched check included), by name", () => {
    const names = errorsOf(EpochProofVerifier__factory.abi).map((f) => f.name);
    for (const fragment of errorsOf(EpochProofVerifier__factory.abi)) {
      expect(iface.getError(fragment.selector), fragment.format()).not.toBeNull();
    }
    expect(names).toContain("EpochProofVerifier__InvalidChunkProof");
    expect(names).toContain("EpochProofVerifier__BatchCheckFailed");
    expect(names).toContain("EpochProofVerifier__InsufficientGas");
    const data = iface.encodeErrorResult("EpochProofVerifier__BatchCheckFailed", [5n]);
    expect(decodeContractError(data)).toMatchObject({
      errorName: "EpochProofVerifier__BatchCheckFailed",
      args: { chunkIndex: 5n },
    });
  });

  it("covers every custom error of the Cooperative coordinator, by name", () => {
    const names = errorsOf(CooperativeCoordinator__factory.abi).map((f) => f.name);
    for (const fragment of errorsOf(CooperativeCoordinator__factory.abi)) {
      expect(iface.getError(fragment.selector), fragment.format()).not.toBeNull();
    }
    // The list is what the contract declares today (its own errors; the lottery's are checked below).
    expect(names.filter((n) => n.startsWith("CooperativeCoordinator__")).sort()).toEqual(
      [
        "CooperativeCoordinator__InvalidConfig",
        "CooperativeCoordinator__NotRollup",
        "CooperativeCoordinator__TransferShort",
        "CooperativeCoordinator__FeeBurnOutOfRange",
        "CooperativeCoordinator__UnknownBlock",
        "CooperativeCoordinator__ProvingNotOpen",
        "CooperativeCoordinator__ProvingWindowClosed",
        "CooperativeCoordinator__ProvingWindowOpen",
        "CooperativeCoordinator__ChunkCommitmentsMismatch",
        "CooperativeCoordinator__ChunkOutOfRange",
        "CooperativeCoordinator__WrongStatement",
        "CooperativeCoordinator__PreviousChunkUnproven",
        "CooperativeCoordinator__InvalidChunkProof",
        "CooperativeCoordinator__InsufficientGas",
        "CooperativeCoordinator__ProofNotBoundToSender",
        "CooperativeCoordinator__DuplicateProver",
        "CooperativeCoordinator__NotKept",
        "CooperativeCoordinator__ChunkUnproven",
        "CooperativeCoordinator__EpochFinalizable",
        "CooperativeCoordinator__NoHeaders",
        "CooperativeCoordinator__NoRewards",
        "CooperativeCoordinator__ZeroAddress",
        "CooperativeCoordinator__WeightTooLarge",
        "CooperativeCoordinator__InvalidRingRange",
      ].sort(),
    );
  });

  it("covers every custom error of the rollup, the coordinator, the reward pool and the lottery interfaces", () => {
    const names = new Set<string>();
    for (const abi of [
      Rollup__factory.abi,
      ProverCoordinator__factory.abi,
      RewardPool__factory.abi,
      ILotteryBase__factory.abi,
      IProverLottery__factory.abi,
      ChunkStateTransition__factory.abi,
    ]) {
      for (const fragment of errorsOf(abi)) {
        names.add(fragment.name);
        expect(iface.getError(fragment.selector), fragment.format()).not.toBeNull();
      }
    }
    // The list is what the contracts declare today: a new error must be added here, and then decodes by name.
    for (const name of [
      "Rollup__InvalidConfig",
      "Rollup__WrongSlot",
      "Rollup__WrongParent",
      "Rollup__WrongPrevState",
      "Rollup__StateNotInField",
      "Rollup__WrongFeeSplit",
      "Rollup__BadTxCount",
      "Rollup__TxNotInField",
      "Rollup__DaCommitmentMismatch",
      "Rollup__SlotTaken",
      "Rollup__PendingChainFull",
      "Rollup__NotCoordinator",
      "Rollup__NotNextEpoch",
      "Rollup__TransferShort",
      "Rollup__InvalidBuilderSignature",
      "Rollup__BasedModeUnprovenBlocks",
      "Rollup__BasedModeNotOpen",
      "Rollup__NoHeaders",
      "Rollup__HeaderMismatch",
      "Rollup__HeaderOutsideEpoch",
      "Rollup__IncompleteEpoch",
      "Rollup__NothingToRefund",
      "Rollup__NotChallengeable",
      "Rollup__BlockValid",
      "Rollup__EpochFull",
      "Rollup__ProvingFeeShort",
      "Rollup__NotCheckpoint",
      "ProverCoordinator__InvalidConfig",
      "ProverCoordinator__NotRollup",
      "ProverCoordinator__TransferShort",
      "ProverCoordinator__NoHeaders",
      "ProverCoordinator__NotPreviousEpoch",
      "ProverCoordinator__NotInClaimPhase",
      "ProverCoordinator__AlreadyClaimed",
      "ProverCoordinator__NoProposerForSlot",
      "ProverCoordinator__NotCurrentProposer",
      "ProverCoordinator__InvalidProverSignature",
      "ProverCoordinator__ProverNotSender",
      "ProverCoordinator__QuoteExpired",
      "ProverCoordinator__BondOutOfRange",
      "ProverCoordinator__FeeTooHigh",
      "ProverCoordinator__NotDesignatedProver",
      "ProverCoordinator__EpochNotOver",
      "ProverCoordinator__ProofRaceNotOpen",
      "ProverCoordinator__NotSlashable",
      "ProverCoordinator__NoRewards",
      "ProverCoordinator__ZeroAddress",
      "ProverCoordinator__EarlierEpochUnproven",
      "ProverCoordinator__NothingToProve",
      "RewardPool__NotCoordinator",
      "RewardPool__ZeroAmount",
      "StateTransition__BadTxCount",
      "StateTransition__NotInField",
      "Lottery__NotCurrentSlot",
      "Lottery__NotOperator",
      "Lottery__NotActive",
      "Lottery__MissingRole",
      "Lottery__InvalidVrfProof",
      "Lottery__NotBetter",
      "Lottery__ZeroWeight",
      "Lottery__AgeCapAboveRegistry",
      "Lottery__CommitRevealDisabled",
      "Lottery__CommitTooLate",
      "Lottery__ZeroCommitment",
      "Lottery__CommittedToReveal",
      "Lottery__InvalidReveal",
      "Lottery__TicketWindowClosed",
      "SafeCastOverflowedIntDowncast",
    ]) {
      expect(names.has(name), name).toBe(true);
      expect(iface.getError(name), name).not.toBeNull();
    }
    const declared = [...names].filter((n) => /^(Rollup|ProverCoordinator|RewardPool|StateTransition)__/.test(n));
    expect(declared.length).toBe(27 + 22 + 2 + 2);
  });

  it("prints ClaimStatus arguments by name", () => {
    const coordinatorErrors = new Interface(ProverCoordinator__factory.abi);
    const data = coordinatorErrors.encodeErrorResult("ProverCoordinator__NotSlashable", [4n, 2, 100n]);
    expect(decodeContractError(data)).toMatchObject({
      errorName: "ProverCoordinator__NotSlashable",
      args: { epoch: 4n, status: 2n, finalDeadlineSlot: 100n },
      summary: "ProverCoordinator__NotSlashable(epoch: 4, status: Proven, finalDeadlineSlot: 100)",
    });
  });

  it("prints the summary with decimal integers and NodeStatus names", () => {
    const below = registryErrors.encodeErrorResult("NodeRegistry__StakeBelowMinimum", [5n, 10n ** 21n]);
    expect(decodeContractError(below)).toMatchObject({
      errorName: "NodeRegistry__StakeBelowMinimum",
      args: { stake: 5n, minimum: 10n ** 21n },
      summary: "NodeRegistry__StakeBelowMinimum(stake: 5, minimum: 1000000000000000000000)",
    });
    const pid = `0x${"ab".repeat(32)}`;
    const wrong = registryErrors.encodeErrorResult("NodeRegistry__WrongStatus", [pid, 1, 2]);
    expect(decodeContractError(wrong)).toMatchObject({
      args: { pid, expected: 1n, actual: 2n },
      summary: `NodeRegistry__WrongStatus(pid: ${pid}, expected: Pending, actual: Active)`,
    });
  });

  it("decodes the OpenZeppelin errors the contracts can raise", () => {
    const cases: Array<[string, unknown[]]> = [
      [
        "error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)",
        [getAddress(`0x${"11".repeat(20)}`), `0x${"22".repeat(32)}`],
      ],
      ["error SafeERC20FailedOperation(address token)", [getAddress(`0x${"33".repeat(20)}`)]],
      [
        "error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)",
        [getAddress(`0x${"44".repeat(20)}`), 1n, 2n],
      ],
      [
        "error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)",
        [getAddress(`0x${"55".repeat(20)}`), 0n, 7n],
      ],
      ["error ERC20InvalidReceiver(address receiver)", [getAddress(`0x${"00".repeat(20)}`)]],
      ["error ReentrancyGuardReentrantCall()", []],
      ["error OwnableUnauthorizedAccount(address account)", [getAddress(`0x${"66".repeat(20)}`)]],
      ["error ECDSAInvalidSignature()", []],
      ["error ECDSAInvalidSignatureLength(uint256 length)", [64n]],
      ["error ECDSAInvalidSignatureS(bytes32 s)", [`0x${"77".repeat(32)}`]],
    ];
    for (const [signature, values] of cases) {
      const fragment = ErrorFragment.from(signature);
      const decoded = decodeContractError(encode(fragment, values));
      expect(decoded?.errorName).toBe(fragment.name);
      expect(Object.values(decoded!.args)).toEqual(values);
    }
    const allowance = decodeContractError(encode(ErrorFragment.from(cases[3][0]), cases[3][1]));
    expect(allowance!.summary).toBe(`ERC20InsufficientAllowance(spender: ${cases[3][1][0]}, allowance: 0, needed: 7)`);
  });

  it("knows every OpenZeppelin error the contracts can raise, from OpenZeppelin's and the contracts' ABIs", () => {
    // The list this module kept by hand before it read ABIs, less what no blockage contract can raise with
    // OpenZeppelin 5.7: Address's errors (SafeERC20 no longer uses Address) and SafeERC20FailedDecreaseAllowance.
    for (const signature of [
      "AccessControlUnauthorizedAccount(address,bytes32)",
      "AccessControlBadConfirmation()",
      "OwnableUnauthorizedAccount(address)",
      "OwnableInvalidOwner(address)",
      "ERC20InsufficientBalance(address,uint256,uint256)",
      "ERC20InvalidSender(address)",
      "ERC20InvalidReceiver(address)",
      "ERC20InsufficientAllowance(address,uint256,uint256)",
      "ERC20InvalidApprover(address)",
      "ERC20InvalidSpender(address)",
      "SafeERC20FailedOperation(address)",
      "ReentrancyGuardReentrantCall()",
      "ECDSAInvalidSignature()",
      "ECDSAInvalidSignatureLength(uint256)",
      "ECDSAInvalidSignatureS(bytes32)",
      "InvalidShortString()",
      "StringTooLong(string)",
      "SafeCastOverflowedUintDowncast(uint8,uint256)",
      "CheckpointUnorderedInsertion()",
    ]) {
      const fragment = iface.getError(signature);
      expect(fragment, signature).not.toBeNull();
      const values = fragment!.inputs.map(sample);
      expect(decodeContractError(encode(fragment!, values))?.signature).toBe(signature);
    }
  });

  it("decodes Error(string) and Panic(uint256)", () => {
    const error = `0x08c379a0${new Interface(["function f(string)"]).encodeFunctionData("f", ["boom"]).slice(10)}`;
    expect(decodeContractError(error)).toMatchObject({
      errorName: "Error",
      args: { message: "boom" },
      summary: 'Error(message: "boom")',
    });
    const panic = `0x4e487b71${"0".repeat(62)}11`;
    expect(decodeContractError(panic)).toMatchObject({
      errorName: "Panic",
      args: { code: 17n },
      summary: "Panic(code: 0x11, arithmetic underflow or overflow)",
    });
  });

  it("returns null for unknown selectors, empty and malformed data", () => {
    expect(decodeContractError("0xdeadbeef")).toBeNull();
    expect(decodeContractError("0x")).toBeNull();
    expect(decodeContractError("not hex")).toBeNull();
    const below = registryErrors.encodeErrorResult("NodeRegistry__StakeBelowMinimum", [5n, 6n]);
    expect(decodeContractError(below.slice(0, 20))).toBeNull(); // truncated arguments
  });
});

describe("findRevertData and toContractError", () => {
  const data = registryErrors.encodeErrorResult("NodeRegistry__ActivationTooEarly", [`0x${"01".repeat(32)}`, 3n, 2n]);

  it.each([
    [
      "an ethers CALL_EXCEPTION",
      makeError("execution reverted", "CALL_EXCEPTION", {
        action: "estimateGas",
        data,
        reason: null,
        transaction: { to: null, data: "0x1234" },
        invocation: null,
        revert: null,
      }),
    ],
    ["a JSON-RPC error with data", { code: -32603, message: "reverted", data }],
    ["a nested error.data", { error: { code: 3, data } }],
    ["a nested error.data.data (Hardhat)", { error: { code: -32603, data: { message: "reverted", data } } }],
    [
      "info.error.data",
      makeError("could not coalesce error", "UNKNOWN_ERROR", {
        error: { code: 3, data },
        info: { error: { code: 3, data }, payload: { method: "eth_estimateGas" } },
      } as never),
    ],
    ["a cause chain", new Error("wrapped", { cause: { info: { error: { data } } } })],
    ["a JSON body", { body: JSON.stringify({ jsonrpc: "2.0", id: 1, error: { code: 3, message: "reverted", data } }) }],
  ])("finds the data in %s", (_, error) => {
    expect(findRevertData(error)).toBe(data);
    const thrown = toContractError(error, "activate");
    expect(thrown).toBeInstanceOf(ContractRevertError);
    expect(thrown).toBeInstanceOf(BlockageError);
    const revert = thrown as ContractRevertError;
    expect(revert.name).toBe("ContractRevertError");
    expect(revert.errorName).toBe("NodeRegistry__ActivationTooEarly");
    expect(revert.args).toEqual({ pid: `0x${"01".repeat(32)}`, allowedFromEpoch: 3n, currentEpoch: 2n });
    expect(revert.shortMessage).toBe(
      `NodeRegistry__ActivationTooEarly(pid: 0x${"01".repeat(32)}, allowedFromEpoch: 3, currentEpoch: 2)`,
    );
    expect(revert.action).toBe("activate");
    expect(revert.data).toBe(data);
    expect(revert.cause).toBe(error);
  });

  it("prefers nested data over an empty top-level revert", () => {
    expect(findRevertData({ data: "0x", info: { error: { data } } })).toBe(data);
    expect(findRevertData({ data: "0x", info: { error: { message: "reverted" } } })).toBe("0x");
    expect(findRevertData(new Error("socket hang up"))).toBeUndefined();
  });

  it("does not take a transaction's calldata for revert data", () => {
    const error = makeError("insufficient funds", "INSUFFICIENT_FUNDS", { transaction: { to: null, data: data } });
    expect(findRevertData(error)).toBeUndefined();
    const thrown = toContractError(error, "register");
    expect(thrown).toBeInstanceOf(ContractCallError);
    expect(thrown.shortMessage).toBe("register failed: insufficient funds");
  });

  it("says when the revert is unknown or empty", () => {
    expect(toContractError({ data: `0xdeadbeef${"00".repeat(32)}` }, "withdraw").shortMessage).toBe(
      "withdraw failed: reverted with an unknown error (selector 0xdeadbeef)",
    );
    const empty = makeError("execution reverted", "CALL_EXCEPTION", {
      action: "call",
      data: "0x",
      reason: null,
      transaction: { to: null, data: "0x" },
      invocation: null,
      revert: null,
    });
    const thrown = toContractError(empty, "unbond");
    expect(thrown).toBeInstanceOf(ContractCallError);
    expect(thrown.shortMessage).toBe("unbond failed: reverted without a reason");
    expect(thrown.cause).toBe(empty);
  });

  it("passes blockage errors through", () => {
    const error = new ContractCallError("already wrapped");
    expect(toContractError(error, "x")).toBe(error);
  });
});
