import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from '@orebus/core';
import { describe, expect, it } from 'vitest';
import { runCombinations } from '../model/reference-runs.js';
import { loadPack } from '../pack/pack.js';
import { resolveScenario } from '../pack/resolve.js';
import {
  type CalibratedParameter,
  calibrate,
  decodePoint,
  EV_STOCK_2023_TOLERANCE,
  encodeValues,
  evaluateSetting,
  LITHIUM_CALIBRATION_SPACE,
  parseFocusIds,
  solveGdpPerCapita2022,
  toOverrides,
} from './calibrate.js';

const pack = loadPack(fileURLToPath(new URL('../../packs/lithium-china', import.meta.url)));

describe('decodePoint and encodeValues', () => {
  const space: CalibratedParameter[] = [
    { path: 'x', unit: '1', min: 0, max: 2, scale: 'linear', range: '', targets: '' },
    { path: 'y', unit: 't', min: 100, max: 10000, scale: 'log', range: '', targets: '' },
  ];

  it('maps the corners and centre of the cube onto the ranges, the log axis geometrically', () => {
    expect(decodePoint(space, [0, 0])).toEqual({ x: 0, y: 100 });
    expect(decodePoint(space, [1, 1])).toEqual({ x: 2, y: 10000 });
    expect(decodePoint(space, [0.5, 0.5])).toEqual({ x: 1, y: 1000 });
  });

  it('rounds to six significant digits and encodes back to the same values', () => {
    const values = decodePoint(space, [0.123456789, 0.987654321]);

    expect(String(values.x)).toBe('0.246914');
    expect(decodePoint(space, encodeValues(space, values))).toEqual(values);
  });

  it('keeps every range of the lithium space inside what the scenario format accepts', () => {
    const corners = [0, 1].map((u) =>
      decodePoint(
        LITHIUM_CALIBRATION_SPACE,
        LITHIUM_CALIBRATION_SPACE.map(() => u),
      ),
    );

    for (const values of corners) {
      expect(() =>
        resolveScenario(pack, 'S3-D4', { overrides: toOverrides(values) }),
      ).not.toThrow();
    }
  });
});

describe('evaluateSetting', () => {
  it('scores a setting the model refuses as worse than any run, with the reason', () => {
    const evaluation = evaluateSetting(pack, { 'ess.logisticRate': 0.1 }, { sensitivity: false });

    expect(evaluation.refused?.code).toBe('E_INVALID_ARGUMENT');
    expect(evaluation.score.loss).toBe(15);
  });

  it('scores a 2023 EV stock far from the observed one worse than any setting within bounds', () => {
    const late = { 'ev.electrificationSteepness': 0.3, 'ev.electrificationMidpointYear': 2036 };
    const later = { ...late, 'ev.electrificationMidpointYear': 2042 };

    const near = evaluateSetting(pack, late, { sensitivity: false });
    const far = evaluateSetting(pack, later, { sensitivity: false });

    expect(near.evStock2023Deviation).toBeLessThan(-EV_STOCK_2023_TOLERANCE);
    expect(near.score.loss).toBeGreaterThanOrEqual(14);
    expect(far.score.loss).toBeGreaterThan(near.score.loss);
    expect(far.score.loss).toBeLessThan(15);
  });

  it('scores only the focused patterns when asked', () => {
    const evaluation = evaluateSetting(pack, {}, { sensitivity: false, focus: ['P2', 'P3'] });

    expect(evaluation.patterns).toHaveLength(13);
    expect(Object.keys(evaluation.score.shortfalls)).toEqual(['P2', 'P3']);
    expect(evaluation.score.loss).toBeLessThan(2);
  });
});

describe('calibrate', () => {
  it('is deterministic: the same seed evaluates the same settings and finds the same best', () => {
    const run = () => calibrate(pack, { seed: 4, budget: 6, starts: 1, sensitivity: false });

    const first = run();
    const second = run();

    expect(second.records).toEqual(first.records);
    expect(second.best.values).toEqual(first.best.values);
    expect(first.records.length).toBeLessThanOrEqual(6);
  });

  it('returns the best of the settings it evaluated', () => {
    const result = calibrate(pack, { seed: 9, budget: 6, starts: 1, sensitivity: false });

    const lowest = Math.min(...result.records.map((record) => record.loss));

    expect(result.best.evaluation.score.loss).toBe(lowest);
  });
});

describe('solveGdpPerCapita2022', () => {
  it('puts the baseline EV stock of 2050 at the target within 0.5 % in a model run', () => {
    const target = 503.39e6;
    const base = resolveScenario(pack, 'S1-D1');

    const gdp = solveGdpPerCapita2022(base.parameters, target);
    const run = runCombinations(pack, ['S1-D1'], { overrides: [`ev.gdpPerCapita2022=${gdp}`] })[0]!;

    expect(Math.abs(run.series.evStock.at(-1)! / target - 1)).toBeLessThan(0.005);
  });

  it('refuses a stock beyond the ownership saturation', () => {
    const base = resolveScenario(pack, 'S1-D1');

    expect(() => solveGdpPerCapita2022(base.parameters, 1e12)).toThrow(
      expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }),
    );
  });
});

describe('parseFocusIds', () => {
  it('reads a comma-separated list of pattern ids, trimmed and upper-cased, in order', () => {
    expect(parseFocusIds('P2,P3, p9 ,P13')).toEqual(['P2', 'P3', 'P9', 'P13']);
    expect(parseFocusIds('P1')).toEqual(['P1']);
  });

  it('refuses an empty list, an unknown id and a repeated one', () => {
    for (const text of ['', 'P0', 'P14', 'P2,,P3', 'P2,X', 'P2,p2'])
      expect(() => parseFocusIds(text), text).toThrow(InvalidArgumentError);
  });
});
