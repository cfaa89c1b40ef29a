import { normalCdf } from '@orebus/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalQuantile } from './normal-quantile.js';
import { codeOf, FIXED } from './test-helpers.test-support.js';

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe('normalQuantile', () => {
  it('matches published quantiles of the standard normal to 1e-14', () => {
    // Reference values: 16-digit tables (Wichura 1988; R's qnorm agrees to the last digit).
    const known: [number, number][] = [
      [1e-300, -37.0470962993612],
      [1e-100, -21.273453560965322],
      [1e-10, -6.361340902404056],
      [0.001, -3.090232306167813],
      [0.3, -0.5244005127080409],
      [0.6, 0.2533471031357997],
      [0.9, 1.2815515655446004],
      [0.975, 1.959963984540054],
      [1 - 1e-12, 7.0344869100478356],
    ];

    for (const [p, x] of known) expect(relativeError(normalQuantile(p), x)).toBeLessThan(1e-14);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.975, 10, 2)).toBeCloseTo(10 + 2 * 1.959963984540054, 13);
  });

  it('inverts the normal CDF to 1e-13 relative, deep into both tails', () => {
    fc.assert(
      fc.property(fc.double({ min: -37, max: 8, noNaN: true }), (x) => {
        const p = normalCdf(x);
        fc.pre(p > 0 && p < 1);

        const back = normalQuantile(p);

        // Above the median p is rounded to a multiple of 2^-53, which moves x by up to that
        // over the density; below it p keeps its relative precision and no slack is due.
        const density = Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
        const slack = x > 0 ? 2 ** -53 / density : 0;
        expect(Math.abs(back - x)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(x)) + slack);
      }),
      FIXED,
    );
  });

  it('is antisymmetric about 1/2', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 1, noNaN: true, maxExcluded: true }), (p) => {
        expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 12);
      }),
      FIXED,
    );
  });

  it('refuses p outside (0, 1) and a non-positive sd', () => {
    expect(codeOf(() => normalQuantile(0))).toBe('E_INVALID_ARGUMENT');
    expect(codeOf(() => normalQuantile(1))).toBe('E_INVALID_ARGUMENT');
    expect(codeOf(() => normalQuantile(Number.NaN))).toBe('E_INVALID_ARGUMENT');
    expect(codeOf(() => normalQuantile(0.5, 0, 0))).toBe('E_INVALID_ARGUMENT');
    expect(codeOf(() => normalQuantile(0.5, Number.POSITIVE_INFINITY))).toBe('E_NON_FINITE');
  });
});
