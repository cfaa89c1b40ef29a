import {
  Agent,
  type CohortAmount,
  CohortStock,
  type ReadonlyFloat64Array,
  type StockStep,
  type VintageWeight,
} from '@orebus/core';
import type { MarketMessages } from '@orebus/market';
import type { ExtraKinds } from './extra-kinds.js';

/** One product type a maker keeps in use (BEV, PHEV, a storage system). */
export interface ProductType {
  readonly name: string;
  /** Lifetime distribution φ over ages 0…maxAge (see `lifetimePmf`). */
  readonly lifetime: ReadonlyFloat64Array | readonly number[];
  /** Units put into use in years before the first model year, oldest first. */
  readonly history: readonly CohortAmount[];
}

/** Identity and product types of a stock-driven maker. */
export interface StockDrivenMakerOptions extends ExtraKinds {
  readonly id: string;
  readonly metal: string;
  /** Product group named in messages, e.g. `EV` or `ESS`. */
  readonly product: string;
  /** Unit of the product stock, e.g. `vehicles` or `GWh`. */
  readonly unit: string;
  readonly types: readonly ProductType[];
  /** First model year; the history ends the year before. */
  readonly firstYear: number;
}

/** What a stock-driven maker remembers: units and metal in use, by type and in total. */
export interface StockDrivenMakerState {
  readonly stockUnits: Readonly<Record<string, number>>;
  /** Metal in the products in use, t. */
  readonly metalInUse: number;
}

/**
 * A maker whose products are driven by the stock in use (MODEL.md section 7): each year it sets
 * the stock of every type to its target; new units are the growth of the stock plus the units
 * retired, never negative (a stock that falls faster than retirements retires the excess
 * early, and that is reported). The metal demanded is the metal put into the new units; the
 * metal retired, by cohort, is what each retired vintage carried.
 *
 * In `demand` it publishes `DemandPosted` and `ProductsRetired`. Subclasses say what the stock
 * target is (`stockTarget`), how much energy a unit holds (`energyPerUnitKWh`) and how much
 * metal a kWh needs (`metalIntensityKgPerKWh`); both may depend on the vintage.
 */
export abstract class StockDrivenMaker extends Agent<StockDrivenMakerState, MarketMessages> {
  readonly metal: string;
  readonly product: string;
  readonly unit: string;
  protected readonly types: readonly ProductType[];
  private readonly stocks: CohortStock[];
  /** `metalPerUnit` of each type as a weight by vintage, for the stocks' weighted sums. */
  readonly #metalPerUnit: VintageWeight[];
  /**
   * `metalPerUnit` by type and vintage, read once: it is asked for every cohort every year.
   * Indexed from the type's oldest vintage; NaN until read; sized in `onRunStart`. Plain arrays
   * of doubles: a typed array this small costs more to make than it saves.
   */
  readonly #metalPerUnitTables: number[][];
  readonly #oldestVintage: number[];
  readonly #tonnesUnit: string;
  /** Observed names by type, built once: `stock.BEV`, `newUnits.BEV`, `retiredUnits.BEV`. */
  readonly #typeVariables: readonly (readonly [string, string, string])[];
  /** This year's step of each type, by type; overwritten every year. */
  readonly #steps: StockStep[] = [];

  constructor(options: StockDrivenMakerOptions) {
    super({
      id: options.id,
      publishes: ['DemandPosted', 'ProductsRetired', ...(options.publishes ?? [])],
      consumes: [...(options.consumes ?? [])],
      initialState: { stockUnits: {}, metalInUse: 0 },
    });
    this.metal = options.metal;
    this.product = options.product;
    this.unit = options.unit;
    this.types = options.types;
    this.stocks = options.types.map(
      (type) =>
        new CohortStock(type.lifetime, {
          firstYear: options.firstYear,
          historicalInflows: type.history,
        }),
    );
    this.#oldestVintage = options.types.map((type) =>
      type.history.reduce((oldest, vintage) => Math.min(oldest, vintage.year), options.firstYear),
    );
    this.#metalPerUnitTables = options.types.map(() => []);
    this.#metalPerUnit = options.types.map(
      (_, i) =>
        (vintage: number): number =>
          this.#metalPerUnitOf(i, vintage),
    );
    this.#tonnesUnit = `t ${options.metal}`;
    this.#typeVariables = options.types.map(
      (type) =>
        [`stock.${type.name}`, `newUnits.${type.name}`, `retiredUnits.${type.name}`] as const,
    );
  }

  protected setup(): void {
    this.onPhase('demand', (year) => this.demand(year));
  }

  /** Sets the initial state from the history; subclass parameters are ready by now. */
  override onRunStart(): void {
    const { endYear } = this.horizon;
    this.#metalPerUnitTables.forEach((table, i) => {
      for (let vintage = this.#oldestVintage[i]!; vintage <= endYear; vintage++) {
        table.push(Number.NaN);
      }
    });

    const stockUnits: Record<string, number> = {};
    let metalInUse = 0;
    this.types.forEach((type, i) => {
      const stock = this.stocks[i]!;
      stockUnits[type.name] = stock.stock();
      metalInUse += stock.stockWeighted(this.#metalPerUnit[i]!);
    });
    this.update({ stockUnits, metalInUse });
  }

  /** Units of `type` that should be in use at the end of `year`. */
  protected abstract stockTarget(type: string, year: number): number;

  /** Battery energy of one unit of `type` made in `vintage`, kWh. */
  protected abstract energyPerUnitKWh(type: string, vintage: number): number;

  /** Metal per kWh of battery made in `vintage`, kg per kWh. */
  protected abstract metalIntensityKgPerKWh(type: string, vintage: number): number;

  /**
   * Metal in one unit of `type` made in `vintage`, t. Together with `energyPerUnitKWh` and
   * `metalIntensityKgPerKWh` it must depend on type and vintage alone: the maker reads it once
   * per vintage and keeps the value.
   */
  protected metalPerUnit(type: string, vintage: number): number {
    return (
      (this.energyPerUnitKWh(type, vintage) * this.metalIntensityKgPerKWh(type, vintage)) / 1000
    );
  }

  /** The units, in their own unit, in use now, by type (for subclasses and observers). */
  protected stockOf(type: string): number {
    const index = this.types.findIndex((t) => t.name === type);
    return index < 0 ? 0 : this.stocks[index]!.stock();
  }

  #metalPerUnitOf(type: number, vintage: number): number {
    const table = this.#metalPerUnitTables[type]!;
    const offset = vintage - this.#oldestVintage[type]!;
    // Outside the run's vintages (a subclass asking early) there is nothing to keep it in.
    if (!(offset >= 0 && offset < table.length)) {
      return this.metalPerUnit(this.types[type]!.name, vintage);
    }
    let perUnit = table[offset]!;
    if (Number.isNaN(perUnit)) {
      perUnit = this.metalPerUnit(this.types[type]!.name, vintage);
      table[offset] = perUnit;
    }
    return perUnit;
  }

  private demand(year: number): void {
    let newUnits = 0;
    let energyKWh = 0;
    let demandTonnes = 0;
    let retiredUnits = 0;
    let retiredTonnes = 0;
    let earlyTonnes = 0;
    let metalInUse = 0;
    const stockUnits: Record<string, number> = {};
    const steps = this.#steps;

    // Every sum runs over the types in their order, and within a type over its cohorts oldest
    // first, as the by-cohort arrays of the step list them.
    for (let i = 0; i < this.types.length; i++) {
      const name = this.types[i]!.name;
      const stock = this.stocks[i]!;
      const metalPerUnit = this.#metalPerUnit[i]!;
      const step = stock.setTarget(year, this.stockTarget(name, year));
      steps[i] = step;
      newUnits += step.inflow;
      energyKWh += step.inflow * this.energyPerUnitKWh(name, year);
      demandTonnes += step.inflow * metalPerUnit(year);
      retiredUnits += step.outflow;
      retiredTonnes += stock.outflowWeighted(metalPerUnit);
      earlyTonnes += stock.earlyRetirementWeighted(metalPerUnit);
      stockUnits[name] = step.stock;
      metalInUse += stock.stockWeighted(metalPerUnit);
    }
    let totalStock = 0;
    for (const name in stockUnits) totalStock += stockUnits[name]!;

    this.update({ stockUnits, metalInUse });
    const { metal, product, unit } = this;
    this.publish('DemandPosted', {
      metal,
      product,
      tonnes: demandTonnes,
      newUnits,
      unit,
      energyKWh,
      stockUnits: totalStock,
    });
    this.publish('ProductsRetired', {
      metal,
      product,
      tonnes: retiredTonnes,
      earlyTonnes,
      units: retiredUnits,
    });
    if (earlyTonnes > 0) {
      this.warn('E_EARLY_RETIREMENT', `${product} stock fell faster than retirements in ${year}`, {
        year,
        earlyTonnes,
      });
    }

    const t = this.#tonnesUnit;
    this.observe('demand', t, demandTonnes);
    this.observe('retired', t, retiredTonnes);
    this.observe('retiredEarly', t, earlyTonnes);
    this.observe('metalInUse', t, metalInUse);
    this.observe('newUnits', unit, newUnits);
    this.observe('energyPutInUse', 'kWh', energyKWh);
    this.observe('stock', unit, totalStock);
    for (let i = 0; i < this.types.length; i++) {
      const [stockName, newUnitsName, retiredName] = this.#typeVariables[i]!;
      const step = steps[i]!;
      this.observe(stockName, unit, step.stock);
      this.observe(newUnitsName, unit, step.inflow);
      this.observe(retiredName, unit, step.outflow);
    }
  }
}
