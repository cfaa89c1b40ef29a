/**
 * Running an experiment end to end: resolve its base scenario, plan the runs, execute them over
 * worker threads into `DIR/results.jsonl` (resumable), analyse, and write `DIR/summary.json` and
 * `DIR/runs.csv`.
 * A calibration is handed to `calibrate-experiment.ts`.
 */
import { join } from 'node:path';
import { loadJointPack, resolveJoint } from '../joint/joint-pack.js';
import { makeDirectory, refuseForeignOutputDir } from '../output-directory.js';
import { loadPack, type Pack } from '../pack/index.js';
import { analyseExperiment, type ExperimentSummary } from './analyse.js';
import { calibrateExperiment } from './calibrate-experiment.js';
import {
  type ExperimentProgress,
  executeExperiment,
  runOnJointScenario,
  runOnScenario,
  startWorkers,
  type WorkerPool,
} from './engine/index.js';
import type { Experiment } from './experiment-file.js';
import { isJointPack, jointPlanBase, refuseOnJointPack } from './joint-experiment.js';
import type { ExperimentPlan } from './plan.js';
import {
  planChecked,
  refuseBadOutputs,
  resolveBase,
  resolverOf,
  writeFileAtomically,
} from './run-helpers.js';
import { writeRunsTable } from './runs-table.js';

export { writeFileAtomically };

/** Options of {@link runExperiment}. */
export interface RunExperimentOptions {
  /** Directory of the results; an interrupted experiment in it is resumed. */
  readonly out: string;
  /** Worker threads; 0 runs in the calling thread. Results are identical for any count. */
  readonly workers: number;
  readonly onProgress?: (progress: ExperimentProgress) => void;
  readonly signal?: AbortSignal;
}

/** A finished experiment. */
export interface ExperimentResult {
  /**
   * What the result file's header names the experiment (`ExperimentPlan.id`: the experiment
   * with the scenario it ran on); a calibration's is the experiment's own id.
   */
  readonly id: string;
  readonly summary: ExperimentSummary;
  readonly resultFile: string;
  readonly resumedFrom: number;
}

/**
 * Runs `experiment` on the pack at `packDir`. A calibration goes to `calibrateExperiment`: its
 * runs are sequential, in the calling thread, and `workers` is not read. The result file holds one record per run in index
 * order; rerun after an interruption and only the missing runs are done.
 */
export async function runExperiment(
  experiment: Experiment,
  packDir: string,
  options: RunExperimentOptions,
): Promise<ExperimentResult> {
  // A directory of someone else's files is refused before anything runs: summary.json,
  // runs.csv and report.html would replace files of the same names.
  refuseForeignOutputDir(
    options.out,
    experiment.method.kind === 'calibration' ? 'calibration.jsonl' : 'results.jsonl',
  );
  if (experiment.method.kind === 'calibration' && !isJointPack(packDir)) {
    return calibrateExperiment(experiment, packDir, options);
  }
  // One metal's pack is loaded first (a bad one is refused before any worker starts), and each
  // worker takes a copy of it rather than reading and checking its files again. The workers
  // start now, and load the modules (and a joint pack) while this thread plans the runs (a
  // calibration on a joint pack is refused before any run: it gets none).
  // Limitation: an experiment refused by the checks below, or found already complete, has
  // started its workers for nothing; they are closed at once, but their start-up CPU is spent.
  const joint = isJointPack(packDir);
  const pack = joint ? undefined : loadPack(packDir);
  const pool =
    options.workers > 0 && experiment.method.kind !== 'calibration'
      ? startWorkers(options.workers, packDir, pack)
      : undefined;
  try {
    return pack === undefined
      ? await runJointExperiment(experiment, packDir, options, pool)
      : await runSingleExperiment(experiment, pack, packDir, options, pool);
  } finally {
    await pool?.close();
  }
}

/** An experiment on one metal's pack. */
async function runSingleExperiment(
  experiment: Experiment,
  pack: Pack,
  packDir: string,
  options: RunExperimentOptions,
  pool: WorkerPool | undefined,
): Promise<ExperimentResult> {
  const resolve = resolverOf(pack, experiment);
  const base = resolveBase(resolve, experiment);
  // Every problem of the file at once, then the outputs, on a run of the plan's first run.
  // Limitation: that run is made even when resuming a file that is already complete.
  const planned = planChecked(experiment, base, resolve);
  const first = planned.runs > 0 ? planned.runAt(0) : undefined;
  refuseBadOutputs(
    experiment,
    first && (() => runOnScenario(resolve(first.overrides), pack.metal, first)),
    `market:${pack.metal}`,
  );
  return runPlanned(experiment, packDir, planned, base.parameters.horizon, options, pool);
}

/** An experiment on a joint pack: see `joint-experiment.ts` for what it can and cannot do. */
async function runJointExperiment(
  experiment: Experiment,
  packDir: string,
  options: RunExperimentOptions,
  pool: WorkerPool | undefined,
): Promise<ExperimentResult> {
  const pack = loadJointPack(packDir);
  refuseOnJointPack(experiment, pack.metals);
  const resolve = (overrides: readonly string[]) =>
    resolveJoint(pack, experiment.combination, {
      ...(experiment.variant === undefined ? {} : { variant: experiment.variant }),
      overrides,
    });
  const base = resolveBase(resolve, experiment);
  const planBase = jointPlanBase(base);
  const planned = planChecked(experiment, planBase, resolve);
  const first = planned.runs > 0 ? planned.runAt(0) : undefined;
  refuseBadOutputs(
    experiment,
    first && (() => runOnJointScenario(resolve(first.overrides), first)),
    '',
  );
  const horizon = base.scenarios.get(base.demandFrom)!.parameters.horizon;
  return runPlanned(experiment, packDir, planned, horizon, options, pool);
}

/**
 * Runs the planned runs into `DIR/results.jsonl`, analyses them, writes `DIR/summary.json` and the
 * runs table `DIR/runs.csv`.
 */
async function runPlanned(
  experiment: Experiment,
  packDir: string,
  plan: ExperimentPlan,
  horizon: { readonly startYear: number; readonly endYear: number },
  options: RunExperimentOptions,
  pool: WorkerPool | undefined,
): Promise<ExperimentResult> {
  makeDirectory(options.out);
  const resultFile = join(options.out, 'results.jsonl');
  const outcome = await executeExperiment(
    {
      id: plan.id,
      packDir,
      runs: plan.runs,
      runAt: plan.runAt,
      outputs: experiment.outputs.map((o) => ({ ...o })),
    },
    {
      resultFile,
      workers: options.workers,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(pool ? { pool } : {}),
    },
  );
  // The analysis needs no workers.
  await pool?.close();
  const summary = analyseExperiment(experiment, plan, resultFile, horizon);
  writeFileAtomically(join(options.out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  writeRunsTable(experiment, plan, resultFile, join(options.out, 'runs.csv'));
  return { id: plan.id, summary, resultFile, resumedFrom: outcome.resumedFrom };
}
