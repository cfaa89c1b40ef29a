// Shared fixtures of the agents' unit tests: a small market simulation, driver agents that
// publish what the agent under test consumes, and readers of what it publishes and observes.
import { Agent, type Envelope, type LifecycleEvents, Simulation } from '@orebus/core';
import {
  MARKET_PHASES,
  type MarketMessages,
  type MarketPhase,
  marketProtocol,
  type SupplySource,
} from '@orebus/market';
import { expect } from 'vitest';

export type Kind = keyof MarketMessages & string;
export type Warning = LifecycleEvents['warning'][0];

/** A checked market simulation with no agents yet. */
export function marketSimulation(startYear: number, endYear: number): Simulation<MarketMessages> {
  return new Simulation<MarketMessages>({
    protocol: marketProtocol,
    phases: MARKET_PHASES,
    startYear,
    endYear,
    seed: 1,
    checked: true,
  });
}

/** Publishes, in one phase of every tick, the payloads its script returns for the year. */
export class Driver<K extends Kind> extends Agent<Record<string, never>, MarketMessages> {
  private readonly messageKind: K;
  private readonly phase: MarketPhase;
  private readonly script: (year: number) => readonly MarketMessages[K][];

  constructor(
    id: string,
    kind: K,
    phase: MarketPhase,
    script: (year: number) => readonly MarketMessages[K][],
  ) {
    super({ id, publishes: [kind], consumes: [], initialState: {} });
    this.messageKind = kind;
    this.phase = phase;
    this.script = script;
  }

  protected setup(): void {
    this.onPhase(this.phase, (year) => {
      for (const payload of this.script(year)) this.publish(this.messageKind, payload);
    });
  }
}

/** Quotes `prices[year]` for `metal` in the quote phase; nothing in a year without a price. */
export function priceDriver(prices: Record<number, number>, metal = 'Li'): Driver<'PriceQuoted'> {
  return new Driver(`price-driver:${metal}`, 'PriceQuoted', 'quote', (year) => {
    const price = prices[year];
    return price === undefined ? [] : [{ metal, price, costFactor: 1, ratioFactor: 1 }];
  });
}

/** Publishes `ProductsRetired` in the demand phase, as the demand agents do. */
export function retirementDriver(
  script: (year: number) => readonly { metal: string; product: string; tonnes: number }[],
): Driver<'ProductsRetired'> {
  return new Driver('retirement-driver', 'ProductsRetired', 'demand', (year) =>
    script(year).map((r) => ({ ...r, earlyTonnes: 0, units: 0 })),
  );
}

/** Publishes `SupplyRestricted` in the quote phase, as the import-disruption rule does. */
export function restrictionDriver(
  script: (year: number) => readonly { share: number; source?: SupplySource; metal?: string }[],
): Driver<'SupplyRestricted'> {
  return new Driver('restriction-driver', 'SupplyRestricted', 'quote', (year) =>
    script(year).map(({ share, source = 'import', metal = 'Li' }, i) => ({
      metal,
      source,
      share,
      rule: `test-rule-${i}`,
    })),
  );
}

/** Every message of `kind` published from now on, in delivery order. Call before `run()`. */
export function collect<K extends Kind>(
  sim: Simulation<MarketMessages>,
  kind: K,
): Envelope<MarketMessages, K>[] {
  const messages: Envelope<MarketMessages, K>[] = [];
  sim.bus.messages().subscribe((m) => {
    if (m.kind === kind) messages.push(m as Envelope<MarketMessages, K>);
  });
  return messages;
}

/** Every lifecycle warning emitted from now on. Call before `run()`. */
export function collectWarnings(sim: Simulation<MarketMessages>): Warning[] {
  const warnings: Warning[] = [];
  sim.events.on('warning', (event) => warnings.push(event));
  return warnings;
}

/** The observed values of one variable of one agent, one per year of the run. */
export function observed(
  sim: Simulation<MarketMessages>,
  agent: string,
  variable: string,
): number[] {
  return Array.from(sim.data.series(agent, variable).values);
}

/** Expects `actual` to equal `expected` within `relative` of the larger magnitude. */
export function expectClose(actual: number, expected: number, relative = 1e-12): void {
  const scale = Math.max(Math.abs(actual), Math.abs(expected), Number.MIN_VALUE);
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(
    relative * scale,
  );
}

/** `expectClose` for each pair of two equally long lists. */
export function expectAllClose(
  actual: readonly number[],
  expected: readonly number[],
  relative = 1e-12,
): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => {
    expectClose(value, expected[i]!, relative);
  });
}
