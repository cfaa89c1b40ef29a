// The pure equations of price formation and primary output: no bus, no state. The market
// agent, the producer agents and the plain-loop yardstick all call these.

export { type Clearing, type ClearingInputs, clearMarket } from './clear-market.js';
export {
  decideOutput,
  type OutputBranch,
  type OutputDecision,
  type OutputRuleParameters,
} from './decide-output.js';
export { meanUnitCost } from './mean-unit-cost.js';
export { type PriceFormationDetails, PriceFormationError } from './price-formation-error.js';
export { type PriceUpdate, type PriceUpdateInputs, priceUpdate } from './price-update.js';
export {
  type ProductivityMode,
  type ProductivityParameters,
  productivityGrowth,
} from './productivity-growth.js';
export {
  runSupplyLoop,
  type SupplyLoopInputs,
  type SupplyLoopParameters,
  type SupplyLoopRow,
} from './supply-loop.js';
export { type UnitCostParameters, unitCost } from './unit-cost.js';
