import {
  drawLegend,
  LEGEND_ROW,
  type LegendItem,
  layoutLegend,
  n,
  plotLeftFor,
} from './chart-kit.js';
import { escapeHtml } from './escape-html.js';
import { decimalsForStep, formatFixed } from './format.js';
import { niceTicks } from './nice-ticks.js';

/** One line of a chart: a value per year of the chart's `years`. */
export interface ChartLine {
  readonly name: string;
  readonly values: readonly number[];
  readonly colour: string;
  /** An SVG `stroke-dasharray`, e.g. `'6 3'`; solid when absent. */
  readonly dash?: string;
}

/**
 * Shading between two curves `a` and `b`: where `a` > `b` the area between them is filled with
 * `aboveColour`, where `a` < `b` with `belowColour`. Crossings are found by linear interpolation
 * between years, so the two fills meet exactly where the drawn lines cross.
 */
export interface GapShading {
  readonly a: readonly number[];
  readonly b: readonly number[];
  readonly aboveColour: string;
  readonly belowColour: string;
  readonly aboveLabel: string;
  readonly belowLabel: string;
}

/** What `lineChart` draws. All arrays of values are as long as `years`. */
export interface LineChartOptions {
  /** Shown above the plot and as the SVG's accessible `<title>`. */
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** Ascending. */
  readonly years: readonly number[];
  readonly series: readonly ChartLine[];
  /** Size in SVG user units; the SVG scales to the width of its container. */
  readonly width: number;
  readonly height: number;
  readonly gap?: GapShading;
  /**
   * A fixed y range, for panels that must share a scale; it is widened to round ticks. When
   * absent the range is taken from the data (and `gap`).
   */
  readonly yDomain?: readonly [number, number];
  /** Whether the y range reaches down (or up) to zero; default true. */
  readonly includeZero?: boolean;
  /** Most intervals on the y axis; default 5. */
  readonly yTickCount?: number;
  /** Labels a y tick; `step` is the distance between ticks. Default: plain number. */
  readonly formatY?: (value: number, step: number) => string;
  /** A legend below the plot; default true when there is more than one line or a gap. */
  readonly legend?: boolean;
}

const FONT_SIZE = 12;
const TITLE_SIZE = 13;
const MARGIN = { top: 30, right: 16, bottom: 42, left: 64 } as const;

/**
 * Draws a line chart of yearly values as an SVG string for embedding in an HTML page: axes with
 * round ticks, axis labels, an optional legend and optional shading between two curves. The SVG
 * has no `xmlns`, which HTML does not need; a standalone `.svg` file would. It uses no element
 * ids, so any number of charts can share a page, and the same options give the same string.
 *
 * Limitation: values must be finite; the caller checks them (a NaN would reach the SVG as a
 * coordinate). Coordinates are rounded to 0.01 user units.
 */
export function lineChart(options: LineChartOptions): string {
  const legendItems = legendEntries(options);
  const showLegend = options.legend ?? legendItems.length > 1;
  const top = MARGIN.top;
  const bottom = options.height - MARGIN.bottom;
  const y = yScale(options, top, bottom);
  const left = plotLeftFor(
    y.ticks.map((tick) => yTickText(options, tick, y.step)),
    MARGIN.left,
  );
  const plot = { left, top, right: options.width - MARGIN.right, bottom };
  const legendRows = showLegend ? layoutLegend(legendItems, options.width - plot.left) : [];
  const height = options.height + legendRows.length * LEGEND_ROW;
  const x = xScale(options.years, plot.left, plot.right);

  const parts: string[] = [
    `<svg class="chart" viewBox="0 0 ${options.width} ${height}" width="${options.width}" ` +
      `height="${height}" role="img" font-size="${FONT_SIZE}">`,
    `<title>${escapeHtml(options.title)}</title>`,
    `<text x="${plot.left}" y="${TITLE_SIZE + 4}" font-size="${TITLE_SIZE}" ` +
      `font-weight="600">${escapeHtml(options.title)}</text>`,
    drawYAxis(y, plot, options),
    drawXAxis(x, plot, options.xLabel),
  ];
  if (options.years.length === 0) {
    parts.push(
      `<text x="${n((plot.left + plot.right) / 2)}" y="${n((plot.top + plot.bottom) / 2)}" ` +
        `text-anchor="middle" fill="#555">No data</text>`,
    );
  }
  if (options.gap !== undefined) parts.push(drawGap(options.gap, options.years, x.map, y.map));
  for (const line of options.series) parts.push(drawLine(line, options.years, x.map, y.map));
  parts.push(drawLegend(legendRows, plot.left, options.height));
  parts.push('</svg>');
  return parts.join('');
}

interface Scale {
  readonly map: (value: number) => number;
  readonly ticks: readonly number[];
  readonly step: number;
}

interface Plot {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

function xScale(years: readonly number[], left: number, right: number): Scale {
  const first = years[0] ?? 0;
  const last = years[years.length - 1] ?? first;
  // A single year gets a one-year margin each side, so its point sits in the middle.
  const [lo, hi] = first === last ? [first - 1, last + 1] : [first, last];
  const candidates = niceTicks(lo, hi, Math.max(2, Math.min(8, Math.round(hi - lo))));
  const step = Math.max(1, (candidates[1] ?? lo + 1) - (candidates[0] ?? lo));
  const ticks = candidates.filter((t) => t >= lo && t <= hi && Number.isInteger(t));
  return { map: (v) => left + ((v - lo) / (hi - lo)) * (right - left), ticks, step };
}

function yScale(options: LineChartOptions, top: number, bottom: number): Scale {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  const take = (values: readonly number[]): void => {
    for (const v of values) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  };
  if (options.yDomain !== undefined) take(options.yDomain);
  else {
    for (const line of options.series) take(line.values);
    if (options.gap !== undefined) take([...options.gap.a, ...options.gap.b]);
  }
  if (options.includeZero ?? true) take([0]);
  if (lo > hi) [lo, hi] = [0, 1];
  // All zeros would give an axis from 0 to 0; show 0 at the foot of a unit axis instead.
  if (lo === 0 && hi === 0) hi = 1;

  const ticks = niceTicks(lo, hi, options.yTickCount ?? 5);
  const first = ticks[0] ?? lo;
  const last = ticks[ticks.length - 1] ?? hi;
  const step = (ticks[1] ?? last) - first;
  return { map: (v) => bottom - ((v - first) / (last - first)) * (bottom - top), ticks, step };
}

/** A y-axis tick's label: the chart's own format, or the tick to the step's decimals. */
function yTickText(options: LineChartOptions, tick: number, step: number): string {
  return options.formatY?.(tick, step) ?? formatFixed(tick, decimalsForStep(step));
}

function drawYAxis(y: Scale, plot: Plot, options: LineChartOptions): string {
  const format = (tick: number, step: number) => yTickText(options, tick, step);
  const parts: string[] = ['<g class="y-axis">'];
  for (const tick of y.ticks) {
    const py = n(y.map(tick));
    const stroke = tick === 0 ? '#888' : '#e3e3e3';
    parts.push(
      `<line x1="${plot.left}" x2="${n(plot.right)}" y1="${py}" y2="${py}" stroke="${stroke}"/>`,
      `<text x="${plot.left - 6}" y="${py}" text-anchor="end" dominant-baseline="middle" ` +
        `fill="#333">${escapeHtml(format(tick, y.step))}</text>`,
    );
  }
  const middle = n((plot.top + plot.bottom) / 2);
  parts.push(
    `<text x="14" y="${middle}" transform="rotate(-90 14 ${middle})" text-anchor="middle" ` +
      `fill="#333">${escapeHtml(options.yLabel)}</text>`,
    '</g>',
  );
  return parts.join('');
}

function drawXAxis(x: Scale, plot: Plot, label: string): string {
  const parts: string[] = [
    '<g class="x-axis">',
    `<line x1="${plot.left}" x2="${n(plot.right)}" y1="${n(plot.bottom)}" ` +
      `y2="${n(plot.bottom)}" stroke="#333"/>`,
  ];
  for (const tick of x.ticks) {
    const px = n(x.map(tick));
    parts.push(
      `<line x1="${px}" x2="${px}" y1="${n(plot.bottom)}" y2="${n(plot.bottom + 4)}" stroke="#333"/>`,
      `<text x="${px}" y="${n(plot.bottom + 16)}" text-anchor="middle" fill="#333">${tick}</text>`,
    );
  }
  parts.push(
    `<text x="${n((plot.left + plot.right) / 2)}" y="${n(plot.bottom + 34)}" ` +
      `text-anchor="middle" fill="#333">${escapeHtml(label)}</text>`,
    '</g>',
  );
  return parts.join('');
}

function drawLine(
  line: ChartLine,
  years: readonly number[],
  mapX: (v: number) => number,
  mapY: (v: number) => number,
): string {
  const points = years.map((year, i) => `${n(mapX(year))},${n(mapY(line.values[i] ?? 0))}`);
  const dash = line.dash === undefined ? '' : ` stroke-dasharray="${escapeHtml(line.dash)}"`;
  const colour = escapeHtml(line.colour);
  const parts = [
    `<polyline points="${points.join(' ')}" fill="none" stroke="${colour}" stroke-width="2" ` +
      `stroke-linejoin="round"${dash}><title>${escapeHtml(line.name)}</title></polyline>`,
  ];
  // A polyline through one or two points is hard to see, so short series get markers.
  if (years.length <= 2) {
    for (const point of points) {
      const [cx, cy] = point.split(',');
      parts.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${colour}"/>`);
    }
  }
  return parts.join('');
}

interface GapPiece {
  readonly sign: 1 | -1;
  readonly from: readonly [number, number, number];
  readonly to: readonly [number, number, number];
}

/**
 * Splits the band between `a` and `b` into runs of one sign: each yearly segment whose
 * difference changes sign is cut at the interpolated crossing, and neighbouring pieces of the
 * same sign are joined into one polygon, so a fill has no seams between years.
 */
function gapRuns(years: readonly number[], a: readonly number[], b: readonly number[]) {
  const pieces: GapPiece[] = [];
  for (let i = 0; i + 1 < years.length; i += 1) {
    const x0 = years[i] ?? 0;
    const x1 = years[i + 1] ?? 0;
    const a0 = a[i] ?? 0;
    const a1 = a[i + 1] ?? 0;
    const b0 = b[i] ?? 0;
    const b1 = b[i + 1] ?? 0;
    const d0 = a0 - b0;
    const d1 = a1 - b1;
    if (d0 * d1 < 0) {
      const t = d0 / (d0 - d1);
      const xc = x0 + t * (x1 - x0);
      const yc = a0 + t * (a1 - a0);
      pieces.push({ sign: d0 > 0 ? 1 : -1, from: [x0, a0, b0], to: [xc, yc, yc] });
      pieces.push({ sign: d1 > 0 ? 1 : -1, from: [xc, yc, yc], to: [x1, a1, b1] });
      continue;
    }
    const sign = Math.sign(d0) || Math.sign(d1);
    if (sign !== 0) pieces.push({ sign: sign > 0 ? 1 : -1, from: [x0, a0, b0], to: [x1, a1, b1] });
  }

  const runs: { sign: 1 | -1; points: (readonly [number, number, number])[] }[] = [];
  for (const piece of pieces) {
    const current = runs[runs.length - 1];
    const joins = current !== undefined && current.sign === piece.sign;
    if (joins && current.points[current.points.length - 1]?.[0] === piece.from[0]) {
      current.points.push(piece.to);
    } else runs.push({ sign: piece.sign, points: [piece.from, piece.to] });
  }
  return runs;
}

function drawGap(
  gap: GapShading,
  years: readonly number[],
  mapX: (v: number) => number,
  mapY: (v: number) => number,
): string {
  const parts: string[] = ['<g class="gap" fill-opacity="0.22">'];
  for (const run of gapRuns(years, gap.a, gap.b)) {
    const upper = run.points.map(([px, pa]) => `${n(mapX(px))},${n(mapY(pa))}`);
    const lower = run.points.map(([px, , pb]) => `${n(mapX(px))},${n(mapY(pb))}`).reverse();
    const colour = escapeHtml(run.sign > 0 ? gap.aboveColour : gap.belowColour);
    parts.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${colour}"/>`);
  }
  parts.push('</g>');
  return parts.join('');
}

function legendEntries(options: LineChartOptions): LegendItem[] {
  const entries: LegendItem[] = options.series.map((line) => ({
    name: line.name,
    colour: line.colour,
    kind: 'line',
    ...(line.dash === undefined ? {} : { dash: line.dash }),
  }));
  if (options.gap !== undefined) {
    entries.push(
      {
        name: options.gap.aboveLabel,
        colour: options.gap.aboveColour,
        kind: 'area',
        opacity: 0.22,
      },
      {
        name: options.gap.belowLabel,
        colour: options.gap.belowColour,
        kind: 'area',
        opacity: 0.22,
      },
    );
  }
  return entries;
}
