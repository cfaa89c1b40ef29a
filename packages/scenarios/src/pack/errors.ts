import { OrebusError } from '@orebus/core';
/** The base of the scenario errors: Orebus's own error base, under the name this module used. */
export const PackBaseError = OrebusError;

/**
 * What went wrong with one field. `code` is stable and meant for branching and tests:
 *
 * - `syntax`: the file is not valid YAML or JSON (`line` says where);
 * - `unreadable`: the file could not be read;
 * - `unknown_field`: a key the format does not define;
 * - `missing`: a required field or parameter is absent;
 * - `invalid_type`: a value of the wrong type (a string where a number belongs, …);
 * - `out_of_range`: a number outside its parameter's range;
 * - `invalid_value`: a value of the right type that is not allowed (enum, array length, …);
 * - `unit_mismatch`: a parameter states a unit other than the one the model expects;
 * - `sum_mismatch`: shares or weights that do not sum to 1;
 * - `year_outside_horizon`: a year outside the span the parameter covers;
 * - `inconsistent`: parameters that are each valid but contradict each other;
 * - `unknown_override`, `malformed_override`: a command-line `name=value` that names no
 *   parameter or whose value cannot be read as that parameter's type;
 * - `unknown_combination`, `unknown_variant`: a scenario name the pack does not define.
 */
export type ScenarioIssueCode =
  | 'syntax'
  | 'unreadable'
  | 'unknown_field'
  | 'missing'
  | 'invalid_type'
  | 'out_of_range'
  | 'invalid_value'
  | 'unit_mismatch'
  | 'sum_mismatch'
  | 'year_outside_horizon'
  | 'inconsistent'
  | 'unknown_override'
  | 'malformed_override'
  | 'unknown_combination'
  | 'unknown_variant';

/**
 * One problem in a scenario file or override. `file` is the path of the file, or
 * `(command line)` for overrides; `path` is the dotted field path inside the document
 * (`parameters.producers.Con.value`) or, for an override, the parameter path it named;
 * `allowed` says in words what would have been accepted.
 */
export interface ScenarioIssue {
  readonly code: ScenarioIssueCode;
  readonly file: string;
  readonly path: string;
  readonly value: unknown;
  readonly allowed: string;
  readonly line?: number;
}

/** The name under which issues about command-line overrides are filed. */
export const COMMAND_LINE = '(command line)';

/**
 * Every problem found in a set of scenario files and overrides, reported together (code
 * `E_SCENARIO`). The command-line program prints {@link formatScenarioError} and exits with
 * status 2.
 */
export class ScenarioError extends PackBaseError {
  readonly issues: readonly ScenarioIssue[];

  constructor(issues: readonly ScenarioIssue[], options?: { cause?: unknown }) {
    super('E_SCENARIO', summarise(issues), { issues }, options);
    this.issues = issues;
  }
}

/** Whether `error` is a {@link ScenarioError}; works across copies of this module. */
export function isScenarioError(error: unknown): error is ScenarioError {
  return error instanceof ScenarioError || (error as { code?: unknown })?.code === 'E_SCENARIO';
}

/**
 * Renders a {@link ScenarioError} as one multi-line message: a headline, then one line per
 * issue with file, line, field path, offending value and what is allowed, then what to do.
 */
export function formatScenarioError(error: ScenarioError): string {
  const lines = error.issues.map((issue) => {
    const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}`;
    const field = issue.path === '' ? '' : ` ${issue.path}`;
    // A syntax issue's value is the parser's message, not a value of the file.
    if (issue.code === 'syntax')
      return `  ${where}${field}: ${issue.value}; expected ${issue.allowed}`;
    return `  ${where}${field}: ${formatValue(issue.value)} is not allowed (${issue.code}); expected ${issue.allowed}`;
  });
  // The hint names `orebus show` only where a parameter is in question: not for an experiment
  // file's method or a syntax error.
  const aboutParameters = error.issues.some(
    (issue) => issue.path.startsWith('parameters.') || /parameter/.test(issue.allowed),
  );
  return [
    summarise(error.issues),
    ...lines,
    aboutParameters
      ? 'Fix the fields above and run again; `orebus show` lists every parameter with its unit.'
      : 'Fix the fields above and run again.',
  ].join('\n');
}

function summarise(issues: readonly ScenarioIssue[]): string {
  const files = [...new Set(issues.map((issue) => issue.file))];
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  return `Rejected: ${count} in ${files.join(', ')}`;
}

/** Renders a value for an error message: short, and unambiguous about strings. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '(nothing)';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return String(value);
  }
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
