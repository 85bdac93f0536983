// The simulation's one source of randomness: a seeded PRNG (sfc32, 128-bit state) split into named streams, so that a
// seed gives the same draws whatever else changes, and each epoch's draws do not depend on how many the previous
// epochs used.

/** A seeded stream of uniform draws. */
export interface Random {
  /** A uniform draw in [0, 1) with 53 random bits. */
  uniform(): number;
  /** A uniform draw in (0, 1]: safe under a logarithm. */
  positive(): number;
  /** A uniform 32-bit unsigned integer. */
  uint32(): number;
  /** A standard normal draw (Box–Muller). */
  normal(): number;
  /** An exponential draw of rate 1. */
  exponential(): number;
}

/** FNV-1a over the text, then splitmix32 rounds: four 32-bit words of state for sfc32. */
function stateOf(text: string): [number, number, number, number] {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    h = (h + 0x9e3779b9) >>> 0;
    let z = h;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    words.push((z ^ (z >>> 16)) >>> 0);
  }
  return words as [number, number, number, number];
}

/**
 * A stream for `seed` and a path of labels (`createRandom("7", "epoch", 12)`): distinct paths give independent
 * streams, the same path the same stream.
 *
 * @param seed - The run's seed.
 * @param labels - The stream's path under the seed.
 * @returns The stream.
 */
export function createRandom(seed: string, ...labels: (string | number)[]): Random {
  let [a, b, c, d] = stateOf([seed, ...labels].join("/"));
  const uint32 = (): number => {
    // sfc32 (Chris Doty-Humphrey's Small Fast Counting generator).
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) uint32();
  const uniform = (): number => ((uint32() >>> 5) * 67108864 + (uint32() >>> 6)) / 9007199254740992;
  const positive = (): number => 1 - uniform();
  return {
    uniform,
    positive,
    uint32,
    normal: () => Math.sqrt(-2 * Math.log(positive())) * Math.cos(2 * Math.PI * uniform()),
    exponential: () => -Math.log(positive()),
  };
}
