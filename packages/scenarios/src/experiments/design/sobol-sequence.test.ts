import { createRandom } from '@orebus/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SOBOL_MAX_DIMENSIONS, sobolSequence } from './sobol-sequence.js';
import { codeOf, FIXED } from './test-helpers.test-support.js';

// Whether every elementary box of the two given dimensions with area 1/n holds one point: the
// (0, m, 2)-net property that Sobol's first two dimensions have for n = 2^m.
function isNet(points: number[][], m: number, a: number, b: number): boolean {
  for (let i = 0; i <= m; i++) {
    const counts = new Map<string, number>();
    for (const point of points) {
      const key = `${Math.floor((point[a] as number) * 2 ** i)},${Math.floor((point[b] as number) * 2 ** (m - i))}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    if (counts.size !== 2 ** m || [...counts.values()].some((c) => c !== 1)) return false;
  }
  return true;
}

describe('sobolSequence', () => {
  it('starts with the published points of the plain sequence', () => {
    const points = sobolSequence(8, 3);

    // Gray-code order, as scipy.stats.qmc.Sobol(3, scramble=False) lists them.
    expect(points).toEqual([
      [0, 0, 0],
      [0.5, 0.5, 0.5],
      [0.75, 0.25, 0.25],
      [0.25, 0.75, 0.75],
      [0.375, 0.375, 0.625],
      [0.875, 0.875, 0.125],
      [0.625, 0.125, 0.875],
      [0.125, 0.625, 0.375],
    ]);
  });

  it('stratifies every dimension exactly at n = 2^m, with or without a random shift', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), fc.nat(), (m, seed) => {
        const n = 2 ** m;

        const plain = sobolSequence(n, SOBOL_MAX_DIMENSIONS);
        const shifted = sobolSequence(n, SOBOL_MAX_DIMENSIONS, createRandom(seed));

        for (const points of [plain, shifted]) {
          for (let j = 0; j < SOBOL_MAX_DIMENSIONS; j++) {
            const strata = new Set(points.map((p) => Math.floor((p[j] as number) * n)));
            expect(strata.size).toBe(n);
          }
        }
        expect(shifted.flat().every((x) => x > 0 && x < 1)).toBe(true);
      }),
      { ...FIXED, numRuns: 20 },
    );
  });

  it('keeps the (0, m, 2)-net property of its first two dimensions under a random shift', () => {
    const m = 8;

    const points = sobolSequence(2 ** m, 2, createRandom(5));

    expect(isNet(points, m, 0, 1)).toBe(true);
  });

  it('refuses more dimensions than it has direction numbers for', () => {
    expect(codeOf(() => sobolSequence(4, SOBOL_MAX_DIMENSIONS + 1))).toBe('E_INVALID_ARGUMENT');
    expect(codeOf(() => sobolSequence(0, 2))).toBe('E_INVALID_ARGUMENT');
  });
});
