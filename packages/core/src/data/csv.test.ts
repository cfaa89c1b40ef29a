import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_HEADER, csvField, parseCsv, type Row, toCsv, toJson } from './index.js';

const awkwardText = fc.oneof(
  fc.string({ unit: fc.constantFrom(',', '"', '\r', '\n', ' ', 'a', 'é', '\uFEFF') }),
  fc.string({ unit: 'binary' }),
);

const finiteDouble = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-0, 0, Number.MIN_VALUE, -Number.MIN_VALUE, 2.2250738585072009e-308, 1e21),
);

const rowArb: fc.Arbitrary<Row> = fc.record({
  scenario: awkwardText,
  year: fc.integer({ min: -5000, max: 5000 }),
  agent: awkwardText,
  variable: awkwardText,
  unit: awkwardText,
  value: finiteDouble,
});

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('CSV', () => {
  it('reads back exactly the rows it wrote, bit for bit', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 20 }), (rows) => {
        const parsed = parseCsv(toCsv(rows));

        expect(parsed).toHaveLength(rows.length);
        parsed.forEach((row, i) => {
          const { value, ...text } = rows[i]!;
          expect(row).toEqual({ ...text, value: row.value });
          expect(Object.is(row.value, value)).toBe(true);
        });
      }),
      { seed: 4181, numRuns: 300 },
    );
  });

  it('writes the header, CRLF line ends, RFC 4180 quoting and -0', () => {
    const rows: Row[] = [
      {
        scenario: 'base',
        year: 2030,
        agent: 'a,b',
        variable: 'say "hi"',
        unit: 't\nLi',
        value: -0,
      },
    ];

    const text = toCsv(rows);

    expect(text).toBe(`${CSV_HEADER}\r\nbase,2030,"a,b","say ""hi""","t\nLi",-0\r\n`);
  });

  it('accepts LF line ends, a byte-order mark and a missing final line break', () => {
    const text = '\uFEFFscenario,year,agent,variable,unit,value\nb,2020,a,x,1,1.5e-7';

    const rows = parseCsv(text);

    expect(rows).toEqual([
      { scenario: 'b', year: 2020, agent: 'a', variable: 'x', unit: '1', value: 1.5e-7 },
    ]);
  });

  it('reports malformed input with E_CSV_PARSE', () => {
    const header = `${CSV_HEADER}\n`;

    for (const text of [
      '',
      'scenario,year\n',
      `${header}b,2020,a,x,1\n`,
      `${header}b,2020,a,x,1,1,extra\n`,
      `${header}b,2020,"a,x,1,1\n`,
      `${header}b,2020,a"b,x,1,1\n`,
      `${header}b,2020,"a"b,x,1,1\n`,
      `${header}b,2020.5,a,x,1,1\n`,
      `${header}b,2020,a,x,1,\n`,
      `${header}b,2020,a,x,1, 1\n`,
      `${header}b,2020,a,x,1,NaN\n`,
      `${header}b,2020,a,x,1,1e400\n`,
      `${header}\n`,
    ]) {
      expect(
        codeOf(() => parseCsv(text)),
        JSON.stringify(text),
      ).toBe('E_CSV_PARSE');
    }
  });

  it('names the line of a bad record, counting line breaks inside quoted fields', () => {
    const text = `${CSV_HEADER}\nb,2020,"two\nlines",x,1,1\nb,2020,a,x,1,oops\n`;

    let error: unknown;
    try {
      parseCsv(text);
    } catch (caught) {
      error = caught;
    }

    expect(error).toMatchObject({ code: 'E_CSV_PARSE', details: { line: 4 } });
  });

  it('writes a lone field as toCsv does: quoted text, shortest numbers, -0, null as empty', () => {
    expect(['plain', 'a,b', 'say "hi"', 'two\nlines'].map(csvField)).toEqual([
      'plain',
      '"a,b"',
      '"say ""hi"""',
      '"two\nlines"',
    ]);
    expect([0.1 + 0.2, -0, 1e21, 2050, null].map(csvField)).toEqual([
      '0.30000000000000004',
      '-0',
      '1e+21',
      '2050',
      '',
    ]);
  });

  it('refuses to write a non-finite value or a fractional year', () => {
    const row: Row = { scenario: 's', year: 2020, agent: 'a', variable: 'x', unit: '1', value: 1 };

    expect(codeOf(() => toCsv([{ ...row, value: Number.NaN }]))).toBe('E_NON_FINITE');
    expect(codeOf(() => toCsv([{ ...row, year: 2020.5 }]))).toBe('E_INVALID_ARGUMENT');
  });
});

describe('JSON', () => {
  it('writes one row object per line that JSON.parse reads back', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 10 }), (rows) => {
        const parsed = JSON.parse(toJson(rows)) as Row[];

        // JSON has no -0; everything else comes back exactly.
        expect(parsed).toEqual(rows.map((r) => ({ ...r, value: r.value === 0 ? 0 : r.value })));
      }),
      { seed: 99 },
    );
    expect(toJson([])).toBe('[]\n');
  });
});
