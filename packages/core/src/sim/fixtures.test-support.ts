// A small model used by the kernel's own tests: a market quotes a price, producers answer with
// offers drawn partly from their random streams, and the market totals them.
import { z } from 'zod';
import { defineProtocol } from '../bus/protocol.js';
import { Agent } from './agent.js';
import { Simulation, type SimulationOptions } from './simulation.js';

export const toyProtocol = defineProtocol({
  PriceQuoted: z.object({ price: z.number().positive() }),
  OfferMade: z.object({ tonnes: z.number().nonnegative() }),
  Cleared: z.object({ supply: z.number() }),
});
export type ToyMessages = typeof toyProtocol extends { schemas: infer S }
  ? { [K in keyof S]: S[K] extends z.ZodType<infer T> ? T : never }
  : never;

export class ToyMarket extends Agent<{ price: number; supply: number }, ToyMessages> {
  private supply = 0;
  constructor() {
    super({
      id: 'market',
      publishes: ['PriceQuoted', 'Cleared'],
      consumes: ['OfferMade'],
      initialState: { price: 100, supply: 0 },
    });
  }
  protected setup(): void {
    this.subscribe('OfferMade', (m) => {
      this.supply += m.payload.tonnes;
    });
    this.onPhase('quote', () => {
      this.supply = 0;
      this.publish('PriceQuoted', { price: this.state.price });
      this.observe('price', 'price units/t', this.state.price);
    });
    this.onPhase('clear', () => {
      const price = this.state.price * (this.supply > 50 ? 0.95 : 1.05);
      this.update({ price, supply: this.supply });
      this.publish('Cleared', { supply: this.supply });
      this.observe('supply', 't', this.supply);
    });
  }
}

export class ToyProducer extends Agent<{ output: number }, ToyMessages> {
  private price = 0;
  constructor(id: string, output = 10) {
    super({ id, publishes: ['OfferMade'], consumes: ['PriceQuoted'], initialState: { output } });
  }
  protected setup(): void {
    this.subscribe('PriceQuoted', (m) => {
      this.price = m.payload.price;
    });
    this.onPhase('supply', () => {
      const output = this.nextOutput(this.state.output, this.price);
      this.update({ output });
      this.publish('OfferMade', { tonnes: output });
      this.observe('output', 't', output);
    });
  }
  /** The one decision a test subclass overrides. */
  protected nextOutput(previous: number, price: number): number {
    return previous * (price >= 100 ? 1.1 : 0.9) * (1 + 0.01 * this.random.normal());
  }
}

export function toySimulation(
  producers: number,
  options: Partial<SimulationOptions<ToyMessages>> = {},
): Simulation<ToyMessages> {
  const sim = new Simulation<ToyMessages>({
    protocol: toyProtocol,
    phases: ['quote', 'supply', 'clear'],
    startYear: 2023,
    endYear: 2030,
    seed: 42,
    checked: true,
    ...options,
  });
  sim.add(new ToyMarket());
  for (let i = 0; i < producers; i++) sim.add(new ToyProducer(`producer-${i}`, 5 + i));
  return sim;
}
