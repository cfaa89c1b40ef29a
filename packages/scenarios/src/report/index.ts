// The public API of the run report. Everything else in this folder is internal.

export { escapeHtml } from './escape-html.js';
export { type ChartLine, type GapShading, type LineChartOptions, lineChart } from './line-chart.js';
export { niceTicks } from './nice-ticks.js';
export { type LineStyle, lineStyleAt, OKABE_ITO } from './palette.js';
export {
  type ReportBackTest,
  type ReportInput,
  type ReportSeries,
  type ReportValidationRow,
  renderReport,
} from './render-report.js';
