/**
 * The experiment commands of `orebus`: `sensitivity` (the paper's one-at-a-time test, figure 6)
 * and `experiment FILE` (any method of an experiment file).
 */
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { OrebusError } from '@orebus/core';
import type { ExperimentSummary } from '../experiments/analyse.js';
import type { ExperimentProgress } from '../experiments/engine/index.js';
import {
  type Experiment,
  ExperimentFileSchema,
  loadExperiment,
  toExperiment,
} from '../experiments/experiment-file.js';
import { renderExperimentPage } from '../experiments/experiment-report.js';
import { runExperiment, writeFileAtomically } from '../experiments/run-experiment.js';
import { type Pack, ScenarioError } from '../pack/index.js';
import { alignColumns } from './columns.js';
import type { Io, Options } from './main.js';
import { DEFAULT_PACK, outProblems, UsageError } from './main.js';

/** The exit status of an experiment stopped by Ctrl-C (128 + SIGINT's number, as shells use). */
const INTERRUPTED = 130;

/** The five parameters of the paper's sensitivity test, by override path. */
const PAPER_FACTORS = ['producers.a', 'market.SCP', 'market.SPR', 'producers.Eco', 'producers.Con'];

/** Draws a one-line progress bar on a terminal: runs done, rate and time left. */
function progressBar(io: Io): ((p: ExperimentProgress) => void) | undefined {
  if (!io.interactive) return undefined;
  return (p) => {
    const width = 24;
    const filled = p.total === 0 ? width : Math.round((p.done / p.total) * width);
    const left = p.secondsLeft === null ? '' : `  ${Math.ceil(p.secondsLeft)} s left`;
    const rate = `${p.ratePerSecond.toFixed(p.ratePerSecond < 10 ? 1 : 0)} runs/s`;
    io.stderr(
      `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.done}/${p.total}  ${rate}${left}   `,
    );
    if (p.done === p.total) io.stderr('\n');
  };
}

function percentChange(value: number | null, base: number | null): string {
  if (value === null || base === null || base === 0) return '—';
  const change = ((value - base) / Math.abs(base)) * 100;
  return `${change >= 0 ? '+' : ''}${change.toFixed(2)} %`;
}

/** The one-at-a-time table for the terminal: each factor's change and each output's response. */
function oneAtATimeTable(summary: ExperimentSummary): string {
  const outputs = Object.keys(summary.base ?? {});
  const header = ['factor', 'change', 'value', ...outputs];
  const rows = (summary.effects ?? []).map((e) => [
    e.factor,
    `${e.change >= 0 ? '+' : ''}${(e.change * 100).toFixed(0)} %`,
    String(Number(e.value.toPrecision(6))),
    ...outputs.map((o) => percentChange(e.outputs[o] ?? null, summary.base?.[o] ?? null)),
  ]);
  const base = [
    '(base)',
    '',
    '',
    ...outputs.map((o) => {
      const value = summary.base?.[o] ?? null;
      return value === null ? '—' : String(Number(value.toPrecision(6)));
    }),
  ];
  const notes = Object.entries(summary.missing ?? {}).map(
    ([output, runs]) => `${output}: ${runs} of ${summary.runs} runs gave no value (—)`,
  );
  return `${[...alignColumns([header, base, ...rows]), ...notes].join('\n')}\n`;
}

function indicesTable(summary: ExperimentSummary): string {
  const lines: string[] = [];
  for (const [output, rows] of Object.entries(summary.indices ?? {})) {
    lines.push(`${output}:`);
    for (const row of rows) {
      const cells = Object.entries(row)
        .filter(([key, value]) => key !== 'factor' && typeof value === 'number')
        .map(([key, value]) => `${key} ${(value as number).toPrecision(4)}`);
      lines.push(`  ${String(row.factor).padEnd(28)} ${cells.join('  ')}`);
    }
  }
  const missing = summary.missing ?? {};
  for (const [output, ps] of Object.entries(summary.distributions ?? {})) {
    const cells = Object.entries(ps).map(([p, v]) => `${p} ${Number(v.toPrecision(6))}`);
    const none = missing[output] ? `  (${missing[output]} runs without a value)` : '';
    lines.push(`${output}: ${cells.join('  ')}${none}`);
  }
  for (const [output, runs] of Object.entries(missing)) {
    if (summary.indices !== undefined) {
      lines.push(
        `${output}: not analysed: ${runs} of ${summary.runs} runs gave no value, and ` +
          `${summary.method} needs a number from every run`,
      );
    } else if (summary.distributions?.[output] === undefined) {
      lines.push(`${output}: no run gave a value (${runs} runs)`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The calibration for the terminal: each factor at the start and at the best point, the losses. */
function calibrationTable(summary: ExperimentSummary): string {
  const c = summary.calibration!;
  const number = (v: number | null | undefined) =>
    v == null ? '—' : String(Number(v.toPrecision(6)));
  const rows = Object.keys(c.ranges).map((f) => [
    f,
    `[${c.ranges[f]!.join(', ')}]`,
    number(c.start.values[f]),
    number(c.best.values[f]),
  ]);
  const table = alignColumns([['factor', 'range', 'start', 'best'], ...rows]);
  const fit =
    c.fit?.years.map(
      (year, i) =>
        `  ${year}: observed ${number(c.fit!.observed[i])}, model ${number(c.fit!.model[i])}`,
    ) ?? [];
  const patterns = c.patterns
    ? [`  patterns held at the best: ${c.patterns.held} (${c.patterns.heldIds.join(', ')})`]
    : [];
  return [
    ...table,
    `${c.loss}: ${number(c.start.loss)} at the start, ${number(c.best.loss)} at the best (evaluation ${c.best.index})`,
    ...fit,
    ...patterns,
    ...Object.entries(c.outputs).map(([name, value]) => `  at the best: ${name} ${number(value)}`),
    '',
  ].join('\n');
}

async function execute(
  experiment: Experiment,
  packDir: string,
  out: string,
  options: Options,
  io: Io,
) {
  const progress = progressBar(io);
  // Ctrl-C stops the experiment cleanly: the runs in flight are cut off, every finished one
  // stays in the result file, and the same command resumes from there (a calibration starts
  // over). A second Ctrl-C ends the process at once.
  const controller = new AbortController();
  const interrupt = () => {
    if (controller.signal.aborted) process.exit(INTERRUPTED);
    controller.abort(new Error('interrupted (SIGINT)'));
  };
  process.on('SIGINT', interrupt);
  let result: Awaited<ReturnType<typeof runExperiment>>;
  try {
    result = await runExperiment(experiment, packDir, {
      out,
      workers: options.workers,
      signal: controller.signal,
      ...(progress ? { onProgress: progress } : {}),
    });
  } catch (error) {
    if (
      error instanceof OrebusError &&
      (error.code === 'E_EXPERIMENT_ABORTED' || error.code === 'E_CALIBRATION_ABORTED')
    ) {
      io.stderr(`${progress ? '\n' : ''}orebus: ${error.message}\n`);
      return INTERRUPTED;
    }
    throw error;
  } finally {
    process.off('SIGINT', interrupt);
  }
  writeFileAtomically(
    join(out, 'report.html'),
    renderExperimentPage(experiment, result.summary, result.id),
  );
  if (options.json) io.stdout(`${JSON.stringify(result.summary, null, 2)}\n`);
  else {
    if (experiment.method.kind === 'calibration') {
      io.stdout(calibrationTable(result.summary));
      io.stdout(
        `${result.summary.runs} evaluations; wrote ${out}/calibration.jsonl, summary.json, ` +
          'calibrated.yaml, report.html\n',
      );
      return 0;
    }
    io.stdout(
      experiment.method.kind === 'one-at-a-time'
        ? oneAtATimeTable(result.summary)
        : indicesTable(result.summary),
    );
    const resumed =
      result.resumedFrom > 0 ? ` (resumed after ${result.resumedFrom} finished runs)` : '';
    io.stdout(
      `${result.summary.runs} runs${resumed}; wrote ${out}/results.jsonl, runs.csv, summary.json, report.html\n`,
    );
  }
  return 0;
}

/** `orebus sensitivity [COMBO]`: the paper's one-at-a-time test on a combination. */
export async function commandSensitivity(
  options: Options,
  pack: Pack,
  io: Io,
  preflight: (pack: Pack, requested: readonly string[], options: Options) => string[],
): Promise<number> {
  if (options.positionals.length > 1) {
    throw new UsageError([
      `sensitivity takes at most one COMBO, got ${options.positionals.length}`,
    ]);
  }
  const [combination] = preflight(
    pack,
    options.positionals.length === 1 ? options.positionals : ['S1-D1'],
    options,
  );
  const endYear = 2050;
  const data = ExperimentFileSchema.parse({
    orebus: 'experiment/1',
    name: `sensitivity-${combination}`,
    description:
      "One-at-a-time sensitivity of the paper's figure 6: each factor at −5 % and +10 %.",
    pack: pack.dir,
    combination,
    ...(options.variant === undefined ? {} : { variant: options.variant }),
    overrides: options.overrides,
    seed: options.seed,
    method: { kind: 'one-at-a-time', changes: [-0.05, 0.1] },
    factors: PAPER_FACTORS.map((path) => ({ path })),
    outputs: [
      { name: `supply${endYear}`, kind: 'value', variable: 'supply', year: endYear },
      { name: `demand${endYear}`, kind: 'value', variable: 'demand', year: endYear },
      { name: `primary${endYear}`, kind: 'value', variable: 'primarySupply', year: endYear },
      { name: `price${endYear}`, kind: 'value', variable: 'price', year: endYear },
      { name: 'firstBalancedYear', kind: 'first-balanced-year' },
    ],
  });
  const experiment = toExperiment(data, '(command line)');
  const out = options.outGiven
    ? options.out
    : join('results', sensitivityDirName(experiment, pack.name, options));
  return execute(experiment, pack.dir, out, options, io);
}

/**
 * Where `orebus sensitivity` writes without --out: `results/sensitivity-COMBO` for the default
 * pack, variant, overrides and seed, else that name with the pack's name and the first eight
 * characters of the experiment's id, so that a run with other settings neither collides with
 * nor is refused by an earlier one's results, and the same settings again resume or find their
 * own.
 */
function sensitivityDirName(experiment: Experiment, packName: string, options: Options): string {
  const plain =
    options.pack === DEFAULT_PACK &&
    options.variant === undefined &&
    options.overrides.length === 0 &&
    options.seed === 0;
  if (plain) return experiment.name;
  return `${experiment.name}-${packName}-${experiment.id.slice(0, 8)}`;
}

/** `orebus experiment FILE`: runs an experiment file. */
export async function commandExperiment(
  options: Options,
  io: Io,
  packDirOf: (name: string) => string,
): Promise<number> {
  const problems = [...options.problems];
  if (options.positionals.length !== 1) {
    problems.push(`experiment takes one FILE, got ${options.positionals.length}`);
  }
  if (problems.length > 0) throw new UsageError(problems);
  const experiment = loadExperiment(options.positionals[0]!);
  // A relative pack directory is taken from the file's own directory, as a pack manifest's
  // paths are from the manifest's: the file runs the same from wherever it is started.
  const pack =
    experiment.pack.includes('/') && !isAbsolute(experiment.pack)
      ? resolve(dirname(experiment.file), experiment.pack)
      : experiment.pack;
  let packDir: string;
  try {
    packDir = packDirOf(pack);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    // The pack was named by the file, not by a --pack option: say so, at the file's field.
    throw new ScenarioError(
      error.problems.map((problem) => ({
        code: 'invalid_value' as const,
        file: experiment.file,
        path: 'pack',
        value: experiment.pack,
        allowed:
          'a pack shipped with Orebus, or a pack directory (a relative one is taken from the ' +
          `file's directory), but it ${problem.replace(/^--pack = "[^"]*" /, '')}`,
      })),
    );
  }
  const out = options.outGiven ? options.out : join('results', experiment.name);
  const outIsAFile = outProblems(out);
  if (outIsAFile.length > 0) throw new UsageError(outIsAFile);
  return execute(experiment, packDir, out, options, io);
}
