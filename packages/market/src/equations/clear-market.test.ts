import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clearMarket } from './clear-market.js';

describe('clearMarket', () => {
  it('totals supply and demand for the first reference year', () => {
    // Q = 19210 + 500 + 8714.25 = 28424.25; R = 28424.25 / 35000 = 0.8121214285714285;
    // balance = 28424.25 − 35000 = −6575.75.
    const clearing = clearMarket({ offers: [19210, 500, 8714.25], demand: 35000 });

    expect(clearing.supply).toBe(28424.25);
    expect(clearing.demand).toBe(35000);
    expect(clearing.ratio).toBeCloseTo(0.8121214285714285, 15);
    expect(clearing.balance).toBe(-6575.75);
  });

  it('reports no ratio when there is no demand', () => {
    const clearing = clearMarket({ offers: [100], demand: 0 });

    expect(clearing.ratio).toBeNull();
    expect(clearing.balance).toBe(100);
  });

  it('sums the offers as given, net exports included, and balances to supply minus demand', () => {
    const offer = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    const demand = fc.double({ min: 1e-3, max: 1e6, noNaN: true });

    fc.assert(
      fc.property(fc.array(offer, { maxLength: 10 }), demand, (offers, d) => {
        const clearing = clearMarket({ offers, demand: d });

        expect(clearing.supply).toBe(offers.reduce((sum, q) => sum + q, 0));
        expect(clearing.balance).toBe(clearing.supply - d);
        expect(clearing.ratio).toBe(clearing.supply / d);
      }),
      { seed: 9 },
    );
  });

  it('rejects a negative demand and non-finite offers', () => {
    expect(() => clearMarket({ offers: [1], demand: -1 })).toThrow(
      expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }),
    );
    expect(() => clearMarket({ offers: [Number.NaN], demand: 1 })).toThrow(
      expect.objectContaining({ code: 'E_NON_FINITE' }),
    );
    expect(() => clearMarket({ offers: [1, 2, Number.NEGATIVE_INFINITY], demand: 1 })).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'offers[2]' }) }),
    );
  });
});
