import { formatValue, InvalidArgumentError, NonFiniteNumberError } from '../errors.js';

/**
 * One recorded value in tidy long format: the shape of every exported table. `year` is an integer
 * and `value` a finite number; `scenario` names the run the row came from.
 */
export interface Row {
  readonly scenario: string;
  readonly year: number;
  readonly agent: string;
  readonly variable: string;
  readonly unit: string;
  readonly value: number;
}

/** The fields of a `Row`, in the order of CSV columns and JSON keys. */
export const ROW_FIELDS = ['scenario', 'year', 'agent', 'variable', 'unit', 'value'] as const;

/**
 * Throws unless `row` can be written and read back: an integer year and a finite value.
 *
 * @throws NonFiniteNumberError (`E_NON_FINITE`) if `value` is NaN or infinite.
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) if `year` is not a safe integer.
 */
export function assertWritableRow(row: Row, index: number): void {
  const where = `row ${index} (${formatValue(row.agent)}/${formatValue(row.variable)})`;
  if (!Number.isSafeInteger(row.year)) {
    throw new InvalidArgumentError(`${where}.year`, row.year, 'an integer year');
  }
  if (!Number.isFinite(row.value)) throw new NonFiniteNumberError('value', row.value, where);
}

/**
 * Writes rows as a JSON array, one row object per line, keys in `ROW_FIELDS` order.
 *
 * @throws as `assertWritableRow`.
 *
 * Limitation: JSON has no negative zero, so a value of −0 is written as `0`. Use `toCsv` where
 * exact round trips matter.
 */
export function toJson(rows: Iterable<Row>): string {
  const lines: string[] = [];
  for (const row of rows) {
    assertWritableRow(row, lines.length);
    lines.push(
      JSON.stringify({
        scenario: row.scenario,
        year: row.year,
        agent: row.agent,
        variable: row.variable,
        unit: row.unit,
        value: row.value,
      }),
    );
  }
  return lines.length === 0 ? '[]\n' : `[\n${lines.join(',\n')}\n]\n`;
}
