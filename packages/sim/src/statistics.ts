// The report's statistics: quantiles, the Gini coefficient and the Nakamoto coefficient.

/**
 * The q-quantile of `values` by linear interpolation between order statistics (the "R-7" rule of numpy's default):
 * the median is `quantile(v, 0.5)`, the 99th percentile `quantile(v, 0.99)`.
 *
 * @param values - The sample (not modified).
 * @param q - The level, in [0, 1].
 * @returns The quantile, or null for an empty sample.
 */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/**
 * The Gini coefficient of non-negative amounts: 0 when everyone has the same, (n − 1) / n when one has everything.
 * `G = Σ_i (2i − n − 1) x_(i) / (n Σ x)` over the amounts sorted ascending (i from 1).
 *
 * @param amounts - One amount per member of the population, zeros included.
 * @returns The coefficient; 0 for an empty population or when nobody has anything.
 */
export function gini(amounts: readonly number[]): number {
  const n = amounts.length;
  const sorted = Float64Array.from(amounts).sort();
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    total += sorted[i];
    weighted += (2 * (i + 1) - n - 1) * sorted[i];
  }
  return total > 0 ? weighted / (n * total) : 0;
}

/**
 * The Nakamoto coefficient: the fewest members whose amounts add up to more than half of the total (the largest
 * first).
 *
 * @param amounts - One amount per member.
 * @returns The count; 0 when the total is 0.
 */
export function nakamoto(amounts: readonly number[]): number {
  const sorted = Float64Array.from(amounts).sort().reverse();
  const total = sorted.reduce((sum, x) => sum + x, 0);
  if (total <= 0) return 0;
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) {
    sum += sorted[i];
    if (sum > total / 2) return i + 1;
  }
  return sorted.length;
}

/**
 * Points of the Lorenz curve of the amounts: the share of the total held by the poorest share of the population, at
 * `points` + 1 evenly spaced population shares.
 *
 * @param amounts - One amount per member.
 * @param points - How many steps (default 20).
 * @returns `[populationShare, amountShare]` pairs from (0, 0) to (1, 1).
 */
export function lorenzCurve(amounts: readonly number[], points = 20): [number, number][] {
  const sorted = Float64Array.from(amounts).sort();
  const total = sorted.reduce((sum, x) => sum + x, 0);
  const curve: [number, number][] = [];
  for (let k = 0; k <= points; k++) {
    const upTo = Math.round((k / points) * sorted.length);
    let sum = 0;
    for (let i = 0; i < upTo; i++) sum += sorted[i];
    curve.push([k / points, total > 0 ? sum / total : k / points]);
  }
  return curve;
}
