export { CSV_HEADER, csvField, parseCsv, toCsv } from './csv.js';
export {
  type ColumnHandle,
  DataCollector,
  type DataCollectorOptions,
  MODEL,
  type Series,
  type VariableInfo,
} from './data-collector.js';
export {
  CsvParseError,
  DuplicateRecordError,
  UnitConflictError,
  UnknownVariableError,
  YearOutOfRangeError,
} from './errors.js';
export { ROW_FIELDS, type Row, toJson } from './row.js';
export { type CollectorSnapshot, type ColumnSnapshot, describeDifference } from './snapshot.js';
