// The committed bin shim (bin/blockage.js), run from a copy of the package layout with a dist/ of our own.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const SHIM = path.resolve(__dirname, "..", "bin", "blockage.js");

describe("bin/blockage.js", () => {
  let dir: string;

  const run = (): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile(process.execPath, [path.join(dir, "bin", "blockage.js"), "--version"], (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
      });
    });
  const writeCli = (source: string) => {
    fs.mkdirSync(path.join(dir, "dist"), { recursive: true });
    fs.writeFileSync(path.join(dir, "dist", "cli.js"), source);
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "blockage-bin-"));
    fs.mkdirSync(path.join(dir, "bin"));
    fs.copyFileSync(SHIM, path.join(dir, "bin", "blockage.js"));
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("says the CLI is not built when dist/cli.js is missing", async () => {
    expect(await run()).toEqual({
      code: 1,
      stdout: "",
      stderr: 'error: the blockage CLI is not built yet\nhint: run "npm run build" first\n',
    });
  });

  it("names a dependency of dist/cli.js that is missing instead of blaming the build", async () => {
    writeCli('import "blockage-missing-dependency";\n');
    const { code, stderr } = await run();
    expect(code).toBe(1);
    expect(stderr).toBe(
      "error: could not start the blockage CLI: Cannot find package 'blockage-missing-dependency' imported from " +
        `${path.join(dir, "dist", "cli.js")}\n`,
    );
  });

  it("names a missing module that dist/cli.js imports", async () => {
    writeCli('import "./chunk.js";\n');
    const { code, stderr } = await run();
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: could not start the blockage CLI: Cannot find module '.*chunk\.js' imported from /);
  });

  it("runs the built CLI", async () => {
    writeCli('process.stdout.write("cli ran\\n");\n');
    expect(await run()).toEqual({ code: 0, stdout: "cli ran\n", stderr: "" });
  });
});
