/** One variable of a `CollectorSnapshot`: identity, unit, and a value per year (NaN if none). */
export interface ColumnSnapshot {
  readonly agent: string;
  readonly variable: string;
  readonly unit: string;
  readonly values: readonly number[];
}

/**
 * A collector as plain data, columns in definition order: what two runs are compared on. Values
 * are compared with `Object.is`, so −0 differs from 0 and NaN (not recorded) equals NaN.
 */
export interface CollectorSnapshot {
  readonly startYear: number;
  readonly endYear: number;
  readonly columns: readonly ColumnSnapshot[];
}

/**
 * Describes the first difference between two snapshots, or returns `undefined` if they are equal
 * bit for bit. Meant for replay checks, where the first divergence is the one worth reading.
 */
export function describeDifference(
  first: CollectorSnapshot,
  second: CollectorSnapshot,
): string | undefined {
  if (first.startYear !== second.startYear || first.endYear !== second.endYear) {
    return (
      `year ranges differ: [${first.startYear}, ${first.endYear}] and ` +
      `[${second.startYear}, ${second.endYear}]`
    );
  }
  const count = Math.max(first.columns.length, second.columns.length);
  for (let c = 0; c < count; c++) {
    const a = first.columns[c];
    const b = second.columns[c];
    if (a === undefined || b === undefined) {
      const present = (a ?? b) as ColumnSnapshot;
      return `column ${c} (${name(present)}) exists only in the ${a ? 'first' : 'second'}`;
    }
    if (a.agent !== b.agent || a.variable !== b.variable || a.unit !== b.unit) {
      const second = `${name(b)} [${b.unit}]`;
      return `column ${c} is ${name(a)} [${a.unit}] in the first, ${second} in the second`;
    }
    for (let y = 0; y < a.values.length; y++) {
      const x = a.values[y] as number;
      const z = b.values[y] as number;
      if (!Object.is(x, z)) {
        const year = first.startYear + y;
        return `${name(a)} in ${year} is ${show(x)} in the first, ${show(z)} in the second`;
      }
    }
  }
  return undefined;
}

function name(column: ColumnSnapshot): string {
  return `${JSON.stringify(column.agent)}/${JSON.stringify(column.variable)}`;
}

function show(value: number): string {
  if (Number.isNaN(value)) return 'not recorded';
  return Object.is(value, -0) ? '-0' : String(value);
}
