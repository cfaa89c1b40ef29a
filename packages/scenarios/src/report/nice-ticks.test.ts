import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { niceTicks } from './nice-ticks.js';

const range = fc
  .record({
    min: fc.double({ min: -1e9, max: 1e9, noNaN: true }),
    span: fc.double({ min: 0, max: 2e9, noNaN: true }),
    count: fc.integer({ min: 2, max: 12 }),
  })
  .map(({ min, span, count }) => ({ min, max: min + span, count }));

function stepOf(ticks: readonly number[]): number {
  return (ticks[1] ?? Number.NaN) - (ticks[0] ?? Number.NaN);
}

describe('niceTicks', () => {
  it('covers [min, max] without a wasted interval at either end', () => {
    fc.assert(
      fc.property(range, ({ min, max, count }) => {
        const ticks = niceTicks(min, max, count);

        const first = ticks[0] ?? Number.NaN;
        const last = ticks[ticks.length - 1] ?? Number.NaN;
        expect(first).toBeLessThanOrEqual(min);
        expect(last).toBeGreaterThanOrEqual(max);
        // A range of (nearly) one value is widened first, so tightness holds only for the rest.
        const magnitude = Math.max(Math.abs(min), Math.abs(max));
        if (max - min > 1e-6 * magnitude && max - min > 1e-200) {
          expect(ticks[1]).toBeGreaterThan(min);
          expect(ticks[ticks.length - 2]).toBeLessThan(max);
        }
      }),
    );
  });

  it('spaces the ticks evenly by 1, 2 or 5 times a power of ten', () => {
    fc.assert(
      fc.property(range, ({ min, max, count }) => {
        const ticks = niceTicks(min, max, count);

        const step = stepOf(ticks);
        const magnitude = Math.max(...ticks.map(Math.abs));
        for (let i = 1; i < ticks.length; i += 1) {
          const gap = (ticks[i] ?? 0) - (ticks[i - 1] ?? 0);
          expect(Math.abs(gap - step)).toBeLessThanOrEqual(1e-9 * magnitude + 1e-12 * step);
        }
        const mantissa = step / 10 ** Math.floor(Math.log10(step));
        expect([1, 2, 5, 10].some((m) => Math.abs(mantissa - m) < 1e-6)).toBe(true);
      }),
    );
  });

  it('returns between 2 and count + 1 ticks', () => {
    fc.assert(
      fc.property(range, ({ min, max, count }) => {
        const ticks = niceTicks(min, max, count);

        expect(ticks.length).toBeGreaterThanOrEqual(2);
        expect(ticks.length).toBeLessThanOrEqual(count + 1);
      }),
    );
  });

  it('picks the round steps a reader expects', () => {
    expect(niceTicks(0, 830_000, 5)).toEqual([0, 200_000, 400_000, 600_000, 800_000, 1_000_000]);
    expect(niceTicks(0.1, 0.7, 6)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(niceTicks(0.1, 0.7, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(-5e-324, 5e-324, 2)).toEqual([-1, 0, 1]);
    expect(niceTicks(-8_714.25, 0, 4)).toEqual([-10_000, -5_000, 0]);
  });

  it('widens a range of one value around it', () => {
    expect(niceTicks(0, 0, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    const ticks = niceTicks(10_000, 10_000, 5);
    expect(ticks[0]).toBeLessThan(10_000);
    expect(ticks[ticks.length - 1]).toBeGreaterThan(10_000);
  });

  it('rejects a reversed range, a bad count and non-finite bounds by code', () => {
    expect(() => niceTicks(2, 1, 5)).toThrow(
      expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }),
    );
    expect(() => niceTicks(0, 1, 1)).toThrow(
      expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }),
    );
    expect(() => niceTicks(0, 1, 2.5)).toThrow(
      expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }),
    );
    expect(() => niceTicks(Number.NaN, 1, 5)).toThrow(
      expect.objectContaining({ code: 'E_NON_FINITE' }),
    );
    expect(() => niceTicks(-1.7e308, 1.7e308, 5)).toThrow(
      expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }),
    );
    expect(() => niceTicks(0, Number.POSITIVE_INFINITY, 5)).toThrow(
      expect.objectContaining({ code: 'E_NON_FINITE' }),
    );
  });
});
