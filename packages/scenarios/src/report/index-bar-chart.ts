import { InvalidArgumentError } from '@orebus/core';
import {
  checkFinite,
  checkSize,
  drawLegend,
  drawYAxis,
  emptyNote,
  fitText,
  formatTick,
  LEGEND_ROW,
  type LegendItem,
  layoutLegend,
  n,
  openSvg,
  textWidth,
  type ValueScale,
  valueScale,
} from './chart-kit.js';
import { escapeHtml } from './escape-html.js';
import { formatQuantity } from './format.js';
import { lineStyleAt } from './palette.js';

/** One estimated index, e.g. a factor's Sobol' total-order index with its bootstrap interval. */
export interface IndexBarValue {
  /** The index's name, e.g. `S1` or `ST`; bars of the same name share a colour. */
  readonly name: string;
  readonly estimate: number;
  /** A confidence interval [lower, upper], drawn as a whisker; none when absent or null. */
  readonly interval?: readonly [number, number] | null;
}

/** The bars of one group, usually one factor. */
export interface IndexBarGroup {
  readonly label: string;
  readonly values: readonly IndexBarValue[];
}

/** What `indexBarChart` draws. */
export interface IndexBarChartInput {
  /** Shown above the plot and as the SVG's accessible `<title>`. */
  readonly title: string;
  readonly yLabel: string;
  readonly groups: readonly IndexBarGroup[];
  /** Default 760. */
  readonly width?: number;
  /** Default 300, plus a row per row of legend. */
  readonly height?: number;
}

const MARGIN = { top: 30, right: 16, bottom: 40, left: 64 } as const;
const MAX_BAR_WIDTH = 48;

/**
 * Draws grouped bars of estimated indices with confidence-interval whiskers as an SVG string
 * for embedding in HTML: one group per factor, one bar per index name (Sobol' first-order and
 * total indices, or Morris μ* and σ). Bars start at zero, so negative estimates (a Sobol'
 * estimate can fall below zero) hang below the zero line. Groups keep the input order; the
 * names take their colours in order of first appearance, and a group without some name leaves
 * its slot empty. The same input gives the same string; all text is escaped.
 *
 * Throws `NonFiniteNumberError` (`E_NON_FINITE`) for a NaN or infinite estimate or interval
 * end, and `InvalidArgumentError` (`E_INVALID_ARGUMENT`) for an interval whose lower end
 * exceeds its upper end or a size that is not a positive number. An estimate outside its
 * interval is drawn as given (bootstrap percentile intervals can do that).
 *
 * Limitation: group labels wrap onto two lines at spaces and are then cut with `…` to the
 * width of their group (estimated, not measured); the full label stays in each bar's tooltip.
 */
export function indexBarChart(input: IndexBarChartInput): string {
  checkInput(input);
  const width = input.width ?? 760;
  const names = [...new Set(input.groups.flatMap((g) => g.values.map((v) => v.name)))];
  const hasInterval = input.groups.some((g) => g.values.some((v) => isInterval(v.interval)));
  const legendItems: LegendItem[] = names.map((name, i) => ({
    name,
    colour: lineStyleAt(i).colour,
    kind: 'area',
  }));
  if (hasInterval) {
    legendItems.push({ name: 'Confidence interval', colour: '#1a1a1a', kind: 'whisker' });
  }
  const legendRows = layoutLegend(legendItems, width - MARGIN.left);
  const frameHeight = input.height ?? 300;
  const height = frameHeight + legendRows.length * LEGEND_ROW;
  const plot = {
    left: MARGIN.left,
    top: MARGIN.top,
    right: width - MARGIN.right,
    bottom: frameHeight - MARGIN.bottom,
  };

  const values = input.groups.flatMap((g) =>
    g.values.flatMap((v) => (isInterval(v.interval) ? [v.estimate, ...v.interval] : [v.estimate])),
  );
  const y = valueScale([0, ...values], plot.bottom, plot.top, 6);
  const groupWidth = (plot.right - plot.left) / Math.max(1, input.groups.length);
  const barWidth = Math.min(MAX_BAR_WIDTH, (groupWidth * 0.8) / Math.max(1, names.length));

  const parts: string[] = [
    openSvg(input.title, width, height, plot.left),
    drawYAxis(y, plot, input.yLabel, formatTick),
  ];
  if (input.groups.length === 0) {
    parts.push(emptyNote('No data', (plot.left + plot.right) / 2, (plot.top + plot.bottom) / 2));
  }
  input.groups.forEach((group, g) => {
    const centre = plot.left + (g + 0.5) * groupWidth;
    const firstBar = centre - (names.length * barWidth) / 2;
    parts.push(`<g class="group">`);
    for (const value of group.values) {
      const slot = names.indexOf(value.name);
      parts.push(drawBar(group.label, value, firstBar + slot * barWidth, barWidth, slot, y));
    }
    wrapLabel(group.label, groupWidth - 4).forEach((line, i) => {
      parts.push(
        `<text x="${n(centre)}" y="${n(plot.bottom + 16 + i * 14)}" text-anchor="middle" ` +
          `fill="#1a1a1a">${escapeHtml(line)}</text>`,
      );
    });
    parts.push('</g>');
  });
  parts.push(
    `<line x1="${plot.left}" x2="${n(plot.right)}" y1="${n(y.map(0))}" y2="${n(y.map(0))}" ` +
      `stroke="#333"/>`,
    drawLegend(legendRows, plot.left, frameHeight),
    '</svg>',
  );
  return parts.join('');
}

/** A group label in at most two lines of `width`, broken between words; the rest is cut. */
function wrapLabel(label: string, width: number): string[] {
  if (textWidth(label) <= width) return [label];
  const words = label.split(' ');
  let first = words[0] ?? '';
  let used = 1;
  while (used < words.length && textWidth(`${first} ${words[used]}`) <= width) {
    first = `${first} ${words[used]}`;
    used += 1;
  }
  const rest = words.slice(used).join(' ');
  return rest === '' ? [fitText(first, width)] : [fitText(first, width), fitText(rest, width)];
}

function isInterval(
  interval: readonly [number, number] | null | undefined,
): interval is readonly [number, number] {
  return interval !== undefined && interval !== null;
}

function checkInput(input: IndexBarChartInput): void {
  const where = `indexBarChart "${input.title}"`;
  checkSize(input.width, 'width');
  checkSize(input.height, 'height');
  input.groups.forEach((group, g) => {
    group.values.forEach((value, v) => {
      const field = `groups[${g}].values[${v}]`;
      checkFinite(value.estimate, `${field}.estimate`, where);
      if (!isInterval(value.interval)) return;
      const [lower, upper] = value.interval;
      checkFinite(lower, `${field}.interval[0]`, where);
      checkFinite(upper, `${field}.interval[1]`, where);
      if (lower > upper) {
        throw new InvalidArgumentError(
          `${field}.interval`,
          value.interval,
          'an interval [lower, upper] with lower no greater than upper',
        );
      }
    });
  });
}

function drawBar(
  groupLabel: string,
  value: IndexBarValue,
  left: number,
  width: number,
  slot: number,
  y: ValueScale,
): string {
  const zero = y.map(0);
  const end = y.map(value.estimate);
  const colour = lineStyleAt(slot).colour;
  // A sliver of white between neighbouring bars keeps them apart in greyscale print.
  const inset = Math.min(1, width / 8);
  const interval = isInterval(value.interval)
    ? ` [${formatQuantity(value.interval[0])}, ${formatQuantity(value.interval[1])}]`
    : '';
  const tooltip = `${groupLabel}, ${value.name}: ${formatQuantity(value.estimate)}${interval}`;
  const parts = [
    `<rect x="${n(left + inset)}" y="${n(Math.min(zero, end))}" ` +
      `width="${n(width - 2 * inset)}" height="${n(Math.abs(zero - end))}" fill="${colour}">` +
      `<title>${escapeHtml(tooltip)}</title></rect>`,
  ];
  if (isInterval(value.interval)) {
    const cx = left + width / 2;
    const cap = Math.min(10, width / 2) / 2;
    const lower = y.map(value.interval[0]);
    const upper = y.map(value.interval[1]);
    parts.push(
      `<path class="whisker" d="M${n(cx - cap)},${n(upper)}H${n(cx + cap)}M${n(cx)},${n(upper)}` +
        `V${n(lower)}M${n(cx - cap)},${n(lower)}H${n(cx + cap)}" stroke="#1a1a1a" ` +
        `stroke-width="1.5" fill="none"/>`,
    );
  }
  return parts.join('');
}
