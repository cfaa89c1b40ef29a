import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrebusError } from '../errors.js';
import { erf, erfc, normalCdf, normalSurvival } from './special-functions.js';

const SEED = 20_250_701;

// Reference values from mpmath at 40 significant digits, rounded to doubles.
const CDF_VALUES: ReadonlyArray<readonly [number, number]> = [
  [1, 0.8413447460685429],
  [-1, 0.15865525393145705],
  [1.96, 0.9750021048517795],
  [-5, 2.866515718791939e-7],
  [-10, 7.619853024160525e-24],
  [-20, 2.7536241186062337e-89],
];
const ERFC_VALUES: ReadonlyArray<readonly [number, number]> = [
  [0.3, 0.6713732405408726],
  [1, 0.15729920705028513],
  [2.5, 0.0004069520174449589],
  [5, 1.537459794428035e-12],
  [10, 2.088487583762545e-45],
  [-1.5, 1.9661051464753108],
];

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe('normalCdf', () => {
  it.each(CDF_VALUES)('matches the standard normal CDF at %d to 1e-15 relative', (x, expected) => {
    const actual = normalCdf(x);

    expect(relativeError(actual, expected)).toBeLessThan(1e-15);
  });

  it('shifts and scales by mean and sd', () => {
    const actual = normalCdf(19, 15, 4);

    expect(relativeError(actual, 0.8413447460685429)).toBeLessThan(1e-15);
  });

  it('keeps relative accuracy in the upper tail through normalSurvival', () => {
    const actual = normalSurvival(20);

    expect(relativeError(actual, 2.7536241186062337e-89)).toBeLessThan(1e-14);
  });

  it('adds up with normalSurvival to 1 for any x', () => {
    fc.assert(
      fc.property(fc.double({ min: -40, max: 40, noNaN: true }), (x) => {
        expect(Math.abs(normalCdf(x) + normalSurvival(x) - 1)).toBeLessThan(2e-16);
      }),
      { seed: SEED },
    );
  });

  it('rejects a standard deviation that is not positive', () => {
    const call = (): number => normalCdf(0, 0, 0);

    expect(call).toThrow(OrebusError);
    expect(() => call()).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
  });
});

describe('erf and erfc', () => {
  it.each(ERFC_VALUES)('erfc(%d) matches the reference to 1e-15 relative', (x, expected) => {
    const actual = erfc(x);

    expect(relativeError(actual, expected)).toBeLessThan(1e-15);
  });

  it('erf matches the reference near zero and at 1', () => {
    const nearZero = erf(0.1);
    const atOne = erf(1);

    expect(relativeError(nearZero, 0.1124629160182849)).toBeLessThan(1e-15);
    expect(relativeError(atOne, 0.8427007929497149)).toBeLessThan(1e-15);
  });

  it('erf is odd and erf + erfc = 1', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => {
        expect(erf(-x)).toBe(-erf(x));
        expect(Math.abs(erf(x) + erfc(x) - 1)).toBeLessThan(4e-16);
      }),
      { seed: SEED },
    );
  });
});
