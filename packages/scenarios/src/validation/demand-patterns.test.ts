import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkP1, checkP2, checkP3 } from './demand-patterns.js';
import {
  compounding,
  ESS_BASELINE,
  ESS_OPTIMISTIC,
  hump,
  logistic,
  paperLikeResults,
  replaced,
  scaled,
  withDemandEverywhere,
  YEARS,
} from './patterns.test-support.js';

describe('checkP1 (EV demand: slow, fast, flat)', () => {
  it('holds on a logistic EV demand with its midpoint in 2032', () => {
    const result = checkP1(paperLikeResults());

    expect(result.held).toBe(true);
    expect(result.metrics['D1.steepestRiseYear']).toBe(2032);
    expect(result.metrics.worstSlowToFast).toBeLessThan(0.5);
  });

  it('fails when EV demand grows linearly from the start', () => {
    const linear = YEARS.map((year) => 35_000 + 8_000 * (year - 2023));
    const results = withDemandEverywhere(paperLikeResults(), { evDemand: linear });

    const result = checkP1(results);

    expect(result.held).toBe(false);
    expect(result.metrics.worstSlowToFast).toBeCloseTo(1, 6);
  });

  it("says a failure shared by the scenarios once, and each scenario's numbers once", () => {
    const linear = YEARS.map((year) => 35_000 + 8_000 * (year - 2023));
    const results = withDemandEverywhere(paperLikeResults(), { evDemand: linear });

    const result = checkP1(results);

    // Linear growth is as fast early as late and never flattens: two failures in every scenario,
    // each said once for all four, and each scenario's numbers given once.
    expect(result.reason).toBe(
      'EV demand grows about as fast before 2029 as after in D1, D2, D3, D4; ' +
        'EV demand is not roughly flat after 2035 in D1, D2, D3, D4',
    );
    expect(result.evidence?.match(/D1: mean change/g)).toHaveLength(1);
  });

  it('fails when EV demand keeps growing fast after 2035', () => {
    const exponential = compounding(35_000, () => 0.12);
    const results = withDemandEverywhere(paperLikeResults(), { evDemand: exponential });

    const result = checkP1(results);

    expect(result.held).toBe(false);
    expect(result.metrics.worstFlatToFast).toBeGreaterThan(0.25);
  });

  it('fails when one demand scenario rises steepest years later than the others', () => {
    const late = logistic(35_000, 300_000, 2040, 0.6);
    const results = replaced(paperLikeResults(), 'S2-D4', { evDemand: late });

    const result = checkP1(results);

    expect(result.held).toBe(false);
    expect(result.metrics.steepestRiseSpreadYears).toBeGreaterThan(3);
  });

  it('names the demand scenario that no combination supplies', () => {
    const results = paperLikeResults();
    results.delete('S2-D3');
    results.delete('S3-D3');

    const result = checkP1(results);

    expect(result.held).toBe(false);
    expect(result.missing).toEqual(['S*-D3']);
  });
});

describe('checkP2 (ESS demand peaks around 2038)', () => {
  it('holds on a hump peaking in 2038', () => {
    const result = checkP2(paperLikeResults());

    expect(result.held).toBe(true);
    expect(result.metrics['D1.peakYear']).toBe(2038);
  });

  it('fails when ESS demand peaks in 2044', () => {
    const late = hump(1_000, 20_000, 2044, 7);
    const results = withDemandEverywhere(paperLikeResults(), { essDemand: late });

    const result = checkP2(results);

    expect(result.held).toBe(false);
    expect(result.metrics['D1.peakYear']).toBe(2044);
  });

  it('fails when ESS demand only rises', () => {
    const rising = logistic(1_000, 20_000, 2038, 0.3);
    const results = withDemandEverywhere(paperLikeResults(), { essDemand: rising });

    const result = checkP2(results);

    expect(result.held).toBe(false);
    expect(result.metrics['D1.fallByEnd']).toBeLessThan(0.1);
  });

  it('holds exactly when a narrow hump peaks in 2036–2040', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2024, max: 2049 }), (peakYear) => {
        const essDemand = hump(500, 20_000, peakYear, 4);
        const results = withDemandEverywhere(paperLikeResults(), { essDemand });

        const result = checkP2(results);

        expect(result.held).toBe(peakYear >= 2036 && peakYear <= 2040);
      }),
      { numRuns: 30 },
    );
  });
});

describe('checkP3 (ESS demand D4 ≥ D2 > D1)', () => {
  it('holds when D2 and D4 share the optimistic storage demand above D1', () => {
    const result = checkP3(paperLikeResults());

    expect(result.held).toBe(true);
    expect(result.metrics.minD4OverD2).toBe(1);
    expect(result.metrics.d3VsD1MaxRelativeDifference).toBe(0);
  });

  it('fails when D2 has only the baseline storage demand of D1', () => {
    const results = replaced(paperLikeResults(), 'S2-D2', { essDemand: ESS_BASELINE });

    const result = checkP3(results);

    expect(result.held).toBe(false);
    expect(result.metrics.minD2OverD1).toBe(1);
  });

  it('fails when D4 falls below D2', () => {
    const lower = scaled(ESS_OPTIMISTIC, 0.9);
    const results = replaced(paperLikeResults(), 'S2-D4', { essDemand: lower });

    const result = checkP3(results);

    expect(result.held).toBe(false);
    expect(result.metrics.minD4OverD2).toBeCloseTo(0.9, 9);
  });
});
