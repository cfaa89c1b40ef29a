// The public API of @orebus/scenarios: scenario packs and files, the lithium reference model
// built from them, the runs behind the `orebus` command, pattern validation and the report.

export { type Io, main, UsageError } from './cli/main.js';
export { OutputDirError, writeOutputDir } from './cli/output-dir.js';
export {
  buildLithiumModel,
  type DerivedQuantities,
  LITHIUM,
  type LithiumModel,
  type LithiumModelOptions,
  type LithiumRun,
  type RunOptions,
  runLithiumModel,
} from './model/lithium-model.js';
export {
  type CombinationRun,
  type RunRequest,
  runCombinations,
  SENSITIVITY_OVERRIDE_PATHS,
  supplySensitivity,
} from './model/reference-runs.js';
export { extractSeries, type RunSeries } from './model/series.js';
export * from './pack/index.js';
export * from './report/index.js';
export * from './validation/index.js';
