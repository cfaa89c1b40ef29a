import { freeze } from 'immer';
import { type Observable, Subject, type Subscription } from 'rxjs';
import {
  BusHaltedError,
  MessageInvalidError,
  SubscriberError,
  type SubscriberErrorHandler,
} from './bus-errors.js';
import { assertFinite } from './finite.js';
import type { Envelope, MessageMap, Protocol } from './protocol.js';

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

/** Handler of one message kind. */
export type Handler<M extends MessageMap, K extends keyof M & string> = (
  message: Envelope<M, K>,
) => void;

/**
 * The market bus: typed publish and subscribe by message kind, on RxJS subjects.
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
  private readonly checked: boolean;
  private readonly onSubscriberError: SubscriberErrorHandler;
  private readonly all = new Subject<Envelope<M>>();
  private readonly byKind = new Map<string, Subject<Envelope<M>>>();
  private readonly queue: Envelope<M>[] = [];
  private delivering = false;
  private seq = 0;
  private tick = 0;
  private phase = '';
  private haltedBy: SubscriberError | undefined;

  constructor(protocol: Protocol<M>, options: MarketBusOptions = {}) {
    this.protocol = protocol;
    this.checked = options.checked ?? false;
    this.onSubscriberError = options.onSubscriberError ?? (() => 'stop');
    for (const kind of protocol.kinds) this.byKind.set(kind, new Subject());
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
    const envelope = {
      seq: this.seq,
      tick: this.tick,
      phase: this.phase,
      sender,
      kind,
      payload: this.admit(sender, kind, payload),
    };
    this.seq++;
    this.enqueue(envelope);
    return envelope;
  }

  /**
   * Delivers an envelope recorded earlier, keeping its tick, phase and sender; used by replay.
   * The payload is always checked against its schema: a log is outside input.
   */
  deliverRecorded(envelope: Envelope<M>): void {
    const payload = this.admit(envelope.sender, envelope.kind, envelope.payload, true);
    this.tick = envelope.tick;
    this.phase = envelope.phase;
    this.enqueue({ ...envelope, seq: this.seq++, payload });
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
    const subject = this.byKind.get(kind);
    if (!subject) {
      throw new MessageInvalidError(kind, subscriber, [
        `unknown kind; the protocol has ${this.protocol.kinds.join(', ')}`,
      ]);
    }
    return subject.subscribe((message) => {
      try {
        handler(message as Envelope<M, K>);
      } catch (cause) {
        this.fail(new SubscriberError(message.tick, message.phase, kind, subscriber, cause));
      }
    });
  }

  /** Every message, in delivery order: the tap that logs and replays hang on. */
  messages(): Observable<Envelope<M>> {
    return this.all.asObservable();
  }

  private admit<K extends keyof M & string>(
    sender: string,
    kind: K,
    payload: M[K],
    alwaysCheck = false,
  ): M[K] {
    if (this.haltedBy) throw new BusHaltedError(this.haltedBy);
    const schema = this.protocol.schemas[kind];
    if (!schema) {
      throw new MessageInvalidError(kind, sender, [
        `unknown kind; the protocol has ${this.protocol.kinds.join(', ')}`,
      ]);
    }
    assertFinite(payload, `${kind} from "${sender}" in ${this.tick}`);
    if (!(this.checked || alwaysCheck)) return payload;
    const result = schema.safeParse(payload);
    if (!result.success) {
      throw new MessageInvalidError(
        kind,
        sender,
        result.error.issues.map(
          (issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`,
        ),
      );
    }
    return freeze(result.data, true);
  }

  private enqueue(envelope: Envelope<M>): void {
    this.queue.push(envelope);
    if (this.delivering) return;
    this.delivering = true;
    try {
      // Index walk instead of shift(): the queue may grow while it drains.
      for (let i = 0; i < this.queue.length && !this.haltedBy; i++) {
        const message = this.queue[i]!;
        this.all.next(message);
        this.byKind.get(message.kind)!.next(message);
      }
    } finally {
      this.queue.length = 0;
      this.delivering = false;
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
