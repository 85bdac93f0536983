/**
 * `npm run bench` (SDK part): the size of `@blockage/client`'s root entry in a browser bundle (esbuild, platform
 * browser, minified, ethers and every other dependency included), gzip level 9. Writes bench/sdk.json as
 * `{ "rootBundleGzipKb" }` (target ≤ 150) and bench/sdk-details.json with the minified size and the share of each
 * package. Needs the built SDK (`npm run build`, which `npm run bench` runs first).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import { build } from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const entry = path.resolve(here, "..", "packages", "client", "dist", "index.js");
const kb = (bytes) => Math.round((bytes / 1024) * 10) / 10;

const result = await build({
  entryPoints: [entry],
  bundle: true,
  platform: "browser",
  format: "esm",
  minify: true,
  write: false,
  metafile: true,
  logLevel: "silent",
});
const bundle = result.outputFiles[0].contents;
const gzip = zlib.gzipSync(bundle, { level: 9 });

// Minified bytes per package (the SDK's own files under their workspace name).
const byPackage = {};
for (const [file, { bytesInOutput }] of Object.entries(Object.values(result.metafile.outputs)[0].inputs)) {
  const dep = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)(?:\/node_modules\/((?:@[^/]+\/)?[^/]+))?/);
  const own = file.match(/packages\/([^/]+)\//);
  const name = dep ? (dep[2] ? `${dep[1]} > ${dep[2]}` : dep[1]) : own ? `@blockage/${own[1]}` : file;
  byPackage[name] = (byPackage[name] ?? 0) + bytesInOutput;
}

const figures = { rootBundleGzipKb: kb(gzip.length) };
const details = {
  entry: "@blockage/client (dist/index.js)",
  esbuild: { platform: "browser", format: "esm", minify: true },
  minifiedKb: kb(bundle.length),
  gzipKb: kb(gzip.length),
  minifiedKbByPackage: Object.fromEntries(
    Object.entries(byPackage)
      .sort((a, b) => b[1] - a[1])
      .map(([name, bytes]) => [name, kb(bytes)]),
  ),
};
fs.writeFileSync(path.join(here, "sdk.json"), JSON.stringify(figures, null, 2) + "\n");
fs.writeFileSync(path.join(here, "sdk-details.json"), JSON.stringify(details, null, 2) + "\n");
console.log(
  `@blockage/client root entry, browser bundle: ${figures.rootBundleGzipKb} KB gzip (${details.minifiedKb} KB minified)`,
);
