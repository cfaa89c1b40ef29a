import { Agent } from '@orebus/core';
import type { MarketMessages, RuleDefinition } from '@orebus/market';
import { z } from 'zod';

/** Parameters of an export licence; the price in price units per t of metal. */
export const ExportLicenceSchema = z.strictObject({
  kind: z.literal('export-licence'),
  /** Licences bind in the years whose quoted price is above this. */
  triggerPrice: z.number().positive(),
  /** Share of net exports the licences withhold in those years, 0–1. */
  share: z.number().min(0).max(1),
  /** First year in which licences are required. */
  fromYear: z.number().int(),
});
export type ExportLicence = z.infer<typeof ExportLicenceSchema>;

/**
 * Carries out an export licence: when the market quotes a price above the trigger (in a year
 * from `fromYear` on) it publishes `SupplyRestricted` for the `import` source, so the trader
 * offers `1 − share` of its planned net trade. It publishes from its `PriceQuoted` handler, so
 * the restriction is out in the quote phase wherever the rule was added among the agents.
 *
 * Limitation: net trade has one sign. For a net exporter the cut keeps metal at home, as an
 * export licence should; for a net importer it would cut imports instead.
 */
export class ExportLicenceAgent extends Agent<{ readonly binding: boolean }, MarketMessages> {
  private readonly metal: string;
  private readonly licence: ExportLicence;

  constructor(id: string, metal: string, licence: ExportLicence) {
    super({
      id,
      publishes: ['SupplyRestricted'],
      consumes: ['PriceQuoted'],
      initialState: { binding: false },
    });
    this.metal = metal;
    this.licence = licence;
  }

  protected setup(): void {
    this.subscribe('PriceQuoted', (m) => {
      if (m.payload.metal !== this.metal) return;
      const year = this.year;
      const binding = year >= this.licence.fromYear && m.payload.price > this.licence.triggerPrice;

      this.update({ binding });
      if (binding) {
        this.publish('SupplyRestricted', {
          metal: this.metal,
          source: 'import',
          share: this.licence.share,
          rule: this.id,
        });
      }
      this.observe('binding', '1', binding ? 1 : 0);
    });
  }
}

/** The export-licence rule: net exports cut by a share in years of high prices. */
export const exportLicenceRule: RuleDefinition<ExportLicence> = {
  kind: 'export-licence',
  description: 'net exports cut by a share in the years the price is above a trigger',
  schema: ExportLicenceSchema,
  create: (licence, context) => [
    new ExportLicenceAgent(`rule:${context.index}:export-licence`, context.metal, licence),
  ],
};
