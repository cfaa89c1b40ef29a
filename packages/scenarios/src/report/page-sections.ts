// Sections that the run report and the experiment report share, so the two pages read alike.
import { escapeHtml } from './escape-html.js';

/** A titled section of a report page; `body` is HTML already escaped. */
export function section(id: string, heading: string, body: string): string {
  return `<section id="${id}">\n<h2>${escapeHtml(heading)}</h2>\n${body}\n</section>`;
}

/** The manifest as a two-column table: each key and its value (objects as JSON). */
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

function manifestValue(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return escapeHtml(String(value));
  }
  if (typeof value === 'object' && Object.keys(value).length === 0) return '(none)';
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
