import { InvalidArgumentError } from '../errors.js';
import { requireInteger, requireNonNegative } from './validate.js';

/** An amount that belongs to the cohort (vintage) of the year its units entered use. */
export interface CohortAmount {
  /** The year the cohort entered use. */
  readonly year: number;
  /** In the unit of the stock it belongs to, e.g. vehicles, GWh or t Li. */
  readonly amount: number;
}

// Years are integers within a range wide enough for any scenario and small enough that year
// arithmetic stays exact.
export const MIN_YEAR = -100_000;
export const MAX_YEAR = 100_000;

export function requireYear(field: string, year: number): number {
  return requireInteger(field, year, MIN_YEAR, MAX_YEAR);
}

/**
 * Validates historical inflows against the first simulated year and returns them sorted by year.
 * Each vintage must be before `firstYear` and appear once: a repeated year is more likely a
 * data error than two deliveries to add up.
 */
export function sortHistory(
  history: readonly CohortAmount[] | undefined,
  firstYear: number,
  field = 'historicalInflows',
): CohortAmount[] {
  if (history === undefined) return [];
  if (!Array.isArray(history)) {
    throw new InvalidArgumentError(field, history, 'an array of { year, amount }');
  }
  const seen = new Set<number>();
  const sorted = history.map((vintage, i) => {
    requireYear(`${field}[${i}].year`, vintage?.year);
    requireNonNegative(`${field}[${i}].amount`, vintage.amount);
    if (vintage.year >= firstYear) {
      throw new InvalidArgumentError(
        `${field}[${i}].year`,
        vintage.year,
        `a year before firstYear (${firstYear}); model years take their inflow from the run`,
      );
    }
    if (seen.has(vintage.year)) {
      throw new InvalidArgumentError(
        `${field}[${i}].year`,
        vintage.year,
        'a year listed only once',
      );
    }
    seen.add(vintage.year);
    return { year: vintage.year, amount: vintage.amount };
  });
  return sorted.sort((a, b) => a.year - b.year);
}

/** Survival at an age, 0 past the end of the table; ages below 0 are not asked for. */
export function survivalAt(survival: Float64Array, age: number): number {
  return age < survival.length ? survival[age]! : 0;
}
