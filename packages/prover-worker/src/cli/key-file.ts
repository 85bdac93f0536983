// The worker's key: a hex private key in a file that only its owner may read (the conventions of the `blockage`
// CLI's --key-file). The key itself is never printed.
import fs from "node:fs";
import path from "node:path";
import { isHexString, Wallet } from "ethers";
import { CliError } from "./errors";

const WRITE_IT = "write the hex private key to a file only you can read: chmod 600 <file>";

/**
 * Reads the private key of `--key-file`, refusing a file that group or others may read.
 *
 * @param file - The path as given.
 * @param cwd - The directory a relative path is resolved against.
 * @returns The wallet of the key (not connected to any provider).
 * @throws {CliError} If the file cannot be read, is open to group or others, or does not hold a private key.
 */
export function walletFromKeyFile(file: string, cwd: string): Wallet {
  const resolved = path.resolve(cwd, file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(resolved);
  } catch (error) {
    throw new CliError(
      `cannot read the key file ${resolved}: ${(error as NodeJS.ErrnoException).code ?? "failed"}`,
      WRITE_IT,
    );
  }
  if (!stat.isFile()) throw new CliError(`the key file ${resolved} is not a file`, WRITE_IT);
  if (process.platform !== "win32" && (stat.mode & 0o077) !== 0) {
    throw new CliError(
      `the key file ${resolved} is open to group or others (mode ${(stat.mode & 0o777).toString(8).padStart(4, "0")})`,
      `make it private: chmod 600 ${resolved}`,
    );
  }
  let raw: string;
  try {
    raw = fs.readFileSync(resolved, "utf8").trim();
  } catch (error) {
    throw new CliError(
      `cannot read the key file ${resolved}: ${(error as NodeJS.ErrnoException).code ?? "failed"}`,
      WRITE_IT,
    );
  }
  const key = raw.startsWith("0x") ? raw : `0x${raw}`;
  if (!isHexString(key, 32)) {
    throw new CliError(`the key file ${resolved} does not hold a 32-byte hex private key`, WRITE_IT);
  }
  try {
    return new Wallet(key);
  } catch {
    throw new CliError(`the key file ${resolved} does not hold a valid secp256k1 private key`, WRITE_IT);
  }
}
