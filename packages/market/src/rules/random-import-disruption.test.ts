import { Simulation } from '@orebus/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultRules } from '../index.js';
import { MARKET_PHASES, type MarketMessages, marketProtocol } from '../protocol.js';

function strikes(spec: object, seed: number, endYear = 2050): number[] {
  const sim = new Simulation<MarketMessages>({
    protocol: marketProtocol,
    phases: MARKET_PHASES,
    startYear: 2023,
    endYear,
    seed,
    checked: true,
  });
  for (const agent of defaultRules().create(spec, {
    metal: 'Li',
    startYear: 2023,
    endYear,
    index: 0,
  })) {
    sim.add(agent);
  }
  const years: number[] = [];
  sim.bus.subscribe('test', 'SupplyRestricted', (m) => years.push(m.tick));
  sim.run();
  return years;
}

describe('random import disruption', () => {
  it('never strikes at probability 0 and strikes every year of its window at 1', () => {
    const base = { kind: 'random-import-disruption', share: 0.5 };

    expect(strikes({ ...base, probability: 0 }, 1)).toEqual([]);
    expect(strikes({ ...base, probability: 1, fromYear: 2030, toYear: 2032 }, 1)).toEqual([
      2030, 2031, 2032,
    ]);
  });

  it('draws the same years for the same seed, and the window does not move them (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        (seed, p) => {
          const spec = { kind: 'random-import-disruption', share: 0.3, probability: p };
          const all = strikes(spec, seed);

          expect(strikes(spec, seed)).toEqual(all);
          expect(strikes({ ...spec, fromYear: 2035, toYear: 2045 }, seed)).toEqual(
            all.filter((y) => y >= 2035 && y <= 2045),
          );
        },
      ),
      { seed: 17, numRuns: 30 },
    );
  });

  it('strikes in about the given share of years', () => {
    const years = strikes(
      { kind: 'random-import-disruption', share: 1, probability: 0.3 },
      99,
      3022,
    );

    expect(years.length / 1000).toBeGreaterThan(0.25);
    expect(years.length / 1000).toBeLessThan(0.35);
  });

  it('refuses a probability outside 0-1 and a window that ends before it starts', () => {
    const bad = [
      { kind: 'random-import-disruption', share: 0.5, probability: 1.5 },
      {
        kind: 'random-import-disruption',
        share: 0.5,
        probability: 0.5,
        fromYear: 2040,
        toYear: 2030,
      },
    ];
    for (const spec of bad) {
      expect(() => strikes(spec, 1)).toThrowError(expect.objectContaining({ code: 'E_RULE' }));
    }
  });
});
