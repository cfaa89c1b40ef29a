// Adding an agent kind: a strategic stockpile that buys while the price is low and sells while it
// is high. It extends the kernel's Agent and trades only through messages the market already
// understands, so neither the market nor any other agent changes.
import { Agent } from '@orebus/core';
import type { MarketMessages } from '@orebus/market';
import { buildVanadiumModel } from './add-a-metal.js';

/** Parameters of a stockpile; prices in price units per tonne, masses in t of metal. */
export interface StockpileOptions {
  readonly id: string;
  readonly metal: string;
  /** It buys while the quoted price is below this. */
  readonly buyBelow: number;
  /** It sells while the quoted price is above this. */
  readonly sellAbove: number;
  /** Most it buys or sells in one year, t. */
  readonly tonnesPerYear: number;
  /** Most it holds, t. */
  readonly capacityTonnes: number;
}

/** What a stockpile holds at the end of a year, and what it bought and sold in that year, t. */
export interface StockpileState {
  readonly heldTonnes: number;
  readonly boughtTonnes: number;
  readonly soldTonnes: number;
}

/**
 * A stockpile. In `demand` it buys by posting `DemandPosted` (product `stockpile`), so its
 * purchases add to the market's demand; in `supply` it sells by offering `SupplyOffered`.
 * Every year `held = held before + bought − sold`, and `0 ≤ held ≤ capacityTonnes`.
 */
export class Stockpile extends Agent<StockpileState, MarketMessages> {
  readonly metal: string;
  private readonly options: StockpileOptions;
  private price: number | null = null;

  constructor(options: StockpileOptions) {
    super({
      id: options.id,
      publishes: ['DemandPosted', 'SupplyOffered'],
      consumes: ['PriceQuoted'],
      initialState: { heldTonnes: 0, boughtTonnes: 0, soldTonnes: 0 },
    });
    this.metal = options.metal;
    this.options = options;
  }

  protected setup(): void {
    this.subscribe('PriceQuoted', (m) => {
      if (m.payload.metal === this.metal) this.price = m.payload.price;
    });
    this.onPhase('demand', () => this.buy());
    this.onPhase('supply', () => this.sell());
  }

  // The price is this tick's memory: a year without a quote must not act on last year's.
  override onTickStart(): void {
    this.price = null;
  }

  private buy(): void {
    const { buyBelow, tonnesPerYear, capacityTonnes } = this.options;
    const held = this.state.heldTonnes;
    const cheap = this.price !== null && this.price < buyBelow;
    const bought = cheap ? Math.min(tonnesPerYear, capacityTonnes - held) : 0;

    this.update({ heldTonnes: held + bought, boughtTonnes: bought, soldTonnes: 0 });
    this.publish('DemandPosted', {
      metal: this.metal,
      product: 'stockpile',
      tonnes: bought,
      newUnits: bought,
      unit: 't',
      energyKWh: 0,
      stockUnits: held + bought,
    });
    this.observe('bought', `t ${this.metal}`, bought);
  }

  private sell(): void {
    const { sellAbove, tonnesPerYear } = this.options;
    const held = this.state.heldTonnes;
    const dear = this.price !== null && this.price > sellAbove;
    const sold = dear ? Math.min(tonnesPerYear, held) : 0;

    this.update({ heldTonnes: held - sold, soldTonnes: sold });
    // The protocol knows three sources. A release is offered as `primary` without a unit cost:
    // the market counts it in primary supply but leaves it out of the mean cost of eq. (13).
    this.publish('SupplyOffered', { metal: this.metal, source: 'primary', tonnes: sold });
    this.observe('sold', `t ${this.metal}`, sold);
    this.observe('held', `t ${this.metal}`, held - sold);
  }
}

/**
 * The vanadium market of the previous step with a stockpile added last. With these thresholds
 * it buys 600 t in the price slump of the mid-2020s and sells it all again in the 2030s, when
 * the price passes 20 000.
 */
export function runVanadiumWithStockpile(endYear = 2040) {
  const model = buildVanadiumModel(endYear);
  const stockpile = model.sim.add(
    new Stockpile({
      id: 'stockpile',
      metal: 'V',
      buyBelow: 12_000,
      sellAbove: 20_000,
      tonnesPerYear: 300,
      capacityTonnes: 1_000,
    }),
  );
  model.sim.run();
  return { ...model, stockpile };
}
