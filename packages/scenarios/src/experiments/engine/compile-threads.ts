import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

// V8 compiles a hot function's optimised code on helper threads, concurrently with the thread
// that runs it. That is a gain while a core is idle and a loss when the worker threads already
// keep every core busy: every worker's isolate optimises the model's code for itself (about 0.5 s
// of CPU a worker in the benchmark's experiment of 10,000 runs), and the helper threads then take
// that time from the workers, with overhead of their own. Measured 2026-12-04 on the 2-core
// machine (the benchmark's experiment, 10,000 runs on 2 workers, five alternated pairs of fresh
// processes): 3.38 s with the workers compiling on their own thread against 3.55 s, and 6.6 s
// against 6.9 s of CPU (the engine README has the per-thread times).
//
// V8 reads the flag when it creates an isolate: worker threads started while it is off compile on
// their own thread, and the isolates already running (the calling thread's) keep their helpers.

/** Pools started with concurrent compiling turned off and not yet released. */
let holders = 0;

/**
 * Whether `workers` worker threads should compile on their own thread: when they are at least as
 * many as the cores, and the process was not started with a choice of its own about V8's compiler
 * threads (`--single-threaded`, `--[no-]concurrent-recompilation`), which is then left alone.
 */
export function compilesOnOwnThread(
  workers: number,
  cores: number,
  processOptions: readonly string[],
): boolean {
  // V8 reads `_` in a flag's name as `-`.
  const chosen = processOptions
    .map((option) => option.replaceAll('_', '-'))
    .some(
      (option) => option.includes('concurrent-recompilation') || option === '--single-threaded',
    );
  return workers >= cores && !chosen;
}

/** Whether this module has turned concurrent compiling off for the isolates made now. */
export function compilingOnOwnThread(): boolean {
  return holders > 0;
}

/** Node's options of this process: its command line's and those of `NODE_OPTIONS`. */
function processOptions(): string[] {
  return [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
}

/**
 * Call before starting `workers` worker threads: when {@link compilesOnOwnThread}, turns V8's
 * concurrent compiling off for the isolates made from now on, until every pool that turned it off
 * has called the function returned (it is turned on again then; calling it twice does nothing).
 * While it is off, any other isolate this process makes compiles on its own thread too; results
 * never depend on it, only times.
 */
export function holdCompilingOnOwnThread(workers: number): () => void {
  if (!compilesOnOwnThread(workers, availableParallelism(), processOptions())) return () => {};
  if (holders === 0) {
    try {
      setFlagsFromString('--no-concurrent-recompilation');
    } catch {
      // A runtime that refuses flags once running only loses the gain, not the experiment.
      return () => {};
    }
  }
  holders++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders === 0) setFlagsFromString('--concurrent-recompilation');
  };
}
