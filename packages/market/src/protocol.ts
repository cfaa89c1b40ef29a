import { defineProtocol } from '@orebus/core';
import { z } from 'zod';

// Every message names its metal, so that several markets can share one bus; every mass is in
// tonnes of the metal itself (t Li for lithium), never of a compound.

const metal = z.string().min(1);
const tonnes = z.number().nonnegative();

/** The market quoted this year's price `P_t` (eqs. 12–14). */
export const PriceQuotedSchema = z.object({
  metal,
  /** Price units per tonne of metal. */
  price: z.number().positive(),
  /** `ECP_t`, the cost factor of (13); 1 in the first year. */
  costFactor: z.number(),
  /** `ERP_t`, the supply–demand factor of (14); 1 in the first year. */
  ratioFactor: z.number(),
});

/** A demand agent posted this year's demand: the metal it puts into new products. */
export const DemandPostedSchema = z.object({
  metal,
  /** Product group, e.g. `EV` or `ESS`. */
  product: z.string().min(1),
  /** Metal demanded, equal to the metal put into the in-use stock this year; t. */
  tonnes,
  /** New product units put into use (vehicles, kWh, ...). */
  newUnits: z.number().nonnegative(),
  /** Unit of `newUnits` and `stockUnits`. */
  unit: z.string(),
  /** Battery capacity put into use this year, kWh. */
  energyKWh: z.number().nonnegative(),
  /** Units in use at the end of the year. */
  stockUnits: z.number().nonnegative(),
});

/** Products reached end of life this year; the recycler listens. */
export const ProductsRetiredSchema = z.object({
  metal,
  product: z.string().min(1),
  /** Metal in all retired products, t (normal and early retirements). */
  tonnes,
  /** Part of `tonnes` retired early because the stock fell faster than retirements. */
  earlyTonnes: tonnes,
  /** Product units retired. */
  units: z.number().nonnegative(),
});

/** Where an offer comes from. */
export const SupplySourceSchema = z.enum(['primary', 'recycled', 'import']);
export type SupplySource = z.infer<typeof SupplySourceSchema>;

/** A supplier offered this year's quantity. */
export const SupplyOfferedSchema = z.object({
  metal,
  source: SupplySourceSchema,
  /** Quantity offered, t; net imports may be negative. */
  tonnes: z.number(),
  /** Unit cost at this output, price units per tonne (primary producers only). */
  unitCost: z.number().positive().optional(),
});

/** An interaction rule restricted a source this year: offers from it shrink by `share`. */
export const SupplyRestrictedSchema = z.object({
  metal,
  source: SupplySourceSchema,
  /** Fraction removed, 0–1. */
  share: z.number().min(0).max(1),
  /** Id of the rule that imposed it. */
  rule: z.string().min(1),
});

/**
 * An interaction rule scaled this year's demand as the market sees it: the market's `D_t` is
 * the sum of the demands posted times `factor` (times every factor published that year); with
 * `product`, only that product's demands are scaled. The demand agents' own flows and stocks are
 * untouched.
 */
export const DemandScaledSchema = z.object({
  metal,
  /** Multiplier of the year's demand; positive and finite. */
  factor: z.number().positive(),
  /** Id of the rule that imposed it. */
  rule: z.string().min(1),
  /**
   * The product (a `DemandPosted.product`) whose demand the factor scales; all of the metal's
   * demand when left out.
   */
  product: z.string().min(1).optional(),
});

/** The market cleared the year (eqs. 16–18) and reports the totals. */
export const MarketClearedSchema = z.object({
  metal,
  price: z.number().positive(),
  /** `Q_t`, t. */
  supply: z.number(),
  /** `D_t`, t. */
  demand: z.number().nonnegative(),
  /** `R_t = Q_t / D_t`; null when demand is zero. */
  ratio: z.number().nullable(),
  /** `Q_t − D_t`, t. */
  balance: z.number(),
  /** `K_t`, the primary offers, t. */
  primary: z.number(),
  /** `RLi_t`, the recycled offers, t. */
  recycled: z.number(),
  /** `NIM_t`, the import offers, t. */
  netImports: z.number(),
  /** `Cbar_t`, price units per tonne; null with no primary producer. */
  meanUnitCost: z.number().nullable(),
});

/** The message kinds of a metal market. */
export const marketProtocol = defineProtocol({
  PriceQuoted: PriceQuotedSchema,
  DemandPosted: DemandPostedSchema,
  ProductsRetired: ProductsRetiredSchema,
  SupplyOffered: SupplyOfferedSchema,
  SupplyRestricted: SupplyRestrictedSchema,
  DemandScaled: DemandScaledSchema,
  MarketCleared: MarketClearedSchema,
});

export type PriceQuoted = z.infer<typeof PriceQuotedSchema>;
export type DemandPosted = z.infer<typeof DemandPostedSchema>;
export type ProductsRetired = z.infer<typeof ProductsRetiredSchema>;
export type SupplyOffered = z.infer<typeof SupplyOfferedSchema>;
export type SupplyRestricted = z.infer<typeof SupplyRestrictedSchema>;
export type DemandScaled = z.infer<typeof DemandScaledSchema>;
export type MarketCleared = z.infer<typeof MarketClearedSchema>;

/** The message map of a metal market, kernel kinds included. */
export type MarketMessages = typeof marketProtocol extends { schemas: infer S }
  ? { [K in keyof S]: S[K] extends z.ZodType<infer T> ? T : never }
  : never;

/** The phases of a market tick, in order (MODEL.md section 2). */
export const MARKET_PHASES = ['quote', 'demand', 'supply', 'clear', 'record'] as const;
export type MarketPhase = (typeof MARKET_PHASES)[number];
