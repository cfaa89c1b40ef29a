import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MessageRecorder, parseMessageLog } from '../bus/message-log.js';
import { Agent } from './agent.js';
import {
  type ToyMessages,
  ToyProducer,
  toyProtocol,
  toySimulation,
} from './fixtures.test-support.js';
import { replayRun } from './replay.js';
import { Simulation } from './simulation.js';

function recordRun(producers: number, seed: number) {
  const sim = toySimulation(producers, { seed });
  const recorder = new MessageRecorder(sim.bus);
  sim.run();
  return { sim, log: recorder.toJsonLines() };
}

describe('Simulation', () => {
  it('gives byte-identical message logs for the same seed and inputs (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 6 }),
        (seed, n) => {
          expect(recordRun(n, seed).log).toBe(recordRun(n, seed).log);
        },
      ),
      { seed: 7, numRuns: 25 },
    );
  });

  it('gives different logs for different seeds', () => {
    expect(recordRun(3, 1).log).not.toBe(recordRun(3, 2).log);
  });

  it('rebuilds the collected data exactly from the message log (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 5 }),
        (seed, n) => {
          const { sim, log } = recordRun(n, seed);

          const replayed = replayRun(toyProtocol, parseMessageLog(log), {
            startYear: 2023,
            endYear: 2030,
          });

          expect(replayed.snapshot()).toEqual(sim.data.snapshot());
          expect([...replayed.rows('toy')]).toEqual([...sim.data.rows('toy')]);
        },
      ),
      { seed: 11, numRuns: 20 },
    );
  });

  it('keeps every agent draws unchanged when another agent is added', () => {
    const firstOutput = (producers: number) => {
      const sim = toySimulation(producers, { seed: 5 });
      sim.run();
      return [...sim.data.series('producer-0', 'output').values];
    };

    expect(firstOutput(1)).toEqual(firstOutput(4));
  });

  it('runs phases in declared order and agents in the order they were added', () => {
    const order: string[] = [];
    class Tracer extends Agent<object, ToyMessages> {
      constructor(id: string) {
        super({ id, publishes: [], consumes: [], initialState: {} });
      }
      protected setup(): void {
        this.onPhase('clear', (y) => order.push(`${y}:clear:${this.id}`));
        this.onPhase('quote', (y) => order.push(`${y}:quote:${this.id}`));
      }
    }
    const sim = new Simulation<ToyMessages>({
      protocol: toyProtocol,
      phases: ['quote', 'supply', 'clear'],
      startYear: 2023,
      endYear: 2024,
    });
    sim.add(new Tracer('b'));
    sim.add(new Tracer('a'));

    sim.run();

    expect(order).toEqual([
      '2023:quote:b',
      '2023:quote:a',
      '2023:clear:b',
      '2023:clear:a',
      '2024:quote:b',
      '2024:quote:a',
      '2024:clear:b',
      '2024:clear:a',
    ]);
  });

  it('steps tick by tick, stops on request and emits lifecycle events', () => {
    const sim = toySimulation(2);
    const events: string[] = [];
    sim.events.on('runStarted', () => events.push('started'));
    sim.events.on('tickFinished', (e) => events.push(`tick ${e.year} ${e.index}/${e.total}`));
    sim.events.on('runFinished', (e) => events.push(`finished ${e.status} ${e.lastYear}`));

    expect(sim.step()).toBe(true);
    expect(sim.year).toBe(2023);
    sim.step();
    sim.stop('enough');

    expect(sim.done).toBe(true);
    expect(sim.step()).toBe(false);
    expect(events).toEqual(['started', 'tick 2023 1/8', 'tick 2024 2/8', 'finished stopped 2024']);
  });

  it('stops after the current tick when asked during it', () => {
    const sim = toySimulation(1);
    sim.events.on('tickFinished', (e) => {
      if (e.year === 2025) sim.stop('from a listener');
    });

    const summary = sim.run();

    expect(summary).toMatchObject({ status: 'stopped', lastYear: 2025 });
  });

  it('freezes snapshots in checked mode only; unchecked runs keep the same history', () => {
    const checked = toySimulation(1);
    const unchecked = toySimulation(1, { checked: false });
    checked.run();
    unchecked.run();
    const producer = (sim: typeof checked) => sim.agent('producer-0')!;

    for (const year of [2023, 2025, 2030]) {
      expect(producer(unchecked).stateAt(year)).toEqual(producer(checked).stateAt(year));
      // Each change is still a new object; the year before keeps its own.
      expect(producer(unchecked).stateAt(year)).not.toBe(producer(unchecked).stateAt(year - 1));
    }
    expect(Object.isFrozen(producer(checked).stateAt(2025))).toBe(true);
    expect(Object.isFrozen(producer(unchecked).stateAt(2025))).toBe(false);
    // The initial state is frozen when the agent is made, before it knows the mode.
    expect(Object.isFrozen(producer(unchecked).stateAt(2022))).toBe(true);
  });

  it('reads back the state of any past year, and snapshots are frozen', () => {
    const sim = toySimulation(1);
    sim.run();
    const producer = sim.agent('producer-0')!;
    const outputs = sim.data.series('producer-0', 'output').values;

    expect((producer.stateAt(2022) as { output: number }).output).toBe(5);
    expect((producer.stateAt(2025) as { output: number }).output).toBe(outputs[2]);
    expect(Object.isFrozen(producer.stateAt(2025))).toBe(true);
    expect(() => {
      (producer.stateAt(2025) as { output: number }).output = 0;
    }).toThrow(TypeError);
    expect(() => producer.stateAt(2031)).toThrowError(
      expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }),
    );
  });

  it('never mutates a snapshot: every past state stays as it was read (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 1000 }), (n, seed) => {
        const sim = toySimulation(n, { seed });
        const seen: { year: number; json: string; state: object }[] = [];
        sim.events.on('tickFinished', ({ year }) => {
          for (const agent of sim.allAgents()) {
            seen.push({ year, json: JSON.stringify(agent.state), state: agent.state });
          }
        });
        sim.run();
        for (const { json, state } of seen) expect(JSON.stringify(state)).toBe(json);
      }),
      { seed: 3, numRuns: 15 },
    );
  });

  it('changes one decision with one small override in a subclass', () => {
    class Flat extends ToyProducer {
      protected override nextOutput(previous: number): number {
        return previous;
      }
    }
    const sim = toySimulation(0);
    sim.add(new Flat('flat', 7));

    sim.run();

    expect([...sim.data.series('flat', 'output').values]).toEqual(Array(8).fill(7));
  });

  it('refuses to publish or consume an undeclared kind', () => {
    class Rogue extends Agent<object, ToyMessages> {
      constructor(private readonly mode: 'publish' | 'consume') {
        super({ id: `rogue-${mode}`, publishes: [], consumes: [], initialState: {} });
      }
      protected setup(): void {
        if (this.mode === 'consume') this.subscribe('Cleared', () => {});
        else this.onPhase('quote', () => this.publish('Cleared', { supply: 1 }));
      }
    }
    const sim = toySimulation(0);

    expect(() => sim.add(new Rogue('consume'))).toThrowError(
      expect.objectContaining({ code: 'E_UNDECLARED_KIND' }),
    );
    sim.add(new Rogue('publish'));
    expect(() => sim.run()).toThrowError(expect.objectContaining({ code: 'E_AGENT_STEP' }));
  });

  it('stops the run on a throwing subscriber by default, naming tick, kind and agent', () => {
    class Fragile extends Agent<object, ToyMessages> {
      constructor() {
        super({ id: 'fragile', publishes: [], consumes: ['Cleared'], initialState: {} });
      }
      protected setup(): void {
        this.subscribe('Cleared', () => {
          if (this.year === 2025) throw new Error('bad year');
        });
      }
    }
    const sim = toySimulation(1);
    sim.add(new Fragile());
    const finished: string[] = [];
    sim.events.on('runFinished', (e) => finished.push(e.status));

    expect(() => sim.run()).toThrowError(
      expect.objectContaining({
        code: 'E_SUBSCRIBER',
        tick: 2025,
        kind: 'Cleared',
        subscriber: 'fragile',
      }),
    );
    expect(finished).toEqual(['stopped']);
    expect(sim.done).toBe(true);
  });

  it('goes on past a throwing subscriber under continue, with a warning per failure', () => {
    class Fragile extends Agent<object, ToyMessages> {
      constructor() {
        super({ id: 'fragile', publishes: [], consumes: ['Cleared'], initialState: {} });
      }
      protected setup(): void {
        this.subscribe('Cleared', () => {
          throw new Error('always');
        });
      }
    }
    const sim = toySimulation(1, { onSubscriberError: 'continue' });
    sim.add(new Fragile());
    const warnings: (number | undefined)[] = [];
    sim.events.on('warning', (w) => warnings.push(w.year));

    const summary = sim.run();

    expect(summary.status).toBe('completed');
    expect(warnings).toEqual([2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030]);
  });

  it('lets a subclass use any field name without touching the base class state', () => {
    class Named extends ToyProducer {
      // Names the base class might have used for its own bookkeeping.
      history = 'mine';
      context = 'mine';
      current = 'mine';
      firstYear = 1900;
    }
    const sim = toySimulation(0);
    const agent = sim.add(new Named('named', 7));

    sim.run();

    expect((agent.stateAt(2022) as { output: number }).output).toBe(7);
    expect(agent.firstYear).toBe(1900);
    expect(sim.data.series('named', 'output').values).toHaveLength(8);
  });

  it('records model-level probes once per tick, after the last phase, under agent "model"', () => {
    const sim = toySimulation(2);
    const market = sim.agent('market')!;
    sim.probe('marketPrice', 'price units/t', () => (market.state as { price: number }).price);

    sim.run();

    const probed = [...sim.data.series('model', 'marketPrice').values];
    expect(probed).toHaveLength(8);
    // The probe reads the state after clearing, so it leads the quoted price by one year.
    const quoted = [...sim.data.series('market', 'price').values];
    expect(probed.slice(0, -1)).toEqual(quoted.slice(1));
    expect(sim.data.series('model', 'marketPrice').unit).toBe('price units/t');
  });

  it('stops the run when an agent observes one variable in a second unit', () => {
    class Fickle extends Agent<object, ToyMessages> {
      constructor() {
        super({ id: 'fickle', publishes: [], consumes: [], initialState: {} });
      }
      protected setup(): void {
        this.onPhase('clear', (year) => {
          this.observe('output', year < 2025 ? 't' : 'kt', 1);
        });
      }
    }
    const sim = toySimulation(1);
    sim.add(new Fickle());

    const run = (): unknown => sim.run();

    expect(run).toThrowError(
      expect.objectContaining({
        code: 'E_SUBSCRIBER',
        tick: 2025,
        subscriber: 'data-collector',
        cause: expect.objectContaining({ code: 'E_UNIT_CONFLICT' }),
      }),
    );
    expect([...sim.data.series('fickle', 'output').values].slice(0, 3)).toEqual([1, 1, Number.NaN]);
  });

  it('stops the run when an agent observes one variable twice in a tick, keeping the first', () => {
    class Twice extends Agent<object, ToyMessages> {
      constructor() {
        super({ id: 'twice', publishes: [], consumes: [], initialState: {} });
      }
      protected setup(): void {
        this.onPhase('clear', (year) => {
          this.observe('output', 't', 1);
          if (year === 2025) this.observe('output', 't', 2);
        });
      }
    }
    const sim = toySimulation(1);
    sim.add(new Twice());

    const run = (): unknown => sim.run();

    expect(run).toThrowError(
      expect.objectContaining({
        code: 'E_SUBSCRIBER',
        tick: 2025,
        subscriber: 'data-collector',
        cause: expect.objectContaining({ code: 'E_DUPLICATE_RECORD' }),
      }),
    );
    expect([...sim.data.series('twice', 'output').values].slice(0, 4)).toEqual([
      1,
      1,
      1,
      Number.NaN,
    ]);
  });

  it('records only what its record filter keeps, asking once per agent and variable', () => {
    class Twice extends Agent<object, ToyMessages> {
      constructor() {
        super({ id: 'twice', publishes: [], consumes: [], initialState: {} });
      }
      protected setup(): void {
        this.onPhase('clear', (year) => {
          this.observe('kept', 't', year);
          // Left out: neither recorded nor checked, so a second value in a tick is no error.
          this.observe('dropped', 't', 1);
          this.observe('dropped', 't', 2);
        });
      }
    }
    const asked: string[] = [];
    const filtered = toySimulation(2, {
      record: (agent, variable) => {
        asked.push(`${agent}/${variable}`);
        return agent === 'twice' ? variable === 'kept' : agent === 'producer-1';
      },
    });
    filtered.add(new Twice());
    const full = toySimulation(2);

    filtered.run();
    full.run();

    expect(filtered.data.variables().map((v) => `${v.agent}/${v.variable}`)).toEqual(
      full.data
        .variables()
        .filter((v) => v.agent === 'producer-1')
        .map((v) => `${v.agent}/${v.variable}`)
        .concat('twice/kept'),
    );
    for (const { agent, variable } of filtered.data.variables()) {
      if (agent === 'twice') continue;
      expect(filtered.data.series(agent, variable).values).toEqual(
        full.data.series(agent, variable).values,
      );
    }
    expect([...filtered.data.series('twice', 'kept').values]).toEqual([
      2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030,
    ]);
    expect(filtered.data.has('twice', 'dropped')).toBe(false);
    expect(filtered.data.has('producer-1', 'output')).toBe(true);
    expect(filtered.data.has('producer-0', 'output')).toBe(false);
    expect(filtered.data.has('market', 'price')).toBe(false);
    expect(new Set(asked).size).toBe(asked.length);
    expect(asked).toContain('twice/dropped');
  });

  it('copies state fields in order, adds new ones at the end, and follows produce', () => {
    type Loose = { a: number; b?: number; c?: number };
    const states: string[] = [];
    class Changer extends Agent<Loose, ToyMessages> {
      constructor() {
        super({ id: 'changer', publishes: [], consumes: [], initialState: { a: 1 } });
      }
      protected setup(): void {
        this.onPhase('supply', (year) => {
          if (year === 2023) this.update({ a: 2 });
          if (year === 2024) this.update({ c: 3 });
          if (year === 2025) {
            this.produce((draft) => {
              draft.b = 4;
            });
          }
          if (year === 2026) this.update({ a: 5, b: undefined });
          if (year === 2027) this.update({ a: 5 });
          states.push(JSON.stringify(Object.entries(this.state)));
        });
      }
    }
    const sim = new Simulation<ToyMessages>({
      protocol: toyProtocol,
      phases: ['supply'],
      startYear: 2023,
      endYear: 2027,
      checked: true,
    });
    const agent = sim.add(new Changer());

    sim.run();

    expect(states).toEqual([
      '[["a",2]]',
      '[["a",2],["c",3]]',
      '[["a",2],["c",3],["b",4]]',
      '[["a",5],["c",3],["b",null]]',
      '[["a",5],["c",3],["b",null]]',
    ]);
    expect(Object.keys(agent.stateAt(2026))).toEqual(['a', 'c', 'b']);
    expect(agent.stateAt(2026)).toHaveProperty('b', undefined);
    expect(agent.stateAt(2027)).toBe(agent.stateAt(2026));
    expect(Object.isFrozen(agent.stateAt(2024))).toBe(true);
    expect(Object.getPrototypeOf(agent.stateAt(2023))).toBe(Object.prototype);
  });

  it('takes from a patch only its own fields, whatever they are called', () => {
    type Named = {
      toString: number;
      valueOf: number;
      constructor: number;
      hasOwnProperty?: number;
    };
    const states: string[] = [];
    class Namer extends Agent<Named, ToyMessages> {
      constructor() {
        super({
          id: 'namer',
          publishes: [],
          consumes: [],
          initialState: { toString: 1, valueOf: 2, constructor: 3 } as unknown as Named,
        });
      }
      protected setup(): void {
        this.onPhase('supply', (year) => {
          // Inherited names on the patch (its own toString, say) are not its fields.
          if (year === 2023) this.update({ valueOf: 20 } as unknown as Partial<Named>);
          if (year === 2024)
            this.update({ toString: 10, hasOwnProperty: 4 } as unknown as Partial<Named>);
          if (year === 2025) this.update({ constructor: 30 } as unknown as Partial<Named>);
          states.push(JSON.stringify(Object.entries(this.state)));
        });
      }
    }
    const sim = new Simulation<ToyMessages>({
      protocol: toyProtocol,
      phases: ['supply'],
      startYear: 2023,
      endYear: 2025,
    });
    sim.add(new Namer());

    sim.run();

    expect(states).toEqual([
      '[["toString",1],["valueOf",20],["constructor",3]]',
      '[["toString",10],["valueOf",20],["constructor",3],["hasOwnProperty",4]]',
      '[["toString",10],["valueOf",20],["constructor",30],["hasOwnProperty",4]]',
    ]);
  });
});
