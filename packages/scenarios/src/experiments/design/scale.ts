import { InvalidArgumentError } from '@orebus/core';

/** The range of each factor, `[low, high]` with low < high, in the factor's own unit. */
export type Bounds = readonly (readonly [low: number, high: number])[];

/**
 * The points of a unit-hypercube design mapped linearly onto `bounds`: coordinate j of each
 * point becomes `low_j + (high_j − low_j)·x_j`. Returns new arrays; `points` is not changed.
 * For a factor that is not uniform, map it with `mapToDistributions` instead.
 *
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) if a bound is not finite, `low ≥ high`,
 *   or a point has a different number of coordinates than `bounds` has ranges.
 */
export function scale(points: readonly (readonly number[])[], bounds: Bounds): number[][] {
  bounds.forEach(([low, high], j) => {
    if (!(Number.isFinite(low) && Number.isFinite(high) && low < high)) {
      throw new InvalidArgumentError(`bounds[${j}]`, [low, high], 'finite [low, high], low < high');
    }
  });

  return points.map((point, row) => {
    if (point.length !== bounds.length) {
      throw new InvalidArgumentError(
        `points[${row}].length`,
        point.length,
        `${bounds.length}, one coordinate per range in bounds`,
      );
    }
    return point.map((x, j) => {
      const [low, high] = bounds[j] as readonly [number, number];
      return low + (high - low) * x;
    });
  });
}
