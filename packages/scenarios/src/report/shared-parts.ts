// Pieces that the run report and the joint report both draw: legends, the grid of panels, the
// kilotonne ticks, and the supply-against-demand panel with its gap shading.
import { escapeHtml } from './escape-html.js';
import { decimalsForStep, formatFixed } from './format.js';
import { lineChart } from './line-chart.js';
import { type LineStyle, OKABE_ITO } from './palette.js';

/** One entry of an HTML legend: a line (or, with `area`, a shaded box) and its name. */
export interface HtmlLegendEntry extends LineStyle {
  readonly name: string;
  readonly area?: boolean;
}

/** A legend above a grid of panels, so that the panels need no legend of their own. */
export function htmlLegend(entries: readonly HtmlLegendEntry[]): string {
  const items = entries.map((entry) => {
    const colour = escapeHtml(entry.colour);
    const dash = entry.dash === undefined ? '' : ` stroke-dasharray="${escapeHtml(entry.dash)}"`;
    const swatch = entry.area
      ? `<rect x="0" y="1" width="28" height="10" fill="${colour}" fill-opacity="0.22"/>`
      : `<line x1="0" x2="28" y1="6" y2="6" stroke="${colour}" stroke-width="2"${dash}/>`;
    const svg = `<svg width="28" height="12" viewBox="0 0 28 12" aria-hidden="true">${swatch}</svg>`;
    return `<li>${svg}${escapeHtml(entry.name)}</li>`;
  });
  return `<ul class="legend">${items.join('')}</ul>`;
}

/** Panels laid out three to a row (two in print). */
export function grid(panels: readonly string[]): string {
  return `<div class="grid">\n${panels.join('\n')}\n</div>`;
}

/** A y tick in kilotonnes for values in tonnes, with as many decimals as the step needs. */
export function formatKilotonnes(valueTonnes: number, stepTonnes: number): string {
  return formatFixed(valueTonnes / 1000, decimalsForStep(stepTonnes / 1000));
}

export const SUPPLY_STYLE: LineStyle = { colour: OKABE_ITO.blue };
export const DEMAND_STYLE: LineStyle = { colour: OKABE_ITO.vermillion, dash: '6 3' };

/** One combination's supply against demand, the gap shaded, on a y range shared by the panels. */
export function supplyDemandChart(input: {
  readonly title: string;
  readonly metal: string;
  readonly years: readonly number[];
  readonly supply: readonly number[];
  readonly demand: readonly number[];
  readonly yDomain: readonly [number, number];
}): string {
  return lineChart({
    title: input.title,
    xLabel: 'Year',
    yLabel: `kt ${input.metal} / year`,
    years: input.years,
    series: [
      { name: 'Supply', values: input.supply, ...SUPPLY_STYLE },
      { name: 'Demand', values: input.demand, ...DEMAND_STYLE },
    ],
    gap: {
      a: input.supply,
      b: input.demand,
      aboveColour: SUPPLY_STYLE.colour,
      belowColour: DEMAND_STYLE.colour,
      aboveLabel: 'Surplus',
      belowLabel: 'Deficit',
    },
    yDomain: input.yDomain,
    formatY: formatKilotonnes,
    legend: false,
    width: 380,
    height: 250,
  });
}

/** The legend of the supply-against-demand panels. */
export function supplyDemandLegend(): string {
  return htmlLegend([
    { name: 'Supply (primary + recycled + net imports)', ...SUPPLY_STYLE },
    { name: 'Demand (EV + ESS)', ...DEMAND_STYLE },
    { name: 'Surplus', colour: SUPPLY_STYLE.colour, area: true },
    { name: 'Deficit', colour: DEMAND_STYLE.colour, area: true },
  ]);
}
