import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../pack/scenario-file.js';
import type { CalibratedParameter, EvaluationRecord } from './calibrate.js';
import { formatSearchCsv, renderCalibratedYaml } from './calibrated-file.js';

/** The node at a dotted path of parsed YAML. */
function at(tree: unknown, path: string): unknown {
  return path.split('.').reduce((node, key) => (node as Record<string, unknown>)[key], tree);
}

const header = {
  seed: 3,
  budget: 10,
  date: '2025-01-02',
  heldIds: ['P2', 'P3'],
  command: 'pnpm calibrate --seed 3 --budget 10',
};

describe('renderCalibratedYaml', () => {
  it('writes a valid scenario file whose numbers read back as the same doubles', () => {
    const awkward = 0.1 + 0.2;
    const text = renderCalibratedYaml(header, [
      { path: 'market.SCP', value: awkward, unit: '1', target: 'P5-P13; seed 3' },
      { path: 'producers.qScale', value: 1234.5, unit: 't Li', target: 'P5-P12 "quoted"' },
      { path: 'recycler.factorShape.midpointYear', value: 2036.25, unit: 'year', target: 'P4' },
    ]);

    const outcome = parseScenarioText(text, 'calibrated.yaml', 'yaml');

    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const parameters = outcome.value.content.parameters;
    expect(at(parameters, 'market.SCP.value')).toBe(awkward);
    expect(at(parameters, 'producers.qScale.provenance')).toEqual({
      kind: 'calibrated',
      target: 'P5-P12 "quoted"',
    });
    expect(at(parameters, 'recycler.factorShape.midpointYear.value')).toBe(2036.25);
  });

  it('writes a lifetime whole, its fields reading back as the same values', () => {
    const mean = 8.28125 + 1e-9;
    const text = renderCalibratedYaml(header, [
      { path: 'ev.lifetime', value: { kind: 'normal', mean, sd: 4 }, unit: 'a', target: 'P6' },
    ]);

    const outcome = parseScenarioText(text, 'calibrated.yaml', 'yaml');

    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(at(outcome.value.content.parameters, 'ev.lifetime.value')).toEqual({
      kind: 'normal',
      mean,
      sd: 4,
    });
  });

  it('writes the entries in the order given, with their comments', () => {
    const text = renderCalibratedYaml(header, [
      { path: 'ev.b', value: 2, unit: '1', target: 't', comment: ['solved, not searched'] },
      { path: 'ev.a', value: 1, unit: '1', target: 't' },
    ]);

    expect(text.indexOf('    # solved, not searched\n    b:')).toBeGreaterThan(0);
    expect(text.indexOf('    b:')).toBeLessThan(text.indexOf('    a:'));
  });
});

describe('formatSearchCsv', () => {
  it('writes a header and one row per record with the values in round-trip form', () => {
    const space: CalibratedParameter[] = [
      { path: 'market.SPR', unit: '1', min: 0, max: 3, scale: 'linear', range: '', targets: '' },
    ];
    const records: EvaluationRecord[] = [
      {
        index: 0,
        phase: 'global',
        start: 0,
        values: { 'market.SPR': 0.30000000000000004 },
        loss: 11.25,
        held: 2,
        heldIds: ['P2', 'P3'],
        evStock2023Deviation: -0.0123456,
      },
      {
        index: 1,
        phase: 'local',
        start: 0,
        values: { 'market.SPR': 1 },
        loss: 14,
        held: 0,
        heldIds: [],
        refused: 'E_INVALID_ARGUMENT',
      },
    ];

    const lines = formatSearchCsv(space, records).trimEnd().split('\n');

    expect(lines).toEqual([
      'index,phase,start,loss,held,heldIds,refused,evStock2023Deviation,market.SPR',
      '0,global,0,11.25,2,P2 P3,,-0.01235,0.30000000000000004',
      '1,local,0,14,0,,E_INVALID_ARGUMENT,,1',
    ]);
  });
});
