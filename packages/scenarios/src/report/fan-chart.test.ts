import { describe, expect, it } from 'vitest';
import { type FanChartInput, fanChart } from './fan-chart.js';
import { clearOfAxisLabel, yTickLabels } from './y-axis.test-support.js';

const years = [2023, 2024, 2025, 2026];

function input(overrides: Partial<FanChartInput> = {}): FanChartInput {
  return {
    title: 'Supply <ensemble>',
    yLabel: 'kt Li & year',
    years,
    // Inner band first, to show that the order of drawing does not follow the input.
    bands: [
      { lower: 25, upper: 75, values: { lower: [9, 10, 11, 12], upper: [11, 12, 13, 14] } },
      { lower: 5, upper: 95, values: { lower: [8, 8, 9, 9], upper: [12, 14, 15, 17] } },
    ],
    median: [10, 11, 12, 13],
    ...overrides,
  };
}

function bandTitles(svg: string): string[] {
  return [...svg.matchAll(/<polygon class="band" [^>]*><title>([^<]*)</g)].map((m) => m[1] ?? '');
}

function bandFills(svg: string): string[] {
  return [...svg.matchAll(/<polygon class="band" [^>]*fill="(#[0-9A-F]{6})"/g)].map(
    (m) => m[1] ?? '',
  );
}

function lightness(hex: string): number {
  return [1, 3, 5].reduce((sum, i) => sum + Number.parseInt(hex.slice(i, i + 2), 16), 0);
}

describe('fanChart', () => {
  it('draws the widest band first, so inner bands lie on top', () => {
    const svg = fanChart(input());

    expect(bandTitles(svg)).toEqual(['5–95th percentile', '25–75th percentile']);
  });

  it('shades outer bands lighter than inner ones', () => {
    const [outer = '', inner = ''] = bandFills(fanChart(input()));

    expect(lightness(outer)).toBeGreaterThan(lightness(inner));
  });

  it('draws the median over the bands, and the reference with a legend entry', () => {
    const reference = { name: 'Deterministic <run>', values: [10, 10, 10, 10] };

    const svg = fanChart(input({ reference }));

    expect(svg.lastIndexOf('<polygon')).toBeLessThan(svg.indexOf('<polyline'));
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg).toContain('>Median</text>');
    expect(svg).toContain('>Deterministic &lt;run&gt;</text>');
  });

  it('has an accessible title and axis labels, escaped', () => {
    const svg = fanChart(input());

    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*><title>Supply &lt;ensemble&gt;<\/title>/);
    expect(svg).toContain('>kt Li &amp; year</text>');
    expect(svg).toContain('>Year</text>');
    expect(svg).not.toContain('<ensemble>');
  });

  it('labels the y ticks with formatY when given', () => {
    const svg = fanChart(input({ formatY: (v) => `${v} kt` }));

    expect(svg).toContain('>10 kt</text>');
  });

  it('draws degenerate input without NaN: equal bands, one year, no years, negatives', () => {
    const flat = [5, 5, 5, 5];
    const equal = fanChart(
      input({
        bands: [{ lower: 5, upper: 95, values: { lower: flat, upper: flat } }],
        median: flat,
      }),
    );
    const zeros = fanChart(
      input({
        bands: [{ lower: 5, upper: 95, values: { lower: [0, 0, 0, 0], upper: [0, 0, 0, 0] } }],
        median: [0, 0, 0, 0],
      }),
    );
    const single = fanChart(
      input({
        years: [2030],
        bands: [{ lower: 5, upper: 95, values: { lower: [1], upper: [3] } }],
        median: [2],
      }),
    );
    const empty = fanChart(input({ years: [], bands: [], median: [] }));
    const negative = fanChart(
      input({
        bands: [{ lower: 5, upper: 95, values: { lower: [-9, -8, -7, -6], upper: [1, 2, 3, 4] } }],
        median: [-4, -3, -2, -1],
      }),
    );

    for (const svg of [equal, zeros, single, empty, negative]) expect(svg).not.toContain('NaN');
    expect(single).toMatch(/<polygon class="band" points="[^"]+ [^"]+ [^"]+ [^"]+"/);
    expect(empty).toContain('No data');
    expect(negative).toContain('>−10</text>');
  });

  it('gives the same string for the same input', () => {
    expect(fanChart(input())).toBe(fanChart(input()));
  });

  it('rejects a band whose lower values exceed its upper ones', () => {
    const bands = [{ lower: 5, upper: 95, values: { lower: [1, 5, 1, 1], upper: [2, 4, 2, 2] } }];

    expect(() => fanChart(input({ bands }))).toThrow(
      expect.objectContaining({
        code: 'E_INVALID_ARGUMENT',
        details: expect.objectContaining({ field: 'bands[0].values.lower[1]' }),
      }),
    );
  });

  it('rejects percentiles out of order and arrays of the wrong length', () => {
    const reversed = [
      { lower: 95, upper: 5, values: { lower: [1, 1, 1, 1], upper: [2, 2, 2, 2] } },
    ];

    expect(() => fanChart(input({ bands: reversed }))).toThrow(
      expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }),
    );
    expect(() => fanChart(input({ median: [1, 2, 3] }))).toThrow(
      expect.objectContaining({
        code: 'E_INVALID_ARGUMENT',
        details: expect.objectContaining({ field: 'median' }),
      }),
    );
  });

  it('rejects a non-finite value', () => {
    expect(() => fanChart(input({ median: [1, Number.NaN, 3, 4] }))).toThrow(
      expect.objectContaining({ code: 'E_NON_FINITE' }),
    );
  });

  it('widens its left margin for wide tick labels, so they clear the axis label', () => {
    const small = fanChart(input());
    const wide = fanChart(input({ median: [1e8, 3e8, 8e8, 5e8], bands: [] }));

    expect(yTickLabels(wide).map((t) => t.text)).toContain('800,000,000');
    expect(clearOfAxisLabel(wide)).toBe(true);
    expect(clearOfAxisLabel(small)).toBe(true);
    expect(yTickLabels(wide)[0]!.end).toBeGreaterThan(yTickLabels(small)[0]!.end);
  });

  it('draws a log axis by itself when positive values spread over three orders of magnitude', () => {
    const runaway = input({
      median: [1e4, 2e4, 4e4, 3e4],
      bands: [
        {
          lower: 5,
          upper: 95,
          values: { lower: [9e3, 1e4, 2e4, 1e4], upper: [2e4, 1e6, 6e8, 1e7] },
        },
      ],
    });

    const svg = fanChart(runaway);

    expect(svg).toContain('>kt Li &amp; year (log scale)</text>');
    expect(yTickLabels(svg).map((t) => t.text)).toEqual([
      '1,000',
      '10,000',
      '100,000',
      '1,000,000',
      '10,000,000',
      '100,000,000',
      '1,000,000,000',
    ]);
    // Equal ratios lie at equal distances: 10⁴ is halfway between 10³ and 10⁵.
    const y = (text: string) =>
      Number(new RegExp(`<text x="[\\d.]+" y="([\\d.]+)"[^>]*>${text}<`).exec(svg)?.[1]);
    expect(y('10,000')).toBeCloseTo((y('1,000') + y('100,000')) / 2, 1);
  });

  it('keeps a linear axis from zero for a modest spread, a zero, or when asked', () => {
    const runaway = { lower: [9e3, 1e4, 2e4, 1e4], upper: [2e4, 1e6, 6e8, 1e7] };
    const modest = fanChart(input());
    const withZero = fanChart(
      input({
        median: [0, 1, 2, 3],
        bands: [
          { lower: 5, upper: 95, values: { lower: [0, 0, 0, 0], upper: [1, 1e4, 1e5, 1e6] } },
        ],
      }),
    );
    const asked = fanChart(
      input({
        scale: 'linear',
        median: [1e4, 2e4, 4e4, 3e4],
        bands: [{ lower: 5, upper: 95, values: runaway }],
      }),
    );

    for (const svg of [modest, withZero, asked]) {
      expect(svg).not.toContain('log scale');
      expect(yTickLabels(svg)[0]!.text).toBe('0');
    }
  });

  it('refuses a log axis asked for values that are not above zero', () => {
    expect(() => fanChart(input({ scale: 'log', median: [0, 1, 2, 3] }))).toThrow(
      expect.objectContaining({
        code: 'E_INVALID_ARGUMENT',
        message: expect.stringContaining('scale'),
      }),
    );
  });
});
