/**
 * The scenario-file format and scenario packs: schema, loading, resolution of combinations,
 * variants and command-line overrides, and the errors they raise.
 */

export { type Assignment, assignParameters, isAssignable } from './assign.js';
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
  type ImportDisruptionRule,
  ImportDisruptionRuleSchema,
  type Interpolation,
  type Lifetime,
  LifetimeSchema,
  type Parameter,
  type ParameterValue,
  type Provenance,
  ProvenanceSchema,
  type Rule,
  RuleSchema,
  SCENARIO_FORMAT,
  ScenarioFileSchema,
} from './file-schema.js';
export {
  expandSeries,
  type LithiumParameters,
  RECYCLING_FACTOR_NAMES,
  type RecyclingFactors,
  type YearSeries,
} from './lithium-parameters.js';
export { OVERRIDE_PROVENANCE } from './overrides.js';
export {
  type Combination,
  findCombination,
  listCombinations,
  loadPack,
  PACK_MANIFEST,
  type Pack,
  type PackSide,
} from './pack.js';
export {
  findParameterSpec,
  LITHIUM_PARAMETER_SPECS,
  type ParameterSpec,
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
