// The worker's progress: one line that says what it is doing, rewritten in place on a terminal, printed once per
// event otherwise, or one JSON object per event with --json.
import type { WorkerStatus } from "../worker-types";
import type { CliIo } from "./io";

/** How progress is shown. */
export type ProgressMode = "tty" | "lines" | "json";

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const shortAddress = (address: string): string => `${address.slice(0, 6)}…${address.slice(-4)}`;

/**
 * The progress line of a status: connection, jobs done, the chunks held, proving times, earnings.
 *
 * @param status - The worker's status.
 * @param now - Unix ms.
 * @returns One line, e.g. `registered · done 3 · proving epoch 7 chunk 3 (1.2 s) · last 1.9 s · mean 2.0 s`.
 */
export function progressLine(status: WorkerStatus, now: number = Date.now()): string {
  const parts: string[] = [status.connection, `done ${status.jobsDone}`];
  if (status.current.length === 0) {
    if (status.connection === "registered") parts.push("waiting for a job");
  } else {
    for (const chunk of status.current) {
      parts.push(`${chunk.state} epoch ${chunk.epoch} chunk ${chunk.chunkId} (${seconds(now - chunk.since)})`);
    }
  }
  if (status.lastProvingMs !== null) parts.push(`last ${seconds(status.lastProvingMs)}`);
  if (status.meanProvingMs !== null) parts.push(`mean ${seconds(status.meanProvingMs)}`);
  if (status.earnings !== null) parts.push(`earned ${status.earnings}`);
  if (status.keptProofs > 0) parts.push(`kept ${status.keptProofs}`);
  if (status.suspendedUntil !== null) parts.push(`suspended ${seconds(status.suspendedUntil - now)}`);
  const worker = status.worker === null ? "" : `${shortAddress(status.worker)} `;
  return `${worker}${parts.join(" · ")}`;
}

/** The JSON form of a status (bigints as decimal strings). */
function statusJson(status: WorkerStatus) {
  return {
    connection: status.connection,
    jobsDone: status.jobsDone,
    current: status.current,
    lastProvingMs: status.lastProvingMs,
    meanProvingMs: status.meanProvingMs,
    earnings: status.earnings?.toString() ?? null,
    keptProofs: status.keptProofs,
    suspendedUntil: status.suspendedUntil,
  };
}

const jsonText = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v));

/** Prints progress in one of the three modes. */
export class Progress {
  private drawn = false;

  /**
   * @param io - Where to print.
   * @param mode - `tty`, `lines` or `json`.
   * @param status - Reads the worker's status.
   */
  constructor(
    private readonly io: CliIo,
    readonly mode: ProgressMode,
    private readonly status: () => WorkerStatus,
  ) {}

  /**
   * Shows an event: redraws the line on a terminal, prints `<what> | <line>` otherwise, or a JSON object.
   *
   * @param event - The event's name.
   * @param what - What happened, in words.
   * @param data - The event's data (for --json).
   */
  event(event: string, what: string, data: unknown = {}): void {
    const status = this.status();
    if (this.mode === "json") {
      this.io.stdout(jsonText({ event, time: new Date().toISOString(), data, status: statusJson(status) }) + "\n");
    } else if (this.mode === "lines") {
      this.io.stdout(`${what} | ${progressLine(status)}\n`);
    } else {
      this.redraw();
    }
  }

  /**
   * A message that must stay visible (a warning): its own line, above the live line on a terminal.
   *
   * @param event - The event's name.
   * @param message - The message.
   */
  note(event: string, message: string): void {
    if (this.mode === "json") {
      this.event(event, message, { message });
    } else if (this.mode === "lines") {
      this.io.stdout(`${event}: ${message} | ${progressLine(this.status())}\n`);
    } else {
      this.io.stdout(`\r\x1b[K${event}: ${message}\n`);
      this.drawn = false;
      this.redraw();
    }
  }

  /** Redraws the live line (terminal only; for the running clock). */
  redraw(): void {
    if (this.mode !== "tty") return;
    this.io.stdout(`\r\x1b[K${progressLine(this.status())}`);
    this.drawn = true;
  }

  /** Ends the live line, so that the shell prompt starts on a line of its own. */
  end(): void {
    if (this.mode === "tty" && this.drawn) this.io.stdout("\n");
    this.drawn = false;
  }
}
