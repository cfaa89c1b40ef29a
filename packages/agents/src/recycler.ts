import { Agent, type Envelope } from '@orebus/core';
import type { MarketMessages } from '@orebus/market';
import type { ExtraKinds } from './extra-kinds.js';

/**
 * The four factors of the end-of-life recycling rate (eq. 3), each a fraction 0–1 by year:
 * collection rate of end-of-life products `CRP`, battery recycling rate `CRL`, lithium
 * recovery rate `RR`, technical recovery efficiency `TRE`.
 */
export interface RecyclingFactors {
  readonly CRP: (year: number) => number;
  readonly CRL: (year: number) => number;
  readonly RR: (year: number) => number;
  readonly TRE: (year: number) => number;
}

/** Parameters of a recycler (MODEL.md section 5). */
export interface RecyclerOptions extends ExtraKinds {
  readonly id: string;
  readonly metal: string;
  readonly factors: RecyclingFactors;
}

/** What a recycler remembers, t of metal. */
export interface RecyclerState {
  readonly endOfLife: number;
  readonly recycled: number;
  readonly lost: number;
}

/**
 * The recycler: in `supply` it recovers `RLi_t = OfI_t · SRR_t` (eq. 1) from the metal in the
 * products retired this year, `OfI_t` (eq. 2), which it learns only from the `ProductsRetired`
 * messages the demand agents published earlier in the tick. What is retired and not recovered
 * is reported as `lost`, so that `recycled + lost = endOfLife` every year.
 * Override `recyclingRate` to make recycling respond to the price or anything else.
 */
export class Recycler extends Agent<RecyclerState, MarketMessages> {
  readonly metal: string;
  protected readonly factors: RecyclingFactors;
  /** This year's price, once quoted; a price-responsive subclass reads it in `recyclingRate`. */
  protected price: number | null = null;
  private retired = 0;
  /** The unit of the flows, `t Li`; built once, not every tick. */
  readonly #tonnesUnit: string;

  constructor(options: RecyclerOptions) {
    super({
      id: options.id,
      publishes: ['SupplyOffered', ...(options.publishes ?? [])],
      consumes: ['ProductsRetired', 'PriceQuoted', ...(options.consumes ?? [])],
      initialState: { endOfLife: 0, recycled: 0, lost: 0 },
    });
    this.metal = options.metal;
    this.factors = options.factors;
    this.#tonnesUnit = `t ${options.metal}`;
  }

  protected setup(): void {
    this.subscribe('ProductsRetired', (m: Envelope<MarketMessages, 'ProductsRetired'>) => {
      if (m.payload.metal === this.metal) this.retired += m.payload.tonnes;
    });
    this.subscribe('PriceQuoted', (m: Envelope<MarketMessages, 'PriceQuoted'>) => {
      if (m.payload.metal === this.metal) this.price = m.payload.price;
    });
    this.onPhase('supply', (year) => this.supply(year));
  }

  override onTickStart(): void {
    this.price = null;
    this.retired = 0;
  }

  /** End-of-life recycling rate `SRR_t = CRP·CRL·RR·TRE` (eq. 3), clamped to 0–1. */
  protected recyclingRate(year: number): number {
    const { CRP, CRL, RR, TRE } = this.factors;
    const rate = CRP(year) * CRL(year) * RR(year) * TRE(year);
    return Math.min(1, Math.max(0, rate));
  }

  private supply(year: number): void {
    const endOfLife = this.retired;
    const rate = this.recyclingRate(year);
    const recycled = endOfLife * rate;
    const lost = endOfLife - recycled;

    this.update({ endOfLife, recycled, lost });
    this.publish('SupplyOffered', { metal: this.metal, source: 'recycled', tonnes: recycled });
    const t = this.#tonnesUnit;
    this.observe('endOfLife', t, endOfLife);
    this.observe('recycled', t, recycled);
    this.observe('lost', t, lost);
    this.observe('recyclingRate', '1', rate);
  }
}
