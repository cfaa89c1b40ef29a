import { InvalidArgumentError, NonFiniteNumberError } from '@orebus/core';
import type { JointSeries, MetalSeries } from '../joint/joint-series.js';
import { SERIES_VALUE_FIELDS } from '../validation/series.js';
import { escapeHtml } from './escape-html.js';
import { decimalsForStep, formatFixed } from './format.js';
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

/** Everything the joint (several-metal) run report shows. */
export interface JointReportInput {
  readonly title: string;
  /** An ISO time, passed in so that the same input renders the same page. */
  readonly generatedAt: string;
  readonly manifest: Readonly<Record<string, unknown>>;
  /** One per combination, in run order; every run names the same metals and chemistries. */
  readonly runs: readonly JointSeries[];
  readonly notes?: readonly string[];
}

const METAL_NAMES: Readonly<Record<string, string>> = {
  Li: 'Lithium',
  Co: 'Cobalt',
  Ni: 'Nickel',
  Mn: 'Manganese',
};

const PANEL = { width: 380, height: 250 } as const;

/**
 * Renders the joint run report as one self-contained page: first a joint view of the metals
 * (each metal's supply over demand, its price against its first quote, the chemistry shares
 * that split battery demand among them and the battery capacity put into use), then a section
 * per metal with supply against demand per combination, supply by source, demand by use, and
 * the price. All text from the input is escaped; the same input gives the same string.
 *
 * Throws `InvalidArgumentError` when the runs name different metals or a series differs in
 * length from its years, and `NonFiniteNumberError` for a NaN or infinite value.
 */
export function renderJointReport(input: JointReportInput): string {
  checkRuns(input.runs);
  const metals = input.runs[0]?.metals.map((m) => m.metal) ?? [];

  const sections = [
    renderHeader(input, metals),
    renderJointView(input.runs),
    ...metals.map((metal, m) => renderMetal(input.runs, metal, m)),
    renderManifest(input.manifest, 'Run manifest'),
    input.notes === undefined || input.notes.length === 0 ? '' : renderNotes(input.notes),
  ];
  return renderPage(input.title, REPORT_CSS, sections);
}

function metalName(metal: string): string {
  return METAL_NAMES[metal] ?? metal;
}

function checkRuns(runs: readonly JointSeries[]): void {
  const first = runs[0];
  runs.forEach((run, r) => {
    const where = `joint report runs[${r}] (${run.combination})`;
    const metals = run.metals.map((m) => m.metal).join(',');
    const expected = first!.metals.map((m) => m.metal).join(',');
    if (metals !== expected) {
      throw new InvalidArgumentError(
        `runs[${r}].metals`,
        metals,
        `the metals of runs[0] (${expected})`,
      );
    }
    const check = (values: readonly number[], field: string) => {
      if (values.length !== run.years.length) {
        throw new InvalidArgumentError(
          `runs[${r}].${field}`,
          `${values.length} values`,
          `one value per year (${run.years.length})`,
        );
      }
      values.forEach((value, i) => {
        if (!Number.isFinite(value)) throw new NonFiniteNumberError(`${field}[${i}]`, value, where);
      });
    };
    for (const m of run.metals) {
      for (const field of FIELDS) check(m[field], `${m.metal}.${field}`);
    }
    run.evShares.forEach((values, c) => {
      check(values, `evShares[${c}]`);
    });
    run.essShares.forEach((values, c) => {
      check(values, `essShares[${c}]`);
    });
    check(run.evEnergyGWh, 'evEnergyGWh');
    check(run.essEnergyGWh, 'essEnergyGWh');
  });
}

/** Every yearly series of a metal, as the single-metal series has them. */
const FIELDS = SERIES_VALUE_FIELDS satisfies readonly (keyof MetalSeries)[];

function renderHeader(input: JointReportInput, metals: readonly string[]): string {
  const names = input.runs.map((run) => escapeHtml(run.combination)).join(', ');
  const runs =
    input.runs.length === 0
      ? 'No combination was run.'
      : `${input.runs.length} combination${input.runs.length === 1 ? '' : 's'} run: ${names}.`;
  const contents = [
    ['joint', 'All metals together'],
    ...metals.map((metal) => [`metal-${metal}`, `${metalName(metal)} (${metal})`]),
    ['manifest', 'Run manifest'],
    ...(input.notes === undefined || input.notes.length === 0 ? [] : [['notes', 'Notes']]),
  ];
  const links = contents
    .map(([id, label]) => `<li><a href="#${escapeHtml(id!)}">${escapeHtml(label!)}</a></li>`)
    .join('');
  return [
    '<header>',
    `<h1>${escapeHtml(input.title)}</h1>`,
    `<p class="meta">Generated ${escapeHtml(input.generatedAt)}. Metals: ` +
      `${escapeHtml(metals.join(', '))}. ${runs}</p>`,
    `<nav><ol>${links}</ol></nav>`,
    '</header>',
  ].join('\n');
}

function metalLines(run: JointSeries, values: (m: MetalSeries) => readonly number[]): ChartLine[] {
  return run.metals.map((m, i) => ({ name: m.metal, values: values(m), ...lineStyleAt(i) }));
}

function formatPlain(value: number, step: number): string {
  return formatFixed(value, decimalsForStep(step));
}

function renderJointView(runs: readonly JointSeries[]): string {
  const first = runs[0];
  if (first === undefined) return section('joint', 'All metals together', '<p>No runs.</p>');
  const ratio = (m: MetalSeries) => m.supply.map((s, i) => s / (m.demand[i] || Number.NaN));
  const ratioPanels = runs.map((run) => {
    const lines = metalLines(run, (m) => ratio(m).map((r) => (Number.isFinite(r) ? r : 0)));
    return panel(
      lineChart({
        title: `Supply ÷ demand, ${run.combination}`,
        xLabel: 'Year',
        yLabel: 'ratio (1 = balanced)',
        years: run.years,
        series: lines,
        formatY: formatPlain,
        legend: false,
        ...PANEL,
      }),
    );
  });
  const pricePanels = runs.map((run) =>
    panel(
      lineChart({
        title: `Price ÷ first quote, ${run.combination}`,
        xLabel: 'Year',
        yLabel: 'index (first year = 1)',
        years: run.years,
        series: metalLines(run, (m) => m.price.map((p) => p / m.price[0]!)),
        formatY: formatPlain,
        legend: false,
        ...PANEL,
      }),
    ),
  );
  // Without a price response every combination has the path's shares: draw them once.
  const sameShares = runs.every(
    (run) =>
      JSON.stringify([run.evShares, run.essShares]) ===
      JSON.stringify([first.evShares, first.essShares]),
  );
  const chemistryRuns = sameShares ? [first] : runs;
  const chemistryPanels = chemistryRuns.flatMap((run) =>
    (['ev', 'ess'] as const).map((use) =>
      panel(
        lineChart({
          title: `${use === 'ev' ? 'EV' : 'ESS'} chemistry shares, ${sameShares ? 'every combination' : run.combination}`,
          xLabel: 'Year',
          yLabel: 'share of new kWh',
          years: run.years,
          series: run.chemistries.map((name, c) => ({
            name,
            values: (use === 'ev' ? run.evShares : run.essShares)[c]!,
            ...lineStyleAt(c),
          })),
          formatY: formatPlain,
          legend: true,
          ...PANEL,
        }),
      ),
    ),
  );
  const energy = panel(
    lineChart({
      title: 'Battery capacity put into use',
      xLabel: 'Year',
      yLabel: 'GWh / year',
      years: first.years,
      // Colour by combination, as everywhere else; EV solid, storage dashed.
      series: runs.flatMap((run, r) => [
        { name: `EV ${run.combination}`, values: run.evEnergyGWh, colour: lineStyleAt(r).colour },
        {
          name: `ESS ${run.combination}`,
          values: run.essEnergyGWh,
          colour: lineStyleAt(r).colour,
          dash: '6 3',
        },
      ]),
      formatY: formatPlain,
      legend: true,
      ...PANEL,
    }),
  );
  const legend = htmlLegend(first.metals.map((m, i) => ({ name: m.metal, ...lineStyleAt(i) })));
  return section(
    'joint',
    'All metals together',
    '<p>One EV maker and one storage maker buy every metal: a chemistry mix splits the battery ' +
      'capacity they put into use into lithium, cobalt and nickel, and each metal clears on its ' +
      'own market with its own price. Supply over demand shows which metal is short when; ' +
      'prices are shown against each market’s first quote, since each market has its own price ' +
      'units.</p>' +
      legend +
      grid([...ratioPanels, ...pricePanels]) +
      '<p>The chemistry shares of new batteries (drawn once when every combination has the ' +
      'same; with a price response they differ), and the battery capacity that the shares ' +
      'split.</p>' +
      grid([...chemistryPanels, energy]),
  );
}

function renderMetal(runs: readonly JointSeries[], metal: string, index: number): string {
  const unit = `kt ${metal} / year`;
  const of = (run: JointSeries) => run.metals[index]!;
  const all = runs.flatMap((run) => [...of(run).supply, ...of(run).demand]);
  const yDomain: [number, number] = [Math.min(0, ...all), Math.max(0, ...all)];
  const balance = runs.map((run) => {
    const m = of(run);
    return panel(
      supplyDemandChart({
        title: run.combination,
        metal,
        years: run.years,
        supply: m.supply,
        demand: m.demand,
        yDomain,
      }),
    );
  });
  const across = (title: string, field: (typeof FIELDS)[number], yLabel: string) =>
    panel(
      lineChart({
        title,
        xLabel: 'Year',
        yLabel,
        years: runs[0]?.years ?? [],
        series: runs.map((run, r) => ({
          name: run.combination,
          values: of(run)[field],
          ...lineStyleAt(r),
        })),
        formatY: field === 'price' ? formatPlain : formatKilotonnes,
        legend: false,
        ...PANEL,
      }),
    );
  const components = [
    across('Primary supply', 'primary', unit),
    across('Recycled supply', 'recycled', unit),
    across('Net imports', 'netImports', unit),
    across('EV demand', 'evDemand', unit),
    across('ESS demand', 'essDemand', unit),
    across('Price', 'price', 'price units / t'),
  ];
  const name = metalName(metal);
  return section(
    `metal-${metal}`,
    `${name} (${metal})`,
    `<p>${escapeHtml(name)} supply against demand for each combination, in kt ${escapeHtml(metal)} ` +
      'a year on one scale; shading marks the gap.</p>' +
      supplyDemandLegend() +
      grid(balance) +
      `<p>Each source and use of ${escapeHtml(name.toLowerCase())} across the combinations, and ` +
      'its price in its market’s own units.</p>' +
      htmlLegend(runs.map((run, r) => ({ name: run.combination, ...lineStyleAt(r) }))) +
      grid(components),
  );
}

function panel(chart: string): string {
  return `<figure class="panel">${chart}</figure>`;
}
