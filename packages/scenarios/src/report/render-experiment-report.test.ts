import { describe, expect, it } from 'vitest';
import { type ExperimentReportInput, renderExperimentReport } from './render-experiment-report.js';
import { sampleExperimentInput } from './sample-experiment.test-support.js';

function minimalInput(overrides: Partial<ExperimentReportInput> = {}): ExperimentReportInput {
  return {
    title: 'Sweep',
    generatedAt: '2025-01-01T00:00:00Z',
    manifest: {},
    method: 'sweep',
    summary: 'Nothing varied.',
    tables: [],
    charts: [],
    ...overrides,
  };
}

describe('renderExperimentReport', () => {
  it('shows the summary, the method, every chart, the tables, the manifest and the notes', () => {
    const input = sampleExperimentInput();

    const html = renderExperimentReport(input);

    expect(html).toContain('Method: Sobol’ variance-based sensitivity.');
    expect(html).toContain('<p>Five factors were varied over their ranges.');
    expect(html.match(/<figure><svg /g)).toHaveLength(input.charts.length);
    expect(html.match(/<table class="data">/g)).toHaveLength(input.tables.length);
    expect(html).toContain('<th>design</th><td>Saltelli (2010), N = 1024</td>');
    expect(html).toContain('id="notes"');
  });

  it('formats numbers in tables without the locale and shows null as a dash', () => {
    const tables = [
      {
        caption: 'Indices',
        columns: ['Factor', 'S1', 'Runs', 'Interval'],
        rows: [['SCP', -0.0123456, 14336, null]],
      },
    ];

    const html = renderExperimentReport(minimalInput({ tables }));

    expect(html).toContain(
      '<tr><td>SCP</td><td class="number">−0.01235</td><td class="number">14,336</td>' +
        '<td class="null">—</td></tr>',
    );
  });

  it('escapes text from the input everywhere it appears', () => {
    const evil = '<script>alert("x")</script>';
    const input = minimalInput({
      title: `A & B ${evil}`,
      summary: evil,
      manifest: { [evil]: evil },
      tables: [{ caption: evil, columns: [evil], rows: [[evil]] }],
      notes: [evil],
    });

    const html = renderExperimentReport(input);

    expect(html).not.toContain('<script');
    expect(html).toContain('<title>A &amp; B &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });

  it('references nothing outside the page: no scripts, links, images or external URLs', () => {
    const html = renderExperimentReport(sampleExperimentInput());

    expect(html).not.toContain('http://');
    expect(html).not.toContain('https://');
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    for (const [, target] of html.matchAll(/(?:href|src)="([^"]*)"/g)) {
      expect(target).toMatch(/^#/);
    }
  });

  it('gives the same string for the same input', () => {
    expect(renderExperimentReport(sampleExperimentInput())).toBe(
      renderExperimentReport(sampleExperimentInput()),
    );
  });

  it('leaves out empty parts and their contents entries, and has no NaN', () => {
    const html = renderExperimentReport(minimalInput());

    expect(html).not.toContain('id="charts"');
    expect(html).not.toContain('id="tables"');
    expect(html).not.toContain('href="#notes"');
    expect(html).toContain('The manifest is empty.');
    expect(html).not.toContain('NaN');
  });

  it('rejects a table row with the wrong number of cells, naming the row', () => {
    const tables = [{ caption: 'T', columns: ['a', 'b'], rows: [[1, 2], [3]] }];

    expect(() => renderExperimentReport(minimalInput({ tables }))).toThrow(
      expect.objectContaining({
        code: 'E_INVALID_ARGUMENT',
        details: expect.objectContaining({ field: 'tables[0].rows[1]' }),
      }),
    );
  });

  it('rejects a NaN in a table rather than printing it', () => {
    const tables = [{ caption: 'T', columns: ['a'], rows: [[Number.NaN]] }];

    expect(() => renderExperimentReport(minimalInput({ tables }))).toThrow(
      expect.objectContaining({ code: 'E_NON_FINITE' }),
    );
  });

  it('writes a year cell as a year and rejects one that is not finite', () => {
    const years = [{ caption: 'T', columns: ['year', 'tonnes'], rows: [[{ year: 2051 }, 2051]] }];
    const bad = [{ caption: 'T', columns: ['year'], rows: [[{ year: Number.NaN }]] }];

    const html = renderExperimentReport(minimalInput({ tables: years }));

    expect(html).toContain('<td class="number">2051</td><td class="number">2,051</td>');
    expect(() => renderExperimentReport(minimalInput({ tables: bad }))).toThrow(
      expect.objectContaining({ code: 'E_NON_FINITE' }),
    );
  });

  it('rejects a chart that is not an SVG string, and an unknown method', () => {
    const notSvg = minimalInput({ charts: ['<b>chart</b>'] });
    const unknown = minimalInput({ method: 'latin' as ExperimentReportInput['method'] });

    expect(() => renderExperimentReport(notSvg)).toThrow(
      expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }),
    );
    expect(() => renderExperimentReport(unknown)).toThrow(
      expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }),
    );
  });
});
