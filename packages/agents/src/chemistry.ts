import { InvalidArgumentError } from '@orebus/core';

/** A battery chemistry: the metal its cells hold per kWh of capacity. */
export interface Chemistry {
  readonly name: string;
  /** kg of each metal per kWh of cell capacity, by metal symbol; a metal not listed has none. */
  readonly intensityKgPerKWh: Readonly<Record<string, number>>;
}

/**
 * The price of a metal quoted this year, or null if none was heard. A shift reads prices only
 * through this, so it sees exactly what the maker heard on the bus.
 */
export type PriceLookup = (metal: string) => number | null;

/**
 * Moves one year's shares away from the path, say towards chemistries whose metals got cheaper.
 * It returns new shares in the order of the chemistries, which must again sum to 1.
 */
export type ShareShift = (
  year: number,
  pathShares: readonly number[],
  price: PriceLookup,
) => readonly number[];

/** Options of a {@link ChemistryMix}. */
export interface ChemistryMixOptions {
  readonly chemistries: readonly Chemistry[];
  /** Shares of new battery capacity by chemistry in `year`, in the order of `chemistries`. */
  readonly shares: (year: number) => readonly number[];
  /** An optional response of each year's shares to prices; without it the path is followed. */
  readonly shift?: ShareShift;
}

/** How far a list of shares may sum from 1 before it is refused. */
const SHARE_TOLERANCE = 1e-9;

/**
 * The chemistries of new batteries: which there are, what metal each holds per kWh, and the
 * share of new capacity each takes by year. It splits a battery demand in kWh into the demand
 * for every metal: `intensity(metal) = Σ_c share_c · intensity_c(metal)`.
 *
 * A mix holds no run state, so one mix may serve several makers and runs; the maker that uses
 * it remembers the shares it settled for each vintage.
 */
export class ChemistryMix {
  readonly chemistries: readonly Chemistry[];
  /** Every metal some chemistry holds, in order of first mention. */
  readonly metals: readonly string[];
  readonly #path: (year: number) => readonly number[];
  readonly #shift: ShareShift | undefined;
  /** Intensities by metal, then chemistry; a metal's entry is a row over the chemistries. */
  readonly #rows = new Map<string, Float64Array>();

  constructor(options: ChemistryMixOptions) {
    const { chemistries } = options;
    if (chemistries.length === 0) {
      throw new InvalidArgumentError('chemistries', chemistries, 'at least one chemistry');
    }
    const names = new Set<string>();
    const metals: string[] = [];
    chemistries.forEach((chemistry, c) => {
      if (names.has(chemistry.name)) {
        throw new InvalidArgumentError(`chemistries[${c}].name`, chemistry.name, 'a unique name');
      }
      names.add(chemistry.name);
      for (const [metal, kg] of Object.entries(chemistry.intensityKgPerKWh)) {
        if (!(Number.isFinite(kg) && kg >= 0)) {
          throw new InvalidArgumentError(
            `chemistries[${c}].intensityKgPerKWh.${metal}`,
            kg,
            'a finite number of kg per kWh, 0 or more',
          );
        }
        if (!metals.includes(metal)) metals.push(metal);
      }
    });
    this.chemistries = chemistries;
    this.metals = metals;
    this.#path = options.shares;
    this.#shift = options.shift;
    for (const metal of metals) {
      this.#rows.set(
        metal,
        Float64Array.from(chemistries, (chemistry) => chemistry.intensityKgPerKWh[metal] ?? 0),
      );
    }
  }

  /** Whether the shares respond to prices (the maker then has to hear them). */
  get respondsToPrices(): boolean {
    return this.#shift !== undefined;
  }

  /** The path's shares for `year`, checked. */
  pathShares(year: number): readonly number[] {
    return this.#checked(this.#path(year), year, 'shares');
  }

  /**
   * The shares of batteries made in `year`: the path's, moved by the shift if there is one.
   * A maker calls this once a year, after the prices are quoted, and keeps the result.
   */
  settle(year: number, price: PriceLookup): readonly number[] {
    const path = this.pathShares(year);
    if (this.#shift === undefined) return path;
    return this.#checked(this.#shift(year, path, price), year, 'shift');
  }

  /** kg of `metal` per kWh of a battery with `shares`: `Σ_c share_c · intensity_c(metal)`. */
  intensity(metal: string, shares: readonly number[]): number {
    const row = this.#rows.get(metal);
    if (row === undefined) return 0;
    let kg = 0;
    for (let c = 0; c < row.length; c++) kg += shares[c]! * row[c]!;
    return kg;
  }

  #checked(shares: readonly number[], year: number, source: string): readonly number[] {
    const field = `${source}(${year})`;
    if (shares.length !== this.chemistries.length) {
      throw new InvalidArgumentError(
        field,
        shares,
        `one share per chemistry (${this.chemistries.map((c) => c.name).join(', ')})`,
      );
    }
    let sum = 0;
    for (const share of shares) {
      if (!(share >= 0 && share <= 1)) {
        throw new InvalidArgumentError(field, shares, 'shares between 0 and 1');
      }
      sum += share;
    }
    if (Math.abs(sum - 1) > SHARE_TOLERANCE) {
      throw new InvalidArgumentError(field, shares, `shares summing to 1 (they sum to ${sum})`);
    }
    return shares;
  }
}

/** Options of {@link priceResponsiveShift}. */
export interface PriceResponsiveShiftOptions {
  readonly chemistries: readonly Chemistry[];
  /**
   * What a tonne of each metal is worth in a common currency at the reference prices, so that
   * metals priced on different scales can be weighed together; metals not listed do not count.
   */
  readonly referenceValue: Readonly<Record<string, number>>;
  /**
   * Each market's price at which the metal is worth `referenceValue`: usually the first year's
   * quote, in that market's own price units.
   */
  readonly referencePrice: Readonly<Record<string, number>>;
  /** How strongly the shares lean away from a chemistry whose metal got dearer, 0 or more. */
  readonly elasticity: number;
}

/**
 * A shift by which chemistries whose metals got dearer lose share: each chemistry's metal cost
 * per kWh at this year's prices, relative to the same cost at the reference prices, weighs its
 * path share by `relative^−elasticity`, and the weighted shares are normalised to sum to 1.
 * A chemistry with no priced metal keeps weight 1; a metal with no quote this year counts at
 * its reference price. With elasticity 0 the path is followed exactly.
 */
export function priceResponsiveShift(options: PriceResponsiveShiftOptions): ShareShift {
  const { chemistries, referenceValue, referencePrice, elasticity } = options;
  if (!(Number.isFinite(elasticity) && elasticity >= 0)) {
    throw new InvalidArgumentError('elasticity', elasticity, 'a finite number, 0 or more');
  }
  const priced = Object.keys(referenceValue);
  for (const metal of priced) {
    const value = referenceValue[metal]!;
    const price = referencePrice[metal];
    if (!(Number.isFinite(value) && value > 0)) {
      throw new InvalidArgumentError(`referenceValue.${metal}`, value, 'a positive number');
    }
    if (!(price !== undefined && Number.isFinite(price) && price > 0)) {
      throw new InvalidArgumentError(`referencePrice.${metal}`, price, 'a positive number');
    }
  }

  return (_year, pathShares, price) => {
    const weights = chemistries.map((chemistry, c) => {
      let now = 0;
      let reference = 0;
      for (const metal of priced) {
        const kg = chemistry.intensityKgPerKWh[metal] ?? 0;
        const relative = (price(metal) ?? referencePrice[metal]!) / referencePrice[metal]!;
        reference += kg * referenceValue[metal]!;
        now += kg * referenceValue[metal]! * relative;
      }
      const factor = reference > 0 ? (now / reference) ** -elasticity : 1;
      return pathShares[c]! * factor;
    });
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    return total > 0 ? weights.map((weight) => weight / total) : pathShares;
  };
}
