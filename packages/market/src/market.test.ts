import { Agent, Simulation } from '@orebus/core';
import { describe, expect, it } from 'vitest';
import { Market } from './market.js';
import {
  MARKET_PHASES,
  type MarketMessages,
  marketProtocol,
  type SupplyOffered,
} from './protocol.js';

/** Offers the given quantities in the supply phase and posts a fixed demand. */
class Supplier extends Agent<object, MarketMessages> {
  constructor(private readonly offers: readonly Omit<SupplyOffered, 'metal'>[]) {
    super({
      id: 'supplier',
      publishes: ['SupplyOffered', 'DemandPosted'],
      consumes: [],
      initialState: {},
    });
  }
  protected setup(): void {
    this.onPhase('demand', () =>
      this.publish('DemandPosted', {
        metal: 'Li',
        product: 'EV',
        tonnes: 100,
        newUnits: 0,
        unit: 'vehicles',
        energyKWh: 0,
        stockUnits: 0,
      }),
    );
    this.onPhase('supply', () => {
      for (const offer of this.offers) this.publish('SupplyOffered', { metal: 'Li', ...offer });
    });
  }
}

function run(
  costMean: 'plain' | 'share-weighted',
  offers: readonly Omit<SupplyOffered, 'metal'>[],
) {
  const sim = new Simulation<MarketMessages>({
    protocol: marketProtocol,
    phases: MARKET_PHASES,
    startYear: 2023,
    endYear: 2024,
    checked: true,
  });
  sim.add(
    new Market({ metal: 'Li', pricing: { initialPrice: 10_000, SCP: 0.5, SPR: 1, costMean } }),
  );
  sim.add(new Supplier(offers));
  sim.run();
  return sim.data;
}

/**
 * 2023-2025 of the Li market with a supplier offering 80 t and posting 100 t of EV demand a
 * year, and `agents`; the data collected.
 */
function withScalers(...agents: Agent<object, MarketMessages>[]) {
  const sim = new Simulation<MarketMessages>({
    protocol: marketProtocol,
    phases: MARKET_PHASES,
    startYear: 2023,
    endYear: 2025,
    checked: true,
  });
  sim.add(
    new Market({
      metal: 'Li',
      pricing: { initialPrice: 10_000, SCP: 0.5, SPR: 1, costMean: 'plain' },
    }),
  );
  sim.add(new Supplier([{ source: 'primary', tonnes: 80, unitCost: 9_000 }]));
  for (const agent of agents) sim.add(agent);
  sim.run();
  return sim.data;
}

describe('Market', () => {
  it('weights the mean cost by output, leaving out primary offers without a cost', () => {
    // Weighted mean of the priced offers: (30·12 000 + 10·16 000) / 40 = 13 000; the unpriced
    // 50 t take no part in it.
    const data = run('share-weighted', [
      { source: 'primary', tonnes: 30, unitCost: 12_000 },
      { source: 'primary', tonnes: 10, unitCost: 16_000 },
      { source: 'primary', tonnes: 50 },
    ]);

    expect(data.series('market:Li', 'meanUnitCost').values[0]).toBe(13_000);
    expect(data.series('market:Li', 'supply').values[0]).toBe(90);
  });

  it("forms next year's price by eqs. (12)-(14) from this year's cost and ratio", () => {
    // 2023: P = 10 000, Cbar = 14 000, R = 50 / 100 = 0.5.
    // 2024: ECP = 1 + 0.5·(14 000 / 10 000 − 1) = 1.2; ERP = (1 / 0.5)^1 = 2; P = 24 000.
    const data = run('plain', [
      { source: 'primary', tonnes: 30, unitCost: 12_000 },
      { source: 'primary', tonnes: 20, unitCost: 16_000 },
    ]);

    expect([...data.series('market:Li', 'price').values]).toEqual([10_000, 24_000]);
  });

  it('counts its posted demand times every DemandScaled factor of its metal, and no other', () => {
    /** Scales demand in the quote phase of 2024: twice for Li, once for Co. */
    class Scaler extends Agent<object, MarketMessages> {
      constructor() {
        super({ id: 'scaler', publishes: ['DemandScaled'], consumes: [], initialState: {} });
      }
      protected setup(): void {
        this.onPhase('quote', (year) => {
          if (year !== 2024) return;
          this.publish('DemandScaled', { metal: 'Li', factor: 1.25, rule: 'a' });
          this.publish('DemandScaled', { metal: 'Co', factor: 3, rule: 'b' });
          this.publish('DemandScaled', { metal: 'Li', factor: 0.5, rule: 'c' });
        });
      }
    }
    const data = withScalers(new Scaler());

    // 100 t posted each year; in 2024 counted as 100 × 1.25 × 0.5, and only that year.
    expect([...data.series('market:Li', 'demand').values]).toEqual([100, 62.5, 100]);
    expect([...data.series('market:Li', 'supplyDemandRatio').values]).toEqual([0.8, 1.28, 0.8]);
  });

  it('scales only the demand of the product a DemandScaled names, and refuses an unposted one', () => {
    /** Posts 100 t of EV and 40 t of ESS demand each year. */
    class TwoProducts extends Agent<object, MarketMessages> {
      constructor() {
        super({ id: 'makers', publishes: ['DemandPosted'], consumes: [], initialState: {} });
      }
      protected setup(): void {
        this.onPhase('demand', () => {
          for (const [product, tonnes] of [
            ['EV', 100],
            ['ESS', 40],
          ] as const) {
            const fields = { newUnits: 0, unit: 'u', energyKWh: 0, stockUnits: 0 };
            this.publish('DemandPosted', { metal: 'Li', product, tonnes, ...fields });
          }
        });
      }
    }
    /** In 2024: ESS ×0.5 twice, EV ×2, everything ×1.5, and a Co factor for ESS. */
    class Scaler extends Agent<object, MarketMessages> {
      constructor(private readonly product = 'ESS') {
        super({ id: 'scaler', publishes: ['DemandScaled'], consumes: [], initialState: {} });
      }
      protected setup(): void {
        this.onPhase('quote', (year) => {
          if (year !== 2024) return;
          const scale = (factor: number, product?: string, metal = 'Li') =>
            this.publish('DemandScaled', {
              metal,
              factor,
              rule: 'r',
              ...(product === undefined ? {} : { product }),
            });
          scale(0.5, this.product);
          scale(2, 'EV');
          scale(0.5, this.product);
          scale(1.5);
          scale(10, 'ESS', 'Co');
        });
      }
    }
    const simulate = (product?: string) => [
      ...withScalers(new TwoProducts(), new Scaler(product)).series('market:Li', 'demand').values,
    ];

    // EV 100 t from the supplier and 100 t more, ESS 40 t: in 2024 (200 × 2 + 40 × 0.5 × 0.5)
    // × 1.5 = 615; the other years as posted.
    expect(simulate()).toEqual([240, 615, 240]);
    expect(() => simulate('Ess')).toThrowError(
      expect.objectContaining({
        message: expect.stringMatching(/product "Ess" was scaled in 2024.*posted demand: EV, ESS/),
      }),
    );
  });
});
