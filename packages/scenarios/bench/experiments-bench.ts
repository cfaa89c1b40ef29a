// The experiments benchmark (`pnpm bench`, after the reference-model benchmark): a Monte Carlo
// experiment of S1-D1 through `runExperiment` on the built `dist/`, each measurement a fresh child
// process (`experiments-child.mjs`): 0, 1 and 2 worker threads for the time and the speed-up, a
// series output as a variant, and a larger run count for the peak memory. A warm child times one
// run of the experiment against the plain loop of `plain-loop.ts` and the agent model alone.
// Results replace the "Experiments" section of BENCHMARKS.md between its markers.
//
// Usage: tsx --conditions=@orebus/source packages/scenarios/bench/experiments-bench.ts
//          [--runs N] [--memory-runs N] [--fallback-runs N] [--budget-s S] [--iterations N]
//          [--no-build] [--no-write]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ExperimentFileSchema,
  evaluateRun,
  loadPack,
  planExperiment,
  resolveScenario,
  runLithiumModel,
  toExperiment,
} from '@orebus/scenarios';
import { build, elapsedMs, fmt, mean, median, out, ROOT, us } from './bench-kit.js';
import { runPlainLoop } from './plain-loop.js';

const COMBINATION = 'S1-D1';
const START_MARKER = '<!-- experiments:start -->';
const END_MARKER = '<!-- experiments:end -->';
const AFTER_MARKER = '<!-- reference:end -->';
const GOAL_RUNS = 10_000;
const GOAL_SECONDS = 3;
const GOAL_SPEED_UP = 1.6;
const GOAL_RATIO = 3;
const GOAL_MEMORY_RUNS = 100_000;
const GOAL_MEMORY_MIB = 500;
// "Flat in the number of runs": the peak at three times the memory goal's count at most this much
// above the peak at the goal's count, so that the peak has levelled off. Peak RSS is the highest
// point of a quantity that swings with each collection, so a longer experiment meets a somewhat
// higher peak even when nothing accumulates: the first criterion, at most 10 % from 10,000 runs to
// 100,000, was missed on 2026-12-04 by every young-generation size tried, 4 MiB included (+11 %),
// while 100,000 and 300,000 runs peaked within 1 % of each other. Both comparisons are reported.
const FLAT_TOLERANCE = 0.05;
/** The first criterion, from the goal's run count to the memory goal's, still reported. */
const EARLY_GROWTH_TOLERANCE = 0.1;
/** The plateau count, as a multiple of the memory goal's count. */
const PLATEAU_FACTOR = 3;
/** Pairs of 1 and 2 workers after the first, for the speed-up's mean. */
const EXTRA_PAIRS = 3;
const PACK_DIR = join(ROOT, 'packages/scenarios/packs/lithium-china');
const DIST_INDEX = join(ROOT, 'packages/scenarios/dist/index.js');
const CHILD = fileURLToPath(new URL('./experiments-child.mjs', import.meta.url));
const SELF = fileURLToPath(import.meta.url);

/** The experiment's file data: S1-D1 under two uncertain factors, read out in 2050. */
function experimentData(runs: number, options: { series?: boolean; resolving?: boolean } = {}) {
  const factors: unknown[] = [
    { path: 'market.SPR', distribution: { kind: 'uniform', min: 0, max: 1 } },
    {
      path: 'producers.Con',
      distribution: { kind: 'triangular', min: 0.05, mode: 0.15, max: 0.3 },
    },
  ];
  // A lifetime field is not a plain number of the resolved parameters, so every run with it
  // resolves the scenario again (only the warm child uses this, to price resolving).
  if (options.resolving) {
    factors.push({
      path: 'ev.lifetime.mean',
      distribution: { kind: 'normal', mean: 15, sd: 1.5 },
    });
  }
  const outputs: unknown[] = [
    { name: 'supply2050', kind: 'value', variable: 'supply', year: 2050 },
  ];
  if (options.series) outputs.push({ name: 'supply', kind: 'series', variable: 'supply' });
  return {
    orebus: 'experiment/1',
    name: 'experiments-bench',
    combination: COMBINATION,
    seed: 11,
    method: { kind: 'monte-carlo', runs },
    factors,
    outputs,
  };
}

/** A time (ms from the start of `runExperiment`) and the process's CPU time then (ms). */
interface Mark {
  readonly ms: number;
  readonly cpuMs: number;
}

/** What one experiment child printed, with what the parent found in its result file. */
interface ExperimentSample {
  readonly runs: number;
  readonly workers: number;
  readonly series: boolean;
  /** Node's start-up and the imports, from the child's own clock. */
  readonly importedAtMs: number;
  /** Planning done and the result file open; no worker started yet. */
  readonly planned: Mark;
  readonly first: Mark;
  readonly last: Mark;
  /** `runExperiment` resolved: analysis and summary written, the pool closed. */
  readonly end: Mark;
  readonly peakRssMiB: number;
  /** The calling thread's heap after a full collection at the last record, pool still open. */
  readonly heapAtLastMiB: number;
  /** Spawn to exit, as the parent saw it. */
  readonly processMs: number;
  readonly resultSha256: string;
  readonly resultMiB: number;
  /** Whether the workers compiled on their own thread (`compilingOnOwnThread` during the runs). */
  readonly compiledOnOwnThread: boolean;
}

/** Per-run times of the warm child, ms: median and mean of each. */
interface PerRunSample {
  readonly iterations: number;
  readonly plain: { median: number; mean: number };
  readonly agent: { median: number; mean: number };
  readonly experimentRun: { median: number; mean: number };
  readonly resolvingRun: { median: number; mean: number; count: number };
}

const summarise = (values: readonly number[]) => ({ median: median(values), mean: mean(values) });

// --- warm child: one run of the experiment against the plain loop, from dist/ ---

function measurePerRun(iterations: number): PerRunSample {
  const pack = loadPack(PACK_DIR);
  const base = resolveScenario(pack, COMBINATION, { overrides: [] });
  const parse = (data: unknown) =>
    toExperiment(ExperimentFileSchema.parse(data), 'experiments-bench');
  const warmUp = Math.max(50, iterations >> 2);
  const experiment = parse(experimentData(warmUp + iterations));
  const plan = planExperiment(experiment, base);
  const resolving = parse(experimentData(warmUp + iterations, { resolving: true }));
  const resolvingPlan = planExperiment(resolving, base);
  const outputs = experiment.outputs.map((o) => ({ ...o }));
  const options = { scenario: COMBINATION, checked: false };
  // What a worker does for one task (`runTask`): evaluate the run, then serialise its record.
  const experimentRun = (index: number, p = plan) =>
    JSON.stringify(evaluateRun(PACK_DIR, p.runAt(index), outputs));

  for (let i = 0; i < warmUp; i++) {
    runPlainLoop(base.parameters);
    runLithiumModel(base.parameters, options);
    experimentRun(i);
    if (i % 4 === 0) experimentRun(i, resolvingPlan);
  }

  // Interleaved, so that drift in the machine's speed touches all alike. The run that resolves
  // again is slower and only shows what resolving costs, so it is sampled every fourth time.
  const plainMs: number[] = [];
  const agentMs: number[] = [];
  const runMs: number[] = [];
  const resolvingMs: number[] = [];
  for (let i = 0; i < iterations; i++) {
    let start = process.hrtime.bigint();
    runPlainLoop(base.parameters);
    plainMs.push(elapsedMs(start));

    start = process.hrtime.bigint();
    runLithiumModel(base.parameters, options);
    agentMs.push(elapsedMs(start));

    start = process.hrtime.bigint();
    experimentRun(warmUp + i);
    runMs.push(elapsedMs(start));

    if (i % 4 === 0) {
      start = process.hrtime.bigint();
      experimentRun(warmUp + i, resolvingPlan);
      resolvingMs.push(elapsedMs(start));
    }
  }

  return {
    iterations,
    plain: summarise(plainMs),
    agent: summarise(agentMs),
    experimentRun: summarise(runMs),
    resolvingRun: { ...summarise(resolvingMs), count: resolvingMs.length },
  };
}

// --- parent side ---

function spawnNode(args: string[], what: string): { stdout: string; ms: number } {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 2 ** 24,
  });
  const ms = elapsedMs(start);
  if (child.status !== 0) throw new Error(`${what} failed (${child.status}):\n${child.stderr}`);
  return { stdout: child.stdout, ms };
}

const lastLine = (stdout: string): string => stdout.trim().split('\n').at(-1)!;

function runPerRunChild(iterations: number): PerRunSample {
  // Without the `@orebus/source` condition, `@orebus/scenarios` and the packages the plain loop
  // imports resolve to their dist/, as in the experiment children; tsx only loads this file.
  const { stdout } = spawnNode(
    ['--import', 'tsx', SELF, '--per-run', String(iterations)],
    'warm child',
  );
  return JSON.parse(lastLine(stdout)) as PerRunSample;
}

function runImportsOnly(): { importedAtMs: number; peakRssMiB: number; processMs: number } {
  const { stdout, ms } = spawnNode([CHILD, '--imports-only'], 'imports-only child');
  return {
    ...(JSON.parse(lastLine(stdout)) as { importedAtMs: number; peakRssMiB: number }),
    processMs: ms,
  };
}

function runExperimentChild(runs: number, workers: number, series = false): ExperimentSample {
  const dir = mkdtempSync(join(os.tmpdir(), 'orebus-experiments-bench-'));
  try {
    const data = JSON.stringify(experimentData(runs, { series }));
    const { stdout, ms } = spawnNode(
      ['--expose-gc', CHILD, data, String(workers), dir],
      `experiment child (${runs} runs, ${workers} workers)`,
    );
    const report = JSON.parse(lastLine(stdout)) as Omit<
      ExperimentSample,
      'workers' | 'series' | 'processMs' | 'resultSha256' | 'resultMiB'
    > & { resultFile: string };
    if (report.runs !== runs) throw new Error(`the child ran ${report.runs} of ${runs} runs`);
    const bytes = readFileSync(report.resultFile);
    return {
      runs,
      workers,
      series,
      importedAtMs: report.importedAtMs,
      planned: report.planned,
      first: report.first,
      last: report.last,
      end: report.end,
      peakRssMiB: report.peakRssMiB,
      heapAtLastMiB: report.heapAtLastMiB,
      compiledOnOwnThread: report.compiledOnOwnThread,
      processMs: ms,
      resultSha256: createHash('sha256').update(bytes).digest('hex'),
      resultMiB: statSync(report.resultFile).size / 2 ** 20,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Options {
  readonly runs: number;
  readonly memoryRuns: number;
  readonly fallbackRuns: number;
  readonly budgetS: number;
  readonly iterations: number;
  readonly build: boolean;
  readonly write: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  let runs = GOAL_RUNS;
  let memoryRuns = GOAL_MEMORY_RUNS;
  let fallbackRuns = 30_000;
  let budgetS = 600;
  let iterations = 1000;
  let doBuild = true;
  let write = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--runs') runs = Number(argv[++i]);
    else if (arg === '--memory-runs') memoryRuns = Number(argv[++i]);
    else if (arg === '--fallback-runs') fallbackRuns = Number(argv[++i]);
    else if (arg === '--budget-s') budgetS = Number(argv[++i]);
    else if (arg === '--iterations') iterations = Number(argv[++i]);
    else if (arg === '--no-build') doBuild = false;
    else if (arg === '--no-write') write = false;
    else {
      throw new Error(
        `unknown option ${arg}; use --runs N, --memory-runs N, --fallback-runs N, --budget-s S, ` +
          '--iterations N, --no-build or --no-write',
      );
    }
  }
  for (const [name, value] of [
    ['--runs', runs],
    ['--memory-runs', memoryRuns],
    ['--fallback-runs', fallbackRuns],
    ['--budget-s', budgetS],
    ['--iterations', iterations],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} ${value}: expected N ≥ 1`);
  }
  return { runs, memoryRuns, fallbackRuns, budgetS, iterations, build: doBuild, write };
}

/** The memory measurement: which larger run count fitted the time budget, and why. */
interface MemoryPlan {
  readonly runs: number | undefined;
  readonly estimatedS: number;
  readonly note: string;
}

/**
 * Picks the larger run count for the memory row from the measured time per run at 2 workers, so
 * that the whole benchmark stays within the budget: the goal's count if it fits, else the
 * fallback, else none.
 */
function planMemory(options: Options, secondsPerRun: number, spentS: number): MemoryPlan {
  const left = options.budgetS - spentS;
  const estimate = (runs: number) => runs * secondsPerRun + 5;
  if (estimate(options.memoryRuns) <= left) {
    return { runs: options.memoryRuns, estimatedS: estimate(options.memoryRuns), note: '' };
  }
  const skipped =
    `${fmt(options.memoryRuns)} runs would have taken about ` +
    `${fmt(estimate(options.memoryRuns))} s at the measured rate, more than the ${fmt(left)} s ` +
    `left of the benchmark's ${fmt(options.budgetS)} s budget`;
  if (estimate(options.fallbackRuns) <= left) {
    return {
      runs: options.fallbackRuns,
      estimatedS: estimate(options.fallbackRuns),
      note: `${skipped}, so ${fmt(options.fallbackRuns)} runs were measured instead`,
    };
  }
  return { runs: undefined, estimatedS: 0, note: `${skipped}; no larger count was measured` };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = process.hrtime.bigint();
  const loadAtStart = os.loadavg();

  const source = sourceState();
  if (options.build) build();
  if (!existsSync(DIST_INDEX)) throw new Error(`${DIST_INDEX} is missing; run pnpm build`);

  const perRun = runPerRunChild(options.iterations);
  out(
    `warm child: plain loop ${us(perRun.plain.median)}, agent model ` +
      `${us(perRun.agent.median)}, experiment run ${us(perRun.experimentRun.median)}`,
  );
  const importsOnly = runImportsOnly();
  out(`imports only: ${fmt(importsOnly.peakRssMiB)} MiB`);

  const byWorkers: ExperimentSample[] = [];
  for (const workers of [0, 1, 2]) {
    const sample = runExperimentChild(options.runs, workers);
    byWorkers.push(sample);
    out(
      `${fmt(options.runs)} runs, ${workers} workers: ${fmt(sample.end.ms)} ms, ` +
        `${fmt(sample.peakRssMiB)} MiB`,
    );
  }
  const identical = byWorkers.every((s) => s.resultSha256 === byWorkers[0]!.resultSha256);
  if (!identical) throw new Error('the result files of 0, 1 and 2 workers differ');
  const withSeries = runExperimentChild(options.runs, 2, true);
  out(`${fmt(options.runs)} runs with a series output, 2 workers: ${fmt(withSeries.end.ms)} ms`);
  // More pairs, the order alternating (2 then 1, 1 then 2, ...): the machine's speed drifts
  // between children, and consecutive children of the same kind differed by up to a quarter,
  // so the speed-up of one pair moved between 1.15 and 1.8 from one benchmark to the next.
  const again: { one: ExperimentSample; two: ExperimentSample }[] = [];
  for (let pair = 0; pair < EXTRA_PAIRS; pair++) {
    const twoFirst = pair % 2 === 0;
    const first = runExperimentChild(options.runs, twoFirst ? 2 : 1);
    const second = runExperimentChild(options.runs, twoFirst ? 1 : 2);
    const [two, one] = twoFirst ? [first, second] : [second, first];
    if (![two, one].every((s) => s.resultSha256 === byWorkers[0]!.resultSha256)) {
      throw new Error('the result files of a later pair differ from the first');
    }
    again.push({ one, two });
    out(
      `pair ${pair + 2} (${twoFirst ? '2 then 1' : '1 then 2'}): 2 workers ` +
        `${fmt(two.end.ms)} ms, 1 worker ${fmt(one.end.ms)} ms ` +
        `(speed-up ${fmt(one.end.ms / two.end.ms, 2)})`,
    );
  }

  const two = byWorkers[2]!;
  const memory = planMemory(
    options,
    two.processMs / 1000 / options.runs,
    elapsedMs(started) / 1000,
  );
  if (memory.note) out(memory.note);
  const larger = memory.runs === undefined ? undefined : runExperimentChild(memory.runs, 2);
  if (larger) out(`${fmt(larger.runs)} runs, 2 workers: ${fmt(larger.peakRssMiB)} MiB`);
  // The plateau check, if the memory goal's count was measured and the budget has room for it.
  const plateauRuns = PLATEAU_FACTOR * options.memoryRuns;
  const plateauFits =
    larger?.runs === options.memoryRuns &&
    (larger.processMs / 1000) * PLATEAU_FACTOR + 5 <= options.budgetS - elapsedMs(started) / 1000;
  const plateau = plateauFits ? runExperimentChild(plateauRuns, 2) : undefined;
  if (plateau) out(`${fmt(plateau.runs)} runs, 2 workers: ${fmt(plateau.peakRssMiB)} MiB`);
  else out(`${fmt(plateauRuns)} runs: not measured (the budget left no room)`);
  const loadAtEnd = os.loadavg();

  const section = renderSection({
    source,
    options,
    loadAtStart,
    loadAtEnd,
    totalS: elapsedMs(started) / 1000,
    perRun,
    importsOnly,
    byWorkers,
    withSeries,
    again,
    memory,
    larger,
    plateau,
  });
  if (options.write) {
    writeSection(section);
    out('BENCHMARKS.md updated');
  } else {
    out(section);
  }
}

// --- the report ---

// Above this growth of the calling thread's heap between the two run counts, the report says
// that more than the plan's own arrays stays behind.
const HEAP_GROWTH_NOTE_MIB = 5;
const LEAK_NOTE =
  'That is more than the plan’s arrays account for, and this benchmark does not trace it. ';
// What was traced by hand when the worker limit went in (a worker thread running 30,000 runs of
// `evaluateRun` in a loop, RSS sampled every 5 s); kept free of figures from this run.
const MEMORY_NOTE =
  'Most of the rest is garbage, not a leak: a worker thread running `evaluateRun` in a loop ' +
  'keeps a live heap of about 16 MiB after a full collection at any run count, but under ' +
  'V8’s default heap limit it let about 2 KB of dead objects a run pile up before collecting ' +
  '(RSS 110 → 158 MiB over 30,000 runs), and under a 256 MiB old-generation limit, which the ' +
  'engine now sets on its workers, it stayed between 110 and 130 MiB. With V8’s default ' +
  'young generation the experiment’s RSS, sampled every 10,000 runs, swung between 220 and ' +
  '246 MiB, so a longer experiment met a higher peak; the engine now gives each worker a ' +
  '16 MiB young generation (faster than 4 MiB, which kept the peak flatter), which brought ' +
  '10,000, 100,000 and 300,000 runs to 192-197, 213-220 and 215-230 MiB in the measurements ' +
  'of 2026-12-04 (the engine’s README). ';

/** The commit the benchmark was built from, and how many files under packages/ differ from it. */
function sourceState(): { commit: string; changed: number } {
  const git = (args: string[]) =>
    spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
  const changed = git(['status', '--porcelain', '--', 'packages'])
    .split('\n')
    .filter((line) => line !== '' && !/bench\/experiments-/.test(line)).length;
  return { commit: git(['rev-parse', '--short', 'HEAD']) || 'unknown', changed };
}

const workerLabel = (n: number): string => `${n} worker${n === 1 ? '' : 's'}`;
const seconds = (ms: number): string => fmt(ms / 1000, 2);
const verdict = (met: boolean): string => (met ? 'met' : 'missed');

interface Results {
  readonly options: Options;
  readonly loadAtStart: number[];
  readonly loadAtEnd: number[];
  readonly totalS: number;
  readonly perRun: PerRunSample;
  readonly importsOnly: { importedAtMs: number; peakRssMiB: number; processMs: number };
  readonly byWorkers: ExperimentSample[];
  readonly withSeries: ExperimentSample;
  /** The later pairs of 1 and 2 workers for the speed-up, the order alternating, 2 first. */
  readonly again: readonly { readonly one: ExperimentSample; readonly two: ExperimentSample }[];
  readonly memory: MemoryPlan;
  readonly larger: ExperimentSample | undefined;
  /** The plateau check: three times the memory goal's count, if measured. */
  readonly plateau: ExperimentSample | undefined;
  readonly source: { commit: string; changed: number };
}

/**
 * Peak memory's growth from the goal's run count to the memory goal's (`growth`) and from there
 * to the plateau count (`lateGrowth`), and whether it counts as flat: by the plateau if it was
 * measured, else by the earlier criterion.
 */
function flatness(r: Results): {
  growth: number | undefined;
  lateGrowth: number | undefined;
  flat: boolean | undefined;
} {
  const two = r.byWorkers[2]!;
  const { larger, plateau } = r;
  const growth = larger ? larger.peakRssMiB / two.peakRssMiB - 1 : undefined;
  const lateGrowth = larger && plateau ? plateau.peakRssMiB / larger.peakRssMiB - 1 : undefined;
  const flat =
    lateGrowth !== undefined
      ? lateGrowth <= FLAT_TOLERANCE
      : growth === undefined
        ? undefined
        : growth <= EARLY_GROWTH_TOLERANCE;
  return { growth, lateGrowth, flat };
}

/** Wall time of the runs after the first record, per run after the first. */
const steadyMsPerRun = (s: ExperimentSample): number => (s.last.ms - s.first.ms) / (s.runs - 1);
const steadyCpuMsPerRun = (s: ExperimentSample): number =>
  (s.last.cpuMs - s.first.cpuMs) / (s.runs - 1);

function experimentRow(s: ExperimentSample, label: string): string {
  const startUp = s.first.ms - s.planned.ms;
  const runsMs = s.last.ms - s.first.ms;
  const analysis = s.end.ms - s.last.ms;
  return (
    `| ${label} | ${seconds(s.end.ms)} | ${fmt(s.planned.ms)} | ${fmt(startUp)} | ` +
    `${seconds(runsMs)} | ${fmt(analysis)} | ${fmt(1000 / steadyMsPerRun(s))} | ` +
    `${seconds(s.end.cpuMs)} | ${us(s.end.cpuMs / s.runs)} | ${us(steadyCpuMsPerRun(s))} | ` +
    `${fmt(s.peakRssMiB)} | ${seconds(s.processMs)} |`
  );
}

function renderSection(r: Results): string {
  const { options, perRun, byWorkers, withSeries, larger, plateau, importsOnly } = r;
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const cores = os.cpus().length;
  const memGiB = os.totalmem() / 2 ** 30;
  const date = new Date().toISOString().slice(0, 10);
  const load = (l: number[]) => l.map((x) => fmt(x, 2)).join(', ');
  const [zero, one, two] = byWorkers as [ExperimentSample, ExperimentSample, ExperimentSample];
  const plain = perRun.plain.median;

  // The speed-up of each pair, and their mean, which the goal is judged on.
  const pairs = [{ one, two }, ...r.again];
  const callSpeedUps = pairs.map((p) => p.one.end.ms / p.two.end.ms);
  const steadySpeedUps = pairs.map((p) => steadyMsPerRun(p.one) / steadyMsPerRun(p.two));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const speedUpCall = mean(callSpeedUps);
  const speedUpSteady = mean(steadySpeedUps);
  const pairText = (xs: number[]) => xs.map((x) => fmt(x, 2)).join(', ');
  const cpuPerRunTwo = two.end.cpuMs / two.runs;
  const ratioTwo = cpuPerRunTwo / plain;
  const { growth, lateGrowth } = flatness(r);
  const plateauRuns = PLATEAU_FACTOR * options.memoryRuns;
  const signed = (x: number) => `${x >= 0 ? '+' : ''}${fmt(x * 100, 1)} %`;

  const perRunRows: [string, number, number | undefined][] = [
    ['plain loop, `runPlainLoop` (warm child)', plain, perRun.plain.mean],
    ['agent model, `runLithiumModel` (warm child)', perRun.agent.median, perRun.agent.mean],
    [
      'one run of the experiment in the calling thread: `evaluateRun` and its JSON line ' +
        '(warm child)',
      perRun.experimentRun.median,
      perRun.experimentRun.mean,
    ],
    [
      'the same with a third factor that needs resolving, `ev.lifetime.mean` (warm child, ' +
        `${fmt(perRun.resolvingRun.count)} samples)`,
      perRun.resolvingRun.median,
      perRun.resolvingRun.mean,
    ],
    ...byWorkers.flatMap((s): [string, number, number | undefined][] => [
      [
        `experiment, ${workerLabel(s.workers)}: CPU after the first record ÷ runs`,
        steadyCpuMsPerRun(s),
        undefined,
      ],
      [
        `experiment, ${workerLabel(s.workers)}: CPU of the whole call ÷ runs`,
        s.end.cpuMs / s.runs,
        undefined,
      ],
    ]),
  ];

  const memoryRows = [
    `| imports only (no experiment) | – | – | ${fmt(importsOnly.peakRssMiB)} | – | – |`,
    ...[two, ...(larger ? [larger] : []), ...(plateau ? [plateau] : [])].map(
      (s) =>
        `| ${fmt(s.runs)} | 2 | ${seconds(s.processMs)} | ${fmt(s.peakRssMiB)} | ` +
        `${fmt(s.heapAtLastMiB, 1)} | ${fmt(s.resultMiB, 1)} |`,
    ),
  ];

  const goals = [
    `${fmt(GOAL_RUNS)} runs under ${GOAL_SECONDS} s on 2 workers: ` +
      (options.runs === GOAL_RUNS
        ? `${seconds(two.end.ms)} s for the whole \`runExperiment\` call ` +
          `(${seconds(two.processMs)} s as a process) ${verdict(two.end.ms < GOAL_SECONDS * 1000)}`
        : `not measured (this run used ${fmt(options.runs)} runs)`),
    `speed-up of 2 workers over 1 at least ${GOAL_SPEED_UP}: ${fmt(speedUpCall, 2)} for the ` +
      `whole call (mean of the pairs' ${pairText(callSpeedUps)}), ${fmt(speedUpSteady, 2)} ` +
      `after the first record ${verdict(speedUpCall >= GOAL_SPEED_UP)}`,
    `per run within ${GOAL_RATIO}× of the plain loop: CPU per run of the whole call on 2 ` +
      `workers ${us(cpuPerRunTwo)} against ${us(plain)}, ${fmt(ratioTwo)}× (after the first ` +
      `record: ${fmt(steadyCpuMsPerRun(two) / plain)}×) ${verdict(ratioTwo <= GOAL_RATIO)}`,
    larger && larger.runs === GOAL_MEMORY_RUNS
      ? `peak memory for ${fmt(GOAL_MEMORY_RUNS)} runs under ${GOAL_MEMORY_MIB} MiB: ` +
        `${fmt(larger.peakRssMiB)} MiB ${verdict(larger.peakRssMiB < GOAL_MEMORY_MIB)}`
      : `peak memory for ${fmt(GOAL_MEMORY_RUNS)} runs under ${GOAL_MEMORY_MIB} MiB: not ` +
        'measured' +
        (r.memory.note ? ` (${r.memory.note})` : ` (this run went to ${fmt(larger?.runs ?? 0)})`),
    flatLine(),
  ];

  function flatLine(): string {
    if (!larger || growth === undefined)
      return 'peak memory flat in the number of runs: not measured';
    const early =
      `${fmt(two.peakRssMiB)} → ${fmt(larger.peakRssMiB)} MiB from ${fmt(two.runs)} to ` +
      `${fmt(larger.runs)} runs, ${signed(growth)}`;
    if (!plateau || lateGrowth === undefined) {
      return (
        `peak memory flat in the number of runs (${fmt(plateauRuns)} runs not measured, so ` +
        `judged by the earlier criterion, at most ${fmt(EARLY_GROWTH_TOLERANCE * 100)} % from ` +
        `${fmt(two.runs)} to ${fmt(larger.runs)} runs): ${early} ` +
        verdict(growth <= EARLY_GROWTH_TOLERANCE)
      );
    }
    return (
      `peak memory flat in the number of runs (here: levelled off, at most ` +
      `${fmt(FLAT_TOLERANCE * 100)} % more at ${fmt(plateau.runs)} runs than at ` +
      `${fmt(larger.runs)}): ${fmt(larger.peakRssMiB)} → ${fmt(plateau.peakRssMiB)} MiB, ` +
      `${signed(lateGrowth)} ${verdict(lateGrowth <= FLAT_TOLERANCE)}; by the earlier ` +
      `criterion (at most ${fmt(EARLY_GROWTH_TOLERANCE * 100)} % from ${fmt(two.runs)} runs): ` +
      `${early} ${verdict(growth <= EARLY_GROWTH_TOLERANCE)}`
    );
  }

  const lines = [
    START_MARKER,
    '## Experiments',
    '',
    `Measured ${date} on ${cpu}, ${cores} cores, ${fmt(memGiB, 1)} GiB RAM, Node ` +
      `${process.version} (${os.platform()} ${os.arch()}), by \`pnpm bench\` ` +
      '(`packages/scenarios/bench/experiments-bench.ts`, after the reference-model ' +
      `benchmark), ${fmt(r.totalS)} s in all. Built from commit ${r.source.commit}` +
      (r.source.changed > 0
        ? ` with ${fmt(r.source.changed)} files under \`packages/\` changed and not yet ` +
          'committed (work in progress beside this benchmark), so the model measured is that ' +
          'working tree.'
        : '.'),
    '',
    `Load average at the start: ${load(r.loadAtStart)}; at the end: ${load(r.loadAtEnd)}. ` +
      'These count the benchmark’s own work (its children use both cores, and under `pnpm ' +
      'bench` the kernel and reference-model benchmarks ran just before), so a load near ' +
      `${cores} does not by itself mean that other processes ran beside it. This machine’s ` +
      'speed also changes from one hour to the next; compare ratios measured together, not ' +
      'times across benchmarks.',
    '',
    'How: `pnpm build` first; then every measurement is one fresh child process, `node ' +
      'packages/scenarios/bench/experiments-child.mjs` on the built `dist/` (plain JavaScript, ' +
      'no TypeScript loader), spawned with `spawnSync`. The child calls `runExperiment` with a ' +
      `Monte Carlo experiment of ${COMBINATION}: \`market.SPR\` uniform on [0, 1] and ` +
      '`producers.Con` triangular (0.05, 0.15, 0.3), both set on the resolved scenario without ' +
      'resolving again; one value output, supply in 2050; no shocks; results into a temporary ' +
      'directory. Times come from `performance.now()` in the child, split at the progress ' +
      'reports: planning (load the pack, resolve, draw the design, check the bounds, open the ' +
      'file) ends with the first report, while the worker threads, started once the pack is ' +
      'loaded, load the modules and take a copy of the pack; start-up runs from there to the ' +
      'first finished record (the ' +
      'workers finishing their loading, the first run); the ' +
      'runs from the first record to the last; then analysis, `summary.json` and closing the ' +
      'pool. CPU time is `process.cpuUsage()` of the child, which counts every thread, worker ' +
      'threads included; peak RSS is its `process.resourceUsage().maxRSS`, which covers the ' +
      'worker threads too (they share the process). The process column is spawn to exit as ' +
      'the parent saw it, with Node starting and the imports ' +
      `(${fmt(importsOnly.importedAtMs)} ms and ${fmt(importsOnly.peakRssMiB)} MiB in a child ` +
      'that only imports). Each row is a single child, not a median. The result files of 0, 1 ' +
      `and 2 workers are byte-identical (sha256 compared): ${identicalNote(byWorkers)}. These ` +
      'are measurements, not timed tests: nothing fails on a slow machine.',
    '',
    `### ${fmt(options.runs)} runs by worker count`,
    '',
    '| workers | whole call (s) | planning (ms) | start-up to first record (ms) | runs after ' +
      'the first (s) | analysis and close (ms) | runs/s after the first | CPU (s) | CPU per ' +
      'run, whole call | CPU per run after the first | peak RSS (MiB) | process (s) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    experimentRow(zero, '0 (calling thread)'),
    experimentRow(one, '1'),
    experimentRow(two, '2'),
    experimentRow(withSeries, '2, with a series output (supply, 28 years)'),
    ...r.again.flatMap((pair, i) => {
      const twoFirst = i % 2 === 0;
      const rows = [
        experimentRow(pair.two, `2, pair ${i + 2}${twoFirst ? '' : ' (after the row above)'}`),
        experimentRow(pair.one, `1, pair ${i + 2}${twoFirst ? ' (after the row above)' : ''}`),
      ];
      return twoFirst ? rows : rows.reverse();
    }),
    '',
    `Speed-up of 2 workers over 1, the mean of ${pairs.length} pairs (1 then 2 workers above, ` +
      `then alternately 2 then 1 and 1 then 2): ${fmt(speedUpCall, 2)} for the whole call ` +
      `(${pairText(callSpeedUps)}), ` +
      `${fmt(speedUpSteady, 2)} in runs per second after the first record ` +
      `(${pairText(steadySpeedUps)}). Result file: ` +
      `${fmt(two.resultMiB, 1)} MiB, ${fmt(withSeries.resultMiB, 1)} MiB with the series output.`,
    '',
    `Workers compiling their optimised code on their own thread (\`compilingOnOwnThread()\` ` +
      'during the runs; the pool does so when its workers are at least as many as the cores, see ' +
      `the engine README): ${compileNote([one, two, ...r.again.flatMap((p) => [p.one, p.two])])}.`,
    '',
    '### Per run against the plain loop',
    '',
    'The first four rows come from a warm child (`node --import tsx`, without the source ' +
      `condition, so the packages load from \`dist/\`): after ${fmt(Math.max(50, perRun.iterations >> 2))} ` +
      `untimed rounds, ${fmt(perRun.iterations)} timed rounds, each call timed on its own ` +
      'with `process.hrtime.bigint()` as in the reference-model benchmark, the calls ' +
      'interleaved; median, and the mean (with garbage collection) in brackets. The plain loop ' +
      `and the agent model run ${COMBINATION} as resolved; each experiment run has its own ` +
      'drawn factors, as in the experiment. The other rows divide the CPU time of the ' +
      'experiment children above by their runs.',
    '',
    '| what | per run | ÷ plain loop |',
    '|---|---:|---:|',
    ...perRunRows.map(
      ([label, ms, meanMs]) =>
        `| ${label} | ${us(ms)}${meanMs === undefined ? '' : ` (${us(meanMs)})`} | ` +
        `${fmt(ms / plain, 1)}× |`,
    ),
    '',
    '### Peak memory by run count',
    '',
    'Each row a fresh child at 2 workers; the first row is the child that only imports. ' +
      (r.memory.note ? `${r.memory.note}. ` : '') +
      'The heap column is the calling thread’s heap in use after a full collection ' +
      '(`--expose-gc`, `gc()` once, at the last record, while the pool still runs), so it ' +
      'shows what the calling thread keeps; the worker threads’ heaps are not in it.',
    '',
    '| runs | workers | process (s) | peak RSS (MiB) | calling thread’s heap after GC (MiB) | ' +
      'result file (MiB) |',
    '|---:|---:|---:|---:|---:|---:|',
    ...memoryRows,
    '',
    'Goals of the issue:',
    '',
    ...goals.map((g) => `- ${g}`),
    '',
    ...whyMissed(r, { speedUpCall, ratioTwo }),
    END_MARKER,
  ];
  return lines.join('\n');
}

/** Which worker counts compiled on their own thread, from the samples. */
function compileNote(samples: readonly ExperimentSample[]): string {
  const byWorkers = new Map<number, Set<boolean>>();
  for (const s of samples) {
    const seen = byWorkers.get(s.workers) ?? new Set<boolean>();
    seen.add(s.compiledOnOwnThread);
    byWorkers.set(s.workers, seen);
  }
  return [...byWorkers]
    .sort(([a], [b]) => a - b)
    .map(
      ([n, seen]) => `${workerLabel(n)}: ${[...seen].map((x) => (x ? 'yes' : 'no')).join(' and ')}`,
    )
    .join('; ');
}

function identicalNote(samples: readonly ExperimentSample[]): string {
  return `${samples[0]!.resultSha256.slice(0, 12)}… for all ${samples.length}`;
}

/** Reasons for each missed goal, from the numbers measured in this run. */
function whyMissed(r: Results, derived: { speedUpCall: number; ratioTwo: number }): string[] {
  const { perRun, byWorkers } = r;
  const [zero, one, two] = byWorkers as [ExperimentSample, ExperimentSample, ExperimentSample];
  const plain = perRun.plain.median;
  const reasons: string[] = [];

  if (two.end.ms >= GOAL_SECONDS * 1000 && r.options.runs === GOAL_RUNS) {
    const modelOnly = (GOAL_RUNS * perRun.agent.median) / 2;
    reasons.push(
      `**${fmt(GOAL_RUNS)} runs in ${GOAL_SECONDS} s.** The agent model alone takes ` +
        `${us(perRun.agent.median)} a run in a warm process, so ${fmt(GOAL_RUNS)} runs need ` +
        `${seconds(modelOnly)} s of model time even split perfectly over 2 idle cores; ` +
        `${GOAL_SECONDS} s would need ${us((2 * GOAL_SECONDS * 1000) / GOAL_RUNS)} a run or ` +
        'less. Start-up adds ' +
        `${fmt(two.first.ms)} ms before the first record (planning ${fmt(two.planned.ms)} ms, ` +
        `then ${fmt(two.first.ms - two.planned.ms)} ms until the workers, started once the ` +
        'pack is loaded and before the runs are planned, have loaded the modules, taken their ' +
        'copy of the pack and finished a first run), ' +
        'a fixed cost that matters little beside the runs.',
    );
  }
  if (derived.speedUpCall < GOAL_SPEED_UP) {
    reasons.push(
      `**Speed-up ${GOAL_SPEED_UP}.** Two workers can only double the rate if two cores are ` +
        'theirs alone. Beside them run the calling thread (it makes each spec, posts it, ' +
        'receives the line and writes it) and the optimising compiler: each isolate optimises ' +
        'the model’s code for itself, about 0.5 s of CPU a worker over 10,000 runs, which with 1 ' +
        'worker runs on V8’s helper threads on the idle second core and with 2 (which compile ' +
        `on their own thread when they take every core${two.compiledOnOwnThread ? ', as here' : '; not so here'}) ` +
        'takes time from the runs (per-thread CPU times from /proc, measured apart from this ' +
        'benchmark on 2026-12-04: each worker 2.7-2.9 s, helper threads 0.5 s, the calling ' +
        'thread 0.4 s; see the engine README). CPU per run after the first record was ' +
        `${us(steadyCpuMsPerRun(one))} on 1 worker and ${us(steadyCpuMsPerRun(two))} on 2, ` +
        `against ${us(perRun.experimentRun.median)} for a run in the warm child.`,
    );
  }
  if (derived.ratioTwo > GOAL_RATIO) {
    const overModel = perRun.experimentRun.median - perRun.agent.median;
    reasons.push(
      `**Within ${GOAL_RATIO}× of the plain loop.** The agent model itself is ` +
        `${fmt(perRun.agent.median / plain)}× the plain loop (${us(perRun.agent.median)} against ` +
        `${us(plain)}; see the reference-model section for where its time goes), and nothing ` +
        'the experiment does can make a run cheaper than the model it runs. On top of the ' +
        `model, one run of the experiment adds ${overModel > 0 ? us(overModel) : `no time this measurement could see (${us(overModel)}, noise)`} in the warm child (the ` +
        'assignment of the two factors, the scenario cache look-up by a JSON key, reading the ' +
        'output, the JSON line), and in the experiment the transfer ' +
        'to and from the worker, the ordered write and the start-up: CPU per run of the whole ' +
        `call on 0 workers is ${us(zero.end.cpuMs / zero.runs)}, on 2 workers ` +
        `${us(two.end.cpuMs / two.runs)}. A factor that needs resolving (a lifetime field) ` +
        `costs ${us(perRun.resolvingRun.median)} a run, ` +
        `${fmt(perRun.resolvingRun.median / perRun.agent.median, 1)}× the model.`,
    );
  }
  const larger = r.larger;
  if (larger && flatness(r).flat === false) {
    const extraRuns = larger.runs - two.runs;
    const perRunBytes = (MiB: number) => fmt((MiB * 2 ** 20) / extraRuns);
    reasons.push(
      `**Flat memory.** Peak RSS grew from ${fmt(two.peakRssMiB)} MiB at ${fmt(two.runs)} ` +
        `runs to ${fmt(larger.peakRssMiB)} MiB at ${fmt(larger.runs)}` +
        (r.plateau ? ` and ${fmt(r.plateau.peakRssMiB)} MiB at ${fmt(r.plateau.runs)}` : '') +
        ', from the first to the second about ' +
        `${perRunBytes(larger.peakRssMiB - two.peakRssMiB)} bytes a run; the calling ` +
        `thread’s live heap grew from ${fmt(two.heapAtLastMiB, 1)} to ` +
        `${fmt(larger.heapAtLastMiB, 1)} MiB, about ` +
        `${perRunBytes(larger.heapAtLastMiB - two.heapAtLastMiB)} bytes a run. Some of that ` +
        'is by design: the plan keeps the drawn factor values of every run (one ' +
        '`Float64Array` of runs × factors) and the analysis one `Float64Array` per value ' +
        'output. ' +
        (larger.heapAtLastMiB - two.heapAtLastMiB > HEAP_GROWTH_NOTE_MIB ? LEAK_NOTE : '') +
        MEMORY_NOTE +
        'Records themselves stream to the file, and at most 64 × workers ' +
        'wait in memory for an earlier one.',
    );
  }
  if (larger && larger.runs === GOAL_MEMORY_RUNS && larger.peakRssMiB >= GOAL_MEMORY_MIB) {
    reasons.push(
      `**Under ${GOAL_MEMORY_MIB} MiB.** ${fmt(larger.peakRssMiB)} MiB at ` +
        `${fmt(larger.runs)} runs, of which ${fmt(r.importsOnly.peakRssMiB)} MiB is Node and ` +
        'the modules in the calling thread alone; each worker thread loads the modules and the ' +
        'pack again.',
    );
  }
  return reasons.length === 0 ? [] : ['Why:', '', ...reasons.map((x) => `- ${x}`), ''];
}

function writeSection(section: string): void {
  const path = join(ROOT, 'BENCHMARKS.md');
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  writeFileSync(path, replaceSection(existing, section));
}

/** `text` with the experiments section replaced, or inserted after the reference section. */
function replaceSection(text: string, section: string): string {
  const start = text.indexOf(START_MARKER);
  const end = text.indexOf(END_MARKER);
  if (start >= 0 && end > start) {
    return text.slice(0, start) + section + text.slice(end + END_MARKER.length);
  }
  const after = text.indexOf(AFTER_MARKER);
  if (after < 0) return `${text.trimEnd()}\n\n${section}\n`;
  const at = after + AFTER_MARKER.length;
  return `${text.slice(0, at)}\n\n${section}${text.slice(at)}`;
}

const argv = process.argv.slice(2);
if (argv[0] === '--per-run') out(JSON.stringify(measurePerRun(Number(argv[1]))));
else await main();
