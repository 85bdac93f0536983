#!/usr/bin/env node
// The `blockage` executable. It lives outside dist/ so that npm links it at install time, before the first build
// of a workspace checkout; it only loads the built CLI.
import("../dist/cli.js").catch((error) => {
  if (error && error.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/cli.js")) {
    process.stderr.write('error: the blockage CLI is not built yet\nhint: run "npm run build" first\n');
  } else {
    process.stderr.write(
      `error: could not start the blockage CLI: ${error && error.message ? error.message : error}\n`,
    );
  }
  process.exitCode = 1;
});
