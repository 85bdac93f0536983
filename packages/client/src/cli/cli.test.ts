// The built `blockage` executable end to end: spawned as a process against a local Hardhat node, as users run it.
// Needs `npm run build -w @blockage/client` first (turbo's test task depends on the build).
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JsonRpcProvider, parseEther, Wallet } from "ethers";
import { startLocalChain, type LocalChain } from "../../../../deploy/local-chain";
import { deployRegistry } from "../registry/deploy";
import { pidOf } from "../registry/pid";
import type { NodeRegistry, SeedBeacon } from "../typechain";

const CLI = path.resolve(__dirname, "..", "..", "dist", "cli.js");
// Hardhat's well-known development accounts 5 and 6 (public test keys with ether on every Hardhat node).
const OPERATOR_KEY = "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba";
const DELEGATOR_KEY = "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e";
const EPOCH_SECONDS = 384;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe("the blockage CLI against a real node", () => {
  let chain: LocalChain;
  let provider: JsonRpcProvider;
  let registry: NodeRegistry;
  let beacon: SeedBeacon;
  let dir: string;
  let pid: string;
  const operator = new Wallet(OPERATOR_KEY).address;
  const delegatorAddress = new Wallet(DELEGATOR_KEY).address;

  const run = (args: string[], env: Record<string, string> = {}, cwd = dir): Promise<Run> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [CLI, ...args],
        { cwd, env: { PATH: process.env.PATH ?? "", BLOCKAGE_RPC_URL: chain.url, ...env }, timeout: 60_000 },
        (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
          resolve({ code, stdout, stderr });
        },
      );
    });
  const asOperator = (args: string[]) => run(args, { BLOCKAGE_KEY: OPERATOR_KEY });
  const json = (result: Run) => {
    expect(result.stderr, result.stderr).toBe("");
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  };
  /**
   * A failure: exit code 1, nothing on stdout, and stderr ends with one `error: …` line and at most a `hint: …` line
   * (after the progress lines, if any); no stack trace.
   */
  const failure = (result: Run, pattern: RegExp) => {
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toBe("");
    const all = result.stderr.trimEnd().split("\n");
    expect(all.filter((line) => line.startsWith("error: "))).toHaveLength(1);
    const lines = all.slice(all.findIndex((line) => line.startsWith("error: ")));
    expect(lines[0]).toMatch(pattern);
    expect(lines.length).toBeLessThanOrEqual(2);
    if (lines[1] !== undefined) expect(lines[1]).toMatch(/^hint: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    return lines;
  };
  const advanceEpochs = async (epochs: number) => {
    await provider.send("evm_increaseTime", [epochs * EPOCH_SECONDS]);
    await provider.send("evm_mine", []);
  };

  /**
   * Moves into a later epoch the way a live chain would: a poke inside the epoch's seed window (the beacon needs a
   * snapshot there, and a time jump would skip it), then the epoch's first registry transaction (EpochStart).
   */
  const enterEpochWithSeed = async (atLeast = 0n): Promise<bigint> => {
    const now = BigInt((await provider.getBlock("latest"))!.timestamp);
    let epoch = (await registry.currentEpoch()) + 1n;
    if (epoch < atLeast) epoch = atLeast;
    while ((await beacon.seedFixedAfter(epoch)) - 60n <= now) epoch++;
    await provider.send("evm_setNextBlockTimestamp", [Number((await beacon.seedFixedAfter(epoch)) - 60n)]);
    await (await beacon.poke()).wait();
    await provider.send("evm_setNextBlockTimestamp", [Number((await beacon.epochStart(epoch)) + 1n)]);
    await (await registry.rollEpoch()).wait();
    return epoch;
  };

  beforeAll(async () => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build -w @blockage/client" first`);
    chain = await startLocalChain();
    provider = new JsonRpcProvider(chain.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    const deployer = await provider.getSigner(0);
    const deployed = await deployRegistry(deployer, {
      mint: [{ to: delegatorAddress, amount: parseEther("1000") }],
    });
    ({ registry, beacon } = deployed);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "blockage-cli-"));
    fs.mkdirSync(path.join(dir, "deployments"));
    fs.writeFileSync(path.join(dir, "deployments", "31337.json"), JSON.stringify(deployed.deployments, null, 2));
    pid = pidOf(operator);
  });

  afterAll(async () => {
    provider?.destroy();
    await chain?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("faucet gives test tokens (--json parses)", async () => {
    const result = json(await asOperator(["faucet", "--json"]));
    expect(result).toMatchObject({ account: operator, amount: parseEther("10000").toString() });
    const again = failure(await asOperator(["faucet"]), /^error: StakeToken__FaucetCooldown\(account: 0x/);
    expect(again[1]).toMatch(/^hint: the faucet opens again for this account at \d{4}-/);
  });

  it("node register generates keys, writes the key file (0600) and registers", async () => {
    const result = await asOperator(["node", "register", "--stake", "1000", "--roles", "both"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`registered node ${pid}`);
    expect(result.stdout).toMatch(/stake\s+1000 tokens/);
    expect(result.stdout).toMatch(/roles\s+sequencer\+prover/);
    expect(result.stdout).toContain(`next: "blockage node activate ${pid}" from epoch 1`);
    const keysFile = path.join(dir, `blockage-node-${pid.slice(2, 10)}.json`);
    expect(result.stderr).toContain(`wrote the node's keys to ${keysFile}`);
    expect(fs.statSync(keysFile).mode & 0o777).toBe(0o600);
    const keys = JSON.parse(fs.readFileSync(keysFile, "utf8"));
    expect(keys).toMatchObject({
      pid,
      operator,
      vrf: { suite: "ECVRF-SECP256K1-SHA256-TAI" },
      comm: { type: "Ed25519" },
    });
    expect(keys.vrf.secretKey).toMatch(/^0x[0-9a-f]{64}$/);
    // Secrets go to the key file only.
    for (const secret of [keys.vrf.secretKey, keys.comm.secretKey, OPERATOR_KEY]) {
      expect(result.stdout + result.stderr).not.toContain(secret.slice(2));
    }
    const node = await registry.node(pid);
    expect(node.vrfKey).toBe(keys.vrf.publicKey);
    expect(node.commKey).toBe(keys.comm.publicKey);
  });

  it("node register refuses to overwrite a key file and removes a new one when the registry reverts", async () => {
    failure(await asOperator(["node", "register"]), /already exists; refusing to overwrite it$/);
    const other = path.join(dir, "other.json");
    const lines = failure(
      await asOperator(["node", "register", "--keys-file", other]),
      /^error: NodeRegistry__AlreadyRegistered\(pid: 0x[0-9a-f]{64}, status: Pending\)$/,
    );
    expect(lines[1]).toBe("hint: this pid is taken: use another --salt to run a second node");
    expect(fs.existsSync(other)).toBe(false);
    const low = failure(
      await asOperator(["node", "register", "--salt", "1", "--stake", "0.5", "--keys-file", other]),
      /^error: NodeRegistry__StakeBelowMinimum\(stake: 500000000000000000, minimum: 1000000000000000000000\)$/,
    );
    expect(low[1]).toBe("hint: stake at least 1000 tokens (--stake 1000)");
  });

  it("node activate fails before the entry delay with a hint, then succeeds", async () => {
    const early = failure(await asOperator(["node", "activate"]), /^error: NodeRegistry__ActivationTooEarly\(/);
    expect(early[1]).toMatch(/^hint: activation opens at epoch 1 \(now 0\)/);
    await advanceEpochs(1);
    const result = json(await asOperator(["node", "activate", pid, "--json"]));
    expect(result).toMatchObject({ pid, status: "Active", effectiveEpoch: "3" });
  });

  it("node status prints the state for humans and JSON for machines, with no key when given a pid", async () => {
    const human = await run(["node", "status", pid]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain(`node ${pid}`);
    expect(human.stdout).toMatch(/status\s+Active \(sequencer\+prover\)/);
    expect(human.stdout).toMatch(/self-stake\s+1000 tokens/);
    expect(human.stdout).toMatch(/lottery inputs of epoch 1/);
    const machine = json(await asOperator(["node", "status", "--json"]));
    expect(machine).toMatchObject({ pid, currentEpoch: "1", node: { status: "Active", operator } });
    const unknown = await run(["node", "status", `0x${"77".repeat(32)}`]);
    expect(unknown.stdout).toContain("is not registered");
  });

  it("delegate, undelegate and withdraw-delegation", async () => {
    const asDelegator = (args: string[]) => run(args, { BLOCKAGE_KEY: DELEGATOR_KEY });
    const delegated = await asDelegator(["delegate", pid, "250.5"]);
    expect(delegated.code, delegated.stderr).toBe(0);
    expect(delegated.stdout).toContain(`delegated 250.5 tokens to node ${pid}`);
    const undelegated = json(await asDelegator(["undelegate", pid, "all", "--json"]));
    expect(undelegated).toMatchObject({ amount: parseEther("250.5").toString(), withdrawableEpoch: "5" });
    const locked = failure(await asDelegator(["withdraw-delegation", pid]), /^error: NodeRegistry__DelegationLocked/);
    expect(locked[1]).toBe("hint: the undelegated stake unlocks at epoch 5 (now 1)");
    const poor = failure(await asDelegator(["delegate", pid, "5000"]), /^error: ERC20InsufficientBalance\(/);
    expect(poor[1]).toMatch(/^hint: the account holds 749.5 tokens and needs 5000;/);
  });

  it("seed prints σ and the VRF input of a role", async () => {
    const epoch = await enterEpochWithSeed(3n);
    expect(epoch).toBe(3n);
    const slot = epoch * 32n + 3n;
    const result = json(await run(["seed", String(epoch), "--slot", String(slot), "--role", "sequencer", "--json"]));
    expect(result).toMatchObject({ epoch: String(epoch), slot: String(slot), role: 1, roleName: "sequencer" });
    expect(result.seed).toBe(await beacon.seedFor(epoch, slot, 1));
    expect(result.alpha).toBe(`${result.seed}${Buffer.from("SEQUENCER").toString("hex")}`);
    const human = await run(["seed", String(epoch)]);
    expect(human.stdout).toContain(`seed of epoch ${epoch}, slot ${epoch * 32n}, role epoch`);
    const notFixed = failure(await run(["seed", "1000"]), /^error: SeedBeacon__SeedNotFixed\(rollupEpoch: 1000, /);
    expect(notFixed[1]).toMatch(/^hint: the seed of epoch 1000 is fixed by the first block after \d{4}-/);
    failure(await run(["seed", String(epoch), "--slot", "0"]), /^error: SeedBeacon__SlotNotInEpoch\(slot: 0,/);
    const direct = json(
      await run(["seed", String(epoch), "--beacon", await beacon.getAddress(), "--json"], {}, os.tmpdir()),
    );
    expect(direct.seed).toBe(await beacon.seedFor(epoch, epoch * 32n, 0));
  });

  it("node proof verifies the node's leaf against the epoch's active-set root", async () => {
    const result = json(await run(["node", "proof", pid, "--json"]));
    expect(result).toMatchObject({ pid, active: true, verified: true, leafIndex: 0, leafMatchesInputs: true });
    expect(result.root).toBe(await registry.activeSetRootAt(await registry.currentEpoch()));
    expect(result.proof).toHaveLength(20);
    const human = await run(["node", "proof", pid]);
    expect(human.stdout).toMatch(/verifies\s+yes/);
  });

  it("node unbond, then withdraw after the unbonding period", async () => {
    const unbonded = json(await asOperator(["node", "unbond", "--json"]));
    expect(unbonded).toMatchObject({ pid, status: "Unbonding", effectiveEpoch: "5", withdrawableEpoch: "7" });
    const early = failure(await asOperator(["node", "withdraw"]), /^error: NodeRegistry__WithdrawalTooEarly\(/);
    expect(early[1]).toBe("hint: withdrawal opens at epoch 7 (now 3)");
    await advanceEpochs(4);
    const result = await asOperator(["node", "withdraw"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`withdrew node ${pid}`);
    expect(result.stdout).toMatch(new RegExp(`sent\\s+1000 tokens to ${operator}`));
    const wrong = failure(await asOperator(["node", "unbond"]), /^error: NodeRegistry__WrongStatus\(/);
    expect(wrong[1]).toBe('hint: the node is Exited but this needs Active; see "blockage node status"');
  });

  it("node register --use-keys registers the keys of a key file again after the node exited", async () => {
    const keysFile = path.join(dir, `blockage-node-${pid.slice(2, 10)}.json`);
    const keys = JSON.parse(fs.readFileSync(keysFile, "utf8"));
    const bad = failure(
      await asOperator([
        "node",
        "register",
        "--vrf-key",
        keys.vrf.publicKey,
        "--vrf-key-proof",
        `0x${"11".repeat(65)}`,
        "--comm-key",
        keys.comm.publicKey,
      ]),
      /^error: NodeRegistry__InvalidVrfKeyProof\(pid: 0x[0-9a-f]{64}\)$/,
    );
    expect(bad[1]).toMatch(/^hint: --vrf-key-proof must be the VRF secret key's signature/);
    const result = json(await asOperator(["node", "register", "--use-keys", keysFile, "--json"]));
    expect(result).toMatchObject({ pid, vrfKey: keys.vrf.publicKey, commKey: keys.comm.publicKey, keysFile: null });
    expect((await registry.node(pid)).status).toBe(1n);
  });

  it("explains a missing registry and a node that is not a registry", async () => {
    const elsewhere = await run(["node", "status", pid], {}, os.tmpdir());
    failure(elsewhere, /^error: no --registry given and .*deployments\/31337\.json does not exist$/);
    failure(await run(["node", "status", pid, "--registry", operator]), /^error: there is no contract at 0x/);
  });
  it("poke stores randomness inside a seed window, which gives that epoch its seed", async () => {
    const epoch = (await registry.currentEpoch()) + 2n;
    const cutoff = await beacon.seedFixedAfter(epoch);
    await provider.send("evm_setNextBlockTimestamp", [Number(cutoff - 30n)]);
    const before = await beacon.snapshotCount();
    const result = json(await asOperator(["poke", "--json"]));
    expect(result).toMatchObject({ beacon: await beacon.getAddress(), stored: true });
    expect(BigInt(result.snapshotCount as string)).toBe(before + 1n);
    await provider.send("evm_setNextBlockTimestamp", [Number(cutoff + 1n)]);
    await provider.send("evm_mine", []);
    const seed = json(await run(["seed", String(epoch), "--json"]));
    expect(seed.seed).toBe(await beacon.seedFor(epoch, epoch * 32n, 0));
    const human = await asOperator(["poke"]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/stored this block's randomness|this block already had a snapshot/);
    expect(human.stdout).toMatch(/seeds fixed\s+epochs /);
    const keyless = await run(["poke"]);
    expect(keyless.code).toBe(2);
    expect(keyless.stderr).toMatch(/^error: this command sends a transaction: pass --key/m);
  });
});
