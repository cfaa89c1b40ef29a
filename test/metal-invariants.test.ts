// The invariants of MODEL.md section 9 for the cobalt and nickel packs, as properties over random
// parameter values in their valid ranges and over every combination of each pack; and the rule
// of the gap-covering importer those packs use.
import { fileURLToPath } from 'node:url';
import {
  baseYearGap,
  buildMetalModel,
  listCombinations,
  loadPack,
  resolveScenario,
} from '@orebus/scenarios';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  expectInUseStockCloses,
  expectPricesFollowTheEquations,
  expectProducersFollowTheRule,
  expectRecyclingWithinEndOfLife,
  expectSupplyIsTheOffers,
  runByTick,
} from './model-invariants.test-support.js';

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

function run(p: typeof parameters extends fc.Arbitrary<infer T> ? T : never) {
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
  const ticks = runByTick(simulation);
  return { ticks, data: simulation.data, scenario };
}

describe('cobalt and nickel model invariants (MODEL.md section 9)', () => {
  it('offers the lithium demand sides D1-D4 and supply side S1 in both packs', () => {
    for (const pack of packs) {
      expect(listCombinations(pack).map((c) => c.id)).toEqual(['S1-D1', 'S1-D2', 'S1-D3', 'S1-D4']);
    }
  });

  it('totals supply as exactly the sum of the published offers, in the pack metal', () => {
    fc.assert(
      fc.property(parameters, (p) => {
        expectSupplyIsTheOffers(run(p).ticks, p.pack.metal);
      }),
      { seed: 201, numRuns: 16 },
    );
  });

  it('closes the in-use metal stock of each product every year and cumulatively', () => {
    fc.assert(
      fc.property(parameters, (p) => {
        expectInUseStockCloses(run(p).data);
      }),
      { seed: 202, numRuns: 8 },
    );
  });

  it('recycles between nothing and all of what retires, and reports the rest as lost', () => {
    fc.assert(
      fc.property(parameters, (p) => {
        expectRecyclingWithinEndOfLife(run(p).data);
      }),
      { seed: 203, numRuns: 8 },
    );
  });

  it('quotes each price by eqs. (12)-(14) from the published inputs of the year before', () => {
    fc.assert(
      fc.property(parameters, (p) => {
        const { ticks, scenario } = run(p);
        expectPricesFollowTheEquations(ticks, scenario.parameters.market);
      }),
      { seed: 204, numRuns: 16 },
    );
  });

  it('grows producers by exactly (1+g)(1+d)/Eco or cuts them by exactly Con, never below zero', () => {
    fc.assert(
      fc.property(parameters, (p) => {
        const { data, scenario } = run(p);
        expectProducersFollowTheRule(data, scenario.parameters.producers);
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
