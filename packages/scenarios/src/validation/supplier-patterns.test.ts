import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compounding,
  erraticPrimary,
  paperLikeResults,
  replaced,
  sCurveRecycled,
  times,
  YEARS,
} from './patterns.test-support.js';
import { checkP4, checkP5 } from './supplier-patterns.js';

describe('checkP4 (recycled supply: smooth S-curve, D4 > D3 > D2)', () => {
  it('holds on logistic recycled supply with plateaus ordered by demand scenario', () => {
    const result = checkP4(paperLikeResults());

    expect(result.held).toBe(true);
    expect(result.metrics['S3-D2.inflectionYear']).toBe(2038);
    expect(result.metrics.yearsOutOfOrder).toBe(0);
  });

  it('fails when recycled supply dips in one year', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: YEARS.length - 1 }),
        fc.double({ min: 0.01, max: 0.5, noNaN: true }),
        (index, dip) => {
          const curve = sCurveRecycled(26_000);
          const recycled = curve.map((v, i) => (i === index ? (curve[i - 1] ?? v) * (1 - dip) : v));
          const results = replaced(paperLikeResults(), 'S3-D3', { recycled });

          const result = checkP4(results);

          expect(result.held).toBe(false);
          expect(result.metrics['S3-D3.yearsFalling']).toBeGreaterThanOrEqual(1);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('fails when recycled supply grows linearly, with no S-shape', () => {
    const linear = YEARS.map((year) => 500 + 1_000 * (year - 2023));
    const results = replaced(paperLikeResults(), 'S3-D2', { recycled: linear });

    const result = checkP4(results);

    expect(result.held).toBe(false);
    expect(result.metrics['S3-D2.firstToLargestIncrease']).toBeCloseTo(1, 6);
  });

  it('fails when D3 recycles less than D2', () => {
    const results = replaced(paperLikeResults(), 'S3-D3', { recycled: sCurveRecycled(15_000) });

    const result = checkP4(results);

    expect(result.held).toBe(false);
    expect(result.metrics.yearsOutOfOrder).toBeGreaterThan(0);
  });
});

describe('checkP5 (S2 primary supply: erratic after 2033, D4 ends highest)', () => {
  it('holds on fast growth to 2033 followed by slow growth with swings', () => {
    const result = checkP5(paperLikeResults());

    expect(result.held).toBe(true);
    expect(result.metrics['S2-D2.reversals']).toBeGreaterThanOrEqual(2);
    expect(result.metrics['S2-D2.reversalsAfterSplit']).toBe(result.metrics['S2-D2.reversals']);
    expect(result.metrics['S2-D2.growthVolatilityBeforeSplit']).toBeCloseTo(0, 12);
  });

  it('fails when primary supply grows smoothly', () => {
    const smooth = compounding(20_000, (year) => (year <= 2033 ? 0.12 : 0.02));
    const results = replaced(paperLikeResults(), 'S2-D3', { primary: smooth });

    const result = checkP5(results);

    expect(result.held).toBe(false);
    expect(result.metrics['S2-D3.reversals']).toBe(0);
  });

  it('fails when the swings are stronger before 2033 than after', () => {
    const amplitude = (year: number): number => (year <= 2033 ? 0.15 : 0.05);
    const swings = YEARS.map((year) => 1 + amplitude(year) * Math.sin((Math.PI * year) / 2));
    const trend = compounding(20_000, (year) => (year <= 2033 ? 0.12 : 0.02));
    const results = replaced(paperLikeResults(), 'S2-D2', { primary: times(trend, swings) });

    const result = checkP5(results);

    expect(result.held).toBe(false);
    expect(result.metrics['S2-D2.growthVolatilityAfterSplit']).toBeLessThan(
      Number(result.metrics['S2-D2.growthVolatilityBeforeSplit']),
    );
  });

  it('fails when S2-D4 does not end highest', () => {
    const results = replaced(paperLikeResults(), 'S2-D4', { primary: erraticPrimary(0.9) });

    const result = checkP5(results);

    expect(result.held).toBe(false);
    expect(Number(result.metrics['S2-D4.endMean'])).toBeLessThan(
      Number(result.metrics['S2-D3.endMean']),
    );
  });
});
