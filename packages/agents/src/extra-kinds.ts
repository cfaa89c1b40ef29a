import type { MarketMessages } from '@orebus/market';

/**
 * Message kinds a subclass adds to those its agent class already publishes and consumes, so that
 * a subclass may, say, hear the price (`consumes: ['PriceQuoted']`) without a new constructor.
 */
export interface ExtraKinds {
  readonly publishes?: readonly (keyof MarketMessages & string)[];
  readonly consumes?: readonly (keyof MarketMessages & string)[];
}
