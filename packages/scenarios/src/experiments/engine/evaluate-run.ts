import { resolve } from 'node:path';
import { type DataCollector, InvalidArgumentError, type RecordFilter } from '@orebus/core';
import { runJointModel } from '../../joint/joint-model.js';
import {
  assignJoint,
  type JointPack,
  type JointScenario,
  loadJointPack,
  resolveJoint,
} from '../../joint/joint-pack.js';
import { runLithiumModel } from '../../model/lithium-model.js';
import { withAssignments } from '../../pack/assign.js';
import { loadPack, type Pack, type ResolvedScenario, resolveScenario } from '../../pack/index.js';
import { isJointPack } from '../joint-experiment.js';
import type { OutputSpec, RunRecord, RunSpec } from './experiment-job.js';

// Loading a pack parses and validates every file of it (about a tenth of a second), so each
// thread loads a pack once. Resolving a combination costs a fraction of a run, so the last few
// resolved scenarios are kept too: designs that vary only the seed resolve once per thread.
const packs = new Map<string, Pack>();
const scenarios = new Map<string, ResolvedScenario>();
const SCENARIO_CACHE_SIZE = 16;

/** What `cache` holds for `dir`, loaded and kept on first use. */
function loadedOnce<T>(cache: Map<string, T>, dir: string, load: (dir: string) => T): T {
  const key = resolve(dir);
  let value = cache.get(key);
  if (value === undefined) {
    value = load(dir);
    cache.set(key, value);
  }
  return value;
}

const packAt = (dir: string): Pack => loadedOnce(packs, dir, (d) => loadPack(d));

function scenarioOf(packDir: string, spec: RunSpec): ResolvedScenario {
  const key = JSON.stringify([resolve(packDir), spec.combination, spec.variant, spec.overrides]);
  const cached = scenarios.get(key);
  if (cached !== undefined) {
    // Move it to the back, so the Map's insertion order is least recently used first.
    scenarios.delete(key);
    scenarios.set(key, cached);
    return cached;
  }
  const scenario = resolveScenario(packAt(packDir), spec.combination, {
    variant: spec.variant,
    overrides: spec.overrides,
  });
  scenarios.set(key, scenario);
  if (scenarios.size > SCENARIO_CACHE_SIZE) scenarios.delete(scenarios.keys().next().value!);
  return scenario;
}

/**
 * Resolves and runs one run of an experiment in the calling thread and reads its outputs. This is
 * what every worker thread calls; its result depends only on its arguments (and the pack's files),
 * never on which thread runs it or what ran there before.
 *
 * @throws ScenarioError if the combination, variant or an override is refused;
 *   InvalidArgumentError (`E_INVALID_ARGUMENT`) if a `value` output asks for a year outside the
 *   run; the data collector's `E_UNKNOWN_VARIABLE` if an output names an agent or variable the
 *   model does not record.
 */
export function evaluateRun(
  packDir: string,
  spec: RunSpec,
  outputs: readonly OutputSpec[],
): RunRecord {
  if (isJointPack(packDir)) return evaluateJointRun(packDir, spec, outputs);
  const scenario = scenarioOf(packDir, spec);
  const { metal } = packAt(packDir);
  const market = `market:${metal}`;
  const data = runOnScenario(scenario, metal, spec, recordFilterOf(outputs, market));
  return readOutputs(data, spec, outputs, market);
}

/**
 * Runs `spec` on its scenario, already resolved with the spec's combination, variant and
 * overrides: its assignments applied, then the reference model of `metal`. Records only what
 * `record` keeps, or everything.
 */
export function runOnScenario(
  scenario: ResolvedScenario,
  metal: string,
  spec: RunSpec,
  record?: RecordFilter,
): DataCollector {
  const parameters =
    spec.assignments === undefined || spec.assignments.length === 0
      ? scenario.parameters
      : withAssignments(scenario.parameters, spec.assignments);
  const run = runLithiumModel(parameters, {
    scenario: spec.combination,
    metal,
    seed: spec.seed,
    checked: false,
    ...(record === undefined ? {} : { record }),
  });
  return run.simulation.data;
}

/** As {@link runOnScenario}, for a joint scenario and the joint model. */
export function runOnJointScenario(
  scenario: JointScenario,
  spec: RunSpec,
  record?: RecordFilter,
): DataCollector {
  const assigned =
    spec.assignments !== undefined && spec.assignments.length > 0
      ? assignJoint(scenario, spec.assignments)
      : scenario;
  const run = runJointModel(assigned, {
    scenario: spec.combination,
    seed: spec.seed,
    checked: false,
    ...(record === undefined ? {} : { record }),
  });
  return run.simulation.data;
}

/**
 * Keeps only the variables the outputs read: recording every variable of every agent cost about
 * a tenth of a run, and a run's record holds a few of them.
 */
function recordFilterOf(outputs: readonly OutputSpec[], market: string): RecordFilter {
  const wanted = new Map<string, Set<string>>();
  const want = (agent: string, variable: string) => {
    let variables = wanted.get(agent);
    if (variables === undefined) {
      variables = new Set();
      wanted.set(agent, variables);
    }
    variables.add(variable);
  };
  for (const output of outputs) {
    if (output.kind === 'first-balanced-year') {
      want(market, 'supply');
      want(market, 'demand');
    } else {
      want(output.agent ?? market, output.variable);
    }
  }
  return (agent, variable) => wanted.get(agent)?.has(variable) === true;
}

/** The record of a finished run: each output read from its data, by name. */
function readOutputs(
  data: DataCollector,
  spec: RunSpec,
  outputs: readonly OutputSpec[],
  market: string,
): RunRecord {
  const values: Record<string, number | null> = {};
  let series: Record<string, (number | null)[]> | undefined;
  for (const output of outputs) {
    if (output.kind === 'series') {
      series ??= {};
      series[output.name] = Array.from(
        data.series(output.agent ?? market, output.variable).values,
        finite,
      );
    } else if (output.kind === 'value') {
      values[output.name] = valueIn(data, output, market);
    } else {
      values[output.name] = firstBalancedYear(data, market);
    }
  }
  return series === undefined
    ? { index: spec.index, seed: spec.seed, values }
    : { index: spec.index, seed: spec.seed, values, series };
}

const jointPacks = new Map<string, JointPack>();
const jointScenarios = new Map<string, JointScenario>();

const jointPackAt = (dir: string): JointPack =>
  loadedOnce(jointPacks, dir, (d) => loadJointPack(d));

/**
 * Loads the pack at `packDir` (one pack or joint) into this thread's cache, so that the first run
 * does not wait for it; a worker thread calls it while it starts. `loaded`, the pack at `packDir`
 * as the calling thread loaded it, is kept instead of reading the files again. A pack that fails
 * to load is not kept: the first run loads it again and fails with the pack's own error.
 */
export function preloadPack(packDir: string, loaded?: Pack): void {
  if (loaded !== undefined) packs.set(resolve(packDir), loaded);
  else if (isJointPack(packDir)) jointPackAt(packDir);
  else packAt(packDir);
}

/**
 * A run on a joint pack: the combination resolved for every metal with the run's overrides
 * (factors included: a joint run has no assignments), then the joint model. Outputs name their
 * agent (`runExperiment` refuses one that does not before any run).
 */
function evaluateJointRun(
  packDir: string,
  spec: RunSpec,
  outputs: readonly OutputSpec[],
): RunRecord {
  for (const [i, output] of outputs.entries()) {
    if (output.kind === 'first-balanced-year' || output.agent === undefined) {
      throw new InvalidArgumentError(
        `outputs.${i}`,
        output,
        'a value or series output naming its agent (a joint pack has a market per metal)',
      );
    }
  }
  const dir = resolve(packDir);
  const pack = jointPackAt(dir);
  const key = JSON.stringify([dir, spec.combination, spec.variant, spec.overrides]);
  let scenario = jointScenarios.get(key);
  if (scenario === undefined) {
    scenario = resolveJoint(pack, spec.combination, {
      ...(spec.variant === undefined ? {} : { variant: spec.variant }),
      overrides: spec.overrides,
    });
    jointScenarios.set(key, scenario);
    if (jointScenarios.size > SCENARIO_CACHE_SIZE) {
      jointScenarios.delete(jointScenarios.keys().next().value!);
    }
  }
  const data = runOnJointScenario(scenario, spec, recordFilterOf(outputs, ''));
  return readOutputs(data, spec, outputs, '');
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/**
 * What a `value` output reads from a run's data: the variable in its year, or its natural
 * logarithm; null where that is not a finite number.
 *
 * @throws InvalidArgumentError (`E_INVALID_ARGUMENT`) for a year outside the run.
 */
export function valueIn(
  data: DataCollector,
  output: Omit<Extract<OutputSpec, { kind: 'value' }>, 'name' | 'kind'> & {
    readonly name?: string;
  },
  market: string,
): number | null {
  const { values } = data.series(output.agent ?? market, output.variable);
  const at = output.year - data.startYear;
  if (!Number.isInteger(at) || at < 0 || at >= values.length) {
    throw new InvalidArgumentError(
      `outputs.${output.name ?? ''}.year`,
      output.year,
      `a year from ${data.startYear} to ${data.endYear}`,
    );
  }
  const value = values[at]!;
  // Math.log gives -Infinity at 0 and NaN below it: both null.
  return finite(output.transform === 'log' ? Math.log(value) : value);
}

function firstBalancedYear(data: DataCollector, market: string): number | null {
  const supply = data.series(market, 'supply').values;
  const demand = data.series(market, 'demand').values;
  for (let i = 0; i < supply.length; i++) {
    if (supply[i]! >= demand[i]!) return data.startYear + i;
  }
  return null;
}
