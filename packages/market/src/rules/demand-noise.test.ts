import { Simulation } from '@orebus/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultRules } from '../index.js';
import { MARKET_PHASES, type MarketMessages, marketProtocol } from '../protocol.js';

/** The rule alone for `startYear`…`endYear`: the factor it records and those it publishes. */
function noise(spec: object, seed: number, endYear = 2050, startYear = 2023) {
  const sim = new Simulation<MarketMessages>({
    protocol: marketProtocol,
    phases: MARKET_PHASES,
    startYear,
    endYear,
    seed,
    checked: true,
  });
  for (const agent of defaultRules().create(spec, { metal: 'Li', startYear, endYear, index: 0 })) {
    sim.add(agent);
  }
  const published = new Map<number, number>();
  const products = new Set<string | undefined>();
  sim.bus.subscribe('test', 'DemandScaled', (m) => {
    published.set(m.tick, m.payload.factor);
    products.add(m.payload.product);
  });
  sim.run();
  const recorded = [...sim.data.series('rule:0:demand-noise', 'demandFactor').values];
  return { recorded, published, products };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: readonly number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};

describe('demand noise', () => {
  it('publishes a factor of exactly 1 every year at sd 0, and nothing outside its window', () => {
    const all = noise({ kind: 'demand-noise', sd: 0 }, 3);
    const window = noise({ kind: 'demand-noise', sd: 0.2, fromYear: 2030, toYear: 2032 }, 3);

    expect(all.recorded.every((f) => f === 1)).toBe(true);
    expect(all.published.size).toBe(28);
    expect([...window.published.keys()]).toEqual([2030, 2031, 2032]);
    expect(window.recorded.filter((f) => f !== 1)).toHaveLength(3);
  });

  it('draws the same factors for the same seed, and the window does not move them (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.double({ min: 0.01, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 0.95, noNaN: true }),
        (seed, sigma, persistence) => {
          const spec = { kind: 'demand-noise', sd: sigma, persistence };
          const all = noise(spec, seed);

          expect(noise(spec, seed).recorded).toEqual(all.recorded);
          const windowed = noise({ ...spec, fromYear: 2035, toYear: 2045 }, seed);
          windowed.recorded.forEach((factor, t) => {
            const year = 2023 + t;
            expect(factor).toBe(year >= 2035 && year <= 2045 ? all.recorded[t] : 1);
          });
          expect(all.recorded.every((f) => f > 0)).toBe(true);
        },
      ),
      { seed: 23, numRuns: 25 },
    );
  });

  it('draws log factors with mean 0, the given sd and, with persistence, that autocorrelation', () => {
    const years = (spec: object) =>
      noise(spec, 41, 4022).recorded.map((factor) => Math.log(factor));
    const independent = years({ kind: 'demand-noise', sd: 0.1 });
    const persistent = years({ kind: 'demand-noise', sd: 0.1, persistence: 0.8 });
    const lag1 = (xs: readonly number[]) => {
      const m = mean(xs);
      let num = 0;
      let den = 0;
      for (let t = 0; t < xs.length; t++) {
        den += (xs[t]! - m) ** 2;
        if (t > 0) num += (xs[t]! - m) * (xs[t - 1]! - m);
      }
      return num / den;
    };

    // 2,000 years: the standard error of the mean is 0.1/√2000 ≈ 0.002 (larger when persistent).
    expect(Math.abs(mean(independent))).toBeLessThan(0.01);
    expect(sd(independent)).toBeGreaterThan(0.093);
    expect(sd(independent)).toBeLessThan(0.107);
    expect(Math.abs(lag1(independent))).toBeLessThan(0.06);
    // Stationary: the spread of a persistent series is the same sd, not a random walk's.
    expect(sd(persistent)).toBeGreaterThan(0.085);
    expect(sd(persistent)).toBeLessThan(0.115);
    expect(lag1(persistent)).toBeGreaterThan(0.75);
    expect(lag1(persistent)).toBeLessThan(0.85);
  });

  it('names its product in every DemandScaled, and none without one', () => {
    expect([...noise({ kind: 'demand-noise', sd: 0.1, product: 'ESS' }, 2).products]).toEqual([
      'ESS',
    ]);
    expect([...noise({ kind: 'demand-noise', sd: 0.1 }, 2).products]).toEqual([undefined]);
  });

  it('refuses an sd outside 0-1, a persistence of 1 and a window that ends before it starts', () => {
    const bad = [
      { kind: 'demand-noise', sd: 1.5 },
      { kind: 'demand-noise', sd: -0.1 },
      { kind: 'demand-noise', sd: 0.1, persistence: 1 },
      { kind: 'demand-noise', sd: 0.1, fromYear: 2040, toYear: 2030 },
      { kind: 'demand-noise', sd: 0.1, scale: 2 },
      { kind: 'demand-noise', sd: 0.1, product: '' },
    ];
    for (const spec of bad) {
      expect(() => noise(spec, 1)).toThrowError(expect.objectContaining({ code: 'E_RULE' }));
    }
  });
});
