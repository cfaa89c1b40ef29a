import { describeDistribution } from '../experiments/design/index.js';
import { describeProvenance, type ParameterRow } from '../pack/index.js';

/**
 * One line of `orebus show`: path, value (cut to fit), unit and provenance; a parameter with a
 * declared uncertainty gets a second line with its distribution and where that comes from.
 */
export function formatParameterRow(row: ParameterRow, pathWidth = 34): string {
  const value = typeof row.value === 'object' ? JSON.stringify(row.value) : String(row.value);
  const cut = value.length <= 40 ? value : `${value.slice(0, 39)}…`;
  const line = `${row.path.padEnd(pathWidth)} ${cut.padEnd(40)} ${row.unit.padEnd(22)} ${describeProvenance(row.provenance)}\n`;
  const u = row.uncertainty;
  if (u === undefined) return line;
  const label = '  uncertainty';
  return `${line}${label.padEnd(pathWidth)} ${describeDistribution(u.distribution).padEnd(63)} ${describeProvenance(u.provenance)}\n`;
}
