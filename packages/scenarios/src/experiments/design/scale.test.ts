import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scale } from './scale.js';
import { codeOf, FIXED } from './test-helpers.test-support.js';

describe('scale', () => {
  it('maps 0 to low, 1 to high and keeps the order of points within each factor', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: -1e6, max: 1e6, noNaN: true }),
            fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
          ),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        (ranges) => {
          const bounds = ranges.map(([low, width]) => [low, low + width] as const);
          const k = bounds.length;

          const [zero, half, one] = scale(
            [new Array(k).fill(0), new Array(k).fill(0.5), new Array(k).fill(1)],
            bounds,
          );

          bounds.forEach(([low, high], j) => {
            expect(zero?.[j]).toBe(low);
            expect(one?.[j]).toBeCloseTo(high, 6);
            expect(half?.[j]).toBeGreaterThan(low);
            expect(half?.[j]).toBeLessThan(high);
          });
        },
      ),
      FIXED,
    );
  });

  it('leaves its input unchanged', () => {
    const points = Object.freeze([Object.freeze([0.25, 0.75])]);

    const scaled = scale(points, [
      [0, 4],
      [10, 20],
    ]);

    expect(scaled).toEqual([[1, 17.5]]);
    expect(points).toEqual([[0.25, 0.75]]);
  });

  it('refuses inverted or infinite bounds and points of the wrong dimension', () => {
    expect(codeOf(() => scale([[0.5]], [[1, 1]]))).toBe('E_INVALID_ARGUMENT');
    expect(codeOf(() => scale([[0.5]], [[0, Number.POSITIVE_INFINITY]]))).toBe(
      'E_INVALID_ARGUMENT',
    );
    expect(codeOf(() => scale([[0.5, 0.5]], [[0, 1]]))).toBe('E_INVALID_ARGUMENT');
  });
});
