import { Importer, type ImporterOptions } from '@orebus/agents';
import { type Curve, type Envelope, InvalidArgumentError } from '@orebus/core';
import type { MarketMessages } from '@orebus/market';

/** Parameters of a {@link GapImporter}. */
export interface GapImporterOptions extends ImporterOptions {
  /** Share of last year's gap between demand and domestic supply that imports cover, (0, 1]. */
  readonly gapShare: number;
  /** Most that can be imported in a year, t. */
  readonly cap: Curve;
  /** The gap assumed before the first clearing is heard (the base year's), t. */
  readonly initialGap: number;
}

/**
 * An importer for a metal whose supply is mostly imported (cobalt, nickel): each year it plans
 * `min(cap_t, max(NIM_t, gapShare · gap_{t−1}))`, where `gap_{t−1}` is demand less primary
 * and recycled supply in last year's `MarketCleared` for its metal and `NIM_t` the stated net
 * imports, which act as a floor (contracted imports). Buyers book imports on what they lacked
 * last year, so imports lag demand by a year; the cap stands for what the exporting countries
 * and the import channel can supply. Import restrictions (`SupplyRestricted`) then cut the plan
 * as for any importer. It observes the gap it planned on as `gap` (t).
 */
export class GapImporter extends Importer {
  private readonly gapShare: number;
  private readonly cap: Curve;
  private lastGap: number;
  readonly #unit: string;

  constructor(options: GapImporterOptions) {
    super({ ...options, consumes: ['MarketCleared', ...(options.consumes ?? [])] });
    if (!(options.gapShare > 0 && options.gapShare <= 1)) {
      throw new InvalidArgumentError('gapShare', options.gapShare, 'a share in (0, 1]');
    }
    if (!Number.isFinite(options.initialGap)) {
      throw new InvalidArgumentError('initialGap', options.initialGap, 'a finite number of t');
    }
    this.gapShare = options.gapShare;
    this.cap = options.cap;
    this.lastGap = options.initialGap;
    this.#unit = `t ${options.metal}`;
  }

  protected override setup(): void {
    super.setup();
    this.subscribe('MarketCleared', (m: Envelope<MarketMessages, 'MarketCleared'>) => {
      const cleared = m.payload;
      if (cleared.metal === this.metal) {
        this.lastGap = cleared.demand - cleared.primary - cleared.recycled;
      }
    });
  }

  protected override plannedNetImports(year: number): number {
    const floor = super.plannedNetImports(year);
    this.observe('gap', this.#unit, this.lastGap);
    return Math.min(this.cap(year), Math.max(floor, this.gapShare * this.lastGap));
  }
}
