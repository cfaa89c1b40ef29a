import { InvalidArgumentError, NonFiniteNumberError } from '@orebus/core';
import { escapeHtml } from './escape-html.js';
import { formatQuantity, formatYear } from './format.js';
import { renderManifest, renderNotes, renderPage, section } from './page-sections.js';
import { REPORT_CSS } from './report-css.js';

/** The kind of experiment a report describes. */
export type ExperimentMethod =
  | 'one-at-a-time'
  | 'morris'
  | 'sobol'
  | 'monte-carlo'
  | 'sweep'
  | 'calibration';

/** A number that is a calendar year, shown without a thousands separator (`2051`). */
export interface YearCell {
  readonly year: number;
}

/** A cell of an experiment table: text, a quantity, a year, or `null` for no value (`—`). */
export type ExperimentCell = string | number | YearCell | null;

/** A table of an experiment's results; numbers are formatted by the page, `null` shows `—`. */
export interface ExperimentTable {
  readonly caption: string;
  readonly columns: readonly string[];
  /** One cell per column. */
  readonly rows: readonly (readonly ExperimentCell[])[];
}

/** Everything the experiment report shows. */
export interface ExperimentReportInput {
  readonly title: string;
  /** An ISO time, passed in so that the same input renders the same page. */
  readonly generatedAt: string;
  /** Version, seed, design, sample size, …: shown as a key–value table in key order. */
  readonly manifest: Readonly<Record<string, unknown>>;
  readonly method: ExperimentMethod;
  /** One paragraph in words: what was varied, what came out. */
  readonly summary: string;
  readonly tables: readonly ExperimentTable[];
  /**
   * SVG strings from `tornadoChart`, `indexBarChart`, `fanChart` or `lineChart`, which escape
   * their own text; they are placed in the page as they are.
   */
  readonly charts: readonly string[];
  /** Paragraphs of plain text, e.g. caveats of the design. */
  readonly notes?: readonly string[];
}

const METHODS: Readonly<Record<ExperimentMethod, { name: string; description: string }>> = {
  'one-at-a-time': {
    name: 'One-at-a-time sensitivity',
    description:
      'Each factor is changed on its own from its base setting while the others stay at ' +
      'theirs. The change in the output shows the local effect of each factor; effects of ' +
      'factors acting together are not measured.',
  },
  morris: {
    name: 'Morris elementary effects',
    description:
      'Random trajectories through a grid of factor levels change one factor at a time. ' +
      'μ*, the mean absolute elementary effect, ranks the overall influence of a factor; ' +
      'σ, the standard deviation of its effects, is large when the effect depends on the ' +
      'level of the factor or of other factors.',
  },
  sobol: {
    name: 'Sobol’ variance-based sensitivity',
    description:
      'The first-order index S1 is the share of the output’s variance due to a factor alone; ' +
      'the total index ST adds the variance due to its interactions with other factors, so ' +
      'ST − S1 measures interaction. Whiskers, where drawn, are confidence intervals of the ' +
      'estimates.',
  },
  'monte-carlo': {
    name: 'Monte Carlo ensemble',
    description:
      'The model is run many times with its uncertain inputs drawn from their distributions. ' +
      'Bands show percentiles across the runs, taken separately for each year, so a single ' +
      'run need not stay inside one band.',
  },
  sweep: {
    name: 'Parameter sweep',
    description: 'The model is run at every point of a grid of factor settings.',
  },
  calibration: {
    name: 'Calibration',
    description:
      'The Nelder–Mead simplex method moves the factors within their ranges to bring the ' +
      'model close to observed values; each evaluation is one run under the same seed. The ' +
      'best point is a local optimum from the given start, not necessarily the global one.',
  },
};

// Charts are drawn about 760 units wide; at much more than that their text grows past the
// page's, so each chart gets a row of its own no wider than this.
const EXPERIMENT_CSS = `
.charts figure { max-width: 860px; margin: 0 0 20px; }
.table-scroll { overflow-x: auto; }
table.data caption { caption-side: top; text-align: left; font-weight: 600; padding: 4px 0; }
table.data td.null { text-align: center; color: #666; }
@media print {
  .table-scroll { overflow: visible; }
  .charts figure { max-width: 100%; }
}
`;

/**
 * Renders the report of an experiment (one-at-a-time, Morris, Sobol', Monte Carlo or a sweep)
 * as one self-contained HTML page: inline CSS, the charts as given, no scripts, fonts, images
 * or links outside the page. It shows the summary with a description of the method, the
 * charts, the tables, the manifest and the notes. All text from the input is escaped except
 * the charts; numbers in tables are formatted without the host's locale (four significant
 * digits below 1 000, grouped whole numbers above), and `null` shows as `—`. The result
 * depends on the input alone, so the same input gives the same string.
 *
 * Throws `InvalidArgumentError` (`E_INVALID_ARGUMENT`) for an unknown method, a table row whose
 * length differs from the columns, or a chart that is not an SVG string, and
 * `NonFiniteNumberError` (`E_NON_FINITE`) for a NaN or infinite number in a table (pass `null`
 * for a value that does not exist).
 */
export function renderExperimentReport(input: ExperimentReportInput): string {
  checkInput(input);

  const notes = input.notes ?? [];
  const sections = [
    renderHeader(input),
    renderSummary(input),
    input.charts.length === 0 ? '' : renderCharts(input.charts),
    input.tables.length === 0 ? '' : renderTables(input.tables),
    renderManifest(input.manifest, 'Experiment manifest'),
    notes.length === 0 ? '' : renderNotes(notes),
  ];
  return renderPage(input.title, REPORT_CSS + EXPERIMENT_CSS, sections);
}

function checkInput(input: ExperimentReportInput): void {
  if (!Object.hasOwn(METHODS, input.method)) {
    throw new InvalidArgumentError('method', input.method, Object.keys(METHODS).join(', '));
  }
  input.tables.forEach((table, t) => {
    const where = `experiment report table[${t}] (${table.caption})`;
    table.rows.forEach((row, r) => {
      if (row.length !== table.columns.length) {
        throw new InvalidArgumentError(
          `tables[${t}].rows[${r}]`,
          `${row.length} cells`,
          `one cell per column: ${table.columns.length} cells, as in tables[${t}].columns`,
        );
      }
      row.forEach((cell, c) => {
        if (typeof cell === 'number' && !Number.isFinite(cell)) {
          throw new NonFiniteNumberError(`rows[${r}][${c}]`, cell, where);
        }
        if (typeof cell === 'object' && cell !== null && !Number.isFinite(cell.year)) {
          throw new NonFiniteNumberError(`rows[${r}][${c}].year`, cell.year, where);
        }
      });
    });
  });
  input.charts.forEach((chart, i) => {
    if (!chart.startsWith('<svg ')) {
      throw new InvalidArgumentError(
        `charts[${i}]`,
        chart.slice(0, 40),
        'an SVG string from tornadoChart, indexBarChart, fanChart or lineChart',
      );
    }
  });
}

function renderHeader(input: ExperimentReportInput): string {
  const contents = [
    ['summary', 'Summary'],
    ...(input.charts.length === 0 ? [] : [['charts', 'Charts']]),
    ...(input.tables.length === 0 ? [] : [['tables', 'Tables']]),
    ['manifest', 'Experiment manifest'],
    ...((input.notes ?? []).length === 0 ? [] : [['notes', 'Notes']]),
  ];
  const links = contents.map(([id, label]) => `<li><a href="#${id}">${label}</a></li>`).join('');
  return [
    '<header>',
    `<h1>${escapeHtml(input.title)}</h1>`,
    `<p class="meta">Generated ${escapeHtml(input.generatedAt)}. ` +
      `Method: ${escapeHtml(METHODS[input.method].name)}.</p>`,
    `<nav><ol>${links}</ol></nav>`,
    '</header>',
  ].join('\n');
}

function renderSummary(input: ExperimentReportInput): string {
  const method = METHODS[input.method];
  return section(
    'summary',
    'Summary',
    `<p>${escapeHtml(input.summary)}</p>\n` +
      `<p class="meta"><strong>${escapeHtml(method.name)}.</strong> ` +
      `${escapeHtml(method.description)}</p>`,
  );
}

function renderCharts(charts: readonly string[]): string {
  const figures = charts.map((chart) => `<figure>${chart}</figure>`).join('\n');
  return section('charts', 'Charts', `<div class="charts">\n${figures}\n</div>`);
}

function renderTables(tables: readonly ExperimentTable[]): string {
  return section('tables', 'Tables', tables.map(renderTable).join('\n'));
}

function renderTable(table: ExperimentTable): string {
  const head = table.columns.map((column) => `<th>${escapeHtml(column)}</th>`).join('');
  const body = table.rows.map((row) => `<tr>${row.map(renderCell).join('')}</tr>`).join('\n');
  return (
    '<div class="table-scroll"><table class="data">' +
    `<caption>${escapeHtml(table.caption)}</caption>` +
    `<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>`
  );
}

function renderCell(cell: ExperimentCell): string {
  if (cell === null) return '<td class="null">—</td>';
  if (typeof cell === 'number') return `<td class="number">${formatQuantity(cell)}</td>`;
  if (typeof cell === 'object') return `<td class="number">${formatYear(cell.year)}</td>`;
  return `<td>${escapeHtml(cell)}</td>`;
}
