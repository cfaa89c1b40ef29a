import { describe, expect, it } from 'vitest';
import { checkPatterns } from './check-patterns.js';
import { formatPatternTable } from './format-pattern-table.js';
import { paperLikeResults, paperLikeSensitivity } from './patterns.test-support.js';

describe('formatPatternTable', () => {
  it('prints a header, a rule and one aligned row per pattern', () => {
    const results = checkPatterns(paperLikeResults(), paperLikeSensitivity());
    results[6] = { ...results[6]!, held: false, reason: 'a reason' };

    const lines = formatPatternTable(results).split('\n');

    expect(lines).toHaveLength(results.length + 2);
    const heldColumn = lines[0]?.indexOf('held') ?? -1;
    const rows = lines.slice(2);
    expect(rows.map((row) => row.split(' ')[0])).toEqual(results.map((r) => r.id));
    expect(rows.map((row) => row.slice(heldColumn, heldColumn + 3).trim())).toEqual(
      results.map((r) => (r.held ? 'yes' : 'no')),
    );
    expect(rows[6]?.endsWith('a reason')).toBe(true);
  });

  it('lists every pattern as not held when nothing is supplied', () => {
    const lines = formatPatternTable(checkPatterns(new Map())).split('\n').slice(2);

    expect(lines.every((line) => /^P\d+\s+no\s/.test(line))).toBe(true);
  });
});
