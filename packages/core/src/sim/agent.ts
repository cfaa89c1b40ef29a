import { type Draft, freeze, produce } from 'immer';
import type { Subscription } from 'rxjs';
import type { Handler, MarketBus } from '../bus/market-bus.js';
import type { MessageMap } from '../bus/protocol.js';
import { InvalidArgumentError, OrebusError } from '../errors.js';
import type { Random } from '../random/index.js';
import type { Lifecycle } from './lifecycle.js';
import type { Schedule } from './schedule.js';

/** An agent published or subscribed to a message kind it did not declare. */
export class UndeclaredKindError extends OrebusError {
  constructor(
    agent: string,
    action: 'publish' | 'consume',
    kind: string,
    declared: readonly string[],
  ) {
    super(
      'E_UNDECLARED_KIND',
      `agent "${agent}" may not ${action} ${kind}: it declared ${declared.join(', ') || 'none'}; ` +
        `add ${kind} to its ${action === 'publish' ? 'publishes' : 'consumes'} list`,
      { agent, action, kind, declared },
    );
  }
}

/** An agent was used before it was added to a simulation. */
export class AgentDetachedError extends OrebusError {
  constructor(agent: string, what: string) {
    super(
      'E_AGENT_DETACHED',
      `agent "${agent}" cannot ${what} before it is added to a simulation (sim.add(agent))`,
      { agent, what },
    );
  }
}

const internedKinds = new Map<string, ReadonlySet<string>>();

/**
 * One shared set per distinct list of kinds: agents of a class declare the same kinds, and at
 * 10⁵ agents a set each costs memory and a cache miss on every publish. The sets are never
 * mutated, which their `ReadonlySet` type states.
 */
function internKinds(kinds: readonly string[]): ReadonlySet<string> {
  // A join is cheaper than JSON.stringify; a kind that contains the separator could make two
  // lists meet at one key, so a set found is used only if it holds exactly these kinds.
  const key = kinds.join('\n');
  const set = internedKinds.get(key);
  if (set !== undefined && hasExactly(set, kinds)) return set;
  const fresh = new Set(kinds);
  if (set === undefined) internedKinds.set(key, fresh);
  return fresh;
}

function hasExactly(set: ReadonlySet<string>, kinds: readonly string[]): boolean {
  for (const kind of kinds) if (!set.has(kind)) return false;
  for (const kind of set) if (!kinds.includes(kind)) return false;
  return true;
}

/** Builds a copy of a state with the key list it was made for; see `stateConstructorFor`. */
type StateConstructor = new (current: object, patch: object) => Record<string, unknown>;

/** Per agent class, the constructor of each key list its states have had, by that list. */
const stateConstructors = new WeakMap<object, Map<string, StateConstructor>>();

/**
 * The constructor that makes the next state of `agentClass` from a state whose keys (in
 * `for…in` order) are those of `current` and a patch of some of those keys: each field is the
 * patch's own value if it has one, else the state's. It is generated, one assignment per key, so
 * each copy is a run of stores by constant name: a loop over the keys stores by a computed name,
 * which cost about a tenth of a microsecond per field, most of an `update`. The fields come in
 * the state's order, so a state is the object a `for…in` copy would make. A patch that adds a key
 * does not come here (see `update`).
 *
 * A spread or an object literal would reserve room for fields it may never get (24 bytes more
 * per one-field state, at 10⁷ snapshots a quarter of a gigabyte); objects built by a constructor
 * are shrunk by V8 to the fields its first instances received. One constructor per agent class
 * and key list keeps those alike.
 */
function stateConstructorFor(agentClass: object, current: object): StateConstructor {
  // Every run builds new agents of the same classes with states of the same keys: the key list
  // last used for the class is checked first, without building its name.
  const last = lastConstructors.get(agentClass);
  if (last !== undefined && hasKeys(current, last.keys)) return last.State;
  const keys: string[] = [];
  for (const key in current) keys.push(key);
  const id = JSON.stringify(keys);
  let byKeys = stateConstructors.get(agentClass);
  if (byKeys === undefined) {
    byKeys = new Map();
    stateConstructors.set(agentClass, byKeys);
  }
  let State = byKeys.get(id);
  if (State === undefined) {
    // Names go in as JSON string literals, so no key can break out of its assignment.
    // The patch is applied in here, in code of this class alone, where its stores stay
    // monomorphic; a key the state lacks is added after the others, as a for…in copy adds it.
    // Each field comes from the patch if the patch has it as its own, else from the state: a
    // store by constant name either way (a loop over the patch stored by computed names).
    const body = keys
      .map((key) => {
        const name = JSON.stringify(key);
        return `this[${name}] = hasOwn.call(patch, ${name}) ? patch[${name}] : current[${name}];`;
      })
      .join('\n');
    State = new Function('hasOwn', `return function State(current, patch) {\n${body}\n};`)(
      hasOwn,
    ) as StateConstructor;
    // Instances stay plain objects, as a literal would be: immer and equality checks rely on it.
    State.prototype = Object.prototype;
    byKeys.set(id, State);
  }
  lastConstructors.set(agentClass, { keys, State });
  return State;
}

/** Per agent class, the key list `stateConstructorFor` found last and its constructor. */
const lastConstructors = new WeakMap<
  object,
  { readonly keys: readonly string[]; readonly State: StateConstructor }
>();

/** Whether `for…in` over `state` gives exactly `keys`, in that order. */
function hasKeys(state: object, keys: readonly string[]): boolean {
  let i = 0;
  for (const key in state) {
    if (key !== keys[i]) return false;
    i++;
  }
  return i === keys.length;
}

const hasOwn = Object.prototype.hasOwnProperty;
const IMMER_DRAFT = Symbol.for('immer-state');

/**
 * immer's `freeze(value, true)`, with a short way for what `update` mostly gets: a plain object
 * of numbers and strings, which immer's freeze only freezes (after checking it is not frozen,
 * not a draft and draftable, and walking its keys through a callback each, about a tenth of a
 * microsecond). Anything else goes to immer.
 */
function freezeDeep(value: object): void {
  if (Object.isFrozen(value)) return;
  const proto = Object.getPrototypeOf(value);
  if (
    (proto === Object.prototype || proto === null) &&
    !(value as Record<symbol, unknown>)[IMMER_DRAFT]
  ) {
    const fields = value as Record<string, unknown>;
    let flat = true;
    // for…in rather than Object.keys, which makes an array per call; a plain object's
    // prototype has no enumerable keys, so both visit the same own keys.
    for (const key in fields) {
      const field = fields[key];
      if ((typeof field === 'object' && field !== null) || typeof field === 'function') {
        flat = false;
        break;
      }
    }
    if (flat) {
      Object.freeze(value);
      return;
    }
  }
  freeze(value, true);
}

/** What a simulation hands an agent when it is added. */
export interface AgentContext<M extends MessageMap> {
  readonly bus: MarketBus<M>;
  readonly schedule: Schedule;
  readonly events: Lifecycle;
  /** This agent's own random stream, derived from the run seed and the agent id. */
  readonly random: Random;
  /** The year being simulated; `startYear − 1` before the first tick. */
  readonly year: () => number;
}

/** Identity, declared message kinds and initial state of an agent. */
export interface AgentOptions<S extends object, M extends MessageMap> {
  /** Unique within a simulation; also names the agent's random stream and its data rows. */
  readonly id: string;
  /** Kinds this agent may publish (besides the kernel's `Observed`). */
  readonly publishes: readonly (keyof M & string)[];
  /** Kinds this agent may subscribe to. */
  readonly consumes: readonly (keyof M & string)[];
  /**
   * State before the first tick; frozen. `stateAt(startYear − 1)` reads the state as it stood
   * before the first tick, including any change made in `onRunStart`.
   */
  readonly initialState: S;
}

/**
 * The base class's own fields of one agent, in an object of one shape for every agent class.
 * The base class's methods run with `this` of many classes, so reading its fields from `this`
 * is a megamorphic look-up each time; read from here, they are one look-up and then direct.
 */
class AgentCore<S extends object, M extends MessageMap> {
  context: AgentContext<M> | undefined = undefined;
  bus: MarketBus<M> | undefined = undefined;
  firstYear = Number.NEGATIVE_INFINITY;
  /**
   * The constructor that copies `current`, for its class and key list; undefined until the
   * first `update` and whenever the key list may have changed (a `produce`, a new key).
   */
  State: StateConstructor | undefined = undefined;
  /** Freeze each new state: in the bus's checked mode only (see `Agent.update`). */
  freeze = true;
  /**
   * `history[k]` is the state at the end of year `firstYear + k`, `history[0]` the initial state.
   * It ends at the year of the last change: later years read its last entry. Indexing by year
   * makes `stateAt` O(1) and keeps no per-year wrapper objects, which matters at 10⁵ agents.
   */
  readonly history: S[];
  /** The last entry of `history`, kept here so that reading the state touches one object less. */
  current: S;

  constructor(
    readonly id: string,
    readonly publishes: ReadonlySet<string>,
    initialState: S,
  ) {
    this.current = initialState;
    this.history = [initialState];
  }
}

/**
 * Base class of every agent. An agent talks to others only over the bus, through the kinds it
 * declared. Its state is a chain of immutable snapshots, a new one only when a field changed, so
 * `stateAt(year)` reads any past state back and nothing ever mutates a snapshot. The history
 * costs one reference per simulated year up to the agent's last change, plus each distinct state.
 *
 * Subclasses implement `setup()`, where they register phase actions (`onPhase`) and
 * subscriptions (`subscribe`). Each decision a modeller may want to change belongs in its own
 * protected method, so that a subclass changes one decision with one small override. The base
 * keeps its own fields in `#private` slots, so no subclass field can collide with them.
 */
export abstract class Agent<S extends object, M extends MessageMap = MessageMap> {
  // `declare`: assigned in the constructor, not defined as class fields first. A field defined
  // in this base class is defined on objects of many classes, a slow megamorphic definition
  // each (microseconds per agent in Node 20); a plain assignment is not.
  declare readonly id: string;
  /** Kinds this agent may publish; `Observed` is always allowed. */
  declare readonly publishes: ReadonlySet<string>;
  /** Kinds this agent may consume. */
  declare readonly consumes: ReadonlySet<string>;
  readonly #core: AgentCore<S, M>;

  constructor(options: AgentOptions<S, M>) {
    if (typeof options.id !== 'string' || options.id.trim() === '' || options.id === 'model') {
      throw new InvalidArgumentError(
        'agent id',
        options.id,
        'a non-empty string other than "model"',
      );
    }
    this.id = options.id;
    this.publishes = internKinds(options.publishes);
    this.consumes = internKinds(options.consumes);
    freezeDeep(options.initialState);
    this.#core = new AgentCore(this.id, this.publishes, options.initialState);
  }

  /** The agent's kind, e.g. `PrimaryProducer`; used in reports. Defaults to the class name. */
  get kind(): string {
    return this.constructor.name;
  }

  /** Called once by the simulation that adds the agent. Not for use by models. */
  attach(context: AgentContext<M>): void {
    const core = this.#core;
    if (core.context) {
      throw new InvalidArgumentError(
        `agent "${this.id}"`,
        'attach',
        'an agent added to one simulation',
      );
    }
    core.context = context;
    core.bus = context.bus;
    core.freeze = context.bus.checked;
    core.firstYear = context.schedule.startYear - 1;
    this.setup();
  }

  /** Registers phase actions and subscriptions. Runs once, when the agent is added. */
  protected abstract setup(): void;

  /** Called before the first tick. */
  onRunStart(): void {}

  /** Called at the start of every tick, before its first phase. */
  onTickStart(_year: number): void {}

  /** Called at the end of every tick, after its last phase. */
  onTickEnd(_year: number): void {}

  /** Called after the last tick, or when the run stops. */
  onRunEnd(): void {}

  /** The current state (a snapshot, frozen in checked mode: see `update`). */
  get state(): S {
    return this.#core.current;
  }

  /**
   * The state as it stood at the end of `year`; `startYear − 1` gives the state before the first
   * tick (the initial state with any change made in `onRunStart`).
   * Throws for a year before that or after the current one.
   */
  stateAt(year: number): S {
    const { firstYear: first, context, history } = this.#core;
    const now = context ? context.year() : first;
    if (!Number.isInteger(year) || year < first || year > now) {
      throw new InvalidArgumentError(
        `stateAt year of "${this.id}"`,
        year,
        `an integer in ${first}..${now}`,
      );
    }
    return history[Math.min(year - first, history.length - 1)]!;
  }

  /**
   * Replaces some top-level fields of the state (`patch`: a plain object of the fields to
   * change); cheaper than `produce` for flat states. When every field already holds its value
   * (`Object.is`), no snapshot is made and the current state is returned.
   *
   * In the bus's checked mode (tests, development) the new state and the object values in `patch`
   * are deep-frozen, so code that mutates a snapshot fails at once. Unchecked runs (the command
   * line, experiments) leave them unfrozen, as they leave messages: freezing took about a tenth of
   * the reference model's run time. A snapshot must never be mutated in either mode; only the
   * checked mode catches it. States made by `produce` are frozen by immer in both.
   */
  protected update(patch: Partial<S>): S {
    const core = this.#core;
    const current = core.current;
    const freeze = core.freeze;
    let changed = false;
    let added = false;
    for (const key in patch) {
      const value = patch[key];
      if (freeze && typeof value === 'object' && value !== null) freezeDeep(value);
      const previous = current[key];
      if (!Object.is(value, previous)) changed = true;
      // A key the state lacks reads undefined, or, if Object.prototype has it, a function (or an
      // object for __proto__): only then is the slower own-key check needed.
      if (
        (previous === undefined || typeof previous === 'function' || key === '__proto__') &&
        !hasOwn.call(current, key)
      ) {
        added = true;
      }
    }
    if (!changed) return current;

    let next: S;
    if (added) {
      // A key the state did not have goes to the end of the next state's key list, as a
      // for…in copy puts it; the next update finds the constructor of the new list.
      const copy: Record<string, unknown> = {};
      for (const key in current) copy[key] = current[key];
      for (const key in patch) copy[key] = patch[key];
      next = copy as S;
      core.State = undefined;
    } else {
      core.State ??= stateConstructorFor(this.constructor, current);
      next = new core.State(current, patch) as S;
    }
    return this.#commit(core, freeze ? Object.freeze(next) : next);
  }

  /**
   * Changes the state through an immer draft; use it for nested state. A recipe that changes
   * nothing makes no snapshot.
   */
  protected produce(recipe: (draft: Draft<S>) => void): S {
    const core = this.#core;
    const current = core.current;
    const next = produce(current, recipe) as S;
    if (next === current) return current;
    // immer may add, remove or reorder keys, so the copy constructor is found again.
    core.State = undefined;
    return this.#commit(core, next);
  }

  /** Publishes a message of a declared kind, stamped with this agent as sender. */
  protected publish<K extends keyof M & string>(kind: K, payload: M[K]): void {
    const core = this.#core;
    if (!core.publishes.has(kind)) {
      throw new UndeclaredKindError(core.id, 'publish', kind, [...core.publishes]);
    }
    const bus = core.bus;
    if (bus === undefined) throw new AgentDetachedError(core.id, 'publish');
    bus.publish(core.id, kind, payload);
  }

  /**
   * Reports a value of this agent for the current tick as an `Observed` message; data collection
   * records it. See `MarketBus.publishObserved` for when the message goes without an envelope.
   */
  protected observe(variable: string, unit: string, value: number): void {
    const core = this.#core;
    const bus = core.bus;
    if (bus === undefined) throw new AgentDetachedError(core.id, 'observe');
    bus.publishObserved(core.id, variable, unit, value);
  }

  /** Subscribes to a declared kind. */
  protected subscribe<K extends keyof M & string>(kind: K, handler: Handler<M, K>): Subscription {
    if (!this.consumes.has(kind)) {
      throw new UndeclaredKindError(this.id, 'consume', kind, [...this.consumes]);
    }
    return this.#ctx('subscribe').bus.subscribe(this.id, kind, handler);
  }

  /** Runs `action` in the given phase of every tick. */
  protected onPhase(phase: string, action: (year: number) => void): void {
    this.#ctx('register a phase').schedule.register(phase, this.id, action);
  }

  /** The year being simulated. */
  protected get year(): number {
    return this.#ctx('read the year').year();
  }

  /** This agent's random stream. */
  protected get random(): Random {
    return this.#ctx('draw random numbers').random;
  }

  /** The run's first and last years. */
  protected get horizon(): { startYear: number; endYear: number } {
    const { startYear, endYear } = this.#ctx('read the horizon').schedule;
    return { startYear, endYear };
  }

  /** Emits a lifecycle warning; the application decides whether anyone sees it. */
  protected warn(code: string, message: string, details?: unknown): void {
    const context = this.#ctx('warn');
    context.events.emit('warning', {
      code,
      message: `${this.id}: ${message}`,
      year: context.year(),
      details,
    });
  }

  #commit(core: AgentCore<S, M>, next: S): S {
    // Before attach there is no clock: the initial state itself is being set up.
    const offset = core.context ? core.context.year() - core.firstYear : 0;
    const history = core.history;
    const last = history[history.length - 1]!;
    // Years since the last change keep the last state, so every year up to now has its entry.
    while (history.length < offset) history.push(last);
    history[offset] = next;
    core.current = next;
    return next;
  }

  #ctx(what: string): AgentContext<M> {
    const context = this.#core.context;
    if (!context) throw new AgentDetachedError(this.id, what);
    return context;
  }
}
