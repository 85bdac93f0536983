// POST /rpc: the chain's JSON-RPC for the page, on the page's own origin, read-only. A local chain unlocks its
// accounts, so only reading methods pass: a page (or any other site the browser visits) can never send a transaction
// or move the chain's clock through the dashboard.
import type { IncomingMessage, ServerResponse } from "node:http";

/** The methods the page may call: reads of blocks, transactions, logs and contract state. */
export const RPC_PROXY_METHODS: ReadonlySet<string> = new Set([
  "eth_chainId",
  "net_version",
  "eth_blockNumber",
  "eth_call",
  "eth_getLogs",
  "eth_getBlockByNumber",
  "eth_getBlockByHash",
  "eth_getTransactionByHash",
  "eth_getTransactionReceipt",
  "eth_getCode",
  "eth_getBalance",
  "eth_getStorageAt",
]);

/** The largest request body the proxy reads. */
const MAX_BODY_BYTES = 1 << 20;

const rpcError = (id: unknown, code: number, message: string) => ({
  jsonrpc: "2.0",
  id: id ?? null,
  error: { code, message },
});

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Answers one POST /rpc: checks every call of the request (single or batch) against {@link RPC_PROXY_METHODS} and
 * forwards the request unchanged to the chain when they all pass.
 *
 * @param req - The page's request (already checked for host and origin by the server).
 * @param res - Its response.
 * @param rpcUrl - The chain's JSON-RPC.
 */
export async function proxyRpc(req: IncomingMessage, res: ServerResponse, rpcUrl: string): Promise<void> {
  // A JSON body only: a cross-site form or `text/plain` fetch cannot reach here without a CORS preflight, which this
  // server never grants.
  if (!/^application\/json\b/i.test(req.headers["content-type"] ?? "")) {
    send(res, 415, rpcError(null, -32600, "POST /rpc takes application/json"));
    return;
  }
  const text = await readBody(req);
  if (text === null) {
    send(res, 413, rpcError(null, -32600, `request body over ${MAX_BODY_BYTES} bytes`));
    return;
  }
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch {
    send(res, 200, rpcError(null, -32700, "parse error"));
    return;
  }
  const calls = Array.isArray(request) ? request : [request];
  if (calls.length === 0 || calls.length > 100) {
    send(res, 200, rpcError(null, -32600, "a batch holds 1 to 100 calls"));
    return;
  }
  const refused = calls.filter(
    (c) =>
      typeof (c as { method?: unknown })?.method !== "string" ||
      !RPC_PROXY_METHODS.has((c as { method: string }).method),
  );
  if (refused.length > 0) {
    const answers = calls.map((c) => {
      const { id, method } = (c ?? {}) as { id?: unknown; method?: unknown };
      return refused.includes(c)
        ? rpcError(id, -32601, `${String(method)} is not available through the dashboard (read-only)`)
        : rpcError(id, -32600, "not sent: another call of the batch was refused");
    });
    send(res, 200, Array.isArray(request) ? answers : answers[0]);
    return;
  }
  try {
    const upstream = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: text,
      signal: AbortSignal.timeout(30_000),
    });
    res.writeHead(upstream.status, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  } catch (error) {
    const id = Array.isArray(request) ? null : (request as { id?: unknown }).id;
    send(res, 502, rpcError(id, -32603, `the chain at ${rpcUrl} did not answer: ${(error as Error).message}`));
  }
}
