import {
  InvalidArgumentError,
  NonFiniteNumberError,
  normalCdf,
  normalSurvival,
  OrebusError,
  type Random,
} from '@orebus/core';
import { z } from 'zod';
import { openUniform } from './arguments.js';
import { standardNormalQuantile } from './normal-quantile.js';

/** How far the weights of a discrete distribution may sum from 1 (rounding of decimal shares). */
export const WEIGHT_SUM_TOLERANCE = 1e-9;

type Context = z.core.$RefinementCtx;

function refuse(ctx: Context, field: string, value: unknown, message: string): void {
  ctx.addIssue({ code: 'custom', path: [field], input: value, message });
}

function requireOrdered(ctx: Context, min: number, max: number): void {
  if (!(min < max)) refuse(ctx, 'max', max, `must be greater than min = ${min}`);
  else if (!Number.isFinite(max - min)) refuse(ctx, 'max', max, 'max − min must be finite');
}

function requirePositive(ctx: Context, field: string, value: number): void {
  if (!(value > 0)) refuse(ctx, field, value, 'must be greater than 0');
}

const UniformSchema = z
  .strictObject({ kind: z.literal('uniform'), min: z.number(), max: z.number() })
  .superRefine((d, ctx) => requireOrdered(ctx, d.min, d.max));

const NormalSchema = z
  .strictObject({ kind: z.literal('normal'), mean: z.number(), sd: z.number() })
  .superRefine((d, ctx) => requirePositive(ctx, 'sd', d.sd));

const TruncatedNormalSchema = z
  .strictObject({
    kind: z.literal('truncated-normal'),
    mean: z.number(),
    sd: z.number(),
    min: z.number(),
    max: z.number(),
  })
  .superRefine((d, ctx) => {
    requirePositive(ctx, 'sd', d.sd);
    requireOrdered(ctx, d.min, d.max);
    if (d.sd > 0 && d.min < d.max && !(truncation(d).mass > 0)) {
      refuse(ctx, 'min', d.min, 'leaves [min, max] with no probability representable in doubles');
    }
  });

const LognormalSchema = z
  .strictObject({ kind: z.literal('lognormal'), mean: z.number(), sd: z.number() })
  .superRefine((d, ctx) => {
    requirePositive(ctx, 'mean', d.mean);
    requirePositive(ctx, 'sd', d.sd);
  });

const TriangularSchema = z
  .strictObject({
    kind: z.literal('triangular'),
    min: z.number(),
    mode: z.number(),
    max: z.number(),
  })
  .superRefine((d, ctx) => {
    requireOrdered(ctx, d.min, d.max);
    if (!(d.mode >= d.min && d.mode <= d.max)) {
      refuse(ctx, 'mode', d.mode, `must lie in [min, max] = [${d.min}, ${d.max}]`);
    }
  });

const DiscreteSchema = z
  .strictObject({
    kind: z.literal('discrete'),
    values: z.array(z.number()).min(1),
    weights: z.array(z.number()),
  })
  .superRefine((d, ctx) => {
    if (d.weights.length !== d.values.length) {
      refuse(ctx, 'weights', d.weights, `must have one weight per value (${d.values.length})`);
      return;
    }
    let sum = 0;
    d.weights.forEach((w, i) => {
      if (!(w >= 0))
        ctx.addIssue({
          code: 'custom',
          path: ['weights', i],
          input: w,
          message: 'must be at least 0',
        });
      sum += w;
    });
    if (!(Math.abs(sum - 1) <= WEIGHT_SUM_TOLERANCE)) {
      refuse(ctx, 'weights', d.weights, `must sum to 1, not ${sum}`);
    }
  });

/**
 * A probability distribution of one uncertain input, for Monte Carlo and Latin-hypercube runs:
 *
 * - `uniform {min, max}` on [min, max], min < max;
 * - `normal {mean, sd}`, sd > 0;
 * - `truncated-normal {mean, sd, min, max}`: the normal restricted to [min, max], which must
 *   hold some probability;
 * - `lognormal {mean, sd}`: the mean and s.d. of the variable itself, not of its logarithm,
 *   as @orebus/core's lifetimes take them; both > 0;
 * - `triangular {min, mode, max}`, min < max, min ≤ mode ≤ max;
 * - `discrete {values, weights}`: value i with probability weights[i]; weights ≥ 0, one per
 *   value, summing to 1 within `WEIGHT_SUM_TOLERANCE`.
 *
 * Every number must be finite. Issues name the field (`max`, `weights.2`) and its value.
 */
export const DistributionSchema = z.discriminatedUnion('kind', [
  UniformSchema,
  NormalSchema,
  TruncatedNormalSchema,
  LognormalSchema,
  TriangularSchema,
  DiscreteSchema,
]);

/** A distribution of one uncertain input; see {@link DistributionSchema}. */
export type Distribution = z.infer<typeof DistributionSchema>;

/**
 * One problem with a distribution: the field path (`weights.2`; empty for the whole value), its
 * value, and what is wrong.
 */
export interface DistributionIssue {
  readonly path: string;
  readonly value: unknown;
  readonly message: string;
}

/**
 * A distribution that `DistributionSchema` refuses (code `E_INVALID_DISTRIBUTION`), with every
 * issue found, not only the first.
 */
export class InvalidDistributionError extends OrebusError {
  readonly issues: readonly DistributionIssue[];

  constructor(where: string, issues: readonly DistributionIssue[]) {
    const lines = issues.map(
      (issue) =>
        `  ${issue.path ? `${where}.${issue.path}` : where} = ${show(issue.value)}: ${issue.message}`,
    );
    super(
      'E_INVALID_DISTRIBUTION',
      `${where} is not a valid distribution:\n${lines.join('\n')}\n` +
        'Fix these fields; DistributionSchema documents what each kind accepts.',
      { where, issues },
    );
    this.issues = issues;
  }
}

function show(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * `input` checked against {@link DistributionSchema}; `where` names it in messages (a file and
 * field path, say).
 *
 * @throws InvalidDistributionError (`E_INVALID_DISTRIBUTION`) listing every issue.
 */
export function parseDistribution(input: unknown, where = 'distribution'): Distribution {
  const result = DistributionSchema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    value: issue.path.reduce<unknown>(
      (node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key as PropertyKey],
      input,
    ),
    message: issue.message,
  }));
  throw new InvalidDistributionError(where, issues);
}

// A checked distribution with its derived constants; closedAtZero/One say whether u = 0 or 1
// has a finite quantile.
interface Prepared {
  readonly quantile: (u: number) => number;
  readonly cdf: (x: number) => number;
  readonly closedAtZero: boolean;
  readonly closedAtOne: boolean;
}

// Keyed by object identity: a distribution is checked and prepared once, however often it is
// sampled. Hence a distribution object must not be changed after its first use.
const prepared = new WeakMap<object, Prepared>();

function prepare(distribution: Distribution): Prepared {
  const known = prepared.get(distribution);
  if (known) return known;
  const d = parseDistribution(distribution);
  const made = build(d);
  prepared.set(distribution, made);
  return made;
}

type TruncatedNormal = z.infer<typeof TruncatedNormalSchema>;

// Works on the side of the mean where [min, max] lies, with survival probabilities above it, so
// that an interval deep in the upper tail keeps its relative precision.
function truncation(d: TruncatedNormal): { upper: boolean; low: number; mass: number } {
  const upper = d.min + d.max > 2 * d.mean;
  if (upper) {
    const low = normalSurvival(d.min, d.mean, d.sd);
    return { upper, low, mass: low - normalSurvival(d.max, d.mean, d.sd) };
  }
  const low = normalCdf(d.min, d.mean, d.sd);
  return { upper, low, mass: normalCdf(d.max, d.mean, d.sd) - low };
}

const clamp = (x: number, low: number, high: number): number => Math.min(high, Math.max(low, x));

function build(d: Distribution): Prepared {
  switch (d.kind) {
    case 'uniform': {
      const width = d.max - d.min;
      return {
        quantile: (u) => Math.min(d.min + width * u, d.max),
        cdf: (x) => clamp((x - d.min) / width, 0, 1),
        closedAtZero: true,
        closedAtOne: true,
      };
    }
    case 'normal':
      return {
        quantile: (u) => d.mean + d.sd * standardNormalQuantile(u),
        cdf: (x) => normalCdf(x, d.mean, d.sd),
        closedAtZero: false,
        closedAtOne: false,
      };
    case 'truncated-normal': {
      const { upper, low, mass } = truncation(d);
      const inverse = (p: number): number => {
        if (p <= 0) return upper ? d.max : d.min;
        if (p >= 1) return upper ? d.min : d.max;
        const z = standardNormalQuantile(p);
        return d.mean + d.sd * (upper ? -z : z);
      };
      return {
        // In the upper case p is the survival probability, S(x) = S(min) − u·mass.
        quantile: (u) => clamp(inverse(upper ? low - u * mass : low + u * mass), d.min, d.max),
        cdf: (x) => {
          if (x <= d.min) return 0;
          if (x >= d.max) return 1;
          const p = upper
            ? (low - normalSurvival(x, d.mean, d.sd)) / mass
            : (normalCdf(x, d.mean, d.sd) - low) / mass;
          return clamp(p, 0, 1);
        },
        closedAtZero: true,
        closedAtOne: true,
      };
    }
    case 'lognormal': {
      // The log-space parameters that give the variable the stated mean and sd.
      const sigma = Math.sqrt(Math.log1p((d.sd / d.mean) ** 2));
      const mu = Math.log(d.mean) - (sigma * sigma) / 2;
      return {
        quantile: (u) => (u === 0 ? 0 : Math.exp(mu + sigma * standardNormalQuantile(u))),
        cdf: (x) => (x <= 0 ? 0 : normalCdf(Math.log(x), mu, sigma)),
        closedAtZero: true,
        closedAtOne: false,
      };
    }
    case 'triangular': {
      const { min: a, mode: c, max: b } = d;
      const atMode = (c - a) / (b - a);
      return {
        quantile: (u) =>
          clamp(
            u <= atMode
              ? a + Math.sqrt(u * (b - a) * (c - a))
              : b - Math.sqrt((1 - u) * (b - a) * (b - c)),
            a,
            b,
          ),
        cdf: (x) => {
          if (x <= a) return 0;
          if (x >= b) return 1;
          if (x <= c) return (x - a) ** 2 / ((b - a) * (c - a));
          return 1 - (b - x) ** 2 / ((b - a) * (b - c));
        },
        closedAtZero: true,
        closedAtOne: true,
      };
    }
    case 'discrete':
      return buildDiscrete(d.values, d.weights);
  }
}

function buildDiscrete(values: readonly number[], weights: readonly number[]): Prepared {
  const order = values
    .map((_, i) => i)
    .sort((i, j) => (values[i] as number) - (values[j] as number));
  const sorted = order.map((i) => values[i] as number);
  const weight = order.map((i) => weights[i] as number);
  const total = weight.reduce((sum, w) => sum + w, 0);
  const cumulative: number[] = [];
  let running = 0;
  for (const w of weight) {
    running += w;
    cumulative.push(running / total);
  }
  // The last cumulative probability is 1 exactly, whatever the rounding of the sum.
  cumulative[cumulative.length - 1] = 1;

  return {
    quantile: (u) => {
      let i = firstIndex(cumulative.length, (m) => (cumulative[m] as number) >= u);
      while ((weight[i] as number) === 0) i++;
      return sorted[i] as number;
    },
    cdf: (x) => {
      const above = firstIndex(sorted.length, (m) => (sorted[m] as number) > x);
      return above === 0 ? 0 : (cumulative[above - 1] as number);
    },
    closedAtZero: true,
    closedAtOne: true,
  };
}

// The first index in [0, length) where `test` holds, for a test that is monotone in the index;
// `length` if it holds nowhere.
function firstIndex(length: number, test: (index: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (test(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * The quantile function (inverse CDF) of `distribution` at probability `u`: the smallest x with
 * P(X ≤ x) ≥ u. Maps uniform strata, as from `latinHypercube`, onto any distribution.
 * u = 0 and u = 1 are accepted where the quantile is finite (the bounded kinds; u = 0 for a
 * log-normal, which gives 0).
 *
 * The distribution is checked on first use and its constants cached by object identity; do
 * not change a distribution object after using it.
 *
 * @throws InvalidDistributionError (`E_INVALID_DISTRIBUTION`) if `distribution` is invalid.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) if u is outside [0, 1], or is 0 or 1
 *   where the quantile is infinite.
 */
export function quantile(distribution: Distribution, u: number): number {
  const p = prepare(distribution);
  if (!(u >= 0 && u <= 1)) throw new InvalidArgumentError('u', u, 'a probability in [0, 1]');
  if ((u === 0 && !p.closedAtZero) || (u === 1 && !p.closedAtOne)) {
    throw new InvalidArgumentError(
      'u',
      u,
      `a probability in (0, 1) for a ${distribution.kind} distribution`,
    );
  }
  return p.quantile(u);
}

/** A distribution in one phrase: its kind and its fields, `uniform min 0 max 1`. */
export function describeDistribution(d: Distribution): string {
  const fields = Object.entries(d)
    .filter(([key]) => key !== 'kind')
    .map(([key, value]) => `${key} ${Array.isArray(value) ? `[${value.join(', ')}]` : value}`);
  return [d.kind, ...fields].join(' ');
}

/**
 * The smallest and largest value `distribution` can give: its quantiles at 0 and 1, with
 * −Infinity or +Infinity for an open end (a normal's both, a log-normal's upper).
 *
 * @throws InvalidDistributionError (`E_INVALID_DISTRIBUTION`) if `distribution` is invalid.
 */
export function support(distribution: Distribution): [number, number] {
  const p = prepare(distribution);
  return [
    p.closedAtZero ? p.quantile(0) : Number.NEGATIVE_INFINITY,
    p.closedAtOne ? p.quantile(1) : Number.POSITIVE_INFINITY,
  ];
}

/**
 * The cumulative distribution function of `distribution`, P(X ≤ x).
 *
 * @throws InvalidDistributionError (`E_INVALID_DISTRIBUTION`) if `distribution` is invalid.
 * @throws NonFiniteNumberError (`E_NON_FINITE`) if x is NaN or infinite.
 */
export function cdf(distribution: Distribution, x: number): number {
  const p = prepare(distribution);
  if (!Number.isFinite(x)) throw new NonFiniteNumberError('x', x, 'cdf');
  return p.cdf(x);
}

/**
 * One draw from `distribution` by inversion: `quantile(distribution, u)` with u uniform in
 * (0, 1) from `random` (one `random.next()`, drawn again in the 2^-53 case that it is 0).
 *
 * @throws InvalidDistributionError (`E_INVALID_DISTRIBUTION`) if `distribution` is invalid.
 */
export function sample(distribution: Distribution, random: Random): number {
  return prepare(distribution).quantile(openUniform(random));
}

/**
 * The points of a unit-hypercube design with coordinate j mapped through the quantile function
 * of `distributions[j]`: a Latin hypercube stays stratified in probability for every factor.
 * Returns new arrays. Points must lie where the quantiles are finite: `latinHypercube` and
 * `saltelliSample` points do, a full factorial's 0 and 1 do not for a normal.
 *
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) if a point has a different number of
 *   coordinates than there are distributions, or a coordinate is refused by `quantile`.
 * @throws InvalidDistributionError (`E_INVALID_DISTRIBUTION`) if a distribution is invalid.
 */
export function mapToDistributions(
  points: readonly (readonly number[])[],
  distributions: readonly Distribution[],
): number[][] {
  distributions.forEach((distribution, j) => {
    try {
      prepare(distribution);
    } catch (error) {
      if (!(error instanceof InvalidDistributionError)) throw error;
      throw new InvalidDistributionError(`distributions[${j}]`, error.issues);
    }
  });

  return points.map((point, row) => {
    if (point.length !== distributions.length) {
      throw new InvalidArgumentError(
        `points[${row}].length`,
        point.length,
        `${distributions.length}, one coordinate per distribution`,
      );
    }
    return point.map((u, j) => quantile(distributions[j] as Distribution, u));
  });
}
