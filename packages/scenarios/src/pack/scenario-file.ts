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
  ScenarioFileSchema,
} from './file-schema.js';
import { describeAllowedValue, findParameterSpec } from './parameter-specs.js';

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
  "{kind: 'paper', ref} | {kind: 'data', source, year} | {kind: 'calibrated', target} | {kind: 'assumption', reason}";

/** Reads and validates a scenario file (YAML, or JSON if it ends in `.json`). */
export function readScenarioFile(file: string): ScenarioFileOutcome {
  const parsed = readDocument(file);
  return parsed.ok ? validateScenarioDocument(parsed.document) : parsed;
}

/** Parses and validates scenario text; `file` names it in issues. */
export function parseScenarioText(
  text: string,
  file: string,
  format: DocumentFormat,
): ScenarioFileOutcome {
  const parsed = parseDocumentText(text, file, format);
  return parsed.ok ? validateScenarioDocument(parsed.document) : parsed;
}

/** Validates parsed data against the scenario file schema, reporting every issue at once. */
export function validateScenarioDocument(document: ParsedDocument): ScenarioFileOutcome {
  const result = ScenarioFileSchema.safeParse(document.data);
  if (!result.success) {
    const issues = toScenarioIssues(result.error.issues, {
      document,
      knownKeys: knownKeysOfScenarioFile,
      describe: describeScenarioField,
    });
    return { ok: false, issues };
  }

  const content = result.data as ScenarioFile;
  const parameters = new Map<string, Parameter>();
  flatten(content.parameters, [], parameters);
  return { ok: true, value: { file: document.file, content, parameters } };
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

function describeScenarioField(path: readonly string[]): string | undefined {
  if (path.length === 1 && path[0] === 'orebus') return `'${SCENARIO_FORMAT}'`;
  if (path[0] !== 'parameters') return undefined;
  for (let end = 2; end <= path.length; end += 1) {
    const spec = findParameterSpec(path.slice(1, end).join('.'));
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
