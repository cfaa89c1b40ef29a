// The invariants of MODEL.md section 9 for the cobalt and nickel packs, as properties over random
// parameter values in their valid ranges and over every combination of each pack; and the rule
// of the gap-covering importer those packs use.
import { fileURLToPath } from 'node:url';
import type { Envelope } from '@orebus/core';
import type { MarketMessages } from '@orebus/market';
import {
  baseYearGap,
  buildMetalModel,
  listCombinations,
  loadPack,
  resolveScenario,
} from '@orebus/scenarios';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const packs = ['cobalt-china', 'nickel-china'].map((name) =>
  loadPack(fileURLToPath(new URL(`../packages/scenarios/packs/${name}`, import.meta.url))),
);

const parameters = fc.record({
  pack: fc.constantFrom(...packs),
  combination: fc.constantFrom('S1-D1', 'S1-D2', 'S1-D3', 'S1-D4'),
  a: fc.double({ min: 0, max: 45, noNaN: true }),
  SCP: fc.double({ min: 0, max: 0.95, noNaN: true }),
  SPR: fc.double({ min: 0, max: 1.5, noNaN: true }),
  Eco: fc.double({ min: 0.95, max: 1.1, noNaN: true }),
  Con: fc.double({ min: 0.05, max: 0.3, noNaN: true }),
  // qScale relative to the pack's base-year output, as the lithium test's 200-5000 t is to 22.6 kt.
  qScalePerK: fc.double({ min: 0.009, max: 0.22, noNaN: true }),
  gapShare: fc.double({ min: 0.05, max: 1, noNaN: true }),
});

type Sample = { [K in keyof MarketMessages]?: Envelope<MarketMessages, K>[] };

function run(p: fc.RecordValue<typeof parameters> extends infer T ? T : never) {
  const base = resolveScenario(p.pack, p.combination);
  const overrides = [
    `producers.a=${p.a}`,
    `market.SCP=${p.SCP}`,
    `market.SPR=${p.SPR}`,
    `producers.Eco=${p.Eco}`,
    `producers.Con=${p.Con}`,
    `producers.qScale=${p.qScalePerK * base.parameters.producers.K2022}`,
    `importer.response.gapShare=${p.gapShare}`,
  ];
  const scenario = resolveScenario(p.pack, p.combination, { overrides });
  const { simulation } = buildMetalModel(scenario.parameters, {
    scenario: p.combination,
    metal: p.pack.metal,
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
  const ticks = [...byTick].sort(([a], [b]) => a - b).map(([, sample]) => sample);
  return { ticks, data: simulation.data, scenario };
}

const close = (a: number, b: number, tolerance = 1e-9) =>
  Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));

describe('cobalt and nickel model invariants (MODEL.md section 9)', () => {
  it('offers the lithium demand sides D1-D4 and supply side S1 in both packs', () => {
    for (const pack of packs) {
      expect(listCombinations(pack).map((c) => c.id)).toEqual(['S1-D1', 'S1-D2', 'S1-D3', 'S1-D4']);
    }
  });

  it('totals supply as exactly the sum of the published offers, in the pack metal', () => {
    fc.assert(
      fc.property(parameters, (p) => {
        const { ticks } = run(p);
        for (const sample of ticks) {
          if (!sample.MarketCleared) continue;
          const offers = sample.SupplyOffered!.map((m) => m.payload);
          const cleared = sample.MarketCleared[0]!.payload;
          expect(cleared.metal).toBe(p.pack.metal);
          expect(offers.every((o) => o.metal === p.pack.metal)).toBe(true);
          expect(cleared.supply).toBe(offers.reduce((sum, o) => sum + o.tonnes, 0));
          const bySource = (s: string) =>
            offers.filter((o) => o.source === s).reduce((x, o) => x + o.tonnes, 0);
          expect(cleared.supply).toBe(
            bySource('primary') + bySource('recycled') + bySource('import'),
          );
        }
      }),
      { seed: 201, numRuns: 16 },
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
      { seed: 202, numRuns: 8 },
    );
  });

  it('recycles between nothing and all of what retires, and reports the rest as lost', () => {
    fc.assert(
      fc.property(parameters, (p) => {
        const { data } = run(p);
        const eol = data.series('recycler', 'endOfLife').values;
        const recycled = data.series('recycler', 'recycled').values;
        const lost = data.series('recycler', 'lost').values;
        eol.forEach((ofi, t) => {
          const retired =
            data.series('ev-maker', 'retired').values[t]! +
            data.series('ess-maker', 'retired').values[t]!;
          expect(recycled[t]!).toBeGreaterThanOrEqual(0);
          expect(recycled[t]!).toBeLessThanOrEqual(ofi);
          expect(close(recycled[t]! + lost[t]!, ofi, 1e-12)).toBe(true);
          expect(close(ofi, retired, 1e-12)).toBe(true);
        });
      }),
      { seed: 203, numRuns: 8 },
    );
  });

  it('quotes each price by eqs. (12)-(14) from the published inputs of the year before', () => {
    fc.assert(
      fc.property(parameters, (p) => {
        const { ticks, scenario } = run(p);
        const { SCP, SPR, P0 } = scenario.parameters.market;
        let previous: MarketMessages['MarketCleared'] | undefined;
        for (const sample of ticks) {
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
      { seed: 204, numRuns: 16 },
    );
  });

  it('grows producers by exactly (1+g)(1+d)/Eco or cuts them by exactly Con, never below zero', () => {
    fc.assert(
      fc.property(parameters, (p) => {
        const { data, scenario } = run(p);
        const { Con, Eco, gdpGrowth: g, productivityRate: r } = scenario.parameters.producers;
        for (const name of scenario.parameters.producers.names) {
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
      { seed: 205, numRuns: 8 },
    );
  });

  it('imports min(cap, max(floor, gapShare × last year’s gap)), less any restriction', () => {
    fc.assert(
      fc.property(parameters, (p) => {
        const { ticks, scenario } = run(p);
        const { importer } = scenario.parameters;
        const { gapShare, cap } = importer.response!;
        let gap = baseYearGap(scenario.parameters);
        ticks.forEach((sample, t) => {
          const year = 2023 + t;
          const kept = (sample.SupplyRestricted ?? [])
            .filter((m) => m.payload.source === 'import')
            .reduce((k, m) => k * (1 - m.payload.share), 1);
          const planned = Math.min(
            cap[year]!,
            Math.max(importer.netImports[year]!, gapShare * gap),
          );
          const offered = sample.SupplyOffered!.find((m) => m.payload.source === 'import')!;
          expect(offered.payload.tonnes).toBe(planned * kept);
          const cleared = sample.MarketCleared![0]!.payload;
          gap = cleared.demand - cleared.primary - cleared.recycled;
        });
      }),
      { seed: 206, numRuns: 16 },
    );
  });

  it('cuts cobalt imports in the DR Congo ban and quota years and in no other', () => {
    const cobalt = packs.find((pack) => pack.metal === 'Co')!;
    const { ticks } = run({
      pack: cobalt,
      combination: 'S1-D1',
      a: 10,
      SCP: 0.5,
      SPR: 0.4,
      Eco: 1,
      Con: 0.1,
      qScalePerK: 0.09,
      gapShare: 1,
    });

    const restricted = ticks.flatMap((sample, t) =>
      (sample.SupplyRestricted ?? []).map((m) => [2023 + t, m.payload.share]),
    );

    expect(restricted).toEqual([
      [2025, 0.513158],
      [2026, 0.175789],
      [2027, 0.175789],
    ]);
  });
});
