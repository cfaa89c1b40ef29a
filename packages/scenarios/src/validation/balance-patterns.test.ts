import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkP6,
  checkP7,
  checkP8,
  checkP9,
  checkP10,
  checkP11,
  checkP12,
} from './balance-patterns.js';
import {
  compounding,
  paperLikeResults,
  path,
  RATIO,
  replaced,
  S1_D1_SUPPLY,
  YEARS,
} from './patterns.test-support.js';

describe('checkP6 (S1-D1: deficit throughout, upturn ~2029, slowdown after ~2038)', () => {
  it('holds on supply that turns sharply up in 2029 and fades, below demand', () => {
    const result = checkP6(paperLikeResults());

    expect(result.held).toBe(true);
    expect(result.metrics.growthTurnYear).toBe(2029);
    expect(result.metrics.yearsSupplyAtLeastDemand).toBe(0);
  });

  it('fails when supply reaches demand in one year', () => {
    const results = paperLikeResults();
    const demand = results.get('S1-D1')?.demand ?? [];
    const supply = S1_D1_SUPPLY.map((q, i) => (YEARS[i] === 2045 ? (demand[i] ?? 0) : q));

    const result = checkP6(replaced(results, 'S1-D1', { supply }));

    expect(result.held).toBe(false);
    expect(result.metrics.yearsSupplyAtLeastDemand).toBe(1);
  });

  it('fails when the upturn comes in 2034', () => {
    const supply = compounding(30_000, (year) => (year < 2034 ? 0 : 0.2 * 0.85 ** (year - 2034)));

    const result = checkP6(replaced(paperLikeResults(), 'S1-D1', { supply }));

    expect(result.held).toBe(false);
    expect(result.metrics.growthTurnYear).toBe(2034);
  });

  it('fails when supply growth does not slow after 2038', () => {
    const supply = compounding(30_000, (year) => (year < 2029 ? 0 : 0.05));

    const result = checkP6(replaced(paperLikeResults(), 'S1-D1', { supply }));

    expect(result.held).toBe(false);
    expect(result.metrics.meanIncreaseAfterSlowdown).toBeGreaterThan(
      Number(result.metrics.meanIncreaseBoom),
    );
  });
});

describe('checkP7 (S2-D2: trails, closes ~2041, crosses ~2046, settles)', () => {
  it('holds on a ratio path that crosses demand in 2046', () => {
    const result = checkP7(paperLikeResults());

    expect(result.held).toBe(true);
    expect(result.metrics.firstSurplusYear).toBe(2046);
    expect(result.metrics.fastestClosingYear).toBe(2041);
  });

  it('fails when supply overtakes demand already in 2037', () => {
    const ratio = path({ 2023: 0.85, 2038: 1.02, 2050: 1.0 });

    const result = checkP7(replaced(paperLikeResults(), 'S2-D2', { ratio }));

    expect(result.held).toBe(false);
    expect(result.metrics.firstSurplusYear).toBe(2037);
  });

  it('fails when supply ends far above demand', () => {
    const ratio = RATIO['S2-D2'].map((r, i) => ((YEARS[i] ?? 0) >= 2047 ? 1.2 : r));

    const result = checkP7(replaced(paperLikeResults(), 'S2-D2', { ratio }));

    expect(result.held).toBe(false);
    expect(result.metrics.settledMeanAbsGap).toBeCloseTo(0.2, 9);
  });
});

describe('checkP8 (S2-D3: balance ~2035, brief surplus, then just under demand)', () => {
  it('holds on a ratio path with a four-year surplus from 2035', () => {
    const result = checkP8(paperLikeResults());

    expect(result.held).toBe(true);
    expect(result.metrics.firstSurplusYear).toBe(2035);
    expect(result.metrics.surplusYears).toBe(4);
  });

  it('fails when S2-D3 follows the path of S2-D2', () => {
    const results = replaced(paperLikeResults(), 'S2-D3', { ratio: RATIO['S2-D2'] });

    const result = checkP8(results);

    expect(result.held).toBe(false);
    expect(result.metrics.firstSurplusYear).toBe(2046);
    expect(result.metrics.oscillations).toBe(result.metrics.oscillationsS2D2);
  });

  it('fails when the surplus lasts to the end', () => {
    const ratio = path({ 2023: 0.85, 2035: 1.0, 2050: 1.05 });

    const result = checkP8(replaced(paperLikeResults(), 'S2-D3', { ratio }));

    expect(result.held).toBe(false);
    expect(result.metrics.surplusYears).toBe(16);
  });

  it('reports S2-D2 as missing when it is not supplied', () => {
    const results = paperLikeResults();
    results.delete('S2-D2');

    const result = checkP8(results);

    expect(result.held).toBe(false);
    expect(result.missing).toEqual(['S2-D2']);
  });
});

describe('checkP9 (S2-D4: the best balance of S2)', () => {
  it('holds when S2-D4 stays within a few per cent of demand', () => {
    const result = checkP9(paperLikeResults());

    expect(result.held).toBe(true);
    expect(result.metrics.meanAbsGapS2D4).toBeLessThan(Number(result.metrics.meanAbsGapS2D3));
  });

  it('fails when S2-D4 runs 30 % short', () => {
    const ratio = YEARS.map(() => 0.7);

    const result = checkP9(replaced(paperLikeResults(), 'S2-D4', { ratio }));

    expect(result.held).toBe(false);
    expect(result.metrics.largestAbsGapS2D4).toBeCloseTo(0.3, 9);
  });
});

describe('checkP10 (S3-D2: slow, oscillating, balance ~2048)', () => {
  it('holds on an oscillating ratio path that reaches balance in 2048', () => {
    const result = checkP10(paperLikeResults());

    expect(result.held).toBe(true);
    expect(result.metrics.balanceYear).toBe(2048);
    expect(result.metrics.oscillationsBeforeBalance).toBe(4);
  });

  it('fails on a smooth path that balances in 2038', () => {
    const ratio = path({ 2023: 0.8, 2040: 1.0 });

    const result = checkP10(replaced(paperLikeResults(), 'S3-D2', { ratio }));

    expect(result.held).toBe(false);
    expect(result.metrics.balanceYear).toBe(2038);
    expect(result.metrics.oscillationsBeforeBalance).toBe(0);
  });

  it('fails when S3-D2 supply grows faster than S3-D4', () => {
    const ratio = path({ 2023: 0.5, 2028: 0.56, 2031: 0.52, 2035: 0.6, 2038: 0.56, 2048: 0.98 });

    const result = checkP10(replaced(paperLikeResults(), 'S3-D2', { ratio }));

    expect(result.held).toBe(false);
    expect(result.metrics.supplyGrowth).toBeGreaterThan(Number(result.metrics.supplyGrowthS3D4));
  });
});

describe('checkP11 (S3-D3: fast balance, small fluctuations, slight late deficit)', () => {
  it('holds on a path balanced from 2034 that ends slightly short', () => {
    const result = checkP11(paperLikeResults());

    expect(result.held).toBe(true);
    expect(result.metrics.balanceYear).toBe(2034);
    expect(result.metrics.lateMeanGap).toBeGreaterThan(0);
  });

  it('fails when supply never comes within 3 % of demand', () => {
    const ratio = YEARS.map(() => 0.8);

    const result = checkP11(replaced(paperLikeResults(), 'S3-D3', { ratio }));

    expect(result.held).toBe(false);
    expect(result.metrics.balanceYear).toBeNull();
  });

  it('fails when the late years are in surplus', () => {
    const ratio = path({ 2023: 0.85, 2036: 1.0, 2050: 1.05 });

    const result = checkP11(replaced(paperLikeResults(), 'S3-D3', { ratio }));

    expect(result.held).toBe(false);
    expect(result.metrics.lateMeanGap).toBeLessThan(0);
  });
});

describe('checkP12 (S3-D4: never balanced)', () => {
  it('holds when supply stays 5–10 % below demand', () => {
    const result = checkP12(paperLikeResults());

    expect(result.held).toBe(true);
    expect(result.metrics.smallestGap).toBeCloseTo(0.05, 9);
  });

  it('holds exactly when supply is below demand in every year', () => {
    const ratios = fc.array(fc.double({ min: 0.5, max: 1.2, noNaN: true }), {
      minLength: YEARS.length,
      maxLength: YEARS.length,
    });
    fc.assert(
      fc.property(ratios, (ratio) => {
        const results = replaced(paperLikeResults(), 'S3-D4', { ratio });
        const series = results.get('S3-D4');
        const below = series?.supply.every((q, i) => q < (series.demand[i] ?? 0));

        const result = checkP12(results);

        expect(result.held).toBe(below);
        expect(result.metrics.yearsSupplyAtLeastDemand === 0).toBe(below);
      }),
      { numRuns: 200 },
    );
  });

  it('fails when supply meets demand in the last year', () => {
    const ratio = YEARS.map((year) => (year === 2050 ? 1 : 0.9));

    const result = checkP12(replaced(paperLikeResults(), 'S3-D4', { ratio }));

    expect(result.held).toBe(false);
    expect(result.metrics.yearsSupplyAtLeastDemand).toBe(1);
  });
});
