import {
  checkFinite,
  checkSize,
  drawLegend,
  emptyNote,
  FONT_SIZE,
  fitText,
  formatTick,
  LEGEND_ROW,
  type LegendItem,
  layoutLegend,
  n,
  openSvg,
  type Plot,
  textWidth,
  type ValueScale,
  valueScale,
} from './chart-kit.js';
import { escapeHtml } from './escape-html.js';
import { formatQuantity, formatYear } from './format.js';
import { OKABE_ITO } from './palette.js';

/** The output of the model with one factor changed, e.g. `{ change: '−5 %', value: 812 }`. */
export interface TornadoSetting {
  /** How the factor was changed; shown in the legend, or beside the value if it varies. */
  readonly change: string;
  readonly value: number;
}

/** One factor of a one-at-a-time sensitivity analysis: the output at its low and high change. */
export interface TornadoBar {
  readonly label: string;
  readonly low: TornadoSetting;
  readonly high: TornadoSetting;
}

/** What `tornadoChart` draws. */
export interface TornadoChartInput {
  /** Shown above the plot and as the SVG's accessible `<title>`. */
  readonly title: string;
  /** The output's unit, labelling the value axis, e.g. `kt Li in 2050`. */
  readonly unit: string;
  /** The output with every factor at its base setting. */
  readonly base: number;
  readonly bars: readonly TornadoBar[];
  /** The output is a calendar year: values and ticks without a thousands separator. */
  readonly years?: boolean;
  /** Default 760. */
  readonly width?: number;
  /** Default: 34 per factor plus the margins. */
  readonly height?: number;
}

const LOW_COLOUR = OKABE_ITO.blue;
const HIGH_COLOUR = OKABE_ITO.orange;
const ROW_HEIGHT = 34;
// Space between one factor's bars and the next factor's, so that rows read as pairs.
const ROW_GAP = 10;
const TOP = 48;
const BOTTOM = 42;
const GAP = 8;

/**
 * Draws a tornado chart of a one-at-a-time sensitivity analysis as an SVG string for
 * embedding in HTML (compare the paper's figure 6). Each factor has a row; in its upper half a
 * bar runs from the base output to the output at the factor's low change, in its lower half to
 * the output at its high change, each labelled with its value. A vertical line marks the base.
 * Rows are sorted by swing, the largest on top, where a factor's swing is the extent of its row:
 * the largest of base, low and high output minus the smallest. Equal swings keep input order.
 *
 * The two halves of a row never overlap, so a factor whose low and high change move the output
 * the same way stays readable. The same input gives the same string; all text is escaped.
 *
 * Throws `NonFiniteNumberError` (`E_NON_FINITE`) for a NaN or infinite value and
 * `InvalidArgumentError` (`E_INVALID_ARGUMENT`) for a size that is not a positive number.
 *
 * Limitation: factor labels longer than about a third of the width are cut with `…` (the full
 * label stays in the row's tooltip).
 */
export function tornadoChart(input: TornadoChartInput): string {
  checkInput(input);
  const width = input.width ?? 760;
  const rows = sortBySwing(input.base, input.bars);
  const uniformLow = uniformChange(rows.map((bar) => bar.low.change));
  const uniformHigh = uniformChange(rows.map((bar) => bar.high.change));
  const format = input.years === true ? formatYear : formatQuantity;
  const valueText = (setting: TornadoSetting, uniform: boolean): string =>
    uniform ? format(setting.value) : `${setting.change}: ${format(setting.value)}`;

  const legendItems: LegendItem[] = [
    {
      name: legendName('Low', uniformLow ? rows[0]?.low.change : undefined),
      colour: LOW_COLOUR,
      kind: 'area',
    },
    {
      name: legendName('High', uniformHigh ? rows[0]?.high.change : undefined),
      colour: HIGH_COLOUR,
      kind: 'area',
    },
  ];
  const legendRows = layoutLegend(legendItems, width - 16);
  const frameHeight = input.height ?? TOP + Math.max(1, rows.length) * ROW_HEIGHT + BOTTOM;
  const height = frameHeight + legendRows.length * LEGEND_ROW;

  // Left to right: factor names, room for labels of values below the base, the plot, room for
  // labels of values above it. A side with no bar gets no label room.
  const labels = rows.flatMap((bar) => [
    { value: bar.low.value, text: valueText(bar.low, uniformLow) },
    { value: bar.high.value, text: valueText(bar.high, uniformHigh) },
  ]);
  const roomFor = (side: (value: number) => boolean): number =>
    Math.max(4, ...labels.filter((l) => side(l.value)).map((l) => textWidth(l.text) + 10));
  const nameWidth = Math.min(width / 3, Math.max(40, ...rows.map((bar) => textWidth(bar.label))));
  const nameRight = GAP + nameWidth;
  const plot = {
    left: nameRight + GAP + roomFor((v) => v < input.base),
    right: width - GAP - roomFor((v) => v >= input.base),
    top: TOP,
    bottom: frameHeight - BOTTOM,
  };
  const values = [input.base, ...rows.flatMap((bar) => [bar.low.value, bar.high.value])];
  const x = valueScale(values, plot.left, plot.right, 6);
  const rowHeight = (plot.bottom - plot.top) / Math.max(1, rows.length);
  const baseX = x.map(input.base);

  const parts: string[] = [
    openSvg(input.title, width, height, GAP),
    drawXAxis(x, plot, input.unit, input.years === true),
  ];
  if (rows.length === 0) {
    parts.push(emptyNote('No factors', (plot.left + plot.right) / 2, (plot.top + plot.bottom) / 2));
  }
  rows.forEach((bar, i) => {
    const top = plot.top + i * rowHeight;
    const half = Math.max(1, (rowHeight - ROW_GAP - 2) / 2);
    parts.push(
      `<g class="factor"><title>${escapeHtml(bar.label)}</title>`,
      `<text x="${n(nameRight)}" y="${n(top + rowHeight / 2)}" text-anchor="end" ` +
        `dominant-baseline="middle" fill="#1a1a1a">${escapeHtml(fitText(bar.label, nameWidth))}</text>`,
      drawBar(
        bar.low,
        valueText(bar.low, uniformLow),
        LOW_COLOUR,
        top + ROW_GAP / 2,
        half,
        x.map,
        baseX,
        format,
      ),
      drawBar(
        bar.high,
        valueText(bar.high, uniformHigh),
        HIGH_COLOUR,
        top + ROW_GAP / 2 + 2 + half,
        half,
        x.map,
        baseX,
        format,
      ),
      '</g>',
    );
  });
  parts.push(
    `<line class="base" x1="${n(baseX)}" x2="${n(baseX)}" y1="${n(plot.top - 6)}" ` +
      `y2="${n(plot.bottom)}" stroke="#1a1a1a" stroke-width="1.5"/>`,
    `<text x="${n(baseX)}" y="${n(plot.top - 10)}" text-anchor="middle" fill="#1a1a1a">` +
      `Base ${escapeHtml(format(input.base))}</text>`,
    drawLegend(legendRows, GAP, frameHeight),
    '</svg>',
  );
  return parts.join('');
}

function checkInput(input: TornadoChartInput): void {
  const where = `tornadoChart "${input.title}"`;
  checkSize(input.width, 'width');
  checkSize(input.height, 'height');
  checkFinite(input.base, 'base', where);
  input.bars.forEach((bar, i) => {
    checkFinite(bar.low.value, `bars[${i}].low.value`, where);
    checkFinite(bar.high.value, `bars[${i}].high.value`, where);
  });
}

function swing(base: number, bar: TornadoBar): number {
  const values = [base, bar.low.value, bar.high.value];
  return Math.max(...values) - Math.min(...values);
}

function sortBySwing(base: number, bars: readonly TornadoBar[]): TornadoBar[] {
  // Array.prototype.sort is stable, so equal swings keep the caller's order.
  return [...bars].sort((a, b) => swing(base, b) - swing(base, a));
}

function uniformChange(changes: readonly string[]): boolean {
  return changes.every((change) => change === changes[0]);
}

function legendName(side: 'Low' | 'High', change: string | undefined): string {
  return change === undefined ? `${side} setting` : `${side} setting (${change})`;
}

function drawBar(
  setting: TornadoSetting,
  label: string,
  colour: string,
  top: number,
  height: number,
  mapX: (value: number) => number,
  baseX: number,
  format: (value: number) => string,
): string {
  const end = mapX(setting.value);
  const left = Math.min(baseX, end);
  const below = end < baseX;
  const textX = below ? end - 4 : end + 4;
  const fontSize = Math.min(FONT_SIZE, Math.max(8, height + 1));
  return (
    `<rect x="${n(left)}" y="${n(top)}" width="${n(Math.abs(end - baseX))}" ` +
    `height="${n(height)}" fill="${colour}"><title>${escapeHtml(setting.change)}: ` +
    `${escapeHtml(format(setting.value))}</title></rect>` +
    `<text x="${n(textX)}" y="${n(top + height / 2)}" text-anchor="${below ? 'end' : 'start'}" ` +
    `dominant-baseline="middle" font-size="${n(fontSize)}" fill="#333">` +
    `${escapeHtml(label)}</text>`
  );
}

function drawXAxis(x: ValueScale, plot: Plot, unit: string, years: boolean): string {
  const tickText = (tick: number): string =>
    years ? formatTick(tick, x.step).replace(/,/g, '') : formatTick(tick, x.step);
  const parts: string[] = [
    '<g class="x-axis">',
    `<line x1="${n(plot.left)}" x2="${n(plot.right)}" y1="${n(plot.bottom)}" ` +
      `y2="${n(plot.bottom)}" stroke="#333"/>`,
  ];
  for (const tick of x.ticks) {
    const px = n(x.map(tick));
    parts.push(
      `<line x1="${px}" x2="${px}" y1="${n(plot.top)}" y2="${n(plot.bottom)}" stroke="#e3e3e3"/>`,
      `<line x1="${px}" x2="${px}" y1="${n(plot.bottom)}" y2="${n(plot.bottom + 4)}" ` +
        `stroke="#333"/>`,
      `<text x="${px}" y="${n(plot.bottom + 16)}" text-anchor="middle" fill="#333">` +
        `${escapeHtml(tickText(tick))}</text>`,
    );
  }
  parts.push(
    `<text x="${n((plot.left + plot.right) / 2)}" y="${n(plot.bottom + 34)}" ` +
      `text-anchor="middle" fill="#333">${escapeHtml(unit)}</text>`,
    '</g>',
  );
  return parts.join('');
}
