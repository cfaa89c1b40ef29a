import { Agent } from '@orebus/core';
import { z } from 'zod';
import type { MarketMessages } from '../protocol.js';
import type { RuleDefinition } from './registry.js';
import { inWindow, WINDOW_OUT_OF_ORDER, windowInOrder, yearWindowFields } from './year-window.js';

/** Parameters of a random import disruption. */
export const RandomImportDisruptionSchema = z
  .strictObject({
    kind: z.literal('random-import-disruption'),
    /** Chance, each year of the window, that a disruption strikes, 0–1. */
    probability: z.number().min(0).max(1),
    /** Fraction of net imports cut in a year it strikes, 0–1. */
    share: z.number().min(0).max(1),
    /** First and last year in which it may strike; the whole run when left out. */
    ...yearWindowFields,
  })
  .refine(windowInOrder, WINDOW_OUT_OF_ORDER);
export type RandomImportDisruption = z.infer<typeof RandomImportDisruptionSchema>;

/**
 * A stochastic shock: each year of its window, with the given probability, publishes
 * `SupplyRestricted` for imports in the quote phase. Draws come from the agent's own random
 * stream, so a run's disruptions depend only on the run seed and the rule's id, and adding or
 * removing other agents changes none of them.
 */
export class RandomImportDisruptionAgent extends Agent<{ strikes: number }, MarketMessages> {
  private readonly metal: string;
  private readonly parameters: RandomImportDisruption;

  constructor(id: string, metal: string, parameters: RandomImportDisruption) {
    super({ id, publishes: ['SupplyRestricted'], consumes: [], initialState: { strikes: 0 } });
    this.metal = metal;
    this.parameters = parameters;
  }

  protected setup(): void {
    this.onPhase('quote', (year) => {
      const { probability, share } = this.parameters;
      // One draw every year, in or out of the window, so the window does not shift later draws.
      const strikes = this.random.next() < probability;
      if (!(strikes && inWindow(year, this.parameters))) {
        this.observe('disrupted', '1', 0);
        return;
      }
      this.update({ strikes: this.state.strikes + 1 });
      this.publish('SupplyRestricted', {
        metal: this.metal,
        source: 'import',
        share,
        rule: this.id,
      });
      this.observe('disrupted', '1', 1);
    });
  }
}

/** The random-import-disruption rule: a yearly chance of losing a share of net imports. */
export const randomImportDisruptionRule: RuleDefinition<RandomImportDisruption> = {
  kind: 'random-import-disruption',
  description: 'net imports cut by a share in years drawn at random with a given probability',
  schema: RandomImportDisruptionSchema,
  create: (parameters, context) => [
    new RandomImportDisruptionAgent(
      `rule:${context.index}:random-import-disruption`,
      context.metal,
      parameters,
    ),
  ],
};
