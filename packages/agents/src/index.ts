// The public API of @orebus/agents: the agent classes of a metal market, written for any
// metal. Lithium, cobalt or nickel enter as data, through the options.

export {
  type Chemistry,
  ChemistryMix,
  type ChemistryMixOptions,
  type PriceLookup,
  type PriceResponsiveShiftOptions,
  priceResponsiveShift,
  type ShareShift,
} from './chemistry.js';
export { EssMaker, type EssMakerOptions } from './ess-maker.js';
export { EvMaker, type EvMakerOptions } from './ev-maker.js';
export type { ExtraKinds } from './extra-kinds.js';
export { Importer, type ImporterOptions, type ImporterState } from './importer.js';
export {
  PrimaryProducer,
  type PrimaryProducerOptions,
  type PrimaryProducerState,
} from './primary-producer.js';
export {
  Recycler,
  type RecyclerOptions,
  type RecyclerState,
  type RecyclingFactors,
} from './recycler.js';
export {
  type ProductType,
  StockDrivenMaker,
  type StockDrivenMakerOptions,
  type StockDrivenMakerState,
} from './stock-driven-maker.js';
