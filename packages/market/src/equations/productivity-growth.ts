import { InvalidArgumentError } from '@orebus/core';
import { requireFinite } from './require.js';

/**
 * How the productivity rate `r` is read. `linear` (the default of MODEL.md section 4): the
 * productivity index grows by `r` of its base-year level each year, so the yearly growth
 * falls over time. `compound`: the index grows by `r` of its current level each year.
 */
export type ProductivityMode = 'linear' | 'compound';

/** Parameters of the growth of mining and beneficiation productivity. */
export interface ProductivityParameters {
  /** The scenario's rate `r`: 0.10 baseline, 0.14 optimistic mining (paper Table 4). */
  readonly rate: number;
  readonly mode: ProductivityMode;
  /** Year of the initial state, where the index is 1. Defaults to 2022. */
  readonly baseYear?: number;
}

/**
 * Growth `d_t` of mining and beneficiation productivity in `year`, as a fraction (0.1 = 10 %),
 * for the output rule (15).
 *
 * Linear mode: `A_t = 1 + r·(t − baseYear)` and `d_t = A_t / A_{t−1} − 1`, so with `r = 0.1`
 * the growth is 10 % in the first model year and 0.1 / 3.7 ≈ 2.7 % in 2050. Compound mode:
 * `d_t = r` every year.
 *
 * @throws InvalidArgumentError if `year` is not an integer after `baseYear`, if a linear index
 *   `A_{t−1}` or `A_t` would not be positive, or if a compound rate is −1 or less.
 * @throws NonFiniteNumberError if `rate` is NaN or infinite.
 */
export function productivityGrowth(year: number, parameters: ProductivityParameters): number {
  const { rate, mode, baseYear = 2022 } = parameters;
  requireFinite('rate', rate, 'productivityGrowth');
  if (!Number.isInteger(baseYear)) {
    throw new InvalidArgumentError('baseYear', baseYear, 'an integer year');
  }
  if (!Number.isInteger(year) || year <= baseYear) {
    throw new InvalidArgumentError('year', year, `an integer year after baseYear ${baseYear}`);
  }

  if (mode === 'compound') {
    if (rate <= -1) throw new InvalidArgumentError('rate', rate, 'a compound rate > -1');
    return rate;
  }
  if (mode !== 'linear') {
    throw new InvalidArgumentError('mode', mode, '"linear" or "compound"');
  }
  const index = 1 + rate * (year - baseYear);
  const previousIndex = 1 + rate * (year - 1 - baseYear);
  // A negative rate eventually drives the linear index through zero, where d_t has no meaning.
  if (index <= 0 || previousIndex <= 0) {
    throw new InvalidArgumentError(
      'rate',
      rate,
      `a linear rate whose productivity index stays positive through ${year}`,
    );
  }
  return index / previousIndex - 1;
}
