#!/usr/bin/env node
// The `blockage` executable. It lives outside dist/ so that npm links it at install time, before the first build
// of a workspace checkout; it only loads the built CLI.
import { fileURLToPath, URL } from "node:url";

const cli = new URL("../dist/cli.js", import.meta.url);

/** Whether the module that could not be found is dist/cli.js itself (not something dist/cli.js imports). */
function isCliMissing(error) {
  if (!error || error.code !== "ERR_MODULE_NOT_FOUND") return false;
  if (typeof error.url === "string") return error.url === cli.href;
  return String(error.message).startsWith(`Cannot find module '${fileURLToPath(cli)}' `);
}

import(cli.href).catch((error) => {
  if (isCliMissing(error)) {
    process.stderr.write('error: the blockage CLI is not built yet\nhint: run "npm run build" first\n');
  } else {
    process.stderr.write(
      `error: could not start the blockage CLI: ${error && error.message ? error.message : error}\n`,
    );
  }
  process.exitCode = 1;
});
