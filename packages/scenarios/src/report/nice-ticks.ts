import { InvalidArgumentError, NonFiniteNumberError } from '@orebus/core';

// Steps are m · 10^k with m from this list, tried smallest first.
const MANTISSAS = [1, 2, 5] as const;

// Below this span relative to the values, the range is treated as a single value: a step
// that small would be lost in the rounding of the ticks themselves.
const DEGENERATE_SPAN = 1e-9;

// Values smaller than this are treated as zero: steps near the bottom of the double range
// underflow (10 ** -324 is 0) and no chart shows such numbers.
const NEGLIGIBLE = 1e-200;

/**
 * Round tick values for an axis over [min, max]: evenly spaced multiples of a step of the form
 * 1, 2 or 5 · 10^k. The first tick is at or below `min`, the last at or above `max`, and neither
 * lies a whole step beyond them. The step is the smallest that needs at most `count` intervals,
 * so the result has between 2 and `count` + 1 ticks.
 *
 * When `min` equals `max` (or nearly), the range is widened around the value; values below
 * 1e-200 in size count as zero, and a range of zeros becomes [0, 1] (or reaches to −1 when
 * `min` is negative). Tick values are rounded to the step's decimal places, so 0.1 + 0.2
 * prints as 0.3.
 *
 * Throws `InvalidArgumentError` (code `E_INVALID_ARGUMENT`) when `min` > `max`, the span
 * overflows or `count` is not an integer of at least 2, and `NonFiniteNumberError`
 * (`E_NON_FINITE`) for NaN or infinities.
 */
export function niceTicks(min: number, max: number, count: number): readonly number[] {
  if (!Number.isFinite(min)) throw new NonFiniteNumberError('min', min, 'niceTicks');
  if (!Number.isFinite(max)) throw new NonFiniteNumberError('max', max, 'niceTicks');
  if (min > max) {
    throw new InvalidArgumentError('min', min, `a number no greater than max (${max})`);
  }
  if (!Number.isFinite(max - min)) {
    throw new InvalidArgumentError('max - min', max - min, 'a span within the range of a double');
  }
  // One interval cannot cover a range that straddles zero, since ticks are multiples of the step.
  if (!Number.isInteger(count) || count < 2) {
    throw new InvalidArgumentError('count', count, 'an integer of at least 2');
  }

  const [lo, hi] = widenDegenerate(min, max);
  let exponent = Math.floor(Math.log10((hi - lo) / count));
  for (;;) {
    for (const mantissa of MANTISSAS) {
      const ticks = ticksWithStep(lo, hi, mantissa, exponent);
      if (ticks.length - 1 <= count) return ticks;
    }
    exponent += 1;
  }
}

function widenDegenerate(min: number, max: number): readonly [number, number] {
  const magnitude = Math.max(Math.abs(min), Math.abs(max));
  if (magnitude < NEGLIGIBLE) return [min < 0 ? -1 : 0, max > 0 || min === 0 ? 1 : 0];
  if (max - min > magnitude * DEGENERATE_SPAN) return [min, max];
  const middle = (min + max) / 2;
  const half = magnitude * 0.05;
  return [middle - half, middle + half];
}

function ticksWithStep(lo: number, hi: number, mantissa: number, exponent: number): number[] {
  const step = mantissa * 10 ** exponent;
  // Rounding k · step to the step's decimals removes float noise (3 · 0.1 = 0.30000000000000004);
  // toFixed accepts at most 100 digits, and steps that fine are left as they are.
  const decimals = Math.max(0, -exponent);
  const tick = (k: number): number => {
    const value = k * step;
    return decimals <= 100 ? Number(value.toFixed(decimals)) : value;
  };

  // floor and ceil on lo / step can be one off through rounding; the checks below settle it
  // on the rounded tick values, so coverage holds exactly and no interval is wasted.
  let first = Math.floor(lo / step);
  if (tick(first + 1) <= lo) first += 1;
  if (tick(first) > lo) first -= 1;
  let last = Math.ceil(hi / step);
  if (tick(last - 1) >= hi) last -= 1;
  if (tick(last) < hi) last += 1;

  const ticks: number[] = [];
  for (let k = first; k <= last; k += 1) ticks.push(tick(k));
  return ticks;
}
