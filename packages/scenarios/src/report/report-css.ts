/**
 * The page's stylesheet. System fonts only, so the page loads nothing; laid out for a window
 * of about 1200 px and for A4 or Letter paper.
 */
export const REPORT_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: #1a1a1a;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 32px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
p { max-width: 80ch; margin: 6px 0; }
.meta { color: #555; }
nav ol { margin: 8px 0 0; padding-left: 20px; columns: 2; max-width: 640px; }
a { color: #0072B2; }
.grid { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 12px 16px; }
figure { margin: 0; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: 13px; color: #444; margin: 2px 4px 0 64px; }
svg.chart { display: block; width: 100%; height: auto; overflow: visible; }
.legend { list-style: none; padding: 0; margin: 8px 0 12px; display: flex; flex-wrap: wrap;
  gap: 4px 20px; font-size: 14px; }
.legend li { display: flex; align-items: center; gap: 6px; }
table { border-collapse: collapse; margin: 8px 0; font-size: 14px; }
th, td { border: 1px solid #d4d4d4; padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: #f3f3f3; }
td.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.validation { width: 100%; table-layout: fixed; }
table.validation col.id { width: 3.5em; }
table.validation col.pattern { width: 20%; }
table.validation col.held { width: 7.5em; }
table.validation col.measured { width: 26%; }
table.validation td p { margin: 0 0 4px; }
.held { color: #00734f; font-weight: 600; white-space: nowrap; }
.failed { color: #b34700; font-weight: 600; white-space: nowrap; }
.evidence { color: #444; }
table.manifest th { background: #f7f7f7; font-weight: 600; }
table.manifest { width: 100%; table-layout: fixed; }
table.manifest > tbody > tr > th { width: 10em; }
.scroll { overflow-x: auto; }
table.nested { margin: 0; font-size: 13px; }
table.nested th { font-weight: 600; white-space: nowrap; }
table.nested td { white-space: nowrap; }
table.nested td.long { white-space: normal; word-break: break-all; min-width: 18ch; }
code { font: 13px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  word-break: break-all; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  .grid { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  section { break-before: auto; }
  h2 { break-after: avoid; }
  tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;
