import {
  checkP6,
  checkP7,
  checkP8,
  checkP9,
  checkP10,
  checkP11,
  checkP12,
} from './balance-patterns.js';
import { checkP1, checkP2, checkP3 } from './demand-patterns.js';
import { checkP13 } from './sensitivity-pattern.js';
import type { CombinationSeries, PatternResult, SensitivityResult } from './series.js';
import { checkP4, checkP5 } from './supplier-patterns.js';

/**
 * Checks the patterns P1–P13 of MODEL.md section 11 on a model's output series, keyed by
 * combination name (`'S1-D1'`, ...). Returns one result per pattern, in order P1..P13; a
 * pattern whose combinations are absent is not held and lists them in `missing`. Pure: the
 * inputs are not mutated and nothing is printed. Throws `SeriesShapeError` (code
 * `E_SERIES_SHAPE`) for a malformed series, or one that lacks a year a pattern needs.
 */
export function checkPatterns(
  results: ReadonlyMap<string, CombinationSeries>,
  sensitivity?: SensitivityResult,
): PatternResult[] {
  return [
    checkP1(results),
    checkP2(results),
    checkP3(results),
    checkP4(results),
    checkP5(results),
    checkP6(results),
    checkP7(results),
    checkP8(results),
    checkP9(results),
    checkP10(results),
    checkP11(results),
    checkP12(results),
    checkP13(sensitivity),
  ];
}
