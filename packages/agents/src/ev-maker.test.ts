import { lifetimePmf } from '@orebus/core';
import { describe, expect, it } from 'vitest';
import {
  collect,
  collectWarnings,
  expectAllClose,
  marketSimulation,
  observed,
} from './agents.test-support.js';
import { EvMaker, type EvMakerOptions } from './ev-maker.js';

// Every vehicle retires at exactly two years of age: a vintage v leaves the stock in v + 2.
const twoYears = lifetimePmf({ kind: 'fixed', years: 2 });

// VP = ownership(G) = 20 · 10 = 200 vehicles per 1000 people; 1 000 000 people make 200 000
// vehicles, of which S_t are EVs: 20 000, 40 000, 60 000 in 2023–2025; BEV share 0.75.
// End of 2022: BEV 4000 (2021) + 6000 (2022) = 10 000; PHEV 1000 (2021) + 2000 (2022) = 3000.
// Metal per vehicle: BEV 60 kWh · 0.1 kg/kWh = 6 kg = 0.006 t; PHEV 20 · 0.1 = 2 kg = 0.002 t.
const electrification: Record<number, number> = { 2023: 0.1, 2024: 0.2, 2025: 0.3 };
const options: EvMakerOptions = {
  id: 'ev-maker',
  metal: 'Li',
  firstYear: 2023,
  types: [
    {
      name: 'BEV',
      lifetime: twoYears,
      history: [
        { year: 2021, amount: 4000 },
        { year: 2022, amount: 6000 },
      ],
    },
    {
      name: 'PHEV',
      lifetime: twoYears,
      history: [
        { year: 2021, amount: 1000 },
        { year: 2022, amount: 2000 },
      ],
    },
  ],
  ownership: (gdp) => 20 * gdp,
  gdpPerCapita: () => 10,
  population: () => 1_000_000,
  electrification: (year) => electrification[year]!,
  bevShare: () => 0.75,
  packKWh: (type) => (type === 'BEV' ? 60 : 20),
  intensityKgPerKWh: () => 0.1,
};

function runMaker(maker: EvMaker, endYear = 2025) {
  const sim = marketSimulation(2023, endYear);
  sim.add(maker);
  const demands = collect(sim, 'DemandPosted');
  const retirements = collect(sim, 'ProductsRetired');
  const warnings = collectWarnings(sim);
  sim.run();
  return { sim, demands, retirements, warnings };
}

describe('EvMaker', () => {
  it('holds the EV stock of eqs. (5)–(9), split by the BEV share', () => {
    // EV stock 20 000 / 40 000 / 60 000; BEV 0.75 of it, PHEV 0.25.
    const { sim } = runMaker(new EvMaker(options));

    expectAllClose(observed(sim, 'ev-maker', 'stock'), [20000, 40000, 60000]);
    expectAllClose(observed(sim, 'ev-maker', 'stock.BEV'), [15000, 30000, 45000]);
    expectAllClose(observed(sim, 'ev-maker', 'stock.PHEV'), [5000, 10000, 15000]);
  });

  it('makes the stock change plus the retirements and demands their metal', () => {
    // BEV  2023: retire 4000 (2021); new = 15 000 − 10 000 + 4000 = 9000.
    //      2024: retire 6000 (2022); new = 30 000 − 15 000 + 6000 = 21 000.
    //      2025: retire 9000 (2023); new = 45 000 − 30 000 + 9000 = 24 000.
    // PHEV 2023: retire 1000; new = 5000 − 3000 + 1000 = 3000.
    //      2024: retire 2000; new = 10 000 − 5000 + 2000 = 7000.
    //      2025: retire 3000; new = 15 000 − 10 000 + 3000 = 8000.
    // Demand (t) = new · pack · intensity / 1000:
    //      2023: 9000 · 0.006 + 3000 · 0.002 = 54 + 6 = 60
    //      2024: 21 000 · 0.006 + 7000 · 0.002 = 126 + 14 = 140
    //      2025: 24 000 · 0.006 + 8000 · 0.002 = 144 + 16 = 160
    // Energy (kWh): 9000·60 + 3000·20 = 600 000; 21 000·60 + 7000·20 = 1 400 000;
    //      24 000·60 + 8000·20 = 1 600 000.
    const { sim, demands } = runMaker(new EvMaker(options));

    expectAllClose(observed(sim, 'ev-maker', 'newUnits.BEV'), [9000, 21000, 24000]);
    expectAllClose(observed(sim, 'ev-maker', 'newUnits.PHEV'), [3000, 7000, 8000]);
    expectAllClose(observed(sim, 'ev-maker', 'retiredUnits.BEV'), [4000, 6000, 9000]);
    expectAllClose(observed(sim, 'ev-maker', 'retiredUnits.PHEV'), [1000, 2000, 3000]);
    expect(
      demands.map((m) => [m.phase, m.payload.metal, m.payload.product, m.payload.unit]),
    ).toEqual([
      ['demand', 'Li', 'EV', 'vehicles'],
      ['demand', 'Li', 'EV', 'vehicles'],
      ['demand', 'Li', 'EV', 'vehicles'],
    ]);
    expectAllClose(
      demands.map((m) => m.payload.tonnes),
      [60, 140, 160],
    );
    expectAllClose(
      demands.map((m) => m.payload.newUnits),
      [12000, 28000, 32000],
    );
    expectAllClose(
      demands.map((m) => m.payload.energyKWh),
      [600_000, 1_400_000, 1_600_000],
    );
    expectAllClose(
      demands.map((m) => m.payload.stockUnits),
      [20000, 40000, 60000],
    );
    expectAllClose(observed(sim, 'ev-maker', 'demand'), [60, 140, 160]);
  });

  it('reports the metal of the retired vehicles, and the metal in use closes', () => {
    // Retired (t): 2023 4000·0.006 + 1000·0.002 = 26; 2024 36 + 4 = 40; 2025 54 + 6 = 60.
    // In use: end 2022 10 000·0.006 + 3000·0.002 = 66; then 66 + 60 − 26 = 100 (= 15 000·0.006
    // + 5000·0.002), 100 + 140 − 40 = 200, 200 + 160 − 60 = 300.
    const maker = new EvMaker(options);

    const { sim, retirements, warnings } = runMaker(maker);

    expect(retirements.map((m) => m.phase)).toEqual(['demand', 'demand', 'demand']);
    expectAllClose(
      retirements.map((m) => m.payload.tonnes),
      [26, 40, 60],
    );
    expectAllClose(
      retirements.map((m) => m.payload.units),
      [5000, 8000, 12000],
    );
    expect(retirements.map((m) => m.payload.earlyTonnes)).toEqual([0, 0, 0]);
    expectAllClose([maker.stateAt(2022).metalInUse.Li!], [66]);
    expectAllClose(observed(sim, 'ev-maker', 'metalInUse'), [100, 200, 300]);
    expect(observed(sim, 'ev-maker', 'retiredEarly')).toEqual([0, 0, 0]);
    expect(warnings).toEqual([]);
  });

  it('retires each vintage with the pack it was built with', () => {
    // One type, BEV only, all EVs: packs were 50 kWh up to 2022 and 60 kWh after.
    // 2023 retires the 4000 vehicles of 2021: 4000 · 50 · 0.1 / 1000 = 20 t (not 24).
    // In use at the end of 2022: 10 000 · 0.005 = 50 t; end of 2023: 6000 · 0.005 (2022) +
    // new 20 000 − 10 000 + 4000 = 14 000 · 0.006 (2023) = 30 + 84 = 114 t = 50 + 84 − 20.
    const maker = new EvMaker({
      ...options,
      types: [options.types[0]!],
      bevShare: () => 1,
      packKWh: (_type, vintage) => (vintage <= 2022 ? 50 : 60),
    });

    const { sim, retirements } = runMaker(maker, 2023);

    expectAllClose([maker.stateAt(2022).metalInUse.Li!], [50]);
    expectAllClose([retirements[0]!.payload.tonnes], [20]);
    expectAllClose(observed(sim, 'ev-maker', 'demand'), [84]);
    expectAllClose(observed(sim, 'ev-maker', 'metalInUse'), [114]);
  });

  it('retires early, never makes negative vehicles and warns when the stock falls too fast', () => {
    // Electrification falls from 0.1 to 0.02 in 2023: EV stock 4000, BEV 3000, PHEV 1000.
    // BEV: retire 4000 (2021), 6000 survive > 3000: no new vehicles, 3000 retire early;
    //      PHEV: retire 1000, 2000 survive > 1000: 1000 retire early.
    // Early metal: 3000 · 0.006 + 1000 · 0.002 = 20 t; all retired: 26 + 20 = 46 t.
    // In use: 3000 · 0.006 + 1000 · 0.002 = 20 t = 66 + 0 − 46.
    const maker = new EvMaker({ ...options, electrification: () => 0.02 });

    const { sim, demands, retirements, warnings } = runMaker(maker, 2023);

    expect(demands[0]!.payload.newUnits).toBe(0);
    expect(demands[0]!.payload.tonnes).toBe(0);
    expect(observed(sim, 'ev-maker', 'newUnits.BEV')).toEqual([0]);
    expect(observed(sim, 'ev-maker', 'newUnits.PHEV')).toEqual([0]);
    expectAllClose([retirements[0]!.payload.earlyTonnes], [20]);
    expectAllClose([retirements[0]!.payload.tonnes], [46]);
    expectAllClose([retirements[0]!.payload.units], [9000]);
    expectAllClose(observed(sim, 'ev-maker', 'metalInUse'), [20]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'E_EARLY_RETIREMENT', year: 2023 });
  });

  it('changes only the type split when a subclass overrides bevShare', () => {
    // BEV share 0.5 instead of 0.75: 2023 EV stock still 20 000, BEV 10 000 and PHEV 10 000.
    // BEV: 6000 survive, new 4000; PHEV: 2000 survive, new 8000.
    // Demand 4000 · 0.006 + 8000 · 0.002 = 24 + 16 = 40 t (60 t with the curve's 0.75).
    class EvenSplitMaker extends EvMaker {
      protected override bevShare(): number {
        return 0.5;
      }
    }

    const { sim } = runMaker(new EvenSplitMaker(options), 2023);

    expectAllClose(observed(sim, 'ev-maker', 'stock'), [20000]);
    expectAllClose(observed(sim, 'ev-maker', 'newUnits.BEV'), [4000]);
    expectAllClose(observed(sim, 'ev-maker', 'newUnits.PHEV'), [8000]);
    expectAllClose(observed(sim, 'ev-maker', 'demand'), [40]);
  });
});
