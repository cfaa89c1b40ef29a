/** Where an experiment stands, as reported to `onProgress`. */
export interface ExperimentProgress {
  /** Runs finished, those found in the result file on resume included. */
  readonly done: number;
  readonly total: number;
  /**
   * Runs per second over the recent runs of this session, measured from the first one finished;
   * 0 until two have finished at different times.
   */
  readonly ratePerSecond: number;
  /** Seconds until the last run finishes at that rate; null while there is no rate yet. */
  readonly secondsLeft: number | null;
}

// The rate is taken over the last runs rather than the whole session, so that it follows a
// machine that gets busier or freer, and the slow start of worker threads fades out of it.
const WINDOW = 64;

/** Turns completion times into progress reports; holds a fixed window of times, not one per run. */
export class ProgressMeter {
  readonly #total: number;
  readonly #times = new Float64Array(WINDOW);
  #done: number;
  #finishedHere = 0;

  constructor(done: number, total: number) {
    this.#done = done;
    this.#total = total;
  }

  /** Counts one finished run at time `now` (milliseconds) and reports where things stand. */
  finish(now: number): ExperimentProgress {
    this.#times[this.#finishedHere % WINDOW] = now;
    this.#finishedHere++;
    this.#done++;
    return this.report(now);
  }

  /** Where things stand at `now`, without counting a run. */
  report(now: number): ExperimentProgress {
    const rate = this.#rate(now);
    const left = this.#total - this.#done;
    return {
      done: this.#done,
      total: this.#total,
      ratePerSecond: rate,
      secondsLeft: rate > 0 ? left / rate : left === 0 ? 0 : null,
    };
  }

  #rate(now: number): number {
    const n = this.#finishedHere;
    if (n <= WINDOW) {
      // Until the window fills, the first run finished here is the reference point: the time
      // before it went to starting the workers and loading the model, not to runs, and counting
      // it made the first estimates of the time left many times too long.
      if (n < 2) return 0;
      const seconds = (now - this.#times[0]!) / 1000;
      return seconds > 0 ? (n - 1) / seconds : 0;
    }
    // The oldest time in the window, and the WINDOW - 1 runs that finished after it.
    const oldest = this.#times[n % WINDOW]!;
    const seconds = (now - oldest) / 1000;
    return seconds > 0 ? (WINDOW - 1) / seconds : 0;
  }
}
