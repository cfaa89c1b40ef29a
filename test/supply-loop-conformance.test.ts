// The agent implementation of the price and primary-output loop (a Market and five
// PrimaryProducers talking over the bus) against shared/conformance/supply-loop.json: every
// value of every year, in both productivity modes, to a relative error of 1e-12 (MODEL.md 12).
import { existsSync, readFileSync } from 'node:fs';
import { PrimaryProducer } from '@orebus/agents';
import { Agent, Simulation } from '@orebus/core';
import { MARKET_PHASES, Market, type MarketMessages, marketProtocol } from '@orebus/market';
import { describe, expect, it } from 'vitest';

// shared/ sits beside the repository; a clone without it uses the repository's copy of the file.
const shared = new URL('../../shared/conformance/supply-loop.json', import.meta.url).pathname;
const copy = new URL('./conformance/supply-loop.json', import.meta.url).pathname;
const file = existsSync(shared) ? shared : copy;

interface Case {
  parameters: {
    a: number;
    SCP: number;
    SPR: number;
    Eco: number;
    Con: number;
    qScale: number;
    K2022: number;
    P0: number;
    g: number;
    r: number;
    shares: number[];
    productivityMode: 'linear' | 'compound';
  };
  inputs: { demand: number[]; recycled: number[]; netImports: number[] };
  expected: {
    year: number;
    price: number;
    outputs: number[];
    primary: number;
    supply: number;
    demand: number;
    ratio: number;
    meanUnitCost: number;
  }[];
}

/** Publishes the given demand, recycled supply and net imports, as the other agents would. */
class Driver extends Agent<object, MarketMessages> {
  constructor(
    private readonly inputs: Case['inputs'],
    private readonly startYear: number,
  ) {
    super({
      id: 'driver',
      publishes: ['DemandPosted', 'SupplyOffered'],
      consumes: [],
      initialState: {},
    });
  }
  protected setup(): void {
    const i = (year: number) => year - this.startYear;
    this.onPhase('demand', (year) =>
      this.publish('DemandPosted', {
        metal: 'Li',
        product: 'given',
        tonnes: this.inputs.demand[i(year)]!,
        newUnits: 0,
        unit: 't',
        energyKWh: 0,
        stockUnits: 0,
      }),
    );
    this.onPhase('supply', (year) => {
      this.publish('SupplyOffered', {
        metal: 'Li',
        source: 'recycled',
        tonnes: this.inputs.recycled[i(year)]!,
      });
      this.publish('SupplyOffered', {
        metal: 'Li',
        source: 'import',
        tonnes: this.inputs.netImports[i(year)]!,
      });
    });
  }
}

function runCase(c: Case, years: number[]) {
  const p = c.parameters;
  const sim = new Simulation<MarketMessages>({
    protocol: marketProtocol,
    phases: MARKET_PHASES,
    startYear: years[0]!,
    endYear: years.at(-1)!,
    checked: true,
  });
  sim.add(
    new Market({
      metal: 'Li',
      pricing: { initialPrice: p.P0, SCP: p.SCP, SPR: p.SPR, costMean: 'plain' },
    }),
  );
  p.shares.forEach((share, k) => {
    sim.add(
      new PrimaryProducer({
        id: `producer-${k}`,
        metal: 'Li',
        initialOutput: share * p.K2022,
        cost: { a: p.a, qScale: p.qScale },
        rule: { g: p.g, Eco: p.Eco, Con: p.Con },
        productivity: { rate: p.r, mode: p.productivityMode, baseYear: years[0]! - 1 },
      }),
    );
  });
  sim.add(new Driver(c.inputs, years[0]!));
  sim.run();
  return sim.data;
}

function relativeError(actual: number, expected: number): number {
  return expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
}

describe('supply loop conformance (agents on the bus)', () => {
  it('finds the conformance file, and keeps its copy in the repository equal to shared/', () => {
    expect(existsSync(file), `missing ${file}; MODEL.md section 12 requires this test`).toBe(true);
    // Where shared/ is beside the repository (as in CI), the copy must be the same bytes.
    if (existsSync(shared)) expect(readFileSync(copy, 'utf8')).toBe(readFileSync(shared, 'utf8'));
  });

  const spec = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { years: number[]; cases: Case[] })
    : null;
  for (const [index, c] of (spec?.cases ?? []).entries()) {
    it(`reproduces case ${index} (${c.parameters.productivityMode}) to 1e-12`, () => {
      const data = runCase(c, spec!.years);
      const series = (agent: string, variable: string) => data.series(agent, variable).values;
      let worst = 0;
      const check = (actual: number | undefined, expected: number) => {
        worst = Math.max(worst, relativeError(actual ?? Number.NaN, expected));
      };

      c.expected.forEach((row, t) => {
        check(series('market:Li', 'price')[t], row.price);
        row.outputs.forEach((q, k) => {
          check(series(`producer-${k}`, 'output')[t], q);
        });
        check(series('market:Li', 'primarySupply')[t], row.primary);
        check(series('market:Li', 'supply')[t], row.supply);
        check(series('market:Li', 'demand')[t], row.demand);
        check(series('market:Li', 'supplyDemandRatio')[t], row.ratio);
        check(series('market:Li', 'meanUnitCost')[t], row.meanUnitCost);
      });

      expect(worst).toBeLessThanOrEqual(1e-12);
      const grew = c.expected.map((_, t) => series('producer-0', 'grew')[t]);
      expect(grew).toContain(0);
      expect(grew).toContain(1);
    });
  }
});
