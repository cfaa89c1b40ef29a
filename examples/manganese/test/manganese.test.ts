// The mass balance of the manganese model and the working of its own agent and rule, as
// fast-check properties over its parameters. Written against the package's own index and the
// public entry points of Orebus only.
import type { CollectorSnapshot, Envelope } from '@orebus/core';
import type { MarketMessages } from '@orebus/market';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AGENT_IDS,
  buildManganeseModel,
  CHINA_FLEET,
  evIntensityKgPerKWh,
  MANGANESE_DEFAULTS,
  type ManganeseParameters,
  manganeseRules,
} from '../src/index.js';

const share = (min: number, max: number) => fc.double({ min, max, noNaN: true });

/** Parameters drawn around the defaults, each within the range it is meaningful in. */
const parameters = fc
  .record({
    SCP: share(0, 0.9),
    SPR: share(0, 1.2),
    a: share(0, 40),
    Con: share(0.05, 0.3),
    // Above zero: a last-year demand of a few subnormal tonnes overflows the market's ratio.
    evNmc2050: share(0.01, 0.5),
    evLmfp2050: share(0.01, 0.5),
    essLmfp2050: share(0.01, 0.5),
    collection2050: share(0.3, 1),
    recovery2050: share(0, 1),
    elasticity: share(0, 2),
    netExports: share(100, 20_000),
  })
  .map(
    (x): ManganeseParameters => ({
      ...MANGANESE_DEFAULTS,
      SCP: x.SCP,
      SPR: x.SPR,
      cost: { ...MANGANESE_DEFAULTS.cost, a: x.a },
      rule: { ...MANGANESE_DEFAULTS.rule, Con: x.Con },
      evNmcShare: [MANGANESE_DEFAULTS.evNmcShare[0], x.evNmc2050],
      evLmfpShare: [0, x.evLmfp2050],
      essLmfpShare: [0, x.essLmfp2050],
      collection: [MANGANESE_DEFAULTS.collection[0], x.collection2050],
      manganeseRecovery: [MANGANESE_DEFAULTS.manganeseRecovery[0], x.recovery2050],
      exportElasticity: x.elasticity,
      netExports2022Tonnes: x.netExports,
    }),
  );

const licence = fc.record({
  kind: fc.constant('export-licence' as const),
  triggerPrice: share(15_000, 80_000),
  share: share(0, 1),
  fromYear: fc.integer({ min: 2023, max: 2050 }),
});

type Tick = { [K in keyof MarketMessages]?: MarketMessages[K][] };

/** Runs the model, keeping every payload by year and kind as it went over the bus. */
function run(p: ManganeseParameters, rules: readonly unknown[] = []) {
  const model = buildManganeseModel(p, { checked: true, rules });
  const ticks = new Map<number, Tick>();
  model.simulation.bus.messages().subscribe((m: Envelope<MarketMessages>) => {
    const tick = ticks.get(m.tick) ?? {};
    ticks.set(m.tick, tick);
    const list = (tick[m.kind] ?? []) as unknown[];
    list.push(m.payload);
    (tick as Record<string, unknown>)[m.kind] = list;
  });
  const summary = model.simulation.run();
  const series = (agent: string, variable: string) =>
    Array.from(model.simulation.data.series(agent, variable).values);
  return { ...model, summary, ticks, series };
}

/** Equal as numbers: +0 and −0 alike (a sum of offers turns −0 into +0), nothing else. */
const same = (a: number | undefined, b: number | undefined) => a === b;

const close = (a: number, b: number, tolerance = 1e-9) =>
  Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));

const years = Array.from({ length: 28 }, (_, i) => 2023 + i);

describe('manganese model, 2023–2050', () => {
  it('runs every year with a positive price and no negative output', () => {
    const { summary, series } = run(MANGANESE_DEFAULTS);

    expect(summary).toMatchObject({ status: 'completed', lastYear: 2050 });
    expect(series(AGENT_IDS.market, 'price').every((price) => price > 0)).toBe(true);
    for (const { id } of MANGANESE_DEFAULTS.refiners) {
      expect(series(id, 'output').every((q) => q >= 0)).toBe(true);
    }
  });

  it('totals supply as exactly primary + recycled + net imports, each from its agents', () => {
    fc.assert(
      fc.property(parameters, (p) => {
        const { ticks, series } = run(p);
        const primary = p.refiners.map(({ id }) => series(id, 'output'));
        const recycled = series(AGENT_IDS.recycler, 'recycled');
        const netImports = series(AGENT_IDS.trader, 'netImports');

        years.forEach((year, t) => {
          const tick = ticks.get(year)!;
          const cleared = tick.MarketCleared![0]!;
          const offered = tick.SupplyOffered!.reduce((sum, o) => sum + o.tonnes, 0);
          const bySource = cleared.primary + cleared.recycled + cleared.netImports;
          expect(same(cleared.supply, offered)).toBe(true);
          expect(same(cleared.supply, bySource)).toBe(true);
          expect(
            same(
              cleared.primary,
              primary.reduce((sum, q) => sum + q[t]!, 0),
            ),
          ).toBe(true);
          expect(same(cleared.recycled, recycled[t])).toBe(true);
          expect(same(cleared.netImports, netImports[t])).toBe(true);
        });
      }),
      { numRuns: 20 },
    );
  });

  it('closes the manganese in use of EVs and storage every year and over the run', () => {
    fc.assert(
      fc.property(parameters, (p) => {
        const { series } = run(p);
        for (const maker of [AGENT_IDS.ev, AGENT_IDS.ess]) {
          const stock = series(maker, 'metalInUse');
          const inflow = series(maker, 'demand');
          const outflow = series(maker, 'retired');
          for (let t = 1; t < stock.length; t++) {
            expect(close(stock[t]!, stock[t - 1]! + inflow[t]! - outflow[t]!)).toBe(true);
          }
          const totalIn = inflow.slice(1).reduce((sum, x) => sum + x, 0);
          const totalOut = outflow.slice(1).reduce((sum, x) => sum + x, 0);
          expect(close(stock[0]! + totalIn, stock.at(-1)! + totalOut)).toBe(true);
          expect(inflow.every((x) => x >= 0) && outflow.every((x) => x >= 0)).toBe(true);
        }
      }),
      { numRuns: 20 },
    );
  });

  it('recycles no more than retires, and what is not recycled is lost', () => {
    fc.assert(
      fc.property(parameters, (p) => {
        const { series } = run(p);
        const endOfLife = series(AGENT_IDS.recycler, 'endOfLife');
        const recycled = series(AGENT_IDS.recycler, 'recycled');
        const lost = series(AGENT_IDS.recycler, 'lost');
        const evRetired = series(AGENT_IDS.ev, 'retired');
        const essRetired = series(AGENT_IDS.ess, 'retired');

        endOfLife.forEach((eol, t) => {
          expect(same(eol, evRetired[t]! + essRetired[t]!)).toBe(true);
          expect(recycled[t]!).toBeGreaterThanOrEqual(0);
          expect(recycled[t]!).toBeLessThanOrEqual(eol);
          expect(close(recycled[t]! + lost[t]!, eol, 1e-12)).toBe(true);
        });
      }),
      { numRuns: 20 },
    );
  });

  it('demands exactly the manganese of the new batteries: kWh by type × the mix intensity', () => {
    fc.assert(
      fc.property(parameters, (p) => {
        const { series } = run(p);
        const intensity = evIntensityKgPerKWh(p);
        const bev = series(AGENT_IDS.ev, 'newUnits.BEV');
        const phev = series(AGENT_IDS.ev, 'newUnits.PHEV');
        const demand = series(AGENT_IDS.ev, 'demand');
        const market = series(AGENT_IDS.market, 'demand');
        const essDemand = series(AGENT_IDS.ess, 'demand');

        years.forEach((year, t) => {
          const kWh = bev[t]! * CHINA_FLEET.packKWh.BEV + phev[t]! * CHINA_FLEET.packKWh.PHEV;
          expect(close(demand[t]!, (kWh * intensity(year)) / 1000)).toBe(true);
          expect(same(market[t], demand[t]! + essDemand[t]!)).toBe(true);
        });
      }),
      { numRuns: 10 },
    );
  });

  it('exports by the price gap: exports = base · (world price / price)^elasticity', () => {
    fc.assert(
      fc.property(parameters, (p) => {
        const { series } = run(p);
        const price = series(AGENT_IDS.market, 'price');
        const netImports = series(AGENT_IDS.trader, 'netImports');

        netImports.forEach((n, t) => {
          const exports = p.netExports2022Tonnes * (p.worldPrice / price[t]!) ** p.exportElasticity;
          expect(close(-n, exports)).toBe(true);
        });
      }),
      { numRuns: 10 },
    );
  });

  it('gives the same data for the same parameters and seed', () => {
    const a = run(MANGANESE_DEFAULTS).simulation.data.snapshot();
    const b = run(MANGANESE_DEFAULTS).simulation.data.snapshot() as CollectorSnapshot;

    expect(b).toEqual(a);
  });
});

describe('export licence (a rule of this package)', () => {
  it('withholds its share of exports in exactly the years the price passes the trigger', () => {
    fc.assert(
      fc.property(parameters, licence, (p, rule) => {
        const { series, ticks } = run(p, [rule]);
        const price = series(AGENT_IDS.market, 'price');
        const netImports = series(AGENT_IDS.trader, 'netImports');
        const restricted = series(AGENT_IDS.trader, 'restrictedShare');

        years.forEach((year, t) => {
          const binding = year >= rule.fromYear && price[t]! > rule.triggerPrice;
          const planned = p.netExports2022Tonnes * (p.worldPrice / price[t]!) ** p.exportElasticity;
          // The importer reports 1 − (1 − share), equal to the share to rounding.
          expect(close(restricted[t]!, binding ? rule.share : 0, 1e-15)).toBe(true);
          expect(close(-netImports[t]!, planned * (1 - (binding ? rule.share : 0)))).toBe(true);
          expect(ticks.get(year)!.SupplyRestricted?.length ?? 0).toBe(binding ? 1 : 0);
        });
      }),
      { numRuns: 20 },
    );
  });

  it('keeps metal at home in a price spike of the default run, and changes nothing before', () => {
    const rule = { kind: 'export-licence', triggerPrice: 40_000, share: 0.5, fromYear: 2023 };

    const free = run(MANGANESE_DEFAULTS);
    const licensed = run(MANGANESE_DEFAULTS, [rule]);

    const binding = licensed.series('rule:0:export-licence', 'binding');
    const first = binding.indexOf(1);
    expect(first).toBeGreaterThan(0);
    const exports = (r: typeof free) => r.series(AGENT_IDS.trader, 'netImports').map((n) => -n);
    expect(exports(licensed).slice(0, first)).toEqual(exports(free).slice(0, first));
    expect(exports(licensed)[first]).toBeCloseTo(exports(free)[first]! / 2, 9);
  });

  it('keeps the mass balance with the licence in force', () => {
    fc.assert(
      fc.property(parameters, licence, (p, rule) => {
        const { ticks } = run(p, [rule]);
        for (const year of years) {
          const cleared = ticks.get(year)!.MarketCleared![0]!;
          const bySource = cleared.primary + cleared.recycled + cleared.netImports;
          expect(same(cleared.supply, bySource)).toBe(true);
          expect(cleared.netImports).toBeLessThanOrEqual(0);
        }
      }),
      { numRuns: 10 },
    );
  });

  it('is refused with E_RULE naming the field when its parameters are bad', () => {
    const bad = { kind: 'export-licence', triggerPrice: 30_000, share: 1.5, fromYear: 2030 };

    expect(() => buildManganeseModel(MANGANESE_DEFAULTS, { rules: [bad] })).toThrowError(
      expect.objectContaining({
        code: 'E_RULE',
        message: expect.stringContaining('rules[0].share'),
      }),
    );
    expect(
      manganeseRules()
        .list()
        .map((r) => r.kind),
    ).toContain('export-licence');
  });
});
