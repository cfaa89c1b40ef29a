import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unitCost } from './unit-cost.js';

describe('unitCost', () => {
  it('matches eq. (11) for a reference producer computed by hand', () => {
    // q = 1791.05 t Li (7.925 % of 22 600), a = 30, qScale = 1000:
    // x = 1.79105; a·x² = 30 · 3.2078601025 = 96.235803075;
    // (1000 − 600)·x = 716.42; Cost = 96.235803075 + 716.42 + 10000 = 10812.655803075.
    const parameters = { a: 30, qScale: 1000 };

    const cost = unitCost(1791.05, parameters);

    expect(cost).toBeCloseTo(10812.655803075, 9);
  });

  it('bends downward for a negative curvature', () => {
    // a = −10, qScale = 500, q = 2500: x = 5; −10 · 25 = −250; (1000 + 200) · 5 = 6000;
    // Cost = −250 + 6000 + 10000 = 15750.
    const parameters = { a: -10, qScale: 500 };

    const cost = unitCost(2500, parameters);

    expect(cost).toBe(15750);
  });

  it('costs 10 000 at zero output and 30 000 at 20·qScale for every a', () => {
    const curvature = fc.double({ min: -1e4, max: 1e4, noNaN: true });
    const scale = fc.double({ min: 1e-3, max: 1e7, noNaN: true });

    fc.assert(
      fc.property(curvature, scale, (a, qScale) => {
        expect(unitCost(0, { a, qScale })).toBe(10000);
        // The two terms cancel around 400·|a|, so rounding scales with |a|.
        const tolerance = 1e-12 * (30000 + 800 * Math.abs(a));
        expect(Math.abs(unitCost(20 * qScale, { a, qScale }) - 30000)).toBeLessThanOrEqual(
          tolerance,
        );
      }),
      { seed: 11 },
    );
  });

  it('rejects a negative output, a non-positive qScale and non-finite numbers', () => {
    expect(() => unitCost(-1, { a: 30, qScale: 1000 })).toThrow(
      expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }),
    );
    expect(() => unitCost(1, { a: 30, qScale: 0 })).toThrow(
      expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }),
    );
    expect(() => unitCost(Number.NaN, { a: 30, qScale: 1000 })).toThrow(
      expect.objectContaining({ code: 'E_NON_FINITE' }),
    );
    expect(() => unitCost(1, { a: Number.POSITIVE_INFINITY, qScale: 1000 })).toThrow(
      expect.objectContaining({ code: 'E_NON_FINITE' }),
    );
  });
});
