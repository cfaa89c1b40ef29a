import { Agent } from '@orebus/core';
import { z } from 'zod';
import type { MarketMessages } from '../protocol.js';
import type { RuleDefinition } from './registry.js';
import { inWindow, WINDOW_OUT_OF_ORDER, windowInOrder, yearWindowFields } from './year-window.js';

/** Parameters of noise on demand. */
export const DemandNoiseSchema = z
  .strictObject({
    kind: z.literal('demand-noise'),
    /**
     * Standard deviation of the natural log of the yearly factor, 0–1: 0.05 moves demand by
     * about 5 % either way in a typical year; 0 leaves it as posted.
     */
    sd: z.number().min(0).max(1),
    /**
     * Correlation of the log factor with the year before's, 0 to below 1: 0 draws each year
     * afresh; near 1, a deviation lasts for years. 0 when left out.
     */
    persistence: z.number().min(0).lt(1).optional(),
    /**
     * The product whose demand is scaled (a `DemandPosted.product`, `EV` or `ESS` in the lithium
     * model); all of the market's demand when left out. Two rules with different products give
     * each its own factor.
     */
    product: z.string().min(1).optional(),
    /** First and last year in which demand is scaled; the whole run when left out. */
    ...yearWindowFields,
  })
  .refine(windowInOrder, WINDOW_OUT_OF_ORDER);
export type DemandNoise = z.infer<typeof DemandNoiseSchema>;

/** What the rule remembers: the log of the last factor it drew; null before the first. */
export interface DemandNoiseState {
  readonly logFactor: number | null;
}

/**
 * A stochastic shock on demand: each year, in the quote phase, draws a factor whose log is
 * normal with mean 0 and the given standard deviation (an AR(1) process with the given
 * persistence, stationary from the first year), and within its window publishes `DemandScaled`,
 * so that the market counts the year's posted demand (of its product only, if it names one)
 * times that factor. The factor's median is
 * 1 and it is never negative. Draws come from the agent's own random stream: a run's factors
 * depend only on the run seed and the rule's id, and the window does not shift them.
 */
export class DemandNoiseAgent extends Agent<DemandNoiseState, MarketMessages> {
  private readonly metal: string;
  private readonly parameters: DemandNoise;

  constructor(id: string, metal: string, parameters: DemandNoise) {
    super({ id, publishes: ['DemandScaled'], consumes: [], initialState: { logFactor: null } });
    this.metal = metal;
    this.parameters = parameters;
  }

  protected setup(): void {
    this.onPhase('quote', (year) => {
      const { sd, persistence = 0 } = this.parameters;
      // One draw every year, in or out of the window, so the window does not shift later draws.
      const shock = this.random.normal(0, sd);
      const previous = this.state.logFactor;
      // The first year draws from the stationary law itself, so every year has the same spread.
      const logFactor =
        previous === null
          ? shock
          : persistence * previous + Math.sqrt(1 - persistence * persistence) * shock;
      this.update({ logFactor });
      const acts = inWindow(year, this.parameters);
      const factor = acts ? Math.exp(logFactor) : 1;
      if (acts) {
        const { product } = this.parameters;
        this.publish('DemandScaled', {
          metal: this.metal,
          factor,
          rule: this.id,
          ...(product === undefined ? {} : { product }),
        });
      }
      this.observe('demandFactor', '1', factor);
    });
  }
}

/** The demand-noise rule: the market's demand times a random, possibly persistent, factor. */
export const demandNoiseRule: RuleDefinition<DemandNoise> = {
  kind: 'demand-noise',
  description:
    "demand as the market counts it (or one product's) times a yearly lognormal factor (median 1)",
  schema: DemandNoiseSchema,
  create: (parameters, context) => [
    new DemandNoiseAgent(`rule:${context.index}:demand-noise`, context.metal, parameters),
  ],
};
