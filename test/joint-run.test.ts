// The joint battery-metals run (issue 5): lithium, cobalt and nickel on one bus, one EV maker
// and one ESS maker whose battery capacity a chemistry mix splits among the metals. The
// invariants of MODEL.md section 9 hold for every metal, as properties over random parameters;
// chemistry shares sum to 1; metal demand is Σ over chemistries of GWh × intensity.
import { fileURLToPath } from 'node:url';
import type { DataCollector, Envelope } from '@orebus/core';
import type { MarketMessages } from '@orebus/market';
import {
  buildJointModel,
  isScenarioError,
  loadJointPack,
  resolveJoint,
  runJointCombinations,
} from '@orebus/scenarios';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const pack = loadJointPack(
  fileURLToPath(new URL('../packages/scenarios/packs/battery-metals-china', import.meta.url)),
);
const METALS = ['Li', 'Co', 'Ni'];

const close = (a: number, b: number, tolerance = 1e-9) =>
  Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));

const parameters = fc.record({
  combination: fc.constantFrom(...pack.combinations),
  elasticity: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 3, noNaN: true })),
  metal: fc.constantFrom(...METALS),
  Con: fc.double({ min: 0.05, max: 0.3, noNaN: true }),
  SPR: fc.double({ min: 0, max: 1.5, noNaN: true }),
  SCP: fc.double({ min: 0, max: 0.95, noNaN: true }),
});

type Messages = Envelope<MarketMessages>[];

/** The value one agent recorded for one variable in one year. */
function valueIn(data: DataCollector, agent: string, variable: string, year: number): number {
  return data.series(agent, variable).values[year - data.startYear]!;
}

/** Runs one joint combination, checked, and returns every message and the collected data. */
function run(p: typeof parameters extends fc.Arbitrary<infer T> ? T : never) {
  const scenario = resolveJoint(pack, p.combination, {
    overrides: [
      `priceResponse.elasticity=${p.elasticity}`,
      `${p.metal}.producers.Con=${p.Con}`,
      `${p.metal}.market.SPR=${p.SPR}`,
      `${p.metal}.market.SCP=${p.SCP}`,
    ],
  });
  const { simulation } = buildJointModel(scenario, { scenario: p.combination, checked: true });
  const messages: Messages = [];
  simulation.bus.messages().subscribe((m) => messages.push(m));
  simulation.run();
  return { messages, data: simulation.data, scenario };
}

function payloads<K extends keyof MarketMessages & string>(
  messages: Messages,
  kind: K,
  tick: number,
  metal: string,
): MarketMessages[K][] {
  return messages
    .filter((m) => m.kind === kind && m.tick === tick)
    .map((m) => m.payload as MarketMessages[K])
    .filter((payload) => (payload as { metal?: string }).metal === metal);
}

describe('the joint battery-metals run', () => {
  it('holds the invariants of MODEL.md section 9 for every metal, for any parameters', () => {
    fc.assert(
      fc.property(parameters, (p) => {
        const { messages, data } = run(p);
        for (let year = data.startYear; year <= data.endYear; year++) {
          for (const metal of METALS) {
            // Supply is exactly the sum of the metal's offers as published, K + R + NIM.
            const offers = payloads(messages, 'SupplyOffered', year, metal);
            const cleared = payloads(messages, 'MarketCleared', year, metal);
            expect(cleared).toHaveLength(1);
            expect(cleared[0]!.supply).toBe(offers.reduce((sum, o) => sum + o.tonnes, 0));
            // Demand is exactly what the two makers posted for this metal.
            const posted = payloads(messages, 'DemandPosted', year, metal);
            expect(posted.map((d) => d.product)).toEqual(['EV', 'ESS']);
            expect(cleared[0]!.demand).toBe(posted[0]!.tonnes + posted[1]!.tonnes);
            // 0 ≤ recycled ≤ end of life; recycled + lost = end of life.
            const recycler = `${metal}:recycler`;
            const at = (variable: string) => valueIn(data, recycler, variable, year);
            expect(at('recycled')).toBeGreaterThanOrEqual(0);
            expect(at('recycled')).toBeLessThanOrEqual(at('endOfLife') * (1 + 1e-12));
            expect(close(at('recycled') + at('lost'), at('endOfLife'))).toBe(true);
            // Producers never offer a negative output; prices stay positive.
            for (const o of offers.filter((x) => x.source === 'primary')) {
              expect(o.tonnes).toBeGreaterThanOrEqual(0);
            }
            expect(cleared[0]!.price).toBeGreaterThan(0);
          }
        }
        // Metal in use closes per maker and metal: last year + demand − retired.
        for (const maker of ['ev-maker', 'ess-maker']) {
          for (const metal of METALS) {
            const inUse = data.series(maker, `metalInUse.${metal}`).values;
            const demand = data.series(maker, `demand.${metal}`).values;
            const retired = data.series(maker, `retired.${metal}`).values;
            for (let t = 1; t < inUse.length; t++) {
              const expected = inUse[t - 1]! + demand[t]! - retired[t]!;
              expect(close(inUse[t]!, expected, 1e-9)).toBe(true);
            }
          }
        }
      }),
      { seed: 505, numRuns: 12 },
    );
  });

  it('splits battery capacity by chemistry shares that sum to 1, as Σ GWh × intensity', () => {
    fc.assert(
      fc.property(parameters, (p) => {
        const { data, scenario } = run(p);
        const { chemistries } = scenario.chemistry;
        for (const maker of ['ev-maker', 'ess-maker']) {
          const energy = data.series(maker, 'energyPutInUse').values;
          const shares = chemistries.map((c) => data.series(maker, `share.${c.name}`).values);
          for (let t = 0; t < energy.length; t++) {
            const sum = shares.reduce((s, column) => s + column[t]!, 0);
            expect(Math.abs(sum - 1)).toBeLessThanOrEqual(1e-9);
            for (const metal of METALS) {
              const expected = chemistries.reduce(
                (tonnes, c, i) =>
                  tonnes + (shares[i]![t]! * energy[t]! * (c.intensityKgPerKWh[metal] ?? 0)) / 1000,
                0,
              );
              const demand = data.series(maker, `demand.${metal}`).values[t]!;
              expect(close(demand, expected, 1e-9)).toBe(true);
            }
          }
        }
      }),
      { seed: 506, numRuns: 8 },
    );
  });

  it('follows the chemistry path exactly without the price rule, and leaves it with it', () => {
    const still = run({
      combination: 'S1-D1',
      elasticity: 0,
      metal: 'Co',
      Con: 0.1,
      SPR: 0.5,
      SCP: 0.5,
    });
    const moved = run({
      combination: 'S1-D1',
      elasticity: 2,
      metal: 'Co',
      Con: 0.1,
      SPR: 0.5,
      SCP: 0.5,
    });
    const path = still.scenario.chemistry.shares.ev;
    const names = still.scenario.chemistry.chemistries.map((c) => c.name);
    const share = (data: typeof still.data, year: number) =>
      names.map((name) => valueIn(data, 'ev-maker', `share.${name}`, year));

    for (let year = still.data.startYear; year <= still.data.endYear; year++) {
      expect(share(still.data, year)).toEqual([...path(year)]);
    }
    const differs = [];
    for (let year = moved.data.startYear; year <= moved.data.endYear; year++) {
      differs.push(share(moved.data, year).some((s, i) => Math.abs(s - path(year)[i]!) > 1e-6));
    }
    expect(differs[0]).toBe(false); // the first year quotes the reference prices
    expect(differs.some(Boolean)).toBe(true);
  });

  it('gives the same numbers for the same scenario and seed', () => {
    const [a] = runJointCombinations(pack, ['S1-D2'], { seed: 7 });
    const [b] = runJointCombinations(pack, ['S1-D2'], { seed: 7 });
    expect([...a!.data.rows('x')]).toEqual([...b!.data.rows('x')]);
  });

  it('refuses overrides without a metal, of an unknown metal or out of range, listing all', () => {
    let caught: unknown;
    try {
      resolveJoint(pack, 'S1-D1', {
        overrides: ['producers.Con=0.2', 'Mn.producers.Con=0.2', 'priceResponse.elasticity=-1'],
      });
    } catch (error) {
      caught = error;
    }
    expect(isScenarioError(caught)).toBe(true);
    const issues = (caught as { issues: { path: string; allowed: string }[] }).issues;
    expect(issues.map((i) => i.path)).toEqual([
      'producers.Con',
      'Mn.producers.Con',
      'priceResponse.elasticity',
    ]);
    expect(issues[0]!.allowed).toMatch(/Li\., Co\., Ni\./);
  });

  it('passes a metal’s override to that metal’s pack, which checks it', () => {
    let caught: unknown;
    try {
      resolveJoint(pack, 'S1-D1', { overrides: ['Co.producers.Con=7'] });
    } catch (error) {
      caught = error;
    }
    const issues = (caught as { issues: { path: string; value: unknown }[] }).issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('Co.producers.Con');
    const scenario = resolveJoint(pack, 'S1-D1', { overrides: ['Ni.producers.Con=0.2'] });
    expect(scenario.scenarios.get('Ni')!.parameters.producers.Con).toBe(0.2);
    expect(scenario.scenarios.get('Co')!.parameters.producers.Con).not.toBe(0.2);
  });
});
