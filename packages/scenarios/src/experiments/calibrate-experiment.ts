/**
 * Calibration: fits an experiment's factors to observed values of one model variable with the
 * Nelder–Mead simplex method of the `fmin` library. Every evaluation is one model run under the
 * experiment's own seed, so the loss is a deterministic function of the factor values; the runs
 * are sequential because each point the optimiser tries depends on the losses before it.
 *
 * Bounds: Nelder–Mead is unconstrained, so it searches over u ∈ ℝ per factor and each run takes
 * the factor at `low + (high − low) · logistic(u)`. Every point it can try maps inside the range.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { type DataCollector, InvalidArgumentError, OrebusError } from '@orebus/core';
import { nelderMead } from 'fmin';
import { stringify } from 'yaml';
import {
  type CalibratedParameter,
  type CalibrationResult,
  calibrate,
  type EvaluationRecord,
  toOverrides,
} from '../calibration/calibrate.js';
import { makeDirectory } from '../output-directory.js';
import {
  findParameterSpec,
  isAssignable,
  loadPack,
  type Pack,
  type ResolvedScenario,
  SCENARIO_FORMAT,
  ScenarioError,
  type ScenarioIssue,
} from '../pack/index.js';
import type { ExperimentSummary } from './analyse.js';
import { evaluateRun, type OutputSpec, type RunSpec, runOnScenario } from './engine/index.js';
import type { CalibrationTarget, Experiment } from './experiment-file.js';
import { parameterValue, shockOverrides } from './plan.js';
import type { ExperimentResult, RunExperimentOptions } from './run-experiment.js';
import {
  issuesOf,
  refuseBadOutputs,
  refuseBadShocks,
  refuseIssues,
  refuseValuesPastBoundsBy,
  resolveBase,
  resolverOf,
  writeFileAtomically,
} from './run-helpers.js';

/** One evaluation of the loss: a line of `DIR/calibration.jsonl`. */
export interface CalibrationEvaluation {
  /** Position in the search, from 0. */
  readonly index: number;
  /** The factor values of the run, by parameter path. */
  readonly values: Readonly<Record<string, number>>;
  /** The loss; null when the model gave a non-finite value in a target year. */
  readonly loss: number | null;
}

/** A calibration target of observed values of one variable. */
type SeriesTarget = Extract<CalibrationTarget, { kind: 'series' }>;

/** What a calibration found: the `calibration` part of its summary. */
export interface CalibrationSummary {
  readonly optimiser: 'nelder-mead' | 'pattern-search';
  /** The target in words, as written into the provenance of the calibrated file. */
  readonly target: string;
  /** The loss: a series' (relative) RMSE, or the pattern score of `src/calibration`. */
  readonly loss: SeriesTarget['loss'] | 'patterns';
  readonly evaluations: number;
  /** Each factor's range, by path. */
  readonly ranges: Readonly<Record<string, readonly [number, number]>>;
  readonly start: CalibrationEvaluation;
  readonly best: CalibrationEvaluation;
  /** Observed and modelled values in the target years, at the best point (series targets). */
  readonly fit?: {
    readonly years: readonly number[];
    readonly observed: readonly number[];
    readonly model: readonly (number | null)[];
  };
  /** Every pattern's verdict at the best point (patterns targets). */
  readonly patterns?: {
    readonly held: number;
    readonly heldIds: readonly string[];
    readonly results: readonly {
      readonly id: string;
      readonly held: boolean;
      readonly measured: string;
      readonly reason?: string;
    }[];
  };
  /** The experiment's own outputs at the best point, by name (series left out). */
  readonly outputs: Readonly<Record<string, number | null>>;
  /** The calibrated values as a scenario-file layer, to be placed in a pack. */
  readonly calibratedFile: string;
}

// The name the target's series is read under; parentheses keep it apart from output names.
const TARGET_OUTPUT = '(target)';
// The loss the optimiser sees for a run with a non-finite value: worse than any real loss, and
// finite, so that fmin's comparisons and differences of losses stay numbers.
const FAILED_LOSS = Number.MAX_VALUE;
// A start on the edge of its range would sit at u = ±∞; it is moved this share of the range
// inside.
const EDGE = 1e-6;
// The first simplex steps this far in u from the start along each factor (about a quarter of
// the range from the middle): wide enough to leave a shallow start, narrow enough to stay local.
const FIRST_STEP = 1;

/** A calibration was stopped through its abort signal; its evaluations so far are in `file`. */
export class CalibrationAbortedError extends OrebusError {
  constructor(file: string, evaluations: number, reason: unknown) {
    super(
      'E_CALIBRATION_ABORTED',
      `calibration stopped after ${evaluations} evaluations; ${file} holds them. A calibration ` +
        'is not resumed: running it again starts over',
      { file, evaluations },
      { cause: reason },
    );
  }
}

/** No evaluation of a calibration gave a finite value in every target year. */
export class CalibrationFailedError extends OrebusError {
  constructor(experiment: string, variable: string, file: string) {
    super(
      'E_CALIBRATION_FAILED',
      `no run of ${experiment} gave a finite ${variable} in every target year; see ${file}, ` +
        'and narrow the factor ranges',
      { experiment, variable, file },
    );
  }
}

const logistic = (u: number) => 1 / (1 + Math.exp(-u));

/** The target in words, e.g. `ev-maker stock in 2023 (20410000), rmse`. */
export function describeTarget(target: CalibrationTarget): string {
  if (target.kind === 'patterns') {
    return target.focus === undefined
      ? 'patterns P1-P13 of MODEL.md 11'
      : `patterns ${target.focus.join(', ')} of MODEL.md 11 (the others checked, not scored)`;
  }
  const points = Object.entries(target.values)
    .map(([year, value]) => `${year}: ${value}`)
    .join(', ');
  return `${target.agent ?? 'market'} ${target.variable} at {${points}}, ${target.loss}`;
}

/** The loss of one run's series against the target; null if a target year has no finite value. */
function lossOf(
  target: SeriesTarget,
  years: readonly number[],
  startYear: number,
  series: readonly (number | null)[],
): { loss: number | null; model: (number | null)[] } {
  const model = years.map((year) => series[year - startYear] ?? null);
  let sum = 0;
  for (const [i, year] of years.entries()) {
    const value = model[i];
    if (value === null || value === undefined) return { loss: null, model };
    const observed = target.values[String(year)]!;
    const residual = target.loss === 'rmse' ? value - observed : (value - observed) / observed;
    sum += residual * residual;
  }
  return { loss: Math.sqrt(sum / years.length), model };
}

/** The target years against the resolved horizon; the file check knew only the pack's usual one. */
function refuseYearsOutsideHorizon(experiment: Experiment, base: ResolvedScenario): void {
  const { startYear, endYear } = base.parameters.horizon;
  const target = (experiment.method as { target: SeriesTarget }).target;
  const outside = Object.keys(target.values).filter(
    (year) => Number(year) < startYear || Number(year) > endYear,
  );
  if (outside.length === 0) return;
  throw new ScenarioError(
    outside.map((year) => ({
      code: 'out_of_range' as const,
      file: experiment.file,
      path: `method.target.values.${year}`,
      value: year,
      allowed: `a year of the scenario's horizon, ${startYear} to ${endYear}`,
    })),
  );
}

/**
 * The calibrated values as a scenario-file layer (`orebus: scenario/1`), each parameter with its
 * unit and a `calibrated` provenance. A field of a lifetime (`ev.lifetime.mean`) is written as
 * the whole lifetime, the other fields as the scenario has them.
 */
function calibratedLayer(
  experiment: Experiment,
  base: ResolvedScenario,
  best: CalibrationEvaluation,
  provenance: string,
): string {
  const parameters: Record<string, unknown> = {};
  const put = (path: string, value: unknown, unit: string) => {
    const keys = path.split('.');
    let node = parameters;
    for (const key of keys.slice(0, -1)) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    node[keys.at(-1)!] = { value, unit, provenance: { kind: 'calibrated', target: provenance } };
  };
  const lifetimes = new Map<string, Record<string, unknown>>();
  for (const factor of experiment.factors) {
    const value = best.values[factor.path]!;
    const spec = findParameterSpec(factor.path);
    if (spec) {
      put(factor.path, value, spec.unit);
      continue;
    }
    const parent = factor.path.slice(0, factor.path.lastIndexOf('.'));
    const whole =
      lifetimes.get(parent) ??
      ({ ...(base.table.find((row) => row.path === parent)?.value as object) } as Record<
        string,
        unknown
      >);
    whole[factor.path.slice(parent.length + 1)] = value;
    lifetimes.set(parent, whole);
  }
  for (const [path, value] of lifetimes) put(path, value, findParameterSpec(path)!.unit);

  const header = [
    `# Calibrated by the experiment "${experiment.name}" (${experiment.file}).`,
    '# Place it in a pack as a layer after calibrated.yaml, or merge its parameters into that file.',
  ];
  const document = {
    orebus: SCENARIO_FORMAT,
    description: `Calibrated by experiment ${experiment.name}: ${provenance}`,
    parameters,
  };
  return `${header.join('\n')}\n${stringify(document, { lineWidth: 0 })}`;
}

/**
 * The calibration's base scenario (its combination, variant and overrides), once every problem
 * found before a run is refused together: a factor's range crossing its parameter's bound, a
 * shock the scenario refuses, and what `more` finds on the base.
 *
 * @throws ScenarioError listing all of them.
 */
function checkedBase(
  pack: Pack,
  experiment: Experiment,
  ranges: readonly (readonly [number, number])[],
  more: (base: ResolvedScenario) => ScenarioIssue[] = () => [],
): ResolvedScenario {
  const resolve = resolverOf(pack, experiment);
  const base = resolveBase(resolve, experiment);
  refuseIssues([
    ...issuesOf(() => refuseValuesPastBoundsBy(resolve, experiment, ranges)),
    ...issuesOf(() => refuseBadShocks(resolve, experiment, base)),
    ...more(base),
  ]);
  return base;
}

/**
 * A run of the calibration's base, its scenario with the experiment's overrides and shocks and
 * no factor changed, recording every variable: what its outputs and target are checked against.
 */
function baseRun(pack: Pack, experiment: Experiment, base: ResolvedScenario): () => DataCollector {
  return () => {
    const overrides = [...experiment.overrides, ...shockOverrides(experiment, base)];
    const spec: RunSpec = {
      index: 0,
      combination: experiment.combination,
      ...(experiment.variant === undefined ? {} : { variant: experiment.variant }),
      overrides,
      assignments: [],
      seed: experiment.seed,
    };
    return runOnScenario(resolverOf(pack, experiment)(overrides), pack.metal, spec);
  };
}

/**
 * Runs a calibration experiment: writes every evaluation to `DIR/calibration.jsonl` as it
 * happens, then the best values to `DIR/summary.json` and, as a scenario-file layer, to
 * `DIR/calibrated.yaml`. An interrupted calibration is not resumed: running it again starts
 * over and overwrites the files.
 *
 * @throws ScenarioError, before any evaluation, with every problem found: a factor's range
 *   crossing its parameter's bound, a shock the scenario refuses, a target year outside the
 *   scenario's horizon, a target or output naming an agent or variable the model does not
 *   record; ExperimentAbortedError when `options.signal` aborts.
 */
export async function calibrateExperiment(
  experiment: Experiment,
  packDir: string,
  options: Pick<RunExperimentOptions, 'out' | 'signal'>,
): Promise<ExperimentResult> {
  const method = experiment.method;
  if (method.kind !== 'calibration') {
    throw new InvalidArgumentError('experiment.method.kind', method.kind, 'calibration');
  }
  if (method.target.kind === 'patterns') {
    return (await calibrateToPatterns(experiment, packDir, options)).result;
  }
  const pack = loadPack(packDir);
  const variant = experiment.variant === undefined ? {} : { variant: experiment.variant };
  const ranges = experiment.factors.map((f) => f.range!);
  const base = checkedBase(pack, experiment, ranges, (scenario) =>
    issuesOf(() => refuseYearsOutsideHorizon(experiment, scenario)),
  );
  const target = method.target;
  refuseBadOutputs(experiment, baseRun(pack, experiment, base), `market:${pack.metal}`, target);

  if (method.optimiser !== 'nelder-mead') {
    throw new InvalidArgumentError('experiment.method.optimiser', method.optimiser, 'nelder-mead');
  }
  const years = Object.keys(target.values)
    .map(Number)
    .sort((a, b) => a - b);
  const outputs: OutputSpec[] = [
    { name: TARGET_OUTPUT, kind: 'series', agent: target.agent, variable: target.variable },
    ...experiment.outputs.map((o) => ({ ...o })),
  ];
  const shocks = shockOverrides(experiment, base);
  const direct = experiment.factors.map((f) => isAssignable(f.path));
  const toValues = (u: readonly number[]) =>
    ranges.map(([low, high], i) => low + (high - low) * logistic(u[i]!));
  const startValues = experiment.factors.map((factor, i) => {
    const [low, high] = ranges[i]!;
    const wanted = factor.start ?? parameterValue(base, factor.path);
    return Math.min(Math.max(wanted, low), high);
  });
  const starts = startValues.map((value, i) => {
    const [low, high] = ranges[i]!;
    const share = Math.min(Math.max((value - low) / (high - low), EDGE), 1 - EDGE);
    return Math.log(share / (1 - share));
  });

  makeDirectory(options.out);
  const logFile = join(options.out, 'calibration.jsonl');
  const log = openSync(logFile, 'w');
  const evaluations: CalibrationEvaluation[] = [];
  let best:
    | {
        evaluation: CalibrationEvaluation;
        model: (number | null)[];
        values: Record<string, number | null>;
      }
    | undefined;
  // The optimiser works in shifted coordinates v = u − u₀ + 1: fmin builds its first simplex by
  // multiplying each coordinate of the start, which here is 1, so the first steps are FIRST_STEP
  // in u whatever the start.
  const objective = (v: number[]): number => {
    if (options.signal?.aborted) {
      throw new CalibrationAbortedError(logFile, evaluations.length, options.signal.reason);
    }
    // At the start itself the factors take their start values exactly, not a logistic round trip.
    const values = toValues(v.map((x, i) => x - 1 + starts[i]!)).map((value, i) =>
      v[i] === 1 ? startValues[i]! : value,
    );
    const factors = experiment.factors.map((f, i) => ({ path: f.path, value: values[i]! }));
    const spec: RunSpec = {
      index: evaluations.length,
      combination: experiment.combination,
      ...variant,
      overrides: [
        ...experiment.overrides,
        ...shocks,
        ...factors.filter((_, i) => !direct[i]).map((f) => `${f.path}=${f.value}`),
      ],
      assignments: factors.filter((_, i) => direct[i]),
      seed: experiment.seed,
    };
    const record = evaluateRun(packDir, spec, outputs);
    const { loss, model } = lossOf(
      target,
      years,
      base.parameters.horizon.startYear,
      record.series![TARGET_OUTPUT]!,
    );
    const evaluation: CalibrationEvaluation = {
      index: spec.index,
      values: Object.fromEntries(factors.map((f) => [f.path, f.value])),
      loss,
    };
    evaluations.push(evaluation);
    writeSync(log, `${JSON.stringify(evaluation)}\n`);
    if (loss !== null && (best?.evaluation.loss == null || loss < best.evaluation.loss)) {
      best = { evaluation, model, values: { ...record.values } };
    }
    return loss ?? FAILED_LOSS;
  };
  try {
    nelderMead(
      objective,
      starts.map(() => 1),
      {
        maxIterations: method.iterations,
        nonZeroDelta: 1 + FIRST_STEP,
        minErrorDelta: method.tolerance,
      },
    );
  } finally {
    closeSync(log);
  }

  if (best === undefined) {
    throw new CalibrationFailedError(experiment.name, target.variable, logFile);
  }
  const date = new Date().toISOString().slice(0, 10);
  const provenance =
    `${describeTarget(target)}; experiment ${experiment.name}, ${experiment.combination}, ` +
    `seed ${experiment.seed}, ${date}`;
  const calibratedFile = join(options.out, 'calibrated.yaml');
  writeFileAtomically(
    calibratedFile,
    calibratedLayer(experiment, base, best.evaluation, provenance),
  );
  const calibration: CalibrationSummary = {
    optimiser: 'nelder-mead',
    target: describeTarget(target),
    loss: target.loss,
    evaluations: evaluations.length,
    ranges: Object.fromEntries(experiment.factors.map((f, i) => [f.path, ranges[i]!])),
    start: evaluations[0]!,
    best: best.evaluation,
    fit: { years, observed: years.map((y) => target.values[String(y)]!), model: best.model },
    outputs: best.values,
    calibratedFile,
  };
  return finishCalibration(experiment, options.out, evaluations.length, calibration, logFile);
}

/** One setting of a pattern-search calibration: a line of `DIR/calibration.jsonl`. */
export interface PatternEvaluation extends CalibrationEvaluation {
  /** The pattern loss; never null: a setting the model refuses scores the worst loss. */
  readonly loss: number;
  readonly phase: EvaluationRecord['phase'];
  readonly held: number;
  readonly heldIds: readonly string[];
  readonly evStock2023Deviation?: number;
  readonly refused?: string;
}

/**
 * A calibration to the patterns of MODEL.md section 11: the search of `pnpm calibrate` (a Latin
 * hypercube, then compass searches; `src/calibration`) over the experiment's factors, in their
 * order, each over its range and `scale`. Each setting runs the pack's paper combinations and
 * the eleven runs of P13 under the experiment's variant, overrides and shocks; the experiment's
 * combination only names where its outputs are read at the best point.
 *
 * Besides the experiment's result it returns the search itself, which `pnpm calibrate` records.
 *
 * @throws ScenarioError if the pack has no paper combinations (patterns are defined for the
 *   lithium reference model) or a range crosses its parameter's bound, before any run.
 */
export async function calibrateToPatterns(
  experiment: Experiment,
  packDir: string,
  options: Pick<RunExperimentOptions, 'out' | 'signal'> & {
    /** Called after every setting, for progress. */
    readonly onEvaluation?: (evaluation: PatternEvaluation) => void;
  },
): Promise<{ result: ExperimentResult; search: CalibrationResult }> {
  const method = experiment.method;
  if (method.kind !== 'calibration' || method.target.kind !== 'patterns') {
    throw new InvalidArgumentError('experiment.method.target.kind', method.kind, 'patterns');
  }
  const pack = loadPack(packDir);
  if (pack.paperCombinations.length === 0) {
    throw new ScenarioError([
      {
        code: 'invalid_value',
        file: experiment.file,
        path: 'method.target.kind',
        value: 'patterns',
        allowed: `a pack with the paper's combinations (the lithium reference model); ${pack.name} has none`,
      },
    ]);
  }
  const variant = experiment.variant === undefined ? {} : { variant: experiment.variant };
  const ranges = experiment.factors.map((f) => f.range!);
  const base = checkedBase(pack, experiment, ranges);
  refuseBadOutputs(experiment, baseRun(pack, experiment, base), `market:${pack.metal}`);
  const space: CalibratedParameter[] = experiment.factors.map((factor, i) => ({
    path: factor.path,
    unit: base.table.find((row) => row.path === factor.path)?.unit ?? '',
    min: ranges[i]![0],
    max: ranges[i]![1],
    scale: factor.scale ?? 'linear',
    range: `experiment ${experiment.name}`,
    targets: 'P1-P13',
  }));
  const shocks = shockOverrides(experiment, base);

  makeDirectory(options.out);
  const logFile = join(options.out, 'calibration.jsonl');
  const log = openSync(logFile, 'w');
  const evaluations: PatternEvaluation[] = [];
  let search: CalibrationResult;
  try {
    search = calibrate(pack, {
      seed: experiment.seed,
      budget: method.budget,
      globalShare: method.globalShare,
      starts: method.starts,
      space,
      ...(method.target.backTestTolerance === undefined
        ? {}
        : { backTestTolerance: method.target.backTestTolerance }),
      ...(method.target.focus === undefined
        ? {}
        : { focus: method.target.focus, sensitivity: method.target.focus.includes('P13') }),
      overrides: [...experiment.overrides, ...shocks],
      ...variant,
      onEvaluation: (record) => {
        if (options.signal?.aborted) {
          throw new CalibrationAbortedError(logFile, evaluations.length, options.signal.reason);
        }
        const evaluation: PatternEvaluation = {
          index: record.index,
          values: record.values,
          loss: record.loss,
          phase: record.phase,
          held: record.held,
          heldIds: record.heldIds,
          ...(record.evStock2023Deviation === undefined
            ? {}
            : { evStock2023Deviation: record.evStock2023Deviation }),
          ...(record.refused === undefined ? {} : { refused: record.refused }),
        };
        evaluations.push(evaluation);
        writeSync(log, `${JSON.stringify(evaluation)}\n`);
        options.onEvaluation?.(evaluation);
      },
    });
  } finally {
    closeSync(log);
  }

  const bestIndex = search.records.findIndex(
    (record) =>
      record.loss === search.best.evaluation.score.loss &&
      space.every((p) => record.values[p.path] === search.best.values[p.path]),
  );
  const best = evaluations[bestIndex]!;
  const outputs =
    experiment.outputs.length === 0
      ? {}
      : evaluateRun(
          packDir,
          {
            index: best.index,
            combination: experiment.combination,
            ...variant,
            overrides: [...experiment.overrides, ...shocks, ...toOverrides(best.values)],
            assignments: [],
            seed: experiment.seed,
          },
          experiment.outputs.map((o) => ({ ...o })),
        ).values;
  const date = new Date().toISOString().slice(0, 10);
  const held = search.best.evaluation.score.heldIds;
  const provenance =
    `${describeTarget(method.target)}, held at this setting: ${held.join(', ') || 'none'}; ` +
    `experiment ${experiment.name}, pattern search seed ${experiment.seed}, budget ` +
    `${method.budget}, ${date}`;
  const calibratedFile = join(options.out, 'calibrated.yaml');
  writeFileAtomically(calibratedFile, calibratedLayer(experiment, base, best, provenance));
  const calibration: CalibrationSummary = {
    optimiser: 'pattern-search',
    target: describeTarget(method.target),
    loss: 'patterns',
    evaluations: evaluations.length,
    ranges: Object.fromEntries(experiment.factors.map((f, i) => [f.path, ranges[i]!])),
    start: evaluations[0]!,
    best,
    patterns: {
      held: held.length,
      heldIds: held,
      results: search.best.evaluation.patterns.map(({ id, held, measured, reason }) => ({
        id,
        held,
        measured,
        ...(reason === undefined ? {} : { reason }),
      })),
    },
    outputs,
    calibratedFile,
  };
  const result = finishCalibration(
    experiment,
    options.out,
    evaluations.length,
    calibration,
    logFile,
  );
  return { result, search };
}

/** Writes a calibration's `DIR/summary.json` and returns what `runExperiment` returns for it. */
function finishCalibration(
  experiment: Experiment,
  out: string,
  runs: number,
  calibration: CalibrationSummary,
  logFile: string,
): ExperimentResult {
  const summary: ExperimentSummary = {
    experiment: experiment.name,
    method: 'calibration',
    runs,
    calibration,
  };
  writeFileAtomically(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return { id: experiment.id, summary, resultFile: logFile, resumedFrom: 0 };
}
