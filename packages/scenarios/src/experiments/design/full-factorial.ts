import { InvalidArgumentError } from '@orebus/core';
import { requireInteger } from './arguments.js';

/** The largest design `fullFactorial` builds; beyond it a factorial is not the design to use. */
export const MAX_FACTORIAL_POINTS = 2 ** 24;

/**
 * Every combination of the factors' levels, as points in the closed unit hypercube [0, 1]^k.
 * A factor with L ≥ 2 levels takes the values 0, 1/(L − 1), …, 1, so that `scale` puts its
 * extreme levels on the bounds; a factor with one level sits at 0.5.
 *
 * Order: lexicographic in the level indices, the last factor changing fastest, as nested loops
 * with the first factor outermost. The design has Π levels points, all distinct.
 *
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) if `levels` is empty, a count is not an
 *   integer ≥ 1, or the design would have more than `MAX_FACTORIAL_POINTS` points.
 */
export function fullFactorial(levels: readonly number[]): number[][] {
  if (levels.length === 0) throw new InvalidArgumentError('levels', levels, 'at least one factor');
  levels.forEach((count, j) => {
    requireInteger(`levels[${j}]`, count, 1);
  });
  const size = levels.reduce((product, count) => product * count, 1);
  if (size > MAX_FACTORIAL_POINTS) {
    throw new InvalidArgumentError(
      'levels',
      levels,
      `at most ${MAX_FACTORIAL_POINTS} combinations`,
    );
  }

  const values = levels.map((count) =>
    count === 1 ? [0.5] : Array.from({ length: count }, (_, i) => i / (count - 1)),
  );
  const points: number[][] = [];
  const index = new Array<number>(levels.length).fill(0);
  for (let row = 0; row < size; row++) {
    points.push(index.map((i, j) => (values[j] as number[])[i] as number));
    // Odometer step: the last factor turns fastest and carries into the one before it.
    for (let j = levels.length - 1; j >= 0; j--) {
      const next = (index[j] as number) + 1;
      if (next < (levels[j] as number)) {
        index[j] = next;
        break;
      }
      index[j] = 0;
    }
  }
  return points;
}
