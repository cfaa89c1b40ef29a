import { describe, expect, it } from 'vitest';
import { type IndexBarChartInput, indexBarChart } from './index-bar-chart.js';
import { yTickLabels } from './y-axis.test-support.js';

function input(overrides: Partial<IndexBarChartInput> = {}): IndexBarChartInput {
  return {
    title: 'Sobol’ indices <deficit>',
    yLabel: 'Index & share',
    groups: [
      {
        label: 'SCP',
        values: [
          { name: 'S1', estimate: 0.4, interval: [0.35, 0.46] },
          { name: 'ST', estimate: 0.5, interval: [0.47, 0.55] },
        ],
      },
      {
        label: 'SPR',
        values: [
          { name: 'S1', estimate: 0.2, interval: null },
          { name: 'ST', estimate: 0.3 },
        ],
      },
    ],
    ...overrides,
  };
}

function barFills(svg: string): string[] {
  return [...svg.matchAll(/<rect [^>]*fill="(#[0-9A-F]+)"><title>/g)].map((m) => m[1] ?? '');
}

describe('indexBarChart', () => {
  it('draws a bar per value, coloured by name, and a whisker per interval given', () => {
    const svg = indexBarChart(input());

    expect(barFills(svg)).toEqual(['#0072B2', '#E69F00', '#0072B2', '#E69F00']);
    expect(svg.match(/<path class="whisker"/g)).toHaveLength(2);
    expect(svg).toContain('>Confidence interval</text>');
  });

  it('leaves no whisker or whisker legend when every interval is null or absent', () => {
    const groups = [{ label: 'SCP', values: [{ name: 'μ*', estimate: 3, interval: null }] }];

    const svg = indexBarChart(input({ groups }));

    expect(svg).not.toContain('whisker');
    expect(svg).not.toContain('Confidence interval');
  });

  it('has an accessible title and labels, escaped', () => {
    const groups = [{ label: '<i>SCP</i>', values: [{ name: 'S"1"', estimate: 0.1 }] }];

    const svg = indexBarChart(input({ groups }));

    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*><title>Sobol’ indices &lt;deficit&gt;/);
    expect(svg).toContain('>Index &amp; share</text>');
    expect(svg).toContain('&lt;i&gt;SCP&lt;/i&gt;');
    expect(svg).toContain('S&quot;1&quot;');
    expect(svg).not.toContain('<i>');
  });

  it('hangs a negative estimate below the zero line', () => {
    const groups = [{ label: 'x', values: [{ name: 'S1', estimate: -0.05, interval: [-0.1, 0] }] }];

    const svg = indexBarChart(input({ groups: groups as unknown as IndexBarChartInput['groups'] }));

    expect(svg).toContain('>−0.10</text>');
    const zeroY = Number(/<line [^>]*y1="([\d.]+)"[^>]*stroke="#333"\/>/.exec(svg)?.[1]);
    const barTop = Number(/<rect x="[\d.]+" y="([\d.]+)"/.exec(svg)?.[1]);
    expect(barTop).toBeCloseTo(zeroY, 1);
  });

  it('draws degenerate input without NaN: no groups, one group, all zeros', () => {
    const none = indexBarChart(input({ groups: [] }));
    const single = indexBarChart(
      input({ groups: [{ label: 'only', values: [{ name: 'S1', estimate: 0.7 }] }] }),
    );
    const zeros = indexBarChart(
      input({ groups: [{ label: 'z', values: [{ name: 'S1', estimate: 0, interval: [0, 0] }] }] }),
    );

    for (const svg of [none, single, zeros]) expect(svg).not.toContain('NaN');
    expect(none).toContain('No data');
  });

  it('wraps a long group label onto two lines instead of cutting it', () => {
    const groups = [
      { label: 'End-of-life recycling rate', values: [{ name: 'S1', estimate: 0.1 }] },
      ...Array.from({ length: 4 }, (_, i) => ({
        label: `f${i}`,
        values: [{ name: 'S1', estimate: 0.1 }],
      })),
    ];

    const svg = indexBarChart(input({ groups }));

    expect(svg).toContain('>End-of-life</text>');
    expect(svg).toContain('>recycling rate</text>');
  });

  it('gives the same string for the same input', () => {
    expect(indexBarChart(input())).toBe(indexBarChart(input()));
  });

  it('rejects an interval whose lower end exceeds its upper end', () => {
    const groups = [{ label: 'x', values: [{ name: 'S1', estimate: 0.1, interval: [0.2, 0] }] }];

    expect(() =>
      indexBarChart(input({ groups: groups as unknown as IndexBarChartInput['groups'] })),
    ).toThrow(
      expect.objectContaining({
        code: 'E_INVALID_ARGUMENT',
        details: expect.objectContaining({ field: 'groups[0].values[0].interval' }),
      }),
    );
  });

  it('rejects a non-finite estimate', () => {
    const groups = [{ label: 'x', values: [{ name: 'S1', estimate: Number.POSITIVE_INFINITY }] }];

    expect(() => indexBarChart(input({ groups }))).toThrow(
      expect.objectContaining({ code: 'E_NON_FINITE' }),
    );
  });

  it('reaches only a step below zero for an interval that dips a little under it', () => {
    // Sobol' intervals often start a hundredth below zero; the axis went down to −0.5.
    const groups = [
      { label: 'a', values: [{ name: 'S1', estimate: 0.01, interval: [-0.02, 0.04] as const }] },
      { label: 'b', values: [{ name: 'ST', estimate: 0.9 }] },
    ];

    const ticks = yTickLabels(indexBarChart(input({ groups }))).map((t) => t.text);

    expect(ticks[0]).toBe('−0.2');
    expect(ticks.at(-1)).toBe('1.0');
  });
});
