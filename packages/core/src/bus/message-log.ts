import type { Subscription } from 'rxjs';
import { OrebusError } from '../errors.js';
import type { MarketBus } from './market-bus.js';
import type { Envelope, MessageMap } from './protocol.js';

/** A line of a message log could not be read. */
export class MessageLogError extends OrebusError {
  constructor(line: number, problem: string) {
    super('E_MESSAGE_LOG', `message log line ${line}: ${problem}`, { line, problem });
  }
}

/**
 * Records every message the bus delivers, in delivery order, as JSON Lines (one envelope per
 * line, fields in the order seq, tick, phase, sender, kind, payload). Numbers are written in
 * JavaScript's shortest round-trip form, so reading a log back gives bit-identical values.
 */
export class MessageRecorder<M extends MessageMap> {
  private readonly lines: string[] = [];
  private readonly subscription: Subscription;

  constructor(bus: MarketBus<M>, onLine?: (line: string) => void) {
    this.subscription = bus.messages().subscribe((envelope) => {
      const line = JSON.stringify({
        seq: envelope.seq,
        tick: envelope.tick,
        phase: envelope.phase,
        sender: envelope.sender,
        kind: envelope.kind,
        payload: envelope.payload,
      });
      if (onLine) onLine(line);
      else this.lines.push(line);
    });
  }

  /** The log so far (empty when lines go to an `onLine` sink instead). */
  toJsonLines(): string {
    return this.lines.length === 0 ? '' : `${this.lines.join('\n')}\n`;
  }

  /** Stops recording. */
  close(): void {
    this.subscription.unsubscribe();
  }
}

/**
 * Parses a JSON Lines message log. Checks the envelope's shape here; payloads are checked
 * against the protocol when they are replayed. Blank lines are ignored.
 */
export function parseMessageLog(text: string): Envelope[] {
  const envelopes: Envelope[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (cause) {
      throw new MessageLogError(i + 1, `not JSON (${(cause as Error).message})`);
    }
    envelopes.push(checkEnvelope(value, i + 1));
  }
  return envelopes;
}

function checkEnvelope(value: unknown, line: number): Envelope {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MessageLogError(line, 'an envelope must be a JSON object');
  }
  const e = value as Record<string, unknown>;
  for (const [field, type] of [
    ['seq', 'number'],
    ['tick', 'number'],
    ['phase', 'string'],
    ['sender', 'string'],
    ['kind', 'string'],
    ['payload', 'object'],
  ] as const) {
    if (typeof e[field] !== type || e[field] === null) {
      throw new MessageLogError(
        line,
        `field "${field}" must be a ${type}, got ${JSON.stringify(e[field])}`,
      );
    }
  }
  return e as unknown as Envelope;
}

/**
 * Feeds a recorded log into `bus`, message by message, with the original tick, phase and
 * sender. Whatever listens on the bus (data collection, a new market rule under study) sees
 * the same stream the original run delivered. Each payload is checked against its schema.
 */
export function replayMessages<M extends MessageMap>(
  bus: MarketBus<M>,
  envelopes: Iterable<Envelope>,
): number {
  let count = 0;
  for (const envelope of envelopes) {
    bus.deliverRecorded(envelope as Envelope<M>);
    count++;
  }
  return count;
}
