import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  collect,
  expectAllClose,
  expectClose,
  marketSimulation,
  observed,
  priceDriver,
} from './agents.test-support.js';
import { PrimaryProducer, type PrimaryProducerOptions } from './primary-producer.js';

// Cost(q) = 10·x² + (1000 − 20·10)·x + 10 000 = 10·x² + 800·x + 10 000, with x = q / 100.
const options: PrimaryProducerOptions = {
  id: 'producer',
  metal: 'Li',
  initialOutput: 1000,
  cost: { a: 10, qScale: 100 },
  rule: { g: 0.05, Eco: 1.1, Con: 0.2 },
  productivity: { rate: 0.1, mode: 'linear', baseYear: 2022 },
};

function runProducer(producer: PrimaryProducer, prices: Record<number, number>, endYear = 2025) {
  const sim = marketSimulation(2023, endYear);
  sim.add(priceDriver(prices));
  sim.add(producer);
  const offers = collect(sim, 'SupplyOffered');
  sim.run();
  return { sim, offers };
}

describe('PrimaryProducer', () => {
  it('prices its base-year output on the cost curve, eq. (11)', () => {
    // x = 1000 / 100 = 10: 10·100 + 800·10 + 10 000 = 19 000.
    const producer = new PrimaryProducer(options);

    runProducer(producer, { 2023: 20000, 2024: 15000, 2025: 18000 });

    expect(producer.stateAt(2022).unitCost).toBe(19000);
    expect(producer.stateAt(2022).output).toBe(1000);
  });

  it('grows or contracts by eq. (15) with linear productivity, offering at the new cost', () => {
    // 2023: P 20 000 ≥ Cost(1000) = 19 000, grow. A_2023 = 1.1, A_2022 = 1, d = 0.1:
    //   q = 1000 · 1.05 · 1.1 / 1.1 = 1050; Cost(1050) = 10·10.5² + 800·10.5 + 10 000 = 19 502.5.
    // 2024: P 15 000 < 19 502.5, contract: q = 1050 · (1 − 0.2) = 840;
    //   Cost(840) = 10·8.4² + 800·8.4 + 10 000 = 705.6 + 6720 + 10 000 = 17 425.6.
    // 2025: P 18 000 ≥ 17 425.6, grow. d = A_2025 / A_2024 − 1 = 1.3 / 1.2 − 1 = 1/12:
    //   q = 840 · 1.05 · (13/12) / 1.1 = 882 · 13/12 / 1.1 = 955.5 / 1.1 = 868.63636…;
    //   Cost = 10·8.6863636…² + 800·8.6863636… + 10 000 = 754.5289… + 6949.0909… + 10 000
    //        = 17 703.620041322…
    const producer = new PrimaryProducer(options);

    const { sim, offers } = runProducer(producer, { 2023: 20000, 2024: 15000, 2025: 18000 });

    const outputs = [1050, 840, 955.5 / 1.1];
    const costs = [19502.5, 17425.6, 17703.620041322312];
    expectAllClose(observed(sim, 'producer', 'output'), outputs);
    expectAllClose(observed(sim, 'producer', 'unitCost'), costs);
    expect(observed(sim, 'producer', 'grew')).toEqual([1, 0, 1]);
    expect(offers.map((m) => m.phase)).toEqual(['supply', 'supply', 'supply']);
    expect(offers.map((m) => m.payload.source)).toEqual(['primary', 'primary', 'primary']);
    expectAllClose(
      offers.map((m) => m.payload.tonnes),
      outputs,
    );
    expectAllClose(
      offers.map((m) => m.payload.unitCost!),
      costs,
    );
    expect([2023, 2024, 2025].map((y) => producer.stateAt(y).branch)).toEqual([
      'grow',
      'contract',
      'grow',
    ]);
  });

  it('grows when the price exactly equals its unit cost', () => {
    // Cost(1000) = 19 000 and P = 19 000: the paper's P ≥ Cost takes the growth branch.
    const producer = new PrimaryProducer(options);

    const { sim } = runProducer(producer, { 2023: 19000 }, 2023);

    expect(observed(sim, 'producer', 'grew')).toEqual([1]);
    expectClose(observed(sim, 'producer', 'output')[0]!, 1050);
  });

  it('decides from the price of its own metal and ignores quotes for another metal', () => {
    // Li at 15 000 < 19 000 contracts to 800 t; a cobalt quote of 50 000 published after it
    // must not make the producer grow.
    const sim = marketSimulation(2023, 2023);
    sim.add(priceDriver({ 2023: 15000 }, 'Li'));
    sim.add(priceDriver({ 2023: 50000 }, 'Co'));
    sim.add(new PrimaryProducer(options));

    sim.run();

    expectClose(observed(sim, 'producer', 'output')[0]!, 800);
  });

  it('fails the step when no price was quoted for its metal before supply', () => {
    const sim = marketSimulation(2023, 2023);
    sim.add(priceDriver({ 2023: 20000 }, 'Co'));
    sim.add(new PrimaryProducer(options));

    expect(() => sim.run()).toThrow(expect.objectContaining({ code: 'E_AGENT_STEP' }));
  });

  it('never offers a negative output, and moves by exactly (1+g)(1+d)/Eco or 1 − Con', () => {
    const years = 10;
    const arbitraries = [
      fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }),
      fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), {
        minLength: years,
        maxLength: years,
      }),
      fc.double({ min: 1e-3, max: 1e5, noNaN: true }),
      fc.double({ min: 0, max: 50, noNaN: true }),
      fc.double({ min: 0.5, max: 2, noNaN: true }),
    ] as const;

    fc.assert(
      fc.property(...arbitraries, (Con, priceList, initialOutput, a, Eco) => {
        const prices: Record<number, number> = {};
        priceList.forEach((price, i) => {
          prices[2023 + i] = price;
        });
        const rule = { g: 0.055, Eco, Con };
        const producer = new PrimaryProducer({
          ...options,
          initialOutput,
          rule,
          cost: { a, qScale: 100 },
        });

        const { sim } = runProducer(producer, prices, 2022 + years);

        const outputs = observed(sim, 'producer', 'output');
        const grew = observed(sim, 'producer', 'grew');
        let previous = initialOutput;
        outputs.forEach((output, i) => {
          const year = 2023 + i;
          // A_t / A_{t−1} − 1 with A_t = 1 + 0.1·(t − 2022).
          const d = (1 + 0.1 * (year - 2022)) / (1 + 0.1 * (year - 2023)) - 1;
          const factor = grew[i] === 1 ? (1.055 * (1 + d)) / Eco : 1 - Con;
          expect(output).toBeGreaterThanOrEqual(0);
          expectClose(output, previous * factor, 1e-12);
          previous = output;
        });
      }),
      { seed: 2025, numRuns: 60 },
    );
  });

  it('changes only the output decision when a subclass overrides unitCost', () => {
    // A levy of 5000 a tonne on top of eq. (11): Cost(1000) = 19 000 + 5000 = 24 000 > 20 000,
    // so in 2023 the producer contracts to 1000 · 0.8 = 800 where the plain one grew to 1050;
    // its offer carries Cost(800) + 5000 = 10·64 + 800·8 + 10 000 + 5000 = 22 040.
    class LevyProducer extends PrimaryProducer {
      private readonly levy = 5000;
      protected override unitCost(q: number): number {
        return super.unitCost(q) + this.levy;
      }
    }
    const producer = new LevyProducer(options);

    const { offers } = runProducer(producer, { 2023: 20000 }, 2023);

    expect(producer.stateAt(2022).unitCost).toBe(24000);
    expect(producer.stateAt(2023).branch).toBe('contract');
    expectClose(offers[0]!.payload.tonnes, 800);
    expectClose(offers[0]!.payload.unitCost!, 22040);
  });
});
