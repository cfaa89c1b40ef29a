// Interaction rules from the registry, in the whole lithium model, set from the command line.
import { fileURLToPath } from 'node:url';
import { extractSeries, loadPack, resolveScenario, runLithiumModel } from '@orebus/scenarios';
import { describe, expect, it } from 'vitest';

const pack = loadPack(
  fileURLToPath(new URL('../packages/scenarios/packs/lithium-china', import.meta.url)),
);

function simulate(overrides: string[], seed = 0) {
  const scenario = resolveScenario(pack, 'S1-D1', { overrides });
  return runLithiumModel(scenario.parameters, { scenario: 'S1-D1', seed, checked: true })
    .simulation;
}

function run(overrides: string[], seed = 0) {
  return extractSeries('S1-D1', simulate(overrides, seed).data);
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

  it('scales the demand the market counts by the factor drawn each year (demand noise)', () => {
    const rule = JSON.stringify([
      { kind: 'demand-noise', sd: 0.1, persistence: 0.5, fromYear: 2030 },
    ]);
    const base = run([]);
    const noisy = simulate([`rules=${rule}`], 4);
    const series = extractSeries('S1-D1', noisy.data);
    const factors = noisy.data.series('rule:0:demand-noise', 'demandFactor').values;

    // The makers post the same demand (nothing in them depends on the price here); the market
    // counts it times the year's factor, bit for bit, and 1 before the window.
    series.years.forEach((year, t) => {
      expect(series.demand[t]).toBe(base.demand[t]! * factors[t]!);
      if (year < 2030) expect(factors[t]).toBe(1);
    });
    expect(new Set(factors).size).toBeGreaterThan(15);
    // The price hears the ratio of the year before: it moves from 2031 on.
    const t2031 = series.years.indexOf(2031);
    expect(series.price.slice(0, t2031)).toEqual(base.price.slice(0, t2031));
    expect(series.price.slice(t2031)).not.toEqual(base.price.slice(t2031));
    // The same seed draws the same factors; another seed, others.
    const again = simulate([`rules=${rule}`], 4).data.series('rule:0:demand-noise', 'demandFactor');
    const other = simulate([`rules=${rule}`], 5).data.series('rule:0:demand-noise', 'demandFactor');
    expect([...again.values]).toEqual([...factors]);
    expect([...other.values]).not.toEqual([...factors]);
  });

  it('scales one product with its own factor when the noise names it (EV and ESS apart)', () => {
    const rule = JSON.stringify([
      { kind: 'demand-noise', sd: 0.1, product: 'ESS' },
      { kind: 'demand-noise', sd: 0.2, persistence: 0.7, product: 'EV', fromYear: 2035 },
    ]);
    const base = simulate([]).data;
    const noisy = simulate([`rules=${rule}`], 6).data;
    const values = (data: typeof base, agent: string, variable: string) => [
      ...data.series(agent, variable).values,
    ];
    const ess = values(noisy, 'rule:0:demand-noise', 'demandFactor');
    const ev = values(noisy, 'rule:1:demand-noise', 'demandFactor');
    const evDemand = values(base, 'ev-maker', 'demand');
    const essDemand = values(base, 'ess-maker', 'demand');
    const counted = values(noisy, 'market:Li', 'demand');

    // The makers post what they post without noise; the market counts each product times its
    // own factor, in the order the makers post (EV first).
    expect(values(noisy, 'ev-maker', 'demand')).toEqual(evDemand);
    counted.forEach((demand, t) => {
      expect(demand).toBe(evDemand[t]! * ev[t]! + essDemand[t]! * ess[t]!);
      if (2023 + t < 2035) expect(ev[t]).toBe(1);
    });
    expect(new Set(ess).size).toBe(28);
    expect(ev).not.toEqual(ess);
    // A product no maker posts is refused with the scenario, before any run, naming the
    // field, the value and the products the makers post.
    const typo = JSON.stringify([{ kind: 'demand-noise', sd: 0.1, product: 'BEV' }]);
    expect(() => simulate([`rules=${typo}`])).toThrowError(
      expect.objectContaining({
        code: 'E_SCENARIO',
        issues: [
          expect.objectContaining({
            path: 'parameters.rules.value.0.product',
            value: 'BEV',
            allowed: expect.stringMatching(/EV, ESS$/),
          }),
        ],
      }),
    );
  });

  it('refuses a rule of unknown kind or with bad parameters before running', () => {
    for (const rules of [
      [{ kind: 'export-ban', share: 1 }],
      [{ kind: 'import-disruption', share: 2, years: [2030] }],
      [{ kind: 'import-disruption', share: 0.5, years: [1990] }],
      [{ kind: 'demand-noise', sd: 0.1, fromYear: 2060 }],
      [{ kind: 'demand-noise', sd: 2 }],
    ]) {
      expect(() =>
        resolveScenario(pack, 'S1-D1', { overrides: [`rules=${JSON.stringify(rules)}`] }),
      ).toThrowError(expect.objectContaining({ code: 'E_SCENARIO' }));
    }
  });
});
