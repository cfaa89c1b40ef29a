import { createRandom } from '@orebus/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cdf,
  type Distribution,
  DistributionSchema,
  type InvalidDistributionError,
  mapToDistributions,
  parseDistribution,
  quantile,
  sample,
} from './distributions.js';
import { latinHypercube } from './latin-hypercube.js';
import { codeOf, errorOf, FIXED } from './test-helpers.test-support.js';

const continuous: Distribution[] = [
  { kind: 'uniform', min: -2, max: 5 },
  { kind: 'normal', mean: 10, sd: 3 },
  { kind: 'truncated-normal', mean: 0, sd: 1, min: -0.5, max: 2 },
  { kind: 'truncated-normal', mean: 0, sd: 1, min: 6, max: 9 },
  { kind: 'truncated-normal', mean: 100, sd: 20, min: 0, max: 110 },
  { kind: 'lognormal', mean: 15, sd: 5 },
  { kind: 'triangular', min: 0, mode: 1, max: 4 },
  { kind: 'triangular', min: 0, mode: 0, max: 1 },
  { kind: 'triangular', min: 0, mode: 1, max: 1 },
];
const discrete: Distribution = {
  kind: 'discrete',
  values: [3, 1, 2, 7],
  weights: [0.1, 0.2, 0, 0.7],
};
const uArb = fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true });

function paths(action: () => unknown): string[] {
  const error = errorOf(action);
  expect(error.code).toBe('E_INVALID_DISTRIBUTION');
  return (error as InvalidDistributionError).issues.map((issue) => issue.path);
}

describe('quantile and cdf', () => {
  it('invert each other: cdf(quantile(u)) = u for every continuous kind', () => {
    fc.assert(
      fc.property(fc.constantFrom(...continuous), uArb, (distribution, u) => {
        const x = quantile(distribution, u);

        expect(Math.abs(cdf(distribution, x) - u)).toBeLessThan(1e-9);
      }),
      FIXED,
    );
  });

  it('map sampled values back onto themselves: quantile(cdf(x)) = x', () => {
    fc.assert(
      fc.property(fc.constantFrom(...continuous), fc.nat(), (distribution, seed) => {
        const x = sample(distribution, createRandom(seed));

        const back = quantile(distribution, cdf(distribution, x));

        expect(Math.abs(back - x)).toBeLessThan(1e-7 * Math.max(1, Math.abs(x)));
      }),
      FIXED,
    );
  });

  it('give a discrete distribution its values as steps, skipping zero weights', () => {
    expect(quantile(discrete, 0)).toBe(1);
    expect(quantile(discrete, 0.2)).toBe(1);
    expect(quantile(discrete, 0.2000001)).toBe(3);
    expect(quantile(discrete, 0.31)).toBe(7);
    expect(quantile(discrete, 1)).toBe(7);
    expect(cdf(discrete, 0.5)).toBe(0);
    expect(cdf(discrete, 2.5)).toBeCloseTo(0.2, 15);
    expect(cdf(discrete, 7)).toBe(1);
    for (const value of [1, 3, 7]) expect(quantile(discrete, cdf(discrete, value))).toBe(value);
  });

  it('accept u = 0 and 1 where the quantile is finite and refuse them where it is not', () => {
    expect(quantile({ kind: 'uniform', min: 1, max: 2 }, 1)).toBe(2);
    expect(quantile({ kind: 'lognormal', mean: 1, sd: 1 }, 0)).toBe(0);
    expect(codeOf(() => quantile({ kind: 'normal', mean: 0, sd: 1 }, 0))).toBe(
      'E_INVALID_ARGUMENT',
    );
    expect(codeOf(() => quantile({ kind: 'lognormal', mean: 1, sd: 1 }, 1))).toBe(
      'E_INVALID_ARGUMENT',
    );
    expect(codeOf(() => quantile({ kind: 'uniform', min: 1, max: 2 }, 1.5))).toBe(
      'E_INVALID_ARGUMENT',
    );
  });
});

describe('sample', () => {
  it('draws a log-normal with the mean and sd of the variable itself', () => {
    const distribution: Distribution = { kind: 'lognormal', mean: 15, sd: 5 };
    const random = createRandom('lognormal');
    const n = 40_000;

    const xs = Array.from({ length: n }, () => sample(distribution, random));
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));

    // Standard errors: 0.025 for the mean, about 0.03 for the sd.
    expect(Math.abs(mean - 15)).toBeLessThan(0.1);
    expect(Math.abs(sd - 5)).toBeLessThan(0.15);
  });

  it('keeps a truncated normal within its bounds and a discrete one to its weights', () => {
    const truncated: Distribution = { kind: 'truncated-normal', mean: 0, sd: 1, min: 6, max: 9 };
    const random = createRandom('bounds');
    const n = 20_000;

    const xs = Array.from({ length: 2000 }, () => sample(truncated, random));
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const v = sample(discrete, random);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }

    expect(xs.every((x) => x >= 6 && x <= 9)).toBe(true);
    expect(counts.get(2)).toBeUndefined();
    expect(Math.abs((counts.get(7) ?? 0) / n - 0.7)).toBeLessThan(0.01);
  });

  it('gives the same draws for the same stream', () => {
    const first = Array.from({ length: 5 }, (_, i) =>
      sample(continuous[i % continuous.length]!, createRandom(i)),
    );

    const again = Array.from({ length: 5 }, (_, i) =>
      sample(continuous[i % continuous.length]!, createRandom(i)),
    );

    expect(again).toEqual(first);
  });
});

describe('mapToDistributions', () => {
  it('keeps a Latin hypercube stratified in probability for every distribution', () => {
    const distributions = [continuous[1]!, continuous[5]!, continuous[6]!];
    const n = 50;

    const points = mapToDistributions(latinHypercube(n, 3, createRandom('lhs')), distributions);

    distributions.forEach((distribution, j) => {
      const strata = points.map((p) => Math.floor(cdf(distribution, p[j] as number) * n));
      expect(new Set(strata).size).toBe(n);
    });
  });

  it('names the distribution that is invalid', () => {
    const error = errorOf(() =>
      mapToDistributions([[0.5, 0.5]], [continuous[0]!, { kind: 'normal', mean: 0, sd: 0 }]),
    );

    expect(error.code).toBe('E_INVALID_DISTRIBUTION');
    expect(error.message).toContain('distributions[1].sd');
  });
});

describe('DistributionSchema', () => {
  it('accepts every valid kind', () => {
    for (const distribution of [...continuous, discrete]) {
      expect(DistributionSchema.safeParse(distribution).success).toBe(true);
    }
  });

  it('refuses invalid distributions, naming the field', () => {
    expect(paths(() => parseDistribution({ kind: 'uniform', min: 2, max: 2 }))).toEqual(['max']);
    expect(paths(() => parseDistribution({ kind: 'normal', mean: 0, sd: -1 }))).toEqual(['sd']);
    expect(paths(() => parseDistribution({ kind: 'lognormal', mean: 0, sd: 1 }))).toEqual(['mean']);
    expect(paths(() => parseDistribution({ kind: 'triangular', min: 0, mode: 2, max: 1 }))).toEqual(
      ['mode'],
    );
    expect(
      paths(() =>
        parseDistribution({ kind: 'truncated-normal', mean: 0, sd: 1, min: 40, max: 41 }),
      ),
    ).toEqual(['min']);
    expect(
      paths(() => parseDistribution({ kind: 'discrete', values: [1, 2], weights: [0.5, 0.6] })),
    ).toEqual(['weights']);
    expect(
      paths(() => parseDistribution({ kind: 'discrete', values: [1, 2], weights: [1] })),
    ).toEqual(['weights']);
    expect(paths(() => parseDistribution({ kind: 'normal', mean: Number.NaN, sd: 1 }))).toEqual([
      'mean',
    ]);
    expect(paths(() => parseDistribution({ kind: 'beta', a: 1, b: 1 }))).toEqual(['kind']);
  });

  it('reports every issue at once, with the offending value', () => {
    const error = errorOf(() =>
      parseDistribution({ kind: 'truncated-normal', mean: 0, sd: 0, min: 3, max: 1 }, 'price.sd'),
    ) as InvalidDistributionError;

    expect(error.issues.map((issue) => [issue.path, issue.value])).toEqual([
      ['sd', 0],
      ['max', 1],
    ]);
    expect(error.message).toContain('price.sd.max = 1');
  });

  it('names a negative weight by its index', () => {
    const issues = paths(() =>
      parseDistribution({ kind: 'discrete', values: [1, 2, 3], weights: [0.6, -0.1, 0.5] }),
    );

    expect(issues).toEqual(['weights.1']);
  });

  it('is applied by quantile, cdf and sample too', () => {
    const invalid = { kind: 'uniform', min: 1, max: 0 } as const;

    expect(codeOf(() => quantile(invalid, 0.5))).toBe('E_INVALID_DISTRIBUTION');
    expect(codeOf(() => cdf(invalid, 0.5))).toBe('E_INVALID_DISTRIBUTION');
    expect(codeOf(() => sample(invalid, createRandom(1)))).toBe('E_INVALID_DISTRIBUTION');
  });
});

describe('parseDistribution', () => {
  it('refuses a value that is not an object at all, naming where it came from', () => {
    const error = errorOf(() => parseDistribution(42, 'scenario.yaml: price'));

    expect(error.code).toBe('E_INVALID_DISTRIBUTION');
    expect((error as InvalidDistributionError).issues[0]?.path).toBe('');
    expect(error.message).toContain('scenario.yaml: price = 42');
  });
});
