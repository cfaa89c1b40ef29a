// Interaction rules from the registry, in the whole lithium model, set from the command line.
import { fileURLToPath } from 'node:url';
import { extractSeries, loadPack, resolveScenario, runLithiumModel } from '@orebus/scenarios';
import { describe, expect, it } from 'vitest';

const pack = loadPack(
  fileURLToPath(new URL('../packages/scenarios/packs/lithium-china', import.meta.url)),
);

function run(overrides: string[], seed = 0) {
  const scenario = resolveScenario(pack, 'S1-D1', { overrides });
  const result = runLithiumModel(scenario.parameters, { scenario: 'S1-D1', seed, checked: true });
  return extractSeries('S1-D1', result.simulation.data);
}

describe('interaction rules', () => {
  it('cuts net imports by the share in the given years only (import disruption)', () => {
    const rule = JSON.stringify([{ kind: 'import-disruption', share: 0.5, years: [2030, 2031] }]);

    const base = run([]);
    const disrupted = run([`rules=${rule}`]);

    disrupted.years.forEach((year, t) => {
      const expected =
        year === 2030 || year === 2031 ? base.netImports[t]! * 0.5 : base.netImports[t]!;
      expect(disrupted.netImports[t]).toBe(expected);
    });
    // The market feels it: supply falls in 2030 and the price reacts the year after.
    const t2030 = disrupted.years.indexOf(2030);
    expect(disrupted.supply[t2030]!).toBeLessThan(base.supply[t2030]!);
    expect(disrupted.price[t2030 + 1]!).toBeGreaterThan(base.price[t2030 + 1]!);
  });

  it('draws random disruptions from the run seed: same seed, same years; another seed, others', () => {
    const rule = JSON.stringify([{ kind: 'random-import-disruption', share: 1, probability: 0.4 }]);
    const cutYears = (seed: number) => {
      const s = run([`rules=${rule}`], seed);
      return s.years.filter((_, t) => s.netImports[t] === 0);
    };

    expect(cutYears(1)).toEqual(cutYears(1));
    expect(cutYears(1)).not.toEqual(cutYears(2));
    expect(cutYears(1).length).toBeGreaterThan(0);
  });

  it('refuses a rule of unknown kind or with bad parameters before running', () => {
    for (const rules of [
      [{ kind: 'export-ban', share: 1 }],
      [{ kind: 'import-disruption', share: 2, years: [2030] }],
      [{ kind: 'import-disruption', share: 0.5, years: [1990] }],
    ]) {
      expect(() =>
        resolveScenario(pack, 'S1-D1', { overrides: [`rules=${JSON.stringify(rules)}`] }),
      ).toThrowError(expect.objectContaining({ code: 'E_SCENARIO' }));
    }
  });
});
