import { InvalidArgumentError } from '../errors.js';

// Argument checks shared by the dynamics modules. Each throws InvalidArgumentError naming the
// field, so a caller learns which argument to fix without reading the stack.

export function requireFinite(field: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidArgumentError(field, value, 'a finite number');
  }
  return value;
}

export function requirePositive(field: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(field, value, 'a finite number greater than 0');
  }
  return value;
}

export function requireNonNegative(field: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(field, value, 'a finite number of at least 0');
  }
  return value;
}

export function requireInteger(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(field, value, `an integer from ${min} to ${max}`);
  }
  return value;
}
