import { describe, expect, it } from 'vitest';
import {
  decimalsForStep,
  formatFixed,
  formatQuantity,
  formatSignedPercent,
  formatYear,
} from './format.js';

describe('report number formatting', () => {
  it('groups thousands and uses a true minus sign, whatever the host locale', () => {
    expect(formatFixed(1234567.891, 2)).toBe('1,234,567.89');
    expect(formatFixed(-8714.25, 0)).toBe('−8,714');
    expect(formatFixed(-0.004, 2)).toBe('0.00');
  });

  it('gives tick labels as many decimals as their step needs', () => {
    expect(decimalsForStep(50)).toBe(0);
    expect(decimalsForStep(0.2)).toBe(1);
    expect(decimalsForStep(0.05)).toBe(2);
  });

  it('writes table quantities with four significant digits below 1 000', () => {
    expect(formatQuantity(20.41)).toBe('20.41');
    expect(formatQuantity(19.873)).toBe('19.87');
    expect(formatQuantity(20_410_000)).toBe('20,410,000');
    expect(formatQuantity(-0.54)).toBe('−0.54');
  });

  it('signs percentages', () => {
    expect(formatSignedPercent(-0.0264)).toBe('−2.6\u00a0%');
    expect(formatSignedPercent(0.1)).toBe('+10.0\u00a0%');
    expect(formatSignedPercent(0)).toBe('0.0\u00a0%');
  });

  it('writes a year without a thousands separator, a fractional one with one decimal', () => {
    expect(formatYear(2051)).toBe('2051');
    expect(formatYear(2047.5)).toBe('2047.5');
    expect(formatYear(-44)).toBe('−44');
  });
});
