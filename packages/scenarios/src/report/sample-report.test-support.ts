import type { ReportInput, ReportSeries } from './render-report.js';

// A made-up but plausible report input for tests and for looking at the page: seven
// combinations of smooth curves with some oscillation in supply. The numbers are not model
// output.

const COMBINATIONS = ['S1-D1', 'S2-D2', 'S2-D3', 'S2-D4', 'S3-D2', 'S3-D3', 'S3-D4'] as const;

function logistic(year: number, midpoint: number, steepness: number, ceiling: number): number {
  return ceiling / (1 + Math.exp(-steepness * (year - midpoint)));
}

/** One synthetic series; `index` varies the shapes between combinations. */
export function sampleSeries(combination: string, index: number): ReportSeries {
  const years = Array.from({ length: 28 }, (_, i) => 2023 + i);
  const evDemand = years.map((y) => 20_000 + logistic(y, 2031, 0.35, 180_000 + 15_000 * index));
  const essDemand = years.map((y) => {
    const peak = 40_000 + 8_000 * (index % 4);
    return 5_000 + peak * Math.exp(-(((y - 2038) / 6) ** 2));
  });
  const demand = years.map((_, i) => (evDemand[i] ?? 0) + (essDemand[i] ?? 0));
  const recycled = years.map((y) => logistic(y, 2040, 0.3, 30_000 + 12_000 * index));
  const netImports = years.map(() => 8_714.25);
  const primary = years.map((y) => {
    const trend = logistic(y, 2030 + index * 0.5, 0.3, 170_000 + 10_000 * index);
    return 30_000 + trend * (1 + 0.06 * Math.sin((y - 2023) * (0.9 + 0.1 * index)));
  });
  const supply = years.map((_, i) => (primary[i] ?? 0) + (recycled[i] ?? 0) + (netImports[i] ?? 0));
  const price = years.map((_, i) => 10_000 * ((demand[i] ?? 1) / (supply[i] ?? 1)) ** 1.5);
  const evStock = years.map((y) => 20e6 + logistic(y, 2033, 0.3, 160e6 + 5e6 * index) - 4e6);
  return {
    combination,
    years,
    supply,
    demand,
    primary,
    recycled,
    netImports,
    evDemand,
    essDemand,
    price,
    evStock,
  };
}

/** A full report input with every optional part present. */
export function sampleReportInput(): ReportInput {
  return {
    title: 'Orebus — lithium, China, 2023–2050',
    generatedAt: '2025-07-01T12:00:00.000Z',
    manifest: {
      version: '0.1.0',
      seed: 20250701,
      scenarioHash: 'sha256:3f2a9c0d',
      overrides: { 'market.SPR': 0.55 },
      combinations: COMBINATIONS.join(', '),
    },
    series: COMBINATIONS.map((name, i) => sampleSeries(name, i)),
    validation: [
      {
        id: 'P2',
        title: 'ESS lithium demand peaks around 2038',
        held: true,
        measured: 'peak in 2038 in D1–D4',
      },
      {
        id: 'P7',
        title: 'S2-D2: supply exceeds demand by about 2046',
        held: false,
        measured: 'supply first exceeds demand in 2049',
        reason: 'Conflicts with P9 under every setting of SCP and SPR searched.',
        evidence: 'grid of 21 × 21 settings: none satisfies both P7 and P9',
      },
    ],
    backTest: {
      label: 'EVs in use, end of year',
      year: 2023,
      observed: 20.41,
      modelled: 19.87,
      unit: 'million vehicles',
      source: 'Ministry of Public Security of China, January 2024',
    },
    notes: [
      'The paper orders ESS demand "D3 above D2", but D3 changes only the EV scenario; a ' +
        'faithful model cannot show it.',
    ],
  };
}
