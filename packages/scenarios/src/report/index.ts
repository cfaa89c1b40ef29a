// The public API of the run and experiment reports. Everything else in this folder is internal.

export { escapeHtml } from './escape-html.js';
export { type FanBand, type FanChartInput, fanChart } from './fan-chart.js';
export {
  type IndexBarChartInput,
  type IndexBarGroup,
  type IndexBarValue,
  indexBarChart,
} from './index-bar-chart.js';
export { type ChartLine, type GapShading, type LineChartOptions, lineChart } from './line-chart.js';
export { niceTicks } from './nice-ticks.js';
export { type LineStyle, lineStyleAt, OKABE_ITO } from './palette.js';
export {
  type ExperimentCell,
  type ExperimentMethod,
  type ExperimentReportInput,
  type ExperimentTable,
  renderExperimentReport,
  type YearCell,
} from './render-experiment-report.js';
export { type JointReportInput, renderJointReport } from './render-joint-report.js';
export {
  type ReportBackTest,
  type ReportInput,
  type ReportSeries,
  type ReportValidationRow,
  renderReport,
} from './render-report.js';
export {
  type TornadoBar,
  type TornadoChartInput,
  type TornadoSetting,
  tornadoChart,
} from './tornado-chart.js';
