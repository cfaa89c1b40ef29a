import { InvalidArgumentError } from '@orebus/core';
import { requireFiniteEntries } from './arguments.js';

/**
 * The sample percentiles of `values` at each of `ps` (in percent, 0 to 100), in the order of
 * `ps`, by linear interpolation between order statistics: definition 7 of Hyndman and Fan
 * (1996), the default of R's `quantile` and NumPy's `percentile`. With the values sorted as
 * x_0 ≤ … ≤ x_{n−1} and h = (n − 1)·p/100, the p-th percentile is
 * x_⌊h⌋ + (h − ⌊h⌋)·(x_⌊h⌋+1 − x_⌊h⌋); so 0 gives the minimum and 100 the maximum.
 * `values` is not changed.
 *
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) if `values` is empty or a p is outside
 *   [0, 100].
 * @throws NonFiniteNumberError (`E_NON_FINITE`) if a value is NaN or infinite.
 */
export function percentiles(values: ArrayLike<number>, ps: readonly number[]): number[] {
  if (values.length === 0) throw new InvalidArgumentError('values', [], 'at least one value');
  requireFiniteEntries('values', values, 'percentiles');
  ps.forEach((p, i) => {
    if (!(p >= 0 && p <= 100))
      throw new InvalidArgumentError(`ps[${i}]`, p, 'a percent in [0, 100]');
  });

  const sorted = Float64Array.from(values).sort();
  return ps.map((p) => interpolate(sorted, p / 100));
}

// Definition 7 on an already sorted array; q in [0, 1].
export function interpolate(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const below = Math.floor(h);
  const low = sorted[below] as number;
  if (below + 1 >= sorted.length) return low;
  const high = sorted[below + 1] as number;
  // Rounding could carry the sum past the next order statistic; capping keeps the result
  // non-decreasing in q across the breakpoints.
  return Math.min(low + (h - below) * (high - low), high);
}
