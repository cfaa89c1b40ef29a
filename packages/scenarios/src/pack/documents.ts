/**
 * Reading YAML and JSON documents into plain data, with the line of every field kept for error
 * messages, and turning zod issues into {@link ScenarioIssue}s that name file, line, field path,
 * value and what is allowed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { ScenarioIssue, ScenarioIssueCode } from './errors.js';
import { isRecord } from './schema-fields.js';

/** A parsed document: its data and a way back from a field path to a line. */
export interface ParsedDocument {
  readonly file: string;
  readonly data: unknown;
  /** The 1-based line of the field at `path`, or of its nearest ancestor found in the text. */
  readonly lineOf: (path: readonly PropertyKey[]) => number | undefined;
}

/** The outcome of parsing: a document, or the syntax issues that stopped it. */
export type ParseOutcome =
  | { readonly ok: true; readonly document: ParsedDocument }
  | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

/** The formats a scenario or pack file may be written in, chosen by file extension. */
export type DocumentFormat = 'yaml' | 'json';

/** The format of a file from its extension: `.json` is JSON, anything else YAML. */
export function formatOf(file: string): DocumentFormat {
  return extname(file).toLowerCase() === '.json' ? 'json' : 'yaml';
}

/** Reads and parses a file; an unreadable file becomes an `unreadable` issue, not a throw. */
export function readDocument(file: string): ParseOutcome {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      issues: [
        { code: 'unreadable', file, path: '', value: file, allowed: `a readable file (${reason})` },
      ],
    };
  }
  return parseDocumentText(text, file, formatOf(file));
}

/**
 * Parses YAML or JSON text. Every syntax error of a YAML text is reported, each with its line;
 * JSON stops at its first error.
 */
export function parseDocumentText(
  text: string,
  file: string,
  format: DocumentFormat,
): ParseOutcome {
  const lineCounter = new LineCounter();
  const yamlDocument = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });

  if (format === 'json') {
    try {
      const data: unknown = JSON.parse(text);
      // JSON is valid YAML 1.2, so the YAML parse, when clean, gives the lines for messages.
      const lineOf =
        yamlDocument.errors.length === 0
          ? locator(yamlDocument.contents, lineCounter)
          : () => undefined;
      return { ok: true, document: { file, data, lineOf } };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const position = /position (\d+)/.exec(message)?.[1];
      const line = position === undefined ? undefined : lineCounter.linePos(Number(position)).line;
      const issue: ScenarioIssue = {
        code: 'syntax',
        file,
        path: '',
        value: message,
        allowed: 'valid JSON',
      };
      return { ok: false, issues: [line === undefined ? issue : { ...issue, line }] };
    }
  }

  if (yamlDocument.errors.length > 0) {
    const issues = yamlDocument.errors.map((error): ScenarioIssue => {
      const line = lineCounter.linePos(error.pos[0]).line;
      const issue: ScenarioIssue = {
        code: 'syntax',
        file,
        path: '',
        value: error.message.split('\n')[0],
        allowed: `valid YAML (${error.code})`,
      };
      return { ...issue, line };
    });
    return { ok: false, issues };
  }
  const data: unknown = yamlDocument.toJS({ maxAliasCount: 100 });
  return {
    ok: true,
    document: { file, data, lineOf: locator(yamlDocument.contents, lineCounter) },
  };
}

function locator(root: unknown, lineCounter: LineCounter): ParsedDocument['lineOf'] {
  return (path) => {
    let node = root as Node | null | undefined;
    let line = lineOfNode(node, lineCounter);
    for (const key of path) {
      let next: unknown;
      if (isMap(node)) {
        // Keys such as `2030:` are numbers in YAML and strings in the data; compare as text.
        const pair = node.items.find(
          (item) => String(isScalar(item.key) ? item.key.value : item.key) === String(key),
        );
        next = pair === undefined ? undefined : (pair.value ?? pair.key);
      } else if (isSeq(node)) {
        next = node.items[Number(key)];
      }
      if (next === undefined) break;
      node = next as Node;
      line = lineOfNode(node, lineCounter) ?? line;
    }
    return line;
  };
}

function lineOfNode(node: unknown, lineCounter: LineCounter): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range === undefined ? undefined : lineCounter.linePos(range[0]).line;
}

/**
 * `issues` with the line of each field that has none yet, read from its file: checks made after
 * a document was parsed (against the pack, on the first run) know fields, not lines. A file that
 * cannot be read or parsed now, or the command line, leaves its issues as they are.
 */
export function withLinesFromFiles(issues: readonly ScenarioIssue[]): ScenarioIssue[] {
  const documents = new Map<string, ParsedDocument | undefined>();
  return issues.map((issue) => {
    if (issue.line !== undefined || issue.path === '' || !existsSync(issue.file)) return issue;
    if (!documents.has(issue.file)) {
      const outcome = readDocument(issue.file);
      documents.set(issue.file, outcome.ok ? outcome.document : undefined);
    }
    const line = documents.get(issue.file)?.lineOf(issue.path.split('.'));
    return line === undefined ? issue : { ...issue, line };
  });
}

/** Reads the data at a path, or undefined where the path leaves the data. */
export function getAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let node = data;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** What a mapping needs to know about the format to describe an issue. */
export interface IssueContext {
  readonly document: ParsedDocument;
  /** The keys allowed in the object at `path`, for `unknown_field` issues. */
  readonly knownKeys: (path: readonly string[]) => readonly string[] | undefined;
  /** What the field at `path` may hold, if the format can say better than zod. */
  readonly describe?: (path: readonly string[]) => string | undefined;
}

/** Turns zod issues on a document into scenario issues, one per offending field. */
export function toScenarioIssues(
  zodIssues: readonly z.core.$ZodIssue[],
  context: IssueContext,
): ScenarioIssue[] {
  const { document } = context;
  return zodIssues.flatMap((zodIssue): ScenarioIssue[] => {
    const path = zodIssue.path.map(String);
    if (zodIssue.code === 'unrecognized_keys') {
      const known = context.knownKeys(path);
      const allowed =
        known === undefined ? 'no such field' : `one of the fields ${known.join(', ')}`;
      return zodIssue.keys.map((key) =>
        located(
          document,
          {
            code: 'unknown_field',
            file: document.file,
            path: [...path, key].join('.'),
            value: getAt(document.data, [...path, key]),
            allowed,
          },
          [...path, key],
        ),
      );
    }
    const value =
      zodIssue.code === 'invalid_key' ? path.at(-1) : getAt(document.data, zodIssue.path);
    if (zodIssue.code === 'invalid_union') {
      // An object matching no member of a union: its problems as the member it is closest to,
      // rather than one "invalid input" for the whole object.
      const member = isRecord(value) ? closestMember(value, zodIssue.errors) : undefined;
      if (member !== undefined) {
        const within = member.map((issue) => ({
          ...issue,
          path: [...zodIssue.path, ...issue.path],
        }));
        return toScenarioIssues(within, context);
      }
    }
    const code = issueCodeOf(zodIssue, value, path);
    const allowed =
      zodIssue.code === 'custom'
        ? zodIssue.message
        : (context.describe?.(path) ??
          (zodIssue.code === 'invalid_union'
            ? unionAllowed(zodIssue.errors, zodIssue.message)
            : allowedFrom(zodIssue.message)));
    return [
      located(document, { code, file: document.file, path: path.join('.'), value, allowed }, path),
    ];
  });
}

/**
 * The issues of the union member an object comes closest to: the one with the fewest issues, a
 * member whose discriminator the object names wrongly counting as one issue (that name) and one
 * whose discriminator it lacks not counting at all; undefined if no member is left.
 */
function closestMember(
  value: object,
  members: readonly (readonly z.core.$ZodIssue[])[],
): readonly z.core.$ZodIssue[] | undefined {
  let closest: readonly z.core.$ZodIssue[] | undefined;
  for (const issues of members) {
    const wrongKind = issues.find(
      (issue) =>
        issue.code === 'invalid_union' &&
        issue.path.length === 1 &&
        (issue as { note?: string }).note === 'No matching discriminator',
    );
    const candidate =
      wrongKind === undefined ? issues : String(wrongKind.path[0]) in value ? [wrongKind] : [];
    if (candidate.length === 0) continue;
    if (closest === undefined || candidate.length < closest.length) closest = candidate;
  }
  return closest;
}

/** What a union allows, from what each member expected of the value itself. */
function unionAllowed(members: readonly (readonly z.core.$ZodIssue[])[], message: string): string {
  const expected = new Set<string>();
  for (const issues of members) {
    for (const issue of issues) {
      if (issue.path.length === 0) {
        expected.add(allowedFrom(issue.message).replace(/, received .*$/, ''));
      }
    }
  }
  return expected.size > 0 ? [...expected].join(' or ') : allowedFrom(message);
}

/**
 * What zod's message says is allowed, without its preamble: the issue is printed as "… is not
 * allowed; expected …", so "Invalid option: expected one of "a"|"b"" becomes "one of "a"|"b""
 * and "Too small: expected number to be >=2" becomes "number to be >=2" ("Invalid number: must
 * be a multiple of 2", "a multiple of 2").
 */
function allowedFrom(message: string): string {
  return message
    .replace(/^Invalid discriminator value\. Expected /, 'one of ')
    .replace(/^(Invalid [a-z]+|Too (small|big)): /, '')
    .replace(/^(expected|must be) /, '')
    .replace(
      /^number to be (>=|<=|>|<)\s*(\S+)$/,
      (_, relation: string, bound: string) => `a number ${RELATION[relation]} ${bound}`,
    )
    .replace(
      /^(array|string) to have (>=|<=|>|<)\s*(\d+) (items|characters)$/,
      (_, what: string, relation: string, count: string, unit: string) =>
        `${what === 'array' ? 'a list' : 'a text'} of ${COUNT_RELATION[relation]} ${count} ${
          count === '1' ? unit.slice(0, -1) : unit
        }`,
    );
}

/** zod's relations in its range messages ("number to be >=1"), as a reader writes them. */
const RELATION: Readonly<Record<string, string>> = { '>=': '≥', '<=': '≤', '>': '>', '<': '<' };
const COUNT_RELATION: Readonly<Record<string, string>> = {
  '>=': 'at least',
  '<=': 'at most',
  '>': 'more than',
  '<': 'fewer than',
};

function located(
  document: ParsedDocument,
  issue: ScenarioIssue,
  path: readonly string[],
): ScenarioIssue {
  const line = document.lineOf(path);
  return line === undefined ? issue : { ...issue, line };
}

function issueCodeOf(
  zodIssue: z.core.$ZodIssue,
  value: unknown,
  path: readonly string[],
): ScenarioIssueCode {
  switch (zodIssue.code) {
    case 'custom':
      return (
        ((zodIssue.params as Record<string, unknown> | undefined)
          ?.issueCode as ScenarioIssueCode) ?? 'invalid_value'
      );
    case 'invalid_type':
      return value === undefined ? 'missing' : 'invalid_type';
    case 'too_small':
    case 'too_big':
      return zodIssue.origin === 'array' || zodIssue.origin === 'string'
        ? 'invalid_value'
        : 'out_of_range';
    case 'invalid_value':
      return path.at(-1) === 'unit' ? 'unit_mismatch' : 'invalid_value';
    case 'invalid_union':
      return value === undefined ? 'missing' : 'invalid_value';
    default:
      return 'invalid_value';
  }
}
