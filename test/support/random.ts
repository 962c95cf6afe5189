/**
 * A deterministic pseudo-random sequence in [0, 1) (xorshift32), so that every run of a test or a benchmark
 * builds the same data from the same seed.
 */
export function seededRandom(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}
