// Sections that the run report and the experiment report share, so the two pages read alike.
import { escapeHtml } from './escape-html.js';

/** A titled section of a report page; `body` is HTML already escaped. */
export function section(id: string, heading: string, body: string): string {
  return `<section id="${id}">\n<h2>${escapeHtml(heading)}</h2>\n${body}\n</section>`;
}

/**
 * The manifest as a two-column table: each key and its value. A value that is an object is shown
 * as a table of its fields (nested fields by dotted name), and a list of objects as a table with a
 * row per object, so that a combination's hash and derived values read as a row rather than as
 * one line of JSON. Numbers are shown as JSON writes them, every digit kept.
 */
export function renderManifest(
  manifest: Readonly<Record<string, unknown>>,
  heading: string,
): string {
  const rows = Object.entries(manifest)
    .map(([key, value]) => `<tr><th>${escapeHtml(key)}</th><td>${manifestValue(value)}</td></tr>`)
    .join('\n');
  const table =
    rows === '' ? '<p>The manifest is empty.</p>' : `<table class="manifest">${rows}</table>`;
  return section('manifest', heading, table);
}

type Field = readonly [name: string, value: unknown];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The fields of `record`, nested records' fields named `outer.inner`, in key order. */
function flatten(record: Readonly<Record<string, unknown>>, prefix = ''): Field[] {
  const fields: Field[] = [];
  for (const [key, value] of Object.entries(record)) {
    const name = prefix + key;
    if (isRecord(value) && Object.keys(value).length > 0)
      fields.push(...flatten(value, `${name}.`));
    else fields.push([name, value]);
  }
  return fields;
}

function manifestValue(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value !== 'object') return escapeHtml(String(value));
  if (Array.isArray(value)) {
    if (value.length === 0) return '(none)';
    if (value.every(isRecord)) return recordsTable(value);
    if (isScalarList(value)) return listText(value);
    return asJson(value);
  }
  const fields = flatten(value as Record<string, unknown>);
  if (fields.length === 0) return '(none)';
  const rows = fields.map(([name, field]) => `<tr><th>${escapeHtml(name)}</th>${td(field)}</tr>`);
  return `<div class="scroll"><table class="nested">${rows.join('')}</table></div>`;
}

/** Objects as rows of one table, a column for each field any of them has. */
function recordsTable(records: readonly Readonly<Record<string, unknown>>[]): string {
  const rows = records.map((record) => new Map(flatten(record)));
  const columns = [...new Set(rows.flatMap((row) => [...row.keys()]))];
  const head = columns.map((column) => `<th>${escapeHtml(column)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${columns.map((column) => td(row.get(column))).join('')}</tr>`)
    .join('');
  return `<div class="scroll"><table class="nested"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** A cell of a nested table; a long text (a content hash) may break anywhere, the rest not. */
function td(value: unknown): string {
  return typeof value === 'string' && value.length > LONG_TEXT
    ? `<td class="long">${cell(value)}</td>`
    : `<td>${cell(value)}</td>`;
}

/** Characters beyond which a text in a nested table may wrap. */
const LONG_TEXT = 24;

/** One field inside a nested table: a scalar as text, anything else as JSON. */
function cell(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value !== 'object') return escapeHtml(String(value));
  if (Array.isArray(value) && isScalarList(value)) {
    return value.length === 0 ? '(none)' : listText(value);
  }
  if (isRecord(value) && Object.keys(value).length === 0) return '(none)';
  return asJson(value);
}

function isScalarList(list: readonly unknown[]): boolean {
  return list.every((item) => typeof item !== 'object' || item === null);
}

/** A list of scalars as text, `—` for a null. */
function listText(list: readonly unknown[]): string {
  return escapeHtml(list.map((item) => (item === null ? '—' : String(item))).join(', '));
}

function asJson(value: unknown): string {
  return `<code>${escapeHtml(JSON.stringify(value) ?? String(value))}</code>`;
}

/** The notes, one paragraph each. */
export function renderNotes(notes: readonly string[]): string {
  return section('notes', 'Notes', notes.map((note) => `<p>${escapeHtml(note)}</p>`).join('\n'));
}

/** A whole self-contained page: the title, the inline style sheet and the sections in order. */
export function renderPage(title: string, css: string, sections: readonly string[]): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...sections.filter((section) => section !== ''),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
