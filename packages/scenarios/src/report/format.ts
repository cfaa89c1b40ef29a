/**
 * Number formatting for the report, independent of the host's locale so that the page is the
 * same string on every machine: `,` groups thousands, `.` marks decimals, `−` (U+2212) is the
 * minus sign.
 */

/** Formats `value` with exactly `decimals` decimal places and grouped thousands. */
export function formatFixed(value: number, decimals: number): string {
  const rounded = Math.abs(value).toFixed(decimals);
  const [whole = '0', fraction] = rounded.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const isZero = Number(rounded) === 0;
  const sign = value < 0 && !isZero ? '−' : '';
  return sign + grouped + (fraction === undefined ? '' : '.' + fraction);
}

/**
 * The number of decimal places that tick labels `step` apart need so that neighbours differ;
 * a step of 0.25 needs two, a step of 50 none.
 */
export function decimalsForStep(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) return 0;
  for (let decimals = 0; decimals < 12; decimals += 1) {
    const scaled = step * 10 ** decimals;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * scaled) return decimals;
  }
  return 12;
}

/**
 * Formats a measured quantity for a table: whole numbers with grouping from 1 000 up, four
 * significant digits below.
 */
export function formatQuantity(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return formatFixed(value, 0);
  if (value === 0) return '0';
  const decimals = Math.max(0, 3 - Math.floor(Math.log10(Math.abs(value))));
  return formatFixed(value, decimals)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
}

/** Formats a ratio as a signed percentage with one decimal, e.g. `+2.6 %` or `−14.0 %`. */
export function formatSignedPercent(ratio: number): string {
  const text = formatFixed(ratio * 100, 1);
  const sign = text.startsWith('−') || Number(text.replace(/,/g, '')) === 0 ? '' : '+';
  return `${sign}${text}\u00a0%`;
}

/**
 * Formats a calendar year: whole years as they are written (`2051`, no thousands separator), a
 * fractional one (a percentile between two runs' years) with one decimal.
 */
export function formatYear(value: number): string {
  const text = Number.isInteger(value) ? String(Math.abs(value)) : Math.abs(value).toFixed(1);
  return value < 0 ? `−${text}` : text;
}
