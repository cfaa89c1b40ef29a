/**
 * Rows of cells as lines of aligned columns for the terminal: each column as wide as its widest
 * cell, two spaces apart, so that no value runs into the next; a cell for which `right(row,
 * column)` holds is aligned right (numbers), any other left. Trailing spaces are dropped.
 */
export function alignColumns(
  rows: readonly (readonly string[])[],
  right: (row: number, column: number) => boolean = () => false,
): string[] {
  const columns = Math.max(0, ...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, j) =>
    Math.max(...rows.map((row) => row[j]?.length ?? 0)),
  );
  return rows.map((row, i) =>
    row
      .map((cell, j) => (right(i, j) ? cell.padStart(widths[j]!) : cell.padEnd(widths[j]!)))
      .join('  ')
      .trimEnd(),
  );
}
