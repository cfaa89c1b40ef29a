import { describe, expect, it } from 'vitest';
import { type LineChartOptions, lineChart } from './line-chart.js';
import { clearOfAxisLabel, yTickLabels } from './y-axis.test-support.js';

const years = [2023, 2024, 2025, 2026];

function options(overrides: Partial<LineChartOptions> = {}): LineChartOptions {
  return {
    title: 'Supply <S1-D1>',
    xLabel: 'Year',
    yLabel: 'kt Li / year',
    years,
    series: [
      { name: 'Supply', values: [1, 3, 2, 4], colour: '#0072B2' },
      { name: 'Demand', values: [2, 2, 3, 3], colour: '#D55E00', dash: '6 3' },
    ],
    width: 400,
    height: 250,
    ...overrides,
  };
}

describe('lineChart', () => {
  it('has an accessible title and both axis labels, escaped', () => {
    const svg = lineChart(options());

    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*><title>Supply &lt;S1-D1&gt;<\/title>/);
    expect(svg).toContain('>Year</text>');
    expect(svg).toContain('>kt Li / year</text>');
    expect(svg).not.toContain('<S1-D1>');
  });

  it('draws one polyline per series with a point per year', () => {
    const svg = lineChart(options());

    const polylines = [...svg.matchAll(/<polyline points="([^"]*)"/g)];
    expect(polylines).toHaveLength(2);
    for (const [, points] of polylines) expect(points?.split(' ')).toHaveLength(years.length);
  });

  it('shades each run of surplus and deficit once, split where the curves cross', () => {
    const gap = {
      a: [1, 3, 2, 4],
      b: [2, 2, 3, 3],
      aboveColour: '#0072B2',
      belowColour: '#D55E00',
      aboveLabel: 'Surplus',
      belowLabel: 'Deficit',
    };

    const svg = lineChart(options({ gap }));

    // a − b = −1, +1, −1, +1: four runs, alternating, each cut at a crossing.
    const fills = [...svg.matchAll(/<polygon [^>]*fill="(#[0-9A-F]+)"/g)].map((m) => m[1]);
    expect(fills).toEqual(['#D55E00', '#0072B2', '#D55E00', '#0072B2']);
  });

  it('draws degenerate data without NaN: one year, no years, all zeros', () => {
    const single = lineChart(
      options({ years: [2023], series: [{ name: 'x', values: [5], colour: '#000' }] }),
    );
    const empty = lineChart(options({ years: [], series: [] }));
    const zeros = lineChart(
      options({ series: [{ name: 'x', values: [0, 0, 0, 0], colour: '#000' }] }),
    );

    for (const svg of [single, empty, zeros]) expect(svg).not.toContain('NaN');
    expect(single).toContain('<circle');
    expect(empty).toContain('No data');
  });

  it('puts negative values below a zero line', () => {
    const svg = lineChart(
      options({ series: [{ name: 'x', values: [-5, -2, 1, 3], colour: '#000' }] }),
    );

    expect(svg).toContain('stroke="#888"');
    expect(svg).toContain('>−6</text>');
  });

  it('widens its left margin for wide tick labels, so they clear the axis label', () => {
    const small = lineChart(options());
    const wide = lineChart(
      options({ series: [{ name: 'Price', values: [1e8, 3e8, 8e8, 5e8], colour: '#000' }] }),
    );

    expect(yTickLabels(wide).map((t) => t.text)).toContain('800,000,000');
    expect(clearOfAxisLabel(wide)).toBe(true);
    expect(clearOfAxisLabel(small)).toBe(true);
    expect(yTickLabels(wide)[0]!.end).toBeGreaterThan(yTickLabels(small)[0]!.end);
  });
});
