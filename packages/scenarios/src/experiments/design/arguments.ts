// Argument checks and small numeric helpers shared by the designs and estimators. Internal: not
// listed in index.ts.

import { InvalidArgumentError, NonFiniteNumberError, type Random } from '@orebus/core';

/** Refuses anything but an integer in [min, max]. */
export function requireInteger(field: string, value: number, min: number, max = 2 ** 31): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(field, value, `an integer from ${min} to ${max}`);
  }
}

/** Refuses an entry that is NaN or infinite, naming its index so the run can be found again. */
export function requireFiniteEntries(
  field: string,
  values: ArrayLike<number>,
  where: string,
): void {
  for (let row = 0; row < values.length; row++) {
    const value = values[row] as number;
    if (!Number.isFinite(value)) throw new NonFiniteNumberError(`${field}[${row}]`, value, where);
  }
}

/**
 * A uniform draw in the open interval (0, 1): `random.next()`, drawn again on an exact 0 (which
 * happens with probability 2^-53), so that inverse CDFs of unbounded distributions stay finite.
 */
export function openUniform(random: Random): number {
  for (;;) {
    const u = random.next();
    if (u > 0) return u;
  }
}

const bits = new Float64Array(1);
const word = new BigInt64Array(bits.buffer);

/** The next double towards zero from a positive finite `x`. */
export function nextDown(x: number): number {
  bits[0] = x;
  word[0] = (word[0] as bigint) - 1n;
  return bits[0] as number;
}

/** The next double away from zero from a positive finite `x`. */
export function nextUp(x: number): number {
  bits[0] = x;
  word[0] = (word[0] as bigint) + 1n;
  return bits[0] as number;
}
