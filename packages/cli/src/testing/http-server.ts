// Test helper: an HTTP server of a test listening on a free port of 127.0.0.1.
import type http from "node:http";

/** A listening test server. */
export interface LocalServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Closes it, and every connection still open. */
  close(): Promise<void>;
}

/**
 * Starts `server` on a free port of 127.0.0.1.
 *
 * @param server - The server, not listening yet.
 * @returns Its URL and how to close it.
 */
export async function listenLocally(server: http.Server): Promise<LocalServer> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
