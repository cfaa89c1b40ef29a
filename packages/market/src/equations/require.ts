import { InvalidArgumentError, NonFiniteNumberError } from '@orebus/core';

// Argument checks shared by the equations. Internal: not part of the package's public API.

/** Returns `value` if it is finite; otherwise throws NonFiniteNumberError naming `field`. */
export function requireFinite(field: string, value: number, where: string): number {
  if (!Number.isFinite(value)) throw new NonFiniteNumberError(field, value, where);
  return value;
}

/**
 * `requireFinite` for the element `i` of `values`, the field named `name[i]`. The name is built
 * only for the error: these checks run for every offer, cost and weight of every year, and
 * building it each time made a string a check.
 */
export function requireFiniteAt(
  name: string,
  values: readonly number[],
  i: number,
  where: string,
): number {
  const value = values[i]!;
  if (!Number.isFinite(value)) requireFinite(`${name}[${i}]`, value, where);
  return value;
}

/** `requireNumber` for the element `i` of `values`, the field named `name[i]`; see `requireFiniteAt`. */
export function requireNumberAt(
  name: string,
  values: readonly number[],
  i: number,
  where: string,
  allowed: string,
  isAllowed: (value: number) => boolean,
): number {
  const value = values[i]!;
  if (!(Number.isFinite(value) && isAllowed(value))) {
    requireNumber(`${name}[${i}]`, value, where, allowed, isAllowed);
  }
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
