import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fullFactorial, MAX_FACTORIAL_POINTS } from './full-factorial.js';
import { codeOf, FIXED } from './test-helpers.test-support.js';

describe('fullFactorial', () => {
  it('has Π levels points, all distinct, each level of each factor equally often', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 5 }),
        (levels) => {
          const size = levels.reduce((p, l) => p * l, 1);

          const points = fullFactorial(levels);

          expect(points).toHaveLength(size);
          expect(new Set(points.map((p) => p.join(','))).size).toBe(size);
          levels.forEach((count, j) => {
            const values = new Set(points.map((p) => p[j]));
            expect(values.size).toBe(count);
            for (const value of values) {
              expect(points.filter((p) => p[j] === value)).toHaveLength(size / count);
            }
          });
        },
      ),
      FIXED,
    );
  });

  it('lists combinations with the last factor changing fastest, on [0, 1] with ends included', () => {
    const points = fullFactorial([2, 3]);

    expect(points).toEqual([
      [0, 0],
      [0, 0.5],
      [0, 1],
      [1, 0],
      [1, 0.5],
      [1, 1],
    ]);
    expect(fullFactorial([1])).toEqual([[0.5]]);
  });

  it('refuses no factors, a level count below 1 or fractional, and designs too large', () => {
    expect(codeOf(() => fullFactorial([]))).toBe('E_INVALID_ARGUMENT');
    expect(codeOf(() => fullFactorial([2, 0]))).toBe('E_INVALID_ARGUMENT');
    expect(codeOf(() => fullFactorial([2.5]))).toBe('E_INVALID_ARGUMENT');
    expect(codeOf(() => fullFactorial([MAX_FACTORIAL_POINTS, 2]))).toBe('E_INVALID_ARGUMENT');
  });
});
