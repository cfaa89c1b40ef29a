import { InvalidArgumentError } from '../errors.js';
import { type CohortAmount, requireYear, sortHistory, survivalAt } from './cohorts.js';
import { survivalFromPmf } from './lifetime.js';

/** Inputs shared by the two batch stock models. */
interface StockModelBase {
  /** The lifetime distribution φ over ages 0 … maxAge, e.g. from `lifetimePmf`. */
  readonly pmf: ArrayLike<number>;
  /** The calendar year of period 0; an integer. */
  readonly firstYear: number;
  /**
   * Inflows of vintages before `firstYear`, by year, each listed once. Their survivors form the
   * stock at the end of `firstYear − 1`, and they retire over the run like any other cohort.
   * Limitation: vintages are given as what entered use, not as what survives; a stock known only
   * by its survivors must first be divided by the survival at each vintage's age.
   */
  readonly historicalInflows?: readonly CohortAmount[];
}

/** Inputs of {@link computeInflowDrivenStock}. */
export interface InflowDrivenInput extends StockModelBase {
  /** What enters use in each year from `firstYear` on; finite and non-negative. */
  readonly inflow: ArrayLike<number>;
}

/** Inputs of {@link computeStockDrivenStock}. */
export interface StockDrivenInput extends StockModelBase {
  /** The stock in use at the end of each year from `firstYear` on; finite and non-negative. */
  readonly stock: ArrayLike<number>;
}

/**
 * A stock model's result over T years and C = H + T cohorts (H historical vintages, then one per
 * simulated year). Per-year arrays have length T; tables by cohort are indexed `[t][c]` and have
 * T rows of C entries, zero where cohort c has not entered use by year t. The arrays are new and
 * belong to the caller. All amounts share the unit of the input.
 *
 * Mass balance, to floating-point rounding, per cohort and in total:
 * `inflow[t] = stock[t] − stock[t − 1] + outflow[t]`, with `stock[−1] = initialStock`; hence
 * `initialStock + Σ inflow = stock[T − 1] + Σ outflow`.
 */
export interface StockModelResult {
  /** The calendar year of each period: firstYear … firstYear + T − 1. */
  readonly years: readonly number[];
  /** The entry year of each cohort column: the historical vintages ascending, then `years`. */
  readonly cohortYears: readonly number[];
  /** The stock at the end of `firstYear − 1`: the survivors of the historical inflows. */
  readonly initialStock: number;
  /** The same by cohort (length C; zero for the simulated years' cohorts). */
  readonly initialStockByCohort: Float64Array;
  readonly inflow: Float64Array;
  readonly stock: Float64Array;
  /** Everything that leaves the stock in a year: retirements by lifetime plus early ones. */
  readonly outflow: Float64Array;
  /** The part of `outflow` retired before its time because the stock fell faster. */
  readonly earlyRetirement: Float64Array;
  readonly stockByCohort: readonly Float64Array[];
  readonly outflowByCohort: readonly Float64Array[];
  readonly earlyRetirementByCohort: readonly Float64Array[];
}

/**
 * The inflow-driven dynamic stock model (ODYM's DynamicStockModel from inflow, flodym's
 * InflowDrivenDSM): each cohort's stock is its inflow times the survival function,
 * `s_c[t] = inflow[c] · S(t − c)`, and its outflow is the year's loss of stock. No early
 * retirement occurs, so `earlyRetirement` is all zeros. Pure: the inputs are not mutated.
 *
 * @throws InvalidArgumentError if `pmf` is not a lifetime distribution, `firstYear` is not an
 *   integer, an inflow is negative or not finite, or a historical vintage is not before
 *   `firstYear` or is listed twice.
 */
export function computeInflowDrivenStock(input: InflowDrivenInput): StockModelResult {
  const frame = openFrame(input, input.inflow, 'inflow');
  const { survival, cohortYears, weights, years, result } = frame;
  const periods = years.length;
  for (let t = 0; t < periods; t++) weights[frame.history + t] = result.inflow[t]!;

  for (let t = 0; t < periods; t++) {
    const stockRow = result.stockByCohort[t]!;
    const outflowRow = result.outflowByCohort[t]!;
    const previousRow = t === 0 ? result.initialStockByCohort : result.stockByCohort[t - 1]!;
    for (let c = 0; c <= frame.history + t; c++) {
      const age = years[t]! - cohortYears[c]!;
      stockRow[c] = weights[c]! * survivalAt(survival, age);
      // A cohort entering this year had no stock before; its inflow is its starting point.
      const before = c === frame.history + t ? weights[c]! : previousRow[c]!;
      outflowRow[c] = before - stockRow[c]!;
    }
  }

  return closeFrame(frame);
}

/**
 * The stock-driven dynamic stock model (ODYM's DynamicStockModel from stock, flodym's
 * StockDrivenDSM): each year the surviving cohorts retire by the lifetime distribution and the
 * inflow fills the gap to the given stock, `inflow[t] = stock[t] − stock[t − 1] + outflow[t]`.
 * Inflow is never negative: when the stock falls faster than retirements, inflow is 0 and the
 * excess is retired early, taken from every surviving cohort in proportion to its stock (its
 * later retirements shrink in the same proportion). That amount is part of `outflow` and also
 * reported in `earlyRetirement`. Pure: the inputs are not mutated.
 *
 * @throws InvalidArgumentError as {@link computeInflowDrivenStock}, for `stock` in place of
 *   `inflow`.
 */
export function computeStockDrivenStock(input: StockDrivenInput): StockModelResult {
  const frame = openFrame(input, input.stock, 'stock');
  const { survival, cohortYears, weights, years, result } = frame;
  const periods = years.length;
  const targets = Float64Array.from(result.stock);

  for (let t = 0; t < periods; t++) {
    const stockRow = result.stockByCohort[t]!;
    const outflowRow = result.outflowByCohort[t]!;
    const earlyRow = result.earlyRetirementByCohort[t]!;
    const previousRow = t === 0 ? result.initialStockByCohort : result.stockByCohort[t - 1]!;
    const newCohort = frame.history + t;

    let survivors = 0;
    for (let c = 0; c < newCohort; c++) {
      const age = years[t]! - cohortYears[c]!;
      // A cohort cut by early retirement carries a scaled weight; min() keeps its regular
      // retirement from going negative when the scaled product rounds up by an ulp.
      stockRow[c] = Math.min(previousRow[c]!, weights[c]! * survivalAt(survival, age));
      outflowRow[c] = previousRow[c]! - stockRow[c]!;
      survivors += stockRow[c]!;
    }

    const target = targets[t]!;
    if (target >= survivors) {
      weights[newCohort] = target - survivors;
      stockRow[newCohort] = target - survivors;
      result.inflow[t] = target - survivors;
      continue;
    }
    const kept = target / survivors;
    for (let c = 0; c < newCohort; c++) {
      const remaining = stockRow[c]! * kept;
      earlyRow[c] = stockRow[c]! - remaining;
      outflowRow[c] = outflowRow[c]! + earlyRow[c]!;
      stockRow[c] = remaining;
      weights[c] = weights[c]! * kept;
    }
  }

  return closeFrame(frame);
}

interface Frame {
  readonly survival: Float64Array;
  readonly history: number;
  readonly years: number[];
  readonly cohortYears: number[];
  /** Each cohort's effective inflow: its stock divided by its survival at its age. */
  readonly weights: Float64Array;
  readonly result: Mutable<StockModelResult>;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

// Validates the inputs and lays out the result arrays; `series` is copied into `inflow` or
// `stock`, the one that drives the model.
function openFrame(
  input: StockModelBase,
  series: ArrayLike<number>,
  field: 'inflow' | 'stock',
): Frame {
  const survival = survivalFromPmf(input.pmf);
  const firstYear = requireYear('firstYear', input.firstYear);
  const history = sortHistory(input.historicalInflows, firstYear);
  if (series == null || typeof series.length !== 'number') {
    throw new InvalidArgumentError(field, series, 'an array of finite numbers of at least 0');
  }
  const periods = series.length;
  const driver = new Float64Array(periods);
  for (let t = 0; t < periods; t++) {
    const value = series[t]!;
    if (!Number.isFinite(value) || value < 0) {
      throw new InvalidArgumentError(`${field}[${t}]`, value, 'a finite number of at least 0');
    }
    driver[t] = value;
  }

  const years = Array.from({ length: periods }, (_, t) => firstYear + t);
  const cohortYears = [...history.map((v) => v.year), ...years];
  const cohorts = cohortYears.length;
  const weights = new Float64Array(cohorts);
  const initialStockByCohort = new Float64Array(cohorts);
  history.forEach((vintage, c) => {
    weights[c] = vintage.amount;
    initialStockByCohort[c] = vintage.amount * survivalAt(survival, firstYear - 1 - vintage.year);
  });
  const table = (): Float64Array[] =>
    Array.from({ length: periods }, () => new Float64Array(cohorts));

  return {
    survival,
    history: history.length,
    years,
    cohortYears,
    weights,
    result: {
      years,
      cohortYears,
      initialStock: sum(initialStockByCohort),
      initialStockByCohort,
      inflow: field === 'inflow' ? driver : new Float64Array(periods),
      stock: field === 'stock' ? driver : new Float64Array(periods),
      outflow: new Float64Array(periods),
      earlyRetirement: new Float64Array(periods),
      stockByCohort: table(),
      outflowByCohort: table(),
      earlyRetirementByCohort: table(),
    },
  };
}

// Totals are sums of the cohort tables, so that they close the balance with the same rounding
// as the cohorts do; a stock-driven run reports the stock it reached, equal to the target to
// rounding.
function closeFrame(frame: Frame): StockModelResult {
  const { result } = frame;
  for (let t = 0; t < frame.years.length; t++) {
    result.stock[t] = sum(result.stockByCohort[t]!);
    result.outflow[t] = sum(result.outflowByCohort[t]!);
    result.earlyRetirement[t] = sum(result.earlyRetirementByCohort[t]!);
  }
  return result;
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i]!;
  return total;
}
