import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PriceFormationError } from './price-formation-error.js';
import { priceUpdate } from './price-update.js';

const reference = {
  previousPrice: 10000,
  meanCost: 12500,
  previousRatio: 0.8,
  previousDemand: 35000,
  SCP: 0.8,
  SPR: 0.7,
};

describe('priceUpdate', () => {
  it('matches eqs. (12)-(14) for a case computed by hand', () => {
    // ECP = 1 + 0.8 · (12500 / 10000 − 1) = 1.2;
    // ERP = (1 / 0.8)^0.7 = exp(0.7 · ln 1.25) = exp(0.156200486) = 1.16906055977828;
    // P = 10000 · 1.2 · 1.16906055977828 = 14028.7267173393.
    const update = priceUpdate(reference);

    expect(update.ecp).toBeCloseTo(1.2, 14);
    expect(update.erp).toBeCloseTo(1.16906055977828, 13);
    expect(update.price).toBeCloseTo(14028.7267173393, 9);
  });

  it('leaves the price unchanged when cost equals price and supply equals demand', () => {
    const update = priceUpdate({ ...reference, meanCost: 10000, previousRatio: 1 });

    expect(update.price).toBe(10000);
  });

  it('switches the scarcity factor off when the demand of the year before was zero', () => {
    // ECP = 1 + 0.5 · (9000 / 10000 − 1) = 0.95; ERP = 1; P = 9500.
    const inputs = { ...reference, meanCost: 9000, SCP: 0.5, previousRatio: null };

    const update = priceUpdate({ ...inputs, previousDemand: 0 });

    expect(update.erp).toBe(1);
    expect(update.price).toBeCloseTo(9500, 10);
  });

  it('moves the price further for the same imbalance when SPR is higher', () => {
    // With meanCost = previousPrice, ECP = 1 and the whole move is the scarcity factor.
    const ratio = fc
      .double({ min: 0.05, max: 20, noNaN: true })
      .filter((r) => Math.abs(r - 1) > 1e-3);
    const sensitivity = fc.double({ min: 0, max: 3, noNaN: true });

    fc.assert(
      fc.property(ratio, sensitivity, sensitivity, (previousRatio, s1, s2) => {
        fc.pre(Math.abs(s1 - s2) > 1e-6);
        const [low, high] = s1 < s2 ? [s1, s2] : [s2, s1];
        const move = (SPR: number): number =>
          Math.abs(
            priceUpdate({ ...reference, meanCost: 10000, previousRatio, SPR }).price - 10000,
          );

        expect(move(high)).toBeGreaterThan(move(low));
      }),
      { seed: 3 },
    );
  });

  it('keeps the price finite and positive for sensible inputs', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        (previousPrice, meanCost, previousRatio, SCP, SPR) => {
          const inputs = { previousPrice, meanCost, previousRatio, previousDemand: 1, SCP, SPR };

          const { price } = priceUpdate(inputs);

          expect(Number.isFinite(price)).toBe(true);
          expect(price).toBeGreaterThan(0);
        },
      ),
      { seed: 5 },
    );
  });

  it('throws E_PRICE naming the tick when the price would be zero, infinite or NaN', () => {
    const cases = [
      { ...reference, SCP: 1, meanCost: 0 },
      { ...reference, previousRatio: 0 },
      { ...reference, meanCost: Number.NaN },
    ];

    for (const inputs of cases) {
      let thrown: unknown;
      try {
        priceUpdate({ ...inputs, year: 2031 });
      } catch (error) {
        thrown = error;
      }

      expect(thrown).toBeInstanceOf(PriceFormationError);
      expect(thrown).toMatchObject({ code: 'E_PRICE', details: { year: 2031, SCP: inputs.SCP } });
    }
  });

  it('rejects a non-positive previous price, negative sensitivities and a missing ratio', () => {
    const bad = [
      { ...reference, previousPrice: 0 },
      { ...reference, SCP: -0.1 },
      { ...reference, SPR: -1 },
      { ...reference, previousDemand: -5 },
      { ...reference, previousRatio: null },
    ];

    for (const inputs of bad) {
      expect(() => priceUpdate(inputs)).toThrow(
        expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }),
      );
    }
  });
});
