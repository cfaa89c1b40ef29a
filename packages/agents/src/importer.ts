import { Agent, type Envelope } from '@orebus/core';
import type { MarketMessages } from '@orebus/market';
import type { ExtraKinds } from './extra-kinds.js';

/** Parameters of an importer (MODEL.md section 6). */
export interface ImporterOptions extends ExtraKinds {
  readonly id: string;
  readonly metal: string;
  /** Net imports `NIM_t = Import_t − Export_t` of a year, t of metal; may be negative. */
  readonly netImports: (year: number) => number;
}

/** What an importer remembers. */
export interface ImporterState {
  readonly netImports: number;
  readonly restrictedShare: number;
}

/**
 * The importer: an outside agent, unmoved by the market, that offers net imports (eq. 4) in
 * `supply`. It honours `SupplyRestricted` for imports published earlier in the tick: each
 * restriction removes its share of what is left, so two 50 % cuts leave 25 %.
 * Override `plannedNetImports` to make imports respond to something.
 */
export class Importer extends Agent<ImporterState, MarketMessages> {
  readonly metal: string;
  private readonly netImportsOf: (year: number) => number;
  private kept = 1;
  /** The unit of net imports, `t Li`; built once, not every tick. */
  readonly #tonnesUnit: string;

  constructor(options: ImporterOptions) {
    super({
      id: options.id,
      publishes: ['SupplyOffered', ...(options.publishes ?? [])],
      consumes: ['SupplyRestricted', ...(options.consumes ?? [])],
      initialState: { netImports: 0, restrictedShare: 0 },
    });
    this.metal = options.metal;
    this.netImportsOf = options.netImports;
    this.#tonnesUnit = `t ${options.metal}`;
  }

  protected setup(): void {
    this.subscribe('SupplyRestricted', (m: Envelope<MarketMessages, 'SupplyRestricted'>) => {
      if (m.payload.metal === this.metal && m.payload.source === 'import')
        this.kept *= 1 - m.payload.share;
    });
    this.onPhase('supply', (year) => this.supply(year));
  }

  override onTickStart(): void {
    this.kept = 1;
  }

  /** Net imports planned for `year` before any restriction, t. */
  protected plannedNetImports(year: number): number {
    return this.netImportsOf(year);
  }

  private supply(year: number): void {
    const tonnes = this.plannedNetImports(year) * this.kept;

    this.update({ netImports: tonnes, restrictedShare: 1 - this.kept });
    this.publish('SupplyOffered', { metal: this.metal, source: 'import', tonnes });
    this.observe('netImports', this.#tonnesUnit, tonnes);
    this.observe('restrictedShare', '1', 1 - this.kept);
  }
}
