import { InvalidArgumentError, NonFiniteNumberError } from '@orebus/core';
import { type CombinationSeries, SERIES_VALUE_FIELDS } from '../validation/index.js';
import { escapeHtml } from './escape-html.js';
import { decimalsForStep, formatFixed, formatQuantity, formatSignedPercent } from './format.js';
import { type ChartLine, lineChart } from './line-chart.js';
import { renderManifest, renderNotes, renderPage, section } from './page-sections.js';
import { lineStyleAt } from './palette.js';
import { REPORT_CSS } from './report-css.js';
import {
  formatKilotonnes,
  grid,
  htmlLegend,
  supplyDemandChart,
  supplyDemandLegend,
} from './shared-parts.js';

/**
 * The yearly results of one scenario combination. Masses are in t of the report's metal a year
 * (t Li for lithium; `evStock` is a
 * count of vehicles, `price` is in the model's price units per tonne); every array has one
 * value per entry of `years`.
 */
export interface ReportSeries extends CombinationSeries {
  /** Vehicles in use at the end of the year. */
  readonly evStock: readonly number[];
}

/** The outcome of one pattern check (see the model specification, section 11). */
export interface ReportValidationRow {
  readonly id: string;
  readonly title: string;
  readonly held: boolean;
  readonly measured: string;
  /** Why a pattern does not hold: the criteria that failed. */
  readonly reason?: string;
  readonly evidence?: string;
  /** What the calibration's searches found the pattern conflicts with. */
  readonly finding?: string;
}

/** A comparison of one modelled value with an observation. */
export interface ReportBackTest {
  readonly label: string;
  readonly year: number;
  readonly observed: number;
  readonly modelled: number;
  /** The unit of both `observed` and `modelled`, e.g. `million vehicles`. */
  readonly unit: string;
  readonly source: string;
}

/** Everything the run report shows. */
export interface ReportInput {
  readonly title: string;
  /** The metal's chemical symbol, naming the mass units (`kt Co / year`); lithium if absent. */
  readonly metal?: string;
  /** An ISO time, passed in so that the same input renders the same page. */
  readonly generatedAt: string;
  /** Version, seed, scenario hash, overrides, …: shown as a key–value table in key order. */
  readonly manifest: Readonly<Record<string, unknown>>;
  /** One per combination run, in run order; the order sets each combination's colour. */
  readonly series: readonly ReportSeries[];
  readonly validation?: readonly ReportValidationRow[];
  readonly backTest?: ReportBackTest;
  /** Paragraphs of plain text, e.g. statements of the paper that the model cannot show. */
  readonly notes?: readonly string[];
}

const SERIES_FIELDS = [
  ...SERIES_VALUE_FIELDS,
  'evStock',
] as const satisfies readonly (keyof ReportSeries)[];

type SeriesField = (typeof SERIES_FIELDS)[number];

/**
 * Renders the run report as one self-contained HTML page: inline CSS and inline SVG charts, no
 * scripts, fonts, images or links outside the page. All text from the input is escaped. The
 * result depends on the input alone, so the same input gives the same string.
 *
 * Charts: supply against demand per combination on a shared scale, with deficit and surplus
 * shaded; primary, recycled, net imports, EV and ESS demand and the EV stock across
 * combinations; the price per combination. Then the validation table, the back-test, the
 * manifest and the notes, each only when given.
 *
 * Throws `InvalidArgumentError` (`E_INVALID_ARGUMENT`) when a series' arrays differ in length
 * from its `years` or its years do not ascend, and `NonFiniteNumberError` (`E_NON_FINITE`)
 * for a NaN or infinite value, naming the series and field.
 */
export function renderReport(input: ReportInput): string {
  input.series.forEach(checkSeries);

  const sections = [
    renderHeader(input),
    renderSupplyDemand(input.series, input.metal ?? 'Li'),
    renderComponents(input.series, input.metal ?? 'Li'),
    renderPrice(input.series),
    input.validation === undefined ? '' : renderValidation(input.validation),
    input.backTest === undefined ? '' : renderBackTest(input.backTest),
    renderManifest(input.manifest, 'Run manifest'),
    input.notes === undefined || input.notes.length === 0 ? '' : renderNotes(input.notes),
  ];
  return renderPage(input.title, REPORT_CSS, sections);
}

function checkSeries(series: ReportSeries, index: number): void {
  const where = `report series[${index}] (${series.combination})`;
  series.years.forEach((year, i) => {
    if (!Number.isFinite(year)) throw new NonFiniteNumberError(`years[${i}]`, year, where);
    const previous = series.years[i - 1];
    if (previous !== undefined && year <= previous) {
      throw new InvalidArgumentError(
        `series[${index}].years[${i}]`,
        year,
        `years in ascending order (the year before is ${previous})`,
      );
    }
  });
  for (const field of SERIES_FIELDS) {
    const values = series[field];
    if (values.length !== series.years.length) {
      throw new InvalidArgumentError(
        `series[${index}].${field}`,
        `${values.length} values`,
        `one value per year: ${series.years.length} values, as in series[${index}].years`,
      );
    }
    values.forEach((value, i) => {
      if (!Number.isFinite(value)) throw new NonFiniteNumberError(`${field}[${i}]`, value, where);
    });
  }
}

function renderHeader(input: ReportInput): string {
  const names = input.series.map((s) => escapeHtml(s.combination)).join(', ');
  const runs =
    input.series.length === 0
      ? 'No combination was run.'
      : `${input.series.length} combination${input.series.length === 1 ? '' : 's'} run: ${names}.`;
  const contents = [
    ['supply-demand', 'Supply and demand'],
    ['components', 'Supply and demand by source and use'],
    ['price', 'Price'],
    ...(input.validation === undefined ? [] : [['validation', 'Validation']]),
    ...(input.backTest === undefined ? [] : [['back-test', 'Back-test']]),
    ['manifest', 'Run manifest'],
    ...(input.notes === undefined || input.notes.length === 0 ? [] : [['notes', 'Notes']]),
  ];
  const links = contents.map(([id, label]) => `<li><a href="#${id}">${label}</a></li>`).join('');
  return [
    '<header>',
    `<h1>${escapeHtml(input.title)}</h1>`,
    `<p class="meta">Generated ${escapeHtml(input.generatedAt)}. ${runs}</p>`,
    `<nav><ol>${links}</ol></nav>`,
    '</header>',
  ].join('\n');
}

/** The names of the metals the report knows, for prose; any other is named by its symbol. */
const METAL_NAMES: Readonly<Record<string, string>> = { Li: 'lithium', Co: 'cobalt', Ni: 'nickel' };

function renderSupplyDemand(series: readonly ReportSeries[], metal: string): string {
  // One scale for every panel, so that the panels compare at a glance (as small multiples
  // should) rather than each filling its own box.
  const all = series.flatMap((s) => [...s.supply, ...s.demand]);
  const yDomain: [number, number] = [Math.min(0, ...all), Math.max(0, ...all)];
  const panels = series.map((s) => {
    const chart = supplyDemandChart({
      title: s.combination,
      metal,
      years: s.years,
      supply: s.supply,
      demand: s.demand,
      yDomain,
    });
    const caption = describeBalance(s, metal);
    return `<figure class="panel">${chart}<figcaption>${caption}</figcaption></figure>`;
  });
  const legend = supplyDemandLegend();
  return section(
    'supply-demand',
    'Supply and demand',
    `<p>Total ${METAL_NAMES[metal] ?? escapeHtml(metal)} supply against total demand for each ` +
      `combination, in kt ${escapeHtml(metal)} a year, on ` +
      'one scale (compare the paper’s figures 3 to 5). Shading marks the gap.</p>' +
      legend +
      grid(panels),
  );
}

function describeBalance(s: ReportSeries, metal: string): string {
  const years = s.years.length;
  if (years === 0) return 'No years.';
  const gaps = s.supply.map((supply, i) => supply - (s.demand[i] ?? 0));
  const surplusYears = gaps.filter((gap) => gap >= 0).length;
  const lastGap = gaps[gaps.length - 1] ?? 0;
  const lastYear = s.years[years - 1];
  const gapKt = formatFixed(lastGap / 1000, 1);
  const sign = lastGap > 0 && gapKt !== '0.0' ? '+' : '';
  return (
    `Supply meets demand in ${surplusYears} of ${years} years; ` +
    `supply − demand in ${lastYear}: ${sign}${gapKt} kt ${escapeHtml(metal)}.`
  );
}

interface ComponentPanel {
  readonly field: SeriesField;
  readonly title: string;
  readonly yLabel: string;
  readonly format: (value: number, step: number) => string;
}

const componentPanels = (metal: string): readonly ComponentPanel[] => {
  const yLabel = `kt ${metal} / year`;
  const format = formatKilotonnes;
  return [
    { field: 'primary', title: 'Primary supply', yLabel, format },
    { field: 'recycled', title: 'Recycled supply', yLabel, format },
    { field: 'netImports', title: 'Net imports', yLabel, format },
    { field: 'evDemand', title: 'EV demand', yLabel, format },
    { field: 'essDemand', title: 'ESS demand', yLabel, format },
    { field: 'evStock', title: 'EVs in use', yLabel: 'million vehicles', format: formatMillions },
  ];
};

function renderComponents(series: readonly ReportSeries[], metal: string): string {
  const panels = componentPanels(metal).map((panel) => {
    const chart = lineChart({
      title: panel.title,
      xLabel: 'Year',
      yLabel: panel.yLabel,
      years: longestYears(series),
      series: series.map((s, i) => combinationLine(s, i, panel.field)),
      formatY: panel.format,
      legend: false,
      width: 380,
      height: 250,
    });
    return `<figure class="panel">${chart}</figure>`;
  });
  return section(
    'components',
    'Supply and demand by source and use',
    '<p>Each supply source and each demand sector across the combinations (compare the ' +
      'paper’s figure 2), and the stock of electric vehicles that drives EV demand and ' +
      'end-of-life recycling. Combinations that share a demand scenario (or, for net ' +
      'imports, all of them) can coincide; the line drawn last, later in run order, lies on ' +
      'top.</p>' +
      htmlLegend(series.map((s, i) => ({ name: s.combination, ...lineStyleAt(i) }))) +
      grid(panels),
  );
}

function renderPrice(series: readonly ReportSeries[]): string {
  const chart = lineChart({
    title: 'Lithium price',
    xLabel: 'Year',
    yLabel: 'price units / t',
    years: longestYears(series),
    series: series.map((s, i) => combinationLine(s, i, 'price')),
    includeZero: true,
    legend: true,
    width: 1160,
    height: 340,
  });
  return section(
    'price',
    'Price',
    '<p>The market price per combination, in the paper’s price units per tonne (the initial ' +
      'price is 10 000; the paper names no currency).</p>' +
      `<figure class="wide">${chart}</figure>`,
  );
}

// Multi-combination charts draw every line against one x axis; a combination run over fewer
// years draws its values at its own first years, so the runs must share their start year.
// Limitation: combinations run over different horizons are drawn against the longest one.
function longestYears(series: readonly ReportSeries[]): readonly number[] {
  let longest: readonly number[] = [];
  for (const s of series) if (s.years.length > longest.length) longest = s.years;
  return longest;
}

function combinationLine(s: ReportSeries, index: number, field: SeriesField): ChartLine {
  return { name: s.combination, values: s[field], ...lineStyleAt(index) };
}

function renderValidation(rows: readonly ReportValidationRow[]): string {
  const held = rows.filter((row) => row.held).length;
  const body = rows
    .map((row) => {
      const mark = row.held
        ? '<span class="held">✓ held</span>'
        : '<span class="failed">✗ not held</span>';
      const explanation = [
        row.reason === undefined ? '' : `<p>${escapeHtml(row.reason)}</p>`,
        row.evidence === undefined
          ? ''
          : `<p class="evidence">Evidence: ${escapeHtml(row.evidence)}</p>`,
        row.finding === undefined
          ? ''
          : `<p class="evidence">Calibration: ${escapeHtml(row.finding)}</p>`,
      ].join('');
      return (
        `<tr class="${row.held ? 'row-held' : 'row-failed'}">` +
        `<td>${escapeHtml(row.id)}</td><td>${escapeHtml(row.title)}</td><td>${mark}</td>` +
        `<td>${escapeHtml(row.measured)}</td><td>${explanation}</td></tr>`
      );
    })
    .join('\n');
  return section(
    'validation',
    'Validation',
    `<p>${held} of ${rows.length} patterns hold.</p>` +
      '<table class="validation"><colgroup><col class="id"><col class="pattern"><col class="held">' +
      '<col class="measured"><col class="reason"></colgroup>' +
      '<thead><tr><th>Id</th><th>Pattern</th><th>Held</th>' +
      '<th>Measured</th><th>Reason and evidence</th></tr></thead>' +
      `<tbody>\n${body}\n</tbody></table>`,
  );
}

function renderBackTest(test: ReportBackTest): string {
  const difference = test.modelled - test.observed;
  const relative = test.observed === 0 ? '—' : formatSignedPercent(difference / test.observed);
  const unit = escapeHtml(test.unit);
  return section(
    'back-test',
    'Back-test',
    '<table class="back-test"><thead><tr><th>Quantity</th><th>Year</th><th>Observed</th>' +
      '<th>Modelled</th><th>Modelled − observed</th><th>Source of the observation</th>' +
      '</tr></thead><tbody><tr>' +
      `<td>${escapeHtml(test.label)}</td><td>${test.year}</td>` +
      `<td class="number">${formatQuantity(test.observed)} ${unit}</td>` +
      `<td class="number">${formatQuantity(test.modelled)} ${unit}</td>` +
      `<td class="number">${formatQuantity(difference)} ${unit} (${relative})</td>` +
      `<td>${escapeHtml(test.source)}</td></tr></tbody></table>`,
  );
}

function formatMillions(value: number, step: number): string {
  return formatFixed(value / 1e6, decimalsForStep(step / 1e6));
}
