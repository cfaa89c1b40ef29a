// The plain loop of the reference benchmark (packages/scenarios/bench/plain-loop.ts) against the
// agent model: the same parameters must give the same numbers, bit for bit, in every series the
// report reads, so that timing one against the other compares like with like.
import { fileURLToPath } from 'node:url';
import {
  extractSeries,
  type LithiumParameters,
  listCombinations,
  loadPack,
  resolveScenario,
  runLithiumModel,
} from '@orebus/scenarios';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../packages/scenarios/bench/equivalence.js';
import { runPlainLoop } from '../packages/scenarios/bench/plain-loop.js';

const pack = loadPack(
  fileURLToPath(new URL('../packages/scenarios/packs/lithium-china', import.meta.url)),
);
const combinations = listCombinations(pack).map((c) => c.id);

function parametersOf(combination: string, overrides: readonly string[] = []): LithiumParameters {
  return resolveScenario(pack, combination, { overrides: [...overrides] }).parameters;
}

/** Runs both implementations; returns their difference and the agent run's collected data. */
function runBoth(combination: string, overrides: readonly string[] = []) {
  const parameters = parametersOf(combination, overrides);
  const agent = runLithiumModel(parameters, { scenario: combination, checked: false });
  const plain = runPlainLoop(parameters);
  const series = extractSeries(combination, agent.simulation.data);
  return {
    difference: compareRuns(series, plain.series),
    derived: { agent: agent.derived, plain: plain.derived },
    data: agent.simulation.data,
    series,
    plain,
  };
}

const total = (values: ArrayLike<number>) => Array.from(values).reduce((sum, v) => sum + v, 0);

describe('plain loop of the reference benchmark', () => {
  it('gives the agent model’s numbers bit for bit in every one of the twelve combinations', () => {
    expect(combinations).toHaveLength(12);

    for (const combination of combinations) {
      const { difference, derived } = runBoth(combination);

      expect({ combination, ...difference }).toEqual({
        combination,
        maxRelative: 0,
        differing: 0,
        compared: 9 * 28,
      });
      expect(derived.plain).toEqual(derived.agent);
    }
  });

  it('retires early exactly as CohortStock does when a stock falls faster than retirements', () => {
    // Battery lifetimes of 15 a: with shorter ones retirements outpace these falls.
    const lifetimes = ['ev.lifetime.mean=15', 'ess.lifetime.mean=15'];
    const cases = [
      [...lifetimes, 'ev.bevShare2050=0.999', 'ev.bevShareMax=0.9999'],
      [...lifetimes, 'ev.population=2022:1426000000,2050:700000000'],
    ];

    for (const overrides of cases) {
      const { difference, data } = runBoth('S2-D4', overrides);

      expect(total(data.series('ev-maker', 'retiredEarly').values)).toBeGreaterThan(0);
      expect(difference.differing).toBe(0);
    }
  });

  it('matches with a share-weighted cost mean and with stacked import disruptions', () => {
    const disruptions = [
      { kind: 'import-disruption', share: 0.5, years: [2030, 2031] },
      { kind: 'import-disruption', share: 0.3, years: [2031] },
    ];

    const weighted = runBoth('S2-D2', ['market.costMean=share-weighted']);
    const disrupted = runBoth('S1-D1', [`rules=${JSON.stringify(disruptions)}`]);

    expect(weighted.difference.differing).toBe(0);
    expect(disrupted.difference.differing).toBe(0);
    const nim2031 = disrupted.plain.series.netImports[2031 - 2023]!;
    expect(nim2031).toBe(disrupted.plain.series.netImports[0]! * ((1 - 0.5) * (1 - 0.3)));
  });

  it('matches for any calibration of the free parameters in their valid ranges', () => {
    const free = fc.record({
      combination: fc.constantFrom(...combinations),
      a: fc.double({ min: 0, max: 45, noNaN: true }),
      SCP: fc.double({ min: 0, max: 0.95, noNaN: true }),
      SPR: fc.double({ min: 0, max: 1.5, noNaN: true }),
      Eco: fc.double({ min: 0.95, max: 1.1, noNaN: true }),
      Con: fc.double({ min: 0.05, max: 0.3, noNaN: true }),
      qScale: fc.double({ min: 200, max: 5000, noNaN: true }),
    });

    fc.assert(
      fc.property(free, ({ combination, ...values }) => {
        const overrides = Object.entries(values).map(([name, value]) =>
          ['SCP', 'SPR'].includes(name) ? `market.${name}=${value}` : `producers.${name}=${value}`,
        );
        expect(runBoth(combination, overrides).difference.differing).toBe(0);
      }),
      { seed: 311, numRuns: 40 },
    );
  });

  it('notices a difference of one unit in the last place', () => {
    const { series, plain } = runBoth('S1-D1');
    const price = Float64Array.from(plain.series.price);
    price[5] = price[5]! * (1 + Number.EPSILON);

    const difference = compareRuns(series, { ...plain.series, price });

    expect(difference.differing).toBe(1);
    expect(difference.worst?.series).toBe('price');
    expect(difference.worst?.year).toBe(2028);
    expect(difference.maxRelative).toBeGreaterThan(0);
  });
});
