/**
 * The parameters of the reference model (MODEL.md) as the scenario format knows them: dotted
 * path, kind of value, the one unit a file must state, and the range. This list is the single
 * source for the file schema, for reading command-line overrides and for `orebus show`. The
 * model is the same for every metal; units that name the metal (`t Li`, `kg Li/kWh`) follow the
 * pack's metal, so a cobalt pack states `t Co`.
 */

/** A closed or open numeric interval; an absent bound is unbounded. */
export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
  readonly minExclusive?: boolean;
  readonly maxExclusive?: boolean;
  readonly integer?: boolean;
}

/**
 * The years a year→value path may name and, once resolved, covers:
 * `history` historyStartYear…baseYear, `state` baseYear…endYear, `model` startYear…endYear,
 * `all` historyStartYear…endYear.
 */
export type YearDomain = 'history' | 'state' | 'model' | 'all';

interface SpecBase {
  readonly path: string;
  readonly unit: string;
  /**
   * A parameter a complete scenario may leave out; its absence selects the behaviour the
   * lithium reference model has (the fixed importer), so lithium packs never state it.
   */
  readonly optional?: boolean;
}

/** A number, e.g. `producers.Con`. */
export interface NumberSpec extends SpecBase {
  readonly kind: 'number';
  readonly range: NumberRange;
}

/**
 * A list of numbers, optionally summing to 1 (shares, weights): of exactly `length` numbers, or
 * of any non-empty length when `length` is absent.
 */
export interface NumbersSpec extends SpecBase {
  readonly kind: 'numbers';
  readonly range: NumberRange;
  readonly length?: number;
  readonly sumsToOne: boolean;
}

/** One of a few named options. */
export interface EnumSpec extends SpecBase {
  readonly kind: 'enum';
  readonly options: readonly string[];
}

/** A list of distinct names: exactly `length` of them, or any non-empty number if absent. */
export interface LabelsSpec extends SpecBase {
  readonly kind: 'labels';
  readonly length?: number;
}

/**
 * A value by year: a year→value path, or (if `constantAllowed`) one number for every year.
 * `complete` paths must name every year of their domain.
 */
export interface SeriesSpec extends SpecBase {
  readonly kind: 'series';
  readonly range: NumberRange;
  readonly domain: YearDomain;
  readonly constantAllowed: boolean;
  readonly complete: boolean;
}

/** A lifetime distribution, `{ kind: 'normal', mean, sd }` and its siblings. */
export interface LifetimeSpec extends SpecBase {
  readonly kind: 'lifetime';
}

/** The list of interaction rules. */
export interface RulesSpec extends SpecBase {
  readonly kind: 'rules';
}

/** What the format knows about one parameter. */
export type ParameterSpec =
  | NumberSpec
  | NumbersSpec
  | EnumSpec
  | LabelsSpec
  | SeriesSpec
  | LifetimeSpec
  | RulesSpec;

const YEAR: NumberRange = { min: 1900, max: 2200, integer: true };
const POSITIVE: NumberRange = { min: 0, minExclusive: true };
const NON_NEGATIVE: NumberRange = { min: 0 };
const FRACTION: NumberRange = { min: 0, max: 1 };
const OPEN_FRACTION: NumberRange = { min: 0, max: 1, minExclusive: true, maxExclusive: true };
const UP_TO_ONE: NumberRange = { min: 0, max: 1, minExclusive: true };
const FINITE: NumberRange = {};

const num = (path: string, unit: string, range: NumberRange, optional = false): NumberSpec => ({
  kind: 'number',
  path,
  unit,
  range,
  ...(optional ? { optional } : {}),
});

const series = (
  path: string,
  unit: string,
  range: NumberRange,
  domain: YearDomain,
  options: { constantAllowed?: boolean; complete?: boolean; optional?: boolean } = {},
): SeriesSpec => ({
  kind: 'series',
  path,
  unit,
  range,
  domain,
  constantAllowed: options.constantAllowed ?? true,
  complete: options.complete ?? false,
  ...(options.optional ? { optional: true } : {}),
});

/** The lithium reference model's metal, the default of a pack's manifest. */
export const DEFAULT_METAL = 'Li';

/** A chemical symbol: one capital letter, optionally one lower-case letter (`Li`, `Co`, `Ni`). */
export const METAL_SYMBOL = /^[A-Z][a-z]?$/;

/**
 * The parameter paths whose value is kg of the metal per kWh; a pack that names a chemistry
 * file gets them derived from it instead of stating them.
 */
export const INTENSITY_PATHS = ['ev.intensityKgPerKWh', 'ess.intensityKgPerKWh'] as const;

/** The optional parameters of the importer that covers part of last year's gap. */
export const IMPORT_RESPONSE_PATHS = ['importer.response.gapShare', 'importer.response.cap'];

/** Every parameter of the model for one metal, in the order `orebus show` lists them. */
function buildSpecs(metal: string): readonly ParameterSpec[] {
  const tonnes = `t ${metal}`;
  return [
    num('horizon.historyStartYear', 'year', YEAR),
    num('horizon.baseYear', 'year', YEAR),
    num('horizon.startYear', 'year', YEAR),
    num('horizon.endYear', 'year', YEAR),

    num('market.P0', 'price units/t', POSITIVE),
    num('market.SCP', '1', FRACTION),
    num('market.SPR', '1', NON_NEGATIVE),
    { kind: 'enum', path: 'market.costMean', unit: '-', options: ['plain', 'share-weighted'] },

    // Eq. (11) stays positive at every output only while a < 100 + 50·√3 ≈ 186.6: beyond that the
    // cost curve dips below zero and no price could clear.
    num('producers.a', 'price units/t', { min: 0, max: 180 }),
    num('producers.qScale', tonnes, POSITIVE),
    num('producers.Eco', '1', POSITIVE),
    num('producers.Con', '1', OPEN_FRACTION),
    num('producers.gdpGrowth', '1/a', { min: -1, minExclusive: true }),
    num('producers.K2022', tonnes, POSITIVE),
    // As many producers as shares: five for lithium (paper), fewer where a metal's domestic
    // output has no known split.
    { kind: 'numbers', path: 'producers.shares', unit: '1', range: FRACTION, sumsToOne: true },
    { kind: 'labels', path: 'producers.names', unit: '-' },
    num('producers.productivityRate', '1/a', NON_NEGATIVE),
    {
      kind: 'enum',
      path: 'producers.productivityMode',
      unit: '-',
      options: ['linear', 'compound'],
    },

    num('recycler.eolRate2023', '1', FRACTION),
    num('recycler.eolRate2050', '1', FRACTION),
    {
      kind: 'numbers',
      path: 'recycler.factorWeights',
      unit: '1',
      range: FRACTION,
      length: 4,
      sumsToOne: true,
    },
    num('recycler.factorShape.steepness', '1/a', POSITIVE),
    num('recycler.factorShape.midpointYear', 'year', { min: 1900, max: 2200 }),

    series('importer.netImports', `${tonnes}/a`, FINITE, 'model'),
    // Given together or not at all: an importer that also covers a share of last year's gap
    // between demand and domestic supply, up to a cap (src/model/gap-importer.ts).
    num('importer.response.gapShare', '1', UP_TO_ONE, true),
    series('importer.response.cap', `${tonnes}/a`, NON_NEGATIVE, 'model', { optional: true }),

    num('ev.gamma', 'veh/1000 people', POSITIVE),
    num('ev.gompertzA', '1', POSITIVE),
    num('ev.gompertzB', 'person/thousand currency units', POSITIVE),
    num('ev.gdpPerCapita2022', 'thousand currency units/person', POSITIVE),
    series('ev.population', 'people', POSITIVE, 'state'),
    num('ev.stock2022', 'vehicles', POSITIVE),
    num('ev.bevStock2022', 'vehicles', NON_NEGATIVE),
    num('ev.stock2023Observed', 'vehicles', POSITIVE),
    num('ev.electrification2050', '1', UP_TO_ONE),
    // At most 7: sCurve takes the slope over the whole 2022–2050 span, at most 200.
    num('ev.electrificationSteepness', '1/a', { min: 0, minExclusive: true, max: 7 }),
    num('ev.electrificationMidpointYear', 'year', { min: 1900, max: 2200 }),
    num('ev.bevShare2050', '1', UP_TO_ONE),
    num('ev.bevShareMax', '1', UP_TO_ONE),
    series('ev.salesHistory', 'vehicles/a', NON_NEGATIVE, 'history', {
      constantAllowed: false,
      complete: true,
    }),
    series('ev.packKWh.bev', 'kWh', POSITIVE, 'all'),
    series('ev.packKWh.phev', 'kWh', POSITIVE, 'all'),
    // Zero is allowed: a chemistry mix may hold none of a metal (LFP has no cobalt).
    series('ev.intensityKgPerKWh', `kg ${metal}/kWh`, NON_NEGATIVE, 'all'),
    { kind: 'lifetime', path: 'ev.lifetime', unit: 'a' },

    num('ess.capacity2023GWh', 'GWh', POSITIVE),
    num('ess.capacity2050GWh', 'GWh', POSITIVE),
    num('ess.logisticRate', '1/a', POSITIVE),
    series('ess.intensityKgPerKWh', `kg ${metal}/kWh`, NON_NEGATIVE, 'all'),
    { kind: 'lifetime', path: 'ess.lifetime', unit: 'a' },

    { kind: 'rules', path: 'rules', unit: '-' },
  ];
}

const SPECS = new Map<
  string,
  { list: readonly ParameterSpec[]; byPath: Map<string, ParameterSpec> }
>();

function specsOf(metal: string) {
  let entry = SPECS.get(metal);
  if (entry === undefined) {
    const list = buildSpecs(metal);
    entry = { list, byPath: new Map(list.map((spec) => [spec.path, spec])) };
    SPECS.set(metal, entry);
  }
  return entry;
}

/**
 * Every parameter of the model for `metal`, in the order `orebus show` lists them; the units
 * that name a metal name this one. The list for a metal is built once and shared.
 */
export function parameterSpecs(metal: string): readonly ParameterSpec[] {
  return specsOf(metal).list;
}

/** Every parameter of the lithium model, in the order `orebus show` lists them. */
export const LITHIUM_PARAMETER_SPECS: readonly ParameterSpec[] = parameterSpecs(DEFAULT_METAL);

/**
 * The spec of the parameter at a dotted path for `metal` (lithium if not given), or undefined
 * if the format has none. Paths are the same for every metal; only units differ.
 */
export function findParameterSpec(
  path: string,
  metal: string = DEFAULT_METAL,
): ParameterSpec | undefined {
  return specsOf(metal).byPath.get(path);
}

/** Describes a range in words, e.g. `a number in (0, 1)` or `an integer ≥ 1900`. */
export function describeRange(range: NumberRange): string {
  const noun = range.integer ? 'an integer' : 'a finite number';
  const { min, max } = range;
  if (min !== undefined && max !== undefined) {
    const open = range.minExclusive ? '(' : '[';
    const close = range.maxExclusive ? ')' : ']';
    return `${noun} in ${open}${min}, ${max}${close}`;
  }
  if (min !== undefined) return `${noun} ${range.minExclusive ? '>' : '≥'} ${min}`;
  if (max !== undefined) return `${noun} ${range.maxExclusive ? '<' : '≤'} ${max}`;
  return noun;
}

/** Whether `value` lies in `range` (finite, integral if asked, within the bounds). */
export function isInRange(value: number, range: NumberRange): boolean {
  if (!Number.isFinite(value)) return false;
  if (range.integer && !Number.isInteger(value)) return false;
  if (range.min !== undefined && (range.minExclusive ? value <= range.min : value < range.min)) {
    return false;
  }
  if (range.max !== undefined && (range.maxExclusive ? value >= range.max : value > range.max)) {
    return false;
  }
  return true;
}

/** Describes in words what a parameter's `value` may be. */
export function describeAllowedValue(spec: ParameterSpec): string {
  switch (spec.kind) {
    case 'number':
      return describeRange(spec.range);
    case 'numbers': {
      const sum = spec.sumsToOne ? ' summing to 1' : '';
      const count = spec.length ?? 'one or more';
      return `a list of ${count} numbers, each ${describeRange(spec.range)}${sum}`;
    }
    case 'enum':
      return `one of ${spec.options.map((option) => `'${option}'`).join(', ')}`;
    case 'labels':
      return `a list of ${spec.length ?? 'one or more'} distinct non-empty names`;
    case 'series': {
      const each = describeRange(spec.range);
      const path = `a year→value path {year: ${each}} over ${spec.domain} years`;
      return spec.constantAllowed ? `${each}, or ${path}` : path;
    }
    case 'lifetime':
      return "{kind: 'normal', mean, sd} | {kind: 'weibull', shape, scale} | {kind: 'lognormal', meanLog, sdLog} | {kind: 'fixed', years}";
    case 'rules':
      return "a list of rules, e.g. {kind: 'import-disruption', share, years}";
  }
}
