import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  gompertz,
  logistic,
  type SCurveShape,
  sCurve,
  solveLogisticMax,
  solveLogisticRate,
} from './curves.js';

const SEED = 20_250_703;

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

// The next double above x, to probe monotonicity at the finest resolution.
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigInt64(0);
  view.setBigInt64(0, x > 0 ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
}

const positive = fc.double({ min: 1e-3, max: 1e6, noNaN: true });
const year = fc.double({ min: 1900, max: 2100, noNaN: true });

describe('logistic', () => {
  it('equals initial at t0 and stays between 0 and max', () => {
    fc.assert(
      fc.property(
        positive,
        positive,
        fc.double({ min: -2, max: 2, noNaN: true }),
        year,
        year,
        (a, b, rate, t0, t) => {
          const [initial, max] = a <= b ? [a, b] : [b, a];

          const curve = logistic({ initial, max, rate, t0 });

          expect(relativeError(curve(t0), initial)).toBeLessThan(1e-14);
          expect(curve(t)).toBeGreaterThanOrEqual(0);
          expect(curve(t)).toBeLessThanOrEqual(max);
        },
      ),
      { seed: SEED },
    );
  });

  it('follows the closed form of paper eq. (10) at a hand-computed point', () => {
    const curve = logistic({ initial: 33.8, max: 20_000, rate: 0.3, t0: 2023 });

    const value = curve(2030);

    // 20 000 / (1 + (20 000/33.8 − 1) · e^(−2.1)), by mpmath at 40 digits.
    expect(relativeError(value, 272.7137539091545)).toBeLessThan(1e-14);
  });

  it('is constant when initial equals max', () => {
    const curve = logistic({ initial: 5, max: 5, rate: 100, t0: 0 });

    expect(curve(-1000)).toBe(5);
    expect(curve(0)).toBe(5);
  });

  it('rejects max below initial', () => {
    const call = (): unknown => logistic({ initial: 10, max: 5, rate: 1, t0: 0 });

    expect(call).toThrow(
      expect.objectContaining({
        code: 'E_INVALID_ARGUMENT',
        details: expect.objectContaining({ field: 'max' }),
      }),
    );
  });
});

describe('solveLogisticRate', () => {
  it('gives a rate with which the curve hits the target at tTarget', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        positive,
        fc.integer({ min: 1, max: 60 }),
        (initialShare, targetShare, max, years) => {
          const problem = {
            initial: initialShare * max,
            max,
            t0: 2022,
            target: targetShare * max,
            tTarget: 2022 + years,
          };

          const rate = solveLogisticRate(problem);

          const curve = logistic({ initial: problem.initial, max, rate, t0: 2022 });
          expect(relativeError(curve(problem.tTarget), problem.target)).toBeLessThan(1e-12);
        },
      ),
      { seed: SEED },
    );
  });

  it('rejects a target at the saturation level', () => {
    const call = (): unknown =>
      solveLogisticRate({ initial: 1, max: 10, t0: 0, target: 10, tTarget: 5 });

    expect(call).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'target' }) }),
    );
  });
});

describe('solveLogisticMax', () => {
  it('gives the saturation with which the curve hits the target at tTarget', () => {
    fc.assert(
      fc.property(
        positive,
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        (initial, rate, years, position) => {
          // Any target strictly between initial and the exponential ceiling has a solution.
          const ceiling = initial * Math.exp(rate * years);
          const target = initial + position * (ceiling - initial);

          const max = solveLogisticMax({ initial, rate, t0: 2023, target, tTarget: 2023 + years });

          expect(max).toBeGreaterThanOrEqual(target);
          const curve = logistic({ initial, max, rate, t0: 2023 });
          expect(relativeError(curve(2023 + years), target)).toBeLessThan(1e-9);
        },
      ),
      { seed: SEED },
    );
  });

  it('calibrates the baseline storage curve to 17 913.58 GWh in 2050', () => {
    const max = solveLogisticMax({
      initial: 33.8,
      rate: 0.3,
      t0: 2023,
      target: 17_913.58,
      tTarget: 2050,
    });

    const curve = logistic({ initial: 33.8, max, rate: 0.3, t0: 2023 });

    expect(relativeError(curve(2050), 17_913.58)).toBeLessThan(1e-12);
  });

  it('rejects a target that not even exponential growth reaches', () => {
    const call = (): unknown =>
      solveLogisticMax({ initial: 1, rate: 0.1, t0: 0, target: 3, tTarget: 10 });

    expect(call).toThrow(
      expect.objectContaining({
        code: 'E_INVALID_ARGUMENT',
        details: expect.objectContaining({ field: 'target' }),
      }),
    );
  });
});

describe('gompertz', () => {
  it('matches paper eq. (5) at reference points computed at 40 digits', () => {
    const baseline = gompertz({ saturation: 450 });
    const optimistic = gompertz({ saturation: 500 });

    expect(relativeError(baseline(12.5), 188.74140780161352)).toBeLessThan(1e-14);
    expect(relativeError(optimistic(40), 490.84028013789504)).toBeLessThan(1e-14);
  });

  it('is inverted by x = −ln(−ln(f/γ)/a)/b', () => {
    fc.assert(
      fc.property(
        positive,
        fc.double({ min: 0.5, max: 10, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 30, noNaN: true }),
        (saturation, a, b, x) => {
          const value = gompertz({ saturation, a, b })(x);

          const recovered = -Math.log(-Math.log(value / saturation) / a) / b;

          expect(Math.abs(recovered - x)).toBeLessThan(1e-8 * Math.max(1, x));
        },
      ),
      { seed: SEED },
    );
  });
});

describe('sCurve', () => {
  const shape = fc.constantFrom<SCurveShape>('logistic', 'linear', 'quadratic');
  const level = fc.double({ min: -1e6, max: 1e6, noNaN: true });
  const params = fc
    .record({
      from: level,
      to: level,
      startYear: fc.integer({ min: 1990, max: 2040 }),
      length: fc.double({ min: 0.5, max: 60, noNaN: true }),
      shape,
      steepness: fc.double({ min: 0.1, max: 200, noNaN: true }),
    })
    .map(({ length, ...rest }) => ({ ...rest, endYear: rest.startYear + length }));

  it('hits both endpoints exactly and is constant outside them', () => {
    fc.assert(
      fc.property(params, (p) => {
        const curve = sCurve(p);

        expect(curve(p.startYear)).toBe(p.from);
        expect(curve(p.endYear)).toBe(p.to);
        expect(curve(p.startYear - 100)).toBe(p.from);
        expect(curve(p.endYear + 100)).toBe(p.to);
      }),
      { seed: SEED },
    );
  });

  it('stays within its bounds and is monotone, also between adjacent doubles', () => {
    fc.assert(
      fc.property(
        params,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (p, u, v) => {
          const curve = sCurve(p);
          const span = p.endYear - p.startYear;
          const [t1, t2] = [
            p.startYear + Math.min(u, v) * span,
            p.startYear + Math.max(u, v) * span,
          ];
          const direction = Math.sign(p.to - p.from);

          const values = [curve(t1), curve(t2), curve(nextUp(t1))];

          for (const value of values) {
            expect(value).toBeGreaterThanOrEqual(Math.min(p.from, p.to));
            expect(value).toBeLessThanOrEqual(Math.max(p.from, p.to));
          }
          expect(direction * (values[1]! - values[0]!)).toBeGreaterThanOrEqual(0);
          expect(direction * (values[2]! - values[0]!)).toBeGreaterThanOrEqual(0);
        },
      ),
      { seed: SEED, numRuns: 1000 },
    );
  });

  // A logistic S-curve with its inflection anywhere from one span before the start to one span
  // after the end; steepness at most 30 keeps the logistic from being flat across the span in
  // floating point, which sCurve refuses.
  const movedMidpoint = fc
    .record({
      from: level,
      to: level,
      startYear: fc.integer({ min: 1990, max: 2040 }),
      length: fc.double({ min: 0.5, max: 60, noNaN: true }),
      steepness: fc.double({ min: 0.1, max: 30, noNaN: true }),
      midpointShare: fc.double({ min: -1, max: 2, noNaN: true }),
    })
    .map(({ length, midpointShare, ...rest }) => ({
      ...rest,
      endYear: rest.startYear + length,
      midpointYear: rest.startYear + midpointShare * length,
    }));

  it('hits both endpoints exactly with its midpoint moved inside or outside the span', () => {
    fc.assert(
      fc.property(movedMidpoint, (p) => {
        const curve = sCurve(p);

        expect(curve(p.startYear)).toBe(p.from);
        expect(curve(p.endYear)).toBe(p.to);
        expect(curve(p.startYear - 100)).toBe(p.from);
        expect(curve(p.endYear + 100)).toBe(p.to);
      }),
      { seed: SEED },
    );
  });

  it('stays within its bounds and is monotone with its midpoint moved, also between adjacent doubles', () => {
    fc.assert(
      fc.property(
        movedMidpoint,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (p, u, v) => {
          const curve = sCurve(p);
          const span = p.endYear - p.startYear;
          const [t1, t2] = [
            p.startYear + Math.min(u, v) * span,
            p.startYear + Math.max(u, v) * span,
          ];
          const direction = Math.sign(p.to - p.from);

          const values = [curve(t1), curve(t2), curve(nextUp(t1))];

          for (const value of values) {
            expect(value).toBeGreaterThanOrEqual(Math.min(p.from, p.to));
            expect(value).toBeLessThanOrEqual(Math.max(p.from, p.to));
          }
          expect(direction * (values[1]! - values[0]!)).toBeGreaterThanOrEqual(0);
          expect(direction * (values[2]! - values[0]!)).toBeGreaterThanOrEqual(0);
        },
      ),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('follows the normalised logistic in years with its midpoint moved', () => {
    const k = 0.3;
    const m = 2031;
    const L = (t: number) => 1 / (1 + Math.exp(-k * (t - m)));
    const expected = (t: number) =>
      0.087 + (0.86 - 0.087) * ((L(t) - L(2022)) / (L(2050) - L(2022)));
    const curve = sCurve({
      from: 0.087,
      to: 0.86,
      startYear: 2022,
      endYear: 2050,
      steepness: k * 28,
      midpointYear: m,
    });

    const years = [2023, 2028, 2031, 2036.5, 2049];

    for (const t of years) expect(curve(t)).toBeCloseTo(expected(t), 12);
  });

  it('gives the centred curve bit for bit when the midpoint is the middle of the span', () => {
    // Whole-year spans, so that the midpoint's share of the span is exactly 1/2.
    const wholeYears = params.map((p) => ({ ...p, endYear: Math.ceil(p.endYear) }));

    fc.assert(
      fc.property(wholeYears, fc.double({ min: 0, max: 1, noNaN: true }), (p, u) => {
        const t = p.startYear + u * (p.endYear - p.startYear);
        const midpointYear = p.startYear + (p.endYear - p.startYear) / 2;

        const centred = sCurve({ ...p, shape: 'logistic' })(t);
        const moved = sCurve({ ...p, shape: 'logistic', midpointYear })(t);

        expect(Object.is(moved, centred)).toBe(true);
      }),
      { seed: SEED },
    );
  });

  it('rejects a midpoint so far outside the span that the logistic is flat across it', () => {
    const call = (): unknown =>
      sCurve({ from: 0, to: 1, startYear: 2022, endYear: 2050, steepness: 28, midpointYear: 1900 });

    expect(call).toThrow(
      expect.objectContaining({
        code: 'E_INVALID_ARGUMENT',
        details: expect.objectContaining({ field: 'midpointYear' }),
      }),
    );
  });

  it('passes through the midpoint value halfway for the symmetric shapes', () => {
    const curves = (['logistic', 'linear', 'quadratic'] as const).map((shape) =>
      sCurve({ from: 0.2, to: 0.63, startYear: 2023, endYear: 2050, shape }),
    );

    const midpoints = curves.map((curve) => curve(2036.5));

    for (const value of midpoints) expect(value).toBeCloseTo(0.415, 12);
  });

  it('rejects an end year that is not after the start year', () => {
    const call = (): unknown => sCurve({ from: 0, to: 1, startYear: 2030, endYear: 2030 });

    expect(call).toThrow(
      expect.objectContaining({
        code: 'E_INVALID_ARGUMENT',
        details: expect.objectContaining({ field: 'endYear' }),
      }),
    );
  });

  it('rejects an unknown shape and a steepness outside (0, 200]', () => {
    const badShape = (): unknown =>
      sCurve({ from: 0, to: 1, startYear: 0, endYear: 1, shape: 'cubic' as SCurveShape });
    const badSteepness = (): unknown =>
      sCurve({ from: 0, to: 1, startYear: 0, endYear: 1, steepness: 0 });

    expect(badShape).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'shape' }) }),
    );
    expect(badSteepness).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'steepness' }) }),
    );
  });
});
