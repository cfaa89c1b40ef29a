// The invariants of MODEL.md section 9, as properties over random parameter values in their
// valid ranges and over all twelve combinations of the lithium pack.
import { fileURLToPath } from 'node:url';
import { buildLithiumModel, listCombinations, loadPack, resolveScenario } from '@orebus/scenarios';
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

/** Runs one combination with the given parameters and returns its messages by tick and kind. */
function run(p: typeof parameters extends fc.Arbitrary<infer T> ? T : never) {
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
  const ticks = runByTick(simulation);
  return { ticks, data: simulation.data, scenario };
}

describe('lithium model invariants (MODEL.md section 9)', () => {
  it('runs every one of the twelve combinations', () => {
    expect(combinations).toHaveLength(12);
  });

  it('totals supply as exactly the sum of the published offers, K + RLi + NIM', () => {
    fc.assert(
      fc.property(parameters, (p) => {
        expectSupplyIsTheOffers(run(p).ticks, 'Li');
      }),
      { seed: 101, numRuns: 24 },
    );
  });

  it('closes the in-use metal stock of each product every year and cumulatively', () => {
    fc.assert(
      fc.property(parameters, (p) => {
        expectInUseStockCloses(run(p).data);
      }),
      { seed: 102, numRuns: 12 },
    );
  });

  it('recycles between nothing and all of what retires, and reports the rest as lost', () => {
    fc.assert(
      fc.property(parameters, (p) => {
        expectRecyclingWithinEndOfLife(run(p).data);
      }),
      { seed: 103, numRuns: 12 },
    );
  });

  it('quotes each price by eqs. (12)-(14) from the published inputs of the year before', () => {
    fc.assert(
      fc.property(parameters, (p) => {
        const { ticks, scenario } = run(p);
        expectPricesFollowTheEquations(ticks, scenario.parameters.market);
      }),
      { seed: 104, numRuns: 24 },
    );
  });

  it('grows producers by exactly (1+g)(1+d)/Eco or cuts them by exactly Con, never below zero', () => {
    fc.assert(
      fc.property(parameters, (p) => {
        const { data, scenario } = run(p);
        expectProducersFollowTheRule(data, scenario.parameters.producers);
      }),
      { seed: 105, numRuns: 12 },
    );
  });
});
