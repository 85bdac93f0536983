// One connection to a job distributor: JSON-RPC 2.0 over a WebSocket (the JD can push `job` notifications) or over
// HTTP POST (the worker polls). Either way a request answers the JD's result, throws JdRequestError for the JD's
// JSON-RPC error, or throws JdUnreachableError and marks the connection lost (the worker then reconnects).
import { JSONRPCClient, JSONRPCErrorException, JSONRPCServer, JSONRPCServerAndClient } from "json-rpc-2.0";
import WebSocket from "ws";
import { JdRequestError, JdUnreachableError } from "./protocol";

/** How the worker talks to the JD. */
export type Transport = "ws" | "http";

/** A live connection to a job distributor. */
export interface JdConnection {
  readonly transport: Transport;
  /**
   * Calls a method.
   *
   * @param method - The protocol method.
   * @param params - Its params object.
   * @returns The JD's result.
   * @throws {JdRequestError} When the JD answers with an error.
   * @throws {JdUnreachableError} When there is no answer (the connection is then lost).
   */
  request(method: string, params: object): Promise<unknown>;
  /** Settles (never rejects) once the connection is lost or closed, with the reason. */
  readonly lost: Promise<JdUnreachableError>;
  /** Closes the connection; pending requests fail with JdUnreachableError. */
  close(): void;
}

/** Parameters of {@link openConnection}. */
export interface OpenConnectionParameters {
  /** `ws://`, `wss://`, `http://` or `https://` URL of the JD. */
  url: string;
  /** Called with the params of each `job` notification the JD pushes (WebSocket only). */
  onJob(params: unknown): void;
  /** How long a request (and the WebSocket handshake) may take, in ms. */
  timeoutMs: number;
}

/** The `code` json-rpc-2.0 gives a request that got no answer (timeout, failed send, closed socket). */
const NO_ANSWER = 0;

/** Interval of WebSocket pings: a connection that missed a pong by the next ping is dead (half-open sockets). */
const PING_INTERVAL_MS = 15_000;

/**
 * The transport a JD URL asks for.
 *
 * @param url - The JD's URL.
 * @returns `ws` for ws:// and wss://, `http` for http:// and https://.
 * @throws {TypeError} For anything else.
 */
export function transportOf(url: string): Transport {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new TypeError(`not a URL: ${url}`);
  }
  if (protocol === "ws:" || protocol === "wss:") return "ws";
  if (protocol === "http:" || protocol === "https:") return "http";
  throw new TypeError(`a job distributor URL starts with ws://, wss://, http:// or https://, got ${url}`);
}

/**
 * Opens a connection to a job distributor (for HTTP nothing is sent until the first request).
 *
 * @param params - URL, push handler and timeout.
 * @returns The connection.
 * @throws {JdUnreachableError} If the WebSocket cannot be opened.
 */
export async function openConnection(params: OpenConnectionParameters): Promise<JdConnection> {
  return transportOf(params.url) === "ws" ? openWebSocket(params) : openHttp(params);
}

/** The lost/closed state every transport shares. */
class Lifeline {
  private settle!: (reason: JdUnreachableError) => void;
  private reason: JdUnreachableError | undefined;
  readonly lost = new Promise<JdUnreachableError>((resolve) => (this.settle = resolve));

  get isLost(): boolean {
    return this.reason !== undefined;
  }

  cut(reason: JdUnreachableError): JdUnreachableError {
    if (this.reason === undefined) {
      this.reason = reason;
      this.settle(reason);
    }
    return this.reason;
  }

  /** Turns what a json-rpc-2.0 request threw into the protocol's errors, cutting the line when nothing answered. */
  async call(url: string, method: string, send: () => PromiseLike<unknown>): Promise<unknown> {
    if (this.reason !== undefined) throw this.reason;
    try {
      return await send();
    } catch (error) {
      if (error instanceof JSONRPCErrorException && error.code !== NO_ANSWER) {
        throw new JdRequestError(method, error.code, error.message, error.data);
      }
      throw this.cut(
        new JdUnreachableError(`the job distributor at ${url} did not answer ${method}`, { cause: error }),
      );
    }
  }
}

function openHttp({ url, timeoutMs }: OpenConnectionParameters): JdConnection {
  const line = new Lifeline();
  const client: JSONRPCClient = new JSONRPCClient(async (payload) => {
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, …) is its cause.
      const cause = (error as { cause?: { message?: unknown } }).cause;
      throw typeof cause?.message === "string" ? new Error(cause.message) : error;
    }
    const body = await response.text();
    if (body.trim() === "") {
      if (response.ok) return; // a notification's answer
      throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new Error(`HTTP ${response.status}: the answer is not JSON`);
    }
    client.receive(parsed as Parameters<JSONRPCClient["receive"]>[0]);
  });
  const timed = client.timeout(timeoutMs);
  return {
    transport: "http",
    request: (method, params) => line.call(url, method, () => timed.request(method, params)),
    lost: line.lost,
    close() {
      line.cut(new JdUnreachableError("the connection was closed"));
      client.rejectAllPendingRequests("the connection was closed");
    },
  };
}

async function openWebSocket({ url, onJob, timeoutMs }: OpenConnectionParameters): Promise<JdConnection> {
  const socket = new WebSocket(url, { handshakeTimeout: timeoutMs });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => {
      socket.off("error", reject);
      resolve();
    });
    socket.once("error", reject);
  }).catch((error: unknown) => {
    socket.terminate();
    throw new JdUnreachableError(`cannot reach the job distributor at ${url}`, { cause: error });
  });

  const line = new Lifeline();
  const peer = new JSONRPCServerAndClient(
    new JSONRPCServer(),
    new JSONRPCClient(
      (payload) =>
        new Promise<void>((resolve, reject) => {
          socket.send(JSON.stringify(payload), (error) => (error ? reject(error) : resolve()));
        }),
    ),
  );
  peer.addMethod("job", (params: unknown) => {
    onJob(params);
    return null;
  });
  socket.on("message", (data, isBinary) => {
    if (isBinary) return;
    let payload: unknown;
    try {
      payload = JSON.parse(data.toString());
    } catch {
      return; // not JSON-RPC: nothing to answer to
    }
    peer.receiveAndSend(payload, undefined, undefined).catch(() => undefined);
  });

  let alive = true;
  socket.on("pong", () => (alive = true));
  const pinger = setInterval(() => {
    if (!alive) {
      socket.terminate();
      return;
    }
    alive = false;
    socket.ping();
  }, PING_INTERVAL_MS);
  pinger.unref();

  const closed = (reason: JdUnreachableError) => {
    clearInterval(pinger);
    line.cut(reason);
    peer.rejectAllPendingRequests(reason.shortMessage);
  };
  // After `open`, an `error` is always followed by `close`; the listener keeps it from being thrown.
  socket.on("error", () => undefined);
  socket.on("close", (code) =>
    closed(new JdUnreachableError(`the job distributor at ${url} closed the connection (code ${code})`)),
  );

  const timed = peer.timeout(timeoutMs);
  return {
    transport: "ws",
    async request(method, params) {
      try {
        return await line.call(url, method, () => timed.request(method, params));
      } catch (error) {
        // A request that timed out leaves the socket in doubt: start over on a new one.
        if (error instanceof JdUnreachableError) socket.terminate();
        throw error;
      }
    },
    lost: line.lost,
    close() {
      closed(new JdUnreachableError("the connection was closed"));
      socket.close();
      // A JD that does not complete the closing handshake must not keep the process alive.
      setTimeout(() => socket.terminate(), 1000).unref();
    },
  };
}
