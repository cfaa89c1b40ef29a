import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PatternResult } from '../validation/series.js';
import { patternShortfall, scorePatterns } from './objective.js';

function p12(yearsAtLeastDemand: number, smallestGap: number): PatternResult {
  return {
    id: 'P12',
    title: 'S3-D4: supply never reaches demand',
    held: yearsAtLeastDemand === 0,
    measured: '',
    metrics: { yearsSupplyAtLeastDemand: yearsAtLeastDemand, smallestGap },
  };
}

function held(id: string): PatternResult {
  return { id, title: id, held: true, measured: '', metrics: {} };
}

function notHeld(id: string, metrics: PatternResult['metrics']): PatternResult {
  return { id, title: id, held: false, measured: '', metrics };
}

describe('patternShortfall', () => {
  it('is zero for a held pattern and grows with the distance from its threshold', () => {
    const near = patternShortfall(p12(1, -0.01));
    const far = patternShortfall(p12(6, -0.3));

    expect(patternShortfall(p12(0, 0.05))).toBe(0);
    expect(near).toBeGreaterThan(0);
    expect(far).toBeGreaterThan(near);
  });

  it('counts a pattern whose inputs were not supplied as one whole unit short', () => {
    const missing: PatternResult = { ...notHeld('P13', {}), missing: ['sensitivity'] };

    expect(patternShortfall(missing)).toBe(1);
  });

  it('measures a crossing year by its distance from the accepted years', () => {
    const metrics = (firstSurplusYear: number | null) => ({
      yearsNotTrailingTo2040: 0,
      largestTrailingGap: 0.2,
      fastestClosingYear: 2041,
      firstSurplusYear,
      settledMeanAbsGap: 0.01,
    });

    const oneLate = patternShortfall(notHeld('P7', metrics(2049)));
    const fourLate = patternShortfall(notHeld('P7', metrics(2052)));
    const never = patternShortfall(notHeld('P7', metrics(null)));

    expect(oneLate).toBeCloseTo(1 / 5);
    expect(fourLate).toBeCloseTo(4 / 5);
    expect(never).toBe(1);
  });
});

describe('scorePatterns', () => {
  it('ranks a point with more patterns held above one with fewer, however near the latter is', () => {
    const nearMiss = [
      held('P2'),
      p12(1, -1e-9),
      notHeld('P3', { minD4OverD2: 1, minD2OverD1: 1.009 }),
    ];
    const fartherButMore = [held('P2'), held('P3'), p12(28, -5)];

    const fewer = scorePatterns(nearMiss);
    const more = scorePatterns(fartherButMore);

    expect(more.held).toBe(2);
    expect(fewer.held).toBe(1);
    expect(more.loss).toBeLessThan(fewer.loss);
  });

  it('among equal counts prefers the point nearer to holding one more pattern', () => {
    const near = scorePatterns([held('P2'), p12(1, -0.01)]);
    const far = scorePatterns([held('P2'), p12(10, -0.2)]);

    expect(near.loss).toBeLessThan(far.loss);
  });

  it('keeps the loss within [unheld, unheld + 1) for any shortfalls', () => {
    const shortfallCase = fc.array(
      fc.record({
        years: fc.integer({ min: 0, max: 28 }),
        gap: fc.double({ min: -10, max: 1, noNaN: true }),
      }),
      { minLength: 1, maxLength: 13 },
    );

    fc.assert(
      fc.property(shortfallCase, (cases) => {
        const score = scorePatterns(cases.map(({ years, gap }) => p12(years, gap)));
        const unheld = cases.length - score.held;
        return score.loss >= unheld && score.loss < unheld + 1;
      }),
    );
  });

  it('lists the held ids in the order given', () => {
    const score = scorePatterns([held('P5'), p12(2, -0.1), held('P2')]);

    expect(score.heldIds).toEqual(['P5', 'P2']);
    expect(score.shortfalls.P5).toBe(0);
  });
});

describe('patternShortfall of P13', () => {
  const sensitivity = (effects: Record<string, number>): PatternResult =>
    notHeld(
      'P13',
      Object.fromEntries(Object.entries(effects).map(([name, value]) => [`effect.${name}`, value])),
    );

  it('counts a tie with SCP at the bottom as a miss, not as held', () => {
    const tied = sensitivity({ SPR: 0.09, Eco: 0.08, Con: 0.06, a: 0, SCP: 0 });

    expect(patternShortfall(tied)).toBeGreaterThan(0);
  });

  it('grows as SPR falls further behind the strongest other parameter', () => {
    const near = sensitivity({ SPR: 0.09, Eco: 0.1, Con: 0.06, a: 0.02, SCP: 0.01 });
    const far = sensitivity({ SPR: 0.01, Eco: 0.1, Con: 0.06, a: 0.02, SCP: 0.005 });

    expect(patternShortfall(far)).toBeGreaterThan(patternShortfall(near));
  });
});
