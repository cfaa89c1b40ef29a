/**
 * Reading command-line overrides `name=value`: the name is a parameter's dotted path, and the
 * value is read by that parameter's kind and checked by the same schema as a file's value.
 */

import { toScenarioIssues } from './documents.js';
import { COMMAND_LINE, type ScenarioIssue } from './errors.js';
import { type Parameter, type ParameterValue, valueSchema } from './file-schema.js';
import {
  DEFAULT_METAL,
  describeAllowedValue,
  findParameterSpec,
  LITHIUM_PARAMETER_SPECS,
  type ParameterSpec,
} from './parameter-specs.js';

/** An override read and checked, ready to replace the parameter at `path`. */
export interface ParsedOverride {
  readonly path: string;
  readonly parameter: Parameter;
}

/** The provenance every command-line override gets. */
export const OVERRIDE_PROVENANCE = { kind: 'assumption', reason: 'command-line override' } as const;

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Reads overrides in order (a later one for the same path wins). `current` gives the value an
 * override replaces, which a field override such as `ev.lifetime.mean=16` starts from; `metal`
 * gives the units an override's parameter carries (`t Co`). Returns the overrides that are
 * valid and an issue for each that is not.
 */
export function parseOverrides(
  texts: readonly string[],
  current: (path: string) => Parameter | undefined,
  metal: string = DEFAULT_METAL,
): { overrides: ParsedOverride[]; issues: ScenarioIssue[] } {
  const overrides: ParsedOverride[] = [];
  const issues: ScenarioIssue[] = [];
  for (const text of texts) {
    const outcome = parseOverride(text, current, metal);
    if ('issues' in outcome) issues.push(...outcome.issues);
    else overrides.push(outcome);
  }
  return { overrides, issues };
}

/**
 * The parameter path an override `name=value` names, trimmed; '' if it has no `=`. An issue about
 * the override is at this path (at the whole text if it is '').
 */
export function overrideName(text: string): string {
  const equals = text.indexOf('=');
  return equals < 0 ? '' : text.slice(0, equals).trim();
}

function parseOverride(
  text: string,
  current: (path: string) => Parameter | undefined,
  metal: string,
): ParsedOverride | { issues: ScenarioIssue[] } {
  const equals = text.indexOf('=');
  const name = overrideName(text);
  const raw = equals < 0 ? '' : text.slice(equals + 1).trim();
  if (name === '') {
    return fail('malformed_override', text, text, 'name=value, e.g. producers.Con=0.2');
  }

  const spec = findParameterSpec(name, metal);
  if (spec !== undefined) {
    const value = readValue(spec, raw);
    if (value === undefined)
      return fail('malformed_override', name, raw, describeAllowedValue(spec));
    return checked(spec, name, value);
  }

  // A field of an object-valued parameter, e.g. `ev.lifetime.mean=16`.
  const parentPath = name.slice(0, name.lastIndexOf('.'));
  const parent = findParameterSpec(parentPath, metal);
  const field = name.slice(parentPath.length + 1);
  const base = current(parentPath)?.value;
  if (parent?.kind === 'lifetime' && typeof base === 'object' && base !== null && field in base) {
    const value = readNumberOrWord(raw);
    return checked(parent, parentPath, { ...base, [field]: value } as ParameterValue);
  }
  return fail('unknown_override', name, raw, suggestPaths(name));
}

function checked(spec: ParameterSpec, path: string, value: ParameterValue) {
  const result = valueSchema(spec).safeParse(value);
  if (!result.success) {
    const document = { file: COMMAND_LINE, data: value, lineOf: () => undefined };
    const issues = toScenarioIssues(result.error.issues, {
      document,
      knownKeys: () => undefined,
      describe: () => describeAllowedValue(spec),
    }).map((issue) => ({ ...issue, path: issue.path === '' ? path : `${path}.${issue.path}` }));
    return { issues };
  }
  const parameter: Parameter = { value, unit: spec.unit, provenance: OVERRIDE_PROVENANCE };
  return { path, parameter };
}

function fail(code: ScenarioIssue['code'], path: string, value: string, allowed: string) {
  return { issues: [{ code, file: COMMAND_LINE, path, value, allowed }] };
}

/** Reads the text of a value by the parameter's kind; undefined if it cannot be read at all. */
function readValue(spec: ParameterSpec, raw: string): ParameterValue | undefined {
  switch (spec.kind) {
    case 'number':
      return readNumber(raw);
    case 'numbers': {
      const list = readList(raw);
      const numbers = list?.map((item) =>
        typeof item === 'number' ? item : readNumber(String(item)),
      );
      return numbers?.every((item) => item !== undefined) ? (numbers as number[]) : undefined;
    }
    case 'enum':
      return raw === '' ? undefined : raw;
    case 'labels': {
      const list = readList(raw);
      return list?.every((item) => typeof item === 'string') ? (list as string[]) : undefined;
    }
    case 'series':
      return readNumber(raw) ?? readYearPath(raw);
    case 'lifetime':
    case 'rules':
      return readJson(raw) as ParameterValue | undefined;
  }
}

function readNumber(raw: string): number | undefined {
  return NUMBER.test(raw) ? Number(raw) : undefined;
}

function readNumberOrWord(raw: string): number | string {
  return readNumber(raw) ?? raw;
}

function readJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** `a,b,c` or a JSON array. */
function readList(raw: string): unknown[] | undefined {
  if (raw.startsWith('[')) {
    const parsed = readJson(raw);
    return Array.isArray(parsed) ? parsed : undefined;
  }
  return raw === '' ? undefined : raw.split(',').map((item) => item.trim());
}

/** `2023:0.2,2030:0.5` or a JSON object. */
function readYearPath(raw: string): Record<string, number> | undefined {
  if (raw.startsWith('{')) {
    const parsed = readJson(raw);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, number>)
      : undefined;
  }
  const points: Record<string, number> = {};
  for (const item of raw.split(',')) {
    const [year, value, extra] = item.split(':').map((part) => part.trim());
    const number = readNumber(value ?? '');
    if (
      year === undefined ||
      !/^\d{4}$/.test(year) ||
      number === undefined ||
      extra !== undefined
    ) {
      return undefined;
    }
    points[year] = number;
  }
  return points;
}

function suggestPaths(name: string): string {
  const group = name.split('.')[0];
  const inGroup = LITHIUM_PARAMETER_SPECS.filter((spec) => spec.path.split('.')[0] === group);
  const candidates =
    inGroup.length > 0
      ? inGroup.map((spec) => spec.path)
      : [...new Set(LITHIUM_PARAMETER_SPECS.map((spec) => spec.path.replace(/\..*$/, '.…')))];
  return `a parameter path: ${candidates.join(', ')}`;
}
