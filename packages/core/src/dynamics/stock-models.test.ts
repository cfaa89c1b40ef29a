import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CohortAmount } from './cohorts.js';
import { type LifetimeSpec, lifetimePmf } from './lifetime.js';
import {
  computeInflowDrivenStock,
  computeStockDrivenStock,
  type StockModelResult,
} from './stock-models.js';

const SEED = 20_250_704;
const FIRST_YEAR = 2023;

const lifetime: fc.Arbitrary<LifetimeSpec> = fc.oneof(
  fc.record({
    kind: fc.constant('normal' as const),
    mean: fc.double({ min: 1, max: 25, noNaN: true }),
    sd: fc.double({ min: 0.2, max: 8, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('weibull' as const),
    shape: fc.double({ min: 0.5, max: 6, noNaN: true }),
    scale: fc.double({ min: 1, max: 25, noNaN: true }),
  }),
  fc.record({ kind: fc.constant('fixed' as const), years: fc.integer({ min: 1, max: 30 }) }),
);
const amount = fc.double({ min: 0, max: 1e6, noNaN: true });
const series = fc.array(amount, { minLength: 1, maxLength: 40 });
const history: fc.Arbitrary<CohortAmount[]> = fc
  .uniqueArray(fc.integer({ min: FIRST_YEAR - 40, max: FIRST_YEAR - 1 }), { maxLength: 10 })
  .chain((years) =>
    fc.tuple(...years.map((year) => amount.map((value) => ({ year, amount: value })))),
  );

// Rounding of sums of up to ~80 cohorts, relative to the largest amount in play.
function tolerance(result: StockModelResult): number {
  const largest = Math.max(
    1,
    result.initialStock,
    ...result.stock,
    ...result.inflow,
    ...result.outflow,
  );
  return 1e-12 * largest;
}

function expectBalanceCloses(result: StockModelResult): void {
  const eps = tolerance(result);
  const periods = result.years.length;
  const history = result.cohortYears.length - periods;
  let inflowSum = 0;
  let outflowSum = 0;
  for (let t = 0; t < periods; t++) {
    const before = t === 0 ? result.initialStock : result.stock[t - 1]!;
    expect(
      Math.abs(result.inflow[t]! - (result.stock[t]! - before + result.outflow[t]!)),
    ).toBeLessThanOrEqual(eps);
    for (let c = 0; c < result.cohortYears.length; c++) {
      const cohortBefore =
        t === 0 ? result.initialStockByCohort[c]! : result.stockByCohort[t - 1]![c]!;
      const cohortInflow = c === history + t ? result.inflow[t]! : 0;
      const change = result.stockByCohort[t]![c]! - cohortBefore + result.outflowByCohort[t]![c]!;
      expect(Math.abs(cohortInflow - change)).toBeLessThanOrEqual(eps);
      expect(result.outflowByCohort[t]![c]!).toBeGreaterThanOrEqual(0);
    }
    inflowSum += result.inflow[t]!;
    outflowSum += result.outflow[t]!;
  }
  const finalStock = result.stock[periods - 1]!;
  expect(Math.abs(result.initialStock + inflowSum - (finalStock + outflowSum))).toBeLessThanOrEqual(
    eps * periods,
  );
}

describe('computeInflowDrivenStock', () => {
  it('retires a fixed-lifetime cohort whole at its age', () => {
    const pmf = lifetimePmf({ kind: 'fixed', years: 2 });

    const result = computeInflowDrivenStock({ pmf, firstYear: 2030, inflow: [10, 0, 0, 4] });

    expect(Array.from(result.stock)).toEqual([10, 10, 0, 4]);
    expect(Array.from(result.outflow)).toEqual([0, 0, 10, 0]);
    expect(result.years).toEqual([2030, 2031, 2032, 2033]);
  });

  it('closes the mass balance per cohort and in total for any inflows and lifetime', () => {
    fc.assert(
      fc.property(lifetime, series, history, (spec, inflow, vintages) => {
        const pmf = lifetimePmf(spec);

        const result = computeInflowDrivenStock({
          pmf,
          firstYear: FIRST_YEAR,
          inflow,
          historicalInflows: vintages,
        });

        expectBalanceCloses(result);
        expect(Array.from(result.earlyRetirement).every((e) => e === 0)).toBe(true);
      }),
      { seed: SEED },
    );
  });

  it('starts from the survivors of the historical inflows', () => {
    const pmf = lifetimePmf({ kind: 'fixed', years: 3 });
    const vintages = [
      { year: 2020, amount: 5 },
      { year: 2021, amount: 7 },
      { year: 2022, amount: 11 },
    ];

    const result = computeInflowDrivenStock({
      pmf,
      firstYear: 2023,
      inflow: [0, 0],
      historicalInflows: vintages,
    });

    // The 2020 cohort reaches age 3 in 2023 and retires then; the others are still in use.
    expect(result.initialStock).toBe(23);
    expect(result.cohortYears).toEqual([2020, 2021, 2022, 2023, 2024]);
    expect(Array.from(result.outflow)).toEqual([5, 7]);
  });

  it('rejects a negative inflow and a historical vintage inside the run', () => {
    const pmf = lifetimePmf({ kind: 'fixed', years: 3 });

    const negative = (): unknown =>
      computeInflowDrivenStock({ pmf, firstYear: 2023, inflow: [1, -1] });
    const lateVintage = (): unknown =>
      computeInflowDrivenStock({
        pmf,
        firstYear: 2023,
        inflow: [1],
        historicalInflows: [{ year: 2023, amount: 1 }],
      });

    expect(negative).toThrow(
      expect.objectContaining({
        code: 'E_INVALID_ARGUMENT',
        details: expect.objectContaining({ field: 'inflow[1]' }),
      }),
    );
    expect(lateVintage).toThrow(
      expect.objectContaining({
        details: expect.objectContaining({ field: 'historicalInflows[0].year' }),
      }),
    );
  });
});

describe('computeStockDrivenStock', () => {
  it('retires the excess early when the stock falls faster than retirements', () => {
    const pmf = lifetimePmf({ kind: 'fixed', years: 10 });

    const result = computeStockDrivenStock({ pmf, firstYear: 2023, stock: [100, 50, 60] });

    expect(Array.from(result.inflow)).toEqual([100, 0, 10]);
    expect(Array.from(result.earlyRetirement)).toEqual([0, 50, 0]);
    expect(Array.from(result.outflow)).toEqual([0, 50, 0]);
  });

  it('takes early retirements from every cohort in proportion to its stock', () => {
    const pmf = lifetimePmf({ kind: 'fixed', years: 10 });

    const result = computeStockDrivenStock({ pmf, firstYear: 2023, stock: [30, 90, 45] });

    // Cohorts 2023 (30) and 2024 (60) each keep half.
    expect(Array.from(result.earlyRetirementByCohort[2]!)).toEqual([15, 30, 0]);
    expect(Array.from(result.stockByCohort[2]!)).toEqual([15, 30, 0]);
  });

  it('closes the mass balance, reaches the stock and never has negative inflow', () => {
    fc.assert(
      fc.property(lifetime, series, history, (spec, stock, vintages) => {
        const pmf = lifetimePmf(spec);

        const result = computeStockDrivenStock({
          pmf,
          firstYear: FIRST_YEAR,
          stock,
          historicalInflows: vintages,
        });

        expectBalanceCloses(result);
        const eps = tolerance(result);
        stock.forEach((target, t) => {
          expect(Math.abs(result.stock[t]! - target)).toBeLessThanOrEqual(eps);
          expect(result.inflow[t]!).toBeGreaterThanOrEqual(0);
          expect(result.earlyRetirement[t]!).toBeGreaterThanOrEqual(0);
          // Inflow and early retirement never happen in the same year.
          expect(result.inflow[t]! * result.earlyRetirement[t]!).toBe(0);
        });
      }),
      { seed: SEED },
    );
  });

  it('reports early retirement exactly when the stock drops below the survivors', () => {
    fc.assert(
      fc.property(lifetime, series, (spec, stock) => {
        const pmf = lifetimePmf(spec);

        const result = computeStockDrivenStock({ pmf, firstYear: FIRST_YEAR, stock });

        const eps = tolerance(result);
        for (let t = 1; t < stock.length; t++) {
          const regular = result.outflow[t]! - result.earlyRetirement[t]!;
          const drop = result.stock[t - 1]! - result.stock[t]!;
          const expectedEarly = Math.max(0, drop - regular);
          expect(Math.abs(result.earlyRetirement[t]! - expectedEarly)).toBeLessThanOrEqual(eps);
        }
      }),
      { seed: SEED },
    );
  });

  it('agrees with the inflow-driven model fed its own inflows when nothing retires early', () => {
    fc.assert(
      fc.property(
        lifetime,
        fc.array(amount, { minLength: 1, maxLength: 40 }),
        history,
        (spec, increments, vintages) => {
          // A stock that never falls below what it held at the start needs no early retirement.
          const pmf = lifetimePmf(spec);
          const start = computeInflowDrivenStock({
            pmf,
            firstYear: FIRST_YEAR,
            inflow: [],
            historicalInflows: vintages,
          });
          let level = start.initialStock;
          const stock = increments.map((increment) => {
            level += increment;
            return level;
          });

          const driven = computeStockDrivenStock({
            pmf,
            firstYear: FIRST_YEAR,
            stock,
            historicalInflows: vintages,
          });
          const replay = computeInflowDrivenStock({
            pmf,
            firstYear: FIRST_YEAR,
            inflow: driven.inflow,
            historicalInflows: vintages,
          });

          const eps = tolerance(driven);
          expect(Array.from(driven.earlyRetirement).every((e) => e === 0)).toBe(true);
          for (let t = 0; t < stock.length; t++) {
            expect(Math.abs(replay.stock[t]! - driven.stock[t]!)).toBeLessThanOrEqual(eps);
            expect(Math.abs(replay.outflow[t]! - driven.outflow[t]!)).toBeLessThanOrEqual(eps);
          }
        },
      ),
      { seed: SEED },
    );
  });
});
