/**
 * The resolved, plain parameters of the reference model, built from a complete set of scenario
 * parameters after the cross-parameter checks that no single file can make. The model and so
 * the parameters are the same for every metal; the name keeps the lithium reference case.
 */
import { EssMaker, EvMaker } from '@orebus/agents';
import type { ScenarioIssue } from './errors.js';
import type { Interpolation, Lifetime, Parameter, Rule } from './file-schema.js';
import {
  DEFAULT_METAL,
  findParameterSpec,
  IMPORT_RESPONSE_PATHS,
  parameterSpecs,
  type YearDomain,
} from './parameter-specs.js';

/**
 * A value for every year of a span, keyed by year (`population[2030]`). Which span is stated
 * where the series is declared in {@link LithiumParameters}.
 */
export type YearSeries = Readonly<Record<number, number>>;

/**
 * The four factors of the end-of-life recycling rate, eq. (3): collection rate of end-of-life
 * products, battery recycling rate, lithium recovery rate, technical recovery efficiency.
 */
export interface RecyclingFactors {
  readonly CRP: number;
  readonly CRL: number;
  readonly RR: number;
  readonly TRE: number;
}

/** The recycling factors in the order a pack lists their weights. */
export const RECYCLING_FACTOR_NAMES = ['CRP', 'CRL', 'RR', 'TRE'] as const;

/**
 * Every parameter of the reference model, resolved to plain values. Mass in t of the metal
 * (t Li for lithium), price in the paper's price units per tonne, capacity in GWh, vehicles as
 * counts.
 */
export interface LithiumParameters {
  readonly horizon: {
    /** First year of the sales history that feeds retirements. */
    readonly historyStartYear: number;
    /** The year whose end state is the initial state (2022). */
    readonly baseYear: number;
    /** The first tick; always `baseYear + 1`. */
    readonly startYear: number;
    /** The last tick, inclusive. */
    readonly endYear: number;
  };
  readonly market: {
    /** Quoted price of the first tick, eq. (11). */
    readonly P0: number;
    /** Sensitivity of price to cost, eq. (13). */
    readonly SCP: number;
    /** Sensitivity of price to the supply–demand ratio, eq. (14). */
    readonly SPR: number;
    /** Which mean of the producers' unit costs enters eq. (13). */
    readonly costMean: 'plain' | 'share-weighted';
  };
  readonly producers: {
    /** Curvature of the unit cost, eq. (11), price units/t. */
    readonly a: number;
    /** t Li per unit of `x` in eq. (11). */
    readonly qScale: number;
    readonly Eco: number;
    /** Fractional contraction when price is below cost, eq. (15). */
    readonly Con: number;
    /** GDP growth `g`, per year. */
    readonly gdpGrowth: number;
    /** China primary output in the base year, t Li. */
    readonly K2022: number;
    /** Initial output shares, summing to 1, in the order of `names`. */
    readonly shares: readonly number[];
    readonly names: readonly string[];
    /** Growth of mining and beneficiation productivity `r`, per year. */
    readonly productivityRate: number;
    readonly productivityMode: 'linear' | 'compound';
  };
  readonly recycler: {
    readonly eolRate2023: number;
    /** End-of-life recycling rate in the last year, paper Table 2. */
    readonly eolRate2050: number;
    /** Exponents splitting the rate among the factors: factor = rate ^ weight. */
    readonly factorWeights: RecyclingFactors;
    /**
     * Each factor moves from its 2023 to its 2050 value along
     * `s(t) = (L(t) − L(2023)) / (L(2050) − L(2023))`, `L(t) = 1 / (1 + exp(−steepness·(t − midpointYear)))`,
     * so the product of the factors hits both end rates exactly.
     */
    readonly factorShape: {
      readonly kind: 'logistic';
      readonly steepness: number;
      readonly midpointYear: number;
    };
    /** Derived: `eolRate2023 ^ weight` per factor; their product is `eolRate2023`. */
    readonly factors2023: RecyclingFactors;
    /** Derived: `eolRate2050 ^ weight` per factor; their product is `eolRate2050`. */
    readonly factors2050: RecyclingFactors;
  };
  readonly importer: {
    /**
     * Net imports, t a year, for every model year startYear…endYear; may be negative. With a
     * `response`, the least that is imported whatever the market (contracted imports).
     */
    readonly netImports: YearSeries;
    /**
     * Absent for lithium. When present, the importer also covers `gapShare` of last year's gap
     * between demand and domestic supply (primary + recycled), never more than `cap` t a year.
     */
    readonly response?: {
      readonly gapShare: number;
      /** Most imported in a year, t, for every model year. */
      readonly cap: YearSeries;
    };
  };
  readonly ev: {
    /** Ownership saturation, vehicles per 1000 people, eq. (5). */
    readonly gamma: number;
    /** The constants 5 and 0.14 of eq. (5). */
    readonly gompertzA: number;
    readonly gompertzB: number;
    /** GDP per person in the base year, thousand currency units. */
    readonly gdpPerCapita2022: number;
    /** People, for every year baseYear…endYear. */
    readonly population: YearSeries;
    readonly stock2022: number;
    readonly bevStock2022: number;
    /** End-2023 stock: a back-test figure to show beside the model, not a constraint. */
    readonly stock2023Observed: number;
    /** EV share of the vehicle stock in the last year, paper Table 1. */
    readonly electrification2050: number;
    /**
     * Electrification `S_t` moves from its 2022 value (derived: `stock2022` over all vehicles in
     * use) to `electrification2050` along the normalised logistic
     * `S0 + (S1 − S0) · (L(t) − L(2022)) / (L(2050) − L(2022))`,
     * `L(t) = 1 / (1 + exp(−steepness · (t − midpointYear)))`; this is its steepness, 1/a.
     */
    readonly electrificationSteepness: number;
    /** The year of the electrification logistic's inflection; it may lie outside 2022–2050. */
    readonly electrificationMidpointYear: number;
    /** BEV share of EVs in the last year, paper Table 1 (PHEV:BEV 1:9 gives 0.90). */
    readonly bevShare2050: number;
    /** Ceiling of the BEV-share curve; its rate is solved from the 2050 target. */
    readonly bevShareMax: number;
    /** EV sales, vehicles a year, for every year historyStartYear…baseYear. */
    readonly salesHistory: YearSeries;
    /** Average pack, kWh, for every year historyStartYear…endYear. */
    readonly packKWh: { readonly bev: YearSeries; readonly phev: YearSeries };
    /** kg Li per kWh, for every year historyStartYear…endYear. */
    readonly intensityKgPerKWh: YearSeries;
    readonly lifetime: Lifetime;
  };
  readonly ess: {
    /** Cumulative installed capacity at the end of the first model year. */
    readonly capacity2023GWh: number;
    readonly capacity2050GWh: number;
    /** Logistic rate `n` of eq. (10); the ceiling is solved from the 2050 target. */
    readonly logisticRate: number;
    /** kg Li per kWh, for every year historyStartYear…endYear. */
    readonly intensityKgPerKWh: YearSeries;
    readonly lifetime: Lifetime;
  };
  /** Interaction rules, applied by the agents they name. */
  readonly rules: readonly Rule[];
}

/** A parameter together with the file (or `(command line)`) that set it last. */
export interface ParameterEntry {
  readonly parameter: Parameter;
  readonly origin: string;
}

interface Horizon {
  readonly historyStartYear: number;
  readonly baseYear: number;
  readonly startYear: number;
  readonly endYear: number;
}

function yearSpan(domain: YearDomain, horizon: Horizon): [number, number] {
  switch (domain) {
    case 'history':
      return [horizon.historyStartYear, horizon.baseYear];
    case 'state':
      return [horizon.baseYear, horizon.endYear];
    case 'model':
      return [horizon.startYear, horizon.endYear];
    case 'all':
      return [horizon.historyStartYear, horizon.endYear];
  }
}

/**
 * Expands a constant or a sparse year→value path to every year `from`…`to`. Between named
 * years: linear or step interpolation; outside them: the nearest named value.
 */
export function expandSeries(
  value: number | Readonly<Record<string, number>>,
  interpolation: Interpolation,
  from: number,
  to: number,
): YearSeries {
  const points =
    typeof value === 'number'
      ? [[from, value] as const]
      : Object.entries(value)
          .map(([year, v]) => [Number(year), v] as const)
          .sort((left, right) => left[0] - right[0]);
  const series: Record<number, number> = {};
  for (let year = from; year <= to; year += 1) series[year] = valueAt(points, interpolation, year);
  return series;
}

function valueAt(
  points: ReadonlyArray<readonly [number, number]>,
  interpolation: Interpolation,
  year: number,
): number {
  const first = points[0]!;
  const last = points.at(-1)!;
  if (year <= first[0]) return first[1];
  if (year >= last[0]) return last[1];
  const after = points.findIndex(([y]) => y > year);
  const [y0, v0] = points[after - 1]!;
  const [y1, v1] = points[after]!;
  if (interpolation === 'step') return v0;
  return v0 + ((v1 - v0) * (year - y0)) / (y1 - y0);
}

function issue(
  entries: ReadonlyMap<string, ParameterEntry>,
  code: ScenarioIssue['code'],
  path: string,
  allowed: string,
  field = 'value',
): ScenarioIssue {
  const entry = entries.get(path);
  const value = entry === undefined ? undefined : entry.parameter.value;
  return {
    code,
    file: entry?.origin ?? '(merged scenario)',
    path: `parameters.${path}.${field}`,
    value,
    allowed,
  };
}

/** The products whose demand the model's makers post (the EV and the ESS maker). */
const MODEL_PRODUCTS: readonly string[] = [EvMaker.PRODUCT, EssMaker.PRODUCT];

/**
 * Checks what only the merged set can show: every parameter present, the horizon coherent,
 * path years inside their span, and parameters that bound each other. Returns every issue.
 * `metal` names the units the "missing" issues ask for.
 */
export function checkParameterSet(
  entries: ReadonlyMap<string, ParameterEntry>,
  metal: string = DEFAULT_METAL,
): ScenarioIssue[] {
  const specs = parameterSpecs(metal);
  const responseGiven = IMPORT_RESPONSE_PATHS.filter((path) => entries.has(path));
  if (responseGiven.length === 1) {
    const absent = IMPORT_RESPONSE_PATHS.find((path) => !entries.has(path))!;
    return [
      {
        code: 'missing',
        file: entries.get(responseGiven[0]!)!.origin,
        path: `parameters.${absent}`,
        value: undefined,
        allowed: `${IMPORT_RESPONSE_PATHS.join(' and ')} together, or neither`,
      },
    ];
  }
  const missing = specs
    .filter((spec) => !spec.optional && !entries.has(spec.path))
    .map(
      (spec): ScenarioIssue => ({
        code: 'missing',
        file: '(merged scenario)',
        path: `parameters.${spec.path}`,
        value: undefined,
        allowed: `a parameter { value, unit: '${spec.unit}', provenance } in the base file`,
      }),
    );
  if (missing.length > 0) return missing;

  const number = (path: string): number => entries.get(path)!.parameter.value as number;
  const horizon = readHorizon(number);
  const issues: ScenarioIssue[] = [];
  const flag = (code: ScenarioIssue['code'], path: string, allowed: string): void => {
    issues.push(issue(entries, code, path, allowed));
  };

  if (horizon.startYear !== horizon.baseYear + 1) {
    flag('inconsistent', 'horizon.startYear', `horizon.baseYear + 1 = ${horizon.baseYear + 1}`);
  }
  if (horizon.endYear < horizon.startYear) {
    flag('inconsistent', 'horizon.endYear', `a year ≥ horizon.startYear (${horizon.startYear})`);
  }
  if (horizon.historyStartYear > horizon.baseYear) {
    flag(
      'inconsistent',
      'horizon.historyStartYear',
      `a year ≤ horizon.baseYear (${horizon.baseYear})`,
    );
  }
  if (issues.length > 0) return issues;

  for (const spec of specs) {
    if (spec.kind !== 'series' || !entries.has(spec.path)) continue;
    const value = entries.get(spec.path)!.parameter.value;
    if (typeof value === 'number') continue;
    const [from, to] = yearSpan(spec.domain, horizon);
    const years = Object.keys(value).map(Number);
    const outside = years.filter((year) => year < from || year > to);
    for (const year of outside) {
      issues.push({
        ...issue(entries, 'year_outside_horizon', spec.path, `years ${from}…${to}`),
        path: `parameters.${spec.path}.value.${year}`,
        value: year,
      });
    }
    const absent = spec.complete ? range(from, to).filter((year) => !years.includes(year)) : [];
    if (absent.length > 0) {
      flag(
        'missing',
        spec.path,
        `a value for every year ${from}…${to}; missing ${absent.join(', ')}`,
      );
    }
  }

  const midpoint = number('recycler.factorShape.midpointYear');
  if (midpoint < horizon.startYear || midpoint > horizon.endYear) {
    flag(
      'year_outside_horizon',
      'recycler.factorShape.midpointYear',
      `years ${horizon.startYear}…${horizon.endYear}`,
    );
  }
  const rules = entries.get('rules')!;
  (rules.parameter.value as readonly Rule[]).forEach((rule, i) => {
    if (rule.kind !== 'demand-noise' || rule.product === undefined) return;
    if (MODEL_PRODUCTS.includes(rule.product)) return;
    issues.push({
      code: 'invalid_value',
      file: rules.origin,
      path: `parameters.rules.value.${i}.product`,
      value: rule.product,
      allowed: `a product the model's makers post demand for: ${MODEL_PRODUCTS.join(', ')}`,
    });
  });
  for (const rule of rules.parameter.value as readonly Rule[]) {
    const years =
      rule.kind === 'import-disruption'
        ? rule.years
        : [rule.fromYear, rule.toYear].filter((year): year is number => year !== undefined);
    const outside = years.filter((year) => year < horizon.startYear || year > horizon.endYear);
    if (outside.length > 0) {
      flag(
        'year_outside_horizon',
        'rules',
        `rule years within ${horizon.startYear}…${horizon.endYear}`,
      );
    }
  }
  if (number('ev.bevStock2022') > number('ev.stock2022')) {
    flag('inconsistent', 'ev.bevStock2022', `at most ev.stock2022 (${number('ev.stock2022')})`);
  }
  const bevShare2022 = number('ev.bevStock2022') / number('ev.stock2022');
  if (!(bevShare2022 < number('ev.bevShare2050'))) {
    flag(
      'inconsistent',
      'ev.bevShare2050',
      `above the base-year BEV share ${bevShare2022.toFixed(4)}`,
    );
  }
  if (!(number('ev.bevShare2050') < number('ev.bevShareMax'))) {
    flag('inconsistent', 'ev.bevShareMax', `above ev.bevShare2050 (${number('ev.bevShare2050')})`);
  }
  if (!(number('ess.capacity2050GWh') > number('ess.capacity2023GWh'))) {
    flag(
      'inconsistent',
      'ess.capacity2050GWh',
      `above ess.capacity2023GWh (${number('ess.capacity2023GWh')})`,
    );
  }
  const shares = entries.get('producers.shares')!.parameter.value as readonly number[];
  const names = entries.get('producers.names')!.parameter.value as readonly string[];
  if (shares.length !== names.length) {
    flag('inconsistent', 'producers.names', `one name per share (${shares.length})`);
  }
  return issues;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, index) => from + index);
}

function readHorizon(number: (path: string) => number): Horizon {
  return {
    historyStartYear: number('horizon.historyStartYear'),
    baseYear: number('horizon.baseYear'),
    startYear: number('horizon.startYear'),
    endYear: number('horizon.endYear'),
  };
}

function factorsFrom(values: readonly number[]): RecyclingFactors {
  const [CRP, CRL, RR, TRE] = values as [number, number, number, number];
  return { CRP, CRL, RR, TRE };
}

/**
 * Builds the plain parameters from a complete, checked set (see {@link checkParameterSet});
 * series are expanded to every year of their span.
 */
export function buildLithiumParameters(
  entries: ReadonlyMap<string, ParameterEntry>,
): LithiumParameters {
  const get = (path: string): Parameter => entries.get(path)!.parameter;
  const number = (path: string): number => get(path).value as number;
  const horizon = readHorizon(number);
  const series = (path: string): YearSeries => {
    const spec = findParameterSpec(path);
    if (spec?.kind !== 'series') throw new TypeError(`${path} is not a series parameter`);
    const [from, to] = yearSpan(spec.domain, horizon);
    const parameter = get(path);
    const value = parameter.value as number | Readonly<Record<string, number>>;
    return expandSeries(value, parameter.interpolation ?? 'linear', from, to);
  };

  const weights = get('recycler.factorWeights').value as readonly number[];
  const eolRate2023 = number('recycler.eolRate2023');
  const eolRate2050 = number('recycler.eolRate2050');
  return {
    horizon,
    market: {
      P0: number('market.P0'),
      SCP: number('market.SCP'),
      SPR: number('market.SPR'),
      costMean: get('market.costMean').value as LithiumParameters['market']['costMean'],
    },
    producers: {
      a: number('producers.a'),
      qScale: number('producers.qScale'),
      Eco: number('producers.Eco'),
      Con: number('producers.Con'),
      gdpGrowth: number('producers.gdpGrowth'),
      K2022: number('producers.K2022'),
      shares: [...(get('producers.shares').value as readonly number[])],
      names: [...(get('producers.names').value as readonly string[])],
      productivityRate: number('producers.productivityRate'),
      productivityMode: get('producers.productivityMode')
        .value as LithiumParameters['producers']['productivityMode'],
    },
    recycler: {
      eolRate2023,
      eolRate2050,
      factorWeights: factorsFrom(weights),
      factorShape: {
        kind: 'logistic',
        steepness: number('recycler.factorShape.steepness'),
        midpointYear: number('recycler.factorShape.midpointYear'),
      },
      factors2023: factorsFrom(weights.map((weight) => eolRate2023 ** weight)),
      factors2050: factorsFrom(weights.map((weight) => eolRate2050 ** weight)),
    },
    importer: entries.has('importer.response.gapShare')
      ? {
          netImports: series('importer.netImports'),
          response: {
            gapShare: number('importer.response.gapShare'),
            cap: series('importer.response.cap'),
          },
        }
      : { netImports: series('importer.netImports') },
    ev: {
      gamma: number('ev.gamma'),
      gompertzA: number('ev.gompertzA'),
      gompertzB: number('ev.gompertzB'),
      gdpPerCapita2022: number('ev.gdpPerCapita2022'),
      population: series('ev.population'),
      stock2022: number('ev.stock2022'),
      bevStock2022: number('ev.bevStock2022'),
      stock2023Observed: number('ev.stock2023Observed'),
      electrification2050: number('ev.electrification2050'),
      electrificationSteepness: number('ev.electrificationSteepness'),
      electrificationMidpointYear: number('ev.electrificationMidpointYear'),
      bevShare2050: number('ev.bevShare2050'),
      bevShareMax: number('ev.bevShareMax'),
      salesHistory: series('ev.salesHistory'),
      packKWh: { bev: series('ev.packKWh.bev'), phev: series('ev.packKWh.phev') },
      intensityKgPerKWh: series('ev.intensityKgPerKWh'),
      lifetime: { ...(get('ev.lifetime').value as Lifetime) },
    },
    ess: {
      capacity2023GWh: number('ess.capacity2023GWh'),
      capacity2050GWh: number('ess.capacity2050GWh'),
      logisticRate: number('ess.logisticRate'),
      intensityKgPerKWh: series('ess.intensityKgPerKWh'),
      lifetime: { ...(get('ess.lifetime').value as Lifetime) },
    },
    rules: (get('rules').value as readonly Rule[]).map((rule) =>
      rule.kind === 'import-disruption' ? { ...rule, years: [...rule.years] } : { ...rule },
    ),
  };
}
