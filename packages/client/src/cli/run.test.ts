// The CLI's argument handling, in-process and without a chain.
import { describe, expect, it } from "vitest";
import { formatTokens, parseTokens, toJson } from "./output";
import { HELP } from "./usage";
import { COMMANDS, runCli } from "./run";

async function cli(argv: string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: { BLOCKAGE_RPC_URL: "http://127.0.0.1:1", ...env },
    cwd: "/nonexistent",
  });
  return { code, stdout, stderr };
}

describe("token amounts", () => {
  it("parses token units with up to 18 decimals", () => {
    expect(parseTokens("1000", "amount")).toBe(10n ** 21n);
    expect(parseTokens("0.5", "amount")).toBe(5n * 10n ** 17n);
    expect(parseTokens("1_000", "amount")).toBe(10n ** 21n);
    expect(parseTokens("0.000000000000000001", "amount")).toBe(1n);
    for (const bad of ["", "-5", "1e18", "abc", "1.0000000000000000001", "0x10", "1.", ".5"]) {
      expect(() => parseTokens(bad, "--stake")).toThrow(/invalid --stake/);
    }
  });

  it("formats base units without trailing zeros", () => {
    expect(formatTokens(10n ** 21n)).toBe("1000");
    expect(formatTokens(15n * 10n ** 17n)).toBe("1.5");
    expect(formatTokens(1n)).toBe("0.000000000000000001");
  });

  it("prints bigints in JSON as decimal strings", () => {
    expect(JSON.parse(toJson({ a: 2n ** 70n, b: [1n] }))).toEqual({ a: "1180591620717411303424", b: ["1"] });
  });
});

describe("runCli", () => {
  it("has help for every command, printed on stdout with exit code 0", async () => {
    for (const command of COMMANDS) {
      expect(HELP[command.path], command.path).toBeDefined();
      const { code, stdout, stderr } = await cli([...command.path.split(" "), "--help"]);
      expect(code).toBe(0);
      expect(stdout).toContain(`Usage: blockage ${command.path}`);
      expect(stdout).toContain("--rpc <url>");
      expect(stderr).toBe("");
    }
    expect((await cli(["--help"])).stdout).toContain("Commands:");
    expect((await cli(["node", "-h"])).stdout).toContain("blockage node <register");
  });

  it("says that amounts are token units in the help of every command that takes one", async () => {
    for (const path of ["node register", "node increase-stake", "delegate", "undelegate"]) {
      expect(HELP[path]).toContain("1000 means 1000 tokens (1000e18 base units)");
    }
  });

  it("prints the usage on stderr with exit code 2 when no command is given", async () => {
    const { code, stdout, stderr } = await cli([]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("Usage: blockage <command>");
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
    [["node", "activate"], "error: give a pid, or --key to use the key's node", "hint"],
    [["node", "activate", "--key", "0x1234"], "error: --key is not a 32-byte hex private key", "hint"],
    [["node", "status", "--salt", "x", "--key", `0x${"11".repeat(32)}`], "error: --salt must be an integer", "hint"],
    [["seed", "x"], "error: the epoch must be a non-negative integer, got x", "hint"],
    [["seed", "1", "--role", "validator"], "error: --role must be sequencer, prover or epoch", "hint"],
    [["seed", "1", "--slot", "-1"], "error: option --slot needs a value", "hint"],
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

  it("fails with exit code 1, one line and a hint when the node is unreachable", async () => {
    const { code, stderr } = await cli(["node", "status", `0x${"ab".repeat(32)}`]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: cannot reach the JSON-RPC node at http:\/\/127\.0\.0\.1:1: .+\nhint: start a node/);
    expect(stderr.trimEnd().split("\n")).toHaveLength(2);
  });

  it("prints its version", async () => {
    expect(await cli(["--version"])).toMatchObject({ code: 0, stdout: "dev\n" });
  });
});
