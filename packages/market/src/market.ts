import { Agent, type Envelope, OrebusError } from '@orebus/core';
import { type Clearing, clearMarket } from './equations/clear-market.js';
import { meanUnitCost } from './equations/mean-unit-cost.js';
import { priceUpdate } from './equations/price-update.js';
import type { DemandPosted, MarketMessages, SupplyOffered } from './protocol.js';

/** Parameters of price formation, eqs. (12)–(14). */
export interface PricingParameters {
  /** `P0`, the price quoted in the first year, price units per tonne. */
  readonly initialPrice: number;
  /** Sensitivity of price to cost, (13). */
  readonly SCP: number;
  /** Sensitivity of price to the supply–demand ratio, (14). */
  readonly SPR: number;
  /** `plain` (MODEL.md default) or `share-weighted` (by each producer's output) mean cost. */
  readonly costMean: 'plain' | 'share-weighted';
}

/** What a market remembers from one year to the next. */
export interface MarketState {
  readonly price: number | null;
  readonly supply: number;
  readonly demand: number;
  readonly ratio: number | null;
  readonly meanUnitCost: number | null;
}

/** The offers and demands a market heard in one tick, in delivery order. */
export interface MarketBook {
  readonly offers: readonly SupplyOffered[];
  readonly demands: readonly DemandPosted[];
  /**
   * The product of the factors of this tick's `DemandScaled` messages (a demand-noise rule's,
   * say), 1 without any: the share of the posted demand the market counts.
   */
  readonly demandScale: number;
  /**
   * The product of the factors of this tick's `DemandScaled` messages that name a product, by
   * product; empty without any. A demand of a product listed here counts times its factor (and
   * times `demandScale`).
   */
  readonly productScales: ReadonlyMap<string, number>;
}

/**
 * A clearing rule: turns a year's book into the totals. The default sums every offer and every
 * demand (eqs. 16–18); a rule that, say, rations demand or holds back a stockpile replaces it.
 */
export type ClearingRule = (book: MarketBook) => Clearing;

/** The default clearing rule: supply is the sum of the offers as published (17), demand (18). */
export const sumClearing: ClearingRule = (book) => {
  let demand = 0;
  const scales = book.productScales;
  if (scales.size === 0) {
    for (const d of book.demands) demand += d.tonnes;
  } else {
    for (const d of book.demands) demand += d.tonnes * (scales.get(d.product) ?? 1);
  }
  // Without a DemandScaled message the scale is 1, and the product is the sum, bit for bit.
  demand *= book.demandScale;
  return clearMarket({ offers: book.offers.map((o) => o.tonnes), demand });
};

/** The factors by product of a tick without any: shared, never written. */
const NO_PRODUCT_SCALES: Map<string, number> = new Map();

/** Options of a {@link Market}. */
export interface MarketOptions {
  readonly id?: string;
  /** The metal this market prices; it hears only messages about this metal. */
  readonly metal: string;
  readonly pricing: PricingParameters;
  readonly clearing?: ClearingRule;
}

/**
 * The market of one metal. In `quote` it publishes `P_t` (the initial price in the first year,
 * eqs. 12–14 from the state of the year before afterwards); it collects the year's offers and
 * demands as they are published; in `clear` it totals them with its clearing rule, forms the
 * mean unit cost of the primary producers and publishes `MarketCleared`.
 *
 * To change price formation, override `formPrice`; to change the cost mean, `meanCost`; to
 * change clearing, pass a `clearing` rule.
 */
export class Market extends Agent<MarketState, MarketMessages> {
  readonly metal: string;
  protected readonly pricing: PricingParameters;
  private readonly clearing: ClearingRule;
  private offers: SupplyOffered[] = [];
  private demands: DemandPosted[] = [];
  private demandScale = 1;
  /** Factors by product; made on the first `DemandScaled` that names one in a tick. */
  private productScales: Map<string, number> = NO_PRODUCT_SCALES;
  /** The unit of the totals, `t Li`; built once, not every tick. */
  readonly #tonnesUnit: string;

  constructor(options: MarketOptions) {
    super({
      id: options.id ?? `market:${options.metal}`,
      publishes: ['PriceQuoted', 'MarketCleared'],
      consumes: ['SupplyOffered', 'DemandPosted', 'DemandScaled'],
      initialState: { price: null, supply: 0, demand: 0, ratio: null, meanUnitCost: null },
    });
    this.metal = options.metal;
    this.#tonnesUnit = `t ${options.metal}`;
    this.pricing = options.pricing;
    this.clearing = options.clearing ?? sumClearing;
  }

  protected setup(): void {
    this.subscribe('SupplyOffered', (m: Envelope<MarketMessages, 'SupplyOffered'>) => {
      if (m.payload.metal === this.metal) this.offers.push(m.payload);
    });
    this.subscribe('DemandPosted', (m: Envelope<MarketMessages, 'DemandPosted'>) => {
      if (m.payload.metal === this.metal) this.demands.push(m.payload);
    });
    this.subscribe('DemandScaled', (m: Envelope<MarketMessages, 'DemandScaled'>) => {
      const { metal, product, factor } = m.payload;
      if (metal !== this.metal) return;
      if (product === undefined) {
        this.demandScale *= factor;
        return;
      }
      if (this.productScales === NO_PRODUCT_SCALES) this.productScales = new Map();
      this.productScales.set(product, (this.productScales.get(product) ?? 1) * factor);
    });
    this.onPhase('quote', (year) => this.quote(year));
    this.onPhase('clear', () => this.clear());
  }

  override onTickStart(): void {
    this.offers = [];
    this.demands = [];
    this.demandScale = 1;
    this.productScales = NO_PRODUCT_SCALES;
  }

  /**
   * `P_t` and its two factors. The first year quotes the initial price; later years apply
   * (12)–(14) to the state the market kept from the year before.
   */
  protected formPrice(year: number): { price: number; ecp: number; erp: number } {
    const last = this.state;
    if (last.price === null) return { price: this.pricing.initialPrice, ecp: 1, erp: 1 };
    return priceUpdate({
      previousPrice: last.price,
      meanCost: last.meanUnitCost ?? last.price,
      previousRatio: last.ratio,
      previousDemand: last.demand,
      SCP: this.pricing.SCP,
      SPR: this.pricing.SPR,
      year,
    });
  }

  /** `Cbar_t` from the primary offers of the year, or null if there were none. */
  protected meanCost(primary: readonly SupplyOffered[]): number | null {
    // Offers without a unit cost take no part in the mean, neither as a cost nor as a weight.
    const costs: number[] = [];
    const weights: number[] = [];
    for (const offer of primary) {
      if (offer.unitCost === undefined) continue;
      costs.push(offer.unitCost);
      weights.push(Math.max(offer.tonnes, 0));
    }
    if (costs.length === 0) return null;
    if (this.pricing.costMean === 'plain') return meanUnitCost(costs);
    return meanUnitCost(costs, weights);
  }

  private quote(year: number): void {
    const { price, ecp, erp } = this.formPrice(year);
    this.update({ price });
    this.publish('PriceQuoted', { metal: this.metal, price, costFactor: ecp, ratioFactor: erp });
    this.observe('price', 'price units/t', price);
  }

  /**
   * A factor for a product that posted no demand this tick would change nothing, silently: a
   * misspelt product in a scenario file, say. That stops the run.
   */
  #checkScaledProducts(): void {
    for (const product of this.productScales.keys()) {
      if (this.demands.some((d) => d.product === product)) continue;
      const posted = [...new Set(this.demands.map((d) => d.product))];
      throw new OrebusError(
        'E_UNKNOWN_PRODUCT',
        `${this.id}: demand of product "${product}" was scaled in ${this.year}, but no demand ` +
          `of it was posted; the products that posted demand: ${posted.join(', ') || 'none'}`,
        { agent: this.id, year: this.year, product, posted },
      );
    }
  }

  private clear(): void {
    if (this.productScales !== NO_PRODUCT_SCALES) this.#checkScaledProducts();
    const result = this.clearing({
      offers: this.offers,
      demands: this.demands,
      demandScale: this.demandScale,
      productScales: this.productScales,
    });
    // Three sums by source, each over the offers in the order they came.
    let primarySupply = 0;
    let recycledSupply = 0;
    let netImports = 0;
    const primary: SupplyOffered[] = [];
    for (const offer of this.offers) {
      if (offer.source === 'primary') {
        primarySupply += offer.tonnes;
        primary.push(offer);
      } else if (offer.source === 'recycled') {
        recycledSupply += offer.tonnes;
      } else if (offer.source === 'import') {
        netImports += offer.tonnes;
      }
    }
    const mean = this.meanCost(primary);
    const price = this.state.price!;

    this.update({
      supply: result.supply,
      demand: result.demand,
      ratio: result.ratio,
      meanUnitCost: mean,
    });
    this.publish('MarketCleared', {
      metal: this.metal,
      price,
      supply: result.supply,
      demand: result.demand,
      ratio: result.ratio,
      balance: result.balance,
      primary: primarySupply,
      recycled: recycledSupply,
      netImports,
      meanUnitCost: mean,
    });

    const t = this.#tonnesUnit;
    this.observe('supply', t, result.supply);
    this.observe('demand', t, result.demand);
    this.observe('balance', t, result.balance);
    if (result.ratio !== null) this.observe('supplyDemandRatio', '1', result.ratio);
    this.observe('primarySupply', t, primarySupply);
    this.observe('recycledSupply', t, recycledSupply);
    this.observe('netImports', t, netImports);
    if (mean !== null) this.observe('meanUnitCost', 'price units/t', mean);
  }
}
