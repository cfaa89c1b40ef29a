import { formatValue, OrebusError } from '../errors.js';

/** A subscriber threw while handling a message. Carries where it happened as data. */
export class SubscriberError extends OrebusError {
  readonly tick: number;
  readonly phase: string;
  readonly kind: string;
  readonly subscriber: string;

  constructor(tick: number, phase: string, kind: string, subscriber: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : formatValue(cause);
    super(
      'E_SUBSCRIBER',
      `subscriber "${subscriber}" failed on ${kind} in ${tick}${phase ? ` (${phase})` : ''}: ${reason}`,
      { tick, phase, kind, subscriber },
      { cause },
    );
    this.tick = tick;
    this.phase = phase;
    this.kind = kind;
    this.subscriber = subscriber;
  }
}

/** A message failed its kind's schema, or named a kind the protocol does not have. */
export class MessageInvalidError extends OrebusError {
  constructor(kind: string, sender: string, problems: readonly string[]) {
    super('E_MESSAGE_INVALID', `${kind} from "${sender}" is invalid: ${problems.join('; ')}`, {
      kind,
      sender,
      problems,
    });
  }
}

/** The bus was halted by a subscriber failure under the `stop` policy and refuses new work. */
export class BusHaltedError extends OrebusError {
  constructor(cause: SubscriberError) {
    super('E_BUS_HALTED', `the bus was halted: ${cause.message}`, {}, { cause });
  }
}

/** What to do after a subscriber failure: keep delivering, or halt the bus (and the run). */
export type FailurePolicy = 'continue' | 'stop';

/** Decides the policy for one failure; may also log it. Must not throw. */
export type SubscriberErrorHandler = (error: SubscriberError) => FailurePolicy;
