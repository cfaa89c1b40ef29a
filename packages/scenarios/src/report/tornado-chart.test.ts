import { describe, expect, it } from 'vitest';
import { type TornadoBar, type TornadoChartInput, tornadoChart } from './tornado-chart.js';

function bar(label: string, low: number, high: number): TornadoBar {
  return { label, low: { change: '−5 %', value: low }, high: { change: '+10 %', value: high } };
}

function input(overrides: Partial<TornadoChartInput> = {}): TornadoChartInput {
  return {
    title: 'Gap <2050>',
    unit: 'kt Li & more',
    base: 10,
    bars: [bar('small', 9, 11), bar('large', 4, 20), bar('one-sided', 12, 15)],
    ...overrides,
  };
}

function factorOrder(svg: string): string[] {
  return [...svg.matchAll(/<g class="factor"><title>([^<]*)<\/title>/g)].map((m) => m[1] ?? '');
}

describe('tornadoChart', () => {
  it('puts the factor with the largest swing on top, counting one-sided swings in full', () => {
    const svg = tornadoChart(input());

    // Swings: small 11 − 9 = 2, large 20 − 4 = 16, one-sided 15 − 10 = 5 (base to high).
    expect(factorOrder(svg)).toEqual(['large', 'one-sided', 'small']);
  });

  it('writes a year output as years: base, bar labels and ticks without a thousands separator', () => {
    const years = { base: 2051, bars: [bar('Eco', 2044, 2051), bar('SPR', 2049, 2050)] };

    const plain = tornadoChart(input(years));
    const asYears = tornadoChart(input({ ...years, years: true }));

    expect(plain).toContain('Base 2,051');
    expect(asYears).toContain('Base 2051');
    expect(asYears).toContain('>2044</text>');
    expect(asYears).not.toMatch(/2,0\d\d/);
  });

  it('keeps the input order of factors with equal swings', () => {
    const svg = tornadoChart(input({ bars: [bar('b', 9, 11), bar('a', 11, 9), bar('c', 8, 10)] }));

    expect(factorOrder(svg)).toEqual(['b', 'a', 'c']);
  });

  it('draws each bar from the base line to its value', () => {
    const svg = tornadoChart(input({ bars: [bar('f', 5, 15)] }));

    const baseX = Number(/<line class="base" x1="([\d.]+)"/.exec(svg)?.[1]);
    const start = svg.indexOf('<g class="factor">');
    const factor = svg.slice(start, svg.indexOf('</g>', start));
    const [low, high] = [...factor.matchAll(/<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)];
    const lowRight = Number(low?.[1]) + Number(low?.[2]);
    expect(lowRight).toBeCloseTo(baseX, 1);
    expect(Number(high?.[1])).toBeCloseTo(baseX, 1);
    // Changes of −5 and +5 around the base give bars of equal length on either side.
    expect(Number(low?.[2])).toBeGreaterThan(0);
    expect(Number(low?.[2])).toBeCloseTo(Number(high?.[2]), 1);
  });

  it('labels the values, the base, the unit and the changes in the legend', () => {
    const svg = tornadoChart(input());

    expect(svg).toContain('>20</text>');
    expect(svg).toContain('Base 10</text>');
    expect(svg).toContain('>kt Li &amp; more</text>');
    expect(svg).toContain('Low setting (−5 %)');
    expect(svg).toContain('High setting (+10 %)');
  });

  it('names the change beside each value when factors are changed by different amounts', () => {
    const bars = [bar('a', 9, 11), { ...bar('b', 8, 13), high: { change: '+20 %', value: 13 } }];

    const svg = tornadoChart(input({ bars }));

    expect(svg).toContain('>+20 %: 13</text>');
    expect(svg).toContain('>High setting</text>');
  });

  it('escapes titles, units and labels', () => {
    const svg = tornadoChart(input({ bars: [bar('<b>"SCP"</b>', 9, 11)] }));

    expect(svg).toContain('<title>Gap &lt;2050&gt;</title>');
    expect(svg).toContain('&lt;b&gt;&quot;SCP&quot;&lt;/b&gt;');
    expect(svg).not.toContain('<b>');
  });

  it('draws degenerate input without NaN: zero swing, one factor, none, negative values', () => {
    const zero = tornadoChart(input({ bars: [bar('flat', 10, 10)] }));
    const allZero = tornadoChart(input({ base: 0, bars: [bar('flat', 0, 0)] }));
    const none = tornadoChart(input({ bars: [] }));
    const negative = tornadoChart(input({ base: -12.5, bars: [bar('x', -18.7, -0.7)] }));

    for (const svg of [zero, allZero, none, negative]) expect(svg).not.toContain('NaN');
    expect(zero).toContain('width="0"');
    expect(none).toContain('No factors');
    expect(negative).toContain('>−18.7</text>');
  });

  it('gives the same string for the same input', () => {
    expect(tornadoChart(input())).toBe(tornadoChart(input()));
  });

  it('rejects a non-finite value, naming the bar', () => {
    const bars = [bar('x', 9, Number.NaN)];

    expect(() => tornadoChart(input({ bars }))).toThrow(
      expect.objectContaining({
        code: 'E_NON_FINITE',
        details: expect.objectContaining({ field: 'bars[0].high.value' }),
      }),
    );
  });
});
