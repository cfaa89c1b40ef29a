// Adding a metal: vanadium for vanadium redox flow batteries (VRFB) in China, 2023–2035. No
// new class: the shipped market and agents are configured for 'V'. The numbers are round
// assumptions chosen to show the mechanics, not a calibrated vanadium model.
import { EssMaker, Importer, PrimaryProducer, Recycler } from '@orebus/agents';
import { lifetimePmf, logistic, Simulation } from '@orebus/core';
import { MARKET_PHASES, Market, type MarketMessages, marketProtocol } from '@orebus/market';

export const VANADIUM = 'V';

/**
 * Vanadium in VRFB electrolyte, kg V per kWh of storage. Assumption from stoichiometry: 1.6 mol
 * V per litre at about 25 Wh per litre of electrolyte is 40 L/kWh × 1.6 mol/L × 50.94 g/mol.
 */
export const VANADIUM_KG_PER_KWH = 3.3;

/** Installed VRFB capacity in China, GWh (assumption: 2 GWh at the end of 2022, up to 30). */
export const vrfbCapacityGWh = logistic({ initial: 2, max: 30, rate: 0.2, t0: 2022 });

/** Builds the vanadium market on one simulation; `sim.run()` runs it. */
export function buildVanadiumModel(endYear = 2035, seed = 1) {
  const metal = VANADIUM;
  const sim = new Simulation<MarketMessages>({
    protocol: marketProtocol,
    phases: MARKET_PHASES,
    startYear: 2023,
    endYear,
    seed,
    checked: true,
  });
  // Price in the paper's price units per tonne; eq. (11) puts costs between 10 000 and 30 000.
  const market = sim.add(
    new Market({ metal, pricing: { initialPrice: 20_000, SCP: 0.3, SPR: 0.5, costMean: 'plain' } }),
  );
  const storage = sim.add(
    new EssMaker({
      id: 'vrfb-maker',
      metal,
      firstYear: 2023,
      // All capacity of end 2022 counts as one 2022 vintage; flow batteries last about 20 years.
      types: [
        {
          name: 'ESS',
          lifetime: lifetimePmf({ kind: 'weibull', shape: 3, scale: 22 }),
          history: [{ year: 2022, amount: vrfbCapacityGWh(2022) }],
        },
      ],
      capacityGWh: vrfbCapacityGWh,
      intensityKgPerKWh: () => VANADIUM_KG_PER_KWH,
    }),
  );
  // Two electrolyte makers of 1 500 t V a year each (assumption) that grow 12 % a year while
  // the price covers their cost and shrink 10 % when it does not (eq. 15). At qScale 200 t the
  // unit cost of 1 500 t is 15 625 (eq. 11), below the first price, so both grow in 2023.
  const producers = ['electrolyte-1', 'electrolyte-2'].map((id) =>
    sim.add(
      new PrimaryProducer({
        id,
        metal,
        initialOutput: 1_500,
        cost: { a: 20, qScale: 200 },
        rule: { g: 0.12, Eco: 1, Con: 0.1 },
        productivity: { rate: 0.02, mode: 'linear', baseYear: 2022 },
      }),
    ),
  );
  // Leased electrolyte comes back almost whole (assumption): SRR = 0.9 · 1 · 0.95 · 0.97.
  const recycler = sim.add(
    new Recycler({
      id: 'recycler',
      metal,
      factors: { CRP: () => 0.9, CRL: () => 1, RR: () => 0.95, TRE: () => 0.97 },
    }),
  );
  // A net exporter of 300 t V a year (assumption); negative net imports are exports.
  const trade = sim.add(new Importer({ id: 'importer', metal, netImports: () => -300 }));
  return { sim, market, storage, producers, recycler, trade };
}

/**
 * Runs the model. In 2023 the market quotes 20 000; each year's demand is the capacity added
 * (growth plus retirements, GWh) × 3.3 kg/kWh, and supply is the two outputs, plus the metal
 * recycled, minus the 300 t exported. Series are per year, 2023 first: t V, price units/t.
 */
export function runVanadium(endYear = 2035) {
  const model = buildVanadiumModel(endYear);
  model.sim.run();
  const series = (variable: string) => model.sim.data.series('market:V', variable).values;
  return { ...model, supply: series('supply'), demand: series('demand'), price: series('price') };
}
