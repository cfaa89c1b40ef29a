// Several metals on one bus: lithium and cobalt, each with its own market, and one storage
// maker whose new battery capacity a chemistry mix splits into both. With `elasticity` above 0
// the mix leans towards the chemistry whose metals got cheaper relative to the others. Round
// numbers, to show the mechanics; the shipped joint pack `battery-metals-china` is the sourced
// version.
import {
  type Chemistry,
  ChemistryMix,
  EssMaker,
  Importer,
  PrimaryProducer,
  priceResponsiveShift,
} from '@orebus/agents';
import { lifetimePmf, logistic, Simulation } from '@orebus/core';
import { MARKET_PHASES, Market, type MarketMessages, marketProtocol } from '@orebus/market';

/** Two chemistries, kg of metal per kWh (BatPac 5.2, in ../shared/DATA.md). */
export const chemistries: Chemistry[] = [
  { name: 'LFP', intensityKgPerKWh: { Li: 0.089 } },
  { name: 'NMC811', intensityKgPerKWh: { Li: 0.0922, Co: 0.0763 } },
];

/** The path of the shares of new capacity: LFP from 60 % in 2023 to 80 % in 2035. */
export const pathShares = (year: number): number[] => {
  const lfp = 0.6 + (0.2 * (Math.min(Math.max(year, 2023), 2035) - 2023)) / 12;
  return [lfp, 1 - lfp];
};

/** Builds and runs the two markets, 2023–2035; `elasticity` 0 follows the path exactly. */
export function runTwoMetals(elasticity: number) {
  const sim = new Simulation<MarketMessages>({
    protocol: marketProtocol,
    phases: MARKET_PHASES,
    startYear: 2023,
    endYear: 2035,
    seed: 1,
    checked: true,
  });
  const prices = { Li: 20_000, Co: 15_000 };
  for (const metal of ['Li', 'Co'] as const) {
    const pricing = { initialPrice: prices[metal], SCP: 0.3, SPR: 0.5, costMean: 'plain' as const };
    sim.add(new Market({ metal, pricing }));
  }
  // Markets quote before the maker's demand phase, so the mix sees this year's prices.
  const shift = priceResponsiveShift({
    chemistries,
    referenceValue: { Li: 2_500_000, Co: 400_000 }, // CNY a tonne of metal, rough 2022 values
    referencePrice: prices, // each market's first quote
    elasticity,
  });
  const mix = new ChemistryMix({ chemistries, shares: pathShares, shift });
  const history = [{ year: 2022, amount: 30 }];
  const maker = sim.add(
    new EssMaker({
      id: 'storage-maker',
      metals: ['Li', 'Co'],
      firstYear: 2023,
      // 30 GWh in use at the end of 2022, as one vintage; 15-year batteries.
      types: [{ name: 'ESS', lifetime: lifetimePmf({ kind: 'normal', mean: 15, sd: 4 }), history }],
      capacityGWh: logistic({ initial: 30, max: 600, rate: 0.25, t0: 2022 }),
      chemistry: mix,
    }),
  );
  // Each metal: one mine that follows its price, and imports at a fixed rate (cobalt mostly).
  const supply = { Li: { mine: 4_000, imports: 1_000 }, Co: { mine: 200, imports: 800 } };
  for (const metal of ['Li', 'Co'] as const) {
    sim.add(
      new PrimaryProducer({
        id: `${metal}:mine`,
        metal,
        initialOutput: supply[metal].mine,
        cost: { a: 50, qScale: supply[metal].mine / 5 },
        rule: { g: 0.05, Eco: 1, Con: 0.1 },
        productivity: { rate: 0.05, mode: 'linear', baseYear: 2022 },
      }),
    );
    sim.add(
      new Importer({ id: `${metal}:importer`, metal, netImports: () => supply[metal].imports }),
    );
  }
  sim.run();
  return { sim, maker };
}
