import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ColumnHandle, DataCollector, describeDifference, MODEL, type Row } from './index.js';

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('DataCollector', () => {
  it('reads back what was recorded, with NaN where nothing was', () => {
    const c = new DataCollector({ startYear: 2020, endYear: 2023 });

    c.record(2021, 'mine-1', 'output', 't Li', 12.5);
    const price = c.define(MODEL, 'price', 'price units/t');
    c.set(price, 2020, 100);
    c.set(price, 2023, -0);

    expect(c.variables()).toEqual([
      { agent: 'mine-1', variable: 'output', unit: 't Li' },
      { agent: 'model', variable: 'price', unit: 'price units/t' },
    ]);
    const series = c.series(MODEL, 'price');
    expect(series.years).toEqual([2020, 2021, 2022, 2023]);
    expect(Array.from(series.values)).toEqual([100, Number.NaN, Number.NaN, -0]);
    expect(Object.is(series.values[3], -0)).toBe(true);
  });

  it('keeps every column to itself, however many variables share its storage', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 12 }),
        (variables, years) => {
          const c = new DataCollector({ startYear: 2000, endYear: 1999 + years });
          const handles: ColumnHandle[] = [];

          for (let v = 0; v < variables; v++) handles.push(c.define('a', `v${v}`, '1'));
          handles.forEach((handle, v) => {
            for (let y = 0; y < years; y += 2) c.set(handle, 2000 + y, v * 100 + y);
          });

          for (let v = 0; v < variables; v++) {
            const expected = Array.from({ length: years }, (_, y) =>
              y % 2 === 0 ? v * 100 + y : Number.NaN,
            );
            expect(Array.from(c.series('a', `v${v}`).values)).toEqual(expected);
          }
          expect([...c.rows('s')]).toHaveLength(variables * Math.ceil(years / 2));
        },
      ),
      { seed: 20_261_203, numRuns: 40 },
    );
  });

  it('returns the same handle when a variable is defined again in the same unit', () => {
    const c = new DataCollector({ startYear: 2020, endYear: 2020 });

    const first = c.define('a', 'x', '1');
    const second = c.define('a', 'x', '1');

    expect(second).toBe(first);
    expect(c.variables()).toHaveLength(1);
  });

  it('refuses a second unit for a variable, naming both', () => {
    const c = new DataCollector({ startYear: 2020, endYear: 2030 });
    c.define('mine-1', 'output', 't Li');

    let error: unknown;
    try {
      c.record(2020, 'mine-1', 'output', 'kt Li', 1);
    } catch (caught) {
      error = caught;
    }

    expect(error).toMatchObject({
      code: 'E_UNIT_CONFLICT',
      details: { existingUnit: 't Li', requestedUnit: 'kt Li' },
    });
  });

  it('refuses non-finite values, naming agent, variable and year', () => {
    const c = new DataCollector({ startYear: 2020, endYear: 2030 });

    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      let error: unknown;
      try {
        c.record(2025, 'mine-1', 'output', 't Li', value);
      } catch (caught) {
        error = caught;
      }
      expect(error).toMatchObject({ code: 'E_NON_FINITE' });
      expect((error as { details: { where: string } }).details.where).toBe(
        '"mine-1"/"output" in 2025',
      );
    }
    expect(c.series('mine-1', 'output').values.every(Number.isNaN)).toBe(true);
  });

  it('refuses to record a cell twice and keeps the first value', () => {
    const c = new DataCollector({ startYear: 2020, endYear: 2030 });
    c.record(2022, 'a', 'x', '1', 1);

    const code = codeOf(() => c.record(2022, 'a', 'x', '1', 2));

    expect(code).toBe('E_DUPLICATE_RECORD');
    expect(c.series('a', 'x').values[2]).toBe(1);
  });

  it('refuses years outside the range or between integers', () => {
    const c = new DataCollector({ startYear: 2020, endYear: 2030 });
    const x = c.define('a', 'x', '1');

    expect(codeOf(() => c.set(x, 2019, 1))).toBe('E_YEAR_OUT_OF_RANGE');
    expect(codeOf(() => c.set(x, 2031, 1))).toBe('E_YEAR_OUT_OF_RANGE');
    expect(codeOf(() => c.set(x, 2020.5, 1))).toBe('E_YEAR_OUT_OF_RANGE');
    expect(codeOf(() => c.set(x, Number.NaN, 1))).toBe('E_YEAR_OUT_OF_RANGE');
    expect(() => c.set(x, 2030, 1)).not.toThrow();
  });

  it('refuses empty names or units, unknown handles and variables, and inverted ranges', () => {
    const c = new DataCollector({ startYear: 2020, endYear: 2030 });

    expect(codeOf(() => c.define('a', 'x', ''))).toBe('E_INVALID_ARGUMENT');
    expect(codeOf(() => c.define('', 'x', '1'))).toBe('E_INVALID_ARGUMENT');
    const unknown = (c.define('a', 'x', '1') + 1) as ColumnHandle;
    expect(codeOf(() => c.set(unknown, 2020, 1))).toBe('E_INVALID_ARGUMENT');
    expect(codeOf(() => c.series('a', 'y'))).toBe('E_UNKNOWN_VARIABLE');
    expect(codeOf(() => new DataCollector({ startYear: 2030, endYear: 2020 }))).toBe(
      'E_INVALID_ARGUMENT',
    );
  });

  it('keeps agent and variable apart even when their names could be joined ambiguously', () => {
    const c = new DataCollector({ startYear: 2020, endYear: 2020 });

    c.record(2020, 'a/b', 'c', '1', 1);
    c.record(2020, 'a', 'b/c', '1', 2);

    expect(c.variables()).toHaveLength(2);
  });
});

describe('rows', () => {
  it('orders rows by variable definition, then year, whatever the recording order', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(
          [0, 1, 2, 3, 4, 5].flatMap((year) => ['x', 'y'].map((v) => ({ year: 2000 + year, v }))),
        ),
        (cells) => {
          const c = new DataCollector({ startYear: 2000, endYear: 2005 });
          c.define('a', 'x', '1');
          c.define(MODEL, 'y', '1');

          for (const { year, v } of cells) c.record(year, v === 'x' ? 'a' : MODEL, v, '1', year);
          const rows = [...c.rows('base')];

          const expected = [...cells].sort((p, q) => p.v.localeCompare(q.v) || p.year - q.year);
          expect(rows.map((r) => [r.variable, r.year])).toEqual(expected.map((e) => [e.v, e.year]));
        },
      ),
      { seed: 7 },
    );
  });

  it('yields tidy rows labelled with the scenario and skips unrecorded cells', () => {
    const c = new DataCollector({ startYear: 2020, endYear: 2022 });
    c.record(2022, 'mine-1', 'output', 't Li', 3);
    c.record(2020, 'mine-1', 'output', 't Li', 1);

    const rows = [...c.rows('high-demand')];

    expect(rows).toEqual<Row[]>([
      {
        scenario: 'high-demand',
        year: 2020,
        agent: 'mine-1',
        variable: 'output',
        unit: 't Li',
        value: 1,
      },
      {
        scenario: 'high-demand',
        year: 2022,
        agent: 'mine-1',
        variable: 'output',
        unit: 't Li',
        value: 3,
      },
    ]);
  });
});

describe('comparing collectors', () => {
  function build(lastValue: number): DataCollector {
    const c = new DataCollector({ startYear: 2020, endYear: 2021 });
    c.record(2020, 'a', 'x', '1', 1);
    c.record(2021, 'a', 'x', '1', lastValue);
    return c;
  }

  it('finds equal collectors equal and tells -0 from 0', () => {
    expect(build(0).equals(build(0))).toBe(true);
    expect(build(-0).equals(build(0))).toBe(false);
    expect(describeDifference(build(-0).snapshot(), build(0).snapshot())).toBe(
      '"a"/"x" in 2021 is -0 in the first, 0 in the second',
    );
  });

  it('tells a recorded cell from an unrecorded one, and a unit or order change', () => {
    const recorded = build(5);
    const unrecorded = new DataCollector({ startYear: 2020, endYear: 2021 });
    unrecorded.record(2020, 'a', 'x', '1', 1);
    const otherUnit = new DataCollector({ startYear: 2020, endYear: 2021 });
    otherUnit.record(2020, 'a', 'x', 't', 1);
    otherUnit.record(2021, 'a', 'x', 't', 5);

    expect(recorded.equals(unrecorded)).toBe(false);
    expect(recorded.equals(otherUnit)).toBe(false);
    expect(describeDifference(recorded.snapshot(), unrecorded.snapshot())).toContain(
      'not recorded',
    );
  });

  it('gives a snapshot that is plain data and does not change with later records', () => {
    const c = new DataCollector({ startYear: 2020, endYear: 2021 });
    c.record(2020, 'a', 'x', '1', 1);

    const snapshot = c.snapshot();
    c.record(2021, 'a', 'x', '1', 2);

    expect(snapshot).toEqual({
      startYear: 2020,
      endYear: 2021,
      columns: [{ agent: 'a', variable: 'x', unit: '1', values: [1, Number.NaN] }],
    });
  });
});
