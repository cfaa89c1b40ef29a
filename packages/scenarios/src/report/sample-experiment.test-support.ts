import { fanChart } from './fan-chart.js';
import { indexBarChart } from './index-bar-chart.js';
import type { ExperimentReportInput } from './render-experiment-report.js';
import { tornadoChart } from './tornado-chart.js';

// Made-up but plausible experiment results for tests and for looking at the page. The numbers
// are not model output.

const FACTORS = ['SCP', 'SPR', 'EOL recycling rate', 'Battery lifetime', 'ESS growth'] as const;

/** A tornado of 2050 supply − demand for five factors changed by −5 % and +10 %. */
export function sampleTornado(): string {
  const effects = [
    [-6.2, 11.8],
    [3.1, -7.4],
    [-1.9, 4.2],
    [2.4, 3.3],
    [0, 0],
  ] as const;
  return tornadoChart({
    title: 'Supply − demand in 2050 (S2-D2), one factor at a time',
    unit: 'kt Li / year',
    base: -12.5,
    bars: FACTORS.map((label, i) => ({
      label,
      low: { change: '−5 %', value: -12.5 + (effects[i]?.[0] ?? 0) },
      high: { change: '+10 %', value: -12.5 + (effects[i]?.[1] ?? 0) },
    })),
  });
}

/** Sobol' S1 and ST with bootstrap intervals; one interval is missing. */
export function sampleSobol(): string {
  const indices = [
    [0.42, 0.51],
    [0.21, 0.3],
    [0.08, 0.15],
    [-0.01, 0.04],
    [0.002, 0.003],
  ] as const;
  return indexBarChart({
    title: 'Sobol’ indices of the cumulative deficit 2023–2050',
    yLabel: 'Index',
    groups: FACTORS.map((label, i) => {
      const [s1, st] = indices[i] ?? [0, 0];
      return {
        label,
        values: [
          { name: 'S1 (first order)', estimate: s1, interval: [s1 - 0.05, s1 + 0.06] as const },
          { name: 'ST (total)', estimate: st, interval: i === 4 ? null : [st - 0.03, st + 0.04] },
        ],
      };
    }),
  });
}

/** A Monte Carlo fan of total supply with 5–95 and 25–75 bands and demand as reference. */
export function sampleFan(): string {
  const years = Array.from({ length: 28 }, (_, i) => 2023 + i);
  const median = years.map((y) => 80 + 220 / (1 + Math.exp(-0.3 * (y - 2033))));
  const spread = years.map((_, i) => 2 + i * 1.6);
  const band = (width: number) => years.map((_, i) => (median[i] ?? 0) + width * (spread[i] ?? 0));
  return fanChart({
    title: 'Total lithium supply across 1 000 runs (S2-D2)',
    yLabel: 'kt Li / year',
    years,
    bands: [
      { lower: 25, upper: 75, values: { lower: band(-0.67), upper: band(0.67) } },
      { lower: 5, upper: 95, values: { lower: band(-1.64), upper: band(1.64) } },
    ],
    median,
    reference: {
      name: 'Demand (deterministic)',
      values: years.map((y) => 60 + 260 / (1 + Math.exp(-0.35 * (y - 2031)))),
    },
  });
}

/** A full experiment report input with every optional part present. */
export function sampleExperimentInput(): ExperimentReportInput {
  return {
    title: 'Orebus — sensitivity of the 2050 lithium balance',
    generatedAt: '2025-07-01T12:00:00.000Z',
    manifest: {
      version: '0.1.0',
      seed: 20250701,
      design: 'Saltelli (2010), N = 1024',
      factors: FACTORS.join(', '),
      bootstrap: { resamples: 1000, confidence: 0.95 },
    },
    method: 'sobol',
    summary:
      'Five factors were varied over their ranges. The cumulative deficit depends mostly on ' +
      'SCP and SPR; ESS growth barely matters. SCP interacts with the others (ST − S1 ≈ 0.09).',
    tables: [
      {
        caption: 'Sobol’ indices with 95 % bootstrap intervals',
        columns: ['Factor', 'S1', 'S1 low', 'S1 high', 'ST', 'ST low', 'ST high'],
        rows: [
          ['SCP', 0.42, 0.37, 0.48, 0.51, 0.48, 0.55],
          ['SPR', 0.21, 0.16, 0.27, 0.3, 0.27, 0.34],
          ['EOL recycling rate', 0.08, 0.03, 0.14, 0.15, 0.12, 0.19],
          ['Battery lifetime', -0.01, -0.06, 0.05, 0.04, 0.01, 0.08],
          ['ESS growth', 0.002, null, null, 0.003, null, null],
        ],
      },
      {
        caption: 'Runs',
        columns: ['Design', 'Runs', 'Failed', 'Wall time (s)'],
        rows: [['Saltelli', 14_336, 0, 1234.5]],
      },
    ],
    charts: [sampleTornado(), sampleSobol(), sampleFan()],
    notes: [
      'Intervals come from 1 000 bootstrap resamples of the runs; ST − S1 below the width of ' +
        'the intervals is not evidence of interaction.',
    ],
  };
}
