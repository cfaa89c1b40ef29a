// The public names of the experiment designs and their estimators: model-free functions over
// plain numbers, deterministic given a Random stream. Everything else in this folder is internal.

export {
  cdf,
  type Distribution,
  type DistributionIssue,
  DistributionSchema,
  describeDistribution,
  InvalidDistributionError,
  mapToDistributions,
  parseDistribution,
  quantile,
  sample,
  support,
  WEIGHT_SUM_TOLERANCE,
} from './distributions.js';
export { fullFactorial, MAX_FACTORIAL_POINTS } from './full-factorial.js';
export { latinHypercube } from './latin-hypercube.js';
export { type MorrisIndices, morrisIndices, morrisTrajectories } from './morris.js';
export { normalQuantile } from './normal-quantile.js';
export { percentiles } from './percentiles.js';
export {
  type SaltelliOptions,
  type SaltelliOutputs,
  saltelliBlockSize,
  saltelliSample,
  splitSaltelliOutputs,
} from './saltelli.js';
export { type Bounds, scale } from './scale.js';
export {
  type IndexEstimate,
  type PairIndexEstimate,
  type SobolIndices,
  type SobolOptions,
  sobolIndices,
} from './sobol-indices.js';
export { SOBOL_MAX_DIMENSIONS, sobolSequence } from './sobol-sequence.js';
