// Adding an interaction rule: the stockpile of the previous step as a rule kind, so that a
// scenario can ask for it by data. A rule is a kind, a zod schema and a factory of the agents
// that carry it out; registered in a RuleRegistry beside the rules that ship.
import { defaultRules, type RuleDefinition } from '@orebus/market';
import { z } from 'zod';
import { buildVanadiumModel } from './add-a-metal.js';
import { Stockpile } from './add-an-agent-kind.js';

/** Parameters of a strategic stockpile; prices in price units per tonne, masses in t. */
export const StrategicStockpileSchema = z
  .strictObject({
    kind: z.literal('strategic-stockpile'),
    buyBelow: z.number().positive(),
    sellAbove: z.number().positive(),
    tonnesPerYear: z.number().positive(),
    capacityTonnes: z.number().positive(),
  })
  // Buying above the selling price would trade with itself at a loss every year.
  .refine((p) => p.sellAbove > p.buyBelow, {
    path: ['sellAbove'],
    message: 'must be above buyBelow',
  });
export type StrategicStockpile = z.infer<typeof StrategicStockpileSchema>;

/** The rule: one stockpile for the metal of the market it is added to. */
export const strategicStockpileRule: RuleDefinition<StrategicStockpile> = {
  kind: 'strategic-stockpile',
  description: 'a state reserve that buys below one price and sells above another',
  schema: StrategicStockpileSchema,
  create: (parameters, context) => [
    new Stockpile({
      id: `rule:${context.index}:strategic-stockpile`,
      metal: context.metal,
      buyBelow: parameters.buyBelow,
      sellAbove: parameters.sellAbove,
      tonnesPerYear: parameters.tonnesPerYear,
      capacityTonnes: parameters.capacityTonnes,
    }),
  ],
};

/** The shipped rules (import disruptions) and the stockpile. */
export const rules = defaultRules().register(strategicStockpileRule);

/**
 * Runs the vanadium market with rules given as data, e.g. parsed from a scenario file. Each
 * spec is checked against its kind's schema first: a bad one throws `RuleError` (`E_RULE`)
 * naming its path, such as `rules[0].sellAbove`, and its value.
 */
export function runVanadiumWithRules(specs: readonly unknown[], endYear = 2040) {
  const model = buildVanadiumModel(endYear);
  specs.forEach((spec, index) => {
    const context = { metal: 'V', startYear: 2023, endYear, index };
    for (const agent of rules.create(spec, context, `rules[${index}]`)) model.sim.add(agent);
  });
  model.sim.run();
  return model;
}
