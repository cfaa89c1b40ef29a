import { describe, expect, it } from 'vitest';
import { judge } from './verdict.js';

const measurement = { id: 'P0', title: 't', measured: 'm', metrics: {} };

describe('judge', () => {
  it('holds when every criterion holds, and then gives no reason or evidence', () => {
    const result = judge(measurement, [{ holds: true, failure: 'f', evidence: 'e' }]);

    expect(result).toEqual({ ...measurement, held: true });
  });

  it('joins the failures, and gives each part of the evidence once in the order first met', () => {
    const result = judge(measurement, [
      { holds: false, failure: 'slow in D1, D2', evidence: 'D1: 1; D2: 2' },
      { holds: true, failure: 'never said', evidence: 'D3: 3' },
      { holds: false, failure: 'not flat in D1', evidence: 'D1: 1' },
    ]);

    expect(result.held).toBe(false);
    expect(result.reason).toBe('slow in D1, D2; not flat in D1');
    expect(result.evidence).toBe('D1: 1; D2: 2');
  });
});
