// Properties shared by the stock-driven makers: for any stock path, lifetime and history, the
// metal in use closes every year and no year puts a negative number of units into use.

import { type LifetimeSpec, lifetimePmf, type Simulation } from '@orebus/core';
import type { MarketMessages } from '@orebus/market';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collect, collectWarnings, marketSimulation, observed } from './agents.test-support.js';
import { EssMaker } from './ess-maker.js';
import { EvMaker } from './ev-maker.js';
import type { ProductType, StockDrivenMaker } from './stock-driven-maker.js';

const START = 2023;
const YEARS = 15;
const END = START + YEARS - 1;

const lifetimeSpec: fc.Arbitrary<LifetimeSpec> = fc.oneof(
  fc.record({
    kind: fc.constant('normal' as const),
    mean: fc.double({ min: 2, max: 20, noNaN: true }),
    sd: fc.double({ min: 0.5, max: 6, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('weibull' as const),
    shape: fc.double({ min: 0.8, max: 5, noNaN: true }),
    scale: fc.double({ min: 2, max: 20, noNaN: true }),
  }),
  fc.record({ kind: fc.constant('fixed' as const), years: fc.integer({ min: 1, max: 15 }) }),
);

/** Units put into use in up to 12 consecutive years just before START, oldest first. */
const history = (max: number) =>
  fc
    .array(fc.double({ min: 0, max, noNaN: true }), { maxLength: 12 })
    .map((amounts) => amounts.map((amount, i) => ({ year: START - amounts.length + i, amount })));

const path = (min: number, max: number) =>
  fc.array(fc.double({ min, max, noNaN: true }), { minLength: YEARS, maxLength: YEARS });

const productType = (name: string, max: number): fc.Arbitrary<ProductType> =>
  fc.record({
    name: fc.constant(name),
    lifetime: lifetimeSpec.map((spec) => lifetimePmf(spec)),
    history: history(max),
  });

/** A residual that is zero within 1e-9 of `scale`; the floor lets subnormal paths through. */
function expectBalanced(residual: number, scale: number): void {
  expect(Math.abs(residual)).toBeLessThanOrEqual(1e-9 * scale + 1e-300);
}

/**
 * Runs `maker` alone and checks the closure and sign properties on what it published;
 * `targets(year)` lists the stock it should hold of each type. Returns the finished run.
 */
function checkMassBalance(
  maker: StockDrivenMaker,
  targets: (year: number) => number[],
): Simulation<MarketMessages> {
  const sim = marketSimulation(START, END);
  sim.add(maker);
  const demands = collect(sim, 'DemandPosted');
  const retirements = collect(sim, 'ProductsRetired');
  const warnings = collectWarnings(sim);

  sim.run();

  const inUse = observed(sim, maker.id, 'metalInUse');
  const start = maker.stateAt(START - 1).metalInUse[maker.metal]!;
  let previous = start;
  let cumulativeIn = 0;
  let cumulativeOut = 0;
  for (let i = 0; i < YEARS; i++) {
    const year = START + i;
    const demand = demands[i]!.payload;
    const retired = retirements[i]!.payload;
    // metalInUse_t = metalInUse_{t−1} + demand_t − retired_t, relative to the largest term.
    const scale = Math.max(previous, demand.tonnes, retired.tonnes, inUse[i]!);
    expectBalanced(previous + demand.tonnes - retired.tonnes - inUse[i]!, scale);
    expect(demand.newUnits).toBeGreaterThanOrEqual(0);
    expect(demand.tonnes).toBeGreaterThanOrEqual(0);
    expect(retired.earlyTonnes).toBeLessThanOrEqual(retired.tonnes * (1 + 1e-12));
    expect(warnings.some((w) => w.year === year)).toBe(retired.earlyTonnes > 0);
    const expectedStock = targets(year).reduce((a, b) => a + b, 0);
    expectBalanced(demand.stockUnits - expectedStock, expectedStock);
    cumulativeIn += demand.tonnes;
    cumulativeOut += retired.tonnes;
    previous = inUse[i]!;
  }
  // Σ In = stock change + Σ Out over the whole run.
  const scale = Math.max(start, cumulativeIn, cumulativeOut, previous);
  expectBalanced(start + cumulativeIn - cumulativeOut - previous, scale);
  return sim;
}

describe('stock-driven makers', () => {
  it('close the lithium in storage every year and never install negative capacity', () => {
    const arbitraries = [path(0, 1e4), productType('ESS', 1e3)] as const;

    fc.assert(
      fc.property(...arbitraries, (capacity, type) => {
        const maker = new EssMaker({
          id: 'ess-maker',
          metal: 'Li',
          firstYear: START,
          types: [type],
          capacityGWh: (year) => capacity[year - START]!,
          intensityKgPerKWh: (vintage) => 0.05 + 0.002 * (vintage - 2000),
        });

        checkMassBalance(maker, (year) => [capacity[year - START]!]);
      }),
      { seed: 10, numRuns: 80 },
    );
  });

  it('close the lithium in vehicles every year and never make negative vehicles', () => {
    const arbitraries = [
      path(0, 1),
      path(0, 1),
      productType('BEV', 1e6),
      productType('PHEV', 1e6),
    ] as const;

    fc.assert(
      fc.property(...arbitraries, (electrification, bevShare, bev, phev) => {
        // 500 vehicles per 1000 people among 10⁶ people: 500 000 vehicles.
        const maker = new EvMaker({
          id: 'ev-maker',
          metal: 'Li',
          firstYear: START,
          types: [bev, phev],
          ownership: () => 500,
          gdpPerCapita: () => 20,
          population: () => 1e6,
          electrification: (year) => electrification[year - START]!,
          bevShare: (year) => bevShare[year - START]!,
          packKWh: (type, vintage) => (type === 'BEV' ? 40 : 15) + 0.5 * (vintage - 2000),
          intensityKgPerKWh: (vintage) => 0.12 - 0.001 * (vintage - 2000),
        });
        const evStock = (year: number) => 500_000 * electrification[year - START]!;

        const sim = checkMassBalance(maker, (year) => {
          const share = bevShare[year - START]!;
          return [evStock(year) * share, evStock(year) * (1 - share)];
        });
        for (const type of ['BEV', 'PHEV']) {
          for (const units of observed(sim, 'ev-maker', `newUnits.${type}`)) {
            expect(units).toBeGreaterThanOrEqual(0);
          }
        }
      }),
      { seed: 20, numRuns: 60 },
    );
  });
});
