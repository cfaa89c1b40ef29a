import { InvalidArgumentError, type Random } from '@orebus/core';
import { requireFiniteEntries, requireInteger } from './arguments.js';

/**
 * `r` random one-at-a-time trajectories for the elementary-effects method of Morris (1991), in
 * the form of Campolongo, Cariboni and Saltelli (2007): each is k + 1 points of the p-level grid
 * {0, 1/(p − 1), …, 1} in [0, 1]^k, where p = `levels`, and each step changes exactly one
 * factor, by ±Δ with Δ = p/(2(p − 1)), every factor exactly once.
 *
 * Construction (Morris's B* = (J x* + (Δ/2)[(2B − J)D* + J])P*): per factor, a base level x*
 * uniform on {0, …, 1 − Δ} and a direction (start at x* and step up, or at x* + Δ and step
 * down), each with probability 1/2; then a random order of the factors. Every grid level is
 * equally likely at the start. Returns r arrays of k + 1 points; flatten them for the model
 * runs and pass the same array to `morrisIndices`.
 *
 * Determinism: per trajectory in turn, k base levels, k directions, then one shuffle.
 *
 * Limitation: trajectories are drawn independently; Campolongo's selection of the r most
 * spread-out trajectories from a larger pool is not done, so small r covers the space less
 * evenly than SALib's `optimal_trajectories`.
 *
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) unless r ≥ 1 and k ≥ 1 are integers and
 *   `levels` is an even integer ≥ 2 (with odd p, Δ is not a whole number of grid steps).
 */
export function morrisTrajectories(
  r: number,
  k: number,
  levels: number,
  random: Random,
): number[][][] {
  requireInteger('r', r, 1);
  requireInteger('k', k, 1);
  if (!(Number.isInteger(levels) && levels >= 2 && levels % 2 === 0 && levels <= 2 ** 20)) {
    throw new InvalidArgumentError('levels', levels, 'an even number of grid levels, at least 2');
  }

  // Work in whole grid steps so that points are exact multiples of 1/(p − 1).
  const half = levels / 2;
  const spacing = levels - 1;
  const factors = Array.from({ length: k }, (_, i) => i);
  const trajectories: number[][][] = [];
  for (let t = 0; t < r; t++) {
    const base = factors.map(() => random.int(0, half - 1));
    const upward = factors.map(() => random.int(0, 1) === 1);
    const order = random.shuffle(factors);

    const grid = factors.map((i) => (base[i] as number) + (upward[i] ? 0 : half));
    const trajectory = [grid.map((g) => g / spacing)];
    for (const i of order) {
      grid[i] = (grid[i] as number) + (upward[i] ? half : -half);
      trajectory.push(grid.map((g) => g / spacing));
    }
    trajectories.push(trajectory);
  }
  return trajectories;
}

/** The elementary-effect statistics of one factor. */
export interface MorrisIndices {
  /** μ: the mean elementary effect; effects of opposite sign cancel in it. */
  readonly mu: number;
  /** μ*: the mean absolute elementary effect (Campolongo 2007), the measure to rank by. */
  readonly muStar: number;
  /** σ: the standard deviation of the elementary effects (divisor r − 1); large σ flags
   *  interactions or non-linearity. */
  readonly sigma: number;
}

/**
 * Morris's screening measures per factor, in factor order, from one-at-a-time trajectories
 * and the model outputs at their points (in the order of `trajectories.flat()`).
 *
 * The elementary effect of the step from x to x' that changes factor i is
 * EE_i = (y(x') − y(x))/(x'_i − x_i), which is (y(x + Δe_i) − y(x))/Δ for a step up and the same
 * quantity for a step down. Effects are thus per unit of the coordinate the trajectories are
 * given in: pass the unit-hypercube points to get effects comparable across factors.
 *
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) if there are fewer than 2 trajectories,
 *   they differ in length or dimension, a step does not change exactly one factor, a trajectory
 *   does not move every factor exactly once, or `outputs` has the wrong length.
 * @throws NonFiniteNumberError (`E_NON_FINITE`) naming the first output that is NaN or infinite.
 */
export function morrisIndices(
  trajectories: readonly (readonly (readonly number[])[])[],
  outputs: ArrayLike<number>,
): MorrisIndices[] {
  const r = trajectories.length;
  if (r < 2) {
    throw new InvalidArgumentError('trajectories.length', r, 'at least 2 trajectories');
  }
  const k = (trajectories[0]?.length ?? 0) - 1;
  if (k < 1) throw new InvalidArgumentError('trajectories[0].length', k + 1, 'at least 2 points');
  if (outputs.length !== r * (k + 1)) {
    throw new InvalidArgumentError(
      'outputs.length',
      outputs.length,
      `${r * (k + 1)}, one output per trajectory point in order`,
    );
  }
  requireFiniteEntries('outputs', outputs, 'morrisIndices');

  const effects = Array.from({ length: k }, () => new Float64Array(r));
  trajectories.forEach((trajectory, t) => {
    if (trajectory.length !== k + 1) {
      throw new InvalidArgumentError(`trajectories[${t}].length`, trajectory.length, `${k + 1}`);
    }
    const moved = new Array<boolean>(k).fill(false);
    for (let s = 0; s < k; s++) {
      const from = trajectory[s] as readonly number[];
      const to = trajectory[s + 1] as readonly number[];
      const factor = changedFactor(from, to, k, `trajectories[${t}][${s + 1}]`);
      if (moved[factor]) {
        throw new InvalidArgumentError(
          `trajectories[${t}][${s + 1}]`,
          to,
          `a step in a factor not yet moved; factor ${factor} moves twice`,
        );
      }
      moved[factor] = true;
      const rise = (outputs[t * (k + 1) + s + 1] as number) - (outputs[t * (k + 1) + s] as number);
      (effects[factor] as Float64Array)[t] =
        rise / ((to[factor] as number) - (from[factor] as number));
    }
  });

  return effects.map((ee) => {
    let sum = 0;
    let sumAbs = 0;
    for (const e of ee) {
      sum += e;
      sumAbs += Math.abs(e);
    }
    const mu = sum / r;
    let squares = 0;
    for (const e of ee) squares += (e - mu) ** 2;
    return { mu, muStar: sumAbs / r, sigma: Math.sqrt(squares / (r - 1)) };
  });
}

// The one coordinate in which `to` differs from `from`; refuses zero or several.
function changedFactor(
  from: readonly number[],
  to: readonly number[],
  k: number,
  field: string,
): number {
  if (from.length !== k || to.length !== k) {
    throw new InvalidArgumentError(`${field}.length`, to.length, `${k} coordinates per point`);
  }
  let changed = -1;
  for (let i = 0; i < k; i++) {
    if (from[i] === to[i]) continue;
    if (changed >= 0 || !Number.isFinite((to[i] as number) - (from[i] as number))) {
      throw new InvalidArgumentError(
        field,
        to,
        'a point that differs from the one before in one factor',
      );
    }
    changed = i;
  }
  if (changed < 0) {
    throw new InvalidArgumentError(
      field,
      to,
      'a point that differs from the one before in one factor',
    );
  }
  return changed;
}
