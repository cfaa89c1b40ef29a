import fc from 'fast-check';
import { Observable, Subscription } from 'rxjs';
import { filter } from 'rxjs/operators';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SubscriberError } from './bus-errors.js';
import { MarketBus } from './market-bus.js';
import { defineProtocol, type Envelope } from './protocol.js';

const protocol = defineProtocol({
  Ping: z.object({ n: z.number(), nested: z.object({ x: z.number() }).optional() }),
  Pong: z.object({ n: z.number() }),
});
type M = typeof protocol extends { schemas: infer S }
  ? { [K in keyof S]: S[K] extends z.ZodType<infer T> ? T : never }
  : never;

describe('MarketBus', () => {
  it('gives the public RxJS classes: a Subscription from subscribe, Observables that compose', () => {
    const bus = new MarketBus<M>(protocol);
    const seen: number[] = [];

    const subscription = bus.subscribe('a', 'Ping', () => {});
    const tap = bus.messages('Ping');
    const tapped = tap
      .pipe(filter((m) => m.payload.n > 1))
      .subscribe((m) => seen.push(m.payload.n));
    bus.publish('x', 'Ping', { n: 1 });
    bus.publish('x', 'Ping', { n: 2 });

    expect(subscription).toBeInstanceOf(Subscription);
    expect(tapped).toBeInstanceOf(Subscription);
    expect(tap).toBeInstanceOf(Observable);
    expect(bus.messages()).toBeInstanceOf(Observable);
    expect(seen).toEqual([2]);
  });

  it('delivers each message to every subscriber of its kind in subscription order', () => {
    const bus = new MarketBus<M>(protocol);
    const seen: string[] = [];
    bus.subscribe('a', 'Ping', (m) => seen.push(`a${m.payload.n}`));
    bus.subscribe('b', 'Pong', (m) => seen.push(`b${m.payload.n}`));
    bus.subscribe('c', 'Ping', (m) => seen.push(`c${m.payload.n}`));

    bus.publish('x', 'Ping', { n: 1 });
    bus.publish('x', 'Pong', { n: 2 });

    expect(seen).toEqual(['a1', 'c1', 'b2']);
  });

  it('delivers messages published by a handler after the current one, breadth first', () => {
    const bus = new MarketBus<M>(protocol);
    const seen: string[] = [];
    bus.subscribe('first', 'Ping', (m) => {
      seen.push(`first:ping${m.payload.n}`);
      bus.publish('first', 'Pong', { n: m.payload.n });
    });
    bus.subscribe('second', 'Ping', (m) => seen.push(`second:ping${m.payload.n}`));
    bus.subscribe('third', 'Pong', (m) => seen.push(`third:pong${m.payload.n}`));

    bus.publish('x', 'Ping', { n: 7 });

    expect(seen).toEqual(['first:ping7', 'second:ping7', 'third:pong7']);
  });

  it('delivers in publish order for any interleaving of kinds (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer()), { maxLength: 50 }), (plan) => {
        const bus = new MarketBus<M>(protocol);
        const log: Envelope<M>[] = [];
        bus.messages().subscribe((m) => log.push(m));
        for (const [ping, n] of plan) {
          if (ping) bus.publish('s', 'Ping', { n });
          else bus.publish('s', 'Pong', { n });
        }
        expect(log.map((m) => m.seq)).toEqual(plan.map((_, i) => i));
        expect(log.map((m) => (m.payload as { n: number }).n)).toEqual(plan.map(([, n]) => n));
      }),
      { seed: 1 },
    );
  });

  it('taps one kind as an observable, before its subscribers, until unsubscribed', () => {
    const bus = new MarketBus<M>(protocol);
    const seen: string[] = [];
    bus.subscribe('agent', 'Ping', (m) => seen.push(`agent${m.payload.n}`));
    const tap = bus.messages('Ping').subscribe((m) => seen.push(`tap${m.payload.n}`));

    bus.publish('x', 'Ping', { n: 1 });
    bus.publish('x', 'Pong', { n: 2 });
    tap.unsubscribe();
    bus.publish('x', 'Ping', { n: 3 });

    expect(seen).toEqual(['tap1', 'agent1', 'agent3']);
  });

  it('skips a subscriber unsubscribed during the delivery of the current message', () => {
    const bus = new MarketBus<M>(protocol);
    const seen: string[] = [];
    let later: { unsubscribe(): void } | undefined;
    bus.subscribe('first', 'Ping', () => {
      seen.push('first');
      later?.unsubscribe();
    });
    later = bus.subscribe('later', 'Ping', () => seen.push('later'));

    bus.publish('x', 'Ping', { n: 1 });

    expect(seen).toEqual(['first']);
  });

  it('refuses a non-finite number and names its field', () => {
    const bus = new MarketBus<M>(protocol);

    const attempt = () => bus.publish('x', 'Ping', { n: 1, nested: { x: Number.NaN } });

    expect(attempt).toThrowError(expect.objectContaining({ code: 'E_NON_FINITE' }));
    expect(attempt).toThrowError(/nested\.x/);
  });

  it('checks payloads against their schema in checked mode only', () => {
    const loose = new MarketBus<M>(protocol);
    const checked = new MarketBus<M>(protocol, { checked: true });
    const bad = { n: 'one' } as unknown as M['Ping'];

    expect(() => loose.publish('x', 'Ping', bad)).not.toThrow();
    expect(() => checked.publish('x', 'Ping', bad)).toThrowError(
      expect.objectContaining({ code: 'E_MESSAGE_INVALID' }),
    );
  });

  it('freezes payloads in checked mode so no subscriber can change what others see', () => {
    const bus = new MarketBus<M>(protocol, { checked: true });
    let caught: unknown;
    bus.subscribe('vandal', 'Ping', (m) => {
      try {
        (m.payload as { n: number }).n = 99;
      } catch (error) {
        caught = error;
      }
    });

    const sent = bus.publish('x', 'Ping', { n: 1 });

    expect(caught).toBeInstanceOf(TypeError);
    expect(sent.payload.n).toBe(1);
  });

  it('refuses a kind the protocol does not have', () => {
    const bus = new MarketBus<M>(protocol);

    expect(() => bus.publish('x', 'Nope' as 'Ping', { n: 1 })).toThrowError(
      expect.objectContaining({ code: 'E_MESSAGE_INVALID' }),
    );
  });

  it('reports a throwing subscriber with tick, kind and agent, and goes on under continue', () => {
    const reports: SubscriberError[] = [];
    const bus = new MarketBus<M>(protocol, {
      onSubscriberError: (error) => {
        reports.push(error);
        return 'continue';
      },
    });
    const seen: number[] = [];
    bus.subscribe('broken', 'Ping', () => {
      throw new Error('boom');
    });
    bus.subscribe('healthy', 'Ping', (m) => seen.push(m.payload.n));
    bus.setClock(2031, 'supply');

    bus.publish('x', 'Ping', { n: 1 });
    bus.publish('x', 'Ping', { n: 2 });

    expect(seen).toEqual([1, 2]);
    expect(reports).toHaveLength(2);
    expect(reports[0]).toMatchObject({
      code: 'E_SUBSCRIBER',
      tick: 2031,
      phase: 'supply',
      kind: 'Ping',
      subscriber: 'broken',
    });
    expect(bus.halted).toBeUndefined();
  });

  it('halts under stop: the queue is dropped and later publishes throw', () => {
    const bus = new MarketBus<M>(protocol);
    const seen: number[] = [];
    bus.subscribe('broken', 'Ping', (m) => {
      bus.publish('broken', 'Pong', { n: m.payload.n });
      throw new Error('boom');
    });
    bus.subscribe('listener', 'Pong', (m) => seen.push(m.payload.n));

    bus.publish('x', 'Ping', { n: 1 });

    expect(bus.halted?.code).toBe('E_SUBSCRIBER');
    expect(seen).toEqual([]);
    expect(() => bus.publish('x', 'Ping', { n: 2 })).toThrowError(
      expect.objectContaining({ code: 'E_BUS_HALTED' }),
    );
  });

  it('gives publishObserved the sequence, deliveries and failures of publish, tapped or not', () => {
    const scenario = (tap: boolean, fast: boolean) => {
      const reports: string[] = [];
      const bus = new MarketBus<M>(protocol, {
        onSubscriberError: (error) => {
          reports.push(`${error.subscriber}@${error.tick}/${error.phase}: ${error.kind}`);
          return 'continue';
        },
      });
      const seen: string[] = [];
      if (tap) bus.messages('Observed').subscribe((m) => seen.push(`tap${m.seq}`));
      bus.subscribeObserved('sink', (sender, tick, variable, unit, value) => {
        if (value < 0) throw new Error('negative');
        seen.push(`${sender}:${tick}:${variable}:${unit}:${value}`);
      });
      bus.setClock(2030, 'record');
      bus.publish('x', 'Ping', { n: 1 });
      for (const value of [1.5, -2, 3]) {
        if (fast) bus.publishObserved('a', 'v', 't', value);
        else bus.publish('a', 'Observed', { variable: 'v', unit: 't', value });
      }
      expect(() =>
        fast
          ? bus.publishObserved('a', 'v', 't', Number.NaN)
          : bus.publish('a', 'Observed', {
              variable: 'v',
              unit: 't',
              value: Number.NaN,
            }),
      ).toThrowError(expect.objectContaining({ code: 'E_NON_FINITE' }));
      return { seen, reports, count: bus.count };
    };

    for (const tap of [false, true]) {
      const fast = scenario(tap, true);

      expect(fast).toEqual(scenario(tap, false));
      expect(fast.count).toBe(4);
      expect(fast.reports).toEqual(['sink@2030/record: Observed']);
    }
  });

  it('hands Observed messages to an Observed sink as fields, published or replayed', () => {
    const bus = new MarketBus<M>(protocol);
    const seen: unknown[][] = [];
    const plain: number[] = [];
    bus.subscribeObserved('sink', (...fields) => seen.push(fields));
    bus.setClock(2024, 'p');

    bus.publishObserved('a', 'x', 'kg', 1);
    const subscription = bus.subscribe('plain', 'Observed', (m) => plain.push(m.payload.value));
    bus.publishObserved('a', 'x', 'kg', 2);
    subscription.unsubscribe();
    bus.deliverRecorded({
      seq: 0,
      tick: 2020,
      phase: 'q',
      sender: 'b',
      kind: 'Observed',
      payload: { variable: 'y', unit: '1', value: 3 },
    });

    expect(seen).toEqual([
      ['a', 2024, 'x', 'kg', 1],
      ['a', 2024, 'x', 'kg', 2],
      ['b', 2020, 'y', '1', 3],
    ]);
    expect(plain).toEqual([2]);
    expect(bus.count).toBe(3);
  });
});
