import { formatValue, OrebusError } from '../errors.js';

/** A variable was defined, or recorded, with a unit other than the one it already has. */
export class UnitConflictError extends OrebusError {
  constructor(agent: string, variable: string, existingUnit: string, requestedUnit: string) {
    super(
      'E_UNIT_CONFLICT',
      `${formatValue(agent)}/${formatValue(variable)} is recorded in ` +
        `${formatValue(existingUnit)}, not ${formatValue(requestedUnit)}: ` +
        'convert the value, or give the variable another name',
      { agent, variable, existingUnit, requestedUnit },
    );
  }
}

/** A cell (variable, year) that already holds a value was recorded again. */
export class DuplicateRecordError extends OrebusError {
  constructor(agent: string, variable: string, year: number, existing: number, value: number) {
    super(
      'E_DUPLICATE_RECORD',
      `${formatValue(agent)}/${formatValue(variable)} already holds ${existing} for ${year}; ` +
        `got ${value} again: each variable is recorded once per year, so sum or pick the value ` +
        'before recording it',
      { agent, variable, year, existing, value },
    );
  }
}

/** A year that is not an integer within the collector's range. */
export class YearOutOfRangeError extends OrebusError {
  constructor(year: number, startYear: number, endYear: number, where: string) {
    super(
      'E_YEAR_OUT_OF_RANGE',
      `${where}: year ${year} is not an integer in [${startYear}, ${endYear}]; ` +
        'widen the collector’s range or check the clock',
      { year, startYear, endYear, where },
    );
  }
}

/** A variable was read back that was never defined. */
export class UnknownVariableError extends OrebusError {
  constructor(agent: string, variable: string) {
    super(
      'E_UNKNOWN_VARIABLE',
      `no variable ${formatValue(variable)} is defined for agent ${formatValue(agent)}; ` +
        'see DataCollector#variables() for what was recorded',
      { agent, variable },
    );
  }
}

/** CSV text that is not a table of rows as `toCsv` writes them. */
export class CsvParseError extends OrebusError {
  constructor(line: number, problem: string) {
    super('E_CSV_PARSE', `CSV line ${line}: ${problem}`, { line, problem });
  }
}
