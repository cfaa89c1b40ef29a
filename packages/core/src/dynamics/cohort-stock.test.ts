import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CohortStock } from './cohort-stock.js';
import type { CohortAmount } from './cohorts.js';
import { type LifetimeSpec, lifetimePmf } from './lifetime.js';
import {
  computeInflowDrivenStock,
  computeStockDrivenStock,
  type StockModelResult,
} from './stock-models.js';

const SEED = 20_250_705;
const FIRST_YEAR = 2023;

const lifetime: fc.Arbitrary<LifetimeSpec> = fc.oneof(
  fc.record({
    kind: fc.constant('normal' as const),
    mean: fc.double({ min: 1, max: 25, noNaN: true }),
    sd: fc.double({ min: 0.2, max: 8, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('lognormal' as const),
    mean: fc.double({ min: 1, max: 25, noNaN: true }),
    sd: fc.double({ min: 0.2, max: 8, noNaN: true }),
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

function scale(result: StockModelResult): number {
  return (
    1e-12 * Math.max(1, result.initialStock, ...result.stock, ...result.inflow, ...result.outflow)
  );
}

// The batch table's row as a cohort list, dropping the zeros the stepper leaves out.
function row(result: StockModelResult, values: Float64Array, eps: number): Map<number, number> {
  const map = new Map<number, number>();
  values.forEach((value, c) => {
    if (value > eps) map.set(result.cohortYears[c]!, value);
  });
  return map;
}

function expectSameCohorts(
  actual: readonly CohortAmount[],
  expected: Map<number, number>,
  eps: number,
): void {
  const significant = actual.filter((entry) => entry.amount > eps);
  expect(significant.map((entry) => entry.year)).toEqual([...expected.keys()]);
  for (const entry of significant) {
    expect(Math.abs(entry.amount - expected.get(entry.year)!)).toBeLessThanOrEqual(eps);
  }
}

describe('CohortStock', () => {
  it('advanced by setTarget equals computeStockDrivenStock, year by year and by cohort', () => {
    fc.assert(
      fc.property(lifetime, series, history, (spec, stock, vintages) => {
        const pmf = lifetimePmf(spec);
        const batch = computeStockDrivenStock({
          pmf,
          firstYear: FIRST_YEAR,
          stock,
          historicalInflows: vintages,
        });
        const stepper = new CohortStock(pmf, {
          firstYear: FIRST_YEAR,
          historicalInflows: vintages,
        });
        const eps = scale(batch);

        expect(Math.abs(stepper.stock() - batch.initialStock)).toBeLessThanOrEqual(eps);
        stock.forEach((target, t) => {
          const step = stepper.setTarget(FIRST_YEAR + t, target);

          expect(step.year).toBe(FIRST_YEAR + t);
          expect(Math.abs(step.inflow - batch.inflow[t]!)).toBeLessThanOrEqual(eps);
          expect(Math.abs(step.outflow - batch.outflow[t]!)).toBeLessThanOrEqual(eps);
          expect(Math.abs(step.earlyRetirement - batch.earlyRetirement[t]!)).toBeLessThanOrEqual(
            eps,
          );
          expect(Math.abs(step.stock - batch.stock[t]!)).toBeLessThanOrEqual(eps);
          expectSameCohorts(step.outflowByCohort, row(batch, batch.outflowByCohort[t]!, eps), eps);
          expectSameCohorts(stepper.stockByCohort(), row(batch, batch.stockByCohort[t]!, eps), eps);
        });
      }),
      { seed: SEED },
    );
  });

  it('advanced by retire and addInflow equals computeInflowDrivenStock', () => {
    fc.assert(
      fc.property(lifetime, series, history, (spec, inflow, vintages) => {
        const pmf = lifetimePmf(spec);
        const batch = computeInflowDrivenStock({
          pmf,
          firstYear: FIRST_YEAR,
          inflow,
          historicalInflows: vintages,
        });
        const stepper = new CohortStock(pmf, {
          firstYear: FIRST_YEAR,
          historicalInflows: vintages,
        });
        const eps = scale(batch);

        inflow.forEach((amountIn, t) => {
          const retired = stepper.retire(FIRST_YEAR + t);
          stepper.addInflow(FIRST_YEAR + t, amountIn);

          expect(Math.abs(retired.total - batch.outflow[t]!)).toBeLessThanOrEqual(eps);
          expectSameCohorts(retired.byCohort, row(batch, batch.outflowByCohort[t]!, eps), eps);
          expect(Math.abs(stepper.stock() - batch.stock[t]!)).toBeLessThanOrEqual(eps);
        });
      }),
      { seed: SEED },
    );
  });

  it('gives the same step whether or not retire ran before setTarget', () => {
    const pmf = lifetimePmf({ kind: 'normal', mean: 15, sd: 4 });
    const vintages = [
      { year: 2015, amount: 0.3 },
      { year: 2020, amount: 1.4 },
      { year: 2022, amount: 6.9 },
    ];
    const direct = new CohortStock(pmf, { firstYear: 2023, historicalInflows: vintages });
    const split = new CohortStock(pmf, { firstYear: 2023, historicalInflows: vintages });

    const one = direct.setTarget(2023, 5);
    split.retire(2023);
    const other = split.setTarget(2023, 5);

    expect(other).toEqual(one);
    expect(one.earlyRetirement).toBeGreaterThan(0);
    expect(one.inflow).toBe(0);
  });

  it('setTargetTotals takes the step setTarget takes, without the by-cohort lists (property)', () => {
    fc.assert(
      fc.property(lifetime, history, series, (spec, vintages, path) => {
        const pmf = lifetimePmf(spec);
        const full = new CohortStock(pmf, { firstYear: FIRST_YEAR, historicalInflows: vintages });
        const lean = new CohortStock(pmf, { firstYear: FIRST_YEAR, historicalInflows: vintages });
        const into = {
          year: 0,
          inflow: 0,
          outflow: 0,
          retirement: 0,
          earlyRetirement: 0,
          stock: 0,
        };
        const weightOf = (vintage: number): number => 1 + (vintage % 7);

        path.forEach((target, t) => {
          const year = FIRST_YEAR + t;
          const { outflowByCohort, earlyRetirementByCohort, ...totals } = full.setTarget(
            year,
            target,
          );

          expect(lean.setTargetTotals(year, target, into)).toBe(into);
          expect(into).toEqual(totals);
          expect(lean.stockByCohort()).toEqual(full.stockByCohort());
          expect(lean.weightedSums(weightOf, { stock: 0, outflow: 0, early: 0 })).toEqual(
            full.weightedSums(weightOf, { stock: 0, outflow: 0, early: 0 }),
          );
        });
      }),
      { seed: SEED },
    );
  });

  it('setTargetTotals refuses what setTarget refuses and leaves the stock as it was', () => {
    const stepper = new CohortStock(lifetimePmf({ kind: 'fixed', years: 5 }), {
      firstYear: 2023,
      historicalInflows: [{ year: 2021, amount: 4 }],
    });
    const into = { year: 0, inflow: 0, outflow: 0, retirement: 0, earlyRetirement: 0, stock: 0 };

    expect(() => stepper.setTargetTotals(2024, 3, into)).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'year', value: 2024 }) }),
    );
    expect(() => stepper.setTargetTotals(2023, Number.NaN, into)).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'stock' }) }),
    );
    expect(stepper.year).toBe(2022);
    expect(stepper.stock()).toBe(4);
    stepper.setTargetTotals(2023, 6, into);
    expect(() => stepper.setTargetTotals(2023, 6, into)).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'year' }) }),
    );
    expect(into).toEqual({
      year: 2023,
      inflow: 2,
      outflow: 0,
      retirement: 0,
      earlyRetirement: 0,
      stock: 6,
    });
  });

  it('retires every unit exactly once over a long enough run', () => {
    const pmf = lifetimePmf({ kind: 'weibull', shape: 2, scale: 8 });
    const stepper = new CohortStock(pmf, { firstYear: 2000 });
    let retired = 0;

    for (let year = 2000; year < 2010; year++) {
      retired += stepper.retire(year).total;
      stepper.addInflow(year, 100);
    }
    for (let year = 2010; year < 2045; year++) retired += stepper.retire(year).total;

    expect(stepper.stock()).toBe(0);
    expect(stepper.stockByCohort()).toEqual([]);
    expect(retired).toBeCloseTo(1000, 9);
  });

  it('refuses years out of order and inflow mixed with a target in one year', () => {
    const stepper = new CohortStock(lifetimePmf({ kind: 'fixed', years: 5 }), { firstYear: 2023 });

    const outOfOrder = expect.objectContaining({
      code: 'E_INVALID_ARGUMENT',
      details: expect.objectContaining({ field: 'year' }),
    });

    expect(() => stepper.retire(2024)).toThrow(outOfOrder);
    expect(() => stepper.addInflow(2023, 1)).toThrow(outOfOrder);
    stepper.retire(2023);
    stepper.addInflow(2023, 1);
    expect(() => stepper.setTarget(2023, 3)).toThrow(outOfOrder);
    expect(() => stepper.retire(2023)).toThrow(outOfOrder);
    expect(stepper.stock()).toBe(1);
  });

  it('sums by vintage weight bit for bit as over the by-cohort arrays, oldest first', () => {
    const weight = fc.double({ min: 0, max: 1e3, noNaN: true });
    // Targets that rise and fall, so that some years retire early.
    const targets = fc.array(fc.double({ min: 0, max: 2e6, noNaN: true }), {
      minLength: 1,
      maxLength: 40,
    });
    const weights = fc.array(weight, { minLength: 90, maxLength: 90 });
    fc.assert(
      fc.property(lifetime, targets, history, weights, (spec, path, vintages, table) => {
        const stepper = new CohortStock(lifetimePmf(spec), {
          firstYear: FIRST_YEAR,
          historicalInflows: vintages,
        });
        const weightOf = (vintage: number): number => table[vintage - (FIRST_YEAR - 40)]!;
        const sumOf = (cohorts: readonly CohortAmount[]): number => {
          let total = 0;
          for (const { year, amount } of cohorts) total += amount * weightOf(year);
          return total;
        };

        expect(stepper.stockWeighted(weightOf)).toBe(sumOf(stepper.stockByCohort()));
        expect(stepper.outflowWeighted(weightOf)).toBe(0);
        path.forEach((target, t) => {
          const step = stepper.setTarget(FIRST_YEAR + t, target);

          expect(stepper.stockWeighted(weightOf)).toBe(sumOf(stepper.stockByCohort()));
          expect(stepper.outflowWeighted(weightOf)).toBe(sumOf(step.outflowByCohort));
          expect(stepper.earlyRetirementWeighted(weightOf)).toBe(
            sumOf(step.earlyRetirementByCohort),
          );
          // The one-pass form gives each of the three, bit for bit.
          expect(stepper.weightedSums(weightOf, { stock: -1, outflow: -1, early: -1 })).toEqual({
            stock: stepper.stockWeighted(weightOf),
            outflow: stepper.outflowWeighted(weightOf),
            early: stepper.earlyRetirementWeighted(weightOf),
          });
        });
      }),
      { seed: SEED },
    );
  });

  it('weights the outflow of an inflow-driven year as its lifetime retirements', () => {
    const pmf = lifetimePmf({ kind: 'normal', mean: 6, sd: 2 });
    const stepper = new CohortStock(pmf, {
      firstYear: 2023,
      historicalInflows: [
        { year: 2012, amount: 40 },
        { year: 2018, amount: 70 },
        { year: 2022, amount: 90 },
      ],
    });
    const weightOf = (vintage: number): number => vintage - 2000;

    for (let year = 2023; year < 2040; year++) {
      const retired = stepper.retire(year);
      stepper.addInflow(year, 10);

      const expected = retired.byCohort.reduce((sum, c) => sum + c.amount * weightOf(c.year), 0);
      expect(stepper.outflowWeighted(weightOf)).toBe(expected);
      expect(stepper.earlyRetirementWeighted(weightOf)).toBe(0);
    }
  });

  it('rejects a negative target', () => {
    const stepper = new CohortStock(lifetimePmf({ kind: 'fixed', years: 5 }), { firstYear: 2023 });

    const call = (): unknown => stepper.setTarget(2023, -1);

    expect(call).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'stock' }) }),
    );
  });
});
