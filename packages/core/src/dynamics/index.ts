// The public names of the material-flow dynamics: curves, lifetime distributions and dynamic
// stock models. Everything else in this folder is internal.

export {
  type CohortRetirement,
  CohortStock,
  type CohortStockOptions,
  type StockStep,
  type StockTotals,
  type VintageWeight,
  type WeightedSums,
} from './cohort-stock.js';
export type { CohortAmount } from './cohorts.js';
export {
  type Curve,
  type GompertzParams,
  gompertz,
  type LogisticMaxProblem,
  type LogisticParams,
  type LogisticRateProblem,
  logistic,
  type SCurveParams,
  type SCurveShape,
  sCurve,
  solveLogisticMax,
  solveLogisticRate,
} from './curves.js';
export {
  DEFAULT_MAX_AGE,
  type LifetimeSpec,
  LifetimeSpecSchema,
  lifetimePmf,
  MAX_LIFETIME_AGE,
  type ReadonlyFloat64Array,
  survivalFromPmf,
} from './lifetime.js';
export { erf, erfc, normalCdf, normalSurvival } from './special-functions.js';
export {
  computeInflowDrivenStock,
  computeStockDrivenStock,
  type InflowDrivenInput,
  type StockDrivenInput,
  type StockModelResult,
} from './stock-models.js';
