import { MarketBus } from '../bus/market-bus.js';
import { replayMessages } from '../bus/message-log.js';
import type { Envelope, MessageMap, Protocol } from '../bus/protocol.js';
import { DataCollector } from '../data/index.js';
import { attachCollector } from './simulation.js';

/**
 * Rebuilds a run's collected data from its message log alone: a fresh bus, a fresh collector,
 * and every recorded message delivered again in order. The result equals the original run's
 * collected data value for value, because the collector only ever learns from the bus.
 */
export function replayRun<M extends MessageMap>(
  protocol: Protocol<M>,
  envelopes: Iterable<Envelope>,
  horizon: { readonly startYear: number; readonly endYear: number },
): DataCollector {
  const bus = new MarketBus(protocol);
  const data = new DataCollector(horizon);
  attachCollector(bus, data);
  replayMessages(bus, envelopes);
  const failure = bus.halted;
  if (failure) throw failure;
  return data;
}
