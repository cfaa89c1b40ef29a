import { Agent, type Envelope, OrebusError } from '@orebus/core';
import {
  decideOutput,
  type MarketMessages,
  type OutputBranch,
  type ProductivityMode,
  productivityGrowth,
  unitCost,
} from '@orebus/market';
import type { ExtraKinds } from './extra-kinds.js';

/** Parameters of a primary producer (MODEL.md section 4). */
export interface PrimaryProducerOptions extends ExtraKinds {
  readonly id: string;
  readonly metal: string;
  /** Output of the base year, `q_{i,base}`, t of metal. */
  readonly initialOutput: number;
  /** Cost curve (11): curvature `a` and `qScale` (t per cost unit). */
  readonly cost: { readonly a: number; readonly qScale: number };
  /** Output rule (15): GDP growth `g`, structural divisor `Eco`, contraction share `Con`. */
  readonly rule: { readonly g: number; readonly Eco: number; readonly Con: number };
  /** Productivity growth `d_t`: rate `r`, mode, and the base year of the index. */
  readonly productivity: {
    readonly rate: number;
    readonly mode: ProductivityMode;
    readonly baseYear: number;
  };
}

/** What a producer remembers: its output, the unit cost at it, and the branch it took. */
export interface PrimaryProducerState {
  readonly output: number;
  readonly unitCost: number;
  readonly branch: OutputBranch | null;
}

/**
 * A primary producer: mines and refines the metal. In `supply` it decides its output from the
 * price quoted this year and its unit cost at last year's output (eq. 15), and offers it.
 *
 * Each decision is a protected method: `unitCost` (eq. 11), `productivityGrowth` (`d_t`),
 * `decide` (the output rule). Override one to change one decision.
 */
export class PrimaryProducer extends Agent<PrimaryProducerState, MarketMessages> {
  readonly metal: string;
  protected readonly options: PrimaryProducerOptions;
  private price: number | null = null;
  /** The unit of output, `t Li`; built once, not every tick. */
  readonly #tonnesUnit: string;

  constructor(options: PrimaryProducerOptions) {
    super({
      id: options.id,
      publishes: ['SupplyOffered', ...(options.publishes ?? [])],
      consumes: ['PriceQuoted', ...(options.consumes ?? [])],
      initialState: { output: options.initialOutput, unitCost: 0, branch: null },
    });
    this.metal = options.metal;
    this.options = options;
    this.#tonnesUnit = `t ${options.metal}`;
  }

  protected setup(): void {
    this.subscribe('PriceQuoted', (m: Envelope<MarketMessages, 'PriceQuoted'>) => {
      if (m.payload.metal === this.metal) this.price = m.payload.price;
    });
    this.onPhase('supply', (year) => this.supply(year));
  }

  /** Prices the base-year output; a subclass's own fields are ready by now. */
  override onRunStart(): void {
    this.update({ unitCost: this.unitCost(this.state.output) });
  }

  override onTickStart(): void {
    this.price = null;
  }

  /** Unit cost at output `q` (t), price units per tonne; eq. (11). */
  protected unitCost(q: number): number {
    return unitCost(q, this.options.cost);
  }

  /** Growth of mining and beneficiation productivity in `year`, `d_t`. */
  protected productivityGrowth(year: number): number {
    return productivityGrowth(year, this.options.productivity);
  }

  /** This year's output from the price and last year's output: eq. (15). */
  protected decide(
    year: number,
    price: number,
    previousOutput: number,
  ): { output: number; branch: OutputBranch } {
    const { g, Eco, Con } = this.options.rule;
    const rule = { g, d: this.productivityGrowth(year), Eco, Con };
    return decideOutput(previousOutput, price, this.unitCost(previousOutput), rule);
  }

  private supply(year: number): void {
    if (this.price === null) {
      throw new OrebusError(
        'E_NO_PRICE',
        `${this.id}: no PriceQuoted for ${this.metal} before the supply phase of ${year}; ` +
          'add a Market for this metal to the simulation',
        { agent: this.id, metal: this.metal, year },
      );
    }
    const { output, branch } = this.decide(year, this.price, this.state.output);
    const cost = this.unitCost(output);

    this.update({ output, unitCost: cost, branch });
    this.publish('SupplyOffered', {
      metal: this.metal,
      source: 'primary',
      tonnes: output,
      unitCost: cost,
    });
    this.observe('output', this.#tonnesUnit, output);
    this.observe('unitCost', 'price units/t', cost);
    this.observe('grew', '1', branch === 'grow' ? 1 : 0);
  }
}
