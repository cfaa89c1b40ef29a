// Patterns P6–P12: supply against demand per combination, paper section 3.2, figures 3 to 5.
// "Gap" below is the relative gap (D − Q) / D: positive in deficit, negative in surplus.
import type { CombinationSeries, PatternResult } from './series.js';
import { relativeGaps, spanOf } from './series.js';
import {
  argMax,
  compoundGrowth,
  growthRates,
  mean,
  turningPoints,
  yearOnYear,
} from './series-math.js';
import { judge, lookUp, notSupplied, percent, tonnes } from './verdict.js';

/**
 * "达到供需均衡/供需一致": supply and demand count as balanced once supply is within this share
 * of demand (or above it).
 */
export const BALANCE_TOLERANCE = 0.03;
/**
 * "略低于需求", "供需差距维持在合理范围内", "小幅度波动": a deficit or fluctuation is slight when
 * the gap stays within this share of demand.
 */
export const SLIGHT_GAP = 0.1;
/**
 * "波动": an oscillation of supply is a turning point of the supply/demand ratio (supply measured
 * against the demand it chases) that is followed by a move of at least this share of the ratio.
 */
export const OSCILLATION_MIN_SWING = 0.01;

// P6. "锂资源供给增长会在2029年迎来转折点,转而进入爆发式增长状态,增长速度在此之后缓慢下降,直至在2038年
// 之后逐渐达到产量峰值。锂供给增长状况在整个模拟的时间区间内持续落后于需求的增长".
/** "在2029年迎来转折点": earliest accepted year of the largest jump in the supply growth rate. */
export const P6_TURN_FROM = 2027;
/** "在2029年迎来转折点": latest accepted year of that jump. */
export const P6_TURN_TO = 2031;
/**
 * "2038年之后逐渐达到产量峰值": the mean yearly supply increase after this year is below that of
 * the years from the turn to it.
 */
export const P6_SLOWDOWN_YEAR = 2038;
/** First year whose yearly increase counts as "from the turn on" in the slowdown test. */
const P6_BOOM_FROM = 2030;

// P7. "供给的增长速度前期慢于需求的增速,但 ... 供给总体上能够跟上需求的增长,不会被需求的增长拉开距离。
// ... 到2041年前后,供给增长加速,供求之间的差距快速缩小,最终在2046年供给全面超过需求 ... 在S2-D2的最后几年
// 中,供给会自我调整,走向维持在某一水平的供需平衡".
/** "前期慢于需求": supply stays below demand up to and including this year. */
export const P7_TRAIL_TO = 2040;
/**
 * "不会被需求的增长拉开距离": while trailing, the gap never exceeds this share of demand. A
 * judgement: the paper gives no number.
 */
export const P7_MAX_TRAILING_GAP = 0.4;
/** "到2041年前后 ... 差距快速缩小": the largest yearly fall of the gap lies in these years. */
export const P7_CLOSE_FROM = 2039;
export const P7_CLOSE_TO = 2043;
/** "最终在2046年供给全面超过需求": the first year of supply ≥ demand lies in these years. */
export const P7_CROSS_FROM = 2044;
export const P7_CROSS_TO = 2048;
/** "最后几年": the years over which supply must have settled. */
export const P7_SETTLE_YEARS = 3;
/** "走向 ... 供需平衡": mean absolute gap over the last years at most this share. */
export const P7_SETTLED_GAP = 0.05;

// P8. "S2-D3情景下的供给波动频率更低 ... 在2035年弥合了供求差距并一度导致产能过剩。在2035年之后,锂总供给
// 回落到总需求下,供需差距维持在合理范围内".
/** "在2035年弥合了供求差距": the first year of supply ≥ demand lies in these years. */
export const P8_CROSS_FROM = 2033;
export const P8_CROSS_TO = 2037;
/** "一度导致产能过剩": the first surplus lasts at most this many years. */
export const P8_MAX_SURPLUS_YEARS = 5;

// P9. "研究区间内没有出现严重的供求失衡 ... 供给和需求保持在相近水平 ... 该情景是采选技术进步供给情境下
// 锂资源供需平衡状况最佳的一组".
/**
 * "没有出现严重的供求失衡": the absolute gap never exceeds this share of demand. A judgement;
 * it leaves room for the gap of the first year, which the demand and supply data of 2022 fix.
 */
export const P9_MAX_GAP = 0.25;

// P10. "在S3-D2中,增长相比其他情景比较缓慢,并且在达到均衡前就会出现多次波动 ... 在2048年达到了供需均衡".
/** "在2048年达到了供需均衡": the first balanced year lies in these years. */
export const P10_BALANCE_FROM = 2046;
export const P10_BALANCE_TO = 2050;
/** "多次波动": at least this many oscillations before balance. */
export const P10_MIN_OSCILLATIONS = 2;

// P11. "S3-D3中的供求演化趋势和S2-D3比较相似,均为快速增长达到供需一致后,供给转而出现在小幅度波动和下降,
// 研究区间后期供给略低于需求".
/** "快速增长达到供需一致": balance is first reached no later than this year. */
export const P11_BALANCE_BY = 2040;
/** "研究区间后期": the last this many years, over which the mean gap is a slight deficit. */
export const P11_LATE_YEARS = 5;

const P6_TITLE =
  'S1-D1: supply below demand in every year; supply growth turns sharply up ~2029 and slows after ~2038';
const P7_TITLE =
  'S2-D2: supply trails but keeps pace, gap closes fast ~2041, supply exceeds demand ~2046, then settles';
const P8_TITLE =
  'S2-D3: gap closed ~2035 with a temporary surplus, then just under demand; fewer oscillations than S2-D2';
const P9_TITLE = 'S2-D4: supply stays close to demand; the best balance of the S2 combinations';
const P10_TITLE = 'S3-D2: slower growth, several oscillations, balance reached ~2048';
const P11_TITLE =
  'S3-D3: like S2-D3, fast rise to balance, then small fluctuations and a slight late deficit';
const P12_TITLE = 'S3-D4: supply never reaches demand in 2023–2050';

/**
 * P6 on S1-D1: supply is below demand in every year; the largest year-on-year jump of the supply
 * growth rate falls in 2027–2031; the mean yearly supply increase after 2038 is below that of
 * 2030–2038.
 */
export function checkP6(results: ReadonlyMap<string, CombinationSeries>): PatternResult {
  const { found, missing } = lookUp(results, ['S1-D1']);
  const series = found[0];
  if (series === undefined) return notSupplied('P6', P6_TITLE, missing);

  const surplusYears = yearsWhere(series, (gap) => gap <= 0);
  const rates = growthRates(series.supply);
  const jumps = yearOnYear(rates);
  // jumps[i] compares the growth into years[i + 2] with the growth into years[i + 1].
  const turnYear = series.years[argMax(jumps) + 2] ?? 0;
  const last = series.years.at(-1) ?? P6_SLOWDOWN_YEAR;
  const boomIncrease = mean(
    yearOnYear(spanOf(series, 'supply', P6_BOOM_FROM - 1, P6_SLOWDOWN_YEAR).values),
  );
  const lateIncrease = mean(yearOnYear(spanOf(series, 'supply', P6_SLOWDOWN_YEAR, last).values));
  const metrics = {
    yearsSupplyAtLeastDemand: surplusYears.length,
    smallestGap: Math.min(...relativeGaps(series)),
    growthTurnYear: turnYear,
    meanIncreaseBoom: boomIncrease,
    meanIncreaseAfterSlowdown: lateIncrease,
  };
  const measured =
    `supply ≥ demand in ${surplusYears.length} years; growth turns up in ${turnYear}; ` +
    `mean increase ${tonnes(boomIncrease)}/a in ${P6_BOOM_FROM}–${P6_SLOWDOWN_YEAR}, ` +
    `${tonnes(lateIncrease)}/a after`;

  return judge({ id: 'P6', title: P6_TITLE, measured, metrics }, [
    {
      holds: surplusYears.length === 0,
      failure: 'supply reaches demand in some year',
      evidence: `supply ≥ demand in ${surplusYears.join(', ')}`,
    },
    {
      holds: turnYear >= P6_TURN_FROM && turnYear <= P6_TURN_TO,
      failure: `the sharpest upturn of supply growth is outside ${P6_TURN_FROM}–${P6_TURN_TO}`,
      evidence: `largest jump in the growth rate in ${turnYear}`,
    },
    {
      holds: lateIncrease < boomIncrease,
      failure: `supply growth does not slow after ${P6_SLOWDOWN_YEAR}`,
      evidence: `mean increase ${tonnes(boomIncrease)}/a in ${P6_BOOM_FROM}–${P6_SLOWDOWN_YEAR}, ${tonnes(lateIncrease)}/a after`,
    },
  ]);
}

/**
 * P7 on S2-D2: supply is below demand through 2040 with a gap of at most 40 %; the gap falls
 * fastest in 2039–2043; supply first reaches demand in 2044–2048; the mean absolute gap of the
 * last three years is at most 5 %.
 */
export function checkP7(results: ReadonlyMap<string, CombinationSeries>): PatternResult {
  const { found, missing } = lookUp(results, ['S2-D2']);
  const series = found[0];
  if (series === undefined) return notSupplied('P7', P7_TITLE, missing);

  const gaps = relativeGaps(series);
  const trailing = series.years.flatMap((year, i) => (year <= P7_TRAIL_TO ? [gaps[i] ?? 0] : []));
  const notTrailing = yearsWhere(series, (gap, year) => year <= P7_TRAIL_TO && gap <= 0);
  const largestTrailingGap = Math.max(...trailing);
  const gapFalls = yearOnYear(gaps).map((change) => -change);
  const closingYear = series.years[argMax(gapFalls) + 1] ?? 0;
  const crossingYear = firstYearWhere(series, (gap) => gap <= 0);
  const settledGap = mean(gaps.slice(-P7_SETTLE_YEARS).map(Math.abs));
  const metrics = {
    yearsNotTrailingTo2040: notTrailing.length,
    largestTrailingGap,
    fastestClosingYear: closingYear,
    firstSurplusYear: crossingYear,
    settledMeanAbsGap: settledGap,
  };
  const measured =
    `gap ≤ ${percent(largestTrailingGap)} to ${P7_TRAIL_TO}; closes fastest in ${closingYear}; ` +
    `supply ≥ demand from ${crossingYear ?? 'never'}; last ${P7_SETTLE_YEARS} years |gap| ${percent(settledGap)}`;

  return judge({ id: 'P7', title: P7_TITLE, measured, metrics }, [
    {
      holds: notTrailing.length === 0 && largestTrailingGap <= P7_MAX_TRAILING_GAP,
      failure: `supply does not trail demand within ${percent(P7_MAX_TRAILING_GAP)} up to ${P7_TRAIL_TO}`,
      evidence: `largest gap ${percent(largestTrailingGap)}; supply ≥ demand in ${notTrailing.join(', ') || 'no year'}`,
    },
    {
      holds: closingYear >= P7_CLOSE_FROM && closingYear <= P7_CLOSE_TO,
      failure: `the gap does not close fastest in ${P7_CLOSE_FROM}–${P7_CLOSE_TO}`,
      evidence: `largest yearly fall of the gap in ${closingYear}`,
    },
    {
      holds: crossingYear !== null && crossingYear >= P7_CROSS_FROM && crossingYear <= P7_CROSS_TO,
      failure: `supply does not first exceed demand in ${P7_CROSS_FROM}–${P7_CROSS_TO}`,
      evidence: `first year with supply ≥ demand: ${crossingYear ?? 'none'}`,
    },
    {
      holds: settledGap <= P7_SETTLED_GAP,
      failure: `supply does not settle within ${percent(P7_SETTLED_GAP)} of demand`,
      evidence: `mean |gap| of the last ${P7_SETTLE_YEARS} years ${percent(settledGap)}`,
    },
  ]);
}

/**
 * P8 on S2-D3 (with S2-D2 for comparison): supply first reaches demand in 2033–2037; that
 * surplus lasts at most five years; afterwards the gap stays between −3 % and +10 % with a
 * positive mean (just under demand); and the supply/demand ratio oscillates less often than in
 * S2-D2.
 */
export function checkP8(results: ReadonlyMap<string, CombinationSeries>): PatternResult {
  const { found, missing } = lookUp(results, ['S2-D3', 'S2-D2']);
  const [series, s2d2] = found;
  if (missing.length > 0 || series === undefined || s2d2 === undefined)
    return notSupplied('P8', P8_TITLE, missing);

  const gaps = relativeGaps(series);
  const crossingYear = firstYearWhere(series, (gap) => gap <= 0);
  const crossing = crossingYear === null ? -1 : crossingYear - (series.years[0] ?? 0);
  const surplusEnd = crossing < 0 ? -1 : gaps.findIndex((gap, i) => i > crossing && gap > 0);
  const surplusYears = crossing < 0 ? 0 : (surplusEnd < 0 ? gaps.length : surplusEnd) - crossing;
  const after = surplusEnd < 0 ? [] : gaps.slice(surplusEnd);
  const afterOutside = after.filter((gap) => gap < -BALANCE_TOLERANCE || gap > SLIGHT_GAP).length;
  const afterMeanGap = after.length === 0 ? null : mean(after);
  const oscillations = oscillationsOf(series).length;
  const oscillationsS2D2 = oscillationsOf(s2d2).length;
  const metrics = {
    firstSurplusYear: crossingYear,
    surplusYears,
    yearsOutsideBandAfterSurplus: afterOutside,
    meanGapAfterSurplus: afterMeanGap,
    oscillations,
    oscillationsS2D2,
  };
  const measured =
    `supply ≥ demand from ${crossingYear ?? 'never'} for ${surplusYears} years; ` +
    `mean gap after ${afterMeanGap === null ? 'n/a' : percent(afterMeanGap)}; ` +
    `${oscillations} oscillations (S2-D2: ${oscillationsS2D2})`;

  return judge({ id: 'P8', title: P8_TITLE, measured, metrics }, [
    {
      holds: crossingYear !== null && crossingYear >= P8_CROSS_FROM && crossingYear <= P8_CROSS_TO,
      failure: `supply does not first reach demand in ${P8_CROSS_FROM}–${P8_CROSS_TO}`,
      evidence: `first year with supply ≥ demand: ${crossingYear ?? 'none'}`,
    },
    {
      holds: surplusEnd > 0 && surplusYears <= P8_MAX_SURPLUS_YEARS,
      failure: `the first surplus is not temporary (at most ${P8_MAX_SURPLUS_YEARS} years)`,
      evidence: `first surplus lasts ${surplusYears} years${surplusEnd < 0 ? ', to the end' : ''}`,
    },
    {
      holds: afterMeanGap !== null && afterMeanGap > 0 && afterOutside === 0,
      failure: `after the surplus supply does not stay just under demand (gap in −${percent(BALANCE_TOLERANCE)}..${percent(SLIGHT_GAP)}, mean above 0)`,
      evidence: `mean gap ${afterMeanGap === null ? 'n/a' : percent(afterMeanGap)}; ${afterOutside} years outside the band`,
    },
    {
      holds: oscillations < oscillationsS2D2,
      failure: 'supply does not oscillate less often than in S2-D2',
      evidence: `${oscillations} oscillations against ${oscillationsS2D2} in S2-D2`,
    },
  ]);
}

/**
 * P9 on S2-D4 (with S2-D2 and S2-D3): the absolute gap never exceeds 25 % of demand, and the
 * mean absolute gap is the smallest of the three S2 combinations.
 */
export function checkP9(results: ReadonlyMap<string, CombinationSeries>): PatternResult {
  const { found, missing } = lookUp(results, ['S2-D4', 'S2-D2', 'S2-D3']);
  if (missing.length > 0) return notSupplied('P9', P9_TITLE, missing);
  const [d4, d2, d3] = found.map((series) => relativeGaps(series).map(Math.abs)) as [
    number[],
    number[],
    number[],
  ];

  const [mean4, mean2, mean3] = [mean(d4), mean(d2), mean(d3)];
  const largest = Math.max(...d4);
  const largestYear = found[0]?.years[argMax(d4)] ?? 0;
  const metrics = {
    meanAbsGapS2D4: mean4,
    meanAbsGapS2D2: mean2,
    meanAbsGapS2D3: mean3,
    largestAbsGapS2D4: largest,
    largestAbsGapYear: largestYear,
  };
  const measured =
    `mean |gap| S2-D4 ${percent(mean4)}, S2-D2 ${percent(mean2)}, S2-D3 ${percent(mean3)}; ` +
    `largest S2-D4 ${percent(largest)} in ${largestYear}`;

  return judge({ id: 'P9', title: P9_TITLE, measured, metrics }, [
    {
      holds: largest <= P9_MAX_GAP,
      failure: `supply and demand drift apart by more than ${percent(P9_MAX_GAP)}`,
      evidence: `|gap| ${percent(largest)} in ${largestYear}`,
    },
    {
      holds: mean4 < mean2 && mean4 < mean3,
      failure: 'S2-D4 is not the best balanced S2 combination',
      evidence: `mean |gap| S2-D4 ${percent(mean4)}, S2-D2 ${percent(mean2)}, S2-D3 ${percent(mean3)}`,
    },
  ]);
}

/**
 * P10 on S3-D2 (with S3-D3 and S3-D4): the compound growth of supply over the horizon is the
 * lowest of the S3 combinations; the supply/demand ratio oscillates at least twice before
 * balance; balance (gap ≤ 3 %) is first reached in 2046–2050.
 */
export function checkP10(results: ReadonlyMap<string, CombinationSeries>): PatternResult {
  const { found, missing } = lookUp(results, ['S3-D2', 'S3-D3', 'S3-D4']);
  const [series] = found;
  if (missing.length > 0 || series === undefined) return notSupplied('P10', P10_TITLE, missing);

  const growth = found.map((s) =>
    compoundGrowth(s.supply[0] ?? 0, s.supply.at(-1) ?? 0, s.years.length - 1),
  );
  const [own, d3, d4] = growth as [number, number, number];
  const balanceYear = firstYearWhere(series, (gap) => gap <= BALANCE_TOLERANCE);
  const turns = oscillationsOf(series).filter((year) => balanceYear === null || year < balanceYear);
  const metrics = {
    supplyGrowth: own,
    supplyGrowthS3D3: d3,
    supplyGrowthS3D4: d4,
    oscillationsBeforeBalance: turns.length,
    balanceYear,
  };
  const measured =
    `supply growth ${percent(own)}/a (S3-D3 ${percent(d3)}, S3-D4 ${percent(d4)}); ` +
    `${turns.length} oscillations; balance from ${balanceYear ?? 'never'}`;

  return judge({ id: 'P10', title: P10_TITLE, measured, metrics }, [
    {
      holds: own < d3 && own < d4,
      failure: 'S3-D2 supply does not grow slowest of the S3 combinations',
      evidence: `compound growth S3-D2 ${percent(own)}/a, S3-D3 ${percent(d3)}/a, S3-D4 ${percent(d4)}/a`,
    },
    {
      holds: turns.length >= P10_MIN_OSCILLATIONS,
      failure: `fewer than ${P10_MIN_OSCILLATIONS} oscillations before balance`,
      evidence: `ratio turns in ${turns.join(', ') || 'no year'}`,
    },
    {
      holds:
        balanceYear !== null && balanceYear >= P10_BALANCE_FROM && balanceYear <= P10_BALANCE_TO,
      failure: `balance is not first reached in ${P10_BALANCE_FROM}–${P10_BALANCE_TO}`,
      evidence: `first year with gap ≤ ${percent(BALANCE_TOLERANCE)}: ${balanceYear ?? 'none'}`,
    },
  ]);
}

/**
 * P11 on S3-D3: balance (gap ≤ 3 %) is reached by 2040; afterwards the absolute gap stays within
 * 10 %; the mean gap of the last five years is a deficit of at most 10 %. When S2-D3 is
 * supplied its balance year is reported beside, for the resemblance the paper notes.
 * Limitation: the resemblance to S2-D3 is reported, not tested; the paper gives no measure of it.
 */
export function checkP11(results: ReadonlyMap<string, CombinationSeries>): PatternResult {
  const { found, missing } = lookUp(results, ['S3-D3']);
  const series = found[0];
  if (series === undefined) return notSupplied('P11', P11_TITLE, missing);

  const gaps = relativeGaps(series);
  const balanceYear = firstYearWhere(series, (gap) => gap <= BALANCE_TOLERANCE);
  const balanceIndex = balanceYear === null ? gaps.length : balanceYear - (series.years[0] ?? 0);
  const largeAfter = yearsWhere(
    series,
    (gap, _year, i) => i >= balanceIndex && Math.abs(gap) > SLIGHT_GAP,
  );
  const lateGap = mean(gaps.slice(-P11_LATE_YEARS));
  const s2d3 = lookUp(results, ['S2-D3']).found[0];
  const s2d3Balance =
    s2d3 === undefined ? null : firstYearWhere(s2d3, (gap) => gap <= BALANCE_TOLERANCE);
  const metrics = {
    balanceYear,
    yearsBeyondSlightGapAfterBalance: largeAfter.length,
    lateMeanGap: lateGap,
    balanceYearS2D3: s2d3Balance,
  };
  const measured =
    `balance from ${balanceYear ?? 'never'} (S2-D3: ${s2d3Balance ?? 'n/a'}); ` +
    `${largeAfter.length} years with |gap| > ${percent(SLIGHT_GAP)} after; ` +
    `mean gap of the last ${P11_LATE_YEARS} years ${percent(lateGap)}`;

  return judge({ id: 'P11', title: P11_TITLE, measured, metrics }, [
    {
      holds: balanceYear !== null && balanceYear <= P11_BALANCE_BY,
      failure: `balance is not reached by ${P11_BALANCE_BY}`,
      evidence: `first year with gap ≤ ${percent(BALANCE_TOLERANCE)}: ${balanceYear ?? 'none'}`,
    },
    {
      holds: largeAfter.length === 0,
      failure: `fluctuations after balance exceed ${percent(SLIGHT_GAP)} of demand`,
      evidence: `|gap| > ${percent(SLIGHT_GAP)} in ${largeAfter.join(', ')}`,
    },
    {
      holds: lateGap > 0 && lateGap <= SLIGHT_GAP,
      failure: `the last ${P11_LATE_YEARS} years are not a slight deficit (mean gap in 0..${percent(SLIGHT_GAP)})`,
      evidence: `mean gap ${percent(lateGap)}`,
    },
  ]);
}

/** P12 on S3-D4: supply is below demand in every year. */
export function checkP12(results: ReadonlyMap<string, CombinationSeries>): PatternResult {
  const { found, missing } = lookUp(results, ['S3-D4']);
  const series = found[0];
  if (series === undefined) return notSupplied('P12', P12_TITLE, missing);

  const reached = yearsWhere(series, (gap) => gap <= 0);
  const smallestGap = Math.min(...relativeGaps(series));
  const metrics = { yearsSupplyAtLeastDemand: reached.length, smallestGap };
  const measured = `supply ≥ demand in ${reached.length} years; smallest gap ${percent(smallestGap)}`;

  return judge({ id: 'P12', title: P12_TITLE, measured, metrics }, [
    {
      holds: reached.length === 0,
      failure: 'supply reaches demand in some year',
      evidence: `supply ≥ demand in ${reached.join(', ')}`,
    },
  ]);
}

/** Years of the oscillations of supply against demand: turning points of the ratio Q/D. */
function oscillationsOf(series: CombinationSeries): number[] {
  const ratios = relativeGaps(series).map((gap) => 1 - gap);
  return turningPoints(ratios, OSCILLATION_MIN_SWING).map((i) => series.years[i] ?? 0);
}

function yearsWhere(
  series: CombinationSeries,
  predicate: (gap: number, year: number, index: number) => boolean,
): number[] {
  const gaps = relativeGaps(series);
  return series.years.filter((year, i) => predicate(gaps[i] ?? 0, year, i));
}

function firstYearWhere(
  series: CombinationSeries,
  predicate: (gap: number, year: number) => boolean,
): number | null {
  return yearsWhere(series, predicate)[0] ?? null;
}
