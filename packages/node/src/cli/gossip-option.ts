// The quote gossip transport of `blockage node start` (see ../gossip).
import type { LogLevel } from "../context";
import type { QuoteTransportFactory } from "../node";

export interface GossipCliOptions {
  port: number;
  host?: string;
  bootstrap: string[];
  log: (level: LogLevel, event: string, message: string, fields?: Record<string, unknown>) => void;
}

/** The transport for the command line's gossip options (none until the gossip module is wired). */
export function gossipFromOptions(options: GossipCliOptions): QuoteTransportFactory | undefined {
  void options;
  return undefined;
}
