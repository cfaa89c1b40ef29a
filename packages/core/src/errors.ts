/**
 * The base of every error Orebus throws. `code` is stable across versions, so callers and tests
 * branch on it rather than on message text; `details` carries the offending values as data.
 */
export class OrebusError extends Error {
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: string,
    message: string,
    details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

/** A caller passed an argument outside what the function accepts. */
export class InvalidArgumentError extends OrebusError {
  constructor(field: string, value: unknown, allowed: string) {
    super(
      'E_INVALID_ARGUMENT',
      `${field} = ${formatValue(value)} is not allowed: expected ${allowed}`,
      { field, value, allowed },
    );
  }
}

/** A number that must be finite was NaN or infinite. */
export class NonFiniteNumberError extends OrebusError {
  constructor(field: string, value: number, where: string) {
    super('E_NON_FINITE', `${where}: ${field} is ${String(value)}; every number must be finite`, {
      field,
      value,
      where,
    });
  }
}

/** Renders a value for an error message: short, and unambiguous about strings. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null)
    return String(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
