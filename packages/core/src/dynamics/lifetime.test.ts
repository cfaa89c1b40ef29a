import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkPmf,
  type LifetimeSpec,
  LifetimeSpecSchema,
  lifetimePmf,
  survivalFromPmf,
} from './lifetime.js';

const SEED = 20_250_702;

function total(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum;
}

// Continuous specs whose centre lies inside 1 … maxAge, so that the support keeps real mass.
const specAndMaxAge = fc.integer({ min: 1, max: 80 }).chain((maxAge) => {
  const centre = fc.double({ min: 0.05 * maxAge, max: maxAge, noNaN: true });
  const spread = fc.double({ min: 0.05, max: 25, noNaN: true });
  const spec: fc.Arbitrary<LifetimeSpec> = fc.oneof(
    fc.record({ kind: fc.constant('normal' as const), mean: centre, sd: spread }),
    fc.record({ kind: fc.constant('lognormal' as const), mean: centre, sd: spread }),
    fc.record({
      kind: fc.constant('weibull' as const),
      shape: fc.double({ min: 0.3, max: 12, noNaN: true }),
      scale: centre,
    }),
    fc.record({ kind: fc.constant('fixed' as const), years: fc.integer({ min: 1, max: maxAge }) }),
  );
  return fc.tuple(spec, fc.constant(maxAge));
});

describe('lifetimePmf', () => {
  it('sums to 1, has nothing at age 0 and nothing negative, for any valid spec', () => {
    fc.assert(
      fc.property(specAndMaxAge, ([spec, maxAge]) => {
        const pmf = lifetimePmf(spec, maxAge);

        expect(pmf.length).toBe(maxAge + 1);
        expect(pmf[0]).toBe(0);
        expect(Math.abs(total(pmf) - 1)).toBeLessThan(1e-12);
        expect(Array.from(pmf).every((p) => p >= 0)).toBe(true);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('puts all the mass of a fixed lifetime on its age', () => {
    const pmf = lifetimePmf({ kind: 'fixed', years: 12 });

    expect(pmf.length).toBe(31);
    expect(pmf[12]).toBe(1);
    expect(total(pmf)).toBe(1);
  });

  it('discretises the normal lifetime of the reference model as ODYM does', () => {
    // mpmath: (Φ((k−15)/4) − Φ((k−16)/4)) / (Φ(15/4) − Φ(−15/4)).
    const pmf = lifetimePmf({ kind: 'normal', mean: 15, sd: 4 });

    expect(pmf[1]).toBeCloseTo(0.00014423729997569825, 15);
    expect(pmf[15]).toBeCloseTo(0.09872378346076043, 15);
    expect(pmf[30]).toBeCloseTo(0.00014423729997569825, 15);
  });

  it('keeps relative accuracy for probabilities far in the upper tail', () => {
    // (Q(27) − Q(28)) / (Φ(28) − Φ(−2)) with Q the standard normal survival, by mpmath; the
    // difference of two CDF values near 1 would give 0 here.
    const pmf = lifetimePmf({ kind: 'normal', mean: 2, sd: 1 });

    expect(Math.abs(pmf[30]! / 7.561506272298675e-161 - 1)).toBeLessThan(1e-12);
  });

  it('matches the closed form of an exponential (Weibull shape 1) lifetime', () => {
    const scale = 10;
    const normaliser = -Math.expm1(-30 / scale);

    const pmf = lifetimePmf({ kind: 'weibull', shape: 1, scale });

    for (let k = 1; k <= 30; k++) {
      const expected = (Math.exp(-(k - 1) / scale) - Math.exp(-k / scale)) / normaliser;
      expect(Math.abs(pmf[k]! / expected - 1)).toBeLessThan(1e-12);
    }
  });

  it('reads a log-normal spec as the mean and s.d. of the lifetime itself', () => {
    // Over a wide support, retiring at the end of the year the lifetime falls in adds half a
    // year to the mean.
    const pmf = lifetimePmf({ kind: 'lognormal', mean: 15, sd: 4 }, 200);

    const mean = Array.from(pmf).reduce((sum, p, age) => sum + p * age, 0);

    expect(mean).toBeCloseTo(15.5, 2);
  });

  it('rejects a distribution with no mass on ages 1 to maxAge', () => {
    const call = (): unknown => lifetimePmf({ kind: 'normal', mean: 500, sd: 4 });

    expect(call).toThrow(
      expect.objectContaining({
        code: 'E_INVALID_ARGUMENT',
        details: expect.objectContaining({ field: 'spec' }),
      }),
    );
  });

  it('rejects a fixed lifetime longer than maxAge', () => {
    const call = (): unknown => lifetimePmf({ kind: 'fixed', years: 31 });

    expect(call).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'spec.years' }) }),
    );
  });

  it('names the failing field of an invalid spec', () => {
    const call = (): unknown => lifetimePmf({ kind: 'normal', mean: 15, sd: 0 });

    expect(call).toThrow(
      expect.objectContaining({
        code: 'E_INVALID_ARGUMENT',
        details: expect.objectContaining({ field: 'spec.sd', value: 0 }),
      }),
    );
  });

  it('rejects a maxAge that is not a positive integer', () => {
    const call = (): unknown => lifetimePmf({ kind: 'fixed', years: 1 }, 2.5);

    expect(call).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'maxAge' }) }),
    );
  });
});

describe('LifetimeSpecSchema', () => {
  it('accepts the reference lifetime and rejects unknown keys and non-finite numbers', () => {
    const good = { kind: 'normal', mean: 15, sd: 4 };

    const parsed = LifetimeSpecSchema.safeParse(good);
    const extraKey = LifetimeSpecSchema.safeParse({ ...good, truncate: true });
    const infinite = LifetimeSpecSchema.safeParse({
      kind: 'weibull',
      shape: 2,
      scale: Number.POSITIVE_INFINITY,
    });

    expect(parsed.success).toBe(true);
    expect(extraKey.success).toBe(false);
    expect(infinite.success).toBe(false);
  });
});

describe('survivalFromPmf', () => {
  it('starts at 1, ends at 0, never rises, and falls by φ(a) at age a', () => {
    fc.assert(
      fc.property(specAndMaxAge, ([spec, maxAge]) => {
        const pmf = lifetimePmf(spec, maxAge);

        const survival = survivalFromPmf(pmf);

        expect(survival[0]).toBe(1);
        expect(survival[maxAge]).toBe(0);
        for (let a = 1; a <= maxAge; a++) {
          expect(survival[a]!).toBeLessThanOrEqual(survival[a - 1]!);
          expect(Math.abs(survival[a - 1]! - survival[a]! - pmf[a]!)).toBeLessThan(1e-12);
        }
      }),
      { seed: SEED },
    );
  });
});

describe('checkPmf', () => {
  it('rejects mass at age 0 and a sum other than 1', () => {
    const atZero = (): void => checkPmf([0.5, 0.5]);
    const short = (): void => checkPmf([0, 0.5, 0.4]);

    expect(atZero).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'pmf[0]' }) }),
    );
    expect(short).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'pmf (sum)' }) }),
    );
  });

  it('gives a fresh array on every call, equal bit for bit, however often a spec is asked for', () => {
    const spec: LifetimeSpec = { kind: 'lognormal', mean: 11, sd: 3.5 };
    const first = lifetimePmf(spec, 25);
    const copy = Array.from(first);
    (first as unknown as Float64Array).fill(7);

    const again = lifetimePmf({ kind: 'lognormal', mean: 11, sd: 3.5 }, 25);

    expect(again).not.toBe(first);
    expect(Array.from(again)).toEqual(copy);
    expect(Array.from(lifetimePmf({ sd: 3.5, mean: 11, kind: 'lognormal' }, 25))).toEqual(copy);
    expect(lifetimePmf(spec, 26).length).toBe(27);
    expect(() => lifetimePmf({ kind: 'lognormal', mean: -11, sd: 3.5 }, 25)).toThrowError(
      expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }),
    );
  });
});
