import { isNonNegative, requireFiniteAt, requireNumber } from './require.js';

/** What the market totals at the clear step: the year's offers and demand, t Li. */
export interface ClearingInputs {
  /**
   * Offers of the year in t Li: primary output, recycled lithium, net imports. An offer may
   * be negative (net imports of a net exporter); it is summed as given.
   */
  readonly offers: readonly number[];
  /** Total demand `D_t`, t Li, eq. (18); non-negative. */
  readonly demand: number;
}

/** The totals of one clearing, t Li except the ratio. */
export interface Clearing {
  /** Total supply `Q_t`, eq. (17): the sum of the offers in their given order. */
  readonly supply: number;
  /** Total demand `D_t`, eq. (18). */
  readonly demand: number;
  /**
   * Supply–demand ratio `R_t = Q_t / D_t`, dimensionless; null when `D_t = 0`. Null rather
   * than Infinity, which is not finite, or 1, which would invent a balance: the price update
   * takes `D_{t−1} = 0` as its cue to set `ERP = 1` and never reads the ratio then.
   */
  readonly ratio: number | null;
  /** Balance `Q_t − D_t`; positive in surplus, negative in deficit. */
  readonly balance: number;
}

/**
 * Totals of the clear step of the tick (MODEL.md section 2, step 4): supply (17), demand
 * (18), their ratio and balance. Pure: reads only its arguments and mutates neither.
 *
 * @throws NonFiniteNumberError if an offer or the demand is NaN or infinite.
 * @throws InvalidArgumentError if the demand is negative.
 */
export function clearMarket(inputs: ClearingInputs): Clearing {
  const { offers, demand } = inputs;
  const where = 'clearMarket (eqs. 17-18)';
  requireNumber('demand', demand, where, 'a demand >= 0 t Li', isNonNegative);

  let supply = 0;
  for (let i = 0; i < offers.length; i++) supply += requireFiniteAt('offers', offers, i, where);
  return { supply, demand, ratio: demand === 0 ? null : supply / demand, balance: supply - demand };
}
