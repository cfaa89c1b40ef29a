// Patterns P1–P3: the demand side, paper section 3.1 (3) and (4), figure 2.
import type { CombinationSeries, PatternResult } from './series.js';
import { spanOf, valueIn } from './series.js';
import { argMax, mean, yearOnYear } from './series-math.js';
import type { Criterion } from './verdict.js';
import { judge, lookUpDemandScenarios, notSupplied, percent, tonnes } from './verdict.js';

const DEMAND_SCENARIOS = ['D1', 'D2', 'D3', 'D4'] as const;

// P1. "在度过前6年的缓慢增长后 ... 迎来了快速增长阶段。直到2035年之后,增速放缓,需求增长逐渐趋于平稳":
// slow growth over the first six years (2023→2029), fast growth to 2035, then roughly flat.
/** First year of the "fast growth" phase: six years after the start of the horizon. */
export const P1_FAST_FROM = 2029;
/** "2023—2035年快速增长 ... 在2035年以后则呈相对平稳趋势": end of the fast phase. */
export const P1_FAST_TO = 2035;
/** "缓慢增长": the mean yearly change of 2023–2029 is at most this share of that of 2029–2035. */
export const P1_MAX_SLOW_TO_FAST = 0.5;
/**
 * "相对平稳": the mean absolute yearly change after 2035 is at most this share of the mean change
 * of 2029–2035. Absolute changes, so a hump or a fall after 2035 counts as movement too.
 */
export const P1_MAX_FLAT_TO_FAST = 0.25;
/**
 * "不同情景下的增长曲线展现出相似的发展轨迹": the years of steepest rise of D1–D4 lie within this
 * many years of each other.
 */
export const P1_MAX_STEEPEST_SPREAD_YEARS = 3;

// P2. "储能装置制造部门的锂需求呈现先上升后下降的趋势,在2038年左右达到峰值" (and "在2038年达到峰值"
// in the conclusion): ESS demand rises, peaks around 2038, then falls.
/** "2038年左右": earliest accepted peak year. */
export const P2_PEAK_FROM = 2036;
/** "2038年左右": latest accepted peak year. */
export const P2_PEAK_TO = 2040;
/** "先上升": the peak exceeds the 2023 value by at least this share. */
export const P2_MIN_RISE = 0.25;
/** "后下降": the 2050 value lies below the peak by at least this share. */
export const P2_MIN_FALL = 0.1;

// P3. "D4情景下储能装置具有最强劲的需求增长 ... D2情景储能装置维持中等需求水平;而 ... D1情景,其储能
// 装置需求始终处于最低位": ESS demand D4 ≥ D2 > D1 over the peak years (MODEL.md section 11).
/**
 * D4 ≥ D2 holds within this relative tolerance: D4 and D2 share the optimistic storage scenario,
 * so equal ESS demand is the expected outcome and rounding must not break "≥".
 */
export const P3_EQUAL_TOLERANCE = 0.005;
/** "D1 ... 始终处于最低位": D2 exceeds D1 by at least this share in every peak year. */
export const P3_MIN_LEAD_OVER_D1 = 0.01;

const P1_TITLE =
  'EV lithium demand: slow growth for ~6 years, fast growth to ~2035, then roughly flat; same shape in D1–D4';
const P2_TITLE = 'ESS lithium demand rises then falls, peaking around 2038 (2036–2040)';
const P3_TITLE = 'ESS lithium demand: D4 ≥ D2 > D1 over the peak years';

/**
 * P1: the EV demand of each of D1–D4 grows slowly to 2029, fast to 2035, and is roughly flat
 * after, with the steepest rise in about the same year. Needs one combination per demand
 * scenario (any supply side); measures yearly changes in t Li.
 */
export function checkP1(results: ReadonlyMap<string, CombinationSeries>): PatternResult {
  const { found, missing } = lookUpDemandScenarios(results, DEMAND_SCENARIOS);
  if (missing.length > 0) return notSupplied('P1', P1_TITLE, missing);

  const metrics: Record<string, number | string | null> = {};
  const steepestYears: number[] = [];
  const slowToFast: number[] = [];
  const flatToFast: number[] = [];
  // Each condition is one criterion over D1–D4, naming the scenarios it fails in, so that four
  // scenarios failing alike read as one sentence, not four.
  const failing = { noRise: [] as string[], notSlow: [] as string[], notFlat: [] as string[] };
  const numbers: Record<string, string> = {};
  for (const [scenario, series] of found) {
    const first = series.years[0] ?? 0;
    const early = yearOnYear(spanOf(series, 'evDemand', first, P1_FAST_FROM).values);
    const fast = yearOnYear(spanOf(series, 'evDemand', P1_FAST_FROM, P1_FAST_TO).values);
    const last = series.years.at(-1) ?? P1_FAST_TO;
    const late = yearOnYear(spanOf(series, 'evDemand', P1_FAST_TO, last).values);
    const earlyChange = mean(early);
    const fastChange = mean(fast);
    const lateChange = mean(late.map(Math.abs));
    const changes = yearOnYear(series.evDemand);
    const steepestYear = series.years[argMax(changes) + 1] ?? first;
    steepestYears.push(steepestYear);
    slowToFast.push(fastChange > 0 ? earlyChange / fastChange : Number.POSITIVE_INFINITY);
    flatToFast.push(fastChange > 0 ? lateChange / fastChange : Number.POSITIVE_INFINITY);
    Object.assign(metrics, {
      [`${scenario}.earlyMeanChange`]: earlyChange,
      [`${scenario}.fastMeanChange`]: fastChange,
      [`${scenario}.lateMeanAbsChange`]: lateChange,
      [`${scenario}.steepestRiseYear`]: steepestYear,
    });
    numbers[scenario] =
      `${scenario}: mean change ${tonnes(earlyChange)}/a to ${P1_FAST_FROM}, ` +
      `${tonnes(fastChange)}/a to ${P1_FAST_TO}, |change| ${tonnes(lateChange)}/a after`;
    if (!(fastChange > 0)) failing.noRise.push(scenario);
    if (!(earlyChange <= P1_MAX_SLOW_TO_FAST * fastChange)) failing.notSlow.push(scenario);
    if (!(lateChange <= P1_MAX_FLAT_TO_FAST * fastChange)) failing.notFlat.push(scenario);
  }
  const evidenceOf = (scenarios: readonly string[]) =>
    scenarios.map((scenario) => numbers[scenario]).join('; ');
  const criterion = (scenarios: readonly string[], failure: string): Criterion => ({
    holds: scenarios.length === 0,
    failure: `EV demand ${failure} in ${scenarios.join(', ')}`,
    evidence: evidenceOf(scenarios),
  });
  const criteria: Criterion[] = [
    criterion(failing.noRise, `does not grow in ${P1_FAST_FROM}–${P1_FAST_TO}`),
    criterion(failing.notSlow, `grows about as fast before ${P1_FAST_FROM} as after`),
    criterion(failing.notFlat, `is not roughly flat after ${P1_FAST_TO}`),
  ];
  const spread = Math.max(...steepestYears) - Math.min(...steepestYears);
  const worstSlow = Math.max(...slowToFast);
  const worstFlat = Math.max(...flatToFast);
  Object.assign(metrics, {
    worstSlowToFast: Number.isFinite(worstSlow) ? worstSlow : null,
    worstFlatToFast: Number.isFinite(worstFlat) ? worstFlat : null,
    steepestRiseSpreadYears: spread,
  });
  criteria.push({
    holds: spread <= P1_MAX_STEEPEST_SPREAD_YEARS,
    failure: `the steepest rise of EV demand falls in years more than ${P1_MAX_STEEPEST_SPREAD_YEARS} apart across D1–D4`,
    evidence: `steepest rise in ${steepestYears.join(', ')} (D1–D4)`,
  });

  const measured =
    `mean rise to ${P1_FAST_FROM} / rise to ${P1_FAST_TO} ≤ ${worstSlow.toFixed(2)}, ` +
    `|change| after / rise to ${P1_FAST_TO} ≤ ${worstFlat.toFixed(2)} (worst of D1–D4); ` +
    `steepest rise ${steepestYears.join('/')}`;
  return judge({ id: 'P1', title: P1_TITLE, measured, metrics }, criteria);
}

/**
 * P2: in each of D1–D4, ESS demand peaks in 2036–2040, having risen from 2023 and falling by
 * 2050. Needs one combination per demand scenario (any supply side).
 */
export function checkP2(results: ReadonlyMap<string, CombinationSeries>): PatternResult {
  const { found, missing } = lookUpDemandScenarios(results, DEMAND_SCENARIOS);
  if (missing.length > 0) return notSupplied('P2', P2_TITLE, missing);

  const metrics: Record<string, number | string | null> = {};
  const criteria: Criterion[] = [];
  const peakYears: number[] = [];
  const falls: number[] = [];
  for (const [scenario, series] of found) {
    const peakIndex = argMax(series.essDemand);
    const peakYear = series.years[peakIndex] ?? 0;
    const peak = series.essDemand[peakIndex] ?? 0;
    const start = series.essDemand[0] ?? 0;
    const end = series.essDemand.at(-1) ?? 0;
    const fall = peak === 0 ? 0 : (peak - end) / peak;
    Object.assign(metrics, {
      [`${scenario}.peakYear`]: peakYear,
      [`${scenario}.peak`]: peak,
      [`${scenario}.fallByEnd`]: fall,
    });
    peakYears.push(peakYear);
    falls.push(fall);
    const numbers = `${scenario}: ${tonnes(start)} at start, peak ${tonnes(peak)} in ${peakYear}, ${tonnes(end)} at the end`;
    criteria.push(
      {
        holds: peakYear >= P2_PEAK_FROM && peakYear <= P2_PEAK_TO,
        failure: `${scenario} ESS demand peaks outside ${P2_PEAK_FROM}–${P2_PEAK_TO}`,
        evidence: numbers,
      },
      {
        holds: peak >= (1 + P2_MIN_RISE) * start,
        failure: `${scenario} ESS demand does not rise by ${percent(P2_MIN_RISE)} before its peak`,
        evidence: numbers,
      },
      {
        holds: fall >= P2_MIN_FALL,
        failure: `${scenario} ESS demand does not fall by ${percent(P2_MIN_FALL)} after its peak`,
        evidence: numbers,
      },
    );
  }

  const measured =
    `peak ${peakYears.join('/')} (D1–D4); at the end at least ` +
    `${percent(Math.min(...falls))} below the peak`;
  return judge({ id: 'P2', title: P2_TITLE, measured, metrics }, criteria);
}

/**
 * P3: ESS demand of D4 is at least that of D2, and D2's exceeds D1's, in every year of the
 * P2 peak window 2036–2040. The paper also places D3 above D2; that cannot hold, because D3
 * changes only the EV scenario, so its ESS demand is D1's (MODEL.md section 11). The check
 * does not test it and reports how far D3 differs from D1 instead, when D3 is supplied.
 */
export function checkP3(results: ReadonlyMap<string, CombinationSeries>): PatternResult {
  const { found, missing } = lookUpDemandScenarios(results, ['D1', 'D2', 'D4']);
  if (missing.length > 0) return notSupplied('P3', P3_TITLE, missing);
  const d1 = found.get('D1') as CombinationSeries;
  const d2 = found.get('D2') as CombinationSeries;
  const d4 = found.get('D4') as CombinationSeries;

  const lowD4: number[] = [];
  const lowD2: number[] = [];
  let minD4OverD2 = Number.POSITIVE_INFINITY;
  let minD2OverD1 = Number.POSITIVE_INFINITY;
  for (let year = P2_PEAK_FROM; year <= P2_PEAK_TO; year++) {
    const v1 = valueIn(d1, 'essDemand', year);
    const v2 = valueIn(d2, 'essDemand', year);
    const v4 = valueIn(d4, 'essDemand', year);
    minD4OverD2 = Math.min(minD4OverD2, v2 === 0 ? 1 : v4 / v2);
    minD2OverD1 = Math.min(minD2OverD1, v1 === 0 ? Number.POSITIVE_INFINITY : v2 / v1);
    if (v4 < (1 - P3_EQUAL_TOLERANCE) * v2) lowD4.push(year);
    if (v2 < (1 + P3_MIN_LEAD_OVER_D1) * v1) lowD2.push(year);
  }
  const d3 = lookUpDemandScenarios(results, ['D3']).found.get('D3');
  const d3VsD1 = d3 === undefined ? null : largestRelativeDifference(d3, d1, 'essDemand');
  const metrics = {
    minD4OverD2,
    minD2OverD1: Number.isFinite(minD2OverD1) ? minD2OverD1 : null,
    d3VsD1MaxRelativeDifference: d3VsD1,
    d3AboveD2: 'not testable: D3 changes only the EV scenario, so its ESS demand equals D1',
  };
  const measured =
    `in ${P2_PEAK_FROM}–${P2_PEAK_TO} D4/D2 ≥ ${minD4OverD2.toFixed(3)}, ` +
    `D2/D1 ≥ ${Number.isFinite(minD2OverD1) ? minD2OverD1.toFixed(3) : '∞'}` +
    (d3VsD1 === null ? '' : `; D3 within ${percent(d3VsD1)} of D1`) +
    '; "D3 above D2" not testable: D3 changes only EV demand (MODEL.md §11)';

  return judge({ id: 'P3', title: P3_TITLE, measured, metrics }, [
    {
      holds: lowD4.length === 0,
      failure: 'ESS demand of D4 falls below that of D2 in a peak year',
      evidence: `D4 < D2 in ${lowD4.join(', ')}; lowest D4/D2 ${minD4OverD2.toFixed(3)}`,
    },
    {
      holds: lowD2.length === 0,
      failure: `ESS demand of D2 does not exceed that of D1 by ${percent(P3_MIN_LEAD_OVER_D1)} in every peak year`,
      evidence: `D2 not above D1 in ${lowD2.join(', ')}; lowest D2/D1 ${minD2OverD1.toFixed(3)}`,
    },
  ]);
}

function largestRelativeDifference(
  a: CombinationSeries,
  b: CombinationSeries,
  field: 'essDemand',
): number {
  let largest = 0;
  for (const year of a.years) {
    if (!b.years.includes(year)) continue;
    const reference = valueIn(b, field, year);
    const difference = Math.abs(valueIn(a, field, year) - reference);
    largest = Math.max(largest, reference === 0 ? difference : difference / reference);
  }
  return largest;
}
