// Names for the hex the chain speaks: node ids (pids), operators' and provers' addresses, workers' addresses.
import type { NodeFeed } from "../feed";
import { shortHex } from "./format";

/** Distinct colours with at least 3:1 contrast against white (chart lines, node swatches). */
export const NODE_COLOURS = [
  "#0b5cad",
  "#c2410c",
  "#15803d",
  "#9333ea",
  "#b91c1c",
  "#0e7490",
  "#a16207",
  "#be185d",
  "#4d7c0f",
  "#4338ca",
  "#57534e",
  "#0f766e",
] as const;

/** Who is who, from the server's labels and the nodes' statuses. */
export class Names {
  private readonly names = new Map<string, string>();
  /** pid → colour, in the order nodes were listed. */
  readonly colours = new Map<string, string>();
  /** pids of the nodes, in the feed's order. */
  readonly pids: string[] = [];

  constructor(labels: Record<string, string>, nodes: readonly NodeFeed[]) {
    for (const [key, name] of Object.entries(labels)) this.names.set(key.toLowerCase(), name);
    for (const n of nodes) {
      const s = n.status;
      if (s === null) continue;
      const pid = s.pid.toLowerCase();
      if (!this.names.has(pid)) this.names.set(pid, n.name);
      if (!this.names.has(s.operator.toLowerCase())) this.names.set(s.operator.toLowerCase(), n.name);
      if (s.prover !== null && !this.names.has(s.prover.toLowerCase())) {
        this.names.set(
          s.prover.toLowerCase(),
          s.prover.toLowerCase() === s.operator.toLowerCase() ? n.name : `${n.name} (prover key)`,
        );
      }
      if (!this.pids.includes(pid)) this.pids.push(pid);
    }
    // Labelled pids the feed does not know yet (a node not answering) keep their place too.
    for (const [key] of this.names) if (key.length === 66 && !this.pids.includes(key)) this.pids.push(key);
    this.pids.sort((a, b) => this.of(a).localeCompare(this.of(b), "en", { numeric: true }));
    this.pids.forEach((pid, i) => this.colours.set(pid, NODE_COLOURS[i % NODE_COLOURS.length]!));
  }

  /** A name for a pid or an address, else its short hex. */
  of(id: string | null | undefined): string {
    if (id === null || id === undefined) return "—";
    return this.names.get(id.toLowerCase()) ?? shortHex(id);
  }

  /** Whether the id has a name. */
  knows(id: string): boolean {
    return this.names.has(id.toLowerCase());
  }

  colour(pid: string | null | undefined): string {
    return (pid && this.colours.get(pid.toLowerCase())) ?? "#57534e";
  }
}
