// JSON-RPC 2.0 requests to a running blockage node (`blockage node start`): seed 003's `submitEpochProofBid` and
// the node's status methods, over HTTP with fetch.
import { CliError, NodeRpcError, UsageError } from "./errors";
import type { CliIo } from "./output";

/** Where a blockage node serves JSON-RPC by default. */
export const DEFAULT_NODE_URL = "http://127.0.0.1:8547";

/**
 * The node's URL: `--node`, else `BLOCKAGE_NODE_URL`, else {@link DEFAULT_NODE_URL}.
 *
 * @param given - `--node`, if given.
 * @param io - For the environment.
 * @returns The URL.
 * @throws {UsageError} If it is not an http(s) URL.
 */
export function nodeUrl(given: string | undefined, io: CliIo): string {
  const url = given ?? (io.env.BLOCKAGE_NODE_URL || DEFAULT_NODE_URL);
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
    const what = given === undefined ? "BLOCKAGE_NODE_URL" : "--node";
    throw new UsageError(`${what} must be an http(s) URL, e.g. ${DEFAULT_NODE_URL}, got ${JSON.stringify(url)}`);
  }
  return url;
}

/** JSON-RPC 2.0's "Method not found". */
const METHOD_NOT_FOUND = -32601;

const UNREACHABLE_HINT = 'start one with "blockage node start", or pass --node <url> / set BLOCKAGE_NODE_URL';

/**
 * Sends one JSON-RPC 2.0 request to a blockage node and returns its result.
 *
 * @param url - The node's HTTP endpoint.
 * @param method - The method, e.g. `submitEpochProofBid`.
 * @param params - Its positional parameters.
 * @param timeoutMs - How long to wait for the answer.
 * @returns The response's `result` (`null` for a method that returns nothing).
 * @throws {NodeRpcError} If the node answers with a JSON-RPC error object (its code, message and data).
 * @throws {CliError} If the node cannot be reached (`NodeUnreachable`), does not answer in time (`NodeTimeout`) or
 *   does not answer with JSON-RPC (`NodeBadResponse`).
 */
export async function callNode(url: string, method: string, params: unknown[], timeoutMs: number): Promise<unknown> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    if ((error as Error).name === "TimeoutError") {
      throw new CliError(
        `the blockage node at ${url} did not answer ${method} within ${timeoutMs / 1000} s`,
        "check that the node is up; BLOCKAGE_RPC_TIMEOUT_MS=<ms> sets the limit",
        { code: "NodeTimeout" },
      );
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new CliError(`cannot reach the blockage node at ${url}: ${reason}`, UNREACHABLE_HINT, {
      code: "NodeUnreachable",
      cause: error,
    });
  }
  let body: { result?: unknown; error?: { code?: unknown; message?: unknown; data?: unknown } } | undefined;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = undefined;
  }
  if (typeof body !== "object" || body === null || (!("result" in body) && typeof body.error !== "object")) {
    throw new CliError(
      `${url} did not answer ${method} with JSON-RPC (HTTP ${response.status})`,
      "is --node the JSON-RPC endpoint of a blockage node?",
      { code: "NodeBadResponse" },
    );
  }
  if (typeof body.error === "object" && body.error !== null) {
    const { code, message, data } = body.error;
    const rpcCode = typeof code === "number" ? code : 0;
    throw new NodeRpcError(
      `the blockage node refused ${method}: ${typeof message === "string" ? message : "no message"} (JSON-RPC error ${rpcCode})`,
      rpcCode,
      data,
      rpcCode === METHOD_NOT_FOUND
        ? `is ${url} a blockage node (blockage node start) with the prover role?`
        : undefined,
    );
  }
  return body.result ?? null;
}
