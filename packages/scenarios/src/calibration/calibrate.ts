// The calibration of the lithium pack (MODEL.md sections 8, 8a, 11): the free parameters and
// their ranges, the evaluation of one setting against the patterns, and the seeded search.
// Library code: it reports progress through a callback and never prints.
import { createRandom, InvalidArgumentError, OrebusError } from '@orebus/core';
import { runCombinations, supplySensitivity } from '../model/reference-runs.js';
import { isScenarioError } from '../pack/errors.js';
import type { LithiumParameters } from '../pack/lithium-parameters.js';
import type { Pack } from '../pack/pack.js';
import { checkPatterns } from '../validation/check-patterns.js';
import type { PatternResult } from '../validation/series.js';
import { type PatternScore, scorePatterns } from './objective.js';
import { type SearchPhase, searchUnitCube, type UnitPoint } from './search.js';

/** One free parameter of the calibration: where it lives, its unit and the range searched. */
export interface CalibratedParameter {
  /** Dotted parameter path, as in scenario files and `--set`. */
  readonly path: string;
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  /** `log` searches the range evenly in the logarithm (for a scale spanning decades). */
  readonly scale: 'linear' | 'log';
  /** Why the range is what it is. */
  readonly range: string;
  /** The patterns (MODEL.md 11) the parameter mainly acts on, for its provenance. */
  readonly targets: string;
}

/**
 * The free parameters of MODEL.md section 8 and their search ranges. Order matters: it is the
 * order of the unit cube's axes, so changing it changes what a seed finds.
 */
export const LITHIUM_CALIBRATION_SPACE: readonly CalibratedParameter[] = [
  {
    path: 'producers.a',
    unit: 'price units/t',
    min: 0,
    max: 163,
    scale: 'linear',
    range:
      'a ≥ 0; the scenario format allows up to 180, where the cost (11) is still positive at every output; 163 leaves room for the +10 % run of P13',
    targets: 'P5-P13',
  },
  {
    path: 'market.SCP',
    unit: '1',
    min: 0,
    max: 0.9,
    scale: 'linear',
    range: 'SCP in [0, 1) (MODEL.md 8); at most 0.9 so that the +10 % run of P13 stays below 1',
    targets: 'P5-P13',
  },
  {
    path: 'market.SPR',
    unit: '1',
    min: 0,
    max: 3,
    scale: 'linear',
    range: 'SPR ≥ 0; above 3 a 10 % deficit moves the price by more than a third in a year',
    targets: 'P5-P13',
  },
  {
    path: 'producers.Eco',
    unit: '1',
    min: 0.9,
    max: 1.1,
    scale: 'linear',
    range: 'Eco near 1 (MODEL.md 8a): within ±10 %',
    targets: 'P5-P13',
  },
  {
    path: 'producers.Con',
    unit: '1',
    min: 0.05,
    max: 0.3,
    scale: 'linear',
    range: 'Con in 5-30 % (MODEL.md 8a)',
    targets: 'P5-P13',
  },
  {
    path: 'producers.qScale',
    unit: 't Li',
    min: 200,
    max: 50000,
    scale: 'log',
    range:
      'qScale > 0; from 200 t (cost triples, Cost(20·qScale) = 30 000, at 4 kt) to 50 kt (at 1 000 kt, three times the 2050 demand)',
    targets: 'P5-P12',
  },
  {
    path: 'ev.electrificationSteepness',
    unit: '1/a',
    min: 0.05,
    max: 1,
    scale: 'linear',
    range:
      'from nearly linear (0.05) to nearly a step (1) between 2022 and 2050; with the midpoint it sets S_2023, which the calibration keeps within 10 % of the observed 2023 EV stock',
    targets: 'P1 (EV demand shape) and, through the demand path, P6-P12',
  },
  {
    path: 'ev.electrificationMidpointYear',
    unit: 'year',
    min: 2018,
    max: 2042,
    scale: 'linear',
    range:
      'from four years before the 2022 state (a curve already past its inflection) to eight before 2050; with the steepness it sets S_2023, which that 10 % bound limits',
    targets: 'P1 (EV demand shape) and, through the demand path, P6-P12',
  },
  {
    path: 'ess.logisticRate',
    unit: '1/a',
    min: 0.25,
    max: 0.6,
    scale: 'linear',
    range: 'below about 0.232 the 2050 ESS capacity cannot be reached from 33.8 GWh in 2023',
    targets: 'P2 (ESS demand peak in 2038) and P3',
  },
  {
    path: 'recycler.factorShape.steepness',
    unit: '1/a',
    min: 0.1,
    max: 1,
    scale: 'linear',
    range: 'from nearly linear (0.1) to nearly a step (1) between 2023 and 2050',
    targets: 'P4 (S-shape of recycled supply)',
  },
  {
    path: 'recycler.factorShape.midpointYear',
    unit: 'year',
    min: 2028,
    max: 2046,
    scale: 'linear',
    range: 'inside the horizon, at least five years from either end',
    targets: 'P4 (S-shape of recycled supply)',
  },
  {
    path: 'ev.lifetime.mean',
    unit: 'a',
    min: 8,
    max: 17,
    scale: 'linear',
    range:
      'the sources disagree (DATA.md): Busch et al. give EV batteries 15 ± 4 a (vehicles 17 ± 4); ' +
      'a China EV model gives Weibull shape 3.5, scale 7-10.5 a (means 6.3-9.4 a); the s.d. stays 4 a',
    targets: 'P6 and the balance patterns, through retirements, replacement demand and recycling',
  },
  {
    path: 'ess.lifetime.mean',
    unit: 'a',
    min: 8,
    max: 25,
    scale: 'linear',
    range:
      'no published China ESS lifetime was found (MODEL.md 8a); from about 3 000 full cycles at ' +
      'one a day (8 a) to a long-lived grid asset (25 a); the s.d. stays 4 a',
    targets: 'P2-P4 (ESS demand and its retirements)',
  },
];

/** Significant digits kept of a decoded value, so that files and records state it exactly. */
export const CALIBRATION_DIGITS = 6;

/**
 * Why an experiment's factors are not {@link LITHIUM_CALIBRATION_SPACE} (path, range and scale,
 * in order), or undefined when they are: the experiment that regenerates the pack's defaults must
 * search the space whose ranges the README and the provenance explain.
 */
export function checkSpaceMatches(experiment: {
  readonly factors: readonly {
    readonly path: string;
    readonly range?: readonly [number, number];
    readonly scale?: 'linear' | 'log';
  }[];
}): string | undefined {
  const wanted = LITHIUM_CALIBRATION_SPACE.map((p) => `${p.path} [${p.min}, ${p.max}] ${p.scale}`);
  const given = experiment.factors.map(
    (f) => `${f.path} [${f.range?.[0]}, ${f.range?.[1]}] ${f.scale ?? 'linear'}`,
  );
  const differs = wanted.findIndex((w, i) => w !== given[i]);
  if (differs < 0 && given.length === wanted.length) return undefined;
  const at = differs < 0 ? wanted.length : differs;
  return `factor ${at} is ${given[at] ?? '(none)'}; the calibration space has ${wanted[at] ?? '(none)'}`;
}

/** Values by parameter path. */
export type ParameterValues = Readonly<Record<string, number>>;

/**
 * The parameter values at a point of the unit cube: linear or logarithmic between each range's
 * ends, rounded to {@link CALIBRATION_DIGITS} significant digits (so the shortest round-trip
 * form of each value has at most that many digits).
 */
export function decodePoint(
  space: readonly CalibratedParameter[],
  point: UnitPoint,
): Record<string, number> {
  if (point.length !== space.length)
    throw new InvalidArgumentError(
      'point',
      point,
      `${space.length} coordinates, one per parameter`,
    );
  const values: Record<string, number> = {};
  space.forEach((parameter, i) => {
    const u = Math.min(1, Math.max(0, point[i]!));
    const { min, max } = parameter;
    const raw = parameter.scale === 'log' ? min * (max / min) ** u : min + (max - min) * u;
    values[parameter.path] = Number(raw.toPrecision(CALIBRATION_DIGITS));
  });
  return values;
}

/** The unit-cube point of parameter values: the inverse of {@link decodePoint} up to rounding. */
export function encodeValues(
  space: readonly CalibratedParameter[],
  values: ParameterValues,
): number[] {
  return space.map(({ path, min, max, scale }) => {
    const value = values[path];
    if (value === undefined)
      throw new InvalidArgumentError('values', values, `a value for ${path}`);
    const u =
      scale === 'log' ? Math.log(value / min) / Math.log(max / min) : (value - min) / (max - min);
    return Math.min(1, Math.max(0, u));
  });
}

/** The `--set` style overrides of parameter values, each number in shortest round-trip form. */
export function toOverrides(values: ParameterValues): string[] {
  return Object.entries(values).map(([path, value]) => `${path}=${String(value)}`);
}

/**
 * How far the model's 2023 EV stock (S1-D1) may lie from the observed one, as a share of it,
 * before a setting counts as outside the calibration's bounds. MODEL.md 8a makes the 2023 stock
 * a back-test figure rather than a constraint of the 2050 solve; the calibration keeps the
 * electrification path near it so that fitting the patterns cannot buy a demand path that starts
 * from an EV fleet China did not have.
 */
export const EV_STOCK_2023_TOLERANCE = 0.1;

/** What one setting of the free parameters gives. */
export interface PointEvaluation {
  /** The pattern results, P1..P13 (P13 not supplied when the sensitivity runs were skipped). */
  readonly patterns: readonly PatternResult[];
  /**
   * The patterns' score; its loss is raised above every setting within bounds when the 2023 EV
   * stock misses the observed one by more than {@link EV_STOCK_2023_TOLERANCE}.
   */
  readonly score: PatternScore;
  /** The model's 2023 EV stock in S1-D1 relative to the observed one, minus 1. */
  readonly evStock2023Deviation?: number;
  /** Set when the model refused the setting; then no pattern holds and the loss is the worst. */
  readonly refused?: { readonly code: string; readonly message: string };
}

/** Options of {@link evaluateSetting}. */
export interface EvaluationOptions {
  /** Run the one-at-a-time sensitivity runs of P13 too (11 more runs of S1-D1). */
  readonly sensitivity: boolean;
  /** Score only these pattern ids (all 13 when absent), e.g. for a study of one pattern. */
  readonly focus?: readonly string[];
  /** Overrides applied before the setting's values (an experiment's own), `path=value`. */
  readonly overrides?: readonly string[];
  /** A variant of the pack to run every combination in. */
  readonly variant?: string;
  /**
   * How far the 2023 EV stock may miss the observed one before a setting scores below every
   * setting inside ({@link EV_STOCK_2023_TOLERANCE} when absent; `Infinity`: no bound).
   */
  readonly backTestTolerance?: number;
}

/** Number of pattern checks in MODEL.md section 11. */
const PATTERN_COUNT = 13;

/**
 * The pattern ids of a comma-separated list such as `P2,P3,p9` (the `--focus` option of
 * `pnpm calibrate`): trimmed, upper-cased, each one of P1..P13, none repeated.
 *
 * @throws InvalidArgumentError for an empty list, an unknown id or a repeated one.
 */
export function parseFocusIds(text: string): string[] {
  const ids = text.split(',').map((id) => id.trim().toUpperCase());
  const known = new Set(Array.from({ length: PATTERN_COUNT }, (_, i) => `P${i + 1}`));
  if (ids.some((id) => !known.has(id)) || new Set(ids).size !== ids.length)
    throw new InvalidArgumentError('focus', text, 'distinct pattern ids P1..P13, comma-separated');
  return ids;
}

/**
 * Runs the pack's paper combinations (and, if asked, the P13 sensitivity runs of S1-D1) with the
 * given values as overrides, unchecked, and checks the patterns. The loss orders settings in
 * three tiers: within bounds, below `patterns + 1` (see {@link scorePatterns}); a 2023 EV stock
 * (S1-D1) off the observed one by more than {@link EV_STOCK_2023_TOLERANCE}, in
 * `[patterns + 1, patterns + 2)`, nearer the bound lower; a setting the model refuses (e.g. a
 * logistic rate too low to reach a 2050 target), `patterns + 2`, with the reason in `refused`.
 * Refusal is not an error here.
 *
 * @throws ScenarioError if a value lies outside its parameter's allowed range: the search space
 *   itself is wrong then, not the point.
 */
export function evaluateSetting(
  pack: Pack,
  values: ParameterValues,
  options: EvaluationOptions,
): PointEvaluation {
  const overrides = [...(options.overrides ?? []), ...toOverrides(values)];
  const variant = options.variant === undefined ? {} : { variant: options.variant };
  let patterns: PatternResult[];
  let evStock2023Deviation: number;
  try {
    const runs = runCombinations(pack, pack.paperCombinations, {
      overrides,
      checked: false,
      ...variant,
    });
    const sensitivity = options.sensitivity
      ? supplySensitivity(pack, 'S1-D1', { overrides, checked: false, ...variant })
      : undefined;
    patterns = checkPatterns(
      new Map(runs.map((run) => [run.series.combination, run.series])),
      sensitivity,
    );
    const baseline = runs.find((run) => run.series.combination === 'S1-D1') ?? runs[0]!;
    evStock2023Deviation =
      baseline.series.evStock[0]! / baseline.scenario.parameters.ev.stock2023Observed - 1;
  } catch (error) {
    if (!(error instanceof OrebusError) || isScenarioError(error)) throw error;
    const count = options.focus?.length ?? PATTERN_COUNT;
    return {
      patterns: [],
      score: { held: 0, heldIds: [], shortfalls: {}, loss: count + 2 },
      refused: { code: error.code, message: error.message },
    };
  }
  const scored =
    options.focus === undefined ? patterns : patterns.filter((p) => options.focus!.includes(p.id));
  const score = scorePatterns(scored);
  const tolerance = options.backTestTolerance ?? EV_STOCK_2023_TOLERANCE;
  const miss = Math.abs(evStock2023Deviation) - tolerance;
  if (miss <= 0) return { patterns, score, evStock2023Deviation };
  // Outside the back-test bound: worse than any setting inside it, however many patterns hold,
  // and graded by the miss (in units of the tolerance) so a search can walk back in.
  const units = miss / tolerance;
  const count = options.focus?.length ?? PATTERN_COUNT;
  return {
    patterns,
    score: { ...score, loss: count + 1 + units / (1 + units) },
    evStock2023Deviation,
  };
}

/** One evaluated setting, as the search record keeps it. */
export interface EvaluationRecord {
  /** 0, 1, 2, ... in the order evaluated. */
  readonly index: number;
  readonly phase: SearchPhase;
  /** Which local search asked for it (0 in the global phase). */
  readonly start: number;
  readonly values: ParameterValues;
  readonly loss: number;
  readonly held: number;
  readonly heldIds: readonly string[];
  /** The model's 2023 EV stock in S1-D1 relative to the observed one, minus 1. */
  readonly evStock2023Deviation?: number;
  /** The error code when the model refused the setting. */
  readonly refused?: string;
}

/** Options of {@link calibrate}. */
export interface CalibrationOptions {
  /** Seed of the search's random stream (`createRandom(seed).stream('calibration')`). */
  readonly seed: number;
  /** Settings evaluated in all (each runs 7 combinations, plus 11 runs for P13). */
  readonly budget: number;
  /** Share of the budget for Latin-hypercube sampling; the rest goes to local searches. */
  readonly globalShare?: number;
  /** Local compass searches, started from the best global samples. */
  readonly starts?: number;
  readonly space?: readonly CalibratedParameter[];
  /** Score only these pattern ids (all 13 when absent). */
  readonly focus?: readonly string[];
  /** Run the P13 sensitivity runs at every setting (default); without them P13 cannot hold. */
  readonly sensitivity?: boolean;
  /** Called after every evaluation, for progress and records; it may throw to stop. */
  readonly onEvaluation?: (record: EvaluationRecord) => void;
  /** Overrides applied at every setting before its values, `path=value`. */
  readonly overrides?: readonly string[];
  /** A variant of the pack to run every setting in. */
  readonly variant?: string;
  /** The 2023 EV-stock bound of {@link evaluateSetting}; its default when absent. */
  readonly backTestTolerance?: number;
}

/** The outcome of {@link calibrate}. */
export interface CalibrationResult {
  readonly seed: number;
  readonly budget: number;
  readonly space: readonly CalibratedParameter[];
  /** The best setting found and what it gives. */
  readonly best: { readonly values: ParameterValues; readonly evaluation: PointEvaluation };
  /** Where each local search ended. */
  readonly localBests: readonly { readonly values: ParameterValues; readonly loss: number }[];
  readonly records: readonly EvaluationRecord[];
}

/**
 * Fits the free parameters to the patterns of MODEL.md section 11: minimises the loss of
 * {@link scorePatterns} (patterns held first, then the distance of the others from their
 * thresholds) by Latin-hypercube sampling followed by compass searches from the best samples
 * (see `searchUnitCube`). Deterministic: the same pack, seed and options give the same records
 * and result. Runs `budget` settings at most; takes about 75 ms a setting on one core of a
 * 2020s laptop with the sensitivity runs, 30 ms without.
 */
export function calibrate(pack: Pack, options: CalibrationOptions): CalibrationResult {
  const space = options.space ?? LITHIUM_CALIBRATION_SPACE;
  const sensitivity = options.sensitivity ?? true;
  const records: EvaluationRecord[] = [];
  const evaluations = new Map<string, PointEvaluation>();

  const objective = (point: UnitPoint, phase: SearchPhase, start: number): number => {
    const values = decodePoint(space, point);
    const evaluation = evaluateSetting(pack, values, {
      sensitivity,
      focus: options.focus,
      overrides: options.overrides,
      variant: options.variant,
      backTestTolerance: options.backTestTolerance,
    });
    evaluations.set(point.join(','), evaluation);
    const record: EvaluationRecord = {
      index: records.length,
      phase,
      start,
      values,
      loss: evaluation.score.loss,
      held: evaluation.score.held,
      heldIds: evaluation.score.heldIds,
      ...(evaluation.evStock2023Deviation === undefined
        ? {}
        : { evStock2023Deviation: evaluation.evStock2023Deviation }),
      ...(evaluation.refused ? { refused: evaluation.refused.code } : {}),
    };
    records.push(record);
    options.onEvaluation?.(record);
    return evaluation.score.loss;
  };

  const found = searchUnitCube(objective, {
    dimension: space.length,
    budget: options.budget,
    globalShare: options.globalShare ?? 0.5,
    starts: options.starts ?? 4,
    initialStep: 0.25,
    minStep: 1 / 512,
    kick: 0.15,
    stopAt: 0,
    random: createRandom(options.seed).stream('calibration'),
  });
  const bestValues = decodePoint(space, found.best.point);
  return {
    seed: options.seed,
    budget: options.budget,
    space,
    best: { values: bestValues, evaluation: evaluations.get(found.best.point.join(','))! },
    localBests: found.localBests.map(({ point, value }) => ({
      values: decodePoint(space, point),
      loss: value,
    })),
    records,
  };
}

/**
 * `G_2022` (thousand currency units per person) that makes the baseline EV stock hit
 * `stock2050` in the last year, solved in closed form from eqs. (5)–(6): the S-shaped
 * electrification curve ends exactly at `electrification2050`, so
 * `VP_2050 = stock2050 · 1000 / (PO_2050 · S_2050)`, `G_2050 = −ln(−ln(VP/γ)/A)/B`, and
 * `G_2022 = G_2050 / ((1 + g)^(2050−2022) · PO_2022 / PO_2050)`.
 *
 * @throws InvalidArgumentError if the stock needs an ownership at or above the saturation γ.
 */
export function solveGdpPerCapita2022(p: LithiumParameters, stock2050: number): number {
  const { baseYear, endYear } = p.horizon;
  const population = (year: number) => {
    const value = p.ev.population[year];
    if (value === undefined)
      throw new InvalidArgumentError('ev.population', p.ev.population, `a value for ${year}`);
    return value;
  };
  const ownership = (stock2050 * 1000) / (population(endYear) * p.ev.electrification2050);
  if (!(ownership > 0 && ownership < p.ev.gamma))
    throw new InvalidArgumentError(
      'stock2050',
      stock2050,
      `a stock needing fewer than γ = ${p.ev.gamma} vehicles per 1000 people (needs ${ownership})`,
    );
  const gdp2050 = -Math.log(-Math.log(ownership / p.ev.gamma) / p.ev.gompertzA) / p.ev.gompertzB;
  const growth = (1 + p.producers.gdpGrowth) ** (endYear - baseYear);
  return gdp2050 / ((growth * population(baseYear)) / population(endYear));
}
