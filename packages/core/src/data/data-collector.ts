import { formatValue, InvalidArgumentError, NonFiniteNumberError } from '../errors.js';
import {
  DuplicateRecordError,
  UnitConflictError,
  UnknownVariableError,
  YearOutOfRangeError,
} from './errors.js';
import type { Row } from './row.js';
import { type CollectorSnapshot, describeDifference } from './snapshot.js';

/** The agent name under which model-level variables are recorded. */
export const MODEL = 'model';

declare const columnBrand: unique symbol;

/**
 * Stands for one defined variable of one collector, for the fast path `DataCollector#set`.
 * A handle is only meaningful to the collector that issued it.
 */
export type ColumnHandle = number & { readonly [columnBrand]: true };

/** What identifies a variable and how it is measured. */
export interface VariableInfo {
  /** An agent id, or `MODEL` for model-level variables. */
  readonly agent: string;
  readonly variable: string;
  /** Free text such as `'t Li'`, `'price units/t'`, or `'1'` for dimensionless values. */
  readonly unit: string;
}

/** All years of one variable; `values[i]` belongs to `years[i]` and is NaN if not recorded. */
export interface Series extends VariableInfo {
  readonly years: readonly number[];
  readonly values: Float64Array;
}

/** The inclusive range of years a collector stores; one value per variable per year. */
export interface DataCollectorOptions {
  readonly startYear: number;
  readonly endYear: number;
}

interface Column extends VariableInfo {
  /** The column's cells are `slab[offset]` … `slab[offset + yearCount − 1]`. */
  readonly slab: Float64Array;
  readonly offset: number;
}

function assertName(field: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidArgumentError(field, value, 'a non-empty string');
  }
}

/**
 * A columnar store of yearly values, one column per (agent, variable), kept in the order the
 * variables were first defined.
 *
 * Each column is a run of `Float64Array` cells over the years `startYear..endYear` in which NaN
 * means "not recorded"; that is why only finite values may be recorded. Each cell is written at most once:
 * a model records each variable once per tick, and a second write in the same year is a bug
 * (two writers, or a step run twice) that overwriting would hide.
 *
 * Limitation: ticks are whole years. A model with monthly or quarterly steps has to aggregate to
 * one value per year before recording, or keep its own store.
 */
export class DataCollector {
  readonly startYear: number;
  readonly endYear: number;
  readonly #columns: Column[] = [];
  readonly #byAgent = new Map<string, Map<string, number>>();
  /**
   * Columns live side by side in slabs: a `Float64Array` of its own per column costs a buffer
   * each, about a microsecond, most of a `define`. Each slab holds twice the columns of the one
   * before, up to 64; `#slabUsed` cells of the last one are taken.
   */
  #slab = new Float64Array(0);
  #slabUsed = 0;
  #slabColumns = 8;

  /**
   * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) unless both years are safe integers with
   *   `startYear ≤ endYear`.
   */
  constructor(options: DataCollectorOptions) {
    const { startYear, endYear } = options;
    if (!Number.isSafeInteger(startYear)) {
      throw new InvalidArgumentError('startYear', startYear, 'an integer year');
    }
    if (!Number.isSafeInteger(endYear) || endYear < startYear) {
      throw new InvalidArgumentError(
        'endYear',
        endYear,
        `an integer year ≥ startYear ${startYear}`,
      );
    }
    this.startYear = startYear;
    this.endYear = endYear;
  }

  /** Number of years in the range, and so the length of every column. */
  get yearCount(): number {
    return this.endYear - this.startYear + 1;
  }

  /**
   * Defines a variable, or returns the handle of the existing one if the unit agrees. Defining
   * is idempotent, so each agent may simply define its variables when it starts.
   *
   * @throws UnitConflictError (`E_UNIT_CONFLICT`) if the variable exists with another unit.
   * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) if a name or the unit is empty.
   */
  define(agent: string, variable: string, unit: string): ColumnHandle {
    const existing = this.#find(agent, variable);
    if (existing !== undefined) {
      const column = this.#columns[existing] as Column;
      if (column.unit !== unit) throw new UnitConflictError(agent, variable, column.unit, unit);
      return existing as ColumnHandle;
    }
    assertName('agent', agent);
    assertName('variable', variable);
    assertName('unit', unit);

    const index = this.#columns.length;
    const years = this.yearCount;
    if (this.#slabUsed + years > this.#slab.length) {
      this.#slab = new Float64Array(years * this.#slabColumns).fill(Number.NaN);
      this.#slabUsed = 0;
      this.#slabColumns = Math.min(this.#slabColumns * 2, 64);
    }
    this.#columns.push({ agent, variable, unit, slab: this.#slab, offset: this.#slabUsed });
    this.#slabUsed += years;
    let variables = this.#byAgent.get(agent);
    if (variables === undefined) {
      variables = new Map();
      this.#byAgent.set(agent, variables);
    }
    variables.set(variable, index);
    return index as ColumnHandle;
  }

  /**
   * Records `value` for `year`, defining the variable on first use.
   *
   * @throws as `define` and as `set`.
   */
  record(year: number, agent: string, variable: string, unit: string, value: number): void {
    this.set(this.define(agent, variable, unit), year, value);
  }

  /**
   * Records `value` for `year` in the column `handle`: the fast path for per-tick recording.
   *
   * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) if `handle` was not issued here.
   * @throws YearOutOfRangeError (`E_YEAR_OUT_OF_RANGE`) if `year` is not an integer in range.
   * @throws NonFiniteNumberError (`E_NON_FINITE`) if `value` is NaN or infinite.
   * @throws DuplicateRecordError (`E_DUPLICATE_RECORD`) if the cell already holds a value.
   */
  set(handle: ColumnHandle, year: number, value: number): void {
    const column = this.#columns[handle];
    if (column === undefined) {
      throw new InvalidArgumentError('handle', handle, 'a handle returned by this collector');
    }
    const offset = year - this.startYear;
    if (!Number.isInteger(year) || offset < 0 || offset > this.endYear - this.startYear) {
      const where = `recording ${formatValue(column.agent)}/${formatValue(column.variable)}`;
      throw new YearOutOfRangeError(year, this.startYear, this.endYear, where);
    }
    if (!Number.isFinite(value)) {
      const where = `${formatValue(column.agent)}/${formatValue(column.variable)} in ${year}`;
      throw new NonFiniteNumberError('value', value, where);
    }
    const cell = column.offset + offset;
    const existing = column.slab[cell] as number;
    if (!Number.isNaN(existing)) {
      throw new DuplicateRecordError(column.agent, column.variable, year, existing, value);
    }

    column.slab[cell] = value;
  }

  /** Whether the variable has been defined (recorded values or not). */
  has(agent: string, variable: string): boolean {
    return this.#find(agent, variable) !== undefined;
  }

  /**
   * The whole range of years of one variable; the values are a copy.
   *
   * @throws UnknownVariableError (`E_UNKNOWN_VARIABLE`) if it was never defined.
   */
  series(agent: string, variable: string): Series {
    const index = this.#find(agent, variable);
    if (index === undefined) throw new UnknownVariableError(agent, variable);
    const column = this.#columns[index] as Column;

    const years = Array.from({ length: this.yearCount }, (_, i) => this.startYear + i);
    return { agent, variable, unit: column.unit, years, values: valuesOf(column, years.length) };
  }

  /** The defined variables, in definition order. */
  variables(): VariableInfo[] {
    return this.#columns.map(({ agent, variable, unit }) => ({ agent, variable, unit }));
  }

  /**
   * The recorded values as tidy rows labelled `scenario`, ordered by variable (definition order),
   * then by year ascending; unrecorded cells are skipped. The order depends only on the order in
   * which variables were first defined, not on the order in which cells were recorded.
   * Concatenate the rows of several collectors to compare scenarios.
   */
  *rows(scenario: string): Generator<Row, void, undefined> {
    for (const { agent, variable, unit, slab, offset } of this.#columns) {
      for (let i = 0; i < this.yearCount; i++) {
        const value = slab[offset + i] as number;
        if (Number.isNaN(value)) continue;
        yield { scenario, year: this.startYear + i, agent, variable, unit, value };
      }
    }
  }

  /** The collector as plain data, for comparing runs or saving; a copy. */
  snapshot(): CollectorSnapshot {
    return {
      startYear: this.startYear,
      endYear: this.endYear,
      columns: this.#columns.map((column) => ({
        agent: column.agent,
        variable: column.variable,
        unit: column.unit,
        values: Array.from(valuesOf(column, this.yearCount)),
      })),
    };
  }

  /**
   * Whether `other` holds the same variables, in the same order and units, with bit-identical
   * values (`Object.is`: −0 differs from 0) over the same years. `describeDifference` on the two
   * snapshots says where they part.
   */
  equals(other: DataCollector): boolean {
    return describeDifference(this.snapshot(), other.snapshot()) === undefined;
  }

  #find(agent: string, variable: string): number | undefined {
    return this.#byAgent.get(agent)?.get(variable);
  }
}

/** A copy of a column's cells. */
function valuesOf(column: Column, yearCount: number): Float64Array {
  return column.slab.slice(column.offset, column.offset + yearCount);
}
