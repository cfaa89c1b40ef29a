import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meanUnitCost } from './mean-unit-cost.js';

describe('meanUnitCost', () => {
  it('takes the plain mean by default', () => {
    // (10000 + 12000 + 14000) / 3 = 12000.
    expect(meanUnitCost([10000, 12000, 14000])).toBe(12000);
  });

  it('weights the costs when weights are given', () => {
    // (1 · 10000 + 1 · 12000 + 2 · 14000) / 4 = 50000 / 4 = 12500.
    expect(meanUnitCost([10000, 12000, 14000], [1, 1, 2])).toBe(12500);
  });

  it('equals the plain mean under equal weights and stays within the costs', () => {
    const costs = fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), {
      minLength: 1,
      maxLength: 12,
    });

    fc.assert(
      fc.property(costs, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (values, weight) => {
        const plain = meanUnitCost(values);
        const weighted = meanUnitCost(
          values,
          values.map(() => weight),
        );

        expect(weighted).toBeCloseTo(plain, 6);
        expect(plain).toBeGreaterThanOrEqual(Math.min(...values) * (1 - 1e-12));
        expect(plain).toBeLessThanOrEqual(Math.max(...values) * (1 + 1e-12));
      }),
      { seed: 21 },
    );
  });

  it('rejects no costs, mismatched or negative weights and weights summing to zero', () => {
    const calls = [
      () => meanUnitCost([]),
      () => meanUnitCost([1, 2], [1]),
      () => meanUnitCost([1, 2], [1, -1]),
      () => meanUnitCost([1, 2], [0, 0]),
    ];

    for (const call of calls) {
      expect(call).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
    }
    expect(() => meanUnitCost([1, Number.NaN])).toThrow(
      expect.objectContaining({ code: 'E_NON_FINITE' }),
    );
  });

  it('names the element it refuses, plain or weighted', () => {
    const cases: [() => number, string, string][] = [
      [() => meanUnitCost([1, 2, Number.NaN]), 'E_NON_FINITE', 'costs[2]'],
      [() => meanUnitCost([1, Number.POSITIVE_INFINITY], [1, 1]), 'E_NON_FINITE', 'costs[1]'],
      [() => meanUnitCost([1, 2], [1, Number.NaN]), 'E_NON_FINITE', 'weights[1]'],
      [() => meanUnitCost([1, 2, 3], [1, 1, -0.5]), 'E_INVALID_ARGUMENT', 'weights[2]'],
    ];

    for (const [call, code, field] of cases) {
      expect(call).toThrow(
        expect.objectContaining({ code, details: expect.objectContaining({ field }) }),
      );
    }
  });
});
