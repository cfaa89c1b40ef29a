import { NonFiniteNumberError } from '../errors.js';

/**
 * Throws `NonFiniteNumberError` naming the first NaN or infinite number in `value`, with its
 * path (`offers[2].tonnesLi`). Walks plain objects and arrays only; cost is one visit per field.
 */
export function assertFinite(value: unknown, where: string, path = ''): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new NonFiniteNumberError(path || '(value)', value, where);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) assertFinite(value[i], where, `${path}[${i}]`);
    return;
  }
  for (const key in value) {
    assertFinite((value as Record<string, unknown>)[key], where, path ? `${path}.${key}` : key);
  }
}

/**
 * Whether every number in `value` is finite; the same walk as `assertFinite` without building
 * a path or a message, for the bus's per-publish check. Internal: not exported from the package.
 */
export function isAllFinite(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isAllFinite(value[i])) return false;
    return true;
  }
  // Fields are mostly numbers and strings: test those here rather than in a call each.
  for (const key in value) {
    const field = (value as Record<string, unknown>)[key];
    if (typeof field === 'number') {
      if (!Number.isFinite(field)) return false;
    } else if (typeof field === 'object' && field !== null && !isAllFinite(field)) {
      return false;
    }
  }
  return true;
}
