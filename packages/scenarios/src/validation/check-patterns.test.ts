import { describe, expect, it } from 'vitest';
import { checkPatterns } from './check-patterns.js';
import { paperLikeResults, paperLikeSensitivity } from './patterns.test-support.js';

describe('checkPatterns', () => {
  it('holds every pattern on the constructed paper-like series', () => {
    const results = checkPatterns(paperLikeResults(), paperLikeSensitivity());

    const failures = results
      .filter((r) => !r.held)
      .map((r) => `${r.id}: ${r.reason} [${r.evidence}]`);
    expect(failures).toEqual([]);
    expect(results.map((r) => r.id)).toEqual(Array.from({ length: 13 }, (_, i) => `P${i + 1}`));
  });
});
