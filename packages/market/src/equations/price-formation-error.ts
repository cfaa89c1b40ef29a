import { OrebusError } from '@orebus/core';

/** The inputs and intermediate factors of one price update, as carried by the error. */
export interface PriceFormationDetails {
  /** Year of the price being formed, if the caller gave it. */
  readonly year: number | undefined;
  readonly previousPrice: number;
  readonly meanCost: number;
  readonly previousRatio: number | null;
  readonly previousDemand: number;
  readonly SCP: number;
  readonly SPR: number;
  readonly ecp: number;
  readonly erp: number;
  readonly price: number;
}

/**
 * The price update (12)–(14) gave a price that is NaN, infinite, zero or negative.
 *
 * Code `E_PRICE`. The message names the tick and every input; `details` carries them as data.
 * A guard, not a clamp: the model does not invent a price the equations did not give.
 */
export class PriceFormationError extends OrebusError {
  constructor(details: PriceFormationDetails) {
    const tick = details.year === undefined ? 'the price of an unnamed year' : `P_${details.year}`;
    super(
      'E_PRICE',
      `price formation (eqs. 12-14) gave ${tick} = ${String(details.price)}, which is not ` +
        `a finite positive price; inputs: P_{t-1} = ${String(details.previousPrice)}, ` +
        `Cbar_{t-1} = ${String(details.meanCost)}, R_{t-1} = ${String(details.previousRatio)}, ` +
        `D_{t-1} = ${String(details.previousDemand)}, SCP = ${String(details.SCP)}, ` +
        `SPR = ${String(details.SPR)}; factors: ECP = ${String(details.ecp)}, ` +
        `ERP = ${String(details.erp)}. ECP stays positive when 0 <= SCP < 1 and the mean cost ` +
        'is positive; ERP stays finite when the supply of the year before was positive. ' +
        'Check those parameters and series.',
      { ...details },
    );
  }
}
