import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runJointModel } from '../../joint/joint-model.js';
import { assignJoint, loadJointPack, resolveJoint } from '../../joint/joint-pack.js';
import { runLithiumModel } from '../../model/lithium-model.js';
import { extractSeries } from '../../model/series.js';
import { assignParameters, loadPack, resolveScenario } from '../../pack/index.js';
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

  it('reads the natural logarithm of a value with `transform: log`, null where it is not above 0', () => {
    const at2024 = (name: string, agent: string, variable: string) => [
      { name, kind: 'value' as const, agent, variable, year: 2024 },
      {
        name: `log ${name}`,
        kind: 'value' as const,
        agent,
        variable,
        year: 2024,
        transform: 'log' as const,
      },
    ];
    const record = evaluateRun(PACK_DIR, spec, [
      ...at2024('price', 'market:Li', 'price'),
      ...at2024('early', 'ev-maker', 'retiredEarly'),
      ...at2024('balance', 'market:Li', 'balance'),
    ]);
    const { values } = record;

    expect(values.price).toBeGreaterThan(0);
    expect(values['log price']).toBe(Math.log(values.price!));
    expect(values.early).toBe(0);
    expect(values['log early']).toBeNull();
    expect(values.balance).toBeLessThan(0);
    expect(values['log balance']).toBeNull();
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

  it('runs assignments as assignParameters sets them, and refuses what it refuses', () => {
    const assignments = [
      { path: 'market.SPR', value: 0.35 },
      { path: 'producers.Con', value: 0.2 },
      { path: 'market.SCP', value: 0.4 },
    ];
    const scenario = resolveScenario(loadPack(PACK_DIR), 'S2-D3', { overrides: spec.overrides });
    const before = JSON.stringify(scenario.parameters);
    const parameters = assignParameters(scenario.parameters, assignments);
    const direct = runLithiumModel(parameters, { scenario: 'S2-D3', seed: 17 });
    const supply = direct.simulation.data.series('market:Li', 'supply').values;
    const outputs = [{ name: 'supply', kind: 'series', agent: 'market:Li', variable: 'supply' }];

    const record = evaluateRun(PACK_DIR, { ...spec, assignments }, outputs as never);
    const refuse = (path: string, value: number) => {
      try {
        evaluateRun(PACK_DIR, { ...spec, assignments: [{ path, value }] }, outputs as never);
      } catch (error) {
        return JSON.stringify([(error as { code?: unknown }).code, error]);
      }
      return 'accepted';
    };
    const refuseDirect = (path: string, value: number) => {
      try {
        assignParameters(scenario.parameters, [{ path, value }]);
      } catch (error) {
        return JSON.stringify([(error as { code?: unknown }).code, error]);
      }
      return 'accepted';
    };

    expect(record.series?.supply).toEqual(Array.from(supply));
    expect(evaluateRun(PACK_DIR, spec, TEST_OUTPUTS)).toEqual(
      evaluateRun(PACK_DIR, spec, TEST_OUTPUTS),
    );
    expect(JSON.stringify(scenario.parameters)).toBe(before);
    for (const [path, value] of [
      ['market.SPR', -5],
      ['ev.stock2022', 1],
      ['no.such.path', 1],
      ['__proto__.polluted', 1],
    ] as const) {
      expect(refuse(path, value)).toBe(refuseDirect(path, value));
      expect(refuse(path, value)).not.toBe('accepted');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('runs a joint pack: the joint model with the run’s overrides, outputs read by agent', () => {
    const jointDir = fileURLToPath(new URL('../../../packs/battery-metals-china', import.meta.url));
    const jointSpec: RunSpec = {
      index: 0,
      combination: 'S1-D1',
      overrides: ['Co.producers.Con=0.2'],
      seed: 5,
    };
    const scenario = resolveJoint(loadJointPack(jointDir), 'S1-D1', {
      overrides: jointSpec.overrides,
    });
    const direct = runJointModel(scenario, { scenario: 'S1-D1', seed: 5 }).simulation.data;

    const record = evaluateRun(jointDir, jointSpec, [
      { name: 'co', kind: 'value', agent: 'market:Co', variable: 'supply', year: 2050 },
    ]);

    expect(record.values.co).toBe(direct.series('market:Co', 'supply').values.at(-1));
    // An output without its agent cannot be read on a joint pack, and fails before any run.
    expect(
      codeOf(() =>
        evaluateRun(jointDir, jointSpec, [
          { name: 's', kind: 'value', variable: 'supply', year: 2050 },
        ]),
      ),
    ).toBe('E_INVALID_ARGUMENT');
  });

  it('sets a joint run’s assignments to the numbers its overrides give, bit for bit', () => {
    const jointDir = fileURLToPath(new URL('../../../packs/battery-metals-china', import.meta.url));
    const outputs = [
      { name: 'co', kind: 'value', agent: 'market:Co', variable: 'supply', year: 2050 },
      { name: 'ni', kind: 'value', agent: 'market:Ni', variable: 'supply', year: 2040 },
      { name: 'liPrice', kind: 'series', agent: 'market:Li', variable: 'price' },
      { name: 'evDemand', kind: 'series', agent: 'ev-maker', variable: 'demand.Co' },
    ] as const;
    const base = evaluateRun(
      jointDir,
      { index: 0, combination: 'S1-D3', overrides: [], seed: 3 },
      outputs,
    );

    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 0.3, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.double({ min: 0.2, max: 1.2, noNaN: true }),
        (Con, elasticity, SPR) => {
          const values = [
            { path: 'Co.producers.Con', value: Con },
            { path: 'priceResponse.elasticity', value: elasticity },
            { path: 'Li.market.SPR', value: SPR },
          ];
          const common = { index: 1, combination: 'S1-D3', seed: 3 };
          const overridden = evaluateRun(
            jointDir,
            { ...common, overrides: values.map(({ path, value }) => `${path}=${value}`) },
            outputs,
          );
          const assigned = evaluateRun(
            jointDir,
            { ...common, overrides: [], assignments: values },
            outputs,
          );

          expect(JSON.stringify(assigned)).toBe(JSON.stringify(overridden));
          expect(assigned.series).not.toEqual(base.series);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('refuses joint assignments it cannot set, each named with its metal', () => {
    const jointDir = fileURLToPath(new URL('../../../packs/battery-metals-china', import.meta.url));
    const scenario = resolveJoint(loadJointPack(jointDir), 'S1-D1');
    let issues: { path: string; code: string }[] = [];
    try {
      assignJoint(scenario, [
        { path: 'priceResponse.elasticity', value: 25 },
        { path: 'Xx.market.SPR', value: 1 },
        { path: 'Co.horizon.endYear', value: 2060 },
        { path: 'Ni.producers.Con', value: 1.5 },
      ]);
    } catch (error) {
      issues = (error as { issues: { path: string; code: string }[] }).issues;
    }

    expect(issues.map(({ path, code }) => [path, code])).toEqual([
      ['priceResponse.elasticity', 'out_of_range'],
      ['Xx.market.SPR', 'unknown_override'],
      ['Co.horizon.endYear', 'unknown_override'],
      ['Ni.producers.Con', 'out_of_range'],
    ]);
    // The scenario it was given is unchanged.
    expect(scenario.priceResponse.elasticity).toBe(
      resolveJoint(loadJointPack(jointDir), 'S1-D1').priceResponse.elasticity,
    );
  });
});
