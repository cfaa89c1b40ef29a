import { InvalidArgumentError } from '../errors.js';
import { requireFinite, requirePositive } from './validate.js';

/** A pure function of time (a year, or any continuous time axis); the same input gives the same output. */
export type Curve = (t: number) => number;

/** Parameters of a logistic growth curve; `initial` and `max` share one unit. */
export interface LogisticParams {
  /** The value at `t0`; greater than 0 and at most `max`. */
  readonly initial: number;
  /** The saturation level the curve approaches as t grows (for a positive rate). */
  readonly max: number;
  /** The growth rate per unit of t; any finite number, 0 gives a constant curve. */
  readonly rate: number;
  /** The time at which the curve equals `initial`. */
  readonly t0: number;
}

/**
 * The logistic curve of the paper's equations (7) and (10),
 * `f(t) = max / (1 + (max/initial − 1) · exp(−rate · (t − t0)))`, so that `f(t0) = initial`.
 * The returned curve stays in (0, max] for every finite t.
 *
 * @throws InvalidArgumentError if a parameter is not finite, `initial` is not greater than 0 or
 *   `max` is less than `initial`; the returned curve throws it if `t` is not finite.
 */
export function logistic(params: LogisticParams): Curve {
  const { initial, max, rate, t0 } = params;
  requirePositive('initial', initial);
  requireFinite('max', max);
  requireFinite('rate', rate);
  requireFinite('t0', t0);
  if (max < initial) {
    throw new InvalidArgumentError('max', max, `a number of at least initial (${initial})`);
  }

  // With max = initial the coefficient is 0 and exp(...) may be Infinity; 0·Infinity is NaN.
  const coefficient = max / initial - 1;
  if (coefficient === 0) {
    return (t) => {
      requireFinite('t', t);
      return max;
    };
  }
  return (t) => max / (1 + coefficient * Math.exp(-rate * (requireFinite('t', t) - t0)));
}

/** What {@link solveLogisticRate} needs: a logistic curve without its rate, and a target point. */
export interface LogisticRateProblem {
  readonly initial: number;
  readonly max: number;
  readonly t0: number;
  /** The value the curve must take at `tTarget`; strictly between 0 and `max`. */
  readonly target: number;
  /** The time of the target; different from `t0`. */
  readonly tTarget: number;
}

/**
 * The rate of the logistic curve through `(t0, initial)` with saturation `max` that takes the
 * value `target` at `tTarget` (closed form). The rate is negative when the target lies below
 * `initial` after `t0`.
 *
 * @throws InvalidArgumentError if `initial` is not in (0, max), `target` is not in (0, max),
 *   `tTarget` equals `t0`, or a parameter is not finite.
 */
export function solveLogisticRate(problem: LogisticRateProblem): number {
  const { initial, max, t0, target, tTarget } = problem;
  requirePositive('initial', initial);
  requireFinite('max', max);
  requireFinite('t0', t0);
  requireFinite('target', target);
  requireFinite('tTarget', tTarget);
  if (max <= initial) {
    throw new InvalidArgumentError('max', max, `a number greater than initial (${initial})`);
  }
  if (target <= 0 || target >= max) {
    throw new InvalidArgumentError(
      'target',
      target,
      `a number strictly between 0 and max (${max})`,
    );
  }
  if (tTarget === t0) {
    throw new InvalidArgumentError('tTarget', tTarget, `a time other than t0 (${t0})`);
  }

  // max/target − 1 = (max/initial − 1) · exp(−rate · (tTarget − t0)), solved for rate.
  const rate = -Math.log((max / target - 1) / (max / initial - 1)) / (tTarget - t0);
  return requireFinite('rate (solved)', rate);
}

/** What {@link solveLogisticMax} needs: a logistic curve without its saturation, and a target. */
export interface LogisticMaxProblem {
  readonly initial: number;
  /** Greater than 0. */
  readonly rate: number;
  readonly t0: number;
  /** The value at `tTarget`; above `initial` and below `initial · exp(rate · (tTarget − t0))`. */
  readonly target: number;
  /** Later than `t0`. */
  readonly tTarget: number;
}

/**
 * The saturation `max` of the logistic curve through `(t0, initial)` with the given rate that
 * takes the value `target` at `tTarget` (closed form). A logistic curve never grows faster than
 * the exponential `initial · exp(rate · (t − t0))`, so a target at or above that has no solution.
 * Used to pick DESmax for a chosen n so that DES_2050 equals its target (paper eq. 10).
 *
 * @throws InvalidArgumentError if `initial` or `rate` is not greater than 0, `tTarget` is not
 *   after `t0`, or `target` is outside (initial, initial · exp(rate · (tTarget − t0))).
 */
export function solveLogisticMax(problem: LogisticMaxProblem): number {
  const { initial, rate, t0, target, tTarget } = problem;
  requirePositive('initial', initial);
  requirePositive('rate', rate);
  requireFinite('t0', t0);
  requireFinite('target', target);
  requireFinite('tTarget', tTarget);
  if (tTarget <= t0) {
    throw new InvalidArgumentError('tTarget', tTarget, `a time after t0 (${t0})`);
  }
  const decay = Math.exp(-rate * (tTarget - t0));
  const ceiling = initial / decay;
  if (target <= initial || !(target < ceiling)) {
    throw new InvalidArgumentError(
      'target',
      target,
      `a number above initial (${initial}) and below initial · exp(rate · (tTarget − t0)) ` +
        `(${ceiling}); raise the rate to reach a higher target`,
    );
  }

  // target · (1 + (max/initial − 1) · E) = max, with E = exp(−rate · Δt), is linear in max:
  // max = target · (1 − E) / (1 − target · E / initial). expm1 keeps 1 − E exact for small Δt.
  const max = (target * -Math.expm1(-rate * (tTarget - t0))) / (1 - (target * decay) / initial);
  return requireFinite('max (solved)', max);
}

/** Parameters of the Gompertz curve of vehicle ownership, paper eq. (5). */
export interface GompertzParams {
  /** The saturation level γ, e.g. vehicles per 1000 people; greater than 0. */
  readonly saturation: number;
  /** Displacement; greater than 0. The paper uses 5. */
  readonly a?: number;
  /** Growth rate per unit of x; greater than 0. The paper uses 0.14 per thousand currency units. */
  readonly b?: number;
}

/**
 * The Gompertz curve `x ↦ saturation · exp(−a · exp(−b · x))` of paper eq. (5): vehicle
 * ownership (per 1000 people) as a function of GDP per person `x`, in thousands of a currency per
 * person, as the constant b = 0.14 implies.
 *
 * @throws InvalidArgumentError if a parameter is not a finite number greater than 0; the
 *   returned curve throws it if `x` is not finite.
 */
export function gompertz(params: GompertzParams): Curve {
  const { saturation, a = 5, b = 0.14 } = params;
  requirePositive('saturation', saturation);
  requirePositive('a', a);
  requirePositive('b', b);

  return (x) => saturation * Math.exp(-a * Math.exp(-b * requireFinite('x', x)));
}

/** The shape of an S-curve's transition between its two levels. */
export type SCurveShape = 'logistic' | 'linear' | 'quadratic';

/** Parameters of a bounded transition between two levels. */
export interface SCurveParams {
  /** The value at and before `startYear`. */
  readonly from: number;
  /** The value at and after `endYear`. */
  readonly to: number;
  readonly startYear: number;
  /** After `startYear`. */
  readonly endYear: number;
  /**
   * `'logistic'` (the default): a logistic curve centred on the middle of the span, rescaled so
   * that it meets both endpoints exactly. `'linear'`: a straight line. `'quadratic'`: a
   * piecewise-quadratic ease-in-out, 2u² then 1 − 2(1 − u)², with a continuous slope.
   */
  readonly shape?: SCurveShape;
  /**
   * For the logistic shape only: the slope of the underlying logistic in units of the span,
   * greater than 0 and at most 200. Small values approach a straight line; the default 10
   * puts about 99 % of the change within the span's middle nine tenths. A slope `k` per unit
   * of t is `k · (endYear − startYear)` here.
   */
  readonly steepness?: number;
  /**
   * For the logistic shape only: where the underlying logistic has its inflection, in units of
   * t; the middle of the span when absent. It may lie outside the span: before `startYear` the
   * curve decelerates from the start, after `endYear` it accelerates to the end.
   */
  readonly midpointYear?: number;
}

/**
 * A smooth monotone transition from `from` at `startYear` to `to` at `endYear`, constant outside
 * that span: the S-curves of the recycling rates (paper eq. 3) and of electrification. The
 * logistic shape is the normalised logistic
 * `from + (to − from) · (L(t) − L(startYear)) / (L(endYear) − L(startYear))` with
 * `L(t) = 1 / (1 + exp(−k · (t − midpointYear)))` and `k = steepness / (endYear − startYear)`.
 * Invariants that hold exactly in floating point: the value at `startYear` is `from`, at
 * `endYear` is `to`, and every value lies within [min(from, to), max(from, to)]. The curve is
 * monotone in t; for the logistic shape that rests on `Math.exp` being monotone.
 *
 * @throws InvalidArgumentError if a bound or year is not finite, `endYear` is not after
 *   `startYear`, `to − from` overflows, `steepness` is outside (0, 200], or `midpointYear` is
 *   not finite or so far outside the span that the logistic is flat across it in floating point;
 *   the returned curve throws it if `t` is not finite.
 */
export function sCurve(params: SCurveParams): Curve {
  const { from, to, startYear, endYear, shape = 'logistic', steepness = 10 } = params;
  requireFinite('from', from);
  requireFinite('to', to);
  requireFinite('startYear', startYear);
  requireFinite('endYear', endYear);
  if (endYear <= startYear) {
    throw new InvalidArgumentError('endYear', endYear, `a year after startYear (${startYear})`);
  }
  const change = requireFinite('to − from', to - from);
  const span = requireFinite('endYear − startYear', endYear - startYear);
  const low = Math.min(from, to);
  const high = Math.max(from, to);
  // The midpoint as a share of the span; 1/2 exactly when absent, which keeps the centred curve
  // bit for bit what it was before the midpoint could move.
  const midpoint =
    params.midpointYear === undefined
      ? 0.5
      : (requireFinite('midpointYear', params.midpointYear) - startYear) / span;
  const progress = easing(shape, steepness, midpoint);

  // Every step below is a monotone map of t (subtraction, division and multiplication by a
  // constant, clamping), so a monotone easing gives a monotone curve, and the clamp makes the
  // bounds exact whatever the rounding.
  return (t) => {
    requireFinite('t', t);
    if (t <= startYear) return from;
    if (t >= endYear) return to;
    const value = from + change * progress((t - startYear) / span);
    return Math.min(high, Math.max(low, value));
  };
}

// Maps u in [0, 1] monotonically onto [0, 1] with 0 ↦ 0 and 1 ↦ 1; `midpoint` is the logistic's
// inflection as a share of the span.
function easing(shape: SCurveShape, steepness: number, midpoint: number): (u: number) => number {
  switch (shape) {
    case 'linear':
      return (u) => u;
    case 'quadratic':
      // 2u² and 1 − 2(1 − u)² meet at u = 1/2 with value 1/2, which both sides produce exactly.
      return (u) => (u <= 0.5 ? 2 * u * u : 1 - 2 * (1 - u) * (1 - u));
    case 'logistic': {
      // Limitation: monotonicity in floating point here rests on Math.exp being monotone, which
      // ECMAScript does not promise; the tests probe adjacent doubles but cannot prove it. The
      // 'linear' and 'quadratic' shapes are monotone by construction.
      if (!(steepness > 0 && steepness <= 200)) {
        throw new InvalidArgumentError('steepness', steepness, 'a number in (0, 200]');
      }
      const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
      // For the centred curve, −steepness · 0.5 and steepness · (1 − 0.5) are exactly ∓steepness/2.
      const bottom = sigmoid(-steepness * midpoint);
      const range = sigmoid(steepness * (1 - midpoint)) - bottom;
      if (!(range > 0)) {
        throw new InvalidArgumentError(
          'midpointYear',
          midpoint,
          'a midpoint near enough to the span that the logistic still changes across it ' +
            '(as a share of the span; move it closer or lower the steepness)',
        );
      }
      return (u) =>
        Math.min(1, Math.max(0, (sigmoid(steepness * (u - midpoint)) - bottom) / range));
    }
    default:
      throw new InvalidArgumentError('shape', shape, "'logistic', 'linear' or 'quadratic'");
  }
}
