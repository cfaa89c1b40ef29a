// The calibration objective: how many patterns of MODEL.md section 11 hold, and, as a tie-breaker,
// how far the others are from their thresholds. Reads only the `metrics` of the pattern results,
// so it sees what `orebus validate` sees; the thresholds are the checks' own constants.
import {
  BALANCE_TOLERANCE,
  P6_TURN_FROM,
  P6_TURN_TO,
  P7_CLOSE_FROM,
  P7_CLOSE_TO,
  P7_CROSS_FROM,
  P7_CROSS_TO,
  P7_MAX_TRAILING_GAP,
  P7_SETTLED_GAP,
  P8_CROSS_FROM,
  P8_CROSS_TO,
  P8_MAX_SURPLUS_YEARS,
  P9_MAX_GAP,
  P10_BALANCE_FROM,
  P10_BALANCE_TO,
  P10_MIN_OSCILLATIONS,
  P11_BALANCE_BY,
  SLIGHT_GAP,
} from '../validation/balance-patterns.js';
import {
  P1_MAX_FLAT_TO_FAST,
  P1_MAX_SLOW_TO_FAST,
  P1_MAX_STEEPEST_SPREAD_YEARS,
  P2_MIN_FALL,
  P2_PEAK_FROM,
  P2_PEAK_TO,
  P3_EQUAL_TOLERANCE,
  P3_MIN_LEAD_OVER_D1,
} from '../validation/demand-patterns.js';
import type { PatternResult } from '../validation/series.js';
import {
  P4_INFLECTION_MARGIN_YEARS,
  P4_MAX_END_TO_INFLECTION,
  P4_MAX_START_TO_INFLECTION,
  P5_MAX_LATE_TO_EARLY_GROWTH,
  P5_MIN_REVERSALS,
} from '../validation/supplier-patterns.js';

/** The first and last model years of the reference horizon, which P4's S-shape test uses. */
const FIRST_YEAR = 2023;
const LAST_YEAR = 2050;

/** How far apart two years may be before a year criterion counts as one whole unit missed. */
const YEAR_SCALE = 5;
/** A shortfall of this share of demand (a gap criterion) counts as one unit. */
const GAP_SCALE = 0.1;
/** A shortfall of this much yearly growth rate counts as one unit. */
const GROWTH_SCALE = 0.05;
/** The shortfall of a criterion whose measure does not exist (e.g. no crossing year). */
const MISSING = 1;

/** What the objective makes of one evaluated point's pattern results. */
export interface PatternScore {
  /** Number of patterns held. */
  readonly held: number;
  /** Ids of the patterns held, in the order given. */
  readonly heldIds: readonly string[];
  /**
   * Distance of each pattern from holding, by id: 0 for a held pattern, otherwise the sum of its
   * failed criteria's normalised distances to their thresholds (unbounded, ≥ 0).
   */
  readonly shortfalls: Readonly<Record<string, number>>;
  /**
   * The scalar to minimise: `(patterns − held) + ½ Σ_k 2^−k · q_k`, where `q_0 ≤ q_1 ≤ …` are the
   * squashed shortfalls `s/(1+s)` of the patterns not held, nearest first. The second term is
   * below 1, so the order is lexicographic: more patterns held always wins, and among equal
   * counts the point nearer to holding one more pattern wins.
   */
  readonly loss: number;
}

/** Shortfall of `value` above `max`, in units of `scale`. */
function over(value: number, max: number, scale: number): number {
  return Math.max(0, value - max) / scale;
}

/** Shortfall of `value` below `min`, in units of `scale`. */
function under(value: number, min: number, scale: number): number {
  return Math.max(0, min - value) / scale;
}

/** Shortfall of `value` outside `[lo, hi]`, in units of `scale`. */
function outside(value: number, lo: number, hi: number, scale: number): number {
  return under(value, lo, scale) + over(value, hi, scale);
}

/** Reads a numeric metric; `null` (or absent, or not a number) when the check had none. */
function metric(result: PatternResult, key: string): number | null {
  const value = result.metrics[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A year criterion on a metric that may be missing. */
function yearIn(value: number | null, lo: number, hi: number): number {
  return value === null ? MISSING : outside(value, lo, hi, YEAR_SCALE);
}

/** Shortfall of "supply below demand every year" from the count of years and the smallest gap. */
function alwaysBelow(years: number | null, smallestGap: number | null): number {
  if (years === null || smallestGap === null) return MISSING;
  return years === 0 ? 0 : years / YEAR_SCALE + under(smallestGap, 0, GAP_SCALE);
}

type Shortfall = (result: PatternResult) => number;

const perScenario = (names: readonly string[], part: (name: string) => number) =>
  names.reduce((sum, name) => sum + part(name), 0);

const DEMAND = ['D1', 'D2', 'D3', 'D4'] as const;
const S2 = ['S2-D2', 'S2-D3', 'S2-D4'] as const;
const S3 = ['S3-D2', 'S3-D3', 'S3-D4'] as const;

// One function per pattern, each a sum over that check's criteria (see the validation README for
// the criteria). A criterion the metrics cannot express (e.g. P2's rise above the first year)
// adds nothing; the pattern still counts as not held through `held`.
const SHORTFALLS: Readonly<Record<string, Shortfall>> = {
  P1: (r) => {
    const slow = metric(r, 'worstSlowToFast');
    const flat = metric(r, 'worstFlatToFast');
    const spread = metric(r, 'steepestRiseSpreadYears') ?? 0;
    return (
      (slow === null ? MISSING : over(slow, P1_MAX_SLOW_TO_FAST, P1_MAX_SLOW_TO_FAST)) +
      (flat === null ? MISSING : over(flat, P1_MAX_FLAT_TO_FAST, P1_MAX_FLAT_TO_FAST)) +
      over(spread, P1_MAX_STEEPEST_SPREAD_YEARS, P1_MAX_STEEPEST_SPREAD_YEARS)
    );
  },
  P2: (r) =>
    perScenario(
      DEMAND,
      (d) =>
        yearIn(metric(r, `${d}.peakYear`), P2_PEAK_FROM, P2_PEAK_TO) +
        under(metric(r, `${d}.fallByEnd`) ?? 0, P2_MIN_FALL, P2_MIN_FALL),
    ),
  P3: (r) =>
    under(metric(r, 'minD4OverD2') ?? 0, 1 - P3_EQUAL_TOLERANCE, GAP_SCALE) +
    under(metric(r, 'minD2OverD1') ?? 0, 1 + P3_MIN_LEAD_OVER_D1, GAP_SCALE),
  P4: (r) => {
    const shape = perScenario(S3, (c) => {
      const first = metric(r, `${c}.firstToLargestIncrease`);
      const last = metric(r, `${c}.lastToLargestIncrease`);
      return (
        (metric(r, `${c}.yearsFalling`) ?? 0) / YEAR_SCALE +
        yearIn(
          metric(r, `${c}.inflectionYear`),
          FIRST_YEAR + P4_INFLECTION_MARGIN_YEARS,
          LAST_YEAR - P4_INFLECTION_MARGIN_YEARS,
        ) +
        (first === null ? MISSING : over(first, P4_MAX_START_TO_INFLECTION, 1)) +
        (last === null ? MISSING : over(last, P4_MAX_END_TO_INFLECTION, 1))
      );
    });
    const [c2, c3, c4] = S3.map((c) => metric(r, `${c}.cumulative`) ?? 0) as [
      number,
      number,
      number,
    ];
    const order = (lower: number, upper: number) =>
      upper > lower ? 0 : 1 - upper / (lower || 1) + 0.001;
    return (
      shape +
      (metric(r, 'yearsOutOfOrder') ?? 0) / YEAR_SCALE +
      order(c2, c3) / GAP_SCALE +
      order(c3, c4) / GAP_SCALE
    );
  },
  P5: (r) => {
    const each = perScenario(S2, (c) => {
      const early = metric(r, `${c}.meanGrowthBeforeSplit`) ?? 0;
      const late = metric(r, `${c}.meanGrowthAfterSplit`) ?? 0;
      const calmEarly = metric(r, `${c}.growthVolatilityBeforeSplit`) ?? 0;
      const calmLate = metric(r, `${c}.growthVolatilityAfterSplit`) ?? 0;
      return (
        under(metric(r, `${c}.reversals`) ?? 0, P5_MIN_REVERSALS, P5_MIN_REVERSALS) +
        under(early, 0, GROWTH_SCALE) +
        over(late, P5_MAX_LATE_TO_EARLY_GROWTH * early, GROWTH_SCALE) +
        (calmLate > calmEarly ? 0 : (calmEarly - calmLate) / GROWTH_SCALE + 0.01)
      );
    });
    const [e2, e3, e4] = S2.map((c) => metric(r, `${c}.endMean`) ?? 0) as [number, number, number];
    const rival = Math.max(e2, e3);
    return each + (e4 > rival ? 0 : (rival - e4) / (rival || 1) / GAP_SCALE + 0.01);
  },
  P6: (r) => {
    const boom = metric(r, 'meanIncreaseBoom') ?? 0;
    const late = metric(r, 'meanIncreaseAfterSlowdown') ?? 0;
    return (
      alwaysBelow(metric(r, 'yearsSupplyAtLeastDemand'), metric(r, 'smallestGap')) +
      yearIn(metric(r, 'growthTurnYear'), P6_TURN_FROM, P6_TURN_TO) +
      (late < boom ? 0 : (late - boom) / Math.max(Math.abs(boom), 1000) + 0.01)
    );
  },
  P7: (r) =>
    (metric(r, 'yearsNotTrailingTo2040') ?? 0) / YEAR_SCALE +
    over(metric(r, 'largestTrailingGap') ?? 1, P7_MAX_TRAILING_GAP, GAP_SCALE) +
    yearIn(metric(r, 'fastestClosingYear'), P7_CLOSE_FROM, P7_CLOSE_TO) +
    yearIn(metric(r, 'firstSurplusYear'), P7_CROSS_FROM, P7_CROSS_TO) +
    over(metric(r, 'settledMeanAbsGap') ?? 1, P7_SETTLED_GAP, GAP_SCALE),
  P8: (r) => {
    const surplusYears = metric(r, 'surplusYears') ?? 0;
    const after = metric(r, 'meanGapAfterSurplus');
    const oscillations = metric(r, 'oscillations') ?? 0;
    const rival = metric(r, 'oscillationsS2D2') ?? 0;
    return (
      yearIn(metric(r, 'firstSurplusYear'), P8_CROSS_FROM, P8_CROSS_TO) +
      over(surplusYears, P8_MAX_SURPLUS_YEARS, YEAR_SCALE) +
      (after === null
        ? MISSING
        : under(after, Number.EPSILON, GAP_SCALE) +
          (metric(r, 'yearsOutsideBandAfterSurplus') ?? 0) / YEAR_SCALE) +
      over(oscillations, rival - 1, 2)
    );
  },
  P9: (r) => {
    const own = metric(r, 'meanAbsGapS2D4') ?? 1;
    const rival = Math.min(metric(r, 'meanAbsGapS2D2') ?? 1, metric(r, 'meanAbsGapS2D3') ?? 1);
    return (
      over(metric(r, 'largestAbsGapS2D4') ?? 1, P9_MAX_GAP, GAP_SCALE) +
      (own < rival ? 0 : (own - rival) / GAP_SCALE + 0.01)
    );
  },
  P10: (r) => {
    const own = metric(r, 'supplyGrowth') ?? 0;
    const rival = Math.min(metric(r, 'supplyGrowthS3D3') ?? 0, metric(r, 'supplyGrowthS3D4') ?? 0);
    return (
      (own < rival ? 0 : (own - rival) / 0.01 + 0.01) +
      under(metric(r, 'oscillationsBeforeBalance') ?? 0, P10_MIN_OSCILLATIONS, 2) +
      yearIn(metric(r, 'balanceYear'), P10_BALANCE_FROM, P10_BALANCE_TO)
    );
  },
  P11: (r) => {
    const late = metric(r, 'lateMeanGap') ?? 1;
    return (
      yearIn(metric(r, 'balanceYear'), FIRST_YEAR, P11_BALANCE_BY) +
      (metric(r, 'yearsBeyondSlightGapAfterBalance') ?? 0) / YEAR_SCALE +
      outside(late, Number.EPSILON, SLIGHT_GAP, BALANCE_TOLERANCE)
    );
  },
  P12: (r) => alwaysBelow(metric(r, 'yearsSupplyAtLeastDemand'), metric(r, 'smallestGap')),
  P13: (r) => {
    const effect = (name: string) => Math.max(metric(r, `effect.${name}`) ?? 0, 1e-12);
    const spr = effect('SPR');
    const scp = effect('SCP');
    const rest = ['a', 'Eco', 'Con'].map(effect);
    const strongestRival = Math.max(...rest, scp);
    const weakestRival = Math.min(...rest, spr);
    // Log ratios: the effects span orders of magnitude, and only their ranking counts. A tie
    // fails the strict ranking, so a failed criterion adds at least a little.
    const sprShort = spr > strongestRival ? 0 : Math.log(strongestRival / spr) + 0.01;
    const scpShort = scp < weakestRival ? 0 : Math.log(scp / weakestRival) + 0.01;
    return sprShort + scpShort;
  },
};

/**
 * Distance of one pattern result from holding: 0 when held; otherwise the sum of the failed
 * criteria's distances to their thresholds, each normalised (years by 5, gaps by 10 % of demand,
 * growth rates by 5 %/a, ratios by their threshold) so that one unit means "clearly missed".
 * A pattern not supplied, or an id the objective does not know, has shortfall 1.
 */
export function patternShortfall(result: PatternResult): number {
  if (result.held) return 0;
  const shortfall = SHORTFALLS[result.id];
  if (shortfall === undefined || result.missing !== undefined) return MISSING;
  return shortfall(result);
}

/**
 * Scores one point's pattern results for the calibration (see {@link PatternScore.loss}). Pure;
 * the order of `results` fixes the order of `heldIds` only.
 */
export function scorePatterns(results: readonly PatternResult[]): PatternScore {
  const shortfalls: Record<string, number> = {};
  const heldIds: string[] = [];
  const squashed: number[] = [];
  for (const result of results) {
    const shortfall = patternShortfall(result);
    shortfalls[result.id] = shortfall;
    if (result.held) heldIds.push(result.id);
    else squashed.push(shortfall / (1 + shortfall));
  }
  // Nearest first, each weighing half the one before: the search is drawn to the pattern it can
  // most likely add next, not to one it cannot reach. The weights sum to less than 2, so the
  // halved sum stays below 1 and cannot outweigh one more held pattern.
  squashed.sort((x, y) => x - y);
  const tieBreak = squashed.reduce((sum, value, rank) => sum + value / 2 ** rank, 0) / 2;
  return {
    held: heldIds.length,
    heldIds,
    shortfalls,
    loss: results.length - heldIds.length + tieBreak,
  };
}
