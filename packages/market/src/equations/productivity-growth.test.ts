import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { productivityGrowth } from './productivity-growth.js';

describe('productivityGrowth', () => {
  it('grows the linear index by r of its base level each year', () => {
    // r = 0.1, base 2022: A_2023 = 1.1, A_2024 = 1.2, A_2049 = 3.7, A_2050 = 3.8.
    // d_2023 = 1.1 / 1 − 1 = 0.1; d_2024 = 1.2 / 1.1 − 1 = 1/11; d_2050 = 3.8 / 3.7 − 1 = 1/37.
    const linear = { rate: 0.1, mode: 'linear' } as const;

    const growth = [2023, 2024, 2050].map((year) => productivityGrowth(year, linear));

    expect(growth[0]).toBeCloseTo(0.1, 15);
    expect(growth[1]).toBeCloseTo(1 / 11, 15);
    expect(growth[2]).toBeCloseTo(1 / 37, 15);
  });

  it('gives the rate itself every year in compound mode', () => {
    const compound = { rate: 0.14, mode: 'compound' } as const;

    const growth = [2023, 2037, 2050].map((year) => productivityGrowth(year, compound));

    expect(growth).toEqual([0.14, 0.14, 0.14]);
  });

  it('counts years from the given base year', () => {
    // Base 2030, r = 0.2: A_2032 = 1.4, A_2031 = 1.2; d = 1.4 / 1.2 − 1 = 1/6.
    const growth = productivityGrowth(2032, { rate: 0.2, mode: 'linear', baseYear: 2030 });

    expect(growth).toBeCloseTo(1 / 6, 15);
  });

  it('compounds the linear yearly growth back to the linear index', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 60 }),
        (rate, span) => {
          let index = 1;
          for (let year = 2023; year <= 2022 + span; year++) {
            index *= 1 + productivityGrowth(year, { rate, mode: 'linear' });
          }

          expect(index).toBeCloseTo(1 + rate * span, 10);
        },
      ),
      { seed: 7 },
    );
  });

  it('rejects the base year itself, fractional years and an index that reaches zero', () => {
    const linear = { rate: 0.1, mode: 'linear' } as const;

    expect(() => productivityGrowth(2022, linear)).toThrow(
      expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }),
    );
    expect(() => productivityGrowth(2023.5, linear)).toThrow(
      expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }),
    );
    expect(() => productivityGrowth(2033, { rate: -0.1, mode: 'linear' })).toThrow(
      expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }),
    );
    expect(() => productivityGrowth(2023, { rate: -1, mode: 'compound' })).toThrow(
      expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }),
    );
  });
});
