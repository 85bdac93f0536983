// The root entry is what a dapp bundles for the browser: it must bundle with no Node built-in, no prover (snarkjs) and
// no contract creation bytecode; deployment and proving are behind their own entries. Checks the built `dist/`.
import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { describe, expect, it } from "vitest";

const dist = (file: string) => fileURLToPath(new URL(`../dist/${file}`, import.meta.url));
const NODE_BUILTINS = new Set(builtinModules);

/** Fails the build on any import of a Node built-in, naming the importer (esbuild's own error is less direct). */
function noNodeBuiltins(found: string[]): Plugin {
  return {
    name: "no-node-builtins",
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        const bare = args.path.replace(/^node:/, "").split("/")[0]!;
        if (args.path.startsWith("node:") || NODE_BUILTINS.has(bare)) {
          found.push(`${args.path} (imported by ${args.importer})`);
          return { path: args.path, external: true };
        }
        return undefined;
      });
    },
  };
}

async function bundleForBrowser(entry: string) {
  const builtins: string[] = [];
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "browser",
    format: "esm",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "silent",
    plugins: [noNodeBuiltins(builtins)],
  });
  return { builtins, inputs: Object.keys(result.metafile.inputs), text: result.outputFiles[0]!.text };
}

describe("the root entry in a browser bundle", () => {
  it("bundles with no Node built-in, no prover and no creation bytecode", async () => {
    const { builtins, inputs, text } = await bundleForBrowser(dist("index.js"));
    expect(builtins).toEqual([]);
    expect(inputs.filter((i) => /snarkjs|ffjavascript|web-worker|circuits\/dist\/index/.test(i))).toEqual([]);
    // Every Solidity creation bytecode starts with the free-memory-pointer setup 0x6080604052.
    expect(text).not.toMatch(/6080604052/);
    expect(text).toContain("createBlockageClient");
  }, 60_000);

  it("leaves deployment and proving to their own entries", async () => {
    const deploy = await bundleForBrowser(dist("deploy.js"));
    expect(deploy.text).toMatch(/6080604052/);
    const deployEntry = await import(dist("deploy.js"));
    expect(typeof deployEntry.deployRollup).toBe("function");
    expect(typeof deployEntry.Rollup__factory.connect).toBe("function");
    const proving = await import(dist("proving.js"));
    expect(typeof proving.proveBlock).toBe("function");
    const root = await import(dist("index.js"));
    expect(root.deployRollup).toBeUndefined();
    expect(root.proveBlock).toBeUndefined();
    expect(typeof root.createBlockageClient).toBe("function");
  }, 60_000);
});
