import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paperLikeSensitivity } from './patterns.test-support.js';
import { checkP13, SENSITIVITY_PARAMETERS, sensitivityEffect } from './sensitivity-pattern.js';
import type { SensitivityParameter, SensitivityResult } from './series.js';

describe('checkP13 (SPR moves the 2050 outcome most, SCP least)', () => {
  it('holds when SPR has the largest and SCP the smallest effect', () => {
    const result = checkP13(paperLikeSensitivity());

    expect(result.held).toBe(true);
    expect(result.metrics['effect.SPR']).toBeCloseTo(0.54, 12);
    expect(result.metrics.ranking).toBe('SPR > Eco > Con > a > SCP');
  });

  it('fails when Eco moves the outcome more than SPR', () => {
    const base = paperLikeSensitivity();
    const swapped = {
      ...base,
      effects: { ...base.effects, SPR: base.effects.Eco, Eco: base.effects.SPR },
    };

    const result = checkP13(swapped);

    expect(result.held).toBe(false);
    expect(result.metrics['effect.Eco']).toBeGreaterThan(Number(result.metrics['effect.SPR']));
  });

  it('fails when no parameter moves the outcome', () => {
    const still = { minus5: 100, plus10: 100 };
    const flat: SensitivityResult = {
      output: 'total supply 2050',
      base: 100,
      effects: { a: still, SCP: still, SPR: still, Eco: still, Con: still },
    };

    expect(checkP13(flat).held).toBe(false);
  });

  it('reports the sensitivity input as missing when none is given', () => {
    const result = checkP13();

    expect(result.held).toBe(false);
    expect(result.missing).toEqual(['sensitivity']);
  });

  it('holds exactly when SPR ranks strictly first and SCP strictly last', () => {
    const outcome = fc.double({ min: 50, max: 150, noNaN: true });
    const run = fc.record({ minus5: outcome, plus10: outcome });
    fc.assert(
      fc.property(fc.tuple(run, run, run, run, run), (runs) => {
        const effects = Object.fromEntries(
          SENSITIVITY_PARAMETERS.map((parameter, i) => [parameter, runs[i]]),
        ) as SensitivityResult['effects'];
        const sensitivity: SensitivityResult = { output: 'x', base: 100, effects };
        const effect = (p: SensitivityParameter): number => sensitivityEffect(sensitivity, p);
        const others = SENSITIVITY_PARAMETERS.filter((p) => p !== 'SPR' && p !== 'SCP');
        const expected =
          others.every((p) => effect(p) < effect('SPR') && effect(p) > effect('SCP')) &&
          effect('SCP') < effect('SPR');

        expect(checkP13(sensitivity).held).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });
});

describe('sensitivityEffect', () => {
  it('takes the larger of the two moves relative to the base', () => {
    const result = paperLikeSensitivity();

    expect(sensitivityEffect(result, 'Eco')).toBeCloseTo(0.15, 12);
  });
});
