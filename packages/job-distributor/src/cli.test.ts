// The `blockage-jd` command as a user meets it: a real process, its exit codes and its one-line errors.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { Wallet } from "ethers";

const BIN = fileURLToPath(new URL("../bin/blockage-jd.js", import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jd-cli-"));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function keyFile(mode: number): string {
  const file = path.join(dir, `key-${mode.toString(8)}`);
  fs.writeFileSync(file, Wallet.createRandom().privateKey + "\n", { mode });
  fs.chmodSync(file, mode);
  return file;
}

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("blockage-jd", () => {
  it("prints its usage with --help and exits 0", () => {
    const r = run("start", "--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("usage: blockage-jd start --rpc <url> --key-file <file>");
  });

  it("refuses bad usage with one line, a hint and exit code 2", () => {
    for (const args of [
      [],
      ["prove"],
      ["start", "--key-file", "k"],
      ["start", "--rpc", "http://127.0.0.1:1", "--key-file", "k", "--epoch", "soon"],
      ["start", "--bogus"],
    ]) {
      const r = run(...args);
      expect(r.code, args.join(" ")).toBe(2);
      if (args.length > 0) {
        expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(2);
        expect(r.stderr).toMatch(/^error: .+\nhint: /);
      }
    }
  });

  it("refuses a key file others can read, and an unreachable chain, with exit code 1 and no stack trace", () => {
    const open = run("start", "--rpc", "http://127.0.0.1:1", "--key-file", keyFile(0o644));
    expect(open.code).toBe(1);
    expect(open.stderr).toMatch(/^error: the key file .* may be read by others \(mode 644\)\nhint: run: chmod 600 /);
    const missing = run("start", "--rpc", "http://127.0.0.1:1", "--key-file", path.join(dir, "nope"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: cannot read the key file/);
    const unreachable = run("start", "--rpc", "http://127.0.0.1:1", "--key-file", keyFile(0o600));
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^error: cannot reach the chain at http:\/\/127\.0\.0\.1:1/);
    expect(unreachable.stderr).not.toMatch(/\n\s+at /);
  });
});
