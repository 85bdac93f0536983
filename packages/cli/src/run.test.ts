// The CLI's argument handling, in-process and without a chain.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { MaxUint256, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContractCallError, InvalidParameterError, LotteryError, toContractError } from "@blockage/client";
import { checkTokenAmount, MAX_BLOCK, MAX_EPOCH, parseInteger, parseSalt, parseTokens } from "./arguments";
import { walletFrom } from "./context";
import { formatTokens, toJson } from "./output";
import { describeFailure } from "./report";
import { HELP } from "./usage";
import { COMMANDS, runCli } from "./run";

async function cli(argv: string[], env: Record<string, string> = {}, cwd = "/nonexistent") {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: { BLOCKAGE_RPC_URL: "http://127.0.0.1:1", ...env },
    cwd,
  });
  return { code, stdout, stderr };
}

describe("token amounts", () => {
  it("parses token units with up to 18 decimals for an 18-decimal token", () => {
    expect(parseTokens("1000", "amount", 18)).toBe(10n ** 21n);
    expect(parseTokens("0.5", "amount", 18)).toBe(5n * 10n ** 17n);
    expect(parseTokens("1_000", "amount", 18)).toBe(10n ** 21n);
    expect(parseTokens("0.000000000000000001", "amount", 18)).toBe(1n);
    for (const bad of ["", "-5", "1e18", "abc", "1.0000000000000000001", "0x10", "1.", ".5"]) {
      expect(() => parseTokens(bad, "--stake", 18)).toThrow(/invalid --stake/);
    }
  });

  it("parses token units with the token's own decimals", () => {
    expect(parseTokens("1000", "amount", 6)).toBe(1_000_000_000n);
    expect(parseTokens("1500.25", "amount", 6)).toBe(1_500_250_000n);
    expect(parseTokens("0.000001", "amount", 6)).toBe(1n);
    expect(parseTokens("2.500000", "amount", 6)).toBe(2_500_000n);
    expect(() => parseTokens("0.0000001", "--stake", 6)).toThrow(
      'invalid --stake "0.0000001": the stake token has 6 decimals, give at most 6 after the point',
    );
    expect(parseTokens("7", "amount", 0)).toBe(7n);
    expect(() => parseTokens("7.5", "amount", 0)).toThrow(/has no decimals, give a whole number/);
  });

  it("refuses amounts whose base units do not fit in a uint256", () => {
    expect(parseTokens(MaxUint256.toString(), "amount", 0)).toBe(MaxUint256);
    expect(() => parseTokens((MaxUint256 + 1n).toString(), "amount", 0)).toThrow(/amount \d+ is too large/);
    expect(() => parseTokens(10n ** 60n + "", "amount", 18)).toThrow(
      /amount \d+ is too large: at most \d+\.\d+ tokens/,
    );
    expect(() => checkTokenAmount((MaxUint256 + 1n).toString(), "amount")).toThrow(/is too large/);
    expect(checkTokenAmount(" 1_000.5 ", "amount")).toBe("1000.5");
  });

  it("formats base units without trailing zeros, in the token's decimals", () => {
    expect(formatTokens(10n ** 21n, 18)).toBe("1000");
    expect(formatTokens(15n * 10n ** 17n, 18)).toBe("1.5");
    expect(formatTokens(1n, 18)).toBe("0.000000000000000001");
    expect(formatTokens(1_500_250_000n, 6)).toBe("1500.25");
    expect(formatTokens(1n, 6)).toBe("0.000001");
    expect(formatTokens(10n ** 21n, 6)).toBe("1000000000000000");
    expect(formatTokens(42n, 0)).toBe("42");
    expect(formatTokens(0n, 6)).toBe("0");
    expect(formatTokens(-15n, 1)).toBe("-1.5");
    expect(formatTokens(-(10n ** 18n), 18)).toBe("-1");
  });

  it("round-trips every amount through format and parse", () => {
    for (const decimals of [0, 6, 18]) {
      for (const amount of [0n, 1n, 999_999n, 10n ** 21n + 7n, MaxUint256]) {
        expect(parseTokens(formatTokens(amount, decimals), "amount", decimals)).toBe(amount);
      }
    }
  });

  it("checks integers against their range", () => {
    expect(parseInteger("0", "--epoch", MAX_EPOCH)).toBe(0n);
    expect(parseInteger(MAX_EPOCH.toString(), "--epoch", MAX_EPOCH)).toBe(MAX_EPOCH);
    expect(() => parseInteger((MAX_EPOCH + 1n).toString(), "--epoch", MAX_EPOCH)).toThrow(
      "--epoch must be at most 18446744073709551615, got 18446744073709551616",
    );
    expect(() => parseInteger("-1", "--epoch", MAX_EPOCH)).toThrow('--epoch must be a non-negative integer, got "-1"');
    expect(() => parseInteger("1e5", "--from-block", MAX_BLOCK)).toThrow(/must be a non-negative integer/);
    expect(() => parseInteger("0", "--block-range", MAX_BLOCK, 1n)).toThrow("--block-range must be at least 1, got 0");
    expect(parseSalt(MaxUint256.toString())).toBe(`0x${"ff".repeat(32)}`);
    expect(() => parseSalt((MaxUint256 + 1n).toString())).toThrow(/--salt must be below 2\^256/);
  });

  it("prints bigints in JSON as decimal strings", () => {
    expect(JSON.parse(toJson({ a: 2n ** 70n, b: [1n] }))).toEqual({ a: "1180591620717411303424", b: ["1"] });
  });
});

describe("failures", () => {
  it("reports an SDK error with its code, and a revert it wraps with the revert's", () => {
    const revert = toContractError({ data: "0x87703267" }, "delegate"); // NodeRegistry__ZeroAmount()
    expect(describeFailure(new ContractCallError("activate failed"), undefined)).toEqual({
      code: "ContractCall",
      message: "activate failed",
      exitCode: 1,
    });
    expect(describeFailure(new InvalidParameterError("stake must be positive"), undefined)).toMatchObject({
      code: "InvalidParameter",
      exitCode: 2,
    });
    expect(describeFailure(new LotteryError("WeightOverflow", "weight overflows"), undefined)).toMatchObject({
      code: "WeightOverflow",
      exitCode: 1,
    });
    expect(describeFailure(revert, undefined)).toMatchObject({ code: "ContractRevert", exitCode: 1 });
    expect(describeFailure(new ContractCallError("draw failed", { cause: revert }), undefined)).toMatchObject({
      code: "ContractRevert",
      errorName: "NodeRegistry__ZeroAmount",
      exitCode: 1,
    });
  });
});

describe("runCli", () => {
  it("has help for every command, printed on stdout with exit code 0", async () => {
    for (const command of COMMANDS) {
      expect(HELP[command.path], command.path).toBeDefined();
      const { code, stdout, stderr } = await cli([...command.path.split(" "), "--help"]);
      expect(code).toBe(0);
      expect(stdout).toContain(`Usage: blockage ${command.path}`);
      // A node's own JSON-RPC server is --node; every other command talks to the chain.
      expect(stdout).toContain(command.path.startsWith("prover-coordination") ? "--node <url>" : "--rpc <url>");
      expect(stderr).toBe("");
    }
    expect((await cli(["--help"])).stdout).toContain("Commands:");
    expect((await cli(["node", "-h"])).stdout).toContain("blockage node <register");
  });

  it("says that amounts are token units in the help of every command that takes one", async () => {
    for (const path of ["node register", "node increase-stake", "delegate", "undelegate"]) {
      expect(HELP[path]).toContain("with up to its decimals() decimals: 1000 means\n1000 tokens");
      expect(HELP[path]).not.toContain("18");
    }
  });

  it("prefers BLOCKAGE_KEY and --key-file over --key in the help", () => {
    expect(HELP[""]).toMatch(/--key <hex>.*prefer the env BLOCKAGE_KEY or --key-file/s);
    expect(HELP["node register"]).not.toContain("--key $");
    expect(HELP["node register"]).toContain("BLOCKAGE_KEY=<operator key> blockage node register");
  });

  it.each([
    [[], "error: no command given", 'hint: run "blockage --help"'],
    [["node"], "error: no node command given", 'hint: run "blockage node --help"'],
  ])("says %j gives no command, with exit code 2", async (argv, error, hint) => {
    const { code, stdout, stderr } = await cli(argv);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(`${error}\n${hint}\n`);
  });

  it.each([
    [["frobnicate"], 'error: unknown command "frobnicate"', 'hint: run "blockage --help"'],
    [["node", "dance"], 'error: unknown command "node dance"', 'hint: run "blockage node --help"'],
    [["node", "register", "--bogus"], "error: unknown option --bogus", 'hint: run "blockage node register --help"'],
    [["node", "register", "--stake"], "error: option --stake needs a value", "hint"],
    [["delegate", "0x12"], "error: missing arguments: blockage delegate <pid> <amount>", "hint"],
    [["faucet", "extra"], "error: too many arguments: blockage faucet takes no arguments", "hint"],
    [["delegate", "0x12", "5"], "error: the pid must be 32-byte hex (0x + 64 hex digits), got 0x12", "hint"],
    [["delegate", `0x${"ab".repeat(32)}`, "five"], 'error: invalid amount "five"', "hint"],
    [["node", "register", "--roles", "validator"], "error: roles must be sequencer, prover or both", "hint"],
    [["node", "register", "--vrf-key", "0x02"], "error: --vrf-key, --vrf-key-proof and --comm-key go together", "hint"],
    [["node", "register", "--use-keys", "k.json", "--comm-key", "0x01"], "error: --use-keys takes every key", "hint"],
    [["node", "activate"], "error: give a pid, or a key (BLOCKAGE_KEY, --key-file) to use the key's node", "hint"],
    [["node", "activate", "--key", "0x1234"], "error: --key is not a 32-byte hex private key", "hint"],
    [["node", "status", "--salt", "x", "--key", `0x${"11".repeat(32)}`], "error: --salt must be an integer", "hint"],
    [["seed", "x"], 'error: the epoch must be a non-negative integer, got "x"', "hint"],
    [["seed", "1", "--role", "validator"], "error: --role must be sequencer, prover or epoch", "hint"],
    [["seed", "1", "--slot", "-1"], 'error: --slot must be a non-negative integer, got "-1"', "hint"],
    [["seed", "1", "--slot=-1"], 'error: --slot must be a non-negative integer, got "-1"', "hint"],
    [["seed", "-1"], 'error: the epoch must be a non-negative integer, got "-1"', "hint"],
    [["seed", "18446744073709551616"], "error: the epoch must be at most 18446744073709551615", "hint"],
    [["seed", "1", "--slot", "1".padEnd(30, "0")], "error: --slot must be at most 18446744073709551615", "hint"],
    [["node", "status", `0x${"ab".repeat(32)}`, "--epoch", "-1"], "error: --epoch must be a non-negative integer", "h"],
    [
      ["node", "proof", `0x${"ab".repeat(32)}`, "--from-block", "1".padEnd(24, "0")],
      "error: --from-block must be at most",
      "h",
    ],
    [["node", "proof", `0x${"ab".repeat(32)}`, "--block-range", "0"], "error: --block-range must be at least 1", "h"],
    [["node", "register", "--salt", (MaxUint256 + 1n).toString()], "error: --salt must be below 2^256", "hint"],
    [["node", "register", "--stake", "-5"], 'error: invalid --stake "-5"', "hint"],
    [["delegate", `0x${"ab".repeat(32)}`, "1".padEnd(80, "0")], "error: amount 1000", "hint"],
    [["node", "increase-stake", "-1"], 'error: invalid amount "-1"', "hint"],
    [
      ["node", "status", "--key", `0x${"11".repeat(32)}`, "--key-file", "k"],
      "error: give either --key or --key-file",
      "h",
    ],
  ])("refuses %j with one error line, a hint and exit code 2", async (argv, error, hint) => {
    const { code, stdout, stderr } = await cli(argv);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    const lines = stderr.trimEnd().split("\n");
    expect(lines[0]).toContain(error);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(hint);
  });

  it("never prints the key, even when it is malformed", async () => {
    const key = `0x${"zz".repeat(32)}`;
    const { stderr } = await cli(["node", "activate"], { BLOCKAGE_KEY: key });
    expect(stderr).toContain("BLOCKAGE_KEY is not a 32-byte hex private key");
    expect(stderr).not.toContain("zz");
  });

  it("reads the key of --key-file, and refuses a key file that group or others can read", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blockage-key-"));
    try {
      const key = `0x${"11".repeat(32)}`;
      const file = path.join(dir, "operator.key");
      fs.writeFileSync(file, `${key}\n`, { mode: 0o600 });
      const io = { stdout: () => {}, stderr: () => {}, env: {}, cwd: dir };
      expect(walletFrom({ keyFile: "operator.key" }, io)?.address).toBe(new Wallet(key).address);
      // The file wins over BLOCKAGE_KEY, like --key.
      expect(walletFrom({ keyFile: file }, { ...io, env: { BLOCKAGE_KEY: `0x${"22".repeat(32)}` } })?.address).toBe(
        new Wallet(key).address,
      );

      fs.chmodSync(file, 0o644);
      const open = await cli(["node", "activate", "--key-file", file]);
      expect(open.code).toBe(1);
      expect(open.stderr).toBe(
        `error: the key file ${file} is open to group or others (mode 0644)\nhint: make it private: chmod 600 ${file}\n`,
      );

      fs.writeFileSync(path.join(dir, "bad.key"), "not a key", { mode: 0o600 });
      const bad = await cli(["node", "activate", "--key-file", "bad.key"], {}, dir);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(`error: the key file ${path.join(dir, "bad.key")} does not hold a 32-byte hex`);
      expect(bad.stderr).not.toContain("not a key");

      const missing = await cli(["node", "activate", "--key-file", "missing.key"], {}, dir);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toBe(`error: cannot read the key file ${path.join(dir, "missing.key")}: ENOENT\n`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fails with exit code 1, one line and a hint when the node is unreachable", async () => {
    const { code, stderr } = await cli(["node", "status", `0x${"ab".repeat(32)}`]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: cannot reach the JSON-RPC node at http:\/\/127\.0\.0\.1:1: .+\nhint: start a node/);
    expect(stderr.trimEnd().split("\n")).toHaveLength(2);
  });

  describe("with a node that stops answering", () => {
    let server: http.Server;
    let url: string;
    beforeAll(async () => {
      // Answers eth_chainId, then never answers anything else: a stalled RPC endpoint.
      server = http.createServer((request, response) => {
        let body = "";
        request.on("data", (chunk) => (body += chunk));
        request.on("end", () => {
          const { id, method } = JSON.parse(body) as { id: number; method: string };
          if (method === "eth_chainId") {
            response.setHeader("content-type", "application/json");
            response.end(JSON.stringify({ jsonrpc: "2.0", id, result: "0x7a69" }));
          }
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it("gives up after BLOCKAGE_RPC_TIMEOUT_MS with one error line and a hint", async () => {
      const started = Date.now();
      const { code, stdout, stderr } = await cli(
        ["node", "status", `0x${"ab".repeat(32)}`, "--registry", `0x${"12".repeat(20)}`],
        { BLOCKAGE_RPC_URL: url, BLOCKAGE_RPC_TIMEOUT_MS: "300" },
      );
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(code).toBe(1);
      expect(stdout).toBe("");
      expect(stderr).toBe(
        `error: the JSON-RPC node at ${url} did not answer a request within 0.3 s\n` +
          "hint: check that the node is up and synced (or use another --rpc); BLOCKAGE_RPC_TIMEOUT_MS=<ms> sets the limit\n",
      );
    });

    it("refuses a timeout that is not a positive integer", async () => {
      const { code, stderr } = await cli(["node", "status", `0x${"ab".repeat(32)}`], {
        BLOCKAGE_RPC_URL: url,
        BLOCKAGE_RPC_TIMEOUT_MS: "soon",
      });
      expect(code).toBe(2);
      expect(stderr).toMatch(
        /^error: BLOCKAGE_RPC_TIMEOUT_MS must be a positive integer \(milliseconds\), got "soon"\n/,
      );
    });
  });

  describe("--json failures", () => {
    /** The one JSON object a failure printed on stderr (and nothing else there, nothing on stdout). */
    const jsonFailure = (result: { code: number; stdout: string; stderr: string }) => {
      expect(result.stdout).toBe("");
      expect(result.stderr.endsWith("\n")).toBe(true);
      expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
      const { error } = JSON.parse(result.stderr) as { error: Record<string, unknown> };
      expect(error.exitCode).toBe(result.code);
      return error;
    };

    it.each([
      [["--json"], "no command given", 'run "blockage --help"'],
      [
        ["faucet", "extra", "--json"],
        "too many arguments: blockage faucet takes no arguments",
        'run "blockage faucet --help"',
      ],
      [["--json", "node", "register", "--bogus"], "unknown option --bogus", 'run "blockage node register --help"'],
      [
        ["epoch", "status", "-1", "--json"],
        'the epoch must be a non-negative integer, got "-1"',
        'run "blockage epoch status --help"',
      ],
    ])("reports the usage error of %j as one JSON object, exit code 2", async (argv, message, hint) => {
      const result = await cli(argv);
      expect(result.code).toBe(2);
      expect(jsonFailure(result)).toEqual({ code: "UsageError", message, hint, exitCode: 2 });
    });

    it("reports an unreachable JSON-RPC node as one JSON object, exit code 1", async () => {
      const result = await cli(["epoch", "status", "3", "--json"]);
      expect(result.code).toBe(1);
      expect(jsonFailure(result)).toMatchObject({
        code: "RpcUnreachable",
        message: expect.stringMatching(/^cannot reach the JSON-RPC node at http:\/\/127\.0\.0\.1:1: /),
        hint: expect.stringContaining("--rpc <url>"),
      });
    });

    it("keeps human errors as they were without --json", async () => {
      const result = await cli(["rewards", "withdraw"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        "error: this command sends a transaction: set BLOCKAGE_KEY, or pass --key-file <path> (or --key <private key>)\n" +
          'hint: run "blockage rewards withdraw --help"\n',
      );
    });
  });

  describe("the services", () => {
    it("hands jd and worker lines to their own CLIs, whose help names the blockage command", async () => {
      const jd = await cli(["jd", "--help"]);
      expect(jd).toMatchObject({ code: 0, stderr: "" });
      expect(jd.stdout).toMatch(/^usage: blockage jd start --rpc <url> --key-file <file>/);
      expect((await cli(["jd", "start", "--help"])).stdout).toMatch(/^usage: blockage jd start/);
      const worker = await cli(["worker", "--help"]);
      expect(worker).toMatchObject({ code: 0, stderr: "" });
      expect(worker.stdout).toContain("Usage: blockage worker <command> [options]");
      expect((await cli(["worker", "start", "-h"])).stdout).toMatch(/^Usage: blockage worker start --jd <url>/);
      expect((await cli(["worker", "claim", "--help"])).stdout).toMatch(/^Usage: blockage worker claim --rpc <url>/);
    });

    it("reports their usage errors like its own: exit code 2, a hint, one JSON object with --json", async () => {
      expect(await cli(["jd", "start", "--bogus"])).toEqual({
        code: 2,
        stdout: "",
        stderr: "error: Unknown option '--bogus'\nhint: run \"blockage jd start --help\"\n",
      });
      expect(await cli(["jd", "start", "--key-file", "k"])).toMatchObject({
        code: 2,
        stderr: 'error: --rpc <url> is required\nhint: run "blockage jd start --help"\n',
      });
      const worker = await cli(["--json", "worker", "start"]);
      expect(worker.code).toBe(2);
      expect(JSON.parse(worker.stderr)).toEqual({
        error: {
          code: "UsageError",
          message: "start needs --jd <url>",
          hint: 'run "blockage worker start --help"',
          exitCode: 2,
        },
      });
    });

    it("reports their failures with exit code 1", async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blockage-services-"));
      try {
        const key = path.join(dir, "jd.key");
        fs.writeFileSync(key, `${Wallet.createRandom().privateKey}\n`, { mode: 0o644 });
        fs.chmodSync(key, 0o644);
        const open = await cli(
          ["jd", "start", "--rpc", "http://127.0.0.1:1", "--key-file", "jd.key", "--json"],
          {},
          dir,
        );
        expect(open.code).toBe(1);
        expect(JSON.parse(open.stderr).error).toMatchObject({
          code: "CliError",
          message: expect.stringMatching(/^the key file .*jd\.key may be read by others \(mode 644\)$/),
          hint: expect.stringMatching(/^run: chmod 600 /),
        });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it("runs node start from @blockage/node: its help, and its usage errors as one JSON object", async () => {
      expect((await cli(["node", "start", "--help"])).stdout).toMatch(/^Usage: blockage node start --node-keys/);
      const { code, stderr } = await cli(["node", "start", "--json"]);
      expect(code).toBe(2);
      expect(JSON.parse(stderr).error).toMatchObject({
        code: "UsageError",
        message: "--node-keys <file> is required",
        exitCode: 2,
      });
      // The node group's other commands are unchanged.
      expect((await cli(["node", "status", "--help"])).stdout).toMatch(/^Usage: blockage node status/);
    });
  });

  it("prints its version", async () => {
    expect(await cli(["--version"])).toMatchObject({ code: 0, stdout: "dev\n" });
  });
});
