// The public API of @orebus/market: the market protocol, price formation and clearing, the
// pure equations they rest on, and the registry of interaction rules.

export * from './equations/index.js';
export {
  type ClearingRule,
  Market,
  type MarketBook,
  type MarketOptions,
  type MarketState,
  type PricingParameters,
  sumClearing,
} from './market.js';
export {
  type DemandPosted,
  DemandPostedSchema,
  type DemandScaled,
  DemandScaledSchema,
  MARKET_PHASES,
  type MarketCleared,
  MarketClearedSchema,
  type MarketMessages,
  type MarketPhase,
  marketProtocol,
  type PriceQuoted,
  PriceQuotedSchema,
  type ProductsRetired,
  ProductsRetiredSchema,
  type SupplyOffered,
  SupplyOfferedSchema,
  type SupplyRestricted,
  SupplyRestrictedSchema,
  type SupplySource,
  SupplySourceSchema,
} from './protocol.js';
export {
  type DemandNoise,
  DemandNoiseAgent,
  DemandNoiseSchema,
  type DemandNoiseState,
  demandNoiseRule,
} from './rules/demand-noise.js';
export {
  type ImportDisruption,
  ImportDisruptionAgent,
  ImportDisruptionSchema,
  importDisruptionRule,
} from './rules/import-disruption.js';
export {
  type RandomImportDisruption,
  RandomImportDisruptionAgent,
  RandomImportDisruptionSchema,
  randomImportDisruptionRule,
} from './rules/random-import-disruption.js';
export {
  type RuleContext,
  type RuleDefinition,
  RuleError,
  RuleRegistry,
} from './rules/registry.js';

import { demandNoiseRule } from './rules/demand-noise.js';
import { importDisruptionRule } from './rules/import-disruption.js';
import { randomImportDisruptionRule } from './rules/random-import-disruption.js';
import { RuleRegistry } from './rules/registry.js';

/** A registry holding the rules that ship with Orebus. Each call returns a new registry. */
export function defaultRules(): RuleRegistry {
  return new RuleRegistry()
    .register(importDisruptionRule)
    .register(randomImportDisruptionRule)
    .register(demandNoiseRule);
}
