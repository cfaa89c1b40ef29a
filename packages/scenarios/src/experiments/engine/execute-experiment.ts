import { InvalidArgumentError } from '@orebus/core';
import Tinypool from 'tinypool';
import { type Pack, type PackData, packData } from '../../pack/index.js';
import { holdCompilingOnOwnThread } from './compile-threads.js';
import { ExperimentAbortedError, RunFailedError } from './errors.js';
import type { ExperimentJob, RunSpec } from './experiment-job.js';
import { type ExperimentProgress, ProgressMeter } from './progress.js';
import { OrderedRecordWriter, openResultFile } from './result-file.js';
import { errorFrom, type RunOutcome, type RunTask, runTask, type TaskResult } from './run-task.js';

/** Options of {@link executeExperiment}. */
export interface ExecuteOptions {
  /** The JSON Lines file the records go to; an existing one of the same experiment is resumed. */
  readonly resultFile: string;
  /** Worker threads to spread the runs over; 0 runs them one by one in the calling thread. */
  readonly workers: number;
  /** Called once at the start and after every finished run (synchronously; keep it quick). */
  readonly onProgress?: (progress: ExperimentProgress) => void;
  /** Stops the experiment: runs in flight are cut off, finished ones stay in the file. */
  readonly signal?: AbortSignal;
  /**
   * Worker threads started earlier by {@link startWorkers} for this many `workers` and this
   * job's pack, used instead of starting new ones; the caller closes them.
   */
  readonly pool?: WorkerPool;
}

/**
 * Worker threads started ahead of an experiment ({@link startWorkers}), so that they load the
 * modules and the pack while the calling thread plans the runs.
 */
export interface WorkerPool {
  readonly workers: number;
  readonly packDir: string;
  /** Stops the threads; runs in flight are cut off. Safe to call more than once. */
  close(): Promise<void>;
}

const RUNNER = Symbol('runner');

interface StartedPool extends WorkerPool {
  readonly [RUNNER]: Runner;
}

/**
 * Starts `workers` worker threads for experiments on the pack at `packDir`: each loads the
 * engine's modules and the pack at once, or, given `pack` (the pack at `packDir` as the calling
 * thread loaded it, a single-metal pack), takes a copy of it instead of reading and checking its
 * files again. Pass the pool to {@link executeExperiment} as `options.pool`, and close it when
 * done, whether or not it was used.
 *
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) unless `workers` is an integer from 1 to
 *   256.
 */
export function startWorkers(workers: number, packDir: string, pack?: Pack): WorkerPool {
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS) {
    throw new InvalidArgumentError('workers', workers, `an integer from 1 to ${MAX_WORKERS}`);
  }
  const runner = poolRunner(workers, packDir, pack);
  let closed: Promise<void> | undefined;
  const pool: StartedPool = {
    workers,
    packDir,
    close: () => {
      closed ??= runner.close();
      return closed;
    },
    [RUNNER]: runner,
  };
  return pool;
}

/** How an experiment ended. */
export interface ExperimentOutcome {
  /** Records in the result file now: every run, as the experiment finished. */
  readonly completed: number;
  /** Records that were already in the file at the start (0 for a fresh experiment). */
  readonly resumedFrom: number;
}

/**
 * Tasks (batches of consecutive runs, see `RunTask`) in flight per worker thread: two, so that a
 * worker finds its next task waiting when it finishes one instead of idling while the finished
 * one goes back and a new one comes.
 */
const TASKS_PER_WORKER = 2;
/**
 * How long a task should take, ms. A task's round trip (two messages and tinypool's bookkeeping)
 * left a worker idle for a few hundred microseconds: with 2 lithium runs a task, about a quarter
 * of its time (4,000 runs on one worker: 4.3 s wall, 3.2 s in the runs). So a task gets as many
 * runs as fit in this time at the pace of the last task, and the idle share falls to a few %.
 */
const TASK_TARGET_MS = 10;
/**
 * The most runs a task gets. With the number of tasks in flight it bounds the records waiting in
 * memory and the finished runs an abort throws away (those of the tasks in flight).
 */
const MAX_TASK_RUNS = 32;
const MAX_WORKERS = 256;
/**
 * The old-generation heap limit of each worker thread, MiB. A run lives about a millisecond but
 * long enough for V8 to move much of it to the old generation, and under the default limit (a
 * share of the machine's memory) a worker let that garbage pile up for tens of thousands of runs
 * before a full collection: about 2 KB a run, so peak memory grew with the run count. Under a
 * limit V8 collects early; a worker's live heap stays near 20 MiB with the lithium pack.
 */
const WORKER_OLD_GENERATION_MIB = 256;
/**
 * The young-generation size of each worker thread, MiB. A run's objects die young. Under V8's
 * default (up to 48 MiB of young generation per thread) each worker's memory swings by tens of
 * MiB between collections, and a long experiment reaches higher peaks than a short one. A smaller
 * young generation keeps the peak flat but collects more often, and a run lives long enough for
 * part of it to be promoted. Measured 2026-12-04 (2 cores, Node 20; the Monte Carlo experiment of
 * the benchmark, fresh processes, two repetitions each), whole call on 2 workers at 10,000 runs
 * and peak RSS at 10,000 / 100,000 / 300,000 runs:
 *
 *  - default: 2.79 s; 217-227 / 260-262 MiB (+16 to +20 %, not flat);
 *  - 16 MiB: 2.85-2.87 s; 197 / 212-214 / 215 MiB (two later measurements: 192-195 / 219-220 /
 *    229-230 MiB);
 *  - 8 MiB: 3.05-3.10 s; 173-175 / 187 MiB;
 *  - 4 MiB: 3.11-3.15 s; 162-164 / 174-175 / 176 MiB.
 *
 * 16 MiB is nearly as fast as the default (1 worker: 3.77-3.88 s against 4.23-4.42 s at 4 MiB)
 * and its peak stays far below 500 MiB. (What still rose with the run count in these
 * measurements was the calling thread's heap, fixed in `dispatch`: 196 / 209 / 213 MiB since.)
 */
const WORKER_YOUNG_GENERATION_MIB = 16;

interface Runner {
  /** How many tasks may be in flight at once. */
  readonly tasks: number;
  /** The most runs one task may hold. */
  readonly taskRuns: number;
  /** Resolves to one outcome per run of the task, in order, ending at the first failed run. */
  run(task: RunTask, signal: AbortSignal | undefined): Promise<TaskResult>;
  close(): Promise<void>;
}

/**
 * Runs every run of `job` not yet in `resultFile`, spread over `workers` worker threads, and
 * appends their records to the file in index order as they finish.
 *
 * Determinism: each run's spec (and so its seed) comes from its index alone, and the records are
 * written in index order, so the file is byte-identical for any number of workers, and for an
 * experiment that was interrupted and resumed any number of times.
 *
 * Memory: records that finish ahead of an earlier one wait in memory, and no run starts more
 * than `64 × workers` indices past the first unwritten record, so memory does not grow with the
 * number of runs. A worker thread gets its runs in tasks of consecutive runs, two tasks at a
 * time; a task holds as many runs (1 to 32) as take about 10 ms at the pace of the last task,
 * and a single run at the start. How runs are grouped never changes what is written.
 *
 * Resume: an existing file of the same experiment (same id, run count and outputs) is continued
 * after its last complete record, a partial last line (from a kill) cut off first. A finished
 * file is left as it is.
 *
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a bad job or option, before the file
 *   is touched, or if `runAt(i)` returns a spec whose index is not `i`.
 * @throws ResultFileMismatchError (`E_RESULT_FILE_MISMATCH`) if the file is another
 *   experiment's; ResultFileCorruptError (`E_RESULT_FILE_CORRUPT`) if it is not a result file.
 *   Neither changes the file.
 * @throws RunFailedError (`E_RUN_FAILED`) when a run throws: runs stop being started, those in
 *   flight finish, and every record before the failed run is written.
 * @throws ExperimentAbortedError (`E_EXPERIMENT_ABORTED`) when `signal` aborts.
 */
export async function executeExperiment(
  job: ExperimentJob,
  options: ExecuteOptions,
): Promise<ExperimentOutcome> {
  checkJob(job, options.workers);
  const pool = options.pool as StartedPool | undefined;
  if (pool !== undefined && (pool[RUNNER] === undefined || pool.workers !== options.workers)) {
    throw new InvalidArgumentError(
      'pool',
      `${pool.workers} workers`,
      `a pool from startWorkers with the ${options.workers} workers of the options`,
    );
  }
  if (pool !== undefined && pool.packDir !== job.packDir) {
    throw new InvalidArgumentError('pool.packDir', pool.packDir, `the job's ${job.packDir}`);
  }

  const header = { experiment: job.id, runs: job.runs, outputs: job.outputs };
  const opened = openResultFile(options.resultFile, header);
  const writer = new OrderedRecordWriter(opened.fd, opened.next);
  const meter = new ProgressMeter(opened.next, job.runs);
  try {
    options.onProgress?.(meter.report(performance.now()));
    if (opened.next < job.runs) {
      if (pool !== undefined) {
        await dispatch(job, options, pool[RUNNER], writer, meter);
      } else {
        const runner =
          options.workers === 0 ? threadRunner() : poolRunner(options.workers, job.packDir);
        try {
          await dispatch(job, options, runner, writer, meter);
        } finally {
          await runner.close();
        }
      }
    }
  } finally {
    writer.close();
  }

  return { completed: writer.next, resumedFrom: opened.next };
}

/**
 * Keeps up to `runner.tasks` tasks in flight, no run more than `runner.tasks × runner.taskRuns`
 * indices past the first unwritten record, until every run is done, one fails or the signal
 * aborts.
 */
async function dispatch(
  job: ExperimentJob,
  options: ExecuteOptions,
  runner: Runner,
  writer: OrderedRecordWriter,
  meter: ProgressMeter,
): Promise<void> {
  const { signal, onProgress } = options;
  const window = runner.tasks * runner.taskRuns;
  const inFlight = new Set<Promise<void>>();
  let failure: { readonly spec: RunSpec; readonly cause: unknown } | undefined;
  const fail = (spec: RunSpec, cause: unknown) => {
    // The lowest failed index is reported, whichever thread happened to fail first.
    if (failure === undefined || spec.index < failure.spec.index) failure = { spec, cause };
  };
  // The pace of the last finished task, ms a run; unknown until one finishes.
  let runMs = Number.POSITIVE_INFINITY;

  // Starts the runs from `first` up to, not including, `end` as one task.
  const start = (first: number, end: number) => {
    const specs: RunSpec[] = [];
    for (let index = first; index < end; index++) {
      const spec = job.runAt(index);
      if (spec.index !== index) {
        throw new InvalidArgumentError(`runAt(${index}).index`, spec.index, `${index}`);
      }
      specs.push(spec);
    }
    const task: RunTask = { packDir: job.packDir, specs, outputs: job.outputs };
    const settled = runner.run(task, signal).then(
      ({ outcomes, elapsedMs }) => {
        const lines: string[] = [];
        for (const outcome of outcomes) {
          if ('line' in outcome) lines.push(outcome.line);
          else fail(specs[lines.length]!, errorFrom(outcome.error));
        }
        if (outcomes.length > 0) runMs = elapsedMs / outcomes.length;
        writer.acceptAll(first, lines);
        // The task's result outlives this. Tinypool's task record keeps its callback after the
        // task is done, and through it the settled promise and its value; a record that reached
        // the old generation holds them, as garbage, until a full collection, and young
        // collections count it as live. So the lines, about 1 MB a second, were promoted and
        // grew the calling thread's old generation from 49 to 62 MiB over 100,000 runs (1.06 MB
        // promoted a young collection; 0.18 MB once emptied; 2026-12-04; in a bare tinypool
        // harness, nulling the record's callback after the task cut what survived by 92 %).
        (outcomes as RunOutcome[]).length = 0;
        if (onProgress)
          for (let i = 0; i < lines.length; i++) onProgress(meter.finish(performance.now()));
      },
      (cause: unknown) => {
        // A run cut off by the abort is not a failure; the abort is reported below.
        if (!signal?.aborted) fail(specs[0]!, cause);
      },
    );
    const tracked = settled.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  let next = writer.next;
  for (;;) {
    while (
      failure === undefined &&
      !signal?.aborted &&
      next < job.runs &&
      inFlight.size < runner.tasks &&
      next < writer.next + window
    ) {
      const runs = Math.min(
        runner.taskRuns,
        Math.max(1, Math.floor(TASK_TARGET_MS / runMs)),
        // Near the end, the runs left are shared out so that no worker finishes long after
        // the others.
        Math.ceil((job.runs - next) / runner.tasks),
      );
      const end = Math.min(job.runs, writer.next + window, next + runs);
      start(next, end);
      next = end;
    }
    if (inFlight.size === 0) break;
    await Promise.race(inFlight);
  }

  if (failure !== undefined) throw new RunFailedError(failure.spec, failure.cause);
  if (signal?.aborted) {
    throw new ExperimentAbortedError(options.resultFile, writer.next, job.runs, signal.reason);
  }
}

/** Runs in the calling thread, one at a time, yielding to the event loop between runs. */
function threadRunner(): Runner {
  return {
    tasks: 1,
    taskRuns: 1,
    // Without the yield a long experiment would be one chain of microtasks, and timers (an
    // AbortSignal.timeout, a progress redraw) would never get their turn.
    run: (task) => new Promise((resolve) => setImmediate(() => resolve(runTask(task)))),
    close: async () => {},
  };
}

/**
 * Runs on a tinypool of worker threads. Run from the TypeScript sources (tests, `tsx`), the
 * workers load the sources too: through an entry that registers tsx, and under the
 * `@orebus/source` condition. Run from the built `dist/`, they load the built modules and
 * inherit the process's options.
 */
function poolRunner(workers: number, packDir: string, pack?: Pack): Runner {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = fromSource ? './run-worker-source.mjs' : './run-worker.js';
  // Off until the pool is closed: the workers' isolates are made on their threads after this.
  const release = holdCompilingOnOwnThread(workers);
  let pool: Tinypool;
  try {
    pool = makePool(
      workers,
      { packDir, ...(pack === undefined ? {} : { pack: packData(pack) }) },
      entry,
      fromSource,
    );
  } catch (error) {
    release();
    throw error;
  }
  // A worker that fails outside a task (its entry does not load, say) is reported by tinypool
  // only as an event on the pool, and the tasks waiting for it would wait for ever; so that event
  // rejects every task in flight. Each task registers its own rejecter and removes it when it
  // settles: racing every task against one long-lived promise instead would leave a reaction on
  // that promise per task, and memory would grow with the number of runs.
  const waiting = new Set<(error: Error) => void>();
  let failure: Error | undefined;
  pool.on('error', (cause: unknown) => {
    const reason = cause instanceof Error ? cause.message : String(cause);
    failure = new Error(`a worker thread failed outside any run: ${reason}`, { cause });
    for (const reject of waiting) reject(failure);
    waiting.clear();
  });
  return {
    tasks: workers * TASKS_PER_WORKER,
    taskRuns: MAX_TASK_RUNS,
    run: (task, signal) => {
      if (failure) return Promise.reject(failure);
      return new Promise<TaskResult>((resolve, reject) => {
        waiting.add(reject);
        pool
          .run(task, signal === undefined ? {} : { signal })
          .then(resolve, reject)
          .finally(() => waiting.delete(reject));
      });
    },
    close: () => pool.destroy().finally(release),
  };
}

/** The tinypool of `poolRunner`. */
function makePool(
  workers: number,
  workerData: { readonly packDir: string; readonly pack?: PackData },
  entry: string,
  fromSource: boolean,
): Tinypool {
  return new Tinypool({
    filename: new URL(entry, import.meta.url).href,
    minThreads: workers,
    maxThreads: workers,
    // Each worker loads the pack as it starts, or takes the copy given (run-worker.ts).
    workerData,
    resourceLimits: {
      maxOldGenerationSizeMb: WORKER_OLD_GENERATION_MIB,
      maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MIB,
    },
    ...(fromSource ? { execArgv: ['--conditions=@orebus/source'] } : {}),
  });
}

function checkJob(job: ExperimentJob, workers: number): void {
  if (typeof job.id !== 'string' || job.id === '' || /[\r\n]/.test(job.id)) {
    throw new InvalidArgumentError('job.id', job.id, 'a non-empty string on one line');
  }
  if (!Number.isSafeInteger(job.runs) || job.runs < 0) {
    throw new InvalidArgumentError('job.runs', job.runs, 'a non-negative integer');
  }
  if (!Number.isInteger(workers) || workers < 0 || workers > MAX_WORKERS) {
    throw new InvalidArgumentError('workers', workers, `an integer from 0 to ${MAX_WORKERS}`);
  }
  const names = new Set<string>();
  job.outputs.forEach((output, i) => {
    if (typeof output.name !== 'string' || output.name === '' || names.has(output.name)) {
      throw new InvalidArgumentError(
        `job.outputs[${i}].name`,
        output.name,
        'a new, non-empty name',
      );
    }
    names.add(output.name);
  });
}
