// JSON-RPC 2.0 over HTTP (`POST /`) and WebSocket (upgrades on `/`) on one port, plus `GET /metrics` (Prometheus)
// and `GET /healthz`. `json-rpc-2.0` dispatches the methods; this module checks the envelope the way the spec says
// (json-rpc-2.0 answers a one-element batch with a bare object and crashes on a `null` batch member), limits request
// rates, and lets a method know which connection called it so the JD can push jobs over WebSocket.
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  JSONRPCServer,
  createJSONRPCErrorResponse,
  type JSONRPCID,
  type JSONRPCRequest,
  type JSONRPCResponse,
} from "json-rpc-2.0";
import { WebSocketServer, type WebSocket } from "ws";
import { RPC_ERRORS, jobError } from "./errors";

/** The largest request body or WebSocket message accepted (a chunk proof result is about 2 KB). */
export const MAX_MESSAGE_BYTES = 256 * 1024;

/** Who made a call. */
export interface CallContext {
  transport: "http" | "ws";
  /** The connection's remote address. */
  remote: string;
  /** The WebSocket connection's state (WebSocket only). */
  socket?: SocketState;
}

/** A WebSocket connection: the session it registered, and a way to push notifications to it. */
export interface SocketState {
  sessionId?: string;
  notify(method: string, params: unknown): void;
  readonly open: boolean;
}

/** Rate limits: a token bucket per connection (WebSocket) or per remote address (HTTP). */
export interface RateLimit {
  /** Sustained requests per second. */
  perSecond: number;
  /** Burst size. */
  burst: number;
}

/** What the server serves besides JSON-RPC. */
export interface RpcServerOptions {
  host: string;
  port: number;
  rateLimit: RateLimit;
  /** Prometheus text for `GET /metrics`. */
  metrics: () => Promise<string>;
  /** Called when a WebSocket connection closes. */
  onSocketClosed?: (socket: SocketState) => void;
}

class TokenBucket {
  private tokens: number;
  private last = Date.now();

  constructor(private readonly limit: RateLimit) {
    this.tokens = limit.burst;
  }

  /** Takes one token; the ms to wait when there is none. */
  take(): number {
    const now = Date.now();
    this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.last) / 1000) * this.limit.perSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.limit.perSecond) * 1000);
  }
}

const validId = (id: unknown): id is JSONRPCID =>
  id === null || typeof id === "string" || (typeof id === "number" && Number.isFinite(id));

/** An envelope error for one request, or `null` when it is a well-formed request or notification. */
function envelopeError(message: unknown): JSONRPCResponse | null {
  const m = message as Record<string, unknown> | null;
  const id = m !== null && typeof m === "object" && validId(m.id) ? m.id : null;
  const invalid = (why: string) => createJSONRPCErrorResponse(id, RPC_ERRORS.InvalidRequest, `Invalid Request: ${why}`);
  if (m === null || typeof m !== "object" || Array.isArray(m)) return invalid("not an object");
  if (m.jsonrpc !== "2.0") return invalid('"jsonrpc" must be exactly "2.0"');
  if (typeof m.method !== "string") return invalid('"method" must be a string');
  if ("id" in m && !validId(m.id)) return invalid('"id" must be a string, a number or null');
  if ("params" in m && (m.params === null || typeof m.params !== "object")) {
    return invalid('"params" must be an object or an array');
  }
  return null;
}

/** A JSON-RPC 2.0 server on HTTP and WebSocket. */
export class RpcServer {
  readonly http: http.Server;
  private readonly wss: WebSocketServer;
  private readonly httpBuckets = new Map<string, TokenBucket>();
  private readonly sockets = new Set<WebSocket>();

  constructor(
    readonly rpc: JSONRPCServer<CallContext>,
    private readonly options: RpcServerOptions,
  ) {
    this.http = http.createServer((req, res) => void this.onHttp(req, res));
    this.http.keepAliveTimeout = 30_000;
    this.wss = new WebSocketServer({ server: this.http, path: "/", maxPayload: MAX_MESSAGE_BYTES });
    this.wss.on("connection", (ws, req) => this.onSocket(ws, req.socket.remoteAddress ?? "?"));
  }

  /** Starts listening; resolves with the bound port. */
  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.http.once("error", reject);
      this.http.listen(this.options.port, this.options.host, () => {
        this.http.off("error", reject);
        resolve();
      });
    });
    return (this.http.address() as AddressInfo).port;
  }

  /** Stops listening and closes every connection. */
  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  /**
   * Answers one JSON-RPC message (a request, a notification or a batch) as the spec says: `null` when nothing is to
   * be sent back (notifications only).
   */
  async handle(text: string, context: CallContext, bucket: TokenBucket): Promise<unknown> {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return createJSONRPCErrorResponse(null, RPC_ERRORS.ParseError, "Parse error");
    }
    if (Array.isArray(message)) {
      if (message.length === 0) return envelopeError(null);
      const answers = await Promise.all(message.map((m) => this.handleOne(m, context, bucket)));
      const sent = answers.filter((a) => a !== null);
      return sent.length > 0 ? sent : null;
    }
    return this.handleOne(message, context, bucket);
  }

  private async handleOne(
    message: unknown,
    context: CallContext,
    bucket: TokenBucket,
  ): Promise<JSONRPCResponse | null> {
    const bad = envelopeError(message);
    if (bad !== null) return bad;
    const request = message as JSONRPCRequest;
    const wait = bucket.take();
    if (wait > 0) {
      const error = jobError("RateLimited", "too many requests", { retryAfterMs: wait });
      return request.id === undefined
        ? null
        : createJSONRPCErrorResponse(request.id, error.code, error.message, error.data);
    }
    return this.rpc.receive(request, context);
  }

  private bucketFor(remote: string): TokenBucket {
    let bucket = this.httpBuckets.get(remote);
    if (bucket === undefined) {
      if (this.httpBuckets.size > 10_000) this.httpBuckets.clear();
      this.httpBuckets.set(remote, (bucket = new TokenBucket(this.options.rateLimit)));
    }
    return bucket;
  }

  private async onHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && url === "/metrics") {
      const body = await this.options.metrics();
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" }).end(body);
      return;
    }
    if (req.method === "GET" && url === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      return;
    }
    if (url !== "/") {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    if (req.method !== "POST") {
      res.writeHead(405, { allow: "POST", "content-type": "text/plain" }).end("JSON-RPC 2.0: POST a request to /");
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_MESSAGE_BYTES) {
        res.writeHead(413, { "content-type": "text/plain", connection: "close" }).end("request too large");
        req.destroy();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    const remote = req.socket.remoteAddress ?? "?";
    const answer = await this.handle(
      Buffer.concat(chunks).toString("utf8"),
      { transport: "http", remote },
      this.bucketFor(remote),
    );
    if (answer === null) {
      res.writeHead(204).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
  }

  private onSocket(ws: WebSocket, remote: string): void {
    this.sockets.add(ws);
    const bucket = new TokenBucket(this.options.rateLimit);
    const state: SocketState = {
      notify: (method, params) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ jsonrpc: "2.0", method, params }));
      },
      get open() {
        return ws.readyState === ws.OPEN;
      },
    };
    const context: CallContext = { transport: "ws", remote, socket: state };
    ws.on("message", async (data, isBinary) => {
      const text = isBinary ? Buffer.from(data as Buffer).toString("utf8") : data.toString();
      const answer = await this.handle(text, context, bucket);
      if (answer !== null && ws.readyState === ws.OPEN) ws.send(JSON.stringify(answer));
    });
    ws.on("close", () => {
      this.sockets.delete(ws);
      this.options.onSocketClosed?.(state);
    });
    ws.on("error", () => ws.terminate());
  }
}
