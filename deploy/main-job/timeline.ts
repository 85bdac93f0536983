// The main job's timeline: one line per event — from the nodes' JSON logs and the conductor's own steps — with the
// slot and epoch it happened in, coloured when the terminal supports it, and one progress line while proving.

const COLOURS = { dim: 2, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36 } as const;
export type Colour = keyof typeof COLOURS;

/** Node events worth a line, and their colour. */
export const SHOWN_EVENTS: Record<string, Colour | null> = {
  started: "dim",
  proposed: "cyan",
  outbid: "dim",
  ticket: "blue",
  bid: "magenta",
  "bid-published": "dim",
  countersigned: "magenta",
  claimed: "green",
  "claim-failed": "yellow",
  "claim-recovered": "yellow",
  "capacity-refused": "yellow",
  rescue: "yellow",
  "rescue-paid": "yellow",
  proven: "green",
  "deadline-warning": "yellow",
  "deadline-missed": "red",
  "breaker-open": "red",
  withdrawn: "dim",
  rolled: "dim",
  "race-entered": "dim",
  "race-entry-failed": "yellow",
  "chunk-proving": "dim",
  "chunk-kept": "blue",
  "chunk-refused": "dim",
  "epoch-finalized": "green",
  "finalize-failed": "yellow",
  "epoch-unfinalizable": "red",
  "open-race": "yellow",
  "chunks-rewarded": "green",
  "prefix-proving": "dim",
  "state-update": "green",
  "state-update-lost": "yellow",
  "state-update-refused": "dim",
  "redundancy-owed": "magenta",
  "redundant-proof": "magenta",
  "redundant-proof-refused": "yellow",
  "redundancy-missed": "red",
  "redundancy-settled": "magenta",
  "price-flagged": "red",
  "flag-refused": "yellow",
  "workers-paid": "green",
};

export class Timeline {
  private progressShown = false;
  readonly colour: boolean;

  constructor(
    private readonly quiet: boolean,
    private readonly write: (text: string) => void,
    tty: boolean,
    private readonly epochSlots: bigint,
  ) {
    this.colour = tty && process.env.NO_COLOR === undefined;
  }

  paint(text: string, colour: Colour | null): string {
    return this.colour && colour !== null ? `\x1b[${COLOURS[colour]}m${text}\x1b[0m` : text;
  }

  private clearProgress(): void {
    if (this.progressShown) this.write("\r\x1b[K");
    this.progressShown = false;
  }

  /** A line of the timeline. */
  line(slot: bigint | null, who: string, text: string, colour: Colour | null = null): void {
    if (this.quiet) return;
    this.clearProgress();
    const where = slot === null ? "".padEnd(16) : `slot ${slot} e${slot / this.epochSlots}`.padEnd(16);
    this.write(`${this.paint(where, "dim")} ${who.padEnd(9)} ${this.paint(text, colour)}\n`);
  }

  /** A heading. */
  heading(text: string): void {
    if (this.quiet) return;
    this.clearProgress();
    this.write(`${this.paint(`▶ ${text}`, "blue")}\n`);
  }

  /** The one progress line (terminals only; replaced by the next line). */
  progress(text: string): void {
    if (this.quiet || !this.colour) return;
    this.write(`\r\x1b[K${this.paint(text, "dim")}`);
    this.progressShown = true;
  }

  end(): void {
    this.clearProgress();
  }
}
