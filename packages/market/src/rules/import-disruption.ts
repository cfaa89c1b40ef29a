import { Agent } from '@orebus/core';
import { z } from 'zod';
import type { MarketMessages } from '../protocol.js';
import type { RuleDefinition } from './registry.js';

/** Parameters of an import disruption. */
export const ImportDisruptionSchema = z.strictObject({
  kind: z.literal('import-disruption'),
  /** Fraction of net imports cut in each listed year, 0–1. */
  share: z.number().min(0).max(1),
  /** Years in which the cut applies. */
  years: z.array(z.number().int()).min(1),
});
export type ImportDisruption = z.infer<typeof ImportDisruptionSchema>;

/**
 * Publishes `SupplyRestricted` for imports in the quote phase of each disrupted year. Importers
 * read it in the supply phase, which comes later in the tick, and cut their offer by `share`;
 * so the rule works wherever it was added among the agents.
 */
export class ImportDisruptionAgent extends Agent<Record<string, never>, MarketMessages> {
  private readonly metal: string;
  private readonly share: number;
  private readonly years: ReadonlySet<number>;

  constructor(id: string, metal: string, parameters: ImportDisruption) {
    super({ id, publishes: ['SupplyRestricted'], consumes: [], initialState: {} });
    this.metal = metal;
    this.share = parameters.share;
    this.years = new Set(parameters.years);
  }

  protected setup(): void {
    this.onPhase('quote', (year) => {
      if (!this.years.has(year)) return;
      this.publish('SupplyRestricted', {
        metal: this.metal,
        source: 'import',
        share: this.share,
        rule: this.id,
      });
    });
  }
}

/** The import-disruption rule: net imports cut by a share in given years. */
export const importDisruptionRule: RuleDefinition<ImportDisruption> = {
  kind: 'import-disruption',
  description: 'net imports cut by a given share in given years',
  schema: ImportDisruptionSchema,
  create: (parameters, context) => [
    new ImportDisruptionAgent(`rule:${context.index}:import-disruption`, context.metal, parameters),
  ],
};
