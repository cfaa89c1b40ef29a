import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentiles } from './percentiles.js';
import { codeOf, FIXED } from './test-helpers.test-support.js';

describe('percentiles', () => {
  it('interpolates between order statistics as Hyndman and Fan definition 7', () => {
    const values = [3, 1, 4, 1, 5, 9, 2, 6];

    const result = percentiles(values, [5, 25, 50, 75, 95]);

    // numpy.percentile(values, [5, 25, 50, 75, 95]) and R's quantile(type = 7) agree.
    expect(result[0]).toBeCloseTo(1, 12);
    expect(result[1]).toBeCloseTo(1.75, 12);
    expect(result[2]).toBeCloseTo(3.5, 12);
    expect(result[3]).toBeCloseTo(5.25, 12);
    expect(result[4]).toBeCloseTo(7.95, 12);
    expect(values).toEqual([3, 1, 4, 1, 5, 9, 2, 6]);
  });

  it('runs from the minimum to the maximum, never decreasing in p', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 50 }),
        fc.uniqueArray(fc.double({ min: 0, max: 100, noNaN: true }), { maxLength: 10 }),
        (values, ps) => {
          const sortedPs = [...ps].sort((a, b) => a - b);

          const [low, high] = percentiles(values, [0, 100]);
          const result = percentiles(values, sortedPs);

          expect(low).toBe(Math.min(...values));
          expect(high).toBe(Math.max(...values));
          for (let i = 1; i < result.length; i++) {
            expect(result[i]).toBeGreaterThanOrEqual(result[i - 1] as number);
          }
          expect(result.every((x) => x >= (low as number) && x <= (high as number))).toBe(true);
        },
      ),
      FIXED,
    );
  });

  it('refuses no values, a non-finite value and percents outside [0, 100]', () => {
    expect(codeOf(() => percentiles([], [50]))).toBe('E_INVALID_ARGUMENT');
    expect(codeOf(() => percentiles([1, Number.NaN], [50]))).toBe('E_NON_FINITE');
    expect(codeOf(() => percentiles([1, 2], [101]))).toBe('E_INVALID_ARGUMENT');
    expect(codeOf(() => percentiles([1, 2], [-1]))).toBe('E_INVALID_ARGUMENT');
  });
});
