import { CsvParseError } from './errors.js';
import { assertWritableRow, ROW_FIELDS, type Row } from './row.js';

/** The header line of every CSV table, without its line break. */
export const CSV_HEADER = ROW_FIELDS.join(',');

const NEEDS_QUOTES = /[",\r\n]/;

// What `formatNumber` can produce: JavaScript's shortest round-trip form, and `-0`.
const NUMBER = /^-?(?:\d+(?:\.\d+)?|\.\d+)(?:e[+-]?\d+)?$/;

function quote(field: string): string {
  return NEEDS_QUOTES.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/** The shortest decimal that reads back as the same double; unlike `String`, keeps −0's sign. */
function formatNumber(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/**
 * One field of a CSV record as `toCsv` writes its fields: a text quoted where RFC 4180 needs it,
 * a number in its shortest round-trip form (−0 as `-0`), and null as an empty field. For tables
 * of other columns than the tidy rows', such as an experiment's runs.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  return typeof value === 'number' ? formatNumber(value) : quote(value);
}

/**
 * Writes rows as RFC 4180 CSV: the header `scenario,year,agent,variable,unit,value`, then one
 * record per row, each line ended by CRLF. A text field is quoted when it holds a comma, a quote,
 * CR or LF, with inner quotes doubled; numbers are written in the shortest form that reads back as
 * the same double (−0 as `-0`), so `parseCsv(toCsv(rows))` equals `rows` exactly.
 *
 * @throws as `assertWritableRow`, for a row with a fractional year or a non-finite value.
 */
export function toCsv(rows: Iterable<Row>): string {
  const lines = [CSV_HEADER];
  for (const row of rows) {
    assertWritableRow(row, lines.length - 1);
    lines.push(
      [
        quote(row.scenario),
        formatNumber(row.year),
        quote(row.agent),
        quote(row.variable),
        quote(row.unit),
        formatNumber(row.value),
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
}

/**
 * Splits RFC 4180 text into records. Accepts CRLF or LF line breaks and a missing final one;
 * keeps line breaks inside quoted fields exactly as written.
 */
function splitRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let recordStart = 0;
  let i = 0;

  const endField = (): void => {
    fields.push(field);
    field = '';
  };
  const endRecord = (): void => {
    endField();
    records.push({ line: recordLine, fields });
    fields = [];
    recordLine = line;
    recordStart = i;
  };

  while (i < text.length) {
    const char = text[i];
    if (char === '"' && isFieldStart(text, i, recordStart)) {
      // A quoted field runs to the next quote that is not doubled.
      i++;
      for (;;) {
        if (i >= text.length) throw new CsvParseError(recordLine, 'a quoted field is not closed');
        const inner = text[i];
        if (inner === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (inner === '\n') line++;
        field += inner;
        i++;
      }
      const after = text[i];
      if (after !== undefined && after !== ',' && after !== '\n' && after !== '\r') {
        throw new CsvParseError(line, `unexpected ${JSON.stringify(after)} after a closing quote`);
      }
      continue;
    }
    if (char === ',') {
      endField();
      i++;
    } else if (char === '\n' || (char === '\r' && text[i + 1] === '\n')) {
      i += char === '\r' ? 2 : 1;
      line++;
      endRecord();
    } else if (char === '"' || char === '\r') {
      throw new CsvParseError(line, `${JSON.stringify(char)} in an unquoted field`);
    } else {
      field += char;
      i++;
    }
  }
  // Text after the last line break is a final record without its optional terminator.
  if (i > recordStart) endRecord();
  return records;
}

/** Whether position `i` is the first character of a field. */
function isFieldStart(text: string, i: number, recordStart: number): boolean {
  return i === recordStart || text[i - 1] === ',';
}

function parseNumber(text: string, line: number, field: string): number {
  if (!NUMBER.test(text)) {
    throw new CsvParseError(line, `${field} ${JSON.stringify(text)} is not a finite number`);
  }
  const value = Number(text);
  if (!Number.isFinite(value)) {
    throw new CsvParseError(line, `${field} ${JSON.stringify(text)} is out of range`);
  }
  return value;
}

/**
 * Reads CSV text as written by `toCsv` back into rows, in file order. The header must be exactly
 * `CSV_HEADER`; a leading byte-order mark is ignored.
 *
 * @throws CsvParseError (`E_CSV_PARSE`) naming the line, for a wrong header, a record without
 *   six fields, an unclosed or misplaced quote, a fractional year or a value that is not a
 *   finite number.
 */
export function parseCsv(text: string): Row[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const [header, ...records] = splitRecords(body);
  if (header === undefined || header.fields.join(',') !== CSV_HEADER) {
    throw new CsvParseError(1, `the header must be ${CSV_HEADER}`);
  }

  return records.map(({ line, fields }) => {
    if (fields.length !== ROW_FIELDS.length) {
      throw new CsvParseError(line, `expected ${ROW_FIELDS.length} fields, found ${fields.length}`);
    }
    const [scenario, yearText, agent, variable, unit, valueText] = fields as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const year = parseNumber(yearText, line, 'year');
    if (!Number.isSafeInteger(year)) {
      throw new CsvParseError(line, `year ${JSON.stringify(yearText)} is not an integer`);
    }
    return { scenario, year, agent, variable, unit, value: parseNumber(valueText, line, 'value') };
  });
}
