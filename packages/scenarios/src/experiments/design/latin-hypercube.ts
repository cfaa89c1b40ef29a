import type { Random } from '@orebus/core';
import { nextDown, nextUp, openUniform, requireInteger } from './arguments.js';

/**
 * A Latin hypercube of `n` points in k dimensions, inside the open unit hypercube (0, 1)^k: in
 * every dimension, each of the n strata [s/n, (s + 1)/n) holds exactly one point, at a uniform
 * position within it (McKay, Beckman and Conover 1979). Map the points to factors with `scale`
 * or `mapToDistributions`.
 *
 * Determinism: the points depend only on `random`'s state; per dimension in turn, one shuffle
 * of the strata, then n uniforms for the positions within them.
 *
 * Limitation: strata are paired at random; no space-filling criterion (maximin distance, low
 * correlation) is optimised, so small designs may show spurious correlation between columns.
 *
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) unless n ≥ 1 and k ≥ 1 are integers.
 */
export function latinHypercube(n: number, k: number, random: Random): number[][] {
  requireInteger('n', n, 1);
  requireInteger('k', k, 1);

  const points = Array.from({ length: n }, () => new Array<number>(k).fill(0));
  const strata = Array.from({ length: n }, (_, s) => s);
  for (let j = 0; j < k; j++) {
    const order = random.shuffle(strata);
    for (let i = 0; i < n; i++) {
      const stratum = order[i] as number;
      (points[i] as number[])[j] = placeInStratum(stratum, openUniform(random), n);
    }
  }
  return points;
}

// (s + u)/n can round onto the next stratum's edge when u is close to 1; nudge it back by ulps
// so that the invariant floor(x·n) = s, which callers check, holds exactly.
function placeInStratum(stratum: number, u: number, n: number): number {
  let x = (stratum + u) / n;
  while (Math.floor(x * n) > stratum) x = nextDown(x);
  while (Math.floor(x * n) < stratum || x <= 0) x = nextUp(x);
  return x;
}
