#!/usr/bin/env node
// The `blockage-sim` executable. It lives outside dist/ so that npm links it at install time, before the first build
// of a workspace checkout; it only loads the built CLI.
import { existsSync } from "node:fs";
import { fileURLToPath, URL } from "node:url";

const cli = new URL("../dist/cli.js", import.meta.url);

if (existsSync(fileURLToPath(cli))) {
  import(cli.href).catch((error) => {
    process.stderr.write(`error: could not start the blockage-sim CLI: ${error?.message ?? error}\n`);
    process.exitCode = 1;
  });
} else {
  process.stderr.write('error: the blockage-sim CLI is not built yet\nhint: run "npm run build" first\n');
  process.exitCode = 1;
}
