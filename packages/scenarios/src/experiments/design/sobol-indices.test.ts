import { createRandom } from '@orebus/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { saltelliSample } from './saltelli.js';
import { scale } from './scale.js';
import { type SobolIndices, sobolIndices } from './sobol-indices.js';
import {
  G_COEFFICIENTS,
  gFunction,
  gFunctionIndices,
  ISHIGAMI_BOUNDS,
  ishigami,
  ishigamiIndices,
} from './test-functions.test-support.js';
import { codeOf, FIXED } from './test-helpers.test-support.js';

const N = 2 ** 13;

function covered(result: SobolIndices, analytic: { first: number[]; total: number[] }): number {
  const inside = (estimates: SobolIndices['firstOrder'], truth: number[]): number =>
    estimates.filter(({ interval }, i) => {
      const [low, high] = interval ?? [Number.NaN, Number.NaN];
      return low <= (truth[i] as number) && (truth[i] as number) <= high;
    }).length;
  return inside(result.firstOrder, analytic.first) + inside(result.total, analytic.total);
}

function maxError(result: SobolIndices, analytic: { first: number[]; total: number[] }): number {
  const errors = [
    ...result.firstOrder.map((e, i) => e.estimate - (analytic.first[i] as number)),
    ...result.total.map((e, i) => e.estimate - (analytic.total[i] as number)),
  ];
  return Math.max(...errors.map(Math.abs));
}

describe('sobolIndices on the Ishigami function (a = 7, b = 0.1)', () => {
  const analytic = ishigamiIndices();
  const root = createRandom('ishigami');
  let result: SobolIndices;
  beforeAll(() => {
    const points = saltelliSample(N, 3, root.stream('design'), { secondOrder: true });
    const outputs = scale(points, ISHIGAMI_BOUNDS).map((x) => ishigami(x));
    result = sobolIndices(outputs, N, 3, root.stream('bootstrap'), { secondOrder: true });
  });

  it('has the published analytic indices', () => {
    expect(analytic.first.map((s) => s.toFixed(4))).toEqual(['0.3139', '0.4424', '0.0000']);
    expect(analytic.total.map((s) => s.toFixed(4))).toEqual(['0.5576', '0.4424', '0.2437']);
  });

  it('estimates S_i and S_Ti within 0.01 from a Sobol design of 2^13 base rows', () => {
    // Measured error about 5e-4; 0.01 leaves room for another seed.
    expect(maxError(result, analytic)).toBeLessThan(0.01);
  });

  it('estimates the one interaction, S_13, and finds the other pairs near 0', () => {
    const pairs = result.secondOrder ?? [];

    expect(pairs.map(({ i, j }) => [i, j])).toEqual([
      [0, 1],
      [0, 2],
      [1, 2],
    ]);
    expect(Math.abs((pairs[1]?.estimate ?? 0) - (analytic.total[2] as number))).toBeLessThan(0.02);
    expect(Math.abs(pairs[0]?.estimate ?? 1)).toBeLessThan(0.02);
    expect(Math.abs(pairs[2]?.estimate ?? 1)).toBeLessThan(0.02);
  });

  it('gives bootstrap intervals that hold the analytic value for most indices', () => {
    expect(covered(result, analytic)).toBeGreaterThanOrEqual(5);
  });

  it('estimates within 0.04 from independent random base rows, about four standard errors', () => {
    const random = saltelliSample(N, 3, root.stream('random-design'), { sequence: 'random' });
    const y = scale(random, ISHIGAMI_BOUNDS).map((x) => ishigami(x));

    const estimate = sobolIndices(y, N, 3, root.stream('random-bootstrap'), { bootstrap: 200 });

    expect(maxError(estimate, analytic)).toBeLessThan(0.04);
    expect(covered(estimate, analytic)).toBeGreaterThanOrEqual(5);
  });
});

describe('sobolIndices on the G-function (a = 0, 1, 4.5, 9, 99, 99, 99, 99)', () => {
  const analytic = gFunctionIndices(G_COEFFICIENTS);
  const root = createRandom('g-function');
  let result: SobolIndices;
  beforeAll(() => {
    const points = saltelliSample(N, 8, root.stream('design'));
    const outputs = points.map((x) => gFunction(x, G_COEFFICIENTS));
    result = sobolIndices(outputs, N, 8, root.stream('bootstrap'), {
      bootstrap: 1000,
      confidence: 0.95,
    });
  });

  it('estimates S_i and S_Ti within 0.01 from a Sobol design of 2^13 base rows', () => {
    // Measured error about 2e-3 (S_T1 is the worst).
    expect(analytic.first[0]).toBeCloseTo(0.7162, 4);
    expect(maxError(result, analytic)).toBeLessThan(0.01);
  });

  it('gives bootstrap intervals that hold the analytic value for most indices', () => {
    expect(covered(result, analytic)).toBeGreaterThanOrEqual(14);
  });

  it('gives intervals around their estimates that narrow with more runs', () => {
    const small = sobolIndices(
      saltelliSample(2 ** 9, 8, root.stream('small')).map((x) => gFunction(x, G_COEFFICIENTS)),
      2 ** 9,
      8,
      root.stream('small-bootstrap'),
    );

    for (const [index, estimate] of result.total.entries()) {
      const [low, high] = estimate.interval ?? [0, 0];
      const [smallLow, smallHigh] = small.total[index]?.interval ?? [0, 0];
      expect(low <= estimate.estimate && estimate.estimate <= high).toBe(true);
      if (index < 4) expect(high - low).toBeLessThan(smallHigh - smallLow);
    }
  });
});

describe('sobolIndices, generally', () => {
  it('does not change when outputs are shifted or rescaled', () => {
    const n = 64;
    const k = 3;
    const points = saltelliSample(n, k, createRandom('shift'), { sequence: 'random' });
    const base = points.map(
      ([x1, x2, x3]) => (x1 as number) + 2 * (x2 as number) ** 2 + (x1 as number) * (x3 as number),
    );
    fc.assert(
      fc.property(
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        (shift, factor) => {
          const plain = sobolIndices(base, n, k, createRandom(1), { bootstrap: 20 });

          const moved = sobolIndices(
            base.map((y) => shift + factor * y),
            n,
            k,
            createRandom(1),
            { bootstrap: 20 },
          );

          moved.firstOrder.forEach((e, i) => {
            expect(e.estimate).toBeCloseTo(plain.firstOrder[i]?.estimate ?? Number.NaN, 8);
            expect(e.interval?.[0]).toBeCloseTo(
              plain.firstOrder[i]?.interval?.[0] ?? Number.NaN,
              8,
            );
          });
          moved.total.forEach((e, i) => {
            expect(e.estimate).toBeCloseTo(plain.total[i]?.estimate ?? Number.NaN, 8);
          });
        },
      ),
      { ...FIXED, numRuns: 30 },
    );
  });

  it('gives the same intervals for the same bootstrap stream, and none with bootstrap 0', () => {
    const n = 32;
    const outputs = saltelliSample(n, 2, createRandom(3)).map(
      ([a, b]) => (a as number) * 3 + (b as number),
    );

    const first = sobolIndices(outputs, n, 2, createRandom('b'), { bootstrap: 50 });
    const again = sobolIndices(outputs, n, 2, createRandom('b'), { bootstrap: 50 });
    const none = sobolIndices(outputs, n, 2, createRandom('b'), { bootstrap: 0 });

    expect(again).toEqual(first);
    expect(none.firstOrder.every((e) => e.interval === null)).toBe(true);
    expect(none.firstOrder.map((e) => e.estimate)).toEqual(first.firstOrder.map((e) => e.estimate));
  });

  it('refuses constant outputs, wrong lengths, non-finite outputs and bad options', () => {
    const random = createRandom(1);

    expect(codeOf(() => sobolIndices(new Array(8).fill(1), 2, 2, random))).toBe(
      'E_INVALID_ARGUMENT',
    );
    expect(codeOf(() => sobolIndices(new Array(9).fill(1), 2, 2, random))).toBe(
      'E_INVALID_ARGUMENT',
    );
    expect(codeOf(() => sobolIndices([1, 2, 3, 4, 5, 6, 7, Number.NaN], 2, 2, random))).toBe(
      'E_NON_FINITE',
    );
    expect(
      codeOf(() => sobolIndices([1, 2, 3, 4, 5, 6, 7, 8], 2, 2, random, { confidence: 1 })),
    ).toBe('E_INVALID_ARGUMENT');
    expect(
      codeOf(() => sobolIndices([1, 2, 3, 4, 5, 6, 7, 8], 2, 2, random, { bootstrap: -1 })),
    ).toBe('E_INVALID_ARGUMENT');
    expect(codeOf(() => sobolIndices([1, 2, 3, 4], 1, 2, random))).toBe('E_INVALID_ARGUMENT');
  });
});
