import { lifetimePmf, logistic } from '@orebus/core';
import { describe, expect, it } from 'vitest';
import {
  collect,
  collectWarnings,
  expectAllClose,
  expectClose,
  marketSimulation,
  observed,
} from './agents.test-support.js';
import { EssMaker, type EssMakerOptions } from './ess-maker.js';
import { Recycler } from './recycler.js';

// Every storage system retires at exactly two years of age. Installed at the end of 2022:
// 10 GWh (2021) + 20 GWh (2022) = 30 GWh. At 0.089 kg Li/kWh a GWh holds
// 10⁶ kWh · 0.089 kg/kWh = 89 000 kg = 89 t Li.
const capacity: Record<number, number> = { 2023: 40, 2024: 60, 2025: 70 };
const options: EssMakerOptions = {
  id: 'ess-maker',
  metal: 'Li',
  firstYear: 2023,
  types: [
    {
      name: 'ESS',
      lifetime: lifetimePmf({ kind: 'fixed', years: 2 }),
      history: [
        { year: 2021, amount: 10 },
        { year: 2022, amount: 20 },
      ],
    },
  ],
  capacityGWh: (year) => capacity[year]!,
  intensityKgPerKWh: () => 0.089,
};

function runMaker(maker: EssMaker, endYear = 2025) {
  const sim = marketSimulation(2023, endYear);
  sim.add(maker);
  const demands = collect(sim, 'DemandPosted');
  const retirements = collect(sim, 'ProductsRetired');
  const warnings = collectWarnings(sim);
  sim.run();
  return { sim, demands, retirements, warnings };
}

describe('EssMaker', () => {
  it('installs the capacity change plus retirements and demands their lithium, eq. (10)', () => {
    // 2023: retire 10 (2021); new = 40 − 30 + 10 = 20 GWh; 20 · 89 = 1780 t.
    // 2024: retire 20 (2022); new = 60 − 40 + 20 = 40 GWh; 3560 t.
    // 2025: retire 20 (2023); new = 70 − 60 + 20 = 30 GWh; 2670 t.
    const { sim, demands } = runMaker(new EssMaker(options));

    expect(demands.map((m) => [m.phase, m.payload.product, m.payload.unit])).toEqual([
      ['demand', 'ESS', 'GWh'],
      ['demand', 'ESS', 'GWh'],
      ['demand', 'ESS', 'GWh'],
    ]);
    expectAllClose(
      demands.map((m) => m.payload.newUnits),
      [20, 40, 30],
    );
    expectAllClose(
      demands.map((m) => m.payload.tonnes),
      [1780, 3560, 2670],
    );
    expectAllClose(
      demands.map((m) => m.payload.energyKWh),
      [20e6, 40e6, 30e6],
    );
    expectAllClose(
      demands.map((m) => m.payload.stockUnits),
      [40, 60, 70],
    );
    expectAllClose(observed(sim, 'ess-maker', 'demand'), [1780, 3560, 2670]);
    expectAllClose(observed(sim, 'ess-maker', 'energyPutInUse'), [20e6, 40e6, 30e6]);
  });

  it('reports the lithium of retired systems, and the lithium in use closes', () => {
    // Retired: 10 · 89 = 890, 20 · 89 = 1780, 20 · 89 = 1780 t.
    // In use: 30 · 89 = 2670 at the end of 2022, then 2670 + 1780 − 890 = 3560 (= 40 · 89),
    // 3560 + 3560 − 1780 = 5340, 5340 + 2670 − 1780 = 6230.
    const maker = new EssMaker(options);

    const { sim, retirements, warnings } = runMaker(maker);

    expectAllClose(
      retirements.map((m) => m.payload.tonnes),
      [890, 1780, 1780],
    );
    expectAllClose(
      retirements.map((m) => m.payload.units),
      [10, 20, 20],
    );
    expectClose(maker.stateAt(2022).metalInUse.Li!, 2670);
    expectAllClose(observed(sim, 'ess-maker', 'metalInUse'), [3560, 5340, 6230]);
    expect(warnings).toEqual([]);
  });

  it('follows the logistic capacity curve of eq. (10)', () => {
    // DES_t = 100 / (1 + (100 / 33.8 − 1) · exp(−0.5 · (t − 2023))): 33.8 GWh in 2023.
    const closedForm = (t: number) => 100 / (1 + (100 / 33.8 - 1) * Math.exp(-0.5 * (t - 2023)));
    const maker = new EssMaker({
      ...options,
      capacityGWh: logistic({ initial: 33.8, max: 100, rate: 0.5, t0: 2023 }),
    });

    const { sim } = runMaker(maker);

    expectAllClose(observed(sim, 'ess-maker', 'stock'), [33.8, closedForm(2024), closedForm(2025)]);
    // 2023: 33.8 − 30 + 10 retired = 13.8 GWh new.
    expectAllClose(observed(sim, 'ess-maker', 'newUnits').slice(0, 1), [13.8]);
  });

  it('retires the excess early when capacity falls faster than retirements, and warns', () => {
    // 2023 target 12 GWh: 10 retire normally (2021), 20 survive > 12, so 8 GWh of the 2022
    // vintage retire early and nothing is installed. Early 8 · 89 = 712 t; all retired
    // 18 · 89 = 1602 t; in use 12 · 89 = 1068 t = 2670 + 0 − 1602.
    const maker = new EssMaker({ ...options, capacityGWh: () => 12 });

    const { sim, demands, retirements, warnings } = runMaker(maker, 2023);

    expect(demands[0]!.payload.newUnits).toBe(0);
    expect(demands[0]!.payload.tonnes).toBe(0);
    expectAllClose([retirements[0]!.payload.earlyTonnes], [712]);
    expectAllClose([retirements[0]!.payload.tonnes], [1602]);
    expectAllClose([retirements[0]!.payload.units], [18]);
    expectAllClose(observed(sim, 'ess-maker', 'retiredEarly'), [712]);
    expectAllClose(observed(sim, 'ess-maker', 'metalInUse'), [1068]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'E_EARLY_RETIREMENT', year: 2023 });
    expectClose((warnings[0]!.details as { earlyTonnes: number }).earlyTonnes, 712);
  });

  it('tells the recycler what it retired in the same tick', () => {
    // Retired 890 t in 2023 with a recycling rate of 0.5: 445 t recovered.
    const half = () => 0.5;
    const one = () => 1;
    const sim = marketSimulation(2023, 2023);
    sim.add(new EssMaker(options));
    sim.add(
      new Recycler({
        id: 'recycler',
        metal: 'Li',
        factors: { CRP: half, CRL: one, RR: one, TRE: one },
      }),
    );

    sim.run();

    expectAllClose(observed(sim, 'recycler', 'endOfLife'), [890]);
    expectAllClose(observed(sim, 'recycler', 'recycled'), [445]);
  });

  it('changes only the capacity when a subclass overrides capacity', () => {
    // Capacity twice the curve in 2023: 80 GWh; new = 80 − 30 + 10 = 60 GWh, 60 · 89 = 5340 t.
    class DoubledStorage extends EssMaker {
      protected override capacity(year: number): number {
        return 2 * super.capacity(year);
      }
    }

    const { sim } = runMaker(new DoubledStorage(options), 2023);

    expectAllClose(observed(sim, 'ess-maker', 'stock'), [80]);
    expectAllClose(observed(sim, 'ess-maker', 'newUnits'), [60]);
    expectAllClose(observed(sim, 'ess-maker', 'demand'), [5340]);
  });
});
