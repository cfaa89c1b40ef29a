import { z } from 'zod';
import { InvalidArgumentError } from '../errors.js';
import { normalCdf, normalSurvival } from './special-functions.js';
import { requireInteger } from './validate.js';

/** The oldest age, in years, a discrete lifetime distribution may reach. */
export const MAX_LIFETIME_AGE = 1000;

/** The default support of a discrete lifetime distribution: ages 1 to 30 years (MODEL.md §5). */
export const DEFAULT_MAX_AGE = 30;

/**
 * A continuous or fixed product lifetime, in years. Normal: `mean` and `sd` of the lifetime.
 * Log-normal: also the `mean` and `sd` of the lifetime itself (not of its logarithm), as ODYM
 * takes them, so that a normal and a log-normal spec with the same numbers are comparable.
 * Weibull: `shape` k and `scale` λ, with F(x) = 1 − exp(−(x/λ)^k). Fixed: every unit retires at
 * age `years`.
 */
export const LifetimeSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('normal'),
    mean: z.number().positive(),
    sd: z.number().positive(),
  }),
  z.strictObject({
    kind: z.literal('weibull'),
    shape: z.number().positive(),
    scale: z.number().positive(),
  }),
  z.strictObject({
    kind: z.literal('lognormal'),
    mean: z.number().positive(),
    sd: z.number().positive(),
  }),
  z.strictObject({
    kind: z.literal('fixed'),
    years: z.number().int().min(1).max(MAX_LIFETIME_AGE),
  }),
]);

/** A product lifetime distribution; see {@link LifetimeSpecSchema}. */
export type LifetimeSpec = z.infer<typeof LifetimeSpecSchema>;

/** A Float64Array that the type system does not let its holder change. */
export type ReadonlyFloat64Array = {
  readonly [K in keyof Float64Array as K extends MutatingMethod ? never : K]: Float64Array[K];
};
type MutatingMethod = 'set' | 'fill' | 'copyWithin' | 'reverse' | 'sort';

/**
 * The discrete lifetime distribution φ of a spec: `φ[k]` is the share of a cohort that retires at
 * age k years, for k = 0 … maxAge. As ODYM discretises it, φ(k) = F(k) − F(k − 1) for
 * k = 1 … maxAge with F the spec's cumulative distribution function, renormalised to sum to 1
 * over those ages; φ(0) is always 0 (nothing retires in the year it enters use), and mass below
 * age 0 or above maxAge is dropped by the renormalisation. A fixed lifetime puts all its mass on
 * its age. The result is a new array on every call; the last few distributions computed are
 * kept, so asking again for one costs a look-up and a copy.
 *
 * @throws InvalidArgumentError if the spec fails {@link LifetimeSpecSchema} (the field is the
 *   first failing path), `maxAge` is not an integer in 1 … MAX_LIFETIME_AGE, a fixed lifetime
 *   exceeds `maxAge`, or the distribution puts no representable mass on ages 1 … maxAge (e.g. a
 *   normal lifetime with mean 500 years): move the mean into the horizon or raise `maxAge`.
 */
export function lifetimePmf(
  spec: LifetimeSpec,
  maxAge: number = DEFAULT_MAX_AGE,
): ReadonlyFloat64Array {
  const key = cacheKey(spec, maxAge);
  const cached = key === undefined ? undefined : pmfCache.get(key);
  if (cached !== undefined) return cached.slice();
  const pmf = computePmf(spec, maxAge);
  if (key !== undefined) {
    pmfCache.set(key, pmf.slice());
    if (pmfCache.size > PMF_CACHE_SIZE) pmfCache.delete(pmfCache.keys().next().value!);
  }
  return pmf;
}

/**
 * Distributions already computed, by `cacheKey`: a model build asks for the same few lifetimes
 * again and again, and checking the spec with its schema and summing the CDF cost about a tenth
 * of the build of the lithium model. Only good results are kept, and callers get copies.
 */
const pmfCache = new Map<string, Float64Array>();
const PMF_CACHE_SIZE = 64;

/**
 * A key that names the distribution of `spec`, or undefined for a spec that is not a plain
 * object of numbers and strings (which then always goes through the schema). Each field is
 * written by name in its own order; numbers in their shortest round-trip form, which tells every
 * value a valid spec can hold apart (the schema refuses -0, NaN and the infinities, the only
 * numbers that share a form), strings as JSON, so no value can end a field early.
 */
function cacheKey(spec: unknown, maxAge: unknown): string | undefined {
  if (typeof maxAge !== 'number' || spec === null || typeof spec !== 'object') return undefined;
  if (Object.getPrototypeOf(spec) !== Object.prototype) return undefined;
  let key = `${maxAge}`;
  for (const field of Object.keys(spec)) {
    const value = (spec as Record<string, unknown>)[field];
    if (typeof value === 'number') key += `,${JSON.stringify(field)}:${value}`;
    else if (typeof value === 'string') key += `,${JSON.stringify(field)}:${JSON.stringify(value)}`;
    else return undefined;
  }
  return key;
}

function computePmf(spec: LifetimeSpec, maxAge: number): Float64Array {
  const parsed = parseSpec(spec);
  requireInteger('maxAge', maxAge, 1, MAX_LIFETIME_AGE);
  const pmf = new Float64Array(maxAge + 1);

  if (parsed.kind === 'fixed') {
    if (parsed.years > maxAge) {
      throw new InvalidArgumentError(
        'spec.years',
        parsed.years,
        `an age of at most maxAge (${maxAge})`,
      );
    }
    pmf[parsed.years] = 1;
    return pmf;
  }

  const { cdf, survival, median } = distribution(parsed);
  let mass = 0;
  for (let k = 1; k <= maxAge; k++) {
    // Differences of the CDF lose their digits in the upper tail, where F is close to 1;
    // there the same probability is the difference of two small survival values.
    const p = k - 1 >= median ? survival(k - 1) - survival(k) : cdf(k) - cdf(k - 1);
    pmf[k] = Math.max(0, p);
    mass += pmf[k]!;
  }
  // Below the smallest normal double, renormalising would amplify rounding noise into the pmf.
  if (!(mass >= 2 ** -1022)) {
    throw new InvalidArgumentError(
      'spec',
      spec,
      `a lifetime distribution with probability on ages 1 to ${maxAge}; ` +
        'move its mean into that range or raise maxAge',
    );
  }

  for (let k = 1; k <= maxAge; k++) pmf[k] = pmf[k]! / mass;
  return pmf;
}

/**
 * The survival function S of a discrete lifetime distribution: `S[a]` is the share of a cohort
 * still in use at the end of the year in which it has age a, i.e. 1 − Σ_{k ≤ a} φ(k), for
 * a = 0 … pmf.length − 1; it is 0 for every older age. S[0] is exactly 1 and S is non-increasing
 * in floating point: it is summed from the oldest age down, which keeps small tail values exact
 * rather than leaving them as the difference of two numbers near 1.
 *
 * @throws InvalidArgumentError if `pmf` is not a lifetime distribution: at least two entries, all
 *   finite and non-negative, φ(0) = 0, summing to 1 within 1e-9.
 */
export function survivalFromPmf(pmf: ArrayLike<number>): Float64Array {
  checkPmf(pmf);
  const maxAge = pmf.length - 1;
  const survival = new Float64Array(maxAge + 1);

  let tail = 0;
  for (let a = maxAge; a >= 1; a--) {
    survival[a] = Math.min(1, tail);
    tail += pmf[a]!;
  }
  survival[0] = 1;
  return survival;
}

/**
 * Checks that `pmf` is a discrete lifetime distribution as {@link lifetimePmf} makes them.
 *
 * @throws InvalidArgumentError naming the offending entry.
 */
export function checkPmf(pmf: ArrayLike<number>, field = 'pmf'): void {
  if (pmf == null || typeof pmf.length !== 'number' || pmf.length < 2) {
    throw new InvalidArgumentError(field, pmf, 'a lifetime distribution over ages 0 … maxAge ≥ 1');
  }
  let sum = 0;
  for (let k = 0; k < pmf.length; k++) {
    const p = pmf[k]!;
    if (!Number.isFinite(p) || p < 0) {
      throw new InvalidArgumentError(`${field}[${k}]`, p, 'a finite probability of at least 0');
    }
    sum += p;
  }
  if (pmf[0] !== 0) {
    throw new InvalidArgumentError(`${field}[0]`, pmf[0], '0: nothing retires at age 0');
  }
  if (Math.abs(sum - 1) > 1e-9) {
    throw new InvalidArgumentError(`${field} (sum)`, sum, '1 within 1e-9');
  }
}

type ContinuousSpec = Exclude<LifetimeSpec, { kind: 'fixed' }>;

interface Distribution {
  readonly cdf: (x: number) => number;
  readonly survival: (x: number) => number;
  readonly median: number;
}

function distribution(spec: ContinuousSpec): Distribution {
  switch (spec.kind) {
    case 'normal': {
      const { mean, sd } = spec;
      return {
        cdf: (x) => normalCdf(x, mean, sd),
        survival: (x) => normalSurvival(x, mean, sd),
        median: mean,
      };
    }
    case 'lognormal': {
      // The mean m and s.d. s of the lifetime give its log's parameters:
      // σ² = ln(1 + s²/m²), μ = ln m − σ²/2.
      const variance = Math.log1p((spec.sd / spec.mean) ** 2);
      const sigma = Math.sqrt(variance);
      const mu = Math.log(spec.mean) - variance / 2;
      return {
        cdf: (x) => (x <= 0 ? 0 : normalCdf(Math.log(x), mu, sigma)),
        survival: (x) => (x <= 0 ? 1 : normalSurvival(Math.log(x), mu, sigma)),
        median: Math.exp(mu),
      };
    }
    case 'weibull': {
      const { shape, scale } = spec;
      const hazard = (x: number): number => (x <= 0 ? 0 : (x / scale) ** shape);
      return {
        cdf: (x) => -Math.expm1(-hazard(x)),
        survival: (x) => Math.exp(-hazard(x)),
        median: scale * Math.LN2 ** (1 / shape),
      };
    }
  }
}

function parseSpec(spec: LifetimeSpec): LifetimeSpec {
  const result = LifetimeSpecSchema.safeParse(spec);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.length ? `spec.${issue.path.join('.')}` : 'spec';
  const value = issue?.path.reduce<unknown>(
    (node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key],
    spec,
  );
  throw new InvalidArgumentError(path, value, issue?.message ?? 'a valid lifetime spec');
}
