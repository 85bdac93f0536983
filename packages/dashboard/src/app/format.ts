// How the page writes numbers, hex, durations and countdowns (token amounts: `ChainState.tokens`, with ethers).

/** `0x1234…abcd`. */
export const shortHex = (hex: string | null | undefined): string =>
  hex === null || hex === undefined ? "—" : hex.length <= 14 ? hex : `${hex.slice(0, 6)}…${hex.slice(-4)}`;

/** A whole number with thousands separators. */
export const count = (n: number | bigint): string => n.toLocaleString("en-US");

/** A probability as a percentage. */
export const percent = (p: number | null, digits = 1): string =>
  p === null || !Number.isFinite(p) ? "—" : `${(p * 100).toFixed(digits)} %`;

/** A race time kept as ln t with 18 decimals, written as ln t. */
export function lnTime(raceTime: bigint): string {
  return (Number(raceTime) / 1e18).toFixed(3);
}

/** A duration in ms, e.g. `0.8 s`, `12 s`, `3 min 5 s`. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  const s = Math.max(0, ms) / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 120) return `${Math.round(s)} s`;
  const minutes = Math.floor(s / 60);
  const seconds = Math.round(s % 60);
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}

/** Slots left until `target` from `current`, with a wall-clock estimate: `in 4 slots (~5.1 s)`, `passed 2 slots ago`. */
export function slotsUntil(target: bigint, current: bigint, msPerSlot: number | null): string {
  const left = target - current;
  if (left <= 0n) return left === 0n ? "now" : `passed ${-left} slot${left === -1n ? "" : "s"} ago`;
  const estimate = msPerSlot === null ? "" : ` (~${duration(Number(left) * msPerSlot)})`;
  return `in ${left} slot${left === 1n ? "" : "s"}${estimate}`;
}

/** Basis points as a percentage: `2000` → `20 %`, `1250` → `12.5 %`. */
export function basisPoints(bps: bigint | number | null): string {
  if (bps === null) return "—";
  const hundredths = Number(bps); // 1 bp = 0.01 %
  return `${(hundredths / 100).toFixed(2).replace(/\.?0+$/, "")} %`;
}

/** How far a block's chunks are proven: `3/4 chunks, 10 kept proofs` (`?` for a count not read yet). */
export function keptProgress(b: { chunks: number | null; provenChunks: number; keptProofs: number }): string {
  const chunks = `${b.provenChunks}/${b.chunks ?? "?"} chunk${b.chunks === 1 ? "" : "s"}`;
  return `${chunks}, ${b.keptProofs} kept proof${b.keptProofs === 1 ? "" : "s"}`;
}
