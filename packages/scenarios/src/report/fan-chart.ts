import { InvalidArgumentError } from '@orebus/core';
import {
  checkFinite,
  checkLength,
  checkSize,
  drawLegend,
  drawYAxis,
  drawYearAxis,
  emptyNote,
  formatTick,
  LEGEND_ROW,
  type LegendItem,
  layoutLegend,
  logScale,
  n,
  openSvg,
  type Plot,
  plotLeftFor,
  valueScale,
  yearScale,
} from './chart-kit.js';
import { escapeHtml } from './escape-html.js';
import { formatQuantity } from './format.js';
import { OKABE_ITO } from './palette.js';

/** A band between two percentiles of an ensemble, with their values per year. */
export interface FanBand {
  /** The lower percentile, in percent (0–100), e.g. 5. */
  readonly lower: number;
  /** The upper percentile, in percent, e.g. 95. */
  readonly upper: number;
  readonly values: { readonly lower: readonly number[]; readonly upper: readonly number[] };
}

/** What `fanChart` draws. All arrays of values are as long as `years`. */
export interface FanChartInput {
  /** Shown above the plot and as the SVG's accessible `<title>`. */
  readonly title: string;
  readonly yLabel: string;
  /** Ascending. */
  readonly years: readonly number[];
  /** In any order; drawn widest first. */
  readonly bands: readonly FanBand[];
  readonly median: readonly number[];
  /** A line to compare with, e.g. the deterministic run or demand. */
  readonly reference?: { readonly name: string; readonly values: readonly number[] };
  /** Default 760. */
  readonly width?: number;
  /** Default 320, plus a row per row of legend. */
  readonly height?: number;
  /** Labels a y tick; default a plain number with the decimals the tick step needs. */
  readonly formatY?: (value: number) => string;
  /**
   * The y axis: `linear` (reaching down or up to zero), `log` (every value must be above 0), or
   * `auto` (the default): logarithmic when every value is above 0 and the largest is at least
   * {@link LOG_SPREAD} times the smallest, as a price whose upper band runs away is; the axis
   * label then says "log scale".
   */
  readonly scale?: 'linear' | 'log' | 'auto';
}

/** The spread of values, largest over smallest, from which `auto` draws a log axis. */
export const LOG_SPREAD = 1000;

const MARGIN = { top: 30, right: 16, bottom: 42, left: 64 } as const;
const BAND_HUE = OKABE_ITO.blue;
const MEDIAN_COLOUR = OKABE_ITO.black;
const REFERENCE_COLOUR = OKABE_ITO.vermillion;
const REFERENCE_DASH = '6 3';
// Half the width, in user units, of the bands and median mark when there is a single year.
const SINGLE_YEAR_HALF_WIDTH = 10;

/**
 * Draws a fan chart of an ensemble over the years as an SVG string for embedding in HTML:
 * nested percentile bands, the median as a line and an optional reference line, with a legend.
 * Bands are drawn widest first, so an inner band lies on top of the outer ones; each is an
 * opaque tint of one blue, lighter the wider it is, so the nesting reads in greyscale print and
 * gridlines do not show through. On a linear axis the y range reaches down (or up) to zero; see
 * `scale` for the log axis. The same input gives
 * the same string; all text is escaped.
 *
 * Throws `InvalidArgumentError` (`E_INVALID_ARGUMENT`) when an array's length differs from
 * `years`, the years do not ascend, a band's percentiles are not 0 ≤ lower < upper ≤ 100, a
 * band's lower values exceed its upper ones, or a size is not a positive number; and
 * `NonFiniteNumberError` (`E_NON_FINITE`) for a NaN or infinite value.
 */
export function fanChart(input: FanChartInput): string {
  checkInput(input);
  const width = input.width ?? 760;
  const bands = [...input.bands].sort((a, b) => b.upper - b.lower - (a.upper - a.lower));
  const tints = bands.map((_, i) => tint(BAND_HUE, bandShade(i, bands.length)));

  const legendItems: LegendItem[] = [
    ...bands.map((band, i) => ({
      name: percentileName(band),
      colour: tints[i] ?? BAND_HUE,
      kind: 'area' as const,
    })),
    { name: 'Median', colour: MEDIAN_COLOUR, kind: 'line' },
  ];
  if (input.reference !== undefined) {
    legendItems.push({
      name: input.reference.name,
      colour: REFERENCE_COLOUR,
      kind: 'line',
      dash: REFERENCE_DASH,
    });
  }
  const frameHeight = input.height ?? 320;
  const top = MARGIN.top;
  const bottom = frameHeight - MARGIN.bottom;
  const values = allValues(input);
  const log = usesLogAxis(input.scale ?? 'auto', values);
  const y = log ? logScale(values, bottom, top) : valueScale([0, ...values], bottom, top, 5);
  const yLabel = log ? `${input.yLabel} (log scale)` : input.yLabel;
  const customFormat = input.formatY;
  const formatY =
    customFormat === undefined ? formatTick : (value: number): string => customFormat(value);
  const left = plotLeftFor(
    y.ticks.map((tick) => formatY(tick, y.step)),
    MARGIN.left,
  );
  const plot: Plot = { left, top, right: width - MARGIN.right, bottom };
  const legendRows = layoutLegend(legendItems, width - plot.left);
  const height = frameHeight + legendRows.length * LEGEND_ROW;
  const x = yearScale(input.years, plot.left, plot.right);
  const xs = pointXs(input.years, x.map);

  const parts: string[] = [
    openSvg(input.title, width, height, plot.left),
    drawYAxis(y, plot, yLabel, formatY),
    drawYearAxis(x, plot, 'Year'),
  ];
  if (input.years.length === 0) {
    parts.push(emptyNote('No data', (plot.left + plot.right) / 2, (plot.top + plot.bottom) / 2));
  }
  parts.push('<g class="bands">');
  bands.forEach((band, i) => {
    const upper = xs.map(([px, year]) => `${n(px)},${n(y.map(band.values.upper[year] ?? 0))}`);
    const lower = xs.map(([px, year]) => `${n(px)},${n(y.map(band.values.lower[year] ?? 0))}`);
    parts.push(
      `<polygon class="band" points="${[...upper, ...lower.reverse()].join(' ')}" ` +
        `fill="${tints[i] ?? BAND_HUE}"><title>${escapeHtml(percentileName(band))}</title>` +
        '</polygon>',
    );
  });
  parts.push('</g>');
  if (input.reference !== undefined) {
    parts.push(
      drawLine(
        input.reference.name,
        input.reference.values,
        xs,
        y.map,
        REFERENCE_COLOUR,
        REFERENCE_DASH,
      ),
    );
  }
  parts.push(drawLine('Median', input.median, xs, y.map, MEDIAN_COLOUR));
  parts.push(drawLegend(legendRows, plot.left, frameHeight), '</svg>');
  return parts.join('');
}

/** Every value the chart draws: the median, the bands' bounds and the reference line. */
function allValues(input: FanChartInput): number[] {
  return [
    ...input.median,
    ...input.bands.flatMap((band) => [...band.values.lower, ...band.values.upper]),
    ...(input.reference?.values ?? []),
  ];
}

function usesLogAxis(scale: 'linear' | 'log' | 'auto', values: readonly number[]): boolean {
  if (scale === 'linear' || values.length === 0) return false;
  if (scale === 'log') return true;
  return (
    values.every((value) => value > 0) && Math.max(...values) >= LOG_SPREAD * Math.min(...values)
  );
}

function checkInput(input: FanChartInput): void {
  const where = `fanChart "${input.title}"`;
  const years = input.years.length;
  checkSize(input.width, 'width');
  checkSize(input.height, 'height');
  input.years.forEach((year, i) => {
    checkFinite(year, `years[${i}]`, where);
    const previous = input.years[i - 1];
    if (previous !== undefined && year <= previous) {
      throw new InvalidArgumentError(
        `years[${i}]`,
        year,
        `years in ascending order (the year before is ${previous})`,
      );
    }
  });
  const checkValues = (values: readonly number[], field: string): void => {
    checkLength(values, years, field);
    values.forEach((value, i) => {
      checkFinite(value, `${field}[${i}]`, where);
    });
  };
  checkValues(input.median, 'median');
  if (input.reference !== undefined) checkValues(input.reference.values, 'reference.values');
  input.bands.forEach((band, b) => {
    const field = `bands[${b}]`;
    if (!(band.lower >= 0 && band.lower < band.upper && band.upper <= 100)) {
      throw new InvalidArgumentError(
        field,
        `${band.lower}–${band.upper}`,
        'percentiles with 0 ≤ lower < upper ≤ 100',
      );
    }
    checkValues(band.values.lower, `${field}.values.lower`);
    checkValues(band.values.upper, `${field}.values.upper`);
    band.values.lower.forEach((lower, i) => {
      const upper = band.values.upper[i] ?? lower;
      if (lower > upper) {
        throw new InvalidArgumentError(
          `${field}.values.lower[${i}]`,
          lower,
          `a value no greater than the upper percentile's (${upper}) in year ${input.years[i]}`,
        );
      }
    });
  });
  if (input.scale === 'log') {
    const bad = allValues(input).find((value) => !(value > 0));
    if (bad !== undefined) {
      throw new InvalidArgumentError(
        'scale',
        'log',
        `values above 0 for a log axis (one is ${bad})`,
      );
    }
  }
}

/** The x coordinate of each point and the index of its year; a single year becomes a strip. */
function pointXs(
  years: readonly number[],
  mapX: (year: number) => number,
): (readonly [number, number])[] {
  if (years.length === 1) {
    const centre = mapX(years[0] ?? 0);
    return [
      [centre - SINGLE_YEAR_HALF_WIDTH, 0],
      [centre + SINGLE_YEAR_HALF_WIDTH, 0],
    ];
  }
  return years.map((year, i) => [mapX(year), i] as const);
}

function drawLine(
  name: string,
  values: readonly number[],
  xs: readonly (readonly [number, number])[],
  mapY: (value: number) => number,
  colour: string,
  dash?: string,
): string {
  if (xs.length === 0) return '';
  const points = xs.map(([px, year]) => `${n(px)},${n(mapY(values[year] ?? 0))}`);
  const dashAttribute = dash === undefined ? '' : ` stroke-dasharray="${dash}"`;
  return (
    `<polyline points="${points.join(' ')}" fill="none" stroke="${colour}" stroke-width="2" ` +
    `stroke-linejoin="round"${dashAttribute}><title>${escapeHtml(name)}</title></polyline>`
  );
}

function percentileName(band: FanBand): string {
  return `${formatQuantity(band.lower)}–${formatQuantity(band.upper)}th percentile`;
}

// The share of full colour of band `index` of `count`, widest first: from 0.22 for the widest
// to 0.55 for the narrowest, so each inner band is visibly darker than the one around it.
function bandShade(index: number, count: number): number {
  if (count <= 1) return 0.4;
  return 0.22 + (0.33 * index) / (count - 1);
}

/** `hex` (#RRGGBB) mixed with white: `share` 1 is the colour itself, 0 is white. */
function tint(hex: string, share: number): string {
  const channel = (offset: number): string => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16);
    const mixed = Math.round(255 + (value - 255) * share);
    return mixed.toString(16).padStart(2, '0').toUpperCase();
  };
  return `#${channel(1)}${channel(3)}${channel(5)}`;
}
