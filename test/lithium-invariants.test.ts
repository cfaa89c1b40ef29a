// The invariants of MODEL.md section 9, as properties over random parameter values in their
// valid ranges and over all twelve combinations of the lithium pack.
import { fileURLToPath } from 'node:url';
import type { Envelope } from '@orebus/core';
import type { MarketMessages } from '@orebus/market';
import { buildLithiumModel, listCombinations, loadPack, resolveScenario } from '@orebus/scenarios';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const pack = loadPack(
  fileURLToPath(new URL('../packages/scenarios/packs/lithium-china', import.meta.url)),
);
const combinations = listCombinations(pack).map((c) => c.id);

const parameters = fc.record({
  combination: fc.constantFrom(...combinations),
  a: fc.double({ min: 0, max: 45, noNaN: true }),
  SCP: fc.double({ min: 0, max: 0.95, noNaN: true }),
  SPR: fc.double({ min: 0, max: 1.5, noNaN: true }),
  Eco: fc.double({ min: 0.95, max: 1.1, noNaN: true }),
  Con: fc.double({ min: 0.05, max: 0.3, noNaN: true }),
  qScale: fc.double({ min: 200, max: 5000, noNaN: true }),
});

type Sample = { [K in keyof MarketMessages]?: Envelope<MarketMessages, K>[] };

/** Runs one combination with the given parameters and returns its messages by tick and kind. */
function run(p: fc.RecordValue<typeof parameters> extends infer T ? T : never) {
  const overrides = [
    `producers.a=${p.a}`,
    `market.SCP=${p.SCP}`,
    `market.SPR=${p.SPR}`,
    `producers.Eco=${p.Eco}`,
    `producers.Con=${p.Con}`,
    `producers.qScale=${p.qScale}`,
  ];
  const scenario = resolveScenario(pack, p.combination, { overrides });
  const { simulation } = buildLithiumModel(scenario.parameters, {
    scenario: p.combination,
    checked: true,
  });
  const byTick = new Map<number, Sample>();
  simulation.bus.messages().subscribe((m) => {
    const sample = byTick.get(m.tick) ?? {};
    byTick.set(m.tick, sample);
    const list = (sample[m.kind] ?? []) as Envelope<MarketMessages>[];
    list.push(m);
    (sample as Record<string, unknown>)[m.kind] = list;
  });
  simulation.run();
  return { byTick, data: simulation.data, scenario };
}

const close = (a: number, b: number, tolerance = 1e-9) =>
  Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));

describe('lithium model invariants (MODEL.md section 9)', () => {
  it('runs every one of the twelve combinations', () => {
    expect(combinations).toHaveLength(12);
  });

  it('totals supply as exactly the sum of the published offers, K + RLi + NIM', () => {
    fc.assert(
      fc.property(parameters, (p) => {
        for (const [, sample] of run(p).byTick) {
          if (!sample.MarketCleared) continue;
          const offers = sample.SupplyOffered!.map((m) => m.payload);
          const total = offers.reduce((sum, o) => sum + o.tonnes, 0);
          const cleared = sample.MarketCleared[0]!.payload;
          expect(cleared.supply).toBe(total);
          const bySource = (s: string) =>
            offers.filter((o) => o.source === s).reduce((x, o) => x + o.tonnes, 0);
          expect(cleared.supply).toBe(
            bySource('primary') + bySource('recycled') + bySource('import'),
          );
        }
      }),
      { seed: 101, numRuns: 24 },
    );
  });

  it('closes the in-use metal stock of each product every year and cumulatively', () => {
    fc.assert(
      fc.property(parameters, (p) => {
        const { data } = run(p);
        for (const agent of ['ev-maker', 'ess-maker']) {
          const stock = data.series(agent, 'metalInUse').values;
          const inflow = data.series(agent, 'demand').values;
          const outflow = data.series(agent, 'retired').values;
          let cumulativeIn = 0;
          let cumulativeOut = 0;
          for (let t = 1; t < stock.length; t++) {
            expect(close(stock[t]!, stock[t - 1]! + inflow[t]! - outflow[t]!)).toBe(true);
            cumulativeIn += inflow[t]!;
            cumulativeOut += outflow[t]!;
          }
          expect(close(stock[0]! + cumulativeIn, stock.at(-1)! + cumulativeOut)).toBe(true);
        }
      }),
      { seed: 102, numRuns: 12 },
    );
  });

  it('recycles between nothing and all of what retires, and reports the rest as lost', () => {
    fc.assert(
      fc.property(parameters, (p) => {
        const { data } = run(p);
        const eol = data.series('recycler', 'endOfLife').values;
        const recycled = data.series('recycler', 'recycled').values;
        const lost = data.series('recycler', 'lost').values;
        const retired = (t: number) =>
          data.series('ev-maker', 'retired').values[t]! +
          data.series('ess-maker', 'retired').values[t]!;
        eol.forEach((ofi, t) => {
          expect(recycled[t]!).toBeGreaterThanOrEqual(0);
          expect(recycled[t]!).toBeLessThanOrEqual(ofi);
          expect(close(recycled[t]! + lost[t]!, ofi, 1e-12)).toBe(true);
          expect(close(ofi, retired(t), 1e-12)).toBe(true);
        });
      }),
      { seed: 103, numRuns: 12 },
    );
  });

  it('quotes each price by eqs. (12)-(14) from the published inputs of the year before', () => {
    fc.assert(
      fc.property(parameters, (p) => {
        const { byTick, scenario } = run(p);
        const { SCP, SPR, P0 } = scenario.parameters.market;
        let previous: MarketMessages['MarketCleared'] | undefined;
        for (const [, sample] of [...byTick].sort(([a], [b]) => a - b)) {
          const quote = sample.PriceQuoted?.[0]?.payload;
          if (!quote) continue;
          if (!previous) {
            expect(quote.price).toBe(P0);
          } else {
            const ecp = 1 + SCP * (previous.meanUnitCost! / previous.price - 1);
            const erp = (1 / previous.ratio!) ** SPR;
            expect(quote.price).toBe(previous.price * ecp * erp);
          }
          expect(quote.price).toBeGreaterThan(0);
          previous = sample.MarketCleared![0]!.payload;
        }
      }),
      { seed: 104, numRuns: 24 },
    );
  });

  it('grows producers by exactly (1+g)(1+d)/Eco or cuts them by exactly Con, never below zero', () => {
    fc.assert(
      fc.property(parameters, (p) => {
        const { data, scenario } = run(p);
        const {
          Con,
          Eco,
          gdpGrowth: g,
          productivityRate: r,
          names,
        } = scenario.parameters.producers;
        for (const name of names) {
          const output = data.series(name, 'output').values;
          const grew = data.series(name, 'grew').values;
          output.forEach((q, t) => {
            expect(q).toBeGreaterThanOrEqual(0);
            if (t === 0) return;
            const year = 2023 + t;
            const d = (1 + r * (year - 2022)) / (1 + r * (year - 2023)) - 1;
            const factor = grew[t] === 1 ? ((1 + g) * (1 + d)) / Eco : 1 - Con;
            expect(close(q, output[t - 1]! * factor, 1e-12)).toBe(true);
          });
        }
      }),
      { seed: 105, numRuns: 12 },
    );
  });
});
