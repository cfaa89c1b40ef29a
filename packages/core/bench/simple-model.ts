// The "simple agents" of the kernel benchmark, and the plain loop that does the same arithmetic.
//
// Each tick a market quotes its price; every producer hears it, moves its output up or down by
// its own elasticity, commits that through `update` (a new snapshot) and offers it; the
// market totals the offers, moves its price and records supply and price through `Observed`,
// so the run's data collector is exercised too. Producers do not call `observe`: one data cell
// per producer per tick would measure the collector, not the kernel.
//
// Both versions call the same pure functions in the same order (offers are summed in the order
// producers were added), so their results must agree bit for bit; the benchmark checks that.
import { Agent, defineProtocol, Simulation } from '@orebus/core';
import { z } from 'zod';

export const simpleProtocol = defineProtocol({
  PriceQuoted: z.object({ price: z.number().positive() }),
  OfferMade: z.object({ tonnes: z.number().nonnegative() }),
});
type SimpleMessages = typeof simpleProtocol extends { schemas: infer S }
  ? { [K in keyof S]: S[K] extends z.ZodType<infer T> ? T : never }
  : never;

/** First simulated year; a run of `ticks` ticks ends in `START_YEAR + ticks − 1`. */
export const START_YEAR = 2001;
const BASE_PRICE = 100;

function initialOutputTonnes(i: number): number {
  return 5 + (i % 10);
}

function elasticityOf(i: number): number {
  return 0.01 + 0.001 * (i % 7);
}

function targetTonnes(agents: number): number {
  let total = 0;
  for (let i = 0; i < agents; i++) total += initialOutputTonnes(i);
  return total;
}

function nextOutputTonnes(output: number, price: number, elasticity: number): number {
  return output * (price >= BASE_PRICE ? 1 + elasticity : 1 - elasticity);
}

function nextPrice(price: number, supplyTonnes: number, target: number): number {
  return price * (supplyTonnes > target ? 0.98 : 1.02);
}

/** What a run leaves behind, for checking the two versions against each other. */
export interface SimpleResult {
  /** Market supply per year (t), as recorded. */
  readonly supplyTonnes: Float64Array;
  /** Market price per year, after clearing. */
  readonly price: Float64Array;
  /** Sum of every producer's final output (t), summed in the order producers were added. */
  readonly finalOutputTonnes: number;
  /** Messages published on the bus (0 for the plain loop). */
  readonly messages: number;
}

class SimpleMarket extends Agent<{ price: number; supplyTonnes: number }, SimpleMessages> {
  private supplyTonnes = 0;
  private readonly target: number;

  constructor(target: number) {
    super({
      id: 'market',
      publishes: ['PriceQuoted'],
      consumes: ['OfferMade'],
      initialState: { price: BASE_PRICE, supplyTonnes: 0 },
    });
    this.target = target;
  }

  protected setup(): void {
    this.subscribe('OfferMade', (m) => {
      this.supplyTonnes += m.payload.tonnes;
    });
    this.onPhase('quote', () => {
      this.supplyTonnes = 0;
      this.publish('PriceQuoted', { price: this.state.price });
    });
    this.onPhase('clear', () => {
      const price = nextPrice(this.state.price, this.supplyTonnes, this.target);
      this.update({ price, supplyTonnes: this.supplyTonnes });
      this.observe('supply', 't', this.supplyTonnes);
      this.observe('price', 'price units/t', price);
    });
  }
}

class SimpleProducer extends Agent<{ outputTonnes: number }, SimpleMessages> {
  private price = 0;
  private readonly elasticity: number;

  constructor(i: number) {
    super({
      id: `producer-${i}`,
      publishes: ['OfferMade'],
      consumes: ['PriceQuoted'],
      initialState: { outputTonnes: initialOutputTonnes(i) },
    });
    this.elasticity = elasticityOf(i);
  }

  protected setup(): void {
    this.subscribe('PriceQuoted', (m) => {
      this.price = m.payload.price;
    });
    this.onPhase('supply', () => {
      const outputTonnes = nextOutputTonnes(this.state.outputTonnes, this.price, this.elasticity);
      this.update({ outputTonnes });
      this.publish('OfferMade', { tonnes: outputTonnes });
    });
  }
}

/** Builds the kernel version: one market and `agents` producers, unchecked bus. */
export function buildSimulation(agents: number, ticks: number): Simulation<SimpleMessages> {
  const sim = new Simulation<SimpleMessages>({
    protocol: simpleProtocol,
    phases: ['quote', 'supply', 'clear'],
    startYear: START_YEAR,
    endYear: START_YEAR + ticks - 1,
    seed: 1,
    checked: false,
  });
  sim.add(new SimpleMarket(targetTonnes(agents)));
  for (let i = 0; i < agents; i++) sim.add(new SimpleProducer(i));
  return sim;
}

/** Reads a finished kernel run back: recorded series and the producers' final states. */
export function resultOf(sim: Simulation<SimpleMessages>): SimpleResult {
  let finalOutputTonnes = 0;
  for (const agent of sim.allAgents()) {
    if (agent instanceof SimpleProducer) finalOutputTonnes += agent.state.outputTonnes;
  }
  return {
    supplyTonnes: sim.data.series('market', 'supply').values,
    price: sim.data.series('market', 'price').values,
    finalOutputTonnes,
    messages: sim.bus.count,
  };
}

/** The same model as a plain loop over typed arrays: no bus, no snapshots, no collector. */
export function runPlainLoop(agents: number, ticks: number): SimpleResult {
  const output = new Float64Array(agents);
  const elasticity = new Float64Array(agents);
  for (let i = 0; i < agents; i++) {
    output[i] = initialOutputTonnes(i);
    elasticity[i] = elasticityOf(i);
  }
  const target = targetTonnes(agents);
  const supplyTonnes = new Float64Array(ticks);
  const prices = new Float64Array(ticks);
  let price = BASE_PRICE;

  for (let t = 0; t < ticks; t++) {
    let supply = 0;
    for (let i = 0; i < agents; i++) {
      const next = nextOutputTonnes(output[i]!, price, elasticity[i]!);
      output[i] = next;
      supply += next;
    }
    price = nextPrice(price, supply, target);
    supplyTonnes[t] = supply;
    prices[t] = price;
  }

  let finalOutputTonnes = 0;
  for (let i = 0; i < agents; i++) finalOutputTonnes += output[i]!;
  return { supplyTonnes, price: prices, finalOutputTonnes, messages: 0 };
}

/** Where two results part, or undefined if they agree bit for bit (`Object.is`). */
export function describeMismatch(a: SimpleResult, b: SimpleResult): string | undefined {
  for (const field of ['supplyTonnes', 'price'] as const) {
    if (a[field].length !== b[field].length) return `${field}: lengths differ`;
    for (let t = 0; t < a[field].length; t++) {
      if (!Object.is(a[field][t], b[field][t])) {
        return `${field}[${t}]: ${a[field][t]} vs ${b[field][t]}`;
      }
    }
  }
  if (!Object.is(a.finalOutputTonnes, b.finalOutputTonnes)) {
    return `finalOutputTonnes: ${a.finalOutputTonnes} vs ${b.finalOutputTonnes}`;
  }
  return undefined;
}
