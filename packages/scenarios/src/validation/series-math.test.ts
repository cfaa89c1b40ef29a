import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  argMax,
  growthRates,
  standardDeviation,
  turningPoints,
  yearOnYear,
} from './series-math.js';

describe('turningPoints', () => {
  it('finds none in a monotone series', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true })), (steps) => {
        const series = [0];
        for (const step of steps) series.push((series.at(-1) ?? 0) + step);

        expect(turningPoints(series, 0)).toEqual([]);
      }),
    );
  });

  it('finds every crest and trough of a swing larger than the threshold', () => {
    const series = [10, 12, 14, 11, 9, 13, 15, 12];

    expect(turningPoints(series, 0.05)).toEqual([2, 4, 6]);
  });

  it('ignores ripples smaller than the threshold', () => {
    const series = [100, 100.4, 100.1, 100.5, 100.2, 100.6];

    expect(turningPoints(series, 0.01)).toEqual([]);
  });
});

describe('yearly changes', () => {
  it('gives changes and growth rates one shorter than the series', () => {
    expect(yearOnYear([1, 3, 2])).toEqual([2, -1]);
    expect(growthRates([2, 3, 0, 5])).toEqual([0.5, -1, 0]);
  });

  it('finds the first of equal maxima and the spread of values', () => {
    expect(argMax([1, 5, 5, 2])).toBe(1);
    expect(argMax([])).toBe(-1);
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBe(2);
  });
});
