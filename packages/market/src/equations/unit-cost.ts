import { isNonNegative, isPositive, requireFinite, requireNumber } from './require.js';

/** Parameters of the unit-cost curve (11) of one primary producer. */
export interface UnitCostParameters {
  /**
   * Curvature `a` of (11); any finite value. Free in the paper, calibrated. The cost stays
   * positive at every output only while 0 ≤ a < 100 + 50·√3 ≈ 186.6.
   */
  readonly a: number;
  /** Tonnes of lithium per cost unit, so that `x = q / qScale`. Not in the paper; calibrated. */
  readonly qScale: number;
}

/**
 * Unit cost of a primary producer at an output, eq. (11):
 * `Cost(q) = a·x² + (1000 − 20·a)·x + 10000` with `x = q / qScale`.
 *
 * `outputTonnesLi` is in t Li a year; the cost is in the paper's price units per tonne. The
 * curve passes through `Cost(0) = 10 000` and `Cost(20·qScale) = 30 000` for every `a`: `a`
 * bends the curve between these two points and never moves them.
 *
 * @throws NonFiniteNumberError if an argument is NaN or infinite.
 * @throws InvalidArgumentError if the output is negative or `qScale` is not positive.
 */
export function unitCost(outputTonnesLi: number, parameters: UnitCostParameters): number {
  const { a, qScale } = parameters;
  const where = 'unitCost (eq. 11)';
  requireNumber('outputTonnesLi', outputTonnesLi, where, 'an output >= 0 t Li', isNonNegative);
  requireFinite('a', a, where);
  requireNumber('qScale', qScale, where, 't Li per cost unit > 0', isPositive);

  const x = outputTonnesLi / qScale;
  return a * x * x + (1000 - 20 * a) * x + 10000;
}
