import type { SubscriberError, SubscriberErrorHandler } from '../bus/bus-errors.js';
import { MarketBus } from '../bus/market-bus.js';
import type { MessageMap, Protocol } from '../bus/protocol.js';
import { type ColumnHandle, DataCollector } from '../data/index.js';
import { InvalidArgumentError, OrebusError } from '../errors.js';
import { createRandom, type Random } from '../random/index.js';
import type { Agent, AgentContext } from './agent.js';
import { Lifecycle } from './lifecycle.js';
import { Schedule } from './schedule.js';

/** A phase action threw: the run stops, and this error says where. */
export class AgentStepError extends OrebusError {
  constructor(year: number, phase: string, agent: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      'E_AGENT_STEP',
      `agent "${agent}" failed in ${year} (${phase}): ${reason}`,
      { year, phase, agent },
      { cause },
    );
  }
}

/** Options of a {@link Simulation}. */
export interface SimulationOptions<M extends MessageMap> {
  readonly protocol: Protocol<M>;
  /** Phase names in the order they run within a tick. */
  readonly phases: readonly string[];
  readonly startYear: number;
  readonly endYear: number;
  /** The run's one seed; every agent's stream derives from it and the agent's id. */
  readonly seed?: number | string;
  /** Scenario name written into collected rows and lifecycle events. */
  readonly scenario?: string;
  /** Check every message against its schema and freeze it (slower; tests use it). */
  readonly checked?: boolean;
  /**
   * What a subscriber failure does: `'stop'` (default) ends the run and `run()` throws the
   * `SubscriberError`; `'continue'` goes on. Both emit a `warning` for each failure first. A
   * function decides per error and emits nothing itself.
   */
  readonly onSubscriberError?: 'stop' | 'continue' | SubscriberErrorHandler;
  /**
   * Which observed variables the collector keeps, asked once per agent and variable when it is
   * first observed; every one when absent. For a caller that reads a few variables of many runs
   * (an experiment): the others cost no column and no write. A variable left out is not in
   * `data` (`series` refuses it as unknown), and its values are not checked for a second value
   * in a tick or a second unit.
   */
  readonly record?: RecordFilter;
}

/** Whether the collector keeps `variable` of `agent`; see `SimulationOptions.record`. */
export type RecordFilter = (agent: string, variable: string) => boolean;

/** What `run()` returns. */
export interface RunSummary {
  readonly status: 'completed' | 'stopped';
  /** Last year fully simulated, or null if none was. */
  readonly lastYear: number | null;
  readonly messages: number;
}

type Status = 'ready' | 'running' | 'completed' | 'stopped';

/**
 * A run: the bus, the schedule, the agents, the lifecycle emitter and the data collector.
 *
 * A tick runs, in order: every agent's `onTickStart` (in the order agents were added); each
 * phase in the declared order, its actions in registration order, with the bus clock set to
 * the year and phase; the model-level probes, published as `Observed` from `'model'`; every
 * agent's `onTickEnd`; then the `tickFinished` event. Everything is synchronous, so the same
 * model, built the same way with the same seed, publishes the same messages in the same order.
 */
export class Simulation<M extends MessageMap> {
  readonly bus: MarketBus<M>;
  readonly schedule: Schedule;
  readonly events = new Lifecycle();
  readonly data: DataCollector;
  readonly scenario: string;
  readonly seed: number | string;
  private readonly rootRandom: Random;
  private readonly agents: Agent<object, M>[] = [];
  private readonly agentsById = new Map<string, Agent<object, M>>();
  private readonly probes: { variable: string; unit: string; read: (year: number) => number }[] =
    [];
  private nextIndex = 0;
  private inTick = false;
  private status: Status = 'ready';
  private stopReason: string | undefined;

  constructor(options: SimulationOptions<M>) {
    this.schedule = new Schedule(options);
    this.scenario = options.scenario ?? 'default';
    this.seed = options.seed ?? 0;
    this.rootRandom = createRandom(this.seed);
    this.bus = new MarketBus(options.protocol, {
      checked: options.checked ?? false,
      onSubscriberError: this.subscriberPolicy(options.onSubscriberError ?? 'stop'),
    });
    this.data = new DataCollector({ startYear: options.startYear, endYear: options.endYear });
    attachCollector(this.bus, this.data, options.record);
  }

  /** The year being simulated, or the year before the first tick. */
  get year(): number {
    return this.schedule.startYear + Math.min(this.nextIndex, this.schedule.length) - 1;
  }

  /** True once the last tick has run or the run was stopped. */
  get done(): boolean {
    return this.status === 'completed' || this.status === 'stopped';
  }

  /** Adds an agent: gives it its context and runs its `setup()`. Ids must be unique. */
  add<A extends Agent<object, M>>(agent: A): A {
    if (this.status !== 'ready') {
      throw new InvalidArgumentError(
        `agent "${agent.id}"`,
        'add',
        'agents added before the first tick',
      );
    }
    if (this.agentsById.has(agent.id)) {
      throw new InvalidArgumentError('agent id', agent.id, 'an id not already in this simulation');
    }
    agent.attach(
      new AttachedContext(this.bus, this.schedule, this.events, this.rootRandom, agent.id, () => {
        return this.year;
      }),
    );
    this.agents.push(agent);
    this.agentsById.set(agent.id, agent);
    return agent;
  }

  /** The agent with this id, for observers and tests; agents must not use it on each other. */
  agent(id: string): Agent<object, M> | undefined {
    return this.agentsById.get(id);
  }

  /** All agents, in the order they were added. */
  allAgents(): readonly Agent<object, M>[] {
    return this.agents;
  }

  /** Records a model-level variable at the end of every tick, after the last phase. */
  probe(variable: string, unit: string, read: (year: number) => number): void {
    this.probes.push({ variable, unit, read });
  }

  /**
   * Runs the next tick. Returns false when there is none left. Throws the `SubscriberError`
   * that halted the bus under the `stop` policy, or an `AgentStepError` if a phase action threw;
   * either way the run is then stopped.
   */
  step(): boolean {
    if (this.done) return false;
    this.inTick = true;
    try {
      if (this.status === 'ready') this.start();
      if (!this.done) this.tick();
    } finally {
      this.inTick = false;
    }
    return !this.done;
  }

  private tick(): void {
    const year = this.schedule.startYear + this.nextIndex;
    this.nextIndex++;
    for (const agent of this.agents) agent.onTickStart(year);
    for (const phase of this.schedule.phases) {
      this.bus.setClock(year, phase);
      for (const action of this.schedule.actionsOf(phase)) {
        try {
          action.run(year);
        } catch (cause) {
          // A halted bus makes the action's next publish throw; report the root cause.
          this.throwIfHalted();
          this.halt(`agent "${action.owner}" failed`);
          throw new AgentStepError(year, phase, action.owner, cause);
        }
        this.throwIfHalted();
      }
    }
    this.bus.setClock(year, 'record');
    for (const probe of this.probes) {
      this.bus.publishObserved('model', probe.variable, probe.unit, probe.read(year));
    }
    this.throwIfHalted();
    for (const agent of this.agents) agent.onTickEnd(year);
    this.events.emit('tickFinished', { year, index: this.nextIndex, total: this.schedule.length });
    if (this.nextIndex === this.schedule.length) this.finish('completed');
    else if (this.stopReason !== undefined) this.finish('stopped', this.stopReason);
  }

  /** Runs every remaining tick, or until `stop()` is called. */
  run(): RunSummary {
    while (this.step()) {
      // step() does the work.
    }
    return {
      status: this.status === 'completed' ? 'completed' : 'stopped',
      lastYear: this.nextIndex === 0 ? null : this.year,
      messages: this.bus.count,
    };
  }

  /**
   * Stops the run: called during a tick (by an agent or a listener), after that tick; called
   * between ticks, at once.
   */
  stop(reason = 'stopped by request'): void {
    if (this.done) return;
    this.stopReason = reason;
    if (!this.inTick) this.finish('stopped', reason);
  }

  private start(): void {
    this.status = 'running';
    this.events.emit('runStarted', {
      scenario: this.scenario,
      startYear: this.schedule.startYear,
      endYear: this.schedule.endYear,
      seed: this.seed,
    });
    this.bus.setClock(this.schedule.startYear - 1, 'start');
    for (const agent of this.agents) agent.onRunStart();
    if (this.stopReason !== undefined) this.finish('stopped', this.stopReason);
  }

  private finish(status: 'completed' | 'stopped', reason?: string): void {
    this.status = status;
    for (const agent of this.agents) agent.onRunEnd();
    const lastYear = this.nextIndex === 0 ? null : this.year;
    this.events.emit(
      'runFinished',
      reason === undefined ? { status, lastYear } : { status, lastYear, reason },
    );
  }

  private halt(reason: string): void {
    if (!this.done) this.finish('stopped', reason);
  }

  private throwIfHalted(): void {
    const error = this.bus.halted;
    if (!error) return;
    this.halt(error.message);
    throw error;
  }

  private subscriberPolicy(
    policy: 'stop' | 'continue' | SubscriberErrorHandler,
  ): SubscriberErrorHandler {
    if (typeof policy === 'function') return policy;
    return (error: SubscriberError) => {
      this.events.emit('warning', {
        code: error.code,
        message: error.message,
        year: error.tick,
        details: error.details,
      });
      return policy;
    };
  }
}

/**
 * What the simulation hands an agent. Its random stream is derived on first use: most agents
 * never draw, and a stream depends only on the run's seed and the agent's id, so when it is made
 * changes no number.
 */
class AttachedContext<M extends MessageMap> implements AgentContext<M> {
  readonly #root: Random;
  readonly #id: string;
  #random: Random | undefined;

  constructor(
    readonly bus: MarketBus<M>,
    readonly schedule: Schedule,
    readonly events: Lifecycle,
    root: Random,
    id: string,
    readonly year: () => number,
  ) {
    this.#root = root;
    this.#id = id;
  }

  get random(): Random {
    this.#random ??= this.#root.stream(`agent:${this.#id}`);
    return this.#random;
  }
}

/** A column the collector sink has met, and where it stands in its sender's order. */
interface KnownColumn {
  readonly variable: string;
  readonly unit: string;
  /** Undefined for a variable the record filter leaves out. */
  readonly handle: ColumnHandle | undefined;
  /** Index in `SenderColumns.inOrder`. */
  readonly position: number;
}

/** The columns of one sender, by name and in the order it first reported them. */
interface SenderColumns {
  readonly byVariable: Map<string, KnownColumn>;
  readonly inOrder: KnownColumn[];
  /** The position after the column last recorded: the likely next one. */
  next: number;
}

/**
 * Subscribes a collector to `Observed` messages, so that it records whatever the bus carries,
 * live or replayed.
 *
 * It keeps the column of each (sender, variable) with its unit once defined and records through
 * `DataCollector.set`, so a message costs no string-keyed look-up in the collector; a unit other
 * than the one first defined still fails as `DataCollector.record` fails (`E_UNIT_CONFLICT`).
 * An agent reports the same variables in the same order every tick, so the column after the
 * last one recorded is tried first, by comparing its name and unit, before any look-up.
 *
 * With `record`, a variable it refuses (asked once, when first observed) is followed by name
 * and unit like the others but never defined or written.
 */
export function attachCollector<M extends MessageMap>(
  bus: MarketBus<M>,
  data: DataCollector,
  record?: RecordFilter,
): void {
  const columnsBySender = new Map<string, SenderColumns>();
  // Messages come in runs from one sender: remember the last one's columns.
  let lastSender: string | undefined;
  let last: SenderColumns | undefined;
  const known = (columns: SenderColumns, sender: string, variable: string, unit: string) => {
    let column = columns.byVariable.get(variable);
    if (column === undefined || column.unit !== unit) {
      const kept =
        column === undefined
          ? record === undefined || record(sender, variable)
          : column.handle !== undefined;
      // define() checks the names and refuses a second unit; only a good column is kept.
      const handle = kept ? data.define(sender, variable, unit) : undefined;
      const position = column === undefined ? columns.inOrder.length : column.position;
      column = { variable, unit, handle, position };
      columns.byVariable.set(variable, column);
      columns.inOrder[position] = column;
    }
    return column;
  };
  bus.subscribeObserved('data-collector', (sender, tick, variable, unit, value) => {
    let columns = last;
    if (sender !== lastSender || columns === undefined) {
      columns = columnsBySender.get(sender);
      if (columns === undefined) {
        columns = { byVariable: new Map(), inOrder: [], next: 0 };
        columnsBySender.set(sender, columns);
      }
      lastSender = sender;
      last = columns;
    }
    let column = columns.inOrder[columns.next];
    if (column === undefined || column.variable !== variable || column.unit !== unit) {
      column = known(columns, sender, variable, unit);
    }
    columns.next = column.position + 1;
    if (column.handle !== undefined) data.set(column.handle, tick, value);
  });
}
