import { InvalidArgumentError } from '@orebus/core';
import { PriceFormationError } from './price-formation-error.js';
import { isNonNegative, isPositive, requireNumber } from './require.js';

/** What the price update (12)–(14) reads: the state of year `t−1` and two parameters. */
export interface PriceUpdateInputs {
  /** `P_{t−1}`, price units per tonne; strictly positive. */
  readonly previousPrice: number;
  /** `Cbar_{t−1}`, mean unit cost of the primary producers at their year `t−1` outputs. */
  readonly meanCost: number;
  /** `R_{t−1} = Q_{t−1} / D_{t−1}`; null, as clearMarket gives it, when `D_{t−1} = 0`. */
  readonly previousRatio: number | null;
  /** `D_{t−1}`, t Li; zero switches the scarcity factor off. */
  readonly previousDemand: number;
  /** Sensitivity of price to cost, (13); non-negative, below 1 to keep ECP positive. */
  readonly SCP: number;
  /** Sensitivity of price to the supply–demand ratio, (14); non-negative. */
  readonly SPR: number;
  /** The year `t` of the price being formed; used only to name the tick in an error. */
  readonly year?: number;
}

/** A price and the two factors that made it. */
export interface PriceUpdate {
  /** `P_t`, price units per tonne; finite and strictly positive. */
  readonly price: number;
  /** Cost factor `ECP_t`, (13). */
  readonly ecp: number;
  /** Scarcity factor `ERP_t`, (14); exactly 1 when `D_{t−1} = 0`. */
  readonly erp: number;
}

/**
 * Market price of year `t` from the state of year `t−1`, eqs. (12)–(14):
 * `P_t = P_{t−1}·ECP_t·ERP_t`, `ECP_t = 1 + SCP·(Cbar_{t−1} / P_{t−1} − 1)`,
 * `ERP_t = (1 / R_{t−1})^SPR`.
 *
 * Guards of MODEL.md section 3: when `D_{t−1} = 0` the ratio is undefined and `ERP_t = 1`;
 * a price that comes out NaN, infinite, zero or negative is thrown, never returned. The
 * update applies from the second model year on; the first year quotes `P0`.
 *
 * @throws PriceFormationError (code `E_PRICE`) if the price is not finite and positive, for
 *   instance when `SCP ≥ 1` drives ECP to zero or the supply of `t−1` was zero.
 * @throws InvalidArgumentError or NonFiniteNumberError if `previousPrice` is not positive,
 *   `previousDemand` is negative, `SCP` or `SPR` is negative or not finite, or the ratio is
 *   null while demand is positive.
 */
export function priceUpdate(inputs: PriceUpdateInputs): PriceUpdate {
  const { previousPrice, meanCost, previousRatio, previousDemand, SCP, SPR, year } = inputs;
  const where = year === undefined ? 'priceUpdate (eqs. 12-14)' : `priceUpdate for ${year}`;
  requireNumber('previousPrice', previousPrice, where, 'a price > 0', isPositive);
  requireNumber('previousDemand', previousDemand, where, 'a demand >= 0 t Li', isNonNegative);
  requireNumber('SCP', SCP, where, 'SCP >= 0', isNonNegative);
  requireNumber('SPR', SPR, where, 'SPR >= 0', isNonNegative);
  if (previousDemand > 0 && previousRatio === null) {
    throw new InvalidArgumentError('previousRatio', previousRatio, 'a ratio when demand > 0');
  }

  const ecp = 1 + SCP * (meanCost / previousPrice - 1);
  const erp = previousDemand === 0 || previousRatio === null ? 1 : (1 / previousRatio) ** SPR;
  const price = previousPrice * ecp * erp;

  // meanCost and the ratio are not checked above: they reach the price only through these
  // lines, and the error names them all. NaN fails `price > 0`.
  if (!(Number.isFinite(price) && price > 0)) {
    throw new PriceFormationError({
      year,
      previousPrice,
      meanCost,
      previousRatio,
      previousDemand,
      SCP,
      SPR,
      ecp,
      erp,
      price,
    });
  }
  return { price, ecp, erp };
}
