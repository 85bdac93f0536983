// The built `blockage` executable end to end: spawned as a process against a local Hardhat node, as users run it.
// Needs `npm run build -w @blockage/cli` first (turbo's test task depends on the build).
import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenLocally, type LocalServer } from "./testing/http-server";
import { advanceEpochs as advanceEpochsBy, enterEpochWithSeed as enterEpoch } from "../../../deploy/time-travel";
import { JsonRpcProvider, MaxUint256, parseEther, SigningKey, toBeHex, Wallet, zeroPadValue } from "ethers";
import { startLocalChain, type LocalChain } from "../../../deploy/local-chain";
import { generateNodeKeys, type NodeRegistry, pidOf, type SeedBeacon, type StakeToken } from "@blockage/client";
import { deployRegistry, StakeToken__factory } from "@blockage/client/deploy";

const CLI = path.resolve(__dirname, "..", "dist", "cli.js");
// Hardhat's well-known development accounts 5 and 6 (public test keys with ether on every Hardhat node).
const OPERATOR_KEY = "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba";
const DELEGATOR_KEY = "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runtime code that answers `decimals()` with 6 and delegates every other call to `implementation`. Put over a
 * deployed StakeToken (with `hardhat_setCode`) and pointed at a second StakeToken deployed with the same constructor
 * arguments, it turns the first into a 6-decimal ERC-20 that keeps its owner, balances and faucet.
 */
function sixDecimalProxy(implementation: string): string {
  return (
    "0x" +
    "600035" +
    "60e01c" +
    "63313ce567" +
    "14" +
    "6045" +
    "57" + // if (selector == decimals()) goto 0x45
    "36" +
    "6000" +
    "6000" +
    "37" + // calldatacopy(0, 0, calldatasize)
    "6000" +
    "6000" +
    "36" +
    "6000" +
    "73" +
    implementation.slice(2).toLowerCase() +
    "5a" +
    "f4" + // delegatecall
    "3d" +
    "6000" +
    "6000" +
    "3e" + // returndatacopy(0, 0, returndatasize)
    "6040" +
    "57" +
    "3d" +
    "6000" +
    "fd" + // if (!success) revert(0, returndatasize)
    "5b" +
    "3d" +
    "6000" +
    "f3" + // 0x40: return(0, returndatasize)
    "5b" +
    "6006" +
    "6000" +
    "52" +
    "6020" +
    "6000" +
    "f3" // 0x45: return 6
  );
}

/**
 * A JSON-RPC proxy in front of `target` that runs `afterSend` once a transaction was sent and before the sender
 * hears back: the chain moves on between a transaction and the reads that follow it, as a live one can.
 */
async function proxyNode(target: string, afterSend: () => Promise<void>): Promise<LocalServer> {
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", async () => {
      const relayed = await fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body });
      const text = await relayed.text();
      if (body.includes("eth_sendRawTransaction")) await afterSend();
      response.setHeader("content-type", "application/json");
      response.end(text);
    });
  });
  return listenLocally(server);
}

/** A JSON-RPC endpoint that answers eth_chainId (Hardhat's 31337) and never answers anything else. */
async function stalledNode(): Promise<LocalServer> {
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const { id, method } = JSON.parse(body) as { id: number; method: string };
      if (method !== "eth_chainId") return;
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ jsonrpc: "2.0", id, result: "0x7a69" }));
    });
  });
  return listenLocally(server);
}

describe("the blockage CLI against a real node", () => {
  let chain: LocalChain;
  let provider: JsonRpcProvider;
  let registry: NodeRegistry;
  let beacon: SeedBeacon;
  let token: StakeToken;
  let deployments: Record<string, { address: string; transactionHash: string }>;
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
  const advanceEpochs = (epochs: number) => advanceEpochsBy(provider, beacon, epochs);

  const enterEpochWithSeed = (atLeast = 0n) => enterEpoch(provider, registry, beacon, atLeast);

  beforeAll(async () => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build -w @blockage/cli" first`);
    chain = await startLocalChain();
    provider = new JsonRpcProvider(chain.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    const deployer = await provider.getSigner(0);
    const deployed = await deployRegistry(deployer, {
      mint: [{ to: delegatorAddress, amount: parseEther("1000") }],
    });
    ({ registry, beacon, token, deployments } = deployed);
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

  it("prints the @blockage/cli version", async () => {
    const { version } = JSON.parse(fs.readFileSync(path.resolve(__dirname, "..", "package.json"), "utf8"));
    expect(await run(["--version"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
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
    // With --json the same revert is one JSON object on stderr, with the contract's error name and arguments.
    const revert = await asOperator(["node", "activate", "--json"]);
    expect(revert.code).toBe(1);
    expect(revert.stdout).toBe("");
    expect(revert.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(JSON.parse(revert.stderr)).toEqual({
      error: {
        code: "ContractRevert",
        message: expect.stringMatching(/^NodeRegistry__ActivationTooEarly\(/),
        hint: expect.stringMatching(/^activation opens at epoch 1 \(now 0\)/),
        exitCode: 1,
        errorName: "NodeRegistry__ActivationTooEarly",
        args: { pid, allowedFromEpoch: "1", currentEpoch: "0" },
        signature: "NodeRegistry__ActivationTooEarly(bytes32,uint256,uint256)",
      },
    });
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
    expect(poor[1]).toMatch(/^hint: the account holds 749.5 tokens and needs 5000 tokens;/);
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
    const deploymentBlock = (await provider.getTransactionReceipt(deployments.NodeRegistry.transactionHash))!
      .blockNumber;
    const result = json(await run(["node", "proof", pid, "--json"]));
    expect(result).toMatchObject({ pid, active: true, verified: true, leafIndex: 0, leafMatchesInputs: true });
    expect(result.root).toBe(await registry.activeSetRootAt(await registry.currentEpoch()));
    expect(result.proof).toHaveLength(20);
    // The events are read from the registry's deployment block, which deployments/31337.json records.
    expect(deploymentBlock).toBeGreaterThan(0);
    expect(result.fromBlock).toBe(deploymentBlock);
    const human = await run(["node", "proof", pid]);
    expect(human.stdout).toMatch(/verifies\s+yes/);
    expect(human.stdout).toMatch(new RegExp(`events from\\s+block ${deploymentBlock}`));
    // One block per eth_getLogs request still rebuilds the tree.
    const narrow = json(await run(["node", "proof", pid, "--block-range", "1", "--from-block", "0", "--json"]));
    expect(narrow).toMatchObject({ root: result.root, leaf: result.leaf, proof: result.proof, fromBlock: 0 });
    // Without a record of this registry's deployment, it reads from block 0 and says so.
    const elsewhere = await run(["node", "proof", pid, "--registry", await registry.getAddress()], {}, os.tmpdir());
    expect(elsewhere.code, elsewhere.stderr).toBe(0);
    expect(elsewhere.stderr).toContain("does not record this registry's deployment: reading events from block 0");
    expect(elsewhere.stdout).toMatch(/events from\s+block 0/);
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

  it("explains a missing registry, and an address that is not a registry or a beacon", async () => {
    const elsewhere = await run(["node", "status", pid], {}, os.tmpdir());
    failure(elsewhere, /^error: no --registry given and .*deployments\/31337\.json does not exist$/);
    const registryHint = "hint: is --registry the NodeRegistry address? see deployments/31337.json";
    const eoa = failure(
      await run(["node", "status", pid, "--registry", operator]),
      /^error: there is no contract at 0x/,
    );
    expect(eoa).toEqual([`error: there is no contract at ${operator} on chain 31337`, registryHint]);
    // A real contract that is not a registry: the stake token.
    const tokenAddress = await token.getAddress();
    const notRegistry = failure(await run(["node", "status", pid, "--registry", tokenAddress]), /^error: /);
    expect(notRegistry).toEqual([
      `error: the contract at ${tokenAddress} is not a NodeRegistry (it does not answer beacon() and stakeToken())`,
      registryHint,
    ]);
    // The same when deployments/31337.json names it.
    const wrongDir = fs.mkdtempSync(path.join(os.tmpdir(), "blockage-cli-wrong-"));
    fs.mkdirSync(path.join(wrongDir, "deployments"));
    const wrongFile = path.join(wrongDir, "deployments", "31337.json");
    fs.writeFileSync(wrongFile, JSON.stringify({ NodeRegistry: { address: tokenAddress } }));
    const recorded = failure(await run(["node", "status", pid], {}, wrongDir), /is not a NodeRegistry/);
    expect(recorded[1]).toBe(
      `hint: ${wrongFile} records this address as the NodeRegistry: is the file from another deployment? pass --registry <address>`,
    );
    fs.rmSync(wrongDir, { recursive: true, force: true });
    const beaconHint =
      "hint: is --beacon the SeedBeacon address? see deployments/31337.json, or omit it to use the registry's beacon";
    expect(failure(await run(["seed", "3", "--beacon", operator]), /^error: /)).toEqual([
      `error: there is no contract at ${operator} on chain 31337`,
      beaconHint,
    ]);
    expect(failure(await run(["seed", "3", "--beacon", tokenAddress]), /^error: /)).toEqual([
      `error: the contract at ${tokenAddress} is not a SeedBeacon (it does not answer epochSlots())`,
      beaconHint,
    ]);
  });

  it("gives up on a node that stops answering, with one error line, and exits at once", async () => {
    const node = await stalledNode();
    try {
      const started = Date.now();
      const result = await run(["node", "status", pid, "--registry", await registry.getAddress()], {
        BLOCKAGE_RPC_URL: node.url,
        BLOCKAGE_RPC_TIMEOUT_MS: "500",
      });
      // The open request must not keep the process alive until the node closes the connection.
      expect(Date.now() - started).toBeLessThan(5_000);
      const lines = failure(result, /^error: the JSON-RPC node at http:\/\/127\.0\.0\.1:\d+ did not answer a request/);
      expect(lines[0]).toBe(`error: the JSON-RPC node at ${node.url} did not answer a request within 0.5 s`);
      expect(lines[1]).toMatch(/^hint: .*BLOCKAGE_RPC_TIMEOUT_MS=<ms> sets the limit$/);
    } finally {
      await node.close();
    }
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
    expect(keyless.stderr).toMatch(/^error: this command sends a transaction: set BLOCKAGE_KEY, or pass --key-file/m);
  });

  it("node register prints the epoch and the VRF key as the registry stored them", async () => {
    // An uncompressed VRF key: the registry stores it compressed.
    const keys = await generateNodeKeys();
    const keysFile = path.join(dir, "uncompressed-keys.json");
    const document = {
      vrf: { secretKey: keys.vrfSecretKey, publicKey: SigningKey.computePublicKey(keys.vrfKey, false) },
      comm: { publicKey: keys.commKey },
    };
    fs.writeFileSync(keysFile, JSON.stringify(document), { mode: 0o600 });
    // With the allowance in place, register is the only transaction. It lands in the last second of an epoch, and
    // the chain enters the next epoch before the CLI reads anything more.
    const wallet = new Wallet(OPERATOR_KEY, provider);
    await (await token.connect(wallet).approve(await registry.getAddress(), MaxUint256)).wait();
    const epoch = await registry.currentEpoch();
    const nextEpochStart = Number(await beacon.epochStart(epoch + 1n));
    await provider.send("evm_setNextBlockTimestamp", [nextEpochStart - 1]);
    const node = await proxyNode(chain.url, async () => {
      await provider.send("evm_setNextBlockTimestamp", [nextEpochStart]);
      await provider.send("evm_mine", []);
    });
    let result;
    try {
      result = json(
        await run(["node", "register", "--use-keys", keysFile, "--salt", "5", "--json"], {
          BLOCKAGE_KEY: OPERATOR_KEY,
          BLOCKAGE_RPC_URL: node.url,
        }),
      );
    } finally {
      await node.close();
    }
    expect(await registry.currentEpoch()).toBe(epoch + 1n);
    const stored = await registry.node(pidOf(operator, zeroPadValue(toBeHex(5), 32)));
    expect(stored.registeredEpoch).toBe(epoch);
    expect(stored.vrfKey).toBe(keys.vrfKey);
    expect(result).toMatchObject({
      vrfKey: keys.vrfKey,
      registeredEpoch: epoch.toString(),
      activatableFromEpoch: (epoch + 1n).toString(),
    });
  });

  it("reads and prints amounts in the stake token's decimals (a 6-decimal token)", async () => {
    const deployer = await provider.getSigner(0);
    const args = [await deployer.getAddress(), 10_000_000_000n, 3600n] as const;
    const implementation = await (await new StakeToken__factory(deployer).deploy(...args)).waitForDeployment();
    const token6 = await (await new StakeToken__factory(deployer).deploy(...args)).waitForDeployment();
    await provider.send("hardhat_setCode", [
      await token6.getAddress(),
      sixDecimalProxy(await implementation.getAddress()),
    ]);
    expect(await token6.decimals()).toBe(6n);
    await (await token6.mint(operator, 5_000_000_000n)).wait();
    const deployed6 = await deployRegistry(deployer, {
      stakeToken: await token6.getAddress(),
      minStake: 1_000_000_000n,
    });
    const dir6 = fs.mkdtempSync(path.join(os.tmpdir(), "blockage-cli-6-"));
    try {
      fs.mkdirSync(path.join(dir6, "deployments"));
      fs.writeFileSync(path.join(dir6, "deployments", "31337.json"), JSON.stringify(deployed6.deployments));
      const run6 = (args6: string[]) => run(args6, { BLOCKAGE_KEY: OPERATOR_KEY }, dir6);

      const precise = await run6(["node", "register", "--stake", "1000.0000001"]);
      expect(precise.code).toBe(2);
      expect(precise.stderr).toMatch(/^error: invalid --stake "1000.0000001": the stake token has 6 decimals, /);
      const low = failure(
        await run6(["node", "register", "--stake", "999.5", "--keys-file", path.join(dir6, "low.json")]),
        /^error: NodeRegistry__StakeBelowMinimum\(stake: 999500000, minimum: 1000000000\)$/,
      );
      expect(low[1]).toBe("hint: stake at least 1000 tokens (--stake 1000)");

      const registered = await run6(["node", "register", "--stake", "1500.25"]);
      expect(registered.code, registered.stderr).toBe(0);
      expect(registered.stdout).toMatch(/stake\s+1500.25 tokens/);
      expect(registered.stderr).toContain("with 1500.25 tokens as sequencer+prover");
      expect((await deployed6.registry.node(pid)).selfStake).toBe(1_500_250_000n);

      const status = await run6(["node", "status"]);
      expect(status.stdout).toMatch(/self-stake\s+1500.25 tokens/);
      const added = await run6(["node", "increase-stake", "0.75"]);
      expect(added.stdout).toMatch(/self-stake\s+1501 tokens/);
      const poor = failure(await run6(["node", "increase-stake", "4000"]), /^error: ERC20InsufficientBalance\(/);
      expect(poor[1]).toMatch(/^hint: the account holds 3499 tokens and needs 4000 tokens;/);
    } finally {
      fs.rmSync(dir6, { recursive: true, force: true });
    }
  });
});
