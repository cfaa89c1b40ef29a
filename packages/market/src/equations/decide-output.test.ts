import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideOutput } from './decide-output.js';

const rule = { g: 0.055, d: 0.1, Eco: 1.02, Con: 0.15 };

describe('decideOutput', () => {
  it('grows when the price covers the cost', () => {
    // 1000 · 1.055 · 1.1 / 1.02 = 1160.5 / 1.02 = 1137.7450980392157 t Li.
    const decision = decideOutput(1000, 12000, 11000, rule);

    expect(decision.branch).toBe('grow');
    expect(decision.output).toBeCloseTo(1137.7450980392157, 10);
  });

  it('contracts when the price is below the cost', () => {
    // The first model year of the reference case: P = 10 000 < Cost(1791.05) ≈ 10 812.66;
    // 1791.05 · (1 − 0.15) = 1522.3925 t Li.
    const decision = decideOutput(1791.05, 10000, 10812.655803075, rule);

    expect(decision.branch).toBe('contract');
    expect(decision.output).toBeCloseTo(1522.3925, 10);
  });

  it('grows on a tie, as the paper writes P ≥ Cost', () => {
    const decision = decideOutput(1000, 12000, 12000, rule);

    expect(decision.branch).toBe('grow');
  });

  it('grows exactly by (1+g)(1+d)/Eco, contracts exactly by Con and never goes negative', () => {
    const rate = fc.double({ min: -0.5, max: 0.5, noNaN: true });
    const arbitraries = [
      fc.double({ min: 0, max: 1e7, noNaN: true }),
      fc.double({ min: 0, max: 1e5, noNaN: true }),
      fc.double({ min: 0, max: 1e5, noNaN: true }),
      rate,
      rate,
      fc.double({ min: 0.5, max: 2, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
    ] as const;

    fc.assert(
      fc.property(...arbitraries, (previous, price, cost, g, d, Eco, Con) => {
        const { output, branch } = decideOutput(previous, price, cost, { g, d, Eco, Con });

        expect(output).toBeGreaterThanOrEqual(0);
        expect(branch).toBe(price >= cost ? 'grow' : 'contract');
        const factor = branch === 'grow' ? ((1 + g) * (1 + d)) / Eco : 1 - Con;
        expect(Math.abs(output - previous * factor)).toBeLessThanOrEqual(1e-12 * previous * factor);
      }),
      { seed: 15 },
    );
  });

  it('rejects parameters that would allow a negative output', () => {
    const bad = [
      { ...rule, Con: 1.2 },
      { ...rule, Con: -0.1 },
      { ...rule, Eco: 0 },
      { ...rule, g: -1 },
      { ...rule, d: -1.5 },
    ];

    for (const parameters of bad) {
      expect(() => decideOutput(1000, 12000, 11000, parameters)).toThrow(
        expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }),
      );
    }
    expect(() => decideOutput(-1, 12000, 11000, rule)).toThrow(
      expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }),
    );
  });
});
