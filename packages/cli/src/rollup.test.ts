// The rollup commands — epoch status, block confirmation, rewards — in-process against a local Hardhat node with the
// protocol deployed (deploy/local-rollup.ts) and an epoch of real blocks left for the open race.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hardhatKey, startLocalRollup, type TestChain } from "../../../deploy/local-rollup";
import { runCli } from "./run";

describe("the rollup commands against a real node", () => {
  let t: TestChain;
  let dir: string;
  let epoch: bigint;

  const cli = async (argv: string[], env: Record<string, string> = {}) => {
    let stdout = "";
    let stderr = "";
    const code = await runCli(argv, {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      env: { BLOCKAGE_RPC_URL: t.chain.url, ...env },
      cwd: dir,
    });
    return { code, stdout, stderr };
  };
  const json = async (argv: string[], env: Record<string, string> = {}) => {
    const result = await cli([...argv, "--json"], env);
    expect(result.stderr, result.stderr).toBe("");
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  };

  beforeAll(async () => {
    t = await startLocalRollup();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "blockage-cli-rollup-"));
    fs.mkdirSync(path.join(dir, "deployments"));
    fs.writeFileSync(path.join(dir, "deployments", "31337.json"), JSON.stringify(t.deployments, null, 2));
    epoch = await t.epochInOpenRace(2, 16);
  }, 180_000);

  afterAll(async () => {
    await t?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("epoch status shows an unclaimed epoch in its open race, with its unproven blocks", async () => {
    const status = await json(["epoch", "status", epoch.toString()]);
    expect(status).toMatchObject({
      rollup: t.rollupAddress,
      epoch: epoch.toString(),
      phase: "openRace",
      status: "None",
      claimedBy: null,
      awaitingProof: true,
      nextToProve: true,
      unprovenBlocks: 2,
    });
    const human = await cli(["epoch", "status", epoch.toString()]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`^epoch ${epoch}: openRace \\(open race: the first valid proof wins`));
    expect(human.stdout).toMatch(/unproven\s+2 block\(s\), next to prove/);
    // A later epoch is still being proposed and has nothing to prove.
    expect(await json(["epoch", "status", (epoch + 5n).toString()])).toMatchObject({
      phase: "proposing",
      unprovenBlocks: 0,
    });
  });

  it("block confirmation gives a block of that epoch stage 3 (proposed, no prover commitment)", async () => {
    const confirmation = await json(["block", "confirmation", "1", "--finality", "1"]);
    expect(confirmation).toMatchObject({
      rollup: t.rollupAddress,
      stage: 3,
      key: "proposed",
      blockNumber: "1",
      epoch: epoch.toString(),
      proofTransaction: null,
    });
    expect(confirmation.proposalTransaction).toMatch(/^0x[0-9a-f]{64}$/);
    const human = await cli(["block", "confirmation", "1"]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^block 1: stage 3 of 7, In the highest ranking proposed block\n/);
    expect(human.stdout).toContain("  ✓ 3 In the highest ranking proposed block\n");
    expect(human.stdout).toContain("  · 4 In the highest ranking proposed block, with a valid prover commitment\n");
    // A block nobody proposed is at most "submitted".
    expect(await json(["block", "confirmation", "99"])).toMatchObject({ stage: 2 });
    expect((await cli(["block", "confirmation", "1", "--finality", "soon"])).code).toBe(2);
  });

  it("rewards shows an account's credited balance, and withdraw explains that nothing is credited", async () => {
    const account = t.signers[3].address;
    expect(await json(["rewards", "--account", account])).toEqual({
      account,
      coordinator: await t.coordinator.getAddress(),
      credited: "0",
    });
    const shown = await cli(["rewards", "show"], { BLOCKAGE_KEY: hardhatKey(3) });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/credited\s+0 tokens/);

    const human = await cli(["rewards", "withdraw"], { BLOCKAGE_KEY: hardhatKey(3) });
    expect(human.code).toBe(1);
    expect(human.stderr).toMatch(/^withdrawing the rewards of 0x[0-9a-fA-F]{40} from the coordinator/);
    expect(human.stderr).toContain(`error: ProverCoordinator__NoRewards(account: ${account})\n`);
    expect(human.stderr).toMatch(/hint: nothing is credited to 0x[0-9a-fA-F]{40}: .*"blockage rewards" shows them\n$/);

    const revert = await cli(["rewards", "withdraw", "--json", "--to", account], { BLOCKAGE_KEY: hardhatKey(3) });
    expect(revert.code).toBe(1);
    expect(revert.stdout).toBe("");
    expect(JSON.parse(revert.stderr)).toEqual({
      error: {
        code: "ContractRevert",
        message: `ProverCoordinator__NoRewards(account: ${account})`,
        hint: expect.stringMatching(/^nothing is credited to /),
        exitCode: 1,
        errorName: "ProverCoordinator__NoRewards",
        args: { account },
        signature: "ProverCoordinator__NoRewards(address)",
      },
    });
  });

  it("finds the rollup through --rollup, and explains an address that is not one", async () => {
    const elsewhere = await cli(["epoch", "status", "0", "--rollup", t.rollupAddress, "--json"]);
    expect(elsewhere.code, elsewhere.stderr).toBe(0);
    const registry = t.deployments.NodeRegistry.address;
    const wrong = await cli(["epoch", "status", "0", "--rollup", registry]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(new RegExp(`^error: the contract at ${registry} is not a Rollup`));
    expect(wrong.stderr).toMatch(/\nhint: is --rollup the Rollup address\?/);
    fs.renameSync(path.join(dir, "deployments"), path.join(dir, "elsewhere"));
    try {
      const missing = await cli(["epoch", "status", "0", "--json"]);
      expect(missing.code).toBe(1);
      expect(JSON.parse(missing.stderr).error).toMatchObject({
        code: "CliError",
        message: expect.stringMatching(/^no --rollup given and .*31337\.json does not exist$/),
      });
    } finally {
      fs.renameSync(path.join(dir, "elsewhere"), path.join(dir, "deployments"));
    }
  });

  it("jd start runs a job distributor until interrupted, as blockage-jd start does", async () => {
    fs.writeFileSync(path.join(dir, "jd.key"), `${hardhatKey(2)}\n`, { mode: 0o600 });
    fs.chmodSync(path.join(dir, "jd.key"), 0o600);
    let stdout = "";
    let interrupt: (() => void) | undefined;
    const argv = ["jd", "start", "--rpc", t.chain.url, "--key-file", "jd.key", "--port", "0", "--data-dir", "jd-data"];
    const running = runCli(argv, {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stdout += text),
      env: {},
      cwd: dir,
      onInterrupt(handler) {
        interrupt = handler;
        return () => (interrupt = undefined);
      },
    });
    for (let i = 0; i < 300 && !stdout.includes("workers connect with"); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(stdout).toMatch(/workers connect with: blockage-worker start --jd ws:\/\/127\.0\.0\.1:\d+/);
    expect(fs.existsSync(path.join(dir, "jd-data"))).toBe(true);
    expect(interrupt).toBeDefined();
    interrupt!();
    expect(await running).toBe(0);
    expect(stdout).toContain("stopping: closing connections and the database");
  });
});
