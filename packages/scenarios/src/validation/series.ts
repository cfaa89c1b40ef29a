import { OrebusError } from '@orebus/core';

/**
 * The yearly output of one scenario combination, as plain series: one value per year, aligned
 * with `years`. Masses are in t Li a year; `price` is in the paper's price units per tonne.
 * Nothing here refers to the model, so any implementation (or a digitised figure) can be checked.
 */
export interface CombinationSeries {
  /** Scenario combination, supply side then demand side: `'S1-D1'`, `'S2-D3'`, ... */
  readonly combination: string;
  /** Consecutive calendar years, ascending; the reference horizon is 2023..2050. */
  readonly years: readonly number[];
  /** Total supply `Q_t = K_t + RLi_t + NIM_t`. */
  readonly supply: readonly number[];
  /** Total demand `D_t = evDemand + essDemand`. */
  readonly demand: readonly number[];
  /** Primary (mined) supply `K_t`. */
  readonly primary: readonly number[];
  /** Recycled supply `RLi_t`. */
  readonly recycled: readonly number[];
  readonly netImports: readonly number[];
  readonly evDemand: readonly number[];
  readonly essDemand: readonly number[];
  readonly price: readonly number[];
}

/** The five structural parameters of the paper's sensitivity test (its section 3.3). */
export type SensitivityParameter = 'a' | 'SCP' | 'SPR' | 'Eco' | 'Con';

/**
 * A one-at-a-time sensitivity test of one scalar output, as the paper runs it for P13: each
 * parameter lowered by 5 % and raised by 10 % from its base value, the others held.
 */
export interface SensitivityResult {
  /** What was measured, e.g. `'total supply 2050 (S1-D1)'`. */
  readonly output: string;
  /** The output at the base parameter values. */
  readonly base: number;
  /** The output with the parameter at −5 % and at +10 % of its base value. */
  readonly effects: Readonly<
    Record<SensitivityParameter, { readonly minus5: number; readonly plus10: number }>
  >;
}

/** The verdict on one pattern, with what was measured, so that a report can show it. */
export interface PatternResult {
  /** `'P1'` .. `'P13'`, the ids of MODEL.md section 11. */
  readonly id: string;
  /** Short statement of the pattern. */
  readonly title: string;
  readonly held: boolean;
  /** The measured values in words, e.g. `'peak 2038; D4 ≥ D2 > D1 in 2036–2040'`. */
  readonly measured: string;
  /** The numbers behind `measured`, keyed by name; `null` where a value does not exist. */
  readonly metrics: Readonly<Record<string, number | string | null>>;
  /** When not held: which criteria failed, in words. */
  readonly reason?: string;
  /** When not held: the numbers that show the failure. */
  readonly evidence?: string;
  /**
   * When not held, for the lithium pack: what the calibration's searches found the pattern
   * conflicts with (`withCalibrationFindings`); about the searches, not this setting.
   */
  readonly finding?: string;
  /**
   * Inputs the check needs but was not given (then `held` is false). Entries are combination
   * names; `'S*-D3'` means any supply side with D3, and `'sensitivity'` the input of P13.
   */
  readonly missing?: readonly string[];
}

/** A series given to the pattern checks is malformed: unequal lengths, gaps, non-finite values. */
export class SeriesShapeError extends OrebusError {
  constructor(combination: string, problem: string, details: Record<string, unknown> = {}) {
    super(
      'E_SERIES_SHAPE',
      `series of ${combination}: ${problem}; pass one finite value per year for consecutive years`,
      { combination, ...details },
    );
  }
}

/** The yearly value fields of a {@link CombinationSeries}, in the order reports list them. */
export const SERIES_VALUE_FIELDS = [
  'supply',
  'demand',
  'primary',
  'recycled',
  'netImports',
  'evDemand',
  'essDemand',
  'price',
] as const;

/** A numeric field of {@link CombinationSeries}. */
export type SeriesField = (typeof SERIES_VALUE_FIELDS)[number];

/**
 * Checks that a series is well formed: consecutive ascending years, every field as long as
 * `years`, every value finite. Throws {@link SeriesShapeError} naming the field and index.
 */
export function assertSeriesShape(series: CombinationSeries): void {
  const { combination, years } = series;
  if (years.length === 0) throw new SeriesShapeError(combination, 'no years');
  years.forEach((year, i) => {
    const first = years[0] ?? 0;
    if (!Number.isInteger(year) || year !== first + i)
      throw new SeriesShapeError(combination, `years[${i}] = ${year} breaks the yearly sequence`, {
        field: 'years',
        index: i,
        value: year,
      });
  });
  for (const field of SERIES_VALUE_FIELDS) {
    const values = series[field];
    if (values.length !== years.length)
      throw new SeriesShapeError(
        combination,
        `${field} has ${values.length} values for ${years.length} years`,
        { field, length: values.length },
      );
    const bad = values.findIndex((value) => !Number.isFinite(value));
    if (bad >= 0)
      throw new SeriesShapeError(combination, `${field}[${bad}] is ${String(values[bad])}`, {
        field,
        index: bad,
        value: values[bad],
      });
  }
}

/** The value of `field` in `year`. Throws {@link SeriesShapeError} if the year is not covered. */
export function valueIn(series: CombinationSeries, field: SeriesField, year: number): number {
  const value = series[field][year - (series.years[0] ?? 0)];
  if (value === undefined || series.years.length === 0)
    throw new SeriesShapeError(
      series.combination,
      `no ${field} for ${year}; the checks need ${year} inside the years given`,
      { field, year },
    );
  return value;
}

/**
 * The values of `field` for the years `from`..`to` inclusive, with those years. Throws
 * {@link SeriesShapeError} if the series does not cover the whole span.
 */
export function spanOf(
  series: CombinationSeries,
  field: SeriesField,
  from: number,
  to: number,
): { readonly years: number[]; readonly values: number[] } {
  const years: number[] = [];
  const values: number[] = [];
  for (let year = from; year <= to; year++) {
    years.push(year);
    values.push(valueIn(series, field, year));
  }
  return { years, values };
}

/**
 * Relative gap `(D − Q) / D` per year: positive in deficit, negative in surplus. A year with no
 * demand counts as balanced if it has no supply either, else as a surplus of −1, so that the
 * result stays finite.
 */
export function relativeGaps(series: CombinationSeries): number[] {
  return series.years.map((_, i) => {
    const demand = series.demand[i] ?? 0;
    const supply = series.supply[i] ?? 0;
    if (demand === 0) return supply === 0 ? 0 : -1;
    return (demand - supply) / demand;
  });
}
