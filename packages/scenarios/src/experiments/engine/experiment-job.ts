// The plain-data shapes the engine works with: what to run, what to read out of a run, and what
// lands in the result file. Everything here crosses to worker threads, so it holds no functions
// except `ExperimentJob.runAt`, which stays in the calling thread.

/**
 * One run of an experiment: which combination of the pack, with which variant and overrides,
 * under which seed. Plain data, so it can be posted to a worker thread.
 */
export interface RunSpec {
  /** Position of the run in the experiment, from 0; also its line in the result file. */
  readonly index: number;
  /** Combination of the pack, e.g. `S1-D1`. */
  readonly combination: string;
  /** Overrides `path=value` as `resolveScenario` takes them: applied last, a later one winning. */
  readonly overrides: readonly string[];
  readonly variant?: string;
  /**
   * Numeric parameters set on the resolved scenario without resolving again (see
   * `assignParameters`): the fast path for factors that need no resolving. Applied after
   * `overrides`.
   */
  readonly assignments?: readonly { readonly path: string; readonly value: number }[];
  /** The run's seed, normally `deriveSeed(experimentSeed, index)`. */
  readonly seed: number;
}

/**
 * What to read out of a finished run, under `name` in the record. A value that is NaN or
 * infinite in the run is written as null.
 */
export type OutputSpec =
  /** The value of one variable of one agent in one year. */
  | {
      readonly name: string;
      readonly kind: 'value';
      /** The agent's id; the pack's market (`market:Co` for a cobalt pack) when absent. */
      readonly agent?: string;
      readonly variable: string;
      readonly year: number;
      /** `log`: the natural logarithm of the value instead (null unless the value is above 0). */
      readonly transform?: 'log';
    }
  /** The first year in which the market's supply meets its demand (`Q_t ≥ D_t`), or null. */
  | { readonly name: string; readonly kind: 'first-balanced-year' }
  /** One variable of one agent in every model year, first year first. */
  | {
      readonly name: string;
      readonly kind: 'series';
      /** The agent's id; the pack's market when absent. */
      readonly agent?: string;
      readonly variable: string;
    };

/** The outputs of one finished run: one line of the result file. */
export interface RunRecord {
  readonly index: number;
  readonly seed: number;
  /** The `value` and `first-balanced-year` outputs, by name, in the order they were asked for. */
  readonly values: Readonly<Record<string, number | null>>;
  /** The `series` outputs, by name; absent when none was asked for. */
  readonly series?: Readonly<Record<string, readonly (number | null)[]>>;
}

/** An experiment as the engine runs it: a fixed number of runs, each a function of its index. */
export interface ExperimentJob {
  /**
   * Identifies the experiment's definition (normally a content hash of it). It is written into
   * the result file's header, and a resume refuses a file whose header names another id.
   */
  readonly id: string;
  /** Directory of the scenario pack every run resolves its combination in. */
  readonly packDir: string;
  /** How many runs, indices 0 to `runs - 1`. */
  readonly runs: number;
  /**
   * The spec of run `index`. Must be pure: the same index always gives the same spec, so that
   * a resumed experiment redoes exactly the runs an uninterrupted one would have done.
   */
  readonly runAt: (index: number) => RunSpec;
  readonly outputs: readonly OutputSpec[];
}

/** The first line of a result file. */
export interface ResultHeader {
  readonly experiment: string;
  readonly runs: number;
  readonly outputs: readonly OutputSpec[];
}
