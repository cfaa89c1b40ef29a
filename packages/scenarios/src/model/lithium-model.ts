import {
  EssMaker,
  type EssMakerOptions,
  EvMaker,
  type EvMakerOptions,
  Importer,
  PrimaryProducer,
  Recycler,
} from '@orebus/agents';
import {
  type CohortAmount,
  type Curve,
  gompertz,
  InvalidArgumentError,
  type LifetimeSpec,
  lifetimePmf,
  logistic,
  MessageRecorder,
  type RecordFilter,
  Simulation,
  sCurve,
  solveLogisticMax,
  solveLogisticRate,
  survivalFromPmf,
} from '@orebus/core';
import {
  defaultRules,
  MARKET_PHASES,
  Market,
  type MarketMessages,
  marketProtocol,
  type RuleRegistry,
} from '@orebus/market';
import type { LithiumParameters, YearSeries } from '../pack/lithium-parameters.js';
import { GapImporter } from './gap-importer.js';

/** The metal of the reference model. */
export const LITHIUM = 'Li';

/**
 * Quantities the builder derives from the parameters (not free parameters themselves): the
 * starting points and ceilings of the curves, and the factors that scale the sales history.
 */
export interface DerivedQuantities {
  /** EV share of the vehicle stock in the base year: stock2022 / all vehicles in use. */
  readonly electrification2022: number;
  /** BEV share of EVs in the base year. */
  readonly bevShare2022: number;
  /** Rate of the BEV-share logistic, solved so that it hits the 2050 target. */
  readonly bevShareRate: number;
  /** `DESmax` of eq. (10), solved so that `DES_2050` equals its target. */
  readonly essCapacityMax: number;
  /** Factors applied to the sales history so that survivors equal the base-year stock, by type. */
  readonly salesScale: { readonly BEV: number; readonly PHEV: number };
}

/** Options of {@link buildLithiumModel} and {@link buildMetalModel}. */
export interface LithiumModelOptions {
  /** Scenario name written into rows and events, e.g. `S1-D1`. */
  readonly scenario: string;
  /** The metal's chemical symbol; lithium (`Li`) if not given. */
  readonly metal?: string;
  readonly seed?: number | string;
  /** Check every message against its schema (slower; tests use it). */
  readonly checked?: boolean;
  /** Rules to draw interaction rules from; the default registry otherwise. */
  readonly rules?: RuleRegistry;
  /** Which variables the run's collector keeps (`SimulationOptions.record`); all if not given. */
  readonly record?: RecordFilter;
}

/** Options of {@link buildMetalModel}: the same as the lithium model's. */
export type MetalModelOptions = LithiumModelOptions;

/** A built model, ready to run. */
export interface LithiumModel {
  readonly simulation: Simulation<MarketMessages>;
  readonly derived: DerivedQuantities;
}

/**
 * Curves already made, by series object: resolved parameters are never changed, and an
 * experiment builds thousands of models from one resolved scenario.
 */
const curves = new WeakMap<YearSeries, Curve>();

/**
 * A series as a curve: the value of each year it holds, and the nearest end outside them. The
 * values move into a typed array once, so a look-up in the tick is an index, not a hash probe.
 */
function seriesCurve(series: YearSeries, field: string): Curve {
  let curve = curves.get(series);
  if (curve === undefined) {
    curve = makeSeriesCurve(series, field);
    curves.set(series, curve);
  }
  return curve;
}

function makeSeriesCurve(series: YearSeries, field: string): Curve {
  const years = Object.keys(series).map(Number);
  if (years.length === 0) {
    throw new InvalidArgumentError(field, series, 'a series with at least one year');
  }
  const first = Math.min(...years);
  const last = Math.max(...years);
  const values = new Float64Array(last - first + 1);
  for (let year = first; year <= last; year++) {
    const value = series[year];
    if (value === undefined) {
      throw new InvalidArgumentError(
        `${field}[${year}]`,
        value,
        'a value for every year of the span',
      );
    }
    values[year - first] = value;
  }
  return (year) => values[Math.min(Math.max(year, first), last) - first]!;
}

function lifetimeOf(spec: LithiumParameters['ev']['lifetime']): Float64Array {
  return lifetimePmf(spec as LifetimeSpec) as unknown as Float64Array;
}

/** What {@link evMakerCurves} returns: EvMaker options without id, metal and intensity. */
export interface EvMakerCurves {
  readonly options: Pick<
    EvMakerOptions,
    | 'firstYear'
    | 'types'
    | 'ownership'
    | 'gdpPerCapita'
    | 'population'
    | 'electrification'
    | 'bevShare'
    | 'packKWh'
  >;
  readonly derived: Pick<
    DerivedQuantities,
    'electrification2022' | 'bevShare2022' | 'bevShareRate' | 'salesScale'
  >;
}

/**
 * The EV maker's curves and history from resolved parameters, eqs. (5)–(9): everything its
 * options need except `id`, `metal` and the metal intensity, which a single-metal run takes
 * from the pack and a joint run from a chemistry mix. Same parameters, same curves: pure.
 */
export function evMakerCurves(p: LithiumParameters): EvMakerCurves {
  const { baseYear, startYear, endYear, historyStartYear } = p.horizon;
  const ev = p.ev;
  const population = seriesCurve(ev.population, 'ev.population');
  const gdpPerCapita: Curve = (year) =>
    ev.gdpPerCapita2022 *
    (1 + p.producers.gdpGrowth) ** (year - baseYear) *
    (population(baseYear) / population(year));
  const ownership = gompertz({ saturation: ev.gamma, a: ev.gompertzA, b: ev.gompertzB });
  const vehicles2022 = (ownership(gdpPerCapita(baseYear)) * population(baseYear)) / 1000;
  const electrification2022 = ev.stock2022 / vehicles2022;
  const bevShare2022 = ev.bevStock2022 / ev.stock2022;
  const bevShareRate = solveLogisticRate({
    initial: bevShare2022,
    max: ev.bevShareMax,
    t0: baseYear,
    target: ev.bevShare2050,
    tTarget: endYear,
  });
  const evLifetime = lifetimeOf(ev.lifetime);
  const bevStock2022 = ev.bevStock2022;
  const phevStock2022 = ev.stock2022 - ev.bevStock2022;
  const salesShare = bevShare2022; // Limitation: one BEV share for every historical vintage.
  const bevPack = seriesCurve(ev.packKWh.bev, 'ev.packKWh.bev');
  const phevPack = seriesCurve(ev.packKWh.phev, 'ev.packKWh.phev');
  const salesHistory = seriesCurve(ev.salesHistory, 'ev.salesHistory');
  const sales: CohortAmount[] = [];
  for (let year = historyStartYear; year <= baseYear; year++) {
    sales.push({ year, amount: salesHistory(year) });
  }
  const survivors = survivingUnits(sales, evLifetime, baseYear);
  const salesScale = {
    BEV: bevStock2022 / (survivors * salesShare),
    PHEV: phevStock2022 / (survivors * (1 - salesShare)),
  };
  const scaled = (factor: number, share: number) =>
    sales.map(({ year, amount }) => ({ year, amount: amount * share * factor }));
  return {
    options: {
      firstYear: startYear,
      types: [
        { name: 'BEV', lifetime: evLifetime, history: scaled(salesScale.BEV, salesShare) },
        { name: 'PHEV', lifetime: evLifetime, history: scaled(salesScale.PHEV, 1 - salesShare) },
      ],
      ownership,
      gdpPerCapita,
      population,
      // S_t: the normalised logistic from the 2022 state to the 2050 target (MODEL.md 7).
      electrification: sCurve({
        from: electrification2022,
        to: ev.electrification2050,
        startYear: baseYear,
        endYear,
        steepness: ev.electrificationSteepness * (endYear - baseYear),
        midpointYear: ev.electrificationMidpointYear,
      }),
      bevShare: logistic({
        initial: bevShare2022,
        max: ev.bevShareMax,
        rate: bevShareRate,
        t0: baseYear,
      }),
      packKWh: (type, vintage) => (type === 'BEV' ? bevPack : phevPack)(vintage),
    },
    derived: { electrification2022, bevShare2022, bevShareRate, salesScale },
  };
}

/** What {@link essMakerCurves} returns: EssMaker options without id, metal and intensity. */
export interface EssMakerCurves {
  readonly options: Pick<EssMakerOptions, 'firstYear' | 'types' | 'capacityGWh'>;
  readonly derived: Pick<DerivedQuantities, 'essCapacityMax'>;
}

/**
 * The ESS maker's capacity curve and history from resolved parameters, eq. (10): everything
 * its options need except `id`, `metal` and the metal intensity. Pure.
 */
export function essMakerCurves(p: LithiumParameters): EssMakerCurves {
  const { baseYear, startYear, endYear, historyStartYear } = p.horizon;
  const ess = p.ess;
  // DES0 is the 2023 value, so t0 = startYear.
  const essCapacityMax = solveLogisticMax({
    initial: ess.capacity2023GWh,
    rate: ess.logisticRate,
    t0: startYear,
    target: ess.capacity2050GWh,
    tTarget: endYear,
  });
  const capacityGWh = logistic({
    initial: ess.capacity2023GWh,
    max: essCapacityMax,
    rate: ess.logisticRate,
    t0: startYear,
  });
  // Assumption: before 2023, installations follow the same curve back to the first history
  // year, whose value stands for everything installed until then.
  const essHistory: CohortAmount[] = [];
  for (let year = historyStartYear; year <= baseYear; year++) {
    const previous = year === historyStartYear ? 0 : capacityGWh(year - 1);
    essHistory.push({ year, amount: capacityGWh(year) - previous });
  }
  return {
    options: {
      firstYear: startYear,
      types: [{ name: 'ESS', lifetime: lifetimeOf(ess.lifetime), history: essHistory }],
      capacityGWh,
    },
    derived: { essCapacityMax },
  };
}

/**
 * Adds the metal's market and then the agents of the scenario's interaction rules (from
 * `registry`) to `simulation`. Rule agents are numbered from `ruleIndexOffset`, so that the
 * rules of several metals on one bus get distinct ids; a single-metal run starts at 0.
 */
export function addMarket(
  simulation: Simulation<MarketMessages>,
  p: LithiumParameters,
  metal: string,
  registry: RuleRegistry,
  ruleIndexOffset = 0,
): void {
  const { startYear, endYear } = p.horizon;
  simulation.add(
    new Market({
      metal,
      pricing: {
        initialPrice: p.market.P0,
        SCP: p.market.SCP,
        SPR: p.market.SPR,
        costMean: p.market.costMean,
      },
    }),
  );
  p.rules.forEach((rule, i) => {
    const index = ruleIndexOffset + i;
    const context = { metal, startYear, endYear, index };
    for (const agent of registry.create(rule, context, `rules[${i}]`)) simulation.add(agent);
  });
}

/**
 * Adds the metal's suppliers in this order: the primary producers, the recycler, the importer
 * (eqs. 1–4, 11, 15, 16). Their ids are the pack's producer names, `recycler` and `importer`,
 * each after `idPrefix` (`Co:` in a joint run; empty for one metal). The importer is the fixed
 * one of eq. (4), or, when the parameters give `importer.response`, a {@link GapImporter}.
 */
export function addSuppliers(
  simulation: Simulation<MarketMessages>,
  p: LithiumParameters,
  metal: string,
  idPrefix = '',
): void {
  const { baseYear, startYear, endYear } = p.horizon;

  // Primary producers, eqs. (11), (15), (16).
  const producers = p.producers;
  producers.shares.forEach((share, i) => {
    simulation.add(
      new PrimaryProducer({
        id: `${idPrefix}${producers.names[i] ?? `producer-${i + 1}`}`,
        metal,
        initialOutput: share * producers.K2022,
        cost: { a: producers.a, qScale: producers.qScale },
        rule: { g: producers.gdpGrowth, Eco: producers.Eco, Con: producers.Con },
        productivity: {
          rate: producers.productivityRate,
          mode: producers.productivityMode,
          baseYear,
        },
      }),
    );
  });

  // Recycler, eqs. (1)–(3): every factor moves along one normalised logistic between its ends.
  // It is the form of core's `sCurve` with a `midpointYear` (steepness · 27 over 2023–2050), kept
  // inline: sCurve works in shares of the span, which moves about 3 % of these values by an ulp,
  // and the recycler's numbers stay bit for bit what they were before sCurve took a midpoint.
  const r = p.recycler;
  const shape = r.factorShape;
  const L = (t: number) => 1 / (1 + Math.exp(-shape.steepness * (t - shape.midpointYear)));
  const atStart = L(startYear);
  const atEnd = L(endYear);
  const progress = (t: number) => {
    const clamped = Math.min(Math.max(t, startYear), endYear);
    return (L(clamped) - atStart) / (atEnd - atStart);
  };
  const factor = (name: 'CRP' | 'CRL' | 'RR' | 'TRE') => (year: number) =>
    r.factors2023[name] + (r.factors2050[name] - r.factors2023[name]) * progress(year);
  simulation.add(
    new Recycler({
      id: `${idPrefix}recycler`,
      metal,
      factors: { CRP: factor('CRP'), CRL: factor('CRL'), RR: factor('RR'), TRE: factor('TRE') },
    }),
  );

  // Importer, eq. (4).
  const netImports = seriesCurve(p.importer.netImports, 'importer.netImports');
  const response = p.importer.response;
  simulation.add(
    response === undefined
      ? new Importer({ id: `${idPrefix}importer`, metal, netImports })
      : new GapImporter({
          id: `${idPrefix}importer`,
          metal,
          netImports,
          gapShare: response.gapShare,
          cap: seriesCurve(response.cap, 'importer.response.cap'),
          initialGap: baseYearGap(p),
        }),
  );
}

/**
 * The base year's gap between battery demand and domestic supply, t: the metal put into EVs and
 * storage in the base year (the scaled sales and installation history × pack × intensity) less
 * the base-year primary output. It stands for the clearing the importer has not heard before
 * the first tick. Assumption: no recycled supply in the base year (the model does not hold it).
 */
export function baseYearGap(p: LithiumParameters): number {
  const { baseYear } = p.horizon;
  const ev = evMakerCurves(p).options;
  const evIntensity = seriesCurve(p.ev.intensityKgPerKWh, 'ev.intensityKgPerKWh')(baseYear);
  let demand = 0;
  for (const type of ev.types) {
    const sold = type.history.find((cohort) => cohort.year === baseYear)?.amount ?? 0;
    demand += (sold * ev.packKWh(type.name, baseYear) * evIntensity) / 1000;
  }
  const ess = essMakerCurves(p).options;
  const essIntensity = seriesCurve(p.ess.intensityKgPerKWh, 'ess.intensityKgPerKWh')(baseYear);
  const installed = ess.types[0]!.history.find((cohort) => cohort.year === baseYear)?.amount ?? 0;
  // GWh × 1e6 kWh/GWh × kg/kWh ÷ 1000 kg/t.
  demand += installed * 1000 * essIntensity;
  return demand - p.producers.K2022;
}

/**
 * An empty simulation of the market protocol and phases over `horizon`, with the options' seed,
 * scenario name and checking: what the single-metal and the joint builders add their agents to.
 */
export function marketSimulation(
  horizon: { readonly startYear: number; readonly endYear: number },
  options: Pick<MetalModelOptions, 'scenario' | 'seed' | 'checked' | 'record'>,
): Simulation<MarketMessages> {
  return new Simulation<MarketMessages>({
    protocol: marketProtocol,
    phases: MARKET_PHASES,
    startYear: horizon.startYear,
    endYear: horizon.endYear,
    seed: options.seed ?? 0,
    scenario: options.scenario,
    checked: options.checked ?? false,
    ...(options.record === undefined ? {} : { record: options.record }),
  });
}

/**
 * Builds the reference model of MODEL.md for `options.metal` (lithium if not given) from
 * resolved parameters: a market, the interaction rules, the EV and ESS makers, the primary
 * producers, the recycler and the importer, added in that order, which fixes the order of a
 * tick's messages and so the order in which supply is summed (`K_t + RLi_t + NIM_t`, eq. 17).
 */
export function buildMetalModel(p: LithiumParameters, options: MetalModelOptions): LithiumModel {
  const metal = options.metal ?? LITHIUM;
  const simulation = marketSimulation(p.horizon, options);

  addMarket(simulation, p, metal, options.rules ?? defaultRules());
  const ev = evMakerCurves(p);
  simulation.add(
    new EvMaker({
      ...ev.options,
      id: 'ev-maker',
      metal,
      intensityKgPerKWh: seriesCurve(p.ev.intensityKgPerKWh, 'ev.intensityKgPerKWh'),
    }),
  );
  const ess = essMakerCurves(p);
  simulation.add(
    new EssMaker({
      ...ess.options,
      id: 'ess-maker',
      metal,
      intensityKgPerKWh: seriesCurve(p.ess.intensityKgPerKWh, 'ess.intensityKgPerKWh'),
    }),
  );
  addSuppliers(simulation, p, metal);

  return {
    simulation,
    derived: {
      electrification2022: ev.derived.electrification2022,
      bevShare2022: ev.derived.bevShare2022,
      bevShareRate: ev.derived.bevShareRate,
      essCapacityMax: ess.derived.essCapacityMax,
      salesScale: ev.derived.salesScale,
    },
  };
}

/**
 * Builds the lithium reference model of MODEL.md: {@link buildMetalModel} for lithium, or for
 * `options.metal` when a caller gives one.
 */
export function buildLithiumModel(
  p: LithiumParameters,
  options: LithiumModelOptions,
): LithiumModel {
  return buildMetalModel(p, options);
}

/** Units of the given vintages still in use at the end of `year`. */
function survivingUnits(
  vintages: readonly CohortAmount[],
  pmf: Float64Array,
  year: number,
): number {
  const survival = survivalFromPmf(pmf);
  let total = 0;
  for (const { year: vintage, amount } of vintages) {
    const age = year - vintage;
    total += amount * (age < survival.length ? survival[age]! : 0);
  }
  return total;
}

/** Options of {@link runLithiumModel}. */
export interface RunOptions extends LithiumModelOptions {
  /** Record the run's messages as JSON Lines. */
  readonly recordMessages?: boolean;
}

/** A finished run of the model. */
export interface LithiumRun extends LithiumModel {
  /** The message log, when `recordMessages` was set. */
  readonly messages?: string;
}

/** Builds and runs the model to its last year, for `options.metal` (lithium if not given). */
export function runLithiumModel(p: LithiumParameters, options: RunOptions): LithiumRun {
  return runToEnd(buildMetalModel(p, options), options.recordMessages ?? false);
}

/** Runs a built model to its last year, with its message log as JSON Lines if asked. */
export function runToEnd<T extends { readonly simulation: Simulation<MarketMessages> }>(
  model: T,
  recordMessages: boolean,
): T & { readonly messages?: string } {
  const recorder = recordMessages ? new MessageRecorder(model.simulation.bus) : undefined;
  model.simulation.run();
  return recorder ? { ...model, messages: recorder.toJsonLines() } : model;
}
