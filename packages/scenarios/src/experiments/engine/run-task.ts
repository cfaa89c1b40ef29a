import { evaluateRun } from './evaluate-run.js';
import type { OutputSpec, RunSpec } from './experiment-job.js';

/** One run as posted to a worker thread. */
export interface RunTask {
  readonly packDir: string;
  readonly spec: RunSpec;
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

/**
 * Runs a task and serialises its record. The calling thread (for `workers: 0`) and the worker
 * threads use this same function, so neither the bytes of a line nor the shape of an error
 * depend on where the run ran.
 */
export function runTask(task: RunTask): RunOutcome {
  try {
    return { line: JSON.stringify(evaluateRun(task.packDir, task.spec, task.outputs)) };
  } catch (error) {
    return { error: errorData(error) };
  }
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
