import type { PatternResult } from './series.js';

const HEADERS = ['id', 'held', 'measured', 'reason'] as const;

/**
 * The pattern results as a plain-text table for a terminal: one row per pattern with its id,
 * `yes`/`no`, the measured values and, when not held, the reason. Columns are separated by two
 * spaces; the last column is not padded. The evidence is left out to keep rows short; callers
 * that want it print `result.evidence` below the table.
 */
export function formatPatternTable(results: readonly PatternResult[]): string {
  const rows = results.map((result) => [
    result.id,
    result.held ? 'yes' : 'no',
    result.measured,
    result.held ? '' : (result.reason ?? ''),
  ]);
  const widths = HEADERS.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const render = (cells: readonly string[]): string =>
    cells
      .map((cell, column) =>
        column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [render(HEADERS), rule, ...rows.map(render)].join('\n');
}
