import { InvalidArgumentError } from '../errors.js';
import { type CohortAmount, requireYear, sortHistory, survivalAt } from './cohorts.js';
import { survivalFromPmf } from './lifetime.js';
import { requireNonNegative } from './validate.js';

/** Options of a {@link CohortStock}. */
export interface CohortStockOptions {
  /** The first year the stock will be advanced to; an integer. */
  readonly firstYear: number;
  /** Inflows of vintages before `firstYear`, each year once; see `computeStockDrivenStock`. */
  readonly historicalInflows?: readonly CohortAmount[];
}

/** The regular (lifetime) retirements of one year, from {@link CohortStock.retire}. */
export interface CohortRetirement {
  readonly year: number;
  readonly total: number;
  /** Non-zero retirements by cohort, oldest cohort first. */
  readonly byCohort: readonly CohortAmount[];
}

/**
 * The totals of one stock-driven year, from {@link CohortStock.setTargetTotals}: a
 * {@link StockStep} without its by-cohort lists. Mutable, so a caller can pass the same object
 * every year.
 */
export interface StockTotals {
  year: number;
  /** New units that entered use; never negative. */
  inflow: number;
  /** Everything that left the stock: `retirement + earlyRetirement`. */
  outflow: number;
  /** Retirements by the lifetime distribution. */
  retirement: number;
  /** Units retired before their time because the target fell below the survivors. */
  earlyRetirement: number;
  /** The stock at the end of the year, equal to the target to rounding. */
  stock: number;
}

/** What one stock-driven year did, from {@link CohortStock.setTarget}. */
export interface StockStep {
  readonly year: number;
  /** New units that entered use; never negative. */
  readonly inflow: number;
  /** Everything that left the stock: `retirement + earlyRetirement`. */
  readonly outflow: number;
  /** Retirements by the lifetime distribution. */
  readonly retirement: number;
  /** Units retired before their time because the target fell below the survivors. */
  readonly earlyRetirement: number;
  /** The stock at the end of the year, equal to the target to rounding. */
  readonly stock: number;
  /** Non-zero outflow (regular plus early) by cohort, oldest first. */
  readonly outflowByCohort: readonly CohortAmount[];
  /** Non-zero early retirement by cohort, oldest first. */
  readonly earlyRetirementByCohort: readonly CohortAmount[];
}

interface Cohort {
  readonly year: number;
  /** Effective inflow: the stock divided by survival at the cohort's age. */
  weight: number;
  /** The cohort's stock now. */
  stock: number;
  /** Retired by the lifetime distribution in the year last advanced to; +0 if none. */
  retired: number;
  /** Retired early in the year last advanced to; +0 if none. */
  early: number;
}

/** The three weighted sums of {@link CohortStock.weightedSums}. */
export interface WeightedSums {
  /** `stockWeighted`. */
  stock: number;
  /** `outflowWeighted`. */
  outflow: number;
  /** `earlyRetirementWeighted`. */
  early: number;
}

/** Weight of a cohort by its vintage, for the weighted sums of a {@link CohortStock}. */
export type VintageWeight = (vintage: number) => number;

/**
 * An in-use stock by cohort that advances one year at a time, for an agent that learns its
 * inflow or its stock target year by year (the EV and ESS makers). It computes, to a relative
 * 1e-12 (not bit for bit), the same numbers as `computeInflowDrivenStock` and
 * `computeStockDrivenStock`.
 *
 * Each year, in order: either `retire(year)` and then `addInflow(year, amount)` any number of
 * times (inflow driven), or `setTarget(year, stock)` alone, which retires, then adds the inflow
 * or retires early to reach the target (stock driven); `setTarget` may also follow `retire` of
 * the same year. Years advance by exactly one, starting at `firstYear`. The instance is mutable
 * and owns its state; returned objects are fresh and never change afterwards. Deterministic.
 *
 * The weighted sums (`stockWeighted`, `outflowWeighted`, `earlyRetirementWeighted`) read the
 * stock as it stands without allocating; each equals, bit for bit, the same sum taken over the
 * matching by-cohort array, oldest cohort first.
 */
export class CohortStock {
  readonly #survival: Float64Array;
  /**
   * Oldest first. A cohort past the oldest age stays until the next year's retirement, so that
   * the outflow of the year it left in can still be read from it; its stock is then +0.
   */
  readonly #cohorts: Cohort[];
  readonly #firstYear: number;
  #year: number | undefined;
  /** Total regular retirement of `#year`. */
  #retiredTotal = 0;
  #inflowAdded = false;
  #targetSet = false;

  /**
   * @param pmf The lifetime distribution φ over ages 0 … maxAge, e.g. from `lifetimePmf`.
   * @throws InvalidArgumentError if `pmf` is not a lifetime distribution, `firstYear` is not an
   *   integer, or a historical vintage is not before `firstYear`, is negative or listed twice.
   */
  constructor(pmf: ArrayLike<number>, options: CohortStockOptions) {
    this.#survival = survivalFromPmf(pmf);
    this.#firstYear = requireYear('options.firstYear', options?.firstYear);
    const history = sortHistory(
      options.historicalInflows,
      this.#firstYear,
      'options.historicalInflows',
    );
    this.#cohorts = history.map((vintage) => ({
      year: vintage.year,
      weight: vintage.amount,
      stock: vintage.amount * survivalAt(this.#survival, this.#firstYear - 1 - vintage.year),
      retired: 0,
      early: 0,
    }));
  }

  /** The last year the stock was advanced to, or `firstYear − 1` before the first step. */
  get year(): number {
    return this.#year ?? this.#firstYear - 1;
  }

  /** The total stock now, at the end of {@link year}. */
  stock(): number {
    let total = 0;
    for (const cohort of this.#cohorts) total += cohort.stock;
    return total;
  }

  /** The non-zero stock by cohort now, oldest cohort first; a fresh array. */
  stockByCohort(): CohortAmount[] {
    const byCohort: CohortAmount[] = [];
    for (const cohort of this.#cohorts) {
      if (cohort.stock > 0) byCohort.push({ year: cohort.year, amount: cohort.stock });
    }
    return byCohort;
  }

  /**
   * The stock now weighted by vintage, `Σ stock · weightOf(vintage)` over the cohorts of
   * {@link stockByCohort}, oldest first: bit for bit the sum over that array, with no
   * allocation. `weightOf` is called once per such cohort.
   */
  stockWeighted(weightOf: VintageWeight): number {
    let total = 0;
    for (const cohort of this.#cohorts) {
      if (cohort.stock > 0) total += cohort.stock * weightOf(cohort.year);
    }
    return total;
  }

  /**
   * The outflow (regular plus early retirement) of {@link year} weighted by vintage: bit for
   * bit the sum of `amount · weightOf(year)` over `outflowByCohort` of the last `setTarget`,
   * or over `byCohort` of the last `retire` when no target was set; 0 before the first step.
   */
  outflowWeighted(weightOf: VintageWeight): number {
    let total = 0;
    for (const cohort of this.#cohorts) {
      if (cohort.retired > 0 || cohort.early > 0) {
        total += (cohort.retired + cohort.early) * weightOf(cohort.year);
      }
    }
    return total;
  }

  /**
   * {@link stockWeighted}, {@link outflowWeighted} and {@link earlyRetirementWeighted} in one
   * pass over the cohorts, each bit for bit what its own method returns (every sum still runs
   * over the cohorts oldest first), written into `into`, which is returned. `weightOf` is called
   * at most once per cohort. For a caller that needs all three every year.
   */
  weightedSums(weightOf: VintageWeight, into: WeightedSums): WeightedSums {
    let stock = 0;
    let outflow = 0;
    let early = 0;
    for (const cohort of this.#cohorts) {
      const held = cohort.stock > 0;
      const out = cohort.retired > 0 || cohort.early > 0;
      if (!held && !out) continue;
      const weight = weightOf(cohort.year);
      if (held) stock += cohort.stock * weight;
      if (out) outflow += (cohort.retired + cohort.early) * weight;
      if (cohort.early > 0) early += cohort.early * weight;
    }
    into.stock = stock;
    into.outflow = outflow;
    into.early = early;
    return into;
  }

  /**
   * The early retirement of {@link year} weighted by vintage: bit for bit the sum of
   * `amount · weightOf(year)` over `earlyRetirementByCohort` of the last `setTarget`; 0 if the
   * year set no target or retired nothing early.
   */
  earlyRetirementWeighted(weightOf: VintageWeight): number {
    let total = 0;
    for (const cohort of this.#cohorts) {
      if (cohort.early > 0) total += cohort.early * weightOf(cohort.year);
    }
    return total;
  }

  /**
   * Advances the stock to `year` and retires what the lifetime distribution retires in it.
   *
   * @throws InvalidArgumentError if `year` is not the year after {@link year}.
   */
  retire(year: number): CohortRetirement {
    const total = this.#retire(year);

    const byCohort: CohortAmount[] = [];
    for (const cohort of this.#cohorts) {
      if (cohort.retired > 0) byCohort.push({ year: cohort.year, amount: cohort.retired });
    }
    return { year, total, byCohort };
  }

  /**
   * Adds `amount` new units to the cohort of `year`, after `retire(year)`.
   *
   * @throws InvalidArgumentError if `amount` is negative or not finite, or `year` is not the
   *   year last retired, or a target was already set for it.
   */
  addInflow(year: number, amount: number): void {
    requireNonNegative('amount', amount);
    if (this.#year === undefined || year !== this.#year || this.#targetSet) {
      throw new InvalidArgumentError(
        'year',
        year,
        `the year last passed to retire() (${this.#year ?? 'none yet'}), before any setTarget()`,
      );
    }

    this.#inflowAdded = true;
    if (amount === 0) return;
    const current = this.#cohorts.at(-1);
    if (current?.year === year) {
      current.weight += amount;
      current.stock += amount;
    } else {
      this.#cohorts.push({ year, weight: amount, stock: amount, retired: 0, early: 0 });
    }
  }

  /**
   * Brings the stock to `stock` at the end of `year`: retires by lifetime (unless `retire(year)`
   * already ran), then adds the missing units as inflow, or, if the survivors exceed the target,
   * retires the excess early from every cohort in proportion to its stock.
   *
   * @throws InvalidArgumentError if `stock` is negative or not finite, or `year` is neither the
   *   next year nor a year just retired with no inflow or target yet.
   */
  setTarget(year: number, stock: number): StockStep {
    const totals = this.setTargetTotals(year, stock, {
      year,
      inflow: 0,
      outflow: 0,
      retirement: 0,
      earlyRetirement: 0,
      stock: 0,
    });
    // A cohort is listed if it retired anything, as regular plus early: either part alone is
    // the other plus +0, so the amounts match a sum of the two lists, and the weighted sums.
    const outflowByCohort: CohortAmount[] = [];
    const earlyRetirementByCohort: CohortAmount[] = [];
    for (const cohort of this.#cohorts) {
      if (cohort.retired > 0 || cohort.early > 0) {
        outflowByCohort.push({ year: cohort.year, amount: cohort.retired + cohort.early });
        if (cohort.early > 0) {
          earlyRetirementByCohort.push({ year: cohort.year, amount: cohort.early });
        }
      }
    }
    return { ...totals, outflowByCohort, earlyRetirementByCohort };
  }

  /**
   * {@link setTarget} without the by-cohort lists, for a caller that reads the cohorts through
   * the weighted sums: the same step, the same checks and the same totals, written into `into`,
   * which is returned. Allocates nothing unless a cohort is added.
   */
  setTargetTotals(year: number, stock: number, into: StockTotals): StockTotals {
    requireNonNegative('stock', stock);
    const retiredAlready = this.#year !== undefined && year === this.#year;
    if (retiredAlready && (this.#inflowAdded || this.#targetSet)) {
      throw new InvalidArgumentError(
        'year',
        year,
        `${year + 1}: ${year} already has its ${this.#targetSet ? 'target' : 'inflow'}`,
      );
    }
    const retirement = retiredAlready ? this.#retiredTotal : this.#retire(year);

    const cohorts = this.#cohorts;
    const survivors = this.stock();
    let inflow = 0;
    let earlyTotal = 0;
    if (stock >= survivors) {
      inflow = stock - survivors;
      if (inflow > 0) cohorts.push({ year, weight: inflow, stock: inflow, retired: 0, early: 0 });
    } else {
      const kept = stock / survivors;
      for (const cohort of cohorts) {
        const remaining = cohort.stock * kept;
        const retired = cohort.stock - remaining;
        cohort.stock = remaining;
        cohort.weight *= kept;
        cohort.early = retired;
        earlyTotal += retired;
      }
    }
    this.#targetSet = true;

    into.year = year;
    into.inflow = inflow;
    into.outflow = retirement + earlyTotal;
    into.retirement = retirement;
    into.earlyRetirement = earlyTotal;
    into.stock = this.stock();
    return into;
  }

  /** Checks and advances the year, retires by lifetime into each cohort; returns the total. */
  #retire(year: number): number {
    const expected = this.year + 1;
    if (year !== expected) {
      throw new InvalidArgumentError('year', year, `${expected}, the year after the last step`);
    }
    this.#pruneRetiredCohorts(year - 1);

    const survival = this.#survival;
    let total = 0;
    for (const cohort of this.#cohorts) {
      // As in the batch model: min() keeps a rescaled cohort from retiring a negative amount.
      const remaining = Math.min(
        cohort.stock,
        cohort.weight * survivalAt(survival, year - cohort.year),
      );
      const retired = cohort.stock - remaining;
      cohort.stock = remaining;
      cohort.retired = retired;
      cohort.early = 0;
      total += retired;
    }

    this.#year = year;
    this.#retiredTotal = total;
    this.#inflowAdded = false;
    this.#targetSet = false;
    return total;
  }

  // A cohort at or past the oldest age by the end of `year` has no stock left (survival is 0
  // there) and can never regain any.
  #pruneRetiredCohorts(year: number): void {
    const maxAge = this.#survival.length - 1;
    let keep = 0;
    while (keep < this.#cohorts.length && year - this.#cohorts[keep]!.year >= maxAge) keep++;
    if (keep > 0) this.#cohorts.splice(0, keep);
  }
}
