import { EssMaker, EvMaker, PrimaryProducer, Recycler } from '@orebus/agents';
import {
  type Curve,
  gompertz,
  lifetimePmf,
  logistic,
  Simulation,
  sCurve,
  solveLogisticMax,
} from '@orebus/core';
import {
  defaultRules,
  MARKET_PHASES,
  Market,
  type MarketMessages,
  marketProtocol,
  type RuleRegistry,
} from '@orebus/market';
import { exportLicenceRule } from './export-licence.js';
import { CHINA_FLEET, type ManganeseParameters } from './parameters.js';
import { PriceResponsiveExporter } from './price-responsive-exporter.js';

/** The metal symbol in every message and unit (`t Mn`). */
export const MANGANESE = 'Mn';

/** The agent ids of the model, for reading its data. */
export const AGENT_IDS = {
  market: `market:${MANGANESE}`,
  ev: 'ev-maker',
  ess: 'ess-maker',
  recycler: 'recycler',
  trader: 'trader',
} as const;

/** Options of a run: seed, checked messages (tests), and interaction rules as data. */
export interface ManganeseModelOptions {
  readonly seed?: number;
  readonly checked?: boolean;
  /** Rule specs, e.g. `{ kind: 'export-licence', ... }`; checked against their schemas. */
  readonly rules?: readonly unknown[];
}

/** The shipped rules of `@orebus/market` and this package's export licence. */
export function manganeseRules(): RuleRegistry {
  return defaultRules().register(exportLicenceRule);
}

/** A straight line from `from` in `startYear` to `to` in `endYear`, held outside. */
function line(from: number, to: number, startYear: number, endYear: number): Curve {
  return sCurve({ from, to, startYear, endYear, shape: 'linear' });
}

/**
 * Manganese per kWh of new EV battery of a vintage, kg Mn/kWh: the chemistry mix of the
 * vintage times each chemistry's manganese (LFP holds none).
 */
export function evIntensityKgPerKWh(p: ManganeseParameters): (vintage: number) => number {
  const nmcShare = line(p.evNmcShare[0], p.evNmcShare[1], p.startYear, p.endYear);
  const lmfpShare = line(p.evLmfpShare[0], p.evLmfpShare[1], p.startYear, p.endYear);
  const nmc = line(p.nmcKgPerKWh[0], p.nmcKgPerKWh[1], p.startYear, 2035);
  return (vintage) => nmcShare(vintage) * nmc(vintage) + lmfpShare(vintage) * p.lmfpKgPerKWh;
}

/** Manganese per kWh of new storage battery of a vintage, kg Mn/kWh (LMFP only). */
export function essIntensityKgPerKWh(p: ManganeseParameters): (vintage: number) => number {
  const lmfpShare = line(p.essLmfpShare[0], p.essLmfpShare[1], p.startYear, p.endYear);
  return (vintage) => lmfpShare(vintage) * p.lmfpKgPerKWh;
}

/**
 * Builds the manganese market of China on one simulation, in this order: the market, the rules,
 * the EV maker, the storage maker, the refiners, the recycler, the exporter. The order fixes the
 * order of each tick's offers, and so the order in which supply is summed.
 *
 * @throws RuleError (`E_RULE`) for a rule of unknown kind or with bad parameters.
 */
export function buildManganeseModel(p: ManganeseParameters, options: ManganeseModelOptions = {}) {
  const metal = MANGANESE;
  const { startYear, endYear } = p;
  const baseYear = startYear - 1;
  const simulation = new Simulation<MarketMessages>({
    protocol: marketProtocol,
    phases: MARKET_PHASES,
    startYear,
    endYear,
    seed: options.seed ?? 0,
    checked: options.checked ?? false,
  });

  const market = simulation.add(
    new Market({
      metal,
      pricing: { initialPrice: p.initialPrice, SCP: p.SCP, SPR: p.SPR, costMean: 'plain' },
    }),
  );
  const registry = manganeseRules();
  (options.rules ?? []).forEach((spec, index) => {
    const context = { metal, startYear, endYear, index };
    for (const agent of registry.create(spec, context, `rules[${index}]`)) simulation.add(agent);
  });

  // EVs, eqs. (5)–(9), with the lithium reference model's fleet.
  const fleet = CHINA_FLEET;
  const population = line(fleet.population[2022], fleet.population[2050], 2022, 2050);
  const gdpPerCapita: Curve = (year) =>
    fleet.gdpPerCapita2022 *
    (1 + p.rule.g) ** (year - 2022) *
    (population(2022) / population(year));
  const ownership = gompertz(fleet.gompertz);
  const vehicles2022 = (ownership(gdpPerCapita(2022)) * population(2022)) / 1000;
  const bevShare2022 = fleet.bevStock2022 / fleet.stock2022;
  // CAAM sales include exports: scaled so that they sum to the end-2022 stock, ignoring the few
  // retirements before 2023 (a 15-year mean life retires under 5 % of an 8-year-old fleet).
  const salesTotal = Object.values(fleet.sales).reduce((sum, n) => sum + n, 0);
  const history = (share: number) =>
    Object.entries(fleet.sales).map(([year, sold]) => ({
      year: Number(year),
      amount: (sold * share * fleet.stock2022) / salesTotal,
    }));
  const carLifetime = lifetimePmf(fleet.lifetime);
  const ev = simulation.add(
    new EvMaker({
      id: AGENT_IDS.ev,
      metal,
      firstYear: startYear,
      types: [
        { name: 'BEV', lifetime: carLifetime, history: history(bevShare2022) },
        { name: 'PHEV', lifetime: carLifetime, history: history(1 - bevShare2022) },
      ],
      ownership,
      gdpPerCapita,
      population,
      electrification: sCurve({
        from: fleet.stock2022 / vehicles2022,
        to: fleet.electrification2050,
        startYear: 2022,
        endYear: 2050,
        steepness: fleet.electrificationSteepness * (2050 - 2022),
        midpointYear: fleet.electrificationMidpointYear,
      }),
      bevShare: line(bevShare2022, fleet.bevShare2050, 2022, 2050),
      packKWh: (type) => (type === 'BEV' ? fleet.packKWh.BEV : fleet.packKWh.PHEV),
      intensityKgPerKWh: evIntensityKgPerKWh(p),
    }),
  );

  // Storage, eq. (10): the lithium reference model's capacity path, before 2023 run back one year.
  const capacityGWh = logistic({
    initial: fleet.ess2023GWh,
    max: solveLogisticMax({
      initial: fleet.ess2023GWh,
      rate: fleet.essRate,
      t0: 2023,
      target: fleet.ess2050GWh,
      tTarget: 2050,
    }),
    rate: fleet.essRate,
    t0: 2023,
  });
  const ess = simulation.add(
    new EssMaker({
      id: AGENT_IDS.ess,
      metal,
      firstYear: startYear,
      types: [
        {
          name: 'ESS',
          lifetime: lifetimePmf(fleet.lifetime),
          history: [{ year: baseYear, amount: capacityGWh(baseYear) }],
        },
      ],
      capacityGWh,
      intensityKgPerKWh: essIntensityKgPerKWh(p),
    }),
  );

  const refiners = p.refiners.map((refiner) =>
    simulation.add(
      new PrimaryProducer({
        id: refiner.id,
        metal,
        initialOutput: refiner.output2022Tonnes,
        cost: p.cost,
        rule: p.rule,
        productivity: { rate: p.productivityRate, mode: 'linear', baseYear },
      }),
    ),
  );

  const recycler = simulation.add(
    new Recycler({
      id: AGENT_IDS.recycler,
      metal,
      factors: {
        CRP: line(p.collection[0], p.collection[1], startYear, endYear),
        // Every collected battery goes to a recycler; what differs is what it recovers.
        CRL: () => 1,
        RR: line(p.manganeseRecovery[0], p.manganeseRecovery[1], startYear, endYear),
        TRE: () => p.technicalEfficiency,
      },
    }),
  );

  const trader = simulation.add(
    new PriceResponsiveExporter({
      id: AGENT_IDS.trader,
      metal,
      baseExports: () => p.netExports2022Tonnes,
      worldPrice: () => p.worldPrice,
      elasticity: p.exportElasticity,
    }),
  );

  return { simulation, market, ev, ess, refiners, recycler, trader };
}

/** Builds and runs the model; the data are in `simulation.data`. */
export function runManganeseModel(p: ManganeseParameters, options: ManganeseModelOptions = {}) {
  const model = buildManganeseModel(p, options);
  const summary = model.simulation.run();
  return { ...model, summary };
}
