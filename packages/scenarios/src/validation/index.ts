// The public names of the pattern checks. The package index re-exports from here.

export {
  checkP6,
  checkP7,
  checkP8,
  checkP9,
  checkP10,
  checkP11,
  checkP12,
} from './balance-patterns.js';
export {
  CALIBRATION_FINDINGS,
  FINDINGS_PACK,
  withCalibrationFindings,
} from './calibration-findings.js';
export { checkPatterns } from './check-patterns.js';
export { checkP1, checkP2, checkP3 } from './demand-patterns.js';
export { formatPatternDetails, formatPatternTable } from './format-pattern-table.js';
export { checkP13, SENSITIVITY_PARAMETERS, sensitivityEffect } from './sensitivity-pattern.js';
export {
  type CombinationSeries,
  type PatternResult,
  SERIES_VALUE_FIELDS,
  type SensitivityParameter,
  type SensitivityResult,
  SeriesShapeError,
} from './series.js';
export { checkP4, checkP5 } from './supplier-patterns.js';
