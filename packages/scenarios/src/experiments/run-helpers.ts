// What running an experiment and running a calibration share: checking factor values against
// the parameters' bounds and the shocks against the scenario before any run, and writing result
// files whole.
import { renameSync, writeFileSync } from 'node:fs';
import type { DataCollector } from '@orebus/core';
import {
  COMMAND_LINE,
  isScenarioError,
  overrideName,
  type Pack,
  type ResolvedScenario,
  resolveScenario,
  ScenarioError,
  type ScenarioIssue,
} from '../pack/index.js';
import { NEEDS_EVERY_VALUE } from './analyse.js';
import { valueIn } from './engine/evaluate-run.js';
import type { Experiment } from './experiment-file.js';
import { type ExperimentPlan, type PlanBase, planExperiment, shockOverrides } from './plan.js';

/** Writes a file whole or not at all: a temporary file beside it, renamed into place. */
export function writeFileAtomically(file: string, text: string): void {
  const staging = `${file}.${process.pid}.partial`;
  writeFileSync(staging, text);
  renameSync(staging, file);
}

/**
 * Resolves the base scenario with each factor at its smallest and largest value in turn, so that
 * a range that crosses a parameter's bound is refused before the first run, with the field
 * named, and not in the middle of the experiment.
 *
 * @throws ScenarioError naming the factor's path and the value past its bound.
 */
export function refuseValuesPastBounds(
  pack: Pack,
  experiment: Experiment,
  extremes: readonly (readonly [number, number])[],
): void {
  refuseValuesPastBoundsBy(resolverOf(pack, experiment), experiment, extremes);
}

/**
 * `resolve(experiment.overrides)`, the experiment's base scenario, with the problems of its
 * combination, variant and overrides named where the experiment file gives them (`combination`,
 * `variant`, `overrides.1`) rather than as the command line's.
 *
 * @throws ScenarioError with those problems.
 */
export function resolveBase<T>(
  resolve: (overrides: readonly string[]) => T,
  experiment: Experiment,
): T {
  try {
    return resolve(experiment.overrides);
  } catch (error) {
    // An experiment made from the command line (`orebus sensitivity`) had them from there.
    if (!isScenarioError(error) || !experiment.file || experiment.file === COMMAND_LINE)
      throw error;
    throw new ScenarioError(error.issues.map((issue) => placedInFile(issue, experiment)));
  }
}

/** A resolving problem of the command line's, placed in the experiment file if it came from it. */
function placedInFile(issue: ScenarioIssue, experiment: Experiment): ScenarioIssue {
  if (issue.file !== COMMAND_LINE) return issue;
  if (issue.path === 'combination' || issue.path === 'variant') {
    return { ...issue, file: experiment.file };
  }
  // An override's issue is at the path it names, or at its whole text if it names none.
  const at = experiment.overrides.findIndex(
    (override) => (overrideName(override) || override) === issue.path,
  );
  return at < 0
    ? issue
    : { ...issue, file: experiment.file, path: `overrides.${at}`, value: experiment.overrides[at] };
}

/** Resolves the experiment's combination and variant on `pack` with the overrides given. */
export function resolverOf(
  pack: Pack,
  experiment: Experiment,
): (overrides: readonly string[]) => ResolvedScenario {
  return (overrides) =>
    resolveScenario(pack, experiment.combination, {
      ...(experiment.variant === undefined ? {} : { variant: experiment.variant }),
      overrides,
    });
}

/**
 * {@link refuseValuesPastBounds} with the resolving given: `resolve(overrides)` resolves the
 * base scenario (of a single-metal or a joint pack) with the overrides after the experiment's.
 */
export function refuseValuesPastBoundsBy(
  resolve: (overrides: readonly string[]) => unknown,
  experiment: Experiment,
  extremes: readonly (readonly [number, number])[],
): void {
  const issues: ScenarioIssue[] = [];
  experiment.factors.forEach((factor, i) => {
    const place = factorPlace(experiment, i);
    for (const value of new Set(extremes[i]!)) {
      try {
        resolve([...experiment.overrides, `${factor.path}=${value}`]);
      } catch (error) {
        if (!isScenarioError(error)) throw error;
        // Named by the factor's place in the experiment file, with the value its design reaches.
        for (const issue of error.issues) {
          const about = issue.path === factor.path ? '' : ` (for ${issue.path})`;
          issues.push({
            code: issue.code,
            file: experiment.file || COMMAND_LINE,
            path: place,
            value,
            allowed: `a value ${factor.path} allows, ${issue.allowed}${about}`,
          });
        }
      }
    }
  });
  if (issues.length > 0) throw new ScenarioError(issues);
}

/**
 * Where the values of factor `i` come from in the experiment file: its distribution for a Monte
 * Carlo ensemble, else its range or values; the factor itself if the scenario declares them.
 */
function factorPlace(experiment: Experiment, i: number): string {
  const factor = experiment.factors[i]!;
  const monteCarlo = experiment.method.kind === 'monte-carlo';
  const field =
    monteCarlo && factor.distribution !== undefined
      ? 'distribution'
      : factor.range !== undefined
        ? 'range'
        : factor.values !== undefined
          ? 'values'
          : factor.distribution !== undefined
            ? 'distribution'
            : undefined;
  return field === undefined ? `factors.${i}` : `factors.${i}.${field}`;
}

/**
 * Resolves the base scenario with each shock added to its rules, one shock at a time, so that a
 * shock the scenario refuses (a year outside the horizon, a product no maker posts) stops the
 * experiment before the first run, and not in its first run. The scenario's issues about the
 * rules are named by the shock's place in the experiment file (`shocks.1.product`).
 *
 * @throws ScenarioError with every shock's issues.
 */
export function refuseBadShocks(
  resolve: (overrides: readonly string[]) => unknown,
  experiment: Experiment,
  base: PlanBase,
): void {
  // The shocks' metals first, every problem together (`shockIssues`).
  shockOverrides(experiment, base);
  const issues: ScenarioIssue[] = [];
  experiment.shocks.forEach((shock, k) => {
    const alone = shockOverrides({ ...experiment, shocks: [shock] }, base);
    try {
      resolve([...experiment.overrides, ...alone]);
    } catch (error) {
      if (!isScenarioError(error)) throw error;
      issues.push(...error.issues.map((issue) => asShockIssue(issue, k, shock, experiment)));
    }
  });
  if (issues.length > 0) throw new ScenarioError(issues);
}

/**
 * The rules' own path (a joint pack's after its metal, `Li.parameters.rules.value`), with the
 * rule's index and the field within it, if the issue has them.
 */
const RULES_PATH = /^(?:[^.]+\.)?parameters\.rules\.value(?:\.\d+)?((?:\..*)?)$/;

function asShockIssue(
  issue: ScenarioIssue,
  k: number,
  shock: Experiment['shocks'][number],
  experiment: Experiment,
): ScenarioIssue {
  const match = RULES_PATH.exec(issue.path);
  if (match === null) return issue;
  const field = match[1]!;
  // A joint shock is `{ metal, rule }`: the rule's fields are under `rule`.
  const within = 'metal' in shock ? `.rule${field}` : field;
  return {
    ...issue,
    file: experiment.file || COMMAND_LINE,
    path: `shocks.${k}${within}`,
    // An issue about the whole list carries the list; the shock is what to show.
    value: field === '' ? shock : issue.value,
  };
}

/**
 * Runs the experiment's first run once in this thread, recording every variable (`run`), and
 * refuses, before any run is written, each output the model cannot give: an agent it does not
 * have, a variable the agent does not record, a year outside the run, each named by its place in
 * the experiment file (`outputs.0.variable`). Any other failure of that run is left to the engine,
 * which reports it as the run's own failure, as before.
 *
 * @throws ScenarioError with every output's issues.
 */
export function refuseBadOutputs(
  experiment: Experiment,
  run: (() => DataCollector) | undefined,
  market: string,
  /** A calibration's series target, checked as an output at `method.target`. */
  target?: { readonly agent?: string | undefined; readonly variable: string },
): void {
  // An experiment without runs has nothing to read its outputs from.
  if (run === undefined) return;
  let data: DataCollector;
  try {
    data = run();
  } catch (error) {
    if (isScenarioError(error)) throw error;
    return;
  }
  const read: ReadOutput[] = experiment.outputs.map((output, i) => ({
    at: `outputs.${i}`,
    output,
  }));
  if (target !== undefined) {
    read.push({ at: 'method.target', output: { kind: 'series', ...target } });
  }
  const issues = outputIssues(experiment, read, data, market);
  if (issues.length > 0) throw new ScenarioError(issues);
}

/** An output to check, or a calibration target read as one, and where the file gives it. */
interface ReadOutput {
  readonly at: string;
  readonly output:
    | { readonly kind: 'first-balanced-year' }
    | { readonly kind: 'series'; readonly agent?: string | undefined; readonly variable: string }
    | {
        readonly kind: 'value';
        readonly agent?: string | undefined;
        readonly variable: string;
        readonly year: number;
        readonly transform?: 'log' | undefined;
      };
}

function outputIssues(
  experiment: Experiment,
  read: readonly ReadOutput[],
  data: DataCollector,
  market: string,
): ScenarioIssue[] {
  const recorded = new Map<string, string[]>();
  for (const { agent, variable } of data.variables()) {
    let variables = recorded.get(agent);
    if (variables === undefined) {
      variables = [];
      recorded.set(agent, variables);
    }
    variables.push(variable);
  }
  const issues: ScenarioIssue[] = [];
  const file = experiment.file || COMMAND_LINE;
  for (const { at, output } of read) {
    const refuse = (field: string, value: unknown, allowed: string) =>
      issues.push({ code: 'invalid_value', file, path: `${at}.${field}`, value, allowed });
    // The first balanced year reads the market's supply and demand, which every model records.
    if (output.kind === 'first-balanced-year') continue;
    const agent = output.agent ?? market;
    const variables = recorded.get(agent);
    if (variables === undefined) {
      refuse('agent', agent, `an agent of the model: ${[...recorded.keys()].join(', ')}`);
      continue;
    }
    if (!variables.includes(output.variable)) {
      refuse('variable', output.variable, `a variable ${agent} records: ${variables.join(', ')}`);
    }
    if (
      output.kind === 'value' &&
      (!Number.isInteger(output.year) || output.year < data.startYear || output.year > data.endYear)
    ) {
      refuse('year', output.year, `a year of the run, ${data.startYear} to ${data.endYear}`);
      continue;
    }
    // One-at-a-time, Morris and Sobol' need a number from every run: an output the first run
    // already gives no value is refused now, not after every run is done.
    if (
      output.kind === 'value' &&
      NEEDS_EVERY_VALUE.has(experiment.method.kind) &&
      valueIn(data, output, market) === null
    ) {
      const value = data.series(agent, output.variable).values[output.year - data.startYear];
      const log = output.transform === 'log' ? ', whose logarithm is not finite' : '';
      refuse(
        'variable',
        output.variable,
        `an output every run gives a value: in the first run ${agent} ${output.variable} in ` +
          `${output.year} is ${value}${log}, and the ${experiment.method.kind} analysis needs ` +
          'a number from every run',
      );
    }
  }
  return issues;
}

/** The issues `check` refuses with; any error that is not a ScenarioError is thrown on. */
export function issuesOf(check: () => void): ScenarioIssue[] {
  try {
    check();
    return [];
  } catch (error) {
    if (!isScenarioError(error)) throw error;
    return [...error.issues];
  }
}

/** Throws the issues as one ScenarioError, an issue found twice once; nothing if none. */
export function refuseIssues(issues: readonly ScenarioIssue[]): void {
  if (issues.length === 0) return;
  const unique = new Map(issues.map((issue) => [JSON.stringify(issue), issue]));
  throw new ScenarioError([...unique.values()]);
}

/**
 * Plans the experiment on `base` and checks its shocks and the values its design reaches
 * against the scenario (`resolve` resolves the base with the overrides given), refusing every
 * problem at once.
 *
 * @throws ScenarioError with every issue found.
 */
export function planChecked(
  experiment: Experiment,
  base: PlanBase,
  resolve: (overrides: readonly string[]) => unknown,
): ExperimentPlan {
  let plan: ExperimentPlan | undefined;
  const issues = issuesOf(() => {
    plan = planExperiment(experiment, base);
  });
  issues.push(...issuesOf(() => refuseBadShocks(resolve, experiment, base)));
  const planned = plan;
  if (planned !== undefined) {
    const extremes = experiment.factors.map((_, i) => planned.design.range(i));
    issues.push(...issuesOf(() => refuseValuesPastBoundsBy(resolve, experiment, extremes)));
  }
  refuseIssues(issues);
  return planned!;
}
