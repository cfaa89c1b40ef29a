// Constructed output series for the pattern tests: smooth curves and piecewise-linear ratio
// paths, assembled into a set of seven combinations on which every pattern holds. Tests break
// one pattern at a time by replacing one series.
import type { CombinationSeries, SensitivityResult } from './series.js';

export const FIRST_YEAR = 2023;
export const LAST_YEAR = 2050;
export const YEARS: readonly number[] = Array.from(
  { length: LAST_YEAR - FIRST_YEAR + 1 },
  (_, i) => FIRST_YEAR + i,
);

/** A logistic curve from `low` to `high` with its midpoint in `midYear`. */
export function logistic(low: number, high: number, midYear: number, rate: number): number[] {
  return YEARS.map((year) => low + (high - low) / (1 + Math.exp(-rate * (year - midYear))));
}

/** A bell-shaped hump on a constant base, highest in `peakYear`. */
export function hump(base: number, amplitude: number, peakYear: number, width: number): number[] {
  return YEARS.map((year) => base + amplitude * Math.exp(-(((year - peakYear) / width) ** 2)));
}

/** A series that starts at `start` and grows each year at `rateOf(year)`. */
export function compounding(start: number, rateOf: (year: number) => number): number[] {
  const values: number[] = [];
  let value = start;
  for (const year of YEARS) {
    if (year > FIRST_YEAR) value *= 1 + rateOf(year);
    values.push(value);
  }
  return values;
}

/** Piecewise-linear path through `points` (year → value), constant beyond the first and last. */
export function path(points: Readonly<Record<number, number>>): number[] {
  const known = Object.entries(points)
    .map(([year, value]) => [Number(year), value] as const)
    .sort(([a], [b]) => a - b);
  return YEARS.map((year) => {
    const after = known.findIndex(([knownYear]) => knownYear >= year);
    if (after === 0) return known[0]?.[1] ?? 0;
    if (after < 0) return known.at(-1)?.[1] ?? 0;
    const [y0, v0] = known[after - 1] ?? [year, 0];
    const [y1, v1] = known[after] ?? [year, 0];
    return v0 + ((v1 - v0) * (year - y0)) / (y1 - y0);
  });
}

/** Element-wise product. */
export function times(a: readonly number[], b: readonly number[]): number[] {
  return a.map((value, i) => value * (b[i] ?? 0));
}

/** Element-wise sum. */
export function plus(a: readonly number[], b: readonly number[]): number[] {
  return a.map((value, i) => value + (b[i] ?? 0));
}

/** Each value multiplied by `factor`. */
export function scaled(values: readonly number[], factor: number): number[] {
  return values.map((value) => value * factor);
}

export interface SeriesParts {
  readonly evDemand: readonly number[];
  readonly essDemand: readonly number[];
  /** Supply as a share of demand, per year; ignored when `supply` is given. */
  readonly ratio?: readonly number[];
  readonly supply?: readonly number[];
  readonly primary?: readonly number[];
  readonly recycled?: readonly number[];
}

/**
 * A combination's series from its parts. Demand is EV plus ESS; supply is given or demand times
 * the ratio; primary and recycled default to 70 % and 5 % of supply; net imports close
 * `Q = K + RLi + NIM`.
 */
export function combination(name: string, parts: SeriesParts): CombinationSeries {
  const demand = plus(parts.evDemand, parts.essDemand);
  const supply = parts.supply ?? times(demand, parts.ratio ?? demand.map(() => 1));
  const primary = parts.primary ?? scaled(supply, 0.7);
  const recycled = parts.recycled ?? scaled(supply, 0.05);
  return {
    combination: name,
    years: YEARS,
    supply,
    demand,
    primary,
    recycled,
    netImports: supply.map((q, i) => q - (primary[i] ?? 0) - (recycled[i] ?? 0)),
    evDemand: parts.evDemand,
    essDemand: parts.essDemand,
    price: YEARS.map(() => 10_000),
  };
}

/** Baseline EV demand (D1, D2): slow to 2029, fast to 2035, flat after. */
export const EV_BASELINE = logistic(35_000, 250_000, 2032, 0.6);
/** Optimistic EV demand (D3, D4): the same start, a higher plateau. */
export const EV_OPTIMISTIC = logistic(35_000, 300_000, 2032, 0.6);
/** Baseline ESS demand (D1, D3): a hump peaking in 2038. */
export const ESS_BASELINE = hump(1_000, 20_000, 2038, 7);
/** Optimistic ESS demand (D2, D4). */
export const ESS_OPTIMISTIC = hump(1_000, 26_000, 2038, 7);

const DEMAND = {
  D1: { evDemand: EV_BASELINE, essDemand: ESS_BASELINE },
  D2: { evDemand: EV_BASELINE, essDemand: ESS_OPTIMISTIC },
  D3: { evDemand: EV_OPTIMISTIC, essDemand: ESS_BASELINE },
  D4: { evDemand: EV_OPTIMISTIC, essDemand: ESS_OPTIMISTIC },
} as const;

/** S1-D1 supply: flat to 2028, a sharp upturn in 2029, growth fading after. */
export const S1_D1_SUPPLY = compounding(30_000, (year) =>
  year < 2029 ? 0 : 0.2 * 0.85 ** (year - 2029),
);

/** Primary supply under S2: fast growth to 2033, then slow growth with strong swings. */
export function erraticPrimary(scale: number): number[] {
  const trend = compounding(20_000 * scale, (year) => (year <= 2033 ? 0.12 : 0.02));
  const swings = YEARS.map((year) =>
    year <= 2033 ? 1 : 1 + 0.08 * Math.sin((Math.PI * (year - 2033)) / 2),
  );
  return times(trend, swings);
}

/** Recycled supply under S3: an S-curve whose plateau depends on the demand scenario. */
export function sCurveRecycled(high: number): number[] {
  return logistic(500, high, 2038, 0.3);
}

export const RATIO = {
  'S2-D2': path({
    2023: 0.85,
    2025: 0.8,
    2027: 0.86,
    2029: 0.8,
    2031: 0.85,
    2040: 0.85,
    2041: 0.95,
    2042: 0.97,
    2045: 0.99,
    2046: 1.04,
    2047: 1.02,
    2050: 1.0,
  }),
  'S2-D3': path({ 2023: 0.85, 2035: 1.0, 2036: 1.05, 2038: 1.02, 2039: 0.97, 2050: 0.96 }),
  'S2-D4': path({ 2023: 0.85, 2028: 0.97, 2050: 1.0 }),
  'S3-D2': path({
    2023: 0.8,
    2028: 0.86,
    2031: 0.82,
    2035: 0.9,
    2038: 0.86,
    2044: 0.93,
    2048: 0.975,
    2050: 0.99,
  }),
  'S3-D3': path({
    2023: 0.85,
    2036: 1.0,
    2038: 1.03,
    2040: 0.99,
    2042: 1.02,
    2045: 0.97,
    2050: 0.96,
  }),
  'S3-D4': path({ 2023: 0.9, 2050: 0.95 }),
} as const;

/** The seven combinations the paper runs, constructed so that P1–P12 all hold. */
export function paperLikeResults(): Map<string, CombinationSeries> {
  const all = [
    combination('S1-D1', { ...DEMAND.D1, supply: S1_D1_SUPPLY }),
    combination('S2-D2', { ...DEMAND.D2, ratio: RATIO['S2-D2'], primary: erraticPrimary(1) }),
    combination('S2-D3', { ...DEMAND.D3, ratio: RATIO['S2-D3'], primary: erraticPrimary(1.05) }),
    combination('S2-D4', { ...DEMAND.D4, ratio: RATIO['S2-D4'], primary: erraticPrimary(1.2) }),
    combination('S3-D2', { ...DEMAND.D2, ratio: RATIO['S3-D2'], recycled: sCurveRecycled(20_000) }),
    combination('S3-D3', { ...DEMAND.D3, ratio: RATIO['S3-D3'], recycled: sCurveRecycled(26_000) }),
    combination('S3-D4', { ...DEMAND.D4, ratio: RATIO['S3-D4'], recycled: sCurveRecycled(30_000) }),
  ];
  return new Map(all.map((series) => [series.combination, series]));
}

/**
 * A copy of `results` in which one combination has some fields replaced. Replacing `evDemand`
 * or `essDemand` recomputes demand; replacing `ratio` recomputes supply from the new demand.
 */
export function replaced(
  results: ReadonlyMap<string, CombinationSeries>,
  name: string,
  parts: Partial<SeriesParts>,
): Map<string, CombinationSeries> {
  const old = results.get(name);
  if (old === undefined) throw new Error(`no ${name} in the fixture`);
  const demandChanged = parts.evDemand !== undefined || parts.essDemand !== undefined;
  const keepsSupply = parts.ratio === undefined && !demandChanged;
  const next = combination(name, {
    evDemand: parts.evDemand ?? old.evDemand,
    essDemand: parts.essDemand ?? old.essDemand,
    ratio: parts.ratio ?? old.supply.map((q, i) => q / (old.demand[i] ?? 1)),
    supply: parts.supply ?? (keepsSupply ? old.supply : undefined),
    primary: parts.primary ?? old.primary,
    recycled: parts.recycled ?? old.recycled,
  });
  return new Map([...results, [name, next]]);
}

/** Every demand scenario given the same EV (or ESS) demand: a helper for the demand patterns. */
export function withDemandEverywhere(
  results: ReadonlyMap<string, CombinationSeries>,
  parts: Partial<Pick<SeriesParts, 'evDemand' | 'essDemand'>>,
): Map<string, CombinationSeries> {
  let next = new Map(results);
  for (const name of results.keys()) next = replaced(next, name, parts);
  return next;
}

/** A sensitivity result ranked SPR > Eco > Con > a > SCP, as the paper reports. */
export function paperLikeSensitivity(): SensitivityResult {
  return {
    output: 'total supply 2050 (S1-D1)',
    base: 100_000,
    effects: {
      a: { minus5: 98_000, plus10: 104_000 },
      SCP: { minus5: 99_500, plus10: 100_800 },
      SPR: { minus5: 90_000, plus10: 154_000 },
      Eco: { minus5: 110_000, plus10: 85_000 },
      Con: { minus5: 97_000, plus10: 106_000 },
    },
  };
}
