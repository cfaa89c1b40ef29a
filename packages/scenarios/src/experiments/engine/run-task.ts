import { evaluateRun } from './evaluate-run.js';
import type { OutputSpec, RunSpec } from './experiment-job.js';

/**
 * Consecutive runs of one experiment, posted to a worker thread as one message: a message each
 * way per run cost more than the run's bookkeeping, and a worker waits idle while its finished
 * task goes back and the next one comes (see `executeExperiment` for how many runs a task gets).
 */
export interface RunTask {
  readonly packDir: string;
  /** In index order. */
  readonly specs: readonly RunSpec[];
  readonly outputs: readonly OutputSpec[];
}

/** What a run's error said, as plain data. */
export interface RunErrorData {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  /** An OrebusError's `details` (a ScenarioError's issues, say), as JSON can carry them. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * The outcome of a task: the run's record as one line of the result file (without its newline),
 * or what its error said. A worker returns the error as data rather than throwing it because a
 * thrown error loses its class, its `code` and its details on the way to the calling thread.
 */
export type RunOutcome = { readonly line: string } | { readonly error: RunErrorData };

/** What a task gives back: one outcome per run, and the time the runs took where they ran. */
export interface TaskResult {
  /** In run order, ending at the first failed run. */
  readonly outcomes: readonly RunOutcome[];
  /** Milliseconds the task's runs took in the thread that ran them, messages not included. */
  readonly elapsedMs: number;
}

/**
 * Runs the runs of a task in order and serialises their records, one outcome per run; a run
 * that fails ends the task, so its outcome is the last; and says how long the runs took. The
 * calling thread (for `workers: 0`) and the worker threads use this same function, so neither
 * the bytes of a line nor the shape of an error depend on where the run ran.
 */
export function runTask(task: RunTask): TaskResult {
  const startedAt = performance.now();
  const outcomes: RunOutcome[] = [];
  for (const spec of task.specs) {
    try {
      outcomes.push({ line: JSON.stringify(evaluateRun(task.packDir, spec, task.outputs)) });
    } catch (error) {
      outcomes.push({ error: errorData(error) });
      break;
    }
  }
  return { outcomes, elapsedMs: performance.now() - startedAt };
}

function errorData(error: unknown): RunErrorData {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { code, details } = error as { code?: unknown; details?: unknown };
  let plainDetails: Record<string, unknown> | undefined;
  try {
    plainDetails = details === undefined ? undefined : JSON.parse(JSON.stringify(details));
  } catch {
    plainDetails = undefined; // details that JSON cannot carry are left behind, not the error
  }
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(plainDetails === undefined ? {} : { details: plainDetails }),
  };
}

/**
 * Rebuilds a run's error: an Error with its name, message, `code` and `details`, and with the
 * details' own fields on it too (so a rebuilt ScenarioError has its `issues`).
 */
export function errorFrom(data: RunErrorData): Error {
  const error = new Error(data.message);
  error.name = data.name;
  for (const [key, value] of Object.entries(data.details ?? {})) {
    if (!(key in error) && key !== 'cause') Object.assign(error, { [key]: value });
  }
  if (data.code !== undefined) Object.assign(error, { code: data.code });
  if (data.details !== undefined) Object.assign(error, { details: data.details });
  return error;
}
