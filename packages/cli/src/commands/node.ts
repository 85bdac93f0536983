// blockage node register | activate | unbond | withdraw | increase-stake | status | proof
import fs from "node:fs";
import path from "node:path";
import {
  activate,
  ContractRevertError,
  generateNodeKeys,
  getActiveSetProof,
  getNodeStatus,
  increaseStake,
  InvalidParameterError,
  type LeafUpdatesProgress,
  NODE_VRF_SUITE,
  type NodeKeys,
  parseRoles,
  pidOf,
  register,
  rolesName,
  unbond,
  withdraw,
} from "@blockage/client";
import {
  checkTokenAmount,
  MAX_BLOCK,
  MAX_EPOCH,
  parseInteger,
  parseOptionalInteger,
  parseSalt,
  parseTokens,
} from "../arguments";
import type { Command, CommandInput } from "../command";
import { connect, registryDeploymentBlock, resolvePid, walletFrom, withConnection } from "../context";
import { formatTokens, table, tokens } from "../output";
import { CliError, UsageError } from "../errors";

/** Label width of the `node status` tables, so that they line up. */
const WIDTH = 11;

/** The pid a command acts on, checked before connecting: the positional one, else the key's node. */
function pidArgument(input: CommandInput, index: number): string {
  const operator = walletFrom(input.global, input.io)?.address ?? null;
  return resolvePid(input.positionals[index], input.values.salt as string | undefined, operator);
}

/** Where `node register` takes the node's keys from. */
type KeySource =
  | { kind: "generate"; keysFile: string | undefined }
  | { kind: "file"; file: string; vrfSecretKey: string; vrfKey: string; commKey: string }
  | { kind: "given"; vrfKey: string; vrfKeyProof: string; commKey: string };

/** Checks the key options of `node register` before anything is sent. */
function keySource(v: Record<string, string | undefined>, cwd: string): KeySource {
  const given = ["vrf-key", "vrf-key-proof", "comm-key"].filter((name) => v[name] !== undefined);
  if (v["use-keys"] !== undefined) {
    if (given.length > 0 || v["keys-file"] !== undefined) {
      throw new UsageError(
        "--use-keys takes every key from its file: drop --keys-file, --vrf-key, --vrf-key-proof and --comm-key",
      );
    }
    const file = path.resolve(cwd, v["use-keys"]);
    let document: { vrf?: { secretKey?: unknown; publicKey?: unknown }; comm?: { publicKey?: unknown } };
    try {
      document = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
      throw new CliError(`cannot read the keys file ${file}: ${(error as Error).message}`);
    }
    const { vrf, comm } = document ?? {};
    if (
      typeof vrf?.secretKey !== "string" ||
      typeof vrf.publicKey !== "string" ||
      typeof comm?.publicKey !== "string"
    ) {
      throw new CliError(
        `${file} is not a blockage key file (it needs vrf.secretKey, vrf.publicKey and comm.publicKey)`,
        'key files are written by "blockage node register"',
      );
    }
    return { kind: "file", file, vrfSecretKey: vrf.secretKey, vrfKey: vrf.publicKey, commKey: comm.publicKey };
  }
  if (given.length > 0) {
    if (given.length < 3) {
      throw new UsageError("--vrf-key, --vrf-key-proof and --comm-key go together (or omit them to generate keys)");
    }
    if (v["keys-file"] !== undefined) {
      throw new UsageError("--keys-file is only written for generated keys: drop it when giving --vrf-key");
    }
    return { kind: "given", vrfKey: v["vrf-key"]!, vrfKeyProof: v["vrf-key-proof"]!, commKey: v["comm-key"]! };
  }
  return { kind: "generate", keysFile: v["keys-file"] };
}

const register_: Command = {
  path: "node register",
  options: {
    stake: { type: "string" },
    roles: { type: "string" },
    salt: { type: "string" },
    "keys-file": { type: "string" },
    "use-keys": { type: "string" },
    "vrf-key": { type: "string" },
    "vrf-key-proof": { type: "string" },
    "comm-key": { type: "string" },
  },
  positionals: { min: 0, max: 0, names: "" },
  async run(input) {
    const v = input.values as Record<string, string | undefined>;
    const roles = (() => {
      try {
        return parseRoles(v.roles ?? "both");
      } catch (error) {
        throw new UsageError((error as InvalidParameterError).shortMessage);
      }
    })();
    const salt = parseSalt(v.salt);
    const stakeText = v.stake === undefined ? undefined : checkTokenAmount(v.stake, "--stake");
    const source = keySource(v, input.io.cwd);
    await withConnection(connect(input.global, input.io, true), async (c) => {
      const operator = c.wallet!.address;
      const pid = pidOf(operator, salt);
      const stake =
        stakeText === undefined ? await c.registry.minStake() : parseTokens(stakeText, "--stake", c.decimals);
      let keys: Pick<NodeKeys, "vrfKey" | "commKey"> & { vrfSecretKey?: string; vrfKeyProof?: string };
      let keysFile: string | null = null;
      if (source.kind === "generate") {
        keysFile = path.resolve(input.io.cwd, source.keysFile ?? `blockage-node-${pid.slice(2, 10)}.json`);
        if (fs.existsSync(keysFile)) {
          throw new CliError(
            `the keys file ${keysFile} already exists; refusing to overwrite it`,
            "pass --keys-file <new path>, or register these keys with --use-keys <file>",
          );
        }
        const generated = await generateNodeKeys();
        keys = generated;
        const document = {
          version: 1,
          pid,
          operator,
          salt,
          roles,
          chainId: c.chainId.toString(),
          registry: c.addresses.NodeRegistry,
          vrf: { suite: NODE_VRF_SUITE, secretKey: generated.vrfSecretKey, publicKey: generated.vrfKey },
          comm: { type: "Ed25519", secretKey: generated.commSecretKey, publicKey: generated.commKey },
        };
        try {
          fs.writeFileSync(keysFile, JSON.stringify(document, null, 2) + "\n", { mode: 0o600, flag: "wx" });
          fs.chmodSync(keysFile, 0o600);
        } catch (error) {
          throw new CliError(`cannot write the keys file ${keysFile}: ${(error as Error).message}`);
        }
        input.progress(`wrote the node's keys to ${keysFile} (mode 0600; keep it secret)`);
      } else if (source.kind === "file") {
        keys = source;
        input.progress(`using the keys in ${source.file}`);
      } else {
        keys = source;
      }
      input.progress(`registering node ${pid} with ${tokens(stake, c.decimals)} as ${rolesName(roles)}…`);
      let result;
      try {
        result = await register(c.registry, {
          stake,
          vrfKey: keys.vrfKey,
          vrfSecretKey: keys.vrfSecretKey,
          vrfKeyProof: keys.vrfKeyProof,
          commKey: keys.commKey,
          roles,
          salt,
        });
      } catch (error) {
        // A revert means the keys were never registered: do not leave a key file for a node that does not exist.
        if (keysFile !== null && error instanceof ContractRevertError) fs.rmSync(keysFile, { force: true });
        if (error instanceof InvalidParameterError) throw new UsageError(error.shortMessage);
        throw error;
      }
      // As the registry stored them: the epoch of the transaction's block and the VRF key compressed.
      const [node, entryDelay] = await Promise.all([c.registry.node(result.pid), c.registry.entryDelayEpochs()]);
      const registeredEpoch = node.registeredEpoch;
      const activateFrom = registeredEpoch + entryDelay;
      input.print(
        table(`registered node ${result.pid}`, [
          ["operator", result.operator],
          ["stake", tokens(stake, c.decimals)],
          ["roles", rolesName(roles)],
          ["leaf index", String(result.leafIndex)],
          ["vrf key", node.vrfKey],
          ["comm key", keys.commKey],
          ["keys file", keysFile ?? undefined],
          ["transaction", result.receipt.hash],
        ]) + `next: "blockage node activate ${result.pid}" from epoch ${activateFrom}\n`,
        {
          pid: result.pid,
          operator: result.operator,
          stake,
          roles,
          leafIndex: result.leafIndex,
          vrfKey: node.vrfKey,
          commKey: keys.commKey,
          keysFile,
          registeredEpoch,
          activatableFromEpoch: activateFrom,
          transactionHash: result.receipt.hash,
          approveTransactionHash: result.approveReceipt?.hash ?? null,
        },
      );
    });
  },
};

const pidOptions = { salt: { type: "string" } } as const;

const activate_: Command = {
  path: "node activate",
  options: pidOptions,
  positionals: { min: 0, max: 1, names: "[pid]" },
  async run(input) {
    const pid = pidArgument(input, 0);
    await withConnection(connect(input.global, input.io, true), async (c) => {
      input.progress(`activating node ${pid}…`);
      const { effectiveEpoch, receipt } = await activate(c.registry, { pid });
      input.print(
        table(`activated node ${pid}`, [
          ["status", "Active"],
          ["in the lottery from", `epoch ${effectiveEpoch}`],
          ["transaction", receipt.hash],
        ]),
        { pid, status: "Active", effectiveEpoch, transactionHash: receipt.hash },
      );
    });
  },
};

const unbond_: Command = {
  path: "node unbond",
  options: pidOptions,
  positionals: { min: 0, max: 1, names: "[pid]" },
  async run(input) {
    const pid = pidArgument(input, 0);
    await withConnection(connect(input.global, input.io, true), async (c) => {
      input.progress(`unbonding node ${pid}…`);
      const { effectiveEpoch, withdrawableEpoch, receipt } = await unbond(c.registry, { pid });
      input.print(
        table(`unbonding node ${pid}`, [
          ["status", "Unbonding"],
          ["out of the lottery from", `epoch ${effectiveEpoch}`],
          ["withdrawable from", `epoch ${withdrawableEpoch}`],
          ["transaction", receipt.hash],
        ]),
        { pid, status: "Unbonding", effectiveEpoch, withdrawableEpoch, transactionHash: receipt.hash },
      );
    });
  },
};

const withdraw_: Command = {
  path: "node withdraw",
  options: pidOptions,
  positionals: { min: 0, max: 1, names: "[pid]" },
  async run(input) {
    const pid = pidArgument(input, 0);
    await withConnection(connect(input.global, input.io, true), async (c) => {
      input.progress(`withdrawing node ${pid}…`);
      const { amount, operator, receipt } = await withdraw(c.registry, { pid });
      input.print(
        table(`withdrew node ${pid}`, [
          ["status", "Exited"],
          ["sent", `${tokens(amount, c.decimals)} to ${operator}`],
          ["transaction", receipt.hash],
        ]),
        { pid, status: "Exited", amount, operator, transactionHash: receipt.hash },
      );
    });
  },
};

const increaseStake_: Command = {
  path: "node increase-stake",
  options: pidOptions,
  positionals: { min: 1, max: 2, names: "<amount> [pid]" },
  async run(input) {
    const amountText = checkTokenAmount(input.positionals[0], "amount");
    const pid = pidArgument(input, 1);
    await withConnection(connect(input.global, input.io, true), async (c) => {
      const amount = parseTokens(amountText, "amount", c.decimals);
      input.progress(`adding ${tokens(amount, c.decimals)} to node ${pid}…`);
      const result = await increaseStake(c.registry, { pid, amount });
      input.print(
        table(`increased the stake of node ${pid}`, [
          ["added", tokens(amount, c.decimals)],
          ["self-stake", tokens(result.selfStake, c.decimals)],
          ["counted from", `epoch ${result.effectiveEpoch}`],
          ["transaction", result.receipt.hash],
        ]),
        {
          pid,
          amount,
          selfStake: result.selfStake,
          effectiveEpoch: result.effectiveEpoch,
          transactionHash: result.receipt.hash,
        },
      );
    });
  },
};

const status_: Command = {
  path: "node status",
  options: { ...pidOptions, epoch: { type: "string" } },
  positionals: { min: 0, max: 1, names: "[pid]" },
  async run(input) {
    const epoch = parseOptionalInteger(input.values.epoch as string | undefined, "--epoch", MAX_EPOCH);
    const pid = pidArgument(input, 0);
    await withConnection(connect(input.global, input.io, false), async (c) => {
      const s = await getNodeStatus(c.registry, { pid, epoch });
      const n = s.node;
      const nextEpochStart = await c.beacon.epochStart(s.currentEpoch + 1n);
      const clock = table(
        "clock",
        [
          ["epoch", `${s.currentEpoch} (slot ${s.currentSlot})`],
          ["next epoch", `${s.currentEpoch + 1n} at ${new Date(Number(nextEpochStart) * 1000).toISOString()}`],
          ["input lag", `${s.inputLag} epochs: changes reach the lottery ${s.inputLag} epochs after a call`],
        ],
        WIDTH,
      );
      if (n.status === "None") {
        input.print(`node ${pid} is not registered\n` + clock, s);
        return;
      }
      const next: Record<string, string | undefined> = {
        Pending: `activate from epoch ${s.activatableFromEpoch}`,
        Unbonding: `withdraw from epoch ${n.withdrawableEpoch}`,
      };
      input.print(
        table(
          `node ${pid}`,
          [
            ["status", `${n.status} (${n.rolesName})`],
            ["operator", n.operator],
            ["self-stake", tokens(n.selfStake, c.decimals)],
            [
              "delegated",
              `${tokens(n.delegatedStake, c.decimals)} (${formatTokens(n.unbondingDelegatedStake, c.decimals)} unbonding)`,
            ],
            ["leaf index", String(n.leafIndex)],
            ["registered", `epoch ${n.registeredEpoch}`],
            ["activation", n.activationEpoch === 0n ? undefined : `epoch ${n.activationEpoch}`],
            ["exit", n.exitEpoch === 0n ? undefined : `epoch ${n.exitEpoch}`],
            ["next", next[n.status]],
            ["vrf key", n.vrfKey],
            ["comm key", n.commKey],
          ],
          WIDTH,
        ) +
          table(
            `lottery inputs of epoch ${s.lottery.epoch}`,
            [
              ["status", s.lottery.status],
              ["stake", tokens(s.lottery.stake, c.decimals)],
              ["age", `${s.lottery.age} epochs`],
            ],
            WIDTH,
          ) +
          clock,
        s,
      );
    });
  },
};

const proof_: Command = {
  path: "node proof",
  options: {
    ...pidOptions,
    epoch: { type: "string" },
    "from-block": { type: "string" },
    "block-range": { type: "string" },
  },
  positionals: { min: 0, max: 1, names: "[pid]" },
  async run(input) {
    const v = input.values as Record<string, string | undefined>;
    const epochGiven = parseOptionalInteger(v.epoch, "--epoch", MAX_EPOCH);
    const fromBlockGiven = parseOptionalInteger(v["from-block"], "--from-block", MAX_BLOCK);
    const blockRange =
      v["block-range"] === undefined
        ? undefined
        : Number(parseInteger(v["block-range"], "--block-range", MAX_BLOCK, 1n));
    const pid = pidArgument(input, 0);
    await withConnection(connect(input.global, input.io, false), async (c) => {
      const epoch = epochGiven ?? (await c.registry.currentEpoch());
      let fromBlock =
        fromBlockGiven === undefined ? await registryDeploymentBlock(c, input.io) : Number(fromBlockGiven);
      if (fromBlock === null) {
        input.progress(
          `deployments/${c.chainId}.json does not record this registry's deployment: reading events from block 0 ` +
            `(--from-block <its deployment block> reads fewer)`,
        );
        fromBlock = 0;
      }
      input.progress(
        `rebuilding the active-set tree of epoch ${epoch} from the registry's events since block ${fromBlock}…`,
      );
      // Show progress only for scans of several requests; one line per request at most every second.
      let shown = Date.now();
      const onProgress = (at: LeafUpdatesProgress) => {
        if (at.readTo === at.toBlock || Date.now() - shown < 1000) return;
        shown = Date.now();
        const percent = Math.floor((100 * (at.readTo - at.fromBlock + 1)) / (at.toBlock - at.fromBlock + 1));
        input.progress(`  read blocks up to ${at.readTo} of ${at.toBlock} (${percent}%, ${at.updates} leaf updates)`);
      };
      const p = await getActiveSetProof(c.registry, { pid, epoch, fromBlock, blockRange, onProgress });
      input.print(
        table(`active-set proof of node ${pid} in epoch ${epoch}`, [
          ["in the active set", p.active ? "yes" : "no (zero leaf)"],
          ["verifies", p.verified ? "yes" : "NO"],
          ["leaf index", String(p.leafIndex)],
          ["leaf", p.leaf],
          ["root", p.root],
          ["stake", tokens(p.inputs.stake, c.decimals)],
          ["activation epoch", String(p.inputs.activationEpoch)],
          ["events from", `block ${fromBlock}`],
        ]) +
          "proof (bottom-up):\n" +
          p.proof.map((sibling) => `  ${sibling}\n`).join(""),
        { ...p, fromBlock },
      );
    });
  },
};

/** The `node` commands. */
export const NODE_COMMANDS: Command[] = [register_, activate_, unbond_, withdraw_, increaseStake_, status_, proof_];
