/**
 * The scenario-file format and scenario packs: schema, loading, resolution of combinations,
 * variants and command-line overrides, and the errors they raise.
 */

export { type Assignment, assignParameters, isAssignable } from './assign.js';
export {
  BATTERY_USES,
  type BatteryUse,
  CHEMISTRY_FILE,
  CHEMISTRY_FORMAT,
  type ChemistryData,
  ChemistryFileSchema,
  deriveIntensity,
  loadChemistryFile,
} from './chemistry-file.js';
export type { DocumentFormat } from './documents.js';
export {
  COMMAND_LINE,
  formatScenarioError,
  isScenarioError,
  PackBaseError,
  ScenarioError,
  type ScenarioIssue,
  type ScenarioIssueCode,
} from './errors.js';
export {
  describeProvenance,
  type ImportDisruptionRule,
  ImportDisruptionRuleSchema,
  type Interpolation,
  type Lifetime,
  LifetimeSchema,
  MetalSchema,
  type Parameter,
  type ParameterValue,
  type Provenance,
  ProvenanceSchema,
  type Rule,
  RuleSchema,
  SCENARIO_FORMAT,
  ScenarioFileSchema,
  scenarioFileSchema,
  type Uncertainty,
  UncertaintySchema,
} from './file-schema.js';
export {
  expandSeries,
  type LithiumParameters,
  RECYCLING_FACTOR_NAMES,
  type RecyclingFactors,
  type YearSeries,
} from './lithium-parameters.js';
export { OVERRIDE_PROVENANCE, overrideName } from './overrides.js';
export {
  type Combination,
  findCombination,
  listCombinations,
  loadPack,
  PACK_MANIFEST,
  type Pack,
  type PackChemistry,
  type PackData,
  type PackSide,
  packData,
  packFromData,
} from './pack.js';
export {
  DEFAULT_METAL,
  findParameterSpec,
  LITHIUM_PARAMETER_SPECS,
  type ParameterSpec,
  parameterSpecs,
} from './parameter-specs.js';
export {
  canonicalJson,
  hashParameters,
  loadScenarioFile,
  type ParameterRow,
  parseScenario,
  type ResolvedScenario,
  type ResolveOptions,
  resolveScenario,
  serializeScenario,
} from './resolve.js';
