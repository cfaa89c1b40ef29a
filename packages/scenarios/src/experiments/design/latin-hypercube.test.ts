import { createRandom } from '@orebus/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latinHypercube } from './latin-hypercube.js';
import { codeOf, FIXED } from './test-helpers.test-support.js';

describe('latinHypercube', () => {
  it('puts exactly one point in each of the n strata of every dimension, inside (0, 1)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 80 }),
        fc.integer({ min: 1, max: 6 }),
        fc.nat(),
        (n, k, seed) => {
          const points = latinHypercube(n, k, createRandom(seed));

          expect(points).toHaveLength(n);
          for (let j = 0; j < k; j++) {
            const strata = points.map((point) => Math.floor((point[j] as number) * n));
            expect([...strata].sort((a, b) => a - b)).toEqual(
              Array.from({ length: n }, (_, s) => s),
            );
            expect(
              points.every((point) => (point[j] as number) > 0 && (point[j] as number) < 1),
            ).toBe(true);
          }
        },
      ),
      FIXED,
    );
  });

  it('gives the same design for the same stream and a different one for another', () => {
    const first = latinHypercube(10, 3, createRandom('lhs'));

    const again = latinHypercube(10, 3, createRandom('lhs'));
    const other = latinHypercube(10, 3, createRandom('lhs').stream('other'));

    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('refuses a size or dimension below 1', () => {
    expect(codeOf(() => latinHypercube(0, 2, createRandom(1)))).toBe('E_INVALID_ARGUMENT');
    expect(codeOf(() => latinHypercube(3, 0, createRandom(1)))).toBe('E_INVALID_ARGUMENT');
  });
});
