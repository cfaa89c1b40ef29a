import { InvalidArgumentError } from '@orebus/core';
import { isNonNegative, requireFiniteAt, requireNumberAt } from './require.js';

/**
 * Mean unit cost `Cbar_t` of the primary producers, price units per tonne, for (13).
 *
 * Without `weights` this is the plain mean, MODEL.md's default. With `weights` (for instance
 * the producers' outputs or market shares, in the order of `costs`) it is `Σ w·c / Σ w`.
 * Neither array is mutated.
 *
 * @throws InvalidArgumentError if `costs` is empty, the two arrays differ in length, a
 *   weight is negative, or the weights sum to zero.
 * @throws NonFiniteNumberError if a cost or weight is NaN or infinite.
 */
export function meanUnitCost(costs: readonly number[], weights?: readonly number[]): number {
  const where = 'meanUnitCost';
  if (costs.length === 0) {
    throw new InvalidArgumentError('costs', costs, 'at least one producer cost');
  }

  if (weights === undefined) {
    let sum = 0;
    for (let i = 0; i < costs.length; i++) sum += requireFiniteAt('costs', costs, i, where);
    return sum / costs.length;
  }
  if (weights.length !== costs.length) {
    throw new InvalidArgumentError(
      'weights.length',
      weights.length,
      `one weight per cost (${costs.length})`,
    );
  }
  let weightedSum = 0;
  let weightSum = 0;
  for (let i = 0; i < costs.length; i++) {
    const cost = requireFiniteAt('costs', costs, i, where);
    const weight = requireNumberAt('weights', weights, i, where, 'a weight >= 0', isNonNegative);
    weightedSum += weight * cost;
    weightSum += weight;
  }
  if (weightSum === 0) throw new InvalidArgumentError('weights', weights, 'weights summing to > 0');
  return weightedSum / weightSum;
}
