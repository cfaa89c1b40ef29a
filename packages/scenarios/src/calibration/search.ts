// A seeded global-then-local search over the unit cube: Latin-hypercube sampling, then compass
// (pattern) search from the best samples. Generic: it knows nothing of the model; the caller maps
// the cube onto parameter ranges. Deterministic for a given seed and objective.
import { InvalidArgumentError, type Random } from '@orebus/core';

/** A point of the unit cube `[0, 1]^n`. */
export type UnitPoint = readonly number[];

/**
 * The stage of the search a point is evaluated in, for the caller's record: Latin-hypercube
 * sampling, a local search from a sample, or a local search from a perturbed best point.
 */
export type SearchPhase = 'global' | 'local' | 'restart';

/**
 * The function to minimise; `phase` and `start` (which local search, counted from 0 over the
 * local and restart phases) only say why it is asked.
 */
export type UnitObjective = (point: UnitPoint, phase: SearchPhase, start: number) => number;

/** A point and its objective value. */
export interface Evaluated {
  readonly point: UnitPoint;
  readonly value: number;
}

/**
 * `count` points of a Latin hypercube in `[0, 1)^dimension`: along every axis each of the
 * `count` equal strata holds exactly one point, placed uniformly inside it. Draws from `random`
 * (axis by axis: a Fisher–Yates shuffle of the strata, then one offset per point), so the same
 * stream state gives the same design.
 */
export function latinHypercube(count: number, dimension: number, random: Random): number[][] {
  if (!Number.isSafeInteger(count) || count < 1)
    throw new InvalidArgumentError('count', count, 'a positive integer');
  if (!Number.isSafeInteger(dimension) || dimension < 1)
    throw new InvalidArgumentError('dimension', dimension, 'a positive integer');

  const points = Array.from({ length: count }, () => new Array<number>(dimension).fill(0));
  for (let axis = 0; axis < dimension; axis++) {
    const strata = Array.from({ length: count }, (_, i) => i);
    for (let i = count - 1; i > 0; i--) {
      const j = random.int(0, i);
      [strata[i], strata[j]] = [strata[j]!, strata[i]!];
    }
    strata.forEach((stratum, i) => {
      points[i]![axis] = (stratum + random.next()) / count;
    });
  }
  return points;
}

/** Options of {@link compassSearch}. */
export interface CompassOptions {
  /** First step along each axis, as a share of the unit range. */
  readonly initialStep: number;
  /** The search stops once the step has been halved below this. */
  readonly minStep: number;
  /** The search stops after this many calls of the objective (the start point included). */
  readonly maxEvaluations: number;
}

/** Where a local search ended, and how many calls of the objective it made. */
export interface CompassResult extends Evaluated {
  readonly evaluations: number;
}

/**
 * Compass search (a pattern search; Kolda, Lewis and Torczon, SIAM Review 45, 2003) minimising
 * `objective` inside the unit cube from `start`. Polls `x ± step·e_d` axis by axis, `+` first;
 * moves to the first point that is strictly better and keeps polling from there with the same
 * step; halves the step after a full poll without improvement. Points are clamped to `[0, 1]`,
 * and a poll that clamps onto the current point is skipped. Needs no derivatives and accepts a
 * piecewise-constant objective, which a count of held patterns is. Deterministic.
 */
export function compassSearch(
  objective: (point: UnitPoint) => number,
  start: UnitPoint,
  options: CompassOptions,
): CompassResult {
  const { initialStep, minStep, maxEvaluations } = options;
  if (!(initialStep > 0 && initialStep <= 1))
    throw new InvalidArgumentError('initialStep', initialStep, 'a number in (0, 1]');
  if (!(minStep > 0 && minStep <= initialStep))
    throw new InvalidArgumentError('minStep', minStep, `a number in (0, initialStep]`);

  let point = start.map(clampUnit);
  let value = objective(point);
  let evaluations = 1;
  let step = initialStep;
  while (step >= minStep && evaluations < maxEvaluations) {
    let improved = false;
    for (let axis = 0; axis < point.length && evaluations < maxEvaluations; axis++) {
      for (const sign of [1, -1]) {
        const coordinate = clampUnit(point[axis]! + sign * step);
        if (coordinate === point[axis] || evaluations >= maxEvaluations) continue;
        const candidate = point.with(axis, coordinate);
        const candidateValue = objective(candidate);
        evaluations++;
        if (candidateValue < value) {
          point = candidate;
          value = candidateValue;
          improved = true;
          break;
        }
      }
    }
    if (!improved) step /= 2;
  }
  return { point, value, evaluations };
}

/** Options of {@link searchUnitCube}. */
export interface UnitSearchOptions {
  readonly dimension: number;
  /** Calls of the objective in all, global and local phases together (cached repeats are free). */
  readonly budget: number;
  /** Share of the budget spent on the Latin hypercube, the rest on local searches. */
  readonly globalShare: number;
  /** Number of local searches, started from the best distinct global samples. */
  readonly starts: number;
  readonly initialStep: number;
  readonly minStep: number;
  /**
   * Largest perturbation of each coordinate when a restart leaves the best point, as a share of
   * the unit range; restarts begin with half the initial step.
   */
  readonly kick: number;
  /**
   * Skip the rest of the local phases once a value at or below this is found (e.g. 0 when nothing
   * can be better); the global phase always runs whole.
   */
  readonly stopAt?: number;
  readonly random: Random;
}

/** The outcome of {@link searchUnitCube}. */
export interface UnitSearchResult {
  readonly best: Evaluated;
  /** Where each local search and restart ended, in the order run. */
  readonly localBests: readonly Evaluated[];
  /** Distinct points evaluated. */
  readonly evaluations: number;
}

/**
 * Minimises `objective` over the unit cube in three phases:
 *
 * 1. `globalShare · budget` Latin-hypercube samples;
 * 2. a compass search from each of the `starts` best samples, each allowed an equal share
 *    `(1 − globalShare) · budget / starts` of polls;
 * 3. while budget is left: a restart (iterated local search) — the best point so far, each
 *    coordinate moved by a uniform draw in `±kick`, then a compass search from there with the same
 *    poll allowance, starting at half the initial step.
 *
 * A point evaluated before is answered from a cache keyed by its exact coordinates, so the
 * objective is called at most `budget` times, once per distinct point; a compass search counts
 * its cached polls against its own allowance too. Ties keep the earlier point. Same `random`
 * state and objective, same result.
 */
export function searchUnitCube(
  objective: UnitObjective,
  options: UnitSearchOptions,
): UnitSearchResult {
  const { dimension, budget, globalShare, starts, random } = options;
  if (!Number.isSafeInteger(budget) || budget < 2)
    throw new InvalidArgumentError('budget', budget, 'an integer of at least 2');
  if (!(globalShare > 0 && globalShare < 1))
    throw new InvalidArgumentError('globalShare', globalShare, 'a number in (0, 1)');
  if (!Number.isSafeInteger(starts) || starts < 1)
    throw new InvalidArgumentError('starts', starts, 'a positive integer');

  const cache = new Map<string, number>();
  const evaluate = (point: UnitPoint, phase: SearchPhase, start: number): number => {
    const key = point.join(',');
    const known = cache.get(key);
    if (known !== undefined) return known;
    const value = objective(point, phase, start);
    cache.set(key, value);
    return value;
  };

  const globalCount = Math.max(1, Math.round(budget * globalShare));
  const samples = latinHypercube(globalCount, dimension, random).map((point) => ({
    point,
    value: evaluate(point, 'global', 0),
  }));
  // A stable sort: among equal values the earlier sample comes first.
  const ranked = [...samples].sort((x, y) => x.value - y.value);

  const localBudget = Math.floor((budget - globalCount) / starts);
  const localBests: Evaluated[] = [];
  let best: Evaluated = ranked[0]!;
  const done = () =>
    cache.size >= budget || (options.stopAt !== undefined && best.value <= options.stopAt);
  const descend = (from: UnitPoint, phase: SearchPhase, initialStep: number) => {
    const start = localBests.length;
    // A sample's value is cached already; a kicked point is new and takes one of the budget.
    const fromCached = cache.has(from.map(clampUnit).join(','));
    const found = compassSearch((p) => evaluate(p, phase, start), from, {
      initialStep,
      minStep: Math.min(options.minStep, initialStep),
      maxEvaluations: Math.min(localBudget, budget - cache.size + (fromCached ? 1 : 0)),
    });
    localBests.push({ point: found.point, value: found.value });
    if (found.value < best.value) best = { point: found.point, value: found.value };
  };

  if (localBudget < 2) return { best, localBests, evaluations: cache.size };
  for (const { point } of ranked.slice(0, starts)) {
    if (done()) break;
    descend(point, 'local', options.initialStep);
  }
  while (!done()) {
    const before = cache.size;
    const kicked = best.point.map((x) =>
      clampUnit(x + random.uniform(-options.kick, options.kick)),
    );
    descend(kicked, 'restart', options.initialStep / 2);
    // A restart that found nothing new would repeat forever on a fully cached neighbourhood.
    if (cache.size === before) break;
  }
  return { best, localBests, evaluations: cache.size };
}

function clampUnit(value: number): number {
  return Math.min(1, Math.max(0, value));
}
