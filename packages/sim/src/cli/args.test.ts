// The command line: defaults, overrides, and bad arguments refused with one line (and a non-zero exit from the bin).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { MECHANISMS } from "../config";
import { UsageError, parseSimArgs } from "./args";

const bin = fileURLToPath(new URL("../../bin/blockage-sim.js", import.meta.url));

describe("parseSimArgs", () => {
  it("runs every mechanism over 10,000 epochs of 1,000 provers by default", () => {
    const command = parseSimArgs([]);
    expect(command.config.mechanisms).toEqual(MECHANISMS);
    expect(command.config.epochs).toBe(10_000);
    expect(command.config.provers).toBe(1_000);
    expect(command.json).toBe(false);
    expect(command.charts).toBeNull();
  });

  it("takes the mechanism, sizes, seed, --json and --charts", () => {
    const command = parseSimArgs(["--mechanism", "open-race", "--epochs", "50", "--provers", "30", "--seed", "x"]);
    expect(command.config.mechanisms).toEqual(["open-race"]);
    expect(command.config.epochs).toBe(50);
    expect(command.config.scenarioEpochs).toBe(50);
    expect(command.config.seed).toBe("x");
    expect(parseSimArgs(["--json", "--charts", "out"])).toMatchObject({ json: true, charts: "out" });
  });

  it("refuses bad arguments", () => {
    for (const argv of [
      ["--mechanism", "pbs"],
      ["--epochs", "0"],
      ["--epochs", "1.5"],
      ["--provers", "-3"],
      ["--seed", ""],
      ["--bogus"],
      ["extra"],
      ["--epochs"],
    ]) {
      expect(() => parseSimArgs(argv), argv.join(" ")).toThrow(UsageError);
    }
  });
});

describe("blockage-sim", () => {
  it("exits non-zero with one error line and a hint on a bad argument", () => {
    const run = spawnSync(process.execPath, [bin, "--epochs", "zero"], { encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      'error: --epochs must be a whole number from 1 to 1000000, got "zero"\nhint: run "blockage-sim --help" for usage\n',
    );
  });

  it("prints the same JSON twice for the same seed", () => {
    const args = [bin, "--json", "--epochs", "20", "--provers", "50", "--seed", "cli"];
    const first = spawnSync(process.execPath, args, { encoding: "utf8" });
    const second = spawnSync(process.execPath, args, { encoding: "utf8" });
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout).epochs).toBe(20);
    expect(second.stdout).toBe(first.stdout);
  });
});
