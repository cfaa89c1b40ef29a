/** The HTML page of a finished experiment: its tables and charts by method. */

import { describeProvenance } from '../pack/index.js';
import {
  type ExperimentCell,
  type ExperimentTable,
  fanChart,
  indexBarChart,
  renderExperimentReport,
  tornadoChart,
} from '../report/index.js';
import type { ExperimentSummary } from './analyse.js';
import { describeDistribution } from './design/index.js';
import type { Experiment, Output } from './experiment-file.js';

/** A value of a year output as a year cell; a quantity as it is. */
type Cell = (value: number | null | undefined) => ExperimentCell;
const quantity: Cell = (value) => value ?? null;
const year: Cell = (value) => (value === null || value === undefined ? null : { year: value });

/** The outputs whose values are calendar years. */
function yearOutputs(experiment: Experiment): ReadonlySet<string> {
  return new Set(
    experiment.outputs.filter((o) => o.kind === 'first-balanced-year').map((o) => o.name),
  );
}

const pct = (change: number) => `${change >= 0 ? '+' : ''}${Number((change * 100).toFixed(2))} %`;

function oneAtATime(
  summary: ExperimentSummary,
  years: ReadonlySet<string>,
): { tables: ExperimentTable[]; charts: string[] } {
  const outputs = Object.keys(summary.base ?? {});
  const cell = (output: string) => (years.has(output) ? year : quantity);
  const effects = summary.effects ?? [];
  const factors = [...new Set(effects.map((e) => e.factor))];
  const tables: ExperimentTable[] = [
    {
      caption: 'Outputs at each change of each factor, the others held at their scenario values',
      columns: ['factor', 'change', 'value', ...outputs],
      rows: [
        ['(base)', '', '', ...outputs.map((o) => cell(o)(summary.base?.[o]))],
        ...effects.map((e) => [
          e.factor,
          pct(e.change),
          e.value,
          ...outputs.map((o) => cell(o)(e.outputs[o])),
        ]),
      ],
    },
  ];
  const charts = outputs.flatMap((output) => {
    const base = summary.base?.[output];
    if (base === null || base === undefined) return [];
    const bars = factors.flatMap((factor) => {
      const mine = effects.filter((e) => e.factor === factor);
      const low = mine[0];
      const high = mine[mine.length - 1];
      if (!low || !high || low.outputs[output] == null || high.outputs[output] == null) return [];
      return [
        {
          label: factor,
          low: { change: pct(low.change), value: low.outputs[output]! },
          high: { change: pct(high.change), value: high.outputs[output]! },
        },
      ];
    });
    return bars.length === 0
      ? []
      : [
          tornadoChart({
            title: `${output}: one-at-a-time`,
            unit: output,
            base,
            bars,
            years: years.has(output),
          }),
        ];
  });
  return { tables, charts };
}

function indices(summary: ExperimentSummary, method: 'morris' | 'sobol') {
  const tables: ExperimentTable[] = [];
  const charts: string[] = [];
  for (const [output, rows] of Object.entries(summary.indices ?? {})) {
    if (method === 'morris') {
      tables.push({
        caption: `Morris elementary effects on ${output} (per unit of each factor's range)`,
        columns: ['factor', 'μ', 'μ*', 'σ'],
        rows: rows.map((r) => [r.factor, r.mu as number, r.muStar as number, r.sigma as number]),
      });
      charts.push(
        indexBarChart({
          title: `Morris μ* and σ: ${output}`,
          yLabel: 'elementary effect',
          groups: rows.map((r) => ({
            label: r.factor,
            values: [
              { name: 'μ*', estimate: r.muStar as number },
              { name: 'σ', estimate: r.sigma as number },
            ],
          })),
        }),
      );
    } else {
      const interval = (v: unknown) => (v as readonly [number, number] | null) ?? null;
      tables.push({
        caption: `Sobol' indices of ${output}, with bootstrap confidence intervals`,
        columns: ['factor', 'S1', 'S1 low', 'S1 high', 'ST', 'ST low', 'ST high'],
        rows: rows.map((r) => [
          r.factor,
          r.S1 as number,
          interval(r.S1interval)?.[0] ?? null,
          interval(r.S1interval)?.[1] ?? null,
          r.ST as number,
          interval(r.STinterval)?.[0] ?? null,
          interval(r.STinterval)?.[1] ?? null,
        ]),
      });
      charts.push(
        indexBarChart({
          title: `Sobol' first-order and total indices: ${output}`,
          yLabel: 'share of variance',
          groups: rows.map((r) => ({
            label: r.factor,
            values: [
              { name: 'first order', estimate: r.S1 as number, interval: interval(r.S1interval) },
              { name: 'total', estimate: r.ST as number, interval: interval(r.STinterval) },
            ],
          })),
        }),
      );
    }
  }
  const missing = Object.entries(summary.missing ?? {});
  if (missing.length > 0) {
    tables.push({
      caption: `Outputs left out: ${method === 'morris' ? 'Morris' : "Sobol'"} indices need a number from every run`,
      columns: ['output', 'runs without a value', 'runs'],
      rows: missing.map(([output, runs]) => [output, runs, summary.runs]),
    });
  }
  return { tables, charts };
}

function distributions(summary: ExperimentSummary, years: ReadonlySet<string>) {
  const tables: ExperimentTable[] = [];
  if (summary.drawn) {
    tables.push({
      caption: 'The distribution each factor was drawn from',
      columns: ['factor', 'distribution', 'declared in', 'provenance'],
      rows: summary.drawn.map((d) => [
        d.factor,
        describeDistribution(d.distribution),
        d.from,
        d.provenance === undefined ? null : describeProvenance(d.provenance),
      ]),
    });
  }
  const dists = summary.distributions ?? {};
  const missing = summary.missing;
  const outputs = [...new Set([...Object.keys(dists), ...Object.keys(missing ?? {})])];
  if (outputs.length > 0) {
    const ps = Object.keys(Object.values(dists)[0] ?? {});
    tables.push({
      caption:
        missing === undefined
          ? 'Percentiles of each output over the runs'
          : 'Percentiles of each output over the runs that gave it a value',
      columns: ['output', ...ps, ...(missing === undefined ? [] : ['runs without a value'])],
      rows: outputs.map((output) => [
        output,
        ...ps.map((p) => (years.has(output) ? year : quantity)(dists[output]?.[p])),
        ...(missing === undefined ? [] : [missing[output] ?? 0]),
      ]),
    });
  }
  if (summary.table) {
    const columns = summary.table.columns;
    const inYears = columns.map((column) => years.has(column));
    tables.push({
      caption: 'Every run of the sweep: factor values, then outputs',
      columns,
      rows: summary.table.rows.map((row) =>
        row.map((value, c) => (inYears[c] && typeof value === 'number' ? year(value) : value)),
      ),
    });
  }
  const charts = Object.entries(summary.bands ?? {}).flatMap(([output, band]) => {
    const p = band.percentiles;
    const pair = (lo: string, hi: string) =>
      p[lo] && p[hi]
        ? [
            {
              lower: Number(lo.slice(1)),
              upper: Number(hi.slice(1)),
              values: { lower: p[lo]!, upper: p[hi]! },
            },
          ]
        : [];
    const median = p.p50;
    if (!median) return [];
    return [
      fanChart({
        title: `${output}: percentile bands over the runs`,
        yLabel: output,
        years: band.years,
        bands: [...pair('p5', 'p95'), ...pair('p25', 'p75')],
        median,
      }),
    ];
  });
  return { tables, charts };
}

function calibration(summary: ExperimentSummary) {
  const c = summary.calibration;
  if (!c) return { tables: [], charts: [] };
  const factors = Object.keys(c.ranges);
  const tables: ExperimentTable[] = [
    {
      caption: `Factors at the start and at the best point (loss: ${c.loss})`,
      columns: ['factor', 'low', 'high', 'start', 'best'],
      rows: factors.map((f) => [
        f,
        c.ranges[f]![0],
        c.ranges[f]![1],
        c.start.values[f] ?? null,
        c.best.values[f] ?? null,
      ]),
    },
  ];
  const where = `evaluation ${c.best.index}, loss ${c.best.loss}; at the start ${c.start.loss}`;
  if (c.fit) {
    const fit = c.fit;
    tables.push({
      caption: `Fit at the best point (${where})`,
      columns: ['year', 'observed', 'model'],
      rows: fit.years.map((y, i) => [year(y), fit.observed[i]!, fit.model[i] ?? null]),
    });
  }
  if (c.patterns) {
    tables.push({
      caption: `Patterns at the best point (${where}): ${c.patterns.held} hold`,
      columns: ['pattern', 'held', 'measured'],
      rows: c.patterns.results.map((p) => [p.id, p.held ? 'yes' : 'no', p.measured]),
    });
  }
  return { tables, charts: [] };
}

/** An output in words: its variable, agent and year, and any transform. */
function describeOutput(output: Output): string {
  if (output.kind === 'first-balanced-year') {
    return "the first year the market's supply meets its demand (never: null in the records, the year after the last in the analysis)";
  }
  const agent = output.agent ?? "the pack's market";
  if (output.kind === 'series') return `${output.variable} of ${agent}, every year`;
  const value = `${output.variable} of ${agent} in ${output.year}`;
  return output.transform === 'log' ? `the natural logarithm of ${value}` : value;
}

/**
 * The report page of an experiment. `id` is the id its result file names (`ExperimentResult.id`);
 * the experiment's own id when not given.
 */
export function renderExperimentPage(
  experiment: Experiment,
  summary: ExperimentSummary,
  id: string = experiment.id,
): string {
  const method = experiment.method.kind;
  const parts =
    method === 'one-at-a-time'
      ? oneAtATime(summary, yearOutputs(experiment))
      : method === 'morris' || method === 'sobol'
        ? indices(summary, method)
        : method === 'calibration'
          ? calibration(summary)
          : distributions(summary, yearOutputs(experiment));
  const ranges: ExperimentTable[] =
    summary.ranges === undefined
      ? []
      : [
          {
            caption: 'The range each factor spans, and how it is sampled',
            columns: ['factor', 'low', 'high', 'given in', 'sampled'],
            rows: summary.ranges.map((r) => [
              r.factor,
              r.range[0],
              r.range[1],
              r.from,
              r.distribution === undefined ? 'evenly' : describeDistribution(r.distribution),
            ]),
          },
        ];
  const outputs: ExperimentTable[] =
    experiment.outputs.length === 0
      ? []
      : [
          {
            caption: 'What each output reads from a run',
            columns: ['output', 'reads'],
            rows: experiment.outputs.map((o) => [o.name, describeOutput(o)]),
          },
        ];
  return renderExperimentReport({
    title: `Orebus experiment — ${experiment.name}`,
    generatedAt: new Date().toISOString(),
    manifest: {
      experiment: experiment.name,
      id,
      pack: experiment.pack,
      combination: experiment.combination,
      variant: experiment.variant ?? null,
      overrides: experiment.overrides,
      seed: experiment.seed,
      method: experiment.method,
      factors: experiment.factors.map((f) => f.path),
      shocks: experiment.shocks,
      runs: summary.runs,
    },
    method,
    summary:
      experiment.description ??
      `${summary.runs} runs of ${experiment.combination} (${method}) over ${experiment.factors.length} factors.`,
    tables: [...ranges, ...outputs, ...parts.tables],
    charts: parts.charts,
  });
}
