// The public API of @orebus/scenarios: scenario packs and files (any metal), the reference model
// built from them, the runs behind the `orebus` command, pattern validation and the report.

export {
  type CalibratedParameter,
  type CalibrationOptions,
  type CalibrationResult,
  calibrate,
  checkSpaceMatches,
  type EvaluationRecord,
  evaluateSetting,
  LITHIUM_CALIBRATION_SPACE,
} from './calibration/calibrate.js';
export { type Io, main, UsageError } from './cli/main.js';
export { OutputDirError, writeOutputDir } from './cli/output-dir.js';
export {
  analyseExperiment,
  type ExperimentSummary,
  SWEEP_TABLE_LIMIT,
} from './experiments/analyse.js';
export {
  type CalibrationSummary,
  calibrateToPatterns,
  type PatternEvaluation,
} from './experiments/calibrate-experiment.js';
export * from './experiments/design/index.js';
export * from './experiments/engine/index.js';
export {
  type Experiment,
  ExperimentFileSchema,
  loadExperiment,
  toExperiment,
} from './experiments/experiment-file.js';
export { renderExperimentPage } from './experiments/experiment-report.js';
export {
  DesignMatrix,
  type DrawnFactor,
  type ExperimentPlan,
  type FactorRange,
  parameterValue,
  planExperiment,
} from './experiments/plan.js';
export {
  type ExperimentResult,
  type RunExperimentOptions,
  runExperiment,
} from './experiments/run-experiment.js';
export {
  buildJointModel,
  type JointModel,
  type JointModelOptions,
  type JointRun,
  type JointRunOptions,
  runJointModel,
} from './joint/joint-model.js';
export {
  assignJoint,
  isJointPackDir,
  JOINT_PACK_FORMAT,
  type JointPack,
  JointPackManifestSchema,
  type JointResolveOptions,
  type JointScenario,
  jointCombinations,
  loadJointPack,
  type PriceResponse,
  resolveJoint,
} from './joint/joint-pack.js';
export {
  type JointCombinationRun,
  type JointRunRequest,
  runJointCombinations,
} from './joint/joint-runs.js';
export { extractJointSeries, type JointSeries, type MetalSeries } from './joint/joint-series.js';
export { GapImporter, type GapImporterOptions } from './model/gap-importer.js';
export {
  addMarket,
  addSuppliers,
  baseYearGap,
  buildLithiumModel,
  buildMetalModel,
  type DerivedQuantities,
  type EssMakerCurves,
  type EvMakerCurves,
  essMakerCurves,
  evMakerCurves,
  LITHIUM,
  type LithiumModel,
  type LithiumModelOptions,
  type LithiumRun,
  type MetalModelOptions,
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
