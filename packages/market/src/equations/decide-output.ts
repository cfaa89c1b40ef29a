import { InvalidArgumentError } from '@orebus/core';
import { isNonNegative, isPositive, requireFinite, requireNumber } from './require.js';

/** Which branch of the output rule (15) a producer took. */
export type OutputBranch = 'grow' | 'contract';

/** A primary producer's output for the year and the branch of (15) that gave it. */
export interface OutputDecision {
  /** Output of the year, t Li; never negative. */
  readonly output: number;
  readonly branch: OutputBranch;
}

/** Parameters of the output rule (15). */
export interface OutputRuleParameters {
  /** GDP growth rate, a fraction a year (0.055 in the reference case); above −1. */
  readonly g: number;
  /** Productivity growth `d_t` of this year (see productivityGrowth); above −1. */
  readonly d: number;
  /** The paper's structural divisor of growth; positive, near 1 to keep the paper's meaning. */
  readonly Eco: number;
  /** Fraction by which a producer contracts; in [0, 1], 5–30 % in the paper's sense. */
  readonly Con: number;
}

/** Made once, not per call: the output rule runs for every producer every year. */
const isAboveMinusOne = (value: number): boolean => value > -1;

/**
 * Output decision of a primary producer at tick `t`, eq. (15): grow to
 * `q_{t−1}·(1 + g)·(1 + d_t) / Eco` if `P_t ≥ Cost(q_{t−1})`, otherwise contract to
 * `q_{t−1}·(1 − Con)`.
 *
 * `previousOutput` is `q_{t−1}` in t Li; `price` is `P_t` and `cost` is `Cost(q_{t−1})` from
 * unitCost, both in price units per tonne. A tie grows, as the paper's `≥` says.
 *
 * @throws NonFiniteNumberError if an argument is NaN or infinite.
 * @throws InvalidArgumentError if the previous output is negative, `g` or `d` is −1 or less,
 *   `Eco` is not positive, or `Con` lies outside [0, 1]; each would allow a negative output.
 */
export function decideOutput(
  previousOutput: number,
  price: number,
  cost: number,
  parameters: OutputRuleParameters,
): OutputDecision {
  const { g, d, Eco, Con } = parameters;
  const where = 'decideOutput (eq. 15)';
  requireNumber('previousOutput', previousOutput, where, 'an output >= 0 t Li', isNonNegative);
  requireFinite('price', price, where);
  requireFinite('cost', cost, where);
  requireNumber('g', g, where, 'a growth rate > -1', isAboveMinusOne);
  requireNumber('d', d, where, 'a productivity growth > -1', isAboveMinusOne);
  requireNumber('Eco', Eco, where, 'Eco > 0', isPositive);
  requireFinite('Con', Con, where);
  if (Con < 0 || Con > 1) throw new InvalidArgumentError('Con', Con, 'a fraction in [0, 1]');

  if (price >= cost) {
    return { output: (previousOutput * (1 + g) * (1 + d)) / Eco, branch: 'grow' };
  }
  return { output: previousOutput * (1 - Con), branch: 'contract' };
}
