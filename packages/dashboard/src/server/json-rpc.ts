// JSON-RPC 2.0 over HTTP for the server's polls: one batch per node, each answer matched by id.

/** A failed call: the node's error, or the transport's. */
export class JsonRpcCallError extends Error {
  override readonly name = "JsonRpcCallError" as const;
  constructor(
    message: string,
    readonly code: number | null = null,
  ) {
    super(message);
  }
}

/** The answers of a batch, by position: a value, or the error of that call. */
export type BatchAnswer = { ok: true; result: unknown } | { ok: false; error: JsonRpcCallError };

/**
 * Sends `calls` as one JSON-RPC batch to `url`.
 *
 * @param url - The server.
 * @param calls - Method and params of each call.
 * @param timeoutMs - How long to wait for the whole batch.
 * @returns One answer per call, in order.
 * @throws {JsonRpcCallError} When the server cannot be reached or does not answer JSON-RPC.
 */
export async function callBatch(
  url: string,
  calls: readonly { method: string; params?: unknown }[],
  timeoutMs: number,
): Promise<BatchAnswer[]> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(calls.map((c, id) => ({ jsonrpc: "2.0", id, method: c.method, params: c.params ?? [] }))),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = error as { name?: string; cause?: { code?: string }; message?: string };
    const why =
      cause.name === "TimeoutError"
        ? `no answer within ${timeoutMs} ms`
        : (cause.cause?.code ?? cause.message ?? String(error));
    throw new JsonRpcCallError(`${url}: ${why}`);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new JsonRpcCallError(`${url}: HTTP ${response.status}, not JSON-RPC`);
  }
  const list = Array.isArray(body) ? body : [body];
  return calls.map((_, id) => {
    const answer = list.find((a) => (a as { id?: unknown })?.id === id) as
      { result?: unknown; error?: { code?: number; message?: string } } | undefined;
    if (answer === undefined) return { ok: false, error: new JsonRpcCallError(`${url}: no answer to call ${id}`) };
    if (answer.error !== undefined) {
      return {
        ok: false,
        error: new JsonRpcCallError(answer.error.message ?? "JSON-RPC error", answer.error.code ?? null),
      };
    }
    return { ok: true, result: answer.result ?? null };
  });
}

/**
 * One JSON-RPC call.
 *
 * @throws {JsonRpcCallError} On any failure.
 */
export async function call(url: string, method: string, params: unknown, timeoutMs: number): Promise<unknown> {
  const [answer] = await callBatch(url, [{ method, params }], timeoutMs);
  if (!answer!.ok) throw answer!.error;
  return answer!.result;
}
