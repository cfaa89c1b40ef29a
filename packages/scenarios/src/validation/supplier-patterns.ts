// Patterns P4–P5: the supplying agents, paper section 3.1 (1) and (2), figure 2.
import type { CombinationSeries, PatternResult } from './series.js';
import { spanOf, valueIn } from './series.js';
import {
  argMax,
  growthRates,
  mean,
  standardDeviation,
  turningPoints,
  yearOnYear,
} from './series-math.js';
import type { Criterion } from './verdict.js';
import { judge, lookUp, notSupplied, percent, tonnes } from './verdict.js';

// P4. "再生锂供给按照S形曲线增长,呈现出平稳增长的特征 ... 具体体现为D4>D3>D2".
/**
 * "平稳增长": no year-on-year fall larger than this share of the previous year's value
 * (a tolerance for rounding only).
 */
export const P4_MAX_YEARLY_FALL = 0.001;
/**
 * "S形曲线": the largest yearly increase (the inflection) lies at least this many years inside
 * each end of the horizon.
 */
export const P4_INFLECTION_MARGIN_YEARS = 3;
/** "S形曲线", slow start: the first yearly increase is at most this share of the largest. */
export const P4_MAX_START_TO_INFLECTION = 0.5;
/** "S形曲线", slowing end: the last yearly increase is at most this share of the largest. */
export const P4_MAX_END_TO_INFLECTION = 0.75;
/**
 * "D4>D3>D2": the ordering holds in every year within this relative tolerance (early years,
 * fed by the same historical vintages, may be equal), and strictly for the cumulative sum.
 */
export const P4_ORDER_TOLERANCE = 0.005;

// P5. "原生开采企业的锂供给呈现出剧烈波动的特征 ... 在2033年之前 ... 增长速度较快 ... 2033年之后,原生锂
// 供给的增速放缓,同时波动加剧。其中D4情景下的原生锂供给在长期维持较高水平".
/** "2033年之前/之后": the year that splits fast from slow, erratic growth. */
export const P5_SPLIT_YEAR = 2033;
/** "剧烈波动" read as "several reversals": at least this many turning points per combination. */
export const P5_MIN_REVERSALS = 2;
/**
 * A turning point counts only if primary supply then moves at least this share of its value the
 * other way, so that rounding ripples are not reversals.
 */
export const P5_MIN_SWING_SHARE = 0.01;
/**
 * "波动加剧": fluctuations grow stronger after 2033, measured as the standard deviation of the
 * yearly growth rate, which is blind to the growth trend itself.
 *
 * "增速放缓": the mean yearly growth rate after 2033 is at most this share of the mean rate up
 * to 2033.
 */
export const P5_MAX_LATE_TO_EARLY_GROWTH = 0.5;
/** "在研究区间末期仍维持高位": D4 must have the highest mean primary supply over the last years. */
export const P5_END_YEARS = 5;

const P4_TITLE = 'Recycled supply grows smoothly along an S-curve in S3-D2/D3/D4, D4 > D3 > D2';
const P5_TITLE =
  'S2-D2/D3/D4 primary supply fluctuates strongly, grows fast before ~2033, slower and more erratically after; D4 ends highest';

const P4_COMBINATIONS = ['S3-D2', 'S3-D3', 'S3-D4'] as const;
const P5_COMBINATIONS = ['S2-D2', 'S2-D3', 'S2-D4'] as const;

/**
 * P4: recycled supply of S3-D2, S3-D3 and S3-D4 never falls, has its largest yearly increase
 * well inside the horizon with smaller increases at both ends, and is ordered D4 ≥ D3 ≥ D2 in
 * every year, strictly in its cumulative sum.
 */
export function checkP4(results: ReadonlyMap<string, CombinationSeries>): PatternResult {
  const { found, missing } = lookUp(results, P4_COMBINATIONS);
  if (missing.length > 0) return notSupplied('P4', P4_TITLE, missing);

  const metrics: Record<string, number | string | null> = {};
  const criteria: Criterion[] = [];
  const summaries: string[] = [];
  let fallingYears = 0;
  for (const series of found) {
    const name = series.combination;
    const values = series.recycled;
    const changes = yearOnYear(values);
    const falls = changes
      .map((change, i) => ({ year: series.years[i + 1] ?? 0, share: -change / (values[i] || 1) }))
      .filter((fall) => fall.share > P4_MAX_YEARLY_FALL);
    const inflection = argMax(changes);
    const inflectionYear = series.years[inflection + 1] ?? 0;
    const largest = changes[inflection] ?? 0;
    const firstChange = changes[0] ?? 0;
    const lastChange = changes.at(-1) ?? 0;
    const firstYear = series.years[0] ?? 0;
    const lastYear = series.years.at(-1) ?? 0;
    Object.assign(metrics, {
      [`${name}.yearsFalling`]: falls.length,
      [`${name}.inflectionYear`]: inflectionYear,
      [`${name}.firstToLargestIncrease`]: largest > 0 ? firstChange / largest : null,
      [`${name}.lastToLargestIncrease`]: largest > 0 ? lastChange / largest : null,
      [`${name}.cumulative`]: values.reduce((sum, value) => sum + value, 0),
    });
    summaries.push(`${inflectionYear}`);
    fallingYears += falls.length;
    const shape = `${name}: increase ${tonnes(firstChange)} first, ${tonnes(largest)} in ${inflectionYear}, ${tonnes(lastChange)} last`;
    criteria.push(
      {
        holds: falls.length === 0,
        failure: `${name} recycled supply falls from one year to the next`,
        evidence: `${name} falls in ${falls.map((fall) => `${fall.year} (${percent(fall.share)})`).join(', ')}`,
      },
      {
        holds:
          largest > 0 &&
          inflectionYear >= firstYear + P4_INFLECTION_MARGIN_YEARS &&
          inflectionYear <= lastYear - P4_INFLECTION_MARGIN_YEARS,
        failure: `${name} recycled supply has its steepest rise at an end of the horizon, not along an S-curve`,
        evidence: shape,
      },
      {
        holds:
          firstChange <= P4_MAX_START_TO_INFLECTION * largest &&
          lastChange <= P4_MAX_END_TO_INFLECTION * largest,
        failure: `${name} recycled supply does not start slow and level off as an S-curve does`,
        evidence: shape,
      },
    );
  }
  const [d2, d3, d4] = found as [CombinationSeries, CombinationSeries, CombinationSeries];
  const unordered = d2.years.filter((year, i) => {
    const v2 = d2.recycled[i] ?? 0;
    const v3 = valueIn(d3, 'recycled', year);
    const v4 = valueIn(d4, 'recycled', year);
    return v3 < (1 - P4_ORDER_TOLERANCE) * v2 || v4 < (1 - P4_ORDER_TOLERANCE) * v3;
  });
  const sums = [d2, d3, d4].map((series) => series.recycled.reduce((sum, v) => sum + v, 0));
  const [sum2, sum3, sum4] = sums as [number, number, number];
  criteria.push({
    holds: unordered.length === 0 && sum4 > sum3 && sum3 > sum2,
    failure: 'recycled supply is not ordered D4 > D3 > D2',
    evidence:
      `cumulative D2 ${tonnes(sum2)}, D3 ${tonnes(sum3)}, D4 ${tonnes(sum4)}` +
      (unordered.length > 0 ? `; order broken in ${unordered.join(', ')}` : ''),
  });
  metrics.yearsOutOfOrder = unordered.length;

  const measured =
    `inflection ${summaries.join('/')} (D2/D3/D4); ${fallingYears} falling years; ` +
    `cumulative ${tonnes(sum2)} / ${tonnes(sum3)} / ${tonnes(sum4)}`;
  return judge({ id: 'P4', title: P4_TITLE, measured, metrics }, criteria);
}

/**
 * P5: primary supply of S2-D2, S2-D3 and S2-D4 each turns at least twice, grows at most half
 * as fast (mean yearly rate) after 2033 as before, and swings more after 2033 than before
 * (standard deviation of the yearly growth rate); S2-D4 has the highest mean primary supply
 * over the last five years.
 * Limitation: the paper's "在2033年之前 ... 增长曲线类似" (the three curves alike before 2033) is
 * not tested.
 */
export function checkP5(results: ReadonlyMap<string, CombinationSeries>): PatternResult {
  const { found, missing } = lookUp(results, P5_COMBINATIONS);
  if (missing.length > 0) return notSupplied('P5', P5_TITLE, missing);

  const metrics: Record<string, number | string | null> = {};
  const criteria: Criterion[] = [];
  const summaries: string[] = [];
  const growths: string[] = [];
  const endMeans: number[] = [];
  for (const series of found) {
    const name = series.combination;
    const first = series.years[0] ?? 0;
    const last = series.years.at(-1) ?? 0;
    const turns = turningPoints(series.primary, P5_MIN_SWING_SHARE).map(
      (i) => series.years[i] ?? 0,
    );
    const turnsAfter = turns.filter((year) => year > P5_SPLIT_YEAR).length;
    const earlyRates = growthRates(spanOf(series, 'primary', first, P5_SPLIT_YEAR).values);
    const lateRates = growthRates(spanOf(series, 'primary', P5_SPLIT_YEAR, last).values);
    const earlyGrowth = mean(earlyRates);
    const lateGrowth = mean(lateRates);
    const earlyVolatility = standardDeviation(earlyRates);
    const lateVolatility = standardDeviation(lateRates);
    const endMean = mean(spanOf(series, 'primary', last - P5_END_YEARS + 1, last).values);
    endMeans.push(endMean);
    Object.assign(metrics, {
      [`${name}.reversals`]: turns.length,
      [`${name}.reversalsAfterSplit`]: turnsAfter,
      [`${name}.meanGrowthBeforeSplit`]: earlyGrowth,
      [`${name}.meanGrowthAfterSplit`]: lateGrowth,
      [`${name}.growthVolatilityBeforeSplit`]: earlyVolatility,
      [`${name}.growthVolatilityAfterSplit`]: lateVolatility,
      [`${name}.endMean`]: endMean,
    });
    summaries.push(`${turns.length} (${turnsAfter} after ${P5_SPLIT_YEAR})`);
    growths.push(`${percent(earlyGrowth)} → ${percent(lateGrowth)}`);
    const turnsText = `${name} turns in ${turns.length > 0 ? turns.join(', ') : 'no year'}`;
    criteria.push(
      {
        holds: turns.length >= P5_MIN_REVERSALS,
        failure: `${name} primary supply reverses fewer than ${P5_MIN_REVERSALS} times`,
        evidence: turnsText,
      },
      {
        holds: earlyGrowth > 0 && lateGrowth <= P5_MAX_LATE_TO_EARLY_GROWTH * earlyGrowth,
        failure: `${name} primary supply does not grow fast before ${P5_SPLIT_YEAR} and slower after`,
        evidence: `${name} mean growth ${percent(earlyGrowth)}/a to ${P5_SPLIT_YEAR}, ${percent(lateGrowth)}/a after`,
      },
      {
        holds: lateVolatility > earlyVolatility,
        failure: `${name} primary supply is not more erratic after ${P5_SPLIT_YEAR} than before`,
        evidence: `${name} s.d. of the growth rate ${percent(earlyVolatility)} to ${P5_SPLIT_YEAR}, ${percent(lateVolatility)} after`,
      },
    );
  }
  const [end2, end3, end4] = endMeans as [number, number, number];
  criteria.push({
    holds: end4 > end2 && end4 > end3,
    failure: `S2-D4 primary supply is not the highest over the last ${P5_END_YEARS} years`,
    evidence: `mean of the last ${P5_END_YEARS} years: D2 ${tonnes(end2)}, D3 ${tonnes(end3)}, D4 ${tonnes(end4)}`,
  });

  const measured =
    `reversals ${summaries.join(', ')}; mean growth a year ${growths.join(', ')}; ` +
    `last ${P5_END_YEARS} years ${tonnes(end2)}, ${tonnes(end3)}, ${tonnes(end4)} (D2, D3, D4)`;
  return judge({ id: 'P5', title: P5_TITLE, measured, metrics }, criteria);
}
