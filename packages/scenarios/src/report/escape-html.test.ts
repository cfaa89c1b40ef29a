import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from './escape-html.js';

function decodeEntities(html: string): string {
  return html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('escapeHtml', () => {
  it('escapes each of < > & " and \'', () => {
    const text = `<a href="x">Tom & Jerry's</a>`;

    const escaped = escapeHtml(text);

    expect(escaped).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;');
  });

  it('escapes an ampersand that already starts an entity, so text round-trips', () => {
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });

  it('leaves no markup character behind and can be undone, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const escaped = escapeHtml(text);

        expect(escaped).not.toMatch(/[<>"']/);
        expect(escaped).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)/);
        expect(decodeEntities(escaped)).toBe(text);
      }),
    );
  });
});
