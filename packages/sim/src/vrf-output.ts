// VRF outputs drawn from the seeded PRNG instead of real VRF proofs (for speed): a uniform u ∈ (0, 1] becomes the
// 32-byte output whose top 64 bits plus one are ⌈u · 2^64⌉, the `k` that the SDK's `raceTime` reads (`uFromBeta`). The
// low 192 bits, which no ranking reads, are zero.

const TWO_64 = 2 ** 64;

/**
 * The VRF output (beta) whose draw is u: `uFromBeta(beta) / 2^64 ≈ u` (to double precision).
 *
 * @param u - A uniform draw in (0, 1].
 * @returns 32 bytes.
 */
export function vrfOutputOf(u: number): Uint8Array {
  let k = BigInt(Math.min(TWO_64, Math.max(1, Math.ceil(u * TWO_64))));
  k -= 1n;
  const beta = new Uint8Array(32);
  for (let i = 7; i >= 0; i--) {
    beta[i] = Number(k & 0xffn);
    k >>= 8n;
  }
  return beta;
}
