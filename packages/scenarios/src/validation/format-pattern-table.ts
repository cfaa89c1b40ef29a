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

/**
 * The details the table leaves out, for the patterns that do not hold: each one's evidence and,
 * when it has one, the calibration's finding, a pattern a block of indented lines. Empty when
 * every pattern holds.
 */
export function formatPatternDetails(results: readonly PatternResult[]): string {
  const blocks = results
    .filter((result) => !result.held)
    .map((result) => {
      const lines = [`${result.id}`];
      if (result.evidence !== undefined) lines.push(`  evidence: ${result.evidence}`);
      if (result.finding !== undefined) lines.push(`  calibration: ${result.finding}`);
      return lines.join('\n');
    });
  return blocks.join('\n');
}
