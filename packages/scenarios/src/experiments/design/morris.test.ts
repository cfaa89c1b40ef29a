import { createRandom } from '@orebus/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { morrisIndices, morrisTrajectories } from './morris.js';
import { G_COEFFICIENTS, gFunction } from './test-functions.test-support.js';
import { codeOf, FIXED } from './test-helpers.test-support.js';

describe('morrisTrajectories', () => {
  it('moves each factor exactly once by ±Δ, on the p-level grid in [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(2, 4, 6, 8, 10),
        fc.nat(),
        (r, k, levels, seed) => {
          const delta = levels / (2 * (levels - 1));

          const trajectories = morrisTrajectories(r, k, levels, createRandom(seed));

          expect(trajectories).toHaveLength(r);
          for (const trajectory of trajectories) {
            expect(trajectory).toHaveLength(k + 1);
            const moved: number[] = [];
            for (let s = 0; s < k; s++) {
              const from = trajectory[s] as number[];
              const to = trajectory[s + 1] as number[];
              const changed = from.flatMap((x, i) => (x === to[i] ? [] : [i]));
              expect(changed).toHaveLength(1);
              const i = changed[0] as number;
              expect(
                Math.abs(Math.abs((to[i] as number) - (from[i] as number)) - delta),
              ).toBeLessThan(1e-12);
              moved.push(i);
            }
            expect([...moved].sort((a, b) => a - b)).toEqual(
              Array.from({ length: k }, (_, i) => i),
            );
            for (const x of trajectory.flat()) {
              expect(x >= 0 && x <= 1).toBe(true);
              expect(Math.abs(x * (levels - 1) - Math.round(x * (levels - 1)))).toBeLessThan(1e-9);
            }
          }
        },
      ),
      FIXED,
    );
  });

  it('refuses an odd number of levels, and r or k below 1', () => {
    expect(codeOf(() => morrisTrajectories(4, 3, 5, createRandom(1)))).toBe('E_INVALID_ARGUMENT');
    expect(codeOf(() => morrisTrajectories(0, 3, 4, createRandom(1)))).toBe('E_INVALID_ARGUMENT');
    expect(codeOf(() => morrisTrajectories(4, 0, 4, createRandom(1)))).toBe('E_INVALID_ARGUMENT');
  });
});

describe('morrisIndices', () => {
  it('recovers the coefficients of a linear model exactly, with no spread', () => {
    const coefficients = [3, -2, 0.5, 0];
    const trajectories = morrisTrajectories(10, 4, 4, createRandom('linear'));
    const outputs = trajectories
      .flat()
      .map((x) => x.reduce((y, xi, i) => y + (coefficients[i] as number) * xi, 1));

    const indices = morrisIndices(trajectories, outputs);

    indices.forEach(({ mu, muStar, sigma }, i) => {
      expect(mu).toBeCloseTo(coefficients[i] as number, 10);
      expect(muStar).toBeCloseTo(Math.abs(coefficients[i] as number), 10);
      expect(sigma).toBeLessThan(1e-9);
    });
  });

  it('ranks the G-function factors by μ* in the order of their coefficients', () => {
    const trajectories = morrisTrajectories(60, 8, 4, createRandom('g-function').stream('morris'));
    const outputs = trajectories.flat().map((x) => gFunction(x, G_COEFFICIENTS));

    const muStar = morrisIndices(trajectories, outputs).map((m) => m.muStar);

    // a = 0, 1, 4.5, 9 rank strictly; the four with a = 99 tie below them all.
    for (let i = 0; i < 3; i++) expect(muStar[i]).toBeGreaterThan(muStar[i + 1] as number);
    expect(muStar[3]).toBeGreaterThan(Math.max(...muStar.slice(4)));
  });

  it('refuses a step that moves two factors, a factor moved twice, and short outputs', () => {
    const two = [
      [
        [0, 0],
        [1, 1],
        [1, 0],
      ],
      [
        [0, 0],
        [1, 0],
        [1, 1],
      ],
    ];
    const twice = [
      [
        [0, 0],
        [1, 0],
        [0, 0],
      ],
      [
        [0, 0],
        [1, 0],
        [1, 1],
      ],
    ];
    const good = morrisTrajectories(2, 2, 4, createRandom(1));

    expect(codeOf(() => morrisIndices(two, [0, 1, 2, 3, 4, 5]))).toBe('E_INVALID_ARGUMENT');
    expect(codeOf(() => morrisIndices(twice, [0, 1, 2, 3, 4, 5]))).toBe('E_INVALID_ARGUMENT');
    expect(codeOf(() => morrisIndices(good, [0, 1, 2]))).toBe('E_INVALID_ARGUMENT');
    expect(codeOf(() => morrisIndices(good.slice(0, 1), [0, 1, 2]))).toBe('E_INVALID_ARGUMENT');
    expect(codeOf(() => morrisIndices(good, [0, 1, 2, 3, 4, Number.NaN]))).toBe('E_NON_FINITE');
  });
});
