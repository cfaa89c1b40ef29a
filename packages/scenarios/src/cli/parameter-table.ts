import type { ParameterRow, Provenance } from '../pack/index.js';

/** Where a value comes from, in one phrase for the `show` table. */
export function describeProvenance(p: Provenance): string {
  switch (p.kind) {
    case 'paper':
      return `paper: ${p.ref}`;
    case 'data':
      return `data: ${p.source} (${p.year})`;
    case 'calibrated':
      return `calibrated: ${p.target}`;
    case 'derived':
      return `derived: ${p.from}`;
    default:
      return `assumption: ${p.reason}`;
  }
}

/** One line of `orebus show`: path, value (cut to fit), unit and provenance. */
export function formatParameterRow(row: ParameterRow, pathWidth = 34): string {
  const value = typeof row.value === 'object' ? JSON.stringify(row.value) : String(row.value);
  const cut = value.length <= 40 ? value : `${value.slice(0, 39)}…`;
  return `${row.path.padEnd(pathWidth)} ${cut.padEnd(40)} ${row.unit.padEnd(22)} ${describeProvenance(row.provenance)}\n`;
}
