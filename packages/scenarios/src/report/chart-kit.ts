// Parts shared by the experiment charts (tornado, index bars, fan): a linear value scale on
// round ticks, the SVG frame, label fitting, a legend laid out in rows and input checks.
// Internal to this folder; `lineChart` shares the legend and the coordinate format.

import { InvalidArgumentError, NonFiniteNumberError } from '@orebus/core';
import { escapeHtml } from './escape-html.js';
import { decimalsForStep, formatFixed } from './format.js';
import { niceTicks } from './nice-ticks.js';

export const FONT_SIZE = 12;
export const TITLE_SIZE = 13;
// SVG text cannot be measured without a browser; this estimate errs wide, so that laid-out
// text leaves slack rather than overlaps.
const CHAR_WIDTH = 0.62 * FONT_SIZE;
export const LEGEND_ROW = 18;
const LEGEND_SWATCH = 24;

/** An SVG coordinate: rounded to 0.01, never `-0`. */
export function n(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return String(rounded === 0 ? 0 : rounded);
}

/** The estimated width of `text` at the chart font size, in SVG user units. */
export function textWidth(text: string): number {
  return [...text].length * CHAR_WIDTH;
}

/**
 * The left edge of a plot whose y-axis tick labels end 6 units left of it and must clear the
 * axis label, drawn turned at x = 14 (about 8 units either side): at least `minimum`, more when a
 * label is wide (a price axis up to 800,000,000).
 */
export function plotLeftFor(tickLabels: readonly string[], minimum: number): number {
  return Math.max(minimum, 30 + Math.max(0, ...tickLabels.map(textWidth)));
}

/** `text` cut to fit `width` with a trailing `…`; unchanged when it fits. */
export function fitText(text: string, width: number): string {
  const characters = [...text];
  const room = Math.max(1, Math.floor(width / CHAR_WIDTH));
  if (characters.length <= room) return text;
  return `${characters.slice(0, Math.max(1, room - 1)).join('')}…`;
}

/** A value axis: maps data to a pixel range over round ticks that cover the data. */
export interface ValueScale {
  readonly map: (value: number) => number;
  readonly ticks: readonly number[];
  readonly step: number;
}

/**
 * A scale over the range of `values` (never empty for the caller: pass a fallback such as 0)
 * mapped onto [from, to]; `from` is where the first tick lands, so a y axis passes the bottom.
 */
export function valueScale(
  values: readonly number[],
  from: number,
  to: number,
  tickCount: number,
): ValueScale {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (!(lo <= hi)) [lo, hi] = [0, 1];
  const ticks = niceTicks(lo, hi, tickCount);
  const first = ticks[0] ?? lo;
  const last = ticks[ticks.length - 1] ?? hi;
  const step = (ticks[1] ?? last) - first;
  // niceTicks never returns one tick, so last > first; the guard keeps a NaN out regardless.
  const span = last > first ? last - first : 1;
  return { map: (v) => from + ((v - first) / span) * (to - from), ticks, step };
}

/**
 * A logarithmic scale over `values` (all above 0) mapped onto [from, to], with a tick at every
 * power of ten from the one at or below the smallest value to the one at or above the largest;
 * when that gives fewer than three ticks, also at 2 and 5 times each power. `step` is the
 * smallest tick, so that `formatTick` gives every tick the decimals it needs.
 */
export function logScale(values: readonly number[], from: number, to: number): ValueScale {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (!(lo > 0 && lo <= hi)) [lo, hi] = [1, 10];
  const first = Math.floor(Math.log10(lo));
  const last = Math.max(first + 1, Math.ceil(Math.log10(hi)));
  let ticks: number[] = [];
  for (let power = first; power <= last; power++) ticks.push(10 ** power);
  if (ticks.length < 3) {
    ticks = ticks.flatMap((tick, i) =>
      i === ticks.length - 1 ? [tick] : [tick, 2 * tick, 5 * tick],
    );
  }
  const bottom = Math.log10(ticks[0]!);
  const span = Math.log10(ticks[ticks.length - 1]!) - bottom;
  return {
    map: (v) => from + ((Math.log10(v) - bottom) / span) * (to - from),
    ticks,
    step: ticks[0]!,
  };
}

/** The plot area of a chart, in SVG user units. */
export interface Plot {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/**
 * A scale for years on the x axis, with whole-year ticks. A single year gets a year's margin
 * each side, so that it sits in the middle; no years give the axis 0 to 1.
 */
export function yearScale(years: readonly number[], left: number, right: number): ValueScale {
  const first = years[0] ?? 0;
  const last = years[years.length - 1] ?? first + 1;
  const [lo, hi] = first === last ? [first - 1, last + 1] : [first, last];
  const candidates = niceTicks(lo, hi, Math.max(2, Math.min(8, Math.round(hi - lo))));
  const step = Math.max(1, (candidates[1] ?? lo + 1) - (candidates[0] ?? lo));
  const ticks = candidates.filter((t) => t >= lo && t <= hi && Number.isInteger(t));
  return { map: (v) => left + ((v - lo) / (hi - lo)) * (right - left), ticks, step };
}

/** Draws a y axis: gridlines at the ticks (darker at zero), tick labels and a rotated label. */
export function drawYAxis(
  y: ValueScale,
  plot: Plot,
  label: string,
  format: (value: number, step: number) => string,
): string {
  const parts: string[] = ['<g class="y-axis">'];
  for (const tick of y.ticks) {
    const py = n(y.map(tick));
    const stroke = tick === 0 ? '#888' : '#e3e3e3';
    parts.push(
      `<line x1="${n(plot.left)}" x2="${n(plot.right)}" y1="${py}" y2="${py}" ` +
        `stroke="${stroke}"/>`,
      `<text x="${n(plot.left - 6)}" y="${py}" text-anchor="end" dominant-baseline="middle" ` +
        `fill="#333">${escapeHtml(format(tick, y.step))}</text>`,
    );
  }
  const middle = n((plot.top + plot.bottom) / 2);
  parts.push(
    `<text x="14" y="${middle}" transform="rotate(-90 14 ${middle})" text-anchor="middle" ` +
      `fill="#333">${escapeHtml(label)}</text>`,
    '</g>',
  );
  return parts.join('');
}

/** Draws an x axis of years along the bottom of the plot, with ticks and a label. */
export function drawYearAxis(x: ValueScale, plot: Plot, label: string): string {
  const parts: string[] = [
    '<g class="x-axis">',
    `<line x1="${n(plot.left)}" x2="${n(plot.right)}" y1="${n(plot.bottom)}" ` +
      `y2="${n(plot.bottom)}" stroke="#333"/>`,
  ];
  for (const tick of x.ticks) {
    const px = n(x.map(tick));
    parts.push(
      `<line x1="${px}" x2="${px}" y1="${n(plot.bottom)}" y2="${n(plot.bottom + 4)}" ` +
        `stroke="#333"/>`,
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

/** Labels a tick with the decimals its step needs. */
export function formatTick(value: number, step: number): string {
  return formatFixed(value, decimalsForStep(step));
}

/** The opening of a chart's SVG with its accessible title and visible title. */
export function openSvg(title: string, width: number, height: number, titleX: number): string {
  return (
    `<svg class="chart" viewBox="0 0 ${n(width)} ${n(height)}" width="${n(width)}" ` +
    `height="${n(height)}" role="img" font-size="${FONT_SIZE}">` +
    `<title>${escapeHtml(title)}</title>` +
    `<text x="${n(titleX)}" y="${TITLE_SIZE + 4}" font-size="${TITLE_SIZE}" ` +
    `font-weight="600">${escapeHtml(title)}</text>`
  );
}

/** A centred grey note in an empty plot, e.g. `No data`. */
export function emptyNote(text: string, x: number, y: number): string {
  return (
    `<text x="${n(x)}" y="${n(y)}" text-anchor="middle" dominant-baseline="middle" ` +
    `fill="#555">${escapeHtml(text)}</text>`
  );
}

/** One entry of a legend inside a chart. */
export interface LegendItem {
  readonly name: string;
  readonly colour: string;
  readonly kind: 'line' | 'area' | 'whisker';
  readonly dash?: string;
  /** For areas: an opacity below 1; absent means opaque. */
  readonly opacity?: number;
}

function legendItemWidth(item: LegendItem): number {
  return LEGEND_SWATCH + 6 + textWidth(item.name) + 18;
}

/** Splits a legend into rows no wider than `width`; each row has at least one item. */
export function layoutLegend(items: readonly LegendItem[], width: number): LegendItem[][] {
  const rows: LegendItem[][] = [];
  let row: LegendItem[] = [];
  let used = 0;
  for (const item of items) {
    const itemWidth = legendItemWidth(item);
    if (row.length > 0 && used + itemWidth > width) {
      rows.push(row);
      row = [];
      used = 0;
    }
    row.push(item);
    used += itemWidth;
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

/** Draws legend rows laid out by `layoutLegend`, the first row's top at `top`. */
export function drawLegend(rows: readonly LegendItem[][], left: number, top: number): string {
  if (rows.length === 0) return '';
  const parts: string[] = ['<g class="legend">'];
  rows.forEach((row, r) => {
    const cy = top + r * LEGEND_ROW + LEGEND_ROW / 2;
    let cx = left;
    for (const item of row) {
      parts.push(
        legendSwatch(item, cx, cy),
        `<text x="${n(cx + LEGEND_SWATCH + 6)}" y="${n(cy)}" dominant-baseline="middle" ` +
          `fill="#333">${escapeHtml(item.name)}</text>`,
      );
      cx += legendItemWidth(item);
    }
  });
  parts.push('</g>');
  return parts.join('');
}

function legendSwatch(item: LegendItem, x: number, y: number): string {
  const colour = escapeHtml(item.colour);
  if (item.kind === 'area') {
    const opacity = item.opacity === undefined ? '' : ` fill-opacity="${item.opacity}"`;
    return (
      `<rect x="${n(x)}" y="${n(y - 6)}" width="${LEGEND_SWATCH}" height="12" ` +
      `fill="${colour}"${opacity}/>`
    );
  }
  if (item.kind === 'whisker') {
    const mid = n(x + LEGEND_SWATCH / 2);
    return (
      `<path d="M${n(x + 8)},${n(y - 6)}H${n(x + 16)}M${mid},${n(y - 6)}V${n(y + 6)}` +
      `M${n(x + 8)},${n(y + 6)}H${n(x + 16)}" stroke="${colour}" stroke-width="1.5" fill="none"/>`
    );
  }
  const dash = item.dash === undefined ? '' : ` stroke-dasharray="${escapeHtml(item.dash)}"`;
  return (
    `<line x1="${n(x)}" x2="${n(x + LEGEND_SWATCH)}" y1="${n(y)}" y2="${n(y)}" ` +
    `stroke="${colour}" stroke-width="2"${dash}/>`
  );
}

/** Throws `NonFiniteNumberError` unless `value` is finite. */
export function checkFinite(value: number, field: string, where: string): void {
  if (!Number.isFinite(value)) throw new NonFiniteNumberError(field, value, where);
}

/** Throws `InvalidArgumentError` unless a given chart size is a positive finite number. */
export function checkSize(value: number | undefined, field: string): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(field, value, 'a positive number of SVG user units');
  }
}

/** Throws `InvalidArgumentError` unless `values` has one entry per year. */
export function checkLength(values: readonly number[], expected: number, field: string): void {
  if (values.length !== expected) {
    throw new InvalidArgumentError(
      field,
      `${values.length} values`,
      `one value per year: ${expected} values, as in years`,
    );
  }
}
