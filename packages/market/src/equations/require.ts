import { InvalidArgumentError, NonFiniteNumberError } from '@orebus/core';

// Argument checks shared by the equations. Internal: not part of the package's public API.

/** Returns `value` if it is finite; otherwise throws NonFiniteNumberError naming `field`. */
export function requireFinite(field: string, value: number, where: string): number {
  if (!Number.isFinite(value)) throw new NonFiniteNumberError(field, value, where);
  return value;
}

/**
 * Returns `value` if it is finite and `isAllowed(value)` holds; otherwise throws
 * NonFiniteNumberError or InvalidArgumentError, the latter saying `allowed`.
 */
export function requireNumber(
  field: string,
  value: number,
  where: string,
  allowed: string,
  isAllowed: (value: number) => boolean,
): number {
  requireFinite(field, value, where);
  if (!isAllowed(value)) throw new InvalidArgumentError(field, value, allowed);
  return value;
}

export const isPositive = (value: number): boolean => value > 0;
export const isNonNegative = (value: number): boolean => value >= 0;
