import { describe, expect, it } from 'vitest';
import { checkP6 } from './balance-patterns.js';
import { checkPatterns } from './check-patterns.js';
import { paperLikeResults } from './patterns.test-support.js';
import type { CombinationSeries } from './series.js';
import { assertSeriesShape, relativeGaps } from './series.js';

function codeOf(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return undefined;
}

const s1d1 = (): CombinationSeries => paperLikeResults().get('S1-D1') as CombinationSeries;

describe('series shape', () => {
  it('accepts the constructed series', () => {
    expect(() => assertSeriesShape(s1d1())).not.toThrow();
  });

  it('rejects a field shorter than the years', () => {
    const short = { ...s1d1(), price: s1d1().price.slice(1) };

    expect(codeOf(() => assertSeriesShape(short))).toBe('E_SERIES_SHAPE');
  });

  it('rejects a non-finite value', () => {
    const broken = { ...s1d1(), supply: s1d1().supply.map((q, i) => (i === 3 ? Number.NaN : q)) };

    expect(codeOf(() => assertSeriesShape(broken))).toBe('E_SERIES_SHAPE');
  });

  it('rejects years with a gap', () => {
    const gappy = { ...s1d1(), years: s1d1().years.map((y, i) => (i > 5 ? y + 1 : y)) };

    expect(codeOf(() => assertSeriesShape(gappy))).toBe('E_SERIES_SHAPE');
  });

  it('rejects a series filed under another combination', () => {
    const results = paperLikeResults();
    results.set('S1-D1', { ...s1d1(), combination: 'S2-D2' });

    expect(codeOf(() => checkPatterns(results))).toBe('E_SERIES_SHAPE');
  });

  it('rejects a series that ends before a year a pattern needs', () => {
    const series = s1d1();
    const keep = <T>(values: readonly T[]): T[] => values.slice(0, 15);
    const truncated: CombinationSeries = {
      combination: 'S1-D1',
      years: keep(series.years),
      supply: keep(series.supply),
      demand: keep(series.demand),
      primary: keep(series.primary),
      recycled: keep(series.recycled),
      netImports: keep(series.netImports),
      evDemand: keep(series.evDemand),
      essDemand: keep(series.essDemand),
      price: keep(series.price),
    };

    expect(codeOf(() => checkP6(new Map([['S1-D1', truncated]])))).toBe('E_SERIES_SHAPE');
  });
});

describe('relativeGaps', () => {
  it('is positive in deficit, negative in surplus, and finite without demand', () => {
    const years = [2023, 2024, 2025, 2026];
    const series = { ...s1d1(), years, demand: [100, 100, 0, 0], supply: [80, 120, 0, 5] };

    expect(relativeGaps(series)).toEqual([0.2, -0.2, 0, -1]);
  });
});
