import {
  Agent,
  type CohortAmount,
  CohortStock,
  type Envelope,
  InvalidArgumentError,
  OrebusError,
  type ReadonlyFloat64Array,
  type StockTotals,
  type VintageWeight,
  type WeightedSums,
} from '@orebus/core';
import type { MarketMessages } from '@orebus/market';
import type { ChemistryMix } from './chemistry.js';
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
  /** The metal its products need; give this or `metals`. */
  readonly metal?: string;
  /**
   * Every metal its products need, when there are several (a battery maker splitting its
   * demand into lithium, cobalt and nickel); it posts demand and retirements for each.
   */
  readonly metals?: readonly string[];
  /**
   * The battery chemistries of its new products, if metal intensities come from a mix; a
   * mix that responds to prices makes the maker hear `PriceQuoted` for its metals.
   */
  readonly chemistry?: ChemistryMix;
  /** Product group named in messages, e.g. `EV` or `ESS`. */
  readonly product: string;
  /** Unit of the product stock, e.g. `vehicles` or `GWh`. */
  readonly unit: string;
  readonly types: readonly ProductType[];
  /** First model year; the history ends the year before. */
  readonly firstYear: number;
}

/** What a stock-driven maker remembers: units in use by type, and metal in use by metal. */
export interface StockDrivenMakerState {
  readonly stockUnits: Readonly<Record<string, number>>;
  /** Metal in the products in use, t, by metal. */
  readonly metalInUse: Readonly<Record<string, number>>;
}

/** One metal's flows in one year, t. */
interface MetalFlows {
  demand: number;
  retired: number;
  early: number;
  inUse: number;
}

/** Names observed for one metal; a maker of one metal drops the suffix. */
interface MetalVariables {
  readonly demand: string;
  readonly retired: string;
  readonly retiredEarly: string;
  readonly metalInUse: string;
  readonly unit: string;
}

function metalsOf(options: StockDrivenMakerOptions): readonly string[] {
  const { metal, metals } = options;
  if (metals !== undefined && metal !== undefined) {
    throw new InvalidArgumentError('metal', metal, 'either metal or metals, not both');
  }
  const list = metals ?? (metal === undefined ? [] : [metal]);
  if (list.length === 0) {
    throw new InvalidArgumentError('metals', metals, 'a metal, or a non-empty list of metals');
  }
  if (new Set(list).size !== list.length) {
    throw new InvalidArgumentError('metals', list, 'distinct metals');
  }
  return list;
}

/**
 * Refuses a maker given both a metal intensity and a chemistry mix, or neither: the two are
 * alternative ways of saying how much metal a kWh holds.
 */
export function requireOneIntensity(options: {
  readonly intensityKgPerKWh?: unknown;
  readonly chemistry?: ChemistryMix;
}): void {
  const given = (options.intensityKgPerKWh !== undefined ? 1 : 0) + (options.chemistry ? 1 : 0);
  if (given !== 1) {
    throw new InvalidArgumentError(
      'intensityKgPerKWh',
      options.intensityKgPerKWh,
      given === 0
        ? 'a function of (vintage, metal), or a chemistry mix'
        : 'it or chemistry, not both',
    );
  }
}

/**
 * A maker whose products are driven by the stock in use (MODEL.md section 7): each year it sets
 * the stock of every type to its target; new units are the growth of the stock plus the units
 * retired, never negative (a stock that falls faster than retirements retires the excess
 * early, and that is reported). The metal demanded is the metal put into the new units; the
 * metal retired, by cohort, is what each retired vintage carried.
 *
 * In `demand` it publishes `DemandPosted` and `ProductsRetired`, for each of its metals.
 * Subclasses say what the stock target is (`stockTarget`) and how much energy a unit holds
 * (`energyPerUnitKWh`); how much metal a kWh needs (`metalIntensityKgPerKWh`) comes from the
 * chemistry mix if there is one, or from the subclass. All may depend on the vintage.
 *
 * With several metals the observed names carry the metal (`demand.Co`); with one they do not.
 */
export abstract class StockDrivenMaker extends Agent<StockDrivenMakerState, MarketMessages> {
  /** The first (with one metal, the only) metal its products need. */
  readonly metal: string;
  readonly metals: readonly string[];
  readonly product: string;
  readonly unit: string;
  protected readonly types: readonly ProductType[];
  protected readonly chemistry: ChemistryMix | undefined;
  private readonly stocks: CohortStock[];
  /** `metalPerUnit` by metal, then type, as a weight by vintage for the stocks' weighted sums. */
  readonly #metalPerUnit: VintageWeight[][];
  /**
   * `metalPerUnit` by metal, type and vintage, read once: it is asked for every cohort every
   * year. Indexed from the type's oldest vintage; NaN until read; sized in `onRunStart`. Plain
   * arrays of doubles: a typed array this small costs more to make than it saves.
   */
  readonly #metalPerUnitTables: number[][][];
  readonly #oldestVintage: number[];
  readonly #metalVariables: readonly MetalVariables[];
  /** Observed names by type, built once: `stock.BEV`, `newUnits.BEV`, `retiredUnits.BEV`. */
  readonly #typeVariables: readonly (readonly [string, string, string])[];
  /** This year's step of each type, by type; made once, overwritten every year. */
  readonly #steps: StockTotals[];
  /** The chemistry shares settled for each model vintage. */
  readonly #settledShares = new Map<number, readonly number[]>();
  /** Prices heard this tick, by metal (only when the chemistry mix responds to them). */
  readonly #prices = new Map<string, number>();
  readonly #shareVariables: readonly string[];
  /** This year's flows of each metal, overwritten every year (no allocation per tick). */
  readonly #flows: MetalFlows[];
  /** Scratch for one cohort stock's weighted sums. */
  readonly #sums: WeightedSums = { stock: 0, outflow: 0, early: 0 };

  constructor(options: StockDrivenMakerOptions) {
    const metals = metalsOf(options);
    const hearsPrices = options.chemistry?.respondsToPrices ?? false;
    super({
      id: options.id,
      publishes: ['DemandPosted', 'ProductsRetired', ...(options.publishes ?? [])],
      consumes: [...(hearsPrices ? (['PriceQuoted'] as const) : []), ...(options.consumes ?? [])],
      initialState: { stockUnits: {}, metalInUse: {} },
    });
    this.metals = metals;
    this.metal = metals[0]!;
    this.product = options.product;
    this.unit = options.unit;
    this.types = options.types;
    this.chemistry = options.chemistry;
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
    this.#metalPerUnitTables = metals.map(() => options.types.map(() => []));
    this.#metalPerUnit = metals.map((_, m) =>
      options.types.map(
        (_, i) =>
          (vintage: number): number =>
            this.#metalPerUnitOf(m, i, vintage),
      ),
    );
    const single = metals.length === 1;
    this.#metalVariables = metals.map((metal) => {
      const suffix = single ? '' : `.${metal}`;
      return {
        demand: `demand${suffix}`,
        retired: `retired${suffix}`,
        retiredEarly: `retiredEarly${suffix}`,
        metalInUse: `metalInUse${suffix}`,
        unit: `t ${metal}`,
      };
    });
    this.#typeVariables = options.types.map(
      (type) =>
        [`stock.${type.name}`, `newUnits.${type.name}`, `retiredUnits.${type.name}`] as const,
    );
    this.#shareVariables = (options.chemistry?.chemistries ?? []).map((c) => `share.${c.name}`);
    this.#flows = metals.map(() => ({ demand: 0, retired: 0, early: 0, inUse: 0 }));
    this.#steps = options.types.map(() => ({
      year: 0,
      inflow: 0,
      outflow: 0,
      retirement: 0,
      earlyRetirement: 0,
      stock: 0,
    }));
  }

  protected setup(): void {
    if (this.chemistry?.respondsToPrices) {
      this.subscribe('PriceQuoted', (m: Envelope<MarketMessages, 'PriceQuoted'>) => {
        if (this.metals.includes(m.payload.metal))
          this.#prices.set(m.payload.metal, m.payload.price);
      });
    }
    this.onPhase('demand', (year) => this.demand(year));
  }

  /** Sets the initial state from the history; subclass parameters are ready by now. */
  override onRunStart(): void {
    const { endYear } = this.horizon;
    for (const tables of this.#metalPerUnitTables) {
      tables.forEach((table, i) => {
        for (let vintage = this.#oldestVintage[i]!; vintage <= endYear; vintage++) {
          table.push(Number.NaN);
        }
      });
    }

    const stockUnits: Record<string, number> = {};
    const metalInUse: Record<string, number> = {};
    this.types.forEach((type, i) => {
      stockUnits[type.name] = this.stocks[i]!.stock();
    });
    this.metals.forEach((metal, m) => {
      let tonnes = 0;
      this.stocks.forEach((stock, i) => {
        tonnes += stock.stockWeighted(this.#metalPerUnit[m]![i]!);
      });
      metalInUse[metal] = tonnes;
    });
    this.update({ stockUnits, metalInUse });
  }

  override onTickStart(): void {
    // Clearing a Map makes it a new table even when it is empty, as it is unless the chemistry
    // mix hears prices.
    if (this.#prices.size > 0) this.#prices.clear();
  }

  /** Units of `type` that should be in use at the end of `year`. */
  protected abstract stockTarget(type: string, year: number): number;

  /** Battery energy of one unit of `type` made in `vintage`, kWh. */
  protected abstract energyPerUnitKWh(type: string, vintage: number): number;

  /**
   * Kilograms of `metal` per kWh of battery made in `vintage`. By default the chemistry mix's
   * `Σ share · intensity`, with the shares settled for that vintage (the path's for vintages
   * before the first model year); a maker without a mix must override it.
   */
  protected metalIntensityKgPerKWh(type: string, vintage: number, metal: string): number {
    const chemistry = this.chemistry;
    if (chemistry === undefined) {
      throw new OrebusError(
        'E_NO_INTENSITY',
        `${this.id}: no metal intensity for ${type} (${vintage}, ${metal}); give a chemistry ` +
          'mix or override metalIntensityKgPerKWh',
        { agent: this.id, type, vintage, metal },
      );
    }
    return chemistry.intensity(metal, this.chemistryShares(vintage));
  }

  /** The chemistry shares of batteries made in `vintage` (settled, or the path's). */
  protected chemistryShares(vintage: number): readonly number[] {
    const chemistry = this.chemistry;
    if (chemistry === undefined) return [];
    return this.#settledShares.get(vintage) ?? chemistry.pathShares(vintage);
  }

  /** The price of `metal` heard this tick, when the mix responds to prices; else null. */
  protected priceOf(metal: string): number | null {
    return this.#prices.get(metal) ?? null;
  }

  /**
   * Metal in one unit of `type` made in `vintage`, t. Together with `energyPerUnitKWh` and
   * `metalIntensityKgPerKWh` it must depend on type, vintage and metal alone: the maker reads it
   * once per vintage and keeps the value.
   */
  protected metalPerUnit(type: string, vintage: number, metal: string = this.metal): number {
    return (
      (this.energyPerUnitKWh(type, vintage) * this.metalIntensityKgPerKWh(type, vintage, metal)) /
      1000
    );
  }

  /** The units, in their own unit, in use now, by type (for subclasses and observers). */
  protected stockOf(type: string): number {
    const index = this.types.findIndex((t) => t.name === type);
    return index < 0 ? 0 : this.stocks[index]!.stock();
  }

  #metalPerUnitOf(metal: number, type: number, vintage: number): number {
    const table = this.#metalPerUnitTables[metal]![type]!;
    const offset = vintage - this.#oldestVintage[type]!;
    const name = this.types[type]!.name;
    // Outside the run's vintages (a subclass asking early) there is nothing to keep it in.
    if (!(offset >= 0 && offset < table.length)) {
      return this.metalPerUnit(name, vintage, this.metals[metal]!);
    }
    let perUnit = table[offset]!;
    if (Number.isNaN(perUnit)) {
      perUnit = this.metalPerUnit(name, vintage, this.metals[metal]!);
      table[offset] = perUnit;
    }
    return perUnit;
  }

  private demand(year: number): void {
    const chemistry = this.chemistry;
    if (chemistry !== undefined) {
      this.#settledShares.set(
        year,
        chemistry.settle(year, (metal) => this.priceOf(metal)),
      );
    }

    let newUnits = 0;
    let energyKWh = 0;
    let retiredUnits = 0;
    const stockUnits: Record<string, number> = {};
    const steps = this.#steps;
    // Every sum runs over the types in their order, and within a type over its cohorts oldest
    // first, as the by-cohort arrays of the step list them.
    for (let i = 0; i < this.types.length; i++) {
      const name = this.types[i]!.name;
      const step = this.stocks[i]!.setTargetTotals(year, this.stockTarget(name, year), steps[i]!);
      newUnits += step.inflow;
      energyKWh += step.inflow * this.energyPerUnitKWh(name, year);
      retiredUnits += step.outflow;
      stockUnits[name] = step.stock;
    }
    let totalStock = 0;
    for (const name in stockUnits) totalStock += stockUnits[name]!;

    const { metals, product, unit } = this;
    const flows = this.#flows;
    for (let m = 0; m < metals.length; m++) this.#sumMetalFlows(m, year, flows[m]!);
    const metalInUse: Record<string, number> = {};
    for (let m = 0; m < metals.length; m++) metalInUse[metals[m]!] = flows[m]!.inUse;
    this.update({ stockUnits, metalInUse });
    let anyEarly = false;
    for (let m = 0; m < metals.length; m++) {
      const flow = flows[m]!;
      const metal = metals[m]!;
      this.publish('DemandPosted', {
        metal,
        product,
        tonnes: flow.demand,
        newUnits,
        unit,
        energyKWh,
        stockUnits: totalStock,
      });
      this.publish('ProductsRetired', {
        metal,
        product,
        tonnes: flow.retired,
        earlyTonnes: flow.early,
        units: retiredUnits,
      });
      if (flow.early > 0) anyEarly = true;
    }
    if (anyEarly) this.#warnEarly(year);

    for (let m = 0; m < metals.length; m++) {
      const flow = flows[m]!;
      const names = this.#metalVariables[m]!;
      this.observe(names.demand, names.unit, flow.demand);
      this.observe(names.retired, names.unit, flow.retired);
      this.observe(names.retiredEarly, names.unit, flow.early);
      this.observe(names.metalInUse, names.unit, flow.inUse);
    }
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
    if (chemistry !== undefined) {
      const shares = this.#settledShares.get(year)!;
      this.#shareVariables.forEach((name, c) => {
        this.observe(name, '1', shares[c]!);
      });
    }
  }

  /** One metal's flows this year, summed over the types after their stocks were set. */
  #sumMetalFlows(m: number, year: number, into: MetalFlows): void {
    let demand = 0;
    let retired = 0;
    let early = 0;
    let inUse = 0;
    const weights = this.#metalPerUnit[m]!;
    const sums = this.#sums;
    for (let i = 0; i < this.types.length; i++) {
      const metalPerUnit = weights[i]!;
      demand += this.#steps[i]!.inflow * metalPerUnit(year);
      this.stocks[i]!.weightedSums(metalPerUnit, sums);
      retired += sums.outflow;
      early += sums.early;
      inUse += sums.stock;
    }
    into.demand = demand;
    into.retired = retired;
    into.early = early;
    into.inUse = inUse;
  }

  #warnEarly(year: number): void {
    const flows = this.#flows;
    const detail =
      flows.length === 1
        ? { year, earlyTonnes: flows[0]!.early }
        : {
            year,
            earlyTonnesByMetal: Object.fromEntries(
              this.metals.map((metal, m) => [metal, flows[m]!.early]),
            ),
          };
    this.warn(
      'E_EARLY_RETIREMENT',
      `${this.product} stock fell faster than retirements in ${year}`,
      detail,
    );
  }
}
