// The invariants of MODEL.md section 9 as checks on one finished run of a single-metal model,
// shared by the lithium and the cobalt/nickel property tests, which differ only in what they
// draw and in the checks of their own.
import type { DataCollector, Envelope, Simulation } from '@orebus/core';
import type { MarketMessages } from '@orebus/market';
import type { LithiumParameters } from '@orebus/scenarios';
import { expect } from 'vitest';

/** One tick's messages, by kind, in delivery order. */
export type TickSample = { [K in keyof MarketMessages]?: Envelope<MarketMessages, K>[] };

export const close = (a: number, b: number, tolerance = 1e-9) =>
  Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));

/** Runs `simulation`, keeping every message by tick; returns the ticks in order. */
export function runByTick(simulation: Simulation<MarketMessages>): TickSample[] {
  const byTick = new Map<number, TickSample>();
  simulation.bus.messages().subscribe((m) => {
    const sample = byTick.get(m.tick) ?? {};
    byTick.set(m.tick, sample);
    const list = (sample[m.kind] ?? []) as Envelope<MarketMessages>[];
    list.push(m);
    (sample as Record<string, unknown>)[m.kind] = list;
  });
  simulation.run();
  return [...byTick].sort(([a], [b]) => a - b).map(([, sample]) => sample);
}

/** Supply is exactly the sum of the offers as published, and of K + R + NIM, every year. */
export function expectSupplyIsTheOffers(ticks: readonly TickSample[], metal: string): void {
  for (const sample of ticks) {
    if (!sample.MarketCleared) continue;
    const offers = sample.SupplyOffered!.map((m) => m.payload);
    const cleared = sample.MarketCleared[0]!.payload;
    expect(cleared.metal).toBe(metal);
    expect(offers.every((o) => o.metal === metal)).toBe(true);
    expect(cleared.supply).toBe(offers.reduce((sum, o) => sum + o.tonnes, 0));
    const bySource = (s: string) =>
      offers.filter((o) => o.source === s).reduce((x, o) => x + o.tonnes, 0);
    expect(cleared.supply).toBe(bySource('primary') + bySource('recycled') + bySource('import'));
  }
}

/** Each maker's metal in use closes every year and cumulatively: Σ in = stock + Σ out. */
export function expectInUseStockCloses(data: DataCollector): void {
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
}

/** 0 ≤ recycled ≤ end of life = what the makers retired; recycled + lost = end of life. */
export function expectRecyclingWithinEndOfLife(data: DataCollector): void {
  const eol = data.series('recycler', 'endOfLife').values;
  const recycled = data.series('recycler', 'recycled').values;
  const lost = data.series('recycler', 'lost').values;
  const retired = (t: number) =>
    data.series('ev-maker', 'retired').values[t]! + data.series('ess-maker', 'retired').values[t]!;
  eol.forEach((ofi, t) => {
    expect(recycled[t]!).toBeGreaterThanOrEqual(0);
    expect(recycled[t]!).toBeLessThanOrEqual(ofi);
    expect(close(recycled[t]! + lost[t]!, ofi, 1e-12)).toBe(true);
    expect(close(ofi, retired(t), 1e-12)).toBe(true);
  });
}

/** Each quote is eqs. (12)–(14) of the cleared totals of the year before; P0 first. */
export function expectPricesFollowTheEquations(
  ticks: readonly TickSample[],
  market: LithiumParameters['market'],
): void {
  const { SCP, SPR, P0 } = market;
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
}

/** Producers grow by exactly (1+g)(1+d)/Eco or shrink by exactly Con, never below zero. */
export function expectProducersFollowTheRule(
  data: DataCollector,
  producers: LithiumParameters['producers'],
): void {
  const { Con, Eco, gdpGrowth: g, productivityRate: r, names } = producers;
  for (const name of names) {
    const output = data.series(name, 'output').values;
    const grew = data.series(name, 'grew').values;
    output.forEach((q, t) => {
      expect(q).toBeGreaterThanOrEqual(0);
      if (t === 0) return;
      const year = data.startYear + t;
      const d = (1 + r * (year - 2022)) / (1 + r * (year - 2023)) - 1;
      const factor = grew[t] === 1 ? ((1 + g) * (1 + d)) / Eco : 1 - Con;
      expect(close(q, output[t - 1]! * factor, 1e-12)).toBe(true);
    });
  }
}
