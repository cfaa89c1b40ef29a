/**
 * What an experiment's runs say: one-at-a-time effects, Morris and Sobol' indices, percentile
 * bands of an ensemble, or the table of a sweep, read from the result file.
 */
import { createRandom, InvalidArgumentError, OrebusError } from '@orebus/core';
import type { CalibrationSummary } from './calibrate-experiment.js';
import { morrisIndices, percentiles, sobolIndices } from './design/index.js';
import { readResults } from './engine/index.js';
import type { Experiment } from './experiment-file.js';
import type { DrawnFactor, ExperimentPlan, FactorRange } from './plan.js';

/** One-at-a-time result of one factor at one change. */
export interface OneAtATimeEffect {
  readonly factor: string;
  readonly change: number;
  readonly value: number;
  /** Output at the changed value, by output name. */
  readonly outputs: Readonly<Record<string, number | null>>;
}

/** Morris or Sobol' indices of one factor on one output. */
export interface FactorIndices {
  readonly factor: string;
  readonly [index: string]: number | string | readonly [number, number] | null;
}

/** What an experiment found, by method. */
export interface ExperimentSummary {
  readonly experiment: string;
  readonly method: Experiment['method']['kind'];
  readonly runs: number;
  /** Scalar outputs of the unchanged scenario (one-at-a-time). */
  readonly base?: Readonly<Record<string, number | null>>;
  readonly effects?: readonly OneAtATimeEffect[];
  /** Indices by output (Morris: mu, muStar, sigma; Sobol': S1, S1low, S1high, ST, STlow, SThigh). */
  readonly indices?: Readonly<Record<string, readonly FactorIndices[]>>;
  /** Morris, Sobol' and sweeps: the range each factor spans, and where it was given. */
  readonly ranges?: readonly FactorRange[];
  /** Monte Carlo: the distribution each factor was drawn from, and where it was declared. */
  readonly drawn?: readonly DrawnFactor[];
  /**
   * Percentiles by scalar output (Monte Carlo, sweeps), over the runs that gave it a value; an
   * output that no run gave is left out.
   */
  readonly distributions?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /**
   * Runs that gave an output no value, by output, where any did: Monte Carlo and sweeps take its
   * percentiles over the others; one-at-a-time shows null; Morris and Sobol' leave the output out
   * of `indices`.
   */
  readonly missing?: Readonly<Record<string, number>>;
  /** Sweeps of at most `SWEEP_TABLE_LIMIT` runs: factor values then scalar outputs, per run. */
  readonly table?: {
    readonly columns: readonly string[];
    readonly rows: readonly (readonly (number | null)[])[];
  };
  /** Calibration: the start, the best point, the fit and the calibrated scenario file. */
  readonly calibration?: CalibrationSummary;
  /** Percentile bands by series output: `percentiles[p][year index]`. */
  readonly bands?: Readonly<
    Record<
      string,
      {
        readonly years: readonly number[];
        readonly percentiles: Readonly<Record<string, readonly number[]>>;
      }
    >
  >;
}

/** Sweeps up to this many runs carry their whole table in the summary; larger ones use the result file. */
export const SWEEP_TABLE_LIMIT = 10_000;

/**
 * Methods whose indices need a number from every run of an output: an output that some run gave
 * no value is left out of their analysis (and counted in `missing`), and one the first run
 * already gives none is refused before any run. The others (Monte Carlo, sweeps) take
 * percentiles over the runs that gave a value.
 */
export const NEEDS_EVERY_VALUE: ReadonlySet<string> = new Set(['one-at-a-time', 'morris', 'sobol']);

/**
 * Reads the result file once, keeping one number per run and scalar output (and, for series
 * outputs, one per run and year), then computes the method's summary. A first-balanced-year
 * that never came counts as the year after the horizon.
 */
export function analyseExperiment(
  experiment: Experiment,
  plan: ExperimentPlan,
  resultFile: string,
  horizon: { readonly startYear: number; readonly endYear: number },
): ExperimentSummary {
  const scalars = experiment.outputs.filter((o) => o.kind !== 'series').map((o) => o.name);
  const seriesNames = experiment.outputs.filter((o) => o.kind === 'series').map((o) => o.name);
  const never = new Set(
    experiment.outputs.filter((o) => o.kind === 'first-balanced-year').map((o) => o.name),
  );
  const years = horizon.endYear - horizon.startYear + 1;
  const values = new Map(scalars.map((name) => [name, new Float64Array(plan.runs)]));
  const series = new Map(seriesNames.map((name) => [name, new Float64Array(plan.runs * years)]));

  const missing = new Map<string, number>();
  let count = 0;
  for (const record of readResults(resultFile)) {
    for (const name of scalars) {
      let value = record.values[name] ?? null;
      if (value === null && never.has(name)) value = horizon.endYear + 1;
      if (value === null) missing.set(name, (missing.get(name) ?? 0) + 1);
      values.get(name)![record.index] = value ?? Number.NaN;
    }
    for (const name of seriesNames) {
      const row = record.series?.[name] ?? [];
      const target = series.get(name)!;
      for (let t = 0; t < years; t++) target[record.index * years + t] = row[t] ?? Number.NaN;
    }
    count++;
  }
  if (count !== plan.runs) {
    throw new OrebusError(
      'E_INCOMPLETE',
      `${resultFile} holds ${count} of ${plan.runs} runs; rerun to resume`,
      {
        resultFile,
        count,
        runs: plan.runs,
      },
    );
  }

  const base = {
    experiment: experiment.name,
    method: experiment.method.kind,
    runs: plan.runs,
    ...(plan.ranges === undefined ? {} : { ranges: plan.ranges }),
  };
  const factorNames = experiment.factors.map((f) => f.path);
  const method = experiment.method;
  const without = missing.size === 0 ? {} : { missing: Object.fromEntries(missing) };
  // The indices of an output need every run's value: one that some run did not give is left out.
  const analysed = scalars.filter((name) => !missing.has(name));
  const valueAt = (name: string, run: number): number | null => {
    const value = values.get(name)![run]!;
    return Number.isNaN(value) ? null : value;
  };
  switch (method.kind) {
    case 'one-at-a-time': {
      const at = (run: number) => Object.fromEntries(scalars.map((n) => [n, valueAt(n, run)]));
      const effects: OneAtATimeEffect[] = [];
      let run = 1;
      experiment.factors.forEach((factor, i) => {
        for (const change of method.changes) {
          effects.push({
            factor: factor.path,
            change,
            value: plan.design.value(run, i),
            outputs: at(run),
          });
          run++;
        }
      });
      return { ...base, base: at(0), effects, ...without };
    }
    case 'morris': {
      const indices = Object.fromEntries(
        analysed.map((name) => [
          name,
          morrisIndices(plan.trajectories! as number[][][], values.get(name)!).map((m, i) => ({
            factor: factorNames[i]!,
            mu: m.mu,
            muStar: m.muStar,
            sigma: m.sigma,
          })),
        ]),
      );
      return { ...base, indices, ...without };
    }
    case 'sobol': {
      const indices = Object.fromEntries(
        analysed.map((name) => {
          const random = createRandom(experiment.seed).stream(`bootstrap:${name}`);
          const result = sobolIndices(
            values.get(name)!,
            method.samples,
            factorNames.length,
            random,
            {
              bootstrap: method.bootstrap,
              confidence: method.confidence,
            },
          );
          return [
            name,
            factorNames.map((factor, i) => ({
              factor,
              S1: result.firstOrder[i]!.estimate,
              S1interval: result.firstOrder[i]!.interval,
              ST: result.total[i]!.estimate,
              STinterval: result.total[i]!.interval,
            })),
          ];
        }),
      );
      return { ...base, indices, ...without };
    }
    case 'calibration':
      throw new InvalidArgumentError(
        'experiment.method.kind',
        method.kind,
        'a method with a planned design; a calibration is analysed as it runs',
      );
    default: {
      const ps = method.kind === 'monte-carlo' ? method.percentiles : [5, 25, 50, 75, 95];
      // Percentiles over the runs that gave a value; an output no run gave has none.
      const distributions = Object.fromEntries(
        scalars.flatMap((name) => {
          const given = values.get(name)!.filter((v) => !Number.isNaN(v));
          if (given.length === 0) return [];
          const q = percentiles(given, ps);
          return [[name, Object.fromEntries(ps.map((p, j) => [`p${p}`, q[j]!]))]];
        }),
      );
      const yearList = Array.from({ length: years }, (_, t) => horizon.startYear + t);
      const bands = Object.fromEntries(
        seriesNames.map((name) => {
          const all = series.get(name)!;
          const column = new Float64Array(plan.runs);
          const byPercentile: Record<string, number[]> = Object.fromEntries(
            ps.map((p) => [`p${p}`, []]),
          );
          for (let t = 0; t < years; t++) {
            for (let r = 0; r < plan.runs; r++) column[r] = all[r * years + t]!;
            const q = percentiles(column, ps);
            ps.forEach((p, j) => {
              byPercentile[`p${p}`]!.push(q[j]!);
            });
          }
          return [name, { years: yearList, percentiles: byPercentile }];
        }),
      );
      if (method.kind === 'monte-carlo') {
        return plan.drawn === undefined
          ? { ...base, distributions, ...without, bands }
          : { ...base, drawn: plan.drawn, distributions, ...without, bands };
      }
      if (plan.runs > SWEEP_TABLE_LIMIT) return { ...base, distributions, ...without, bands };
      const table = {
        columns: [...factorNames, ...scalars],
        rows: Array.from({ length: plan.runs }, (_, run) => [
          ...plan.design.row(run),
          ...scalars.map((n) => valueAt(n, run)),
        ]),
      };
      return { ...base, distributions, ...without, bands, table };
    }
  }
}
