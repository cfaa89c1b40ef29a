/**
 * Validating one scenario file (a pack's base, calibrated, side or variant file, or a saved
 * complete scenario) and flattening its nested `parameters` into a map keyed by dotted path.
 */

import {
  type DocumentFormat,
  type ParsedDocument,
  parseDocumentText,
  readDocument,
  toScenarioIssues,
} from './documents.js';
import type { ScenarioIssue } from './errors.js';
import {
  knownKeysBelow,
  type Parameter,
  SCENARIO_FILE_KEYS,
  SCENARIO_FORMAT,
  type ScenarioFile,
  scenarioFileSchema,
} from './file-schema.js';
import { DEFAULT_METAL, describeAllowedValue, findParameterSpec } from './parameter-specs.js';
import { schemaFieldsAt } from './schema-fields.js';

/** A valid scenario file with its parameters keyed by dotted path. */
export interface LoadedScenarioFile {
  readonly file: string;
  readonly content: ScenarioFile;
  readonly parameters: ReadonlyMap<string, Parameter>;
}

/** A valid file, or every issue found in it. */
export type ScenarioFileOutcome =
  | { readonly ok: true; readonly value: LoadedScenarioFile }
  | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

const PROVENANCE_ALLOWED =
  "{kind: 'paper', ref} | {kind: 'data', source, year} | {kind: 'calibrated', target} | {kind: 'assumption', reason} | {kind: 'derived', from}";

/** How to read a scenario file: for which metal, and which of its parameters. */
export interface ReadOptions {
  /**
   * The metal whose units the parameters must state (`t Co`). Absent: the metal the file
   * itself declares, else lithium.
   */
  readonly metal?: string;
  /**
   * Take only the parameters at or below these dotted paths (`ev`, `producers.a`); the rest of
   * the file is neither read nor checked. A pack uses this to borrow part of another pack's
   * file, such as the demand side of the lithium pack.
   */
  readonly only?: readonly string[];
}

/** Reads and validates a scenario file (YAML, or JSON if it ends in `.json`). */
export function readScenarioFile(file: string, options: ReadOptions = {}): ScenarioFileOutcome {
  const parsed = readDocument(file);
  return parsed.ok ? validateScenarioDocument(parsed.document, options) : parsed;
}

/** Parses and validates scenario text; `file` names it in issues. */
export function parseScenarioText(
  text: string,
  file: string,
  format: DocumentFormat,
  options: ReadOptions = {},
): ScenarioFileOutcome {
  const parsed = parseDocumentText(text, file, format);
  return parsed.ok ? validateScenarioDocument(parsed.document, options) : parsed;
}

/** The metal a document declares at its top, if it declares a string. */
function declaredMetal(data: unknown): string | undefined {
  const metal = (data as { metal?: unknown } | null)?.metal;
  return typeof metal === 'string' ? metal : undefined;
}

/** Validates parsed data against the scenario file schema, reporting every issue at once. */
export function validateScenarioDocument(
  document: ParsedDocument,
  options: ReadOptions = {},
): ScenarioFileOutcome {
  const declared = declaredMetal(document.data);
  const metal = options.metal ?? declared ?? DEFAULT_METAL;
  const data =
    options.only === undefined ? document.data : selectParameters(document.data, options.only);
  const result = scenarioFileSchema(metal).safeParse(data);
  if (!result.success) {
    const issues = toScenarioIssues(result.error.issues, {
      document: { ...document, data },
      knownKeys: (path) =>
        knownKeysOfScenarioFile(path) ?? schemaFieldsAt(scenarioFileSchema(metal), path, data),
      describe: (path) => describeScenarioField(path, metal),
    });
    return { ok: false, issues };
  }
  if (declared !== undefined && declared !== metal) {
    const line = document.lineOf(['metal']);
    const issue: ScenarioIssue = {
      code: 'inconsistent',
      file: document.file,
      path: 'metal',
      value: declared,
      allowed: `'${metal}', the metal of the pack that reads it, or no metal field`,
    };
    return { ok: false, issues: [line === undefined ? issue : { ...issue, line }] };
  }

  const content = result.data as ScenarioFile;
  const parameters = new Map<string, Parameter>();
  flatten(content.parameters, [], parameters);
  return { ok: true, value: { file: document.file, content, parameters } };
}

/** A copy of `data` whose `parameters` keep only what lies at or below the `only` paths. */
function selectParameters(data: unknown, only: readonly string[]): unknown {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return data;
  const parameters = (data as { parameters?: unknown }).parameters;
  return { ...data, parameters: prune(parameters, '', only) };
}

function prune(node: unknown, prefix: string, only: readonly string[]): unknown {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return node;
  const kept: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(node)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (only.some((wanted) => path === wanted || path.startsWith(`${wanted}.`))) {
      kept[key] = child;
    } else if (only.some((wanted) => wanted.startsWith(`${path}.`))) {
      kept[key] = prune(child, path, only);
    }
  }
  return kept;
}

function flatten(node: unknown, prefix: readonly string[], into: Map<string, Parameter>): void {
  if (typeof node !== 'object' || node === null) return;
  for (const [key, child] of Object.entries(node)) {
    if (child === undefined) continue;
    const path = [...prefix, key].join('.');
    if (findParameterSpec(path) === undefined) flatten(child, [...prefix, key], into);
    else into.set(path, child as Parameter);
  }
}

function knownKeysOfScenarioFile(path: readonly string[]): readonly string[] | undefined {
  if (path.length === 0) return SCENARIO_FILE_KEYS;
  if (path[0] !== 'parameters') return undefined;
  if (path.at(-1) === 'provenance') return ['kind', 'ref', 'source', 'year', 'target', 'reason'];
  return knownKeysBelow(path.slice(1));
}

function describeScenarioField(path: readonly string[], metal: string): string | undefined {
  if (path.length === 1 && path[0] === 'orebus') return `'${SCENARIO_FORMAT}'`;
  if (path[0] !== 'parameters') return undefined;
  for (let end = 2; end <= path.length; end += 1) {
    const spec = findParameterSpec(path.slice(1, end).join('.'), metal);
    if (spec === undefined) continue;
    const field = path[end];
    if (field === undefined) return `{ value, unit: '${spec.unit}', provenance }`;
    if (field === 'value') return describeAllowedValue(spec);
    if (field === 'unit') return `the unit '${spec.unit}'`;
    if (field === 'provenance') return PROVENANCE_ALLOWED;
    if (field === 'interpolation') return "'linear' or 'step'";
    return undefined;
  }
  return undefined;
}
