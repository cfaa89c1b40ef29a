import { Importer, type ImporterOptions } from '@orebus/agents';
import { InvalidArgumentError } from '@orebus/core';

/** Options of a {@link PriceResponsiveExporter}; prices in price units per t, masses in t. */
export interface PriceResponsiveExporterOptions
  extends Omit<ImporterOptions, 'netImports' | 'consumes'> {
  /** Net exports when the price at home equals the price abroad, t a year (positive). */
  readonly baseExports: (year: number) => number;
  /** The price abroad, price units per t. */
  readonly worldPrice: (year: number) => number;
  /** Elasticity of exports to `worldPrice / price at home`; 0 makes them fixed. */
  readonly elasticity: number;
}

/**
 * A net exporter whose exports follow the gap between the price abroad and the price quoted at
 * home: `exports = baseExports · (worldPrice / P_t)^elasticity`, offered as negative net
 * imports. It is the shipped `Importer` with one decision overridden, `plannedNetImports`, and
 * one message kind added, `PriceQuoted`; export restrictions (`SupplyRestricted` for imports)
 * still cut what it offers, as they cut any importer's.
 */
export class PriceResponsiveExporter extends Importer {
  private readonly exporter: PriceResponsiveExporterOptions;
  private price: number | null = null;

  constructor(options: PriceResponsiveExporterOptions) {
    if (!(Number.isFinite(options.elasticity) && options.elasticity >= 0)) {
      throw new InvalidArgumentError('elasticity', options.elasticity, 'a finite number >= 0');
    }
    super({ ...options, netImports: () => 0, consumes: ['PriceQuoted'] });
    this.exporter = options;
  }

  protected override setup(): void {
    super.setup();
    this.subscribe('PriceQuoted', (m) => {
      if (m.payload.metal === this.metal) this.price = m.payload.price;
    });
  }

  // super first: the importer resets its restrictions there.
  override onTickStart(): void {
    super.onTickStart();
    this.price = null;
  }

  /** `−baseExports · (worldPrice / P_t)^elasticity`; without a quote, the base exports. */
  protected override plannedNetImports(year: number): number {
    const base = this.exporter.baseExports(year);
    if (this.price === null) return -base;
    return -base * (this.exporter.worldPrice(year) / this.price) ** this.exporter.elasticity;
  }
}
