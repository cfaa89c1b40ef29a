import { freeze } from 'immer';
import type { Observable, Subscription } from 'rxjs';
// The two classes the bus makes, from their own modules: 'rxjs' itself loads every operator
// (224 files; 481 files in all became 277 for a worker thread, whose imports took 180-200 ms
// instead of 200-290). They are the classes 'rxjs' exports (a test holds that), through the
// package's own `./internal/*` export; the public types stay those of 'rxjs'.
import { Subject } from 'rxjs/internal/Subject';
import { Subscription as SubscriptionClass } from 'rxjs/internal/Subscription';
import {
  BusHaltedError,
  MessageInvalidError,
  SubscriberError,
  type SubscriberErrorHandler,
} from './bus-errors.js';
import { assertFinite, isAllFinite } from './finite.js';
import type { Envelope, MessageMap, Observed, Protocol } from './protocol.js';

/** Options of a {@link MarketBus}. */
export interface MarketBusOptions {
  /**
   * Check every published payload against its kind's schema and deep-freeze it. Tests run
   * checked; production runs skip the schema (non-finite numbers are always refused).
   */
  readonly checked?: boolean;
  /** Called for each subscriber failure; its answer decides whether delivery goes on. */
  readonly onSubscriberError?: SubscriberErrorHandler;
}

interface Receiver<M extends MessageMap> {
  readonly subscriber: string;
  readonly handler: Handler<M, keyof M & string>;
  /** The same receiver without an envelope; only on receivers of `subscribeObserved`. */
  readonly sink: ObservedSink | undefined;
  /** Cleared on unsubscribe, so a delivery under way skips it, as an RxJS subject would. */
  active: boolean;
}

/**
 * Receives an `Observed` message as its fields: what a `subscribeObserved` subscriber gets,
 * the same whether the bus made an envelope for the message or not.
 */
export type ObservedSink = (
  sender: string,
  tick: number,
  variable: string,
  unit: string,
  value: number,
) => void;

/** What the bus keeps for one kind, found with one look-up per publish and per delivery. */
interface KindSlot<M extends MessageMap> {
  readonly schema: Protocol<M>['schemas'][keyof M];
  /** The tap of this kind, made on the first `messages(kind)`: most kinds are never tapped. */
  subject: Subject<Envelope<M>> | undefined;
  /** Replaced, not changed, on unsubscribe; see `subscribe`. */
  receivers: Receiver<M>[];
  /** How many of `receivers` have no `sink`; `publishObserved` makes no envelope only at 0. */
  plainReceivers: number;
}

/** Handler of one message kind. */
export type Handler<M extends MessageMap, K extends keyof M & string> = (
  message: Envelope<M, K>,
) => void;

/**
 * The market bus: typed publish and subscribe by message kind, with RxJS taps.
 *
 * `subscribe` returns an RxJS `Subscription`; the taps of `messages()` are RxJS subjects, one
 * for all messages and one per kind. Subscribers themselves sit in a plain list per kind and are
 * called directly: going through a subject costs a closure and four calls per delivery, which
 * at 10⁷ deliveries a run was most of the bus's time.
 *
 * Delivery is synchronous and breadth-first. `publish` appends the message to a queue; when no
 * delivery is under way the queue is drained at once, each message going to every subscriber
 * of its kind in the order they subscribed, before the next message is delivered. A message
 * published from inside a handler is therefore delivered after the current one has reached all
 * its subscribers, never in the middle. Given the same publishes in the same order, every run
 * delivers the same messages in the same order.
 *
 * A subscriber that throws is reported as a {@link SubscriberError} to the configured handler.
 * Under `continue` delivery goes on; under `stop` (the default) the bus halts: the queue is
 * dropped and any later publish throws {@link BusHaltedError}. The failure is never swallowed.
 */
export class MarketBus<M extends MessageMap> {
  readonly protocol: Protocol<M>;
  /**
   * Whether every message is checked against its schema and frozen; agents freeze their states in
   * this mode only (see `Agent.update`).
   */
  readonly checked: boolean;
  private readonly onSubscriberError: SubscriberErrorHandler;
  /** The tap of all messages, made on the first `messages()`; a run without taps has none. */
  private all: Subject<Envelope<M>> | undefined;
  private readonly slots = new Map<string, KindSlot<M>>();
  /** The slot of `Observed`, if the protocol has it (every `defineProtocol` protocol does). */
  private readonly observedSlot: KindSlot<M> | undefined;
  private readonly queue: Envelope<M>[] = [];
  /** The slot of each queued message's kind, by the same index. */
  private readonly queueSlots: KindSlot<M>[] = [];
  private lastKind: string | undefined;
  private lastSlot: KindSlot<M> | undefined;
  private delivering = false;
  private seq = 0;
  private tick = 0;
  private phase = '';
  private haltedBy: SubscriberError | undefined;

  constructor(protocol: Protocol<M>, options: MarketBusOptions = {}) {
    this.protocol = protocol;
    this.checked = options.checked ?? false;
    this.onSubscriberError = options.onSubscriberError ?? (() => 'stop');
    for (const kind of protocol.kinds) {
      this.slots.set(kind, {
        schema: protocol.schemas[kind],
        subject: undefined,
        receivers: [],
        plainReceivers: 0,
      });
    }
    this.observedSlot = this.slots.get('Observed');
  }

  /** Sets the tick and phase stamped on messages published from now on. */
  setClock(tick: number, phase: string): void {
    this.tick = tick;
    this.phase = phase;
  }

  /** The failure that halted the bus, if it was halted. */
  get halted(): SubscriberError | undefined {
    return this.haltedBy;
  }

  /** Number of messages published so far. */
  get count(): number {
    return this.seq;
  }

  /**
   * Publishes a message from `sender`. Throws `MessageInvalidError` for an unknown kind (or, in
   * checked mode, a payload its schema refuses), `NonFiniteNumberError` naming the field of a
   * NaN or infinite number, and `BusHaltedError` once the bus has been halted.
   */
  publish<K extends keyof M & string>(sender: string, kind: K, payload: M[K]): Envelope<M, K> {
    const slot = this.slotOf(sender, kind);
    const envelope = {
      seq: this.seq,
      tick: this.tick,
      phase: this.phase,
      sender,
      kind,
      payload: this.admit(slot, sender, kind, payload),
    };
    this.seq++;
    this.enqueue(envelope, slot);
    return envelope;
  }

  /**
   * Publishes an `Observed` message from `sender`: the same message, with the same sequence
   * number, deliveries, failures and errors, as `publish(sender, 'Observed', { variable, unit,
   * value })`, for which it is the fast path of `Agent.observe` and the simulation's probes.
   *
   * When nothing could see the envelope (no `messages()` tap on all messages or on `Observed`,
   * unchecked, not called from inside a delivery, a finite value, and every subscriber of
   * `Observed` subscribed through `subscribeObserved`), it hands the fields to those subscribers
   * directly and makes neither payload nor envelope: about a sixth of a lithium run's time went
   * into the 53 `Observed` envelopes of each tick. Otherwise it calls `publish`.
   */
  publishObserved(sender: string, variable: string, unit: string, value: number): void {
    const slot = this.observedSlot;
    if (
      slot === undefined ||
      slot.plainReceivers !== 0 ||
      this.delivering ||
      this.checked ||
      this.haltedBy !== undefined ||
      !Number.isFinite(value) ||
      this.all?.observed ||
      slot.subject?.observed
    ) {
      const payload: Observed = { variable, unit, value };
      this.publish(sender, 'Observed' as keyof M & string, payload as M[keyof M & string]);
      return;
    }
    this.seq++;
    // As in `enqueue`: anything published while the subscribers run waits for them.
    this.delivering = true;
    try {
      const list = slot.receivers;
      const count = list.length;
      for (let i = 0; i < count; i++) {
        const receiver = list[i]!;
        if (!receiver.active) continue;
        try {
          receiver.sink!(sender, this.tick, variable, unit, value);
        } catch (cause) {
          this.fail(
            new SubscriberError(this.tick, this.phase, 'Observed', receiver.subscriber, cause),
          );
        }
      }
      this.drain();
    } finally {
      this.endDelivery();
    }
  }

  /**
   * Delivers an envelope recorded earlier, keeping its tick, phase and sender; used by replay.
   * The payload is always checked against its schema: a log is outside input.
   */
  deliverRecorded(envelope: Envelope<M>): void {
    const slot = this.slotOf(envelope.sender, envelope.kind);
    const payload = this.admit(slot, envelope.sender, envelope.kind, envelope.payload, true);
    this.tick = envelope.tick;
    this.phase = envelope.phase;
    this.enqueue({ ...envelope, seq: this.seq++, payload }, slot);
  }

  /**
   * Subscribes `subscriber` (an agent id or observer name, used in error reports) to one kind.
   * Handlers run in subscription order; see the class comment for delivery order.
   */
  subscribe<K extends keyof M & string>(
    subscriber: string,
    kind: K,
    handler: Handler<M, K>,
  ): Subscription {
    return this.addReceiver(kind, {
      subscriber,
      handler: handler as Handler<M, keyof M & string>,
      sink: undefined,
      active: true,
    });
  }

  /**
   * Subscribes `sink` to `Observed`: it gets every `Observed` message, published or replayed, in
   * the order and with the failure handling of `subscribe`, as its fields instead of an envelope.
   * Lets `publishObserved` skip the envelope when no other subscriber or tap needs one.
   */
  subscribeObserved(subscriber: string, sink: ObservedSink): Subscription {
    const handler = (message: Envelope<M>) => {
      const { variable, unit, value } = message.payload as unknown as Observed;
      sink(message.sender, message.tick, variable, unit, value);
    };
    return this.addReceiver('Observed', { subscriber, handler, sink, active: true });
  }

  private addReceiver(kind: string, receiver: Receiver<M>): Subscription {
    const slot = this.slots.get(kind);
    if (!slot) {
      throw new MessageInvalidError(kind, receiver.subscriber, [
        `unknown kind; the protocol has ${this.protocol.kinds.join(', ')}`,
      ]);
    }
    // Appending in place is safe during a delivery, which stops at the length it started with;
    // removal copies, so a delivery under way keeps walking the list it started with.
    slot.receivers.push(receiver);
    if (receiver.sink === undefined) slot.plainReceivers++;
    return new SubscriptionClass(() => {
      if (!receiver.active) return;
      receiver.active = false;
      slot.receivers = slot.receivers.filter((r) => r !== receiver);
      if (receiver.sink === undefined) slot.plainReceivers--;
    });
  }

  /**
   * Every message in delivery order, or only those of `kind`: the taps that logs, replays and
   * RxJS pipelines hang on. A tap sees each message before the subscribers of its kind do. An
   * error thrown by a tap observer is RxJS's to report, not a `SubscriberError`.
   */
  messages(): Observable<Envelope<M>>;
  messages<K extends keyof M & string>(kind: K): Observable<Envelope<M, K>>;
  messages(kind?: string): Observable<Envelope<M>> {
    if (kind === undefined) {
      this.all ??= new Subject();
      return this.all.asObservable();
    }
    const slot = this.slots.get(kind);
    if (!slot) {
      throw new MessageInvalidError(kind, 'messages()', [
        `unknown kind; the protocol has ${this.protocol.kinds.join(', ')}`,
      ]);
    }
    slot.subject ??= new Subject();
    return slot.subject.asObservable();
  }

  /**
   * The slot of a kind about to be published; throws first if the bus was halted, then if the
   * kind is unknown. Remembers the last kind: messages of one kind come in runs.
   */
  private slotOf(sender: string, kind: string): KindSlot<M> {
    if (this.haltedBy) throw new BusHaltedError(this.haltedBy);
    if (kind === this.lastKind) return this.lastSlot!;
    const slot = this.slots.get(kind);
    if (!slot) {
      throw new MessageInvalidError(kind, sender, [
        `unknown kind; the protocol has ${this.protocol.kinds.join(', ')}`,
      ]);
    }
    this.lastKind = kind;
    this.lastSlot = slot;
    return slot;
  }

  private admit<K extends keyof M & string>(
    slot: KindSlot<M>,
    sender: string,
    kind: K,
    payload: M[K],
    alwaysCheck = false,
  ): M[K] {
    // The cheap walk runs on every publish; the one that names the field only on failure.
    if (!isAllFinite(payload)) assertFinite(payload, `${kind} from "${sender}" in ${this.tick}`);
    if (!(this.checked || alwaysCheck)) return payload;
    const result = slot.schema.safeParse(payload);
    if (!result.success) {
      throw new MessageInvalidError(
        kind,
        sender,
        result.error.issues.map(
          (issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`,
        ),
      );
    }
    return freeze(result.data as M[K], true);
  }

  private enqueue(envelope: Envelope<M>, slot: KindSlot<M>): void {
    const queue = this.queue;
    if (this.delivering) {
      queue.push(envelope);
      this.queueSlots.push(slot);
      return;
    }
    this.delivering = true;
    try {
      this.deliver(envelope, slot);
      this.drain();
    } finally {
      this.endDelivery();
    }
  }

  /** Delivers what was queued during a delivery, in order, until the queue is empty. */
  private drain(): void {
    const queue = this.queue;
    // Index walk instead of shift(): the queue may grow while it drains.
    for (let i = 0; i < queue.length && !this.haltedBy; i++) {
      this.deliver(queue[i]!, this.queueSlots[i]!);
    }
  }

  private endDelivery(): void {
    if (this.queue.length > 0) {
      this.queue.length = 0;
      this.queueSlots.length = 0;
    }
    this.delivering = false;
  }

  private deliver(message: Envelope<M>, slot: KindSlot<M>): void {
    // Subjects without observers are skipped: `next` costs a closure per call even then.
    if (this.all?.observed) this.all.next(message);
    if (slot.subject?.observed) slot.subject.next(message);
    const list = slot.receivers;
    const count = list.length;
    for (let i = 0; i < count; i++) {
      const receiver = list[i]!;
      if (!receiver.active) continue;
      try {
        receiver.handler(message);
      } catch (cause) {
        this.fail(
          new SubscriberError(
            message.tick,
            message.phase,
            message.kind,
            receiver.subscriber,
            cause,
          ),
        );
      }
    }
  }

  private fail(error: SubscriberError): void {
    let policy: 'continue' | 'stop';
    try {
      policy = this.onSubscriberError(error);
    } catch {
      policy = 'stop';
    }
    if (policy === 'stop' && !this.haltedBy) this.haltedBy = error;
  }
}
