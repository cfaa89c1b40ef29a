import { describe, expect, it } from 'vitest';
import type { ReportInput, ReportSeries } from './render-report.js';
import { renderReport } from './render-report.js';
import { sampleReportInput, sampleSeries } from './sample-report.test-support.js';

function minimalInput(series: readonly ReportSeries[]): ReportInput {
  return { title: 'Degenerate', generatedAt: '2025-01-01T00:00:00Z', manifest: {}, series };
}

function constantSeries(combination: string, value: number, netImports: number): ReportSeries {
  const years = [2023, 2024, 2025];
  const same = years.map(() => value);
  return {
    combination,
    years,
    supply: years.map(() => value + netImports),
    demand: same,
    primary: same,
    recycled: same,
    netImports: years.map(() => netImports),
    evDemand: same,
    essDemand: same,
    price: same,
    evStock: same,
  };
}

describe('renderReport', () => {
  it('draws one supply–demand panel per combination, titled with its name', () => {
    const input = sampleReportInput();

    const html = renderReport(input);

    const supplyDemand = html.slice(
      html.indexOf('id="supply-demand"'),
      html.indexOf('id="components"'),
    );
    const titles = [...supplyDemand.matchAll(/<svg [^>]*><title>([^<]*)<\/title>/g)].map(
      (m) => m[1],
    );
    expect(titles).toEqual(input.series.map((s) => s.combination));
  });

  it('lists every validation row with its mark, measurement, reason and evidence', () => {
    const html = renderReport(sampleReportInput());

    expect(html).toContain('1 of 2 patterns hold.');
    expect(html).toMatch(/<td>P2<\/td>.*✓ held.*peak in 2038 in D1–D4/);
    expect(html).toMatch(/<td>P7<\/td>.*✗ not held.*supply first exceeds demand in 2049/);
    expect(html).toContain('Conflicts with P9 under every setting of SCP and SPR searched.');
    expect(html).toContain('Evidence: grid of 21 × 21 settings');
  });

  it('shows the back-test numbers, their relative difference and the source', () => {
    const html = renderReport(sampleReportInput());

    const backTest = html.slice(html.indexOf('id="back-test"'), html.indexOf('id="manifest"'));
    expect(backTest).toContain('20.41 million vehicles');
    expect(backTest).toContain('19.87 million vehicles');
    // (19.87 − 20.41) / 20.41 = −2.65 %
    expect(backTest).toContain('−0.54 million vehicles (−2.6\u00a0%)');
    expect(backTest).toContain('Ministry of Public Security of China');
  });

  it('shows beside a failed pattern what the calibration found it conflicts with, escaped', () => {
    const row = {
      id: 'P7',
      title: 'S2-D2',
      held: false,
      measured: 'm',
      reason: 'r',
      evidence: 'e',
      finding: 'conflicts with P6 & <P12>',
    };
    const html = renderReport({ ...sampleReportInput(), validation: [row] });

    expect(html).toContain(
      '<p class="evidence">Evidence: e</p><p class="evidence">Calibration: conflicts with P6 &amp; &lt;P12&gt;</p>',
    );
  });

  it('shows the manifest and the notes, escaped', () => {
    const input = { ...sampleReportInput(), notes: ['The paper says "D3 > D2" & <more>.'] };

    const html = renderReport(input);

    expect(html).toContain('<th>seed</th><td>20250701</td>');
    expect(html).toContain(
      '<table class="nested"><tr><th>market.SPR</th><td>0.55</td></tr></table></div>',
    );
    expect(html).toContain('<p>The paper says &quot;D3 &gt; D2&quot; &amp; &lt;more&gt;.</p>');
  });

  it('shows a list of combinations as a table with a row each, nested fields by dotted name', () => {
    const combinations = [
      { id: 'S1-D1', contentHash: 'ab12', derived: { rate: 0.1234567891234, scale: { BEV: 0.8 } } },
      { id: 'S2-D2', contentHash: 'cd34'.repeat(16), derived: { rate: 0.2, scale: { BEV: 0.9 } } },
    ];
    const input = { ...sampleReportInput(), manifest: { combinations, overrides: [] } };

    const manifest = renderReport(input).split('id="manifest"')[1]!.split('</section>')[0]!;

    expect(manifest).toContain(
      '<thead><tr><th>id</th><th>contentHash</th><th>derived.rate</th><th>derived.scale.BEV</th></tr></thead>',
    );
    expect(manifest).toContain(
      '<tr><td>S1-D1</td><td>ab12</td><td>0.1234567891234</td><td>0.8</td></tr>',
    );
    expect(manifest).toContain(`<td>S2-D2</td><td class="long">${'cd34'.repeat(16)}</td>`);
    expect(manifest).toContain('<th>overrides</th><td>(none)</td>');
    expect(manifest).not.toContain('{&quot;');
  });

  it('escapes text from the input everywhere it appears', () => {
    const series = { ...sampleSeries('<script>alert(1)</script>', 0) };
    const input = { ...minimalInput([series]), title: 'A & B' };

    const html = renderReport(input);

    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<title>A &amp; B</title>');
  });

  it('references nothing outside the page: no scripts, no external URLs', () => {
    const html = renderReport(sampleReportInput());

    expect(html).not.toContain('http://');
    expect(html).not.toContain('https://');
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    for (const [, target] of html.matchAll(/(?:href|src)="([^"]*)"/g)) {
      expect(target).toMatch(/^#/);
    }
  });

  it('gives the same string for the same input', () => {
    expect(renderReport(sampleReportInput())).toBe(renderReport(sampleReportInput()));
  });

  it('renders degenerate inputs without NaN: zeros, one combination, negative net imports', () => {
    const zeros = renderReport(minimalInput([constantSeries('S1-D1', 0, 0)]));
    const exporter = renderReport(minimalInput([constantSeries('S1-D1', 100, -50_000)]));
    const single = renderReport(minimalInput([sampleSeries('S1-D1', 0)]));
    const none = renderReport(minimalInput([]));

    for (const html of [zeros, exporter, single, none]) expect(html).not.toContain('NaN');
    expect(exporter).toContain('>−50</text>');
    expect(none).toContain('No combination was run.');
  });

  it('rejects a series whose arrays do not match its years, naming the field', () => {
    const series = { ...sampleSeries('S1-D1', 0), price: [1, 2, 3] };

    expect(() => renderReport(minimalInput([series]))).toThrow(
      expect.objectContaining({
        code: 'E_INVALID_ARGUMENT',
        details: expect.objectContaining({ field: 'series[0].price' }),
      }),
    );
  });

  it('rejects a non-finite value rather than drawing it', () => {
    const good = sampleSeries('S1-D1', 0);
    const series = { ...good, demand: good.demand.map((v, i) => (i === 3 ? Number.NaN : v)) };

    expect(() => renderReport(minimalInput([series]))).toThrow(
      expect.objectContaining({ code: 'E_NON_FINITE' }),
    );
  });
});
