import { describe, expect, it } from 'vitest';
import { runLithiumModel } from '../../model/lithium-model.js';
import { extractSeries } from '../../model/series.js';
import { loadPack, resolveScenario } from '../../pack/index.js';
import { evaluateRun } from './evaluate-run.js';
import type { RunSpec } from './experiment-job.js';
import { PACK_DIR, TEST_OUTPUTS } from './test-job.test-support.js';

const spec: RunSpec = { index: 3, combination: 'S2-D3', overrides: ['market.SPR=0.8'], seed: 17 };

function codeOf(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return undefined;
}

describe('evaluateRun', () => {
  it('reads the same numbers as a direct run of the resolved scenario', () => {
    const scenario = resolveScenario(loadPack(PACK_DIR), 'S2-D3', { overrides: spec.overrides });
    const direct = runLithiumModel(scenario.parameters, { scenario: 'S2-D3', seed: 17 });
    const series = extractSeries('S2-D3', direct.simulation.data);
    const at = (year: number) => year - series.years[0]!;
    const balanced = series.years.find((_, i) => series.supply[i]! >= series.demand[i]!) ?? null;

    const record = evaluateRun(PACK_DIR, spec, TEST_OUTPUTS);

    expect(record).toEqual({
      index: 3,
      seed: 17,
      values: {
        supply2050: series.supply[at(2050)],
        price2035: series.price[at(2035)],
        balanced,
      },
      series: { price: series.price },
    });
  });

  it('gives the same record when asked again, whatever ran in between', () => {
    const first = evaluateRun(PACK_DIR, spec, TEST_OUTPUTS);
    evaluateRun(PACK_DIR, { ...spec, combination: 'S1-D1', overrides: [] }, TEST_OUTPUTS);

    const again = evaluateRun(PACK_DIR, spec, TEST_OUTPUTS);

    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
  });

  it('leaves out `series` when no series output is asked for', () => {
    const record = evaluateRun(PACK_DIR, spec, [{ name: 'balanced', kind: 'first-balanced-year' }]);

    expect(Object.keys(record)).toEqual(['index', 'seed', 'values']);
  });

  it('refuses a year outside the run and a variable the model does not record', () => {
    const year = () =>
      evaluateRun(PACK_DIR, spec, [
        { name: 'x', kind: 'value', agent: 'market:Li', variable: 'supply', year: 2051 },
      ]);
    const variable = () =>
      evaluateRun(PACK_DIR, spec, [
        { name: 'x', kind: 'series', agent: 'market:Li', variable: 'suply' },
      ]);

    expect(codeOf(year)).toBe('E_INVALID_ARGUMENT');
    expect(codeOf(variable)).toBe('E_UNKNOWN_VARIABLE');
  });
});
