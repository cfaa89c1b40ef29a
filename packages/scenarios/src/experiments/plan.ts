/**
 * Turning an experiment into runs: the design matrix of its method, and for every run index the
 * combination, the overrides and the seed. Everything here is a pure function of the experiment,
 * so a resumed experiment redoes exactly the runs an uninterrupted one would have done.
 */
import { createHash } from 'node:crypto';
import { createRandom, deriveSeed, InvalidArgumentError } from '@orebus/core';
import {
  COMMAND_LINE,
  canonicalJson,
  isAssignable,
  type ParameterRow,
  type Provenance,
  type Rule,
  ScenarioError,
  type ScenarioIssue,
} from '../pack/index.js';
import {
  type Distribution,
  fullFactorial,
  latinHypercube,
  morrisTrajectories,
  quantile,
  saltelliSample,
  sample,
  scale,
  support,
} from './design/index.js';
import type { RunSpec } from './engine/index.js';
import type { Experiment, Shock } from './experiment-file.js';

/**
 * The factor values of every run of an experiment: one `Float64Array` of `runs × factors`
 * values, run by run. Kept flat because a Monte Carlo experiment plans every run before the
 * first starts: at 100,000 runs an array per run held about 6 MiB more than the values.
 */
export class DesignMatrix {
  readonly runs: number;
  readonly factors: number;
  readonly #values: Float64Array;

  private constructor(runs: number, factors: number, values: Float64Array) {
    this.runs = runs;
    this.factors = factors;
    this.#values = values;
  }

  /** A matrix of the given rows, each with `factors` values. */
  static fromRows(rows: readonly (readonly number[])[], factors: number): DesignMatrix {
    const values = new Float64Array(rows.length * factors);
    rows.forEach((row, run) => {
      if (row.length !== factors) {
        throw new InvalidArgumentError(`design[${run}]`, row, `${factors} factor values`);
      }
      values.set(row, run * factors);
    });
    return new DesignMatrix(rows.length, factors, values);
  }

  /** A matrix of `runs` rows, row `run` written by `fill(run, row)` into a scratch row. */
  static generate(
    runs: number,
    factors: number,
    fill: (run: number, row: number[]) => void,
  ): DesignMatrix {
    const values = new Float64Array(runs * factors);
    const row = new Array<number>(factors).fill(0);
    for (let run = 0; run < runs; run++) {
      fill(run, row);
      values.set(row, run * factors);
    }
    return new DesignMatrix(runs, factors, values);
  }

  /** The value of factor `factor` in run `run`. */
  value(run: number, factor: number): number {
    if (!(Number.isInteger(run) && run >= 0 && run < this.runs)) {
      throw new InvalidArgumentError('run index', run, `0…${this.runs - 1}`);
    }
    if (!(Number.isInteger(factor) && factor >= 0 && factor < this.factors)) {
      throw new InvalidArgumentError('factor index', factor, `0…${this.factors - 1}`);
    }
    return this.#values[run * this.factors + factor]!;
  }

  /** The factor values of run `run`, a fresh array. */
  row(run: number): number[] {
    if (!(Number.isInteger(run) && run >= 0 && run < this.runs)) {
      throw new InvalidArgumentError('run index', run, `0…${this.runs - 1}`);
    }
    return Array.from(this.#values.subarray(run * this.factors, (run + 1) * this.factors));
  }

  /** The smallest and largest value of factor `factor` over every run. */
  range(factor: number): [number, number] {
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (let i = factor; i < this.#values.length; i += this.factors) {
      low = Math.min(low, this.#values[i]!);
      high = Math.max(high, this.#values[i]!);
    }
    return [low, high];
  }
}

/** The distribution a Monte Carlo factor is drawn from, and where it was declared. */
export interface DrawnFactor {
  readonly factor: string;
  readonly distribution: Distribution;
  /** `experiment`: the factor's own; `scenario`: the uncertainty the scenario declares. */
  readonly from: 'experiment' | 'scenario';
  /** The scenario's provenance of the distribution, when it comes from the scenario. */
  readonly provenance?: Provenance;
}

/** The range a factor of Morris, Sobol' or a sweep spans, and where it was given. */
export interface FactorRange {
  readonly factor: string;
  readonly range: readonly [number, number];
  /** `experiment`: the factor's own; `scenario`: a bounded uncertainty the scenario declares. */
  readonly from: 'experiment' | 'scenario';
  /**
   * Sobol' and Latin-hypercube designs on a declared uncertainty: the distribution the factor
   * is sampled by, through its quantile function, rather than evenly over `range` (its support).
   */
  readonly distribution?: Distribution;
}

/** The planned runs of an experiment and what analysis needs to know about them. */
export interface ExperimentPlan {
  /**
   * Identifies what the runs compute, for the result file's header: a hash of the experiment's
   * id, the base scenario's resolved values and whatever the factors take from the scenario
   * (declared distributions and ranges), so that a resume refuses results computed from another
   * version of the pack.
   */
  readonly id: string;
  /** Monte Carlo only: every factor's distribution, in factor order. */
  readonly drawn?: readonly DrawnFactor[];
  /** Morris, Sobol' and sweeps: the range of every factor that has one, in factor order. */
  readonly ranges?: readonly FactorRange[];
  readonly runs: number;
  readonly runAt: (index: number) => RunSpec;
  /** Factor values of every run (Monte Carlo: the values drawn). */
  readonly design: DesignMatrix;
  /** The scenario value of every factor, before the experiment changes it. */
  readonly baseValues: readonly number[];
  /** Morris only: the trajectories on the unit grid, `[trajectory][point][factor]`. */
  readonly trajectories?: readonly (readonly (readonly number[])[])[];
}

/**
 * What planning reads of the base scenario: its parameter table (values and declared
 * uncertainties) and its interaction rules (shocks are added to them). A `ResolvedScenario` is
 * one; a joint pack's base is its metals' tables with metal-prefixed paths.
 */
export interface PlanBase {
  readonly table: readonly ParameterRow[];
  readonly parameters: { readonly rules: readonly Rule[] };
  /** A hash of the resolved values (`ResolvedScenario.contentHash`); enters the plan's id. */
  readonly contentHash: string;
  /**
   * Whether a run can set the factor at `path` on the resolved scenario rather than resolve it
   * again with the value as an override; `isAssignable` (one pack's rule) when absent.
   */
  readonly assignable?: (path: string) => boolean;
  /** One pack's metal: a shock that names a metal must name this one. */
  readonly metal?: string;
  /**
   * A joint combination's rules by metal, in the pack's order of metals: there every shock
   * names its metal and joins that metal's rules. Absent on one pack, whose rules are
   * `parameters.rules`.
   */
  readonly rulesByMetal?: ReadonlyMap<string, readonly Rule[]>;
}

/** The value of a numeric parameter, or of one numeric field of a lifetime, in a scenario. */
export function parameterValue(scenario: PlanBase, path: string): number {
  const row = scenario.table.find((r) => r.path === path);
  if (row && typeof row.value === 'number') return row.value;
  const dot = path.lastIndexOf('.');
  const parent = scenario.table.find((r) => r.path === path.slice(0, dot));
  const field = (parent?.value as Record<string, unknown> | undefined)?.[path.slice(dot + 1)];
  if (typeof field === 'number') return field;
  throw new InvalidArgumentError('factor path', path, 'a numeric parameter of the scenario');
}

/** The design matrix of the method, in factor units, with Morris's unit-grid trajectories. */
function designOf(
  experiment: Experiment,
  baseValues: readonly number[],
  drawn: readonly DrawnFactor[],
  ranges: readonly (FactorRange | undefined)[],
): { design: DesignMatrix; trajectories?: number[][][] } {
  const { design, trajectories } = designRows(experiment, baseValues, drawn, ranges);
  return design instanceof DesignMatrix
    ? { design, trajectories }
    : { design: DesignMatrix.fromRows(design, experiment.factors.length), trajectories };
}

function designRows(
  experiment: Experiment,
  baseValues: readonly number[],
  drawn: readonly DrawnFactor[],
  ranges: readonly (FactorRange | undefined)[],
): { design: DesignMatrix | number[][]; trajectories?: number[][][] } {
  const { method, factors, seed } = experiment;
  const random = createRandom(seed).stream('design');
  // Every factor of a method that reads `bounds` has a range (`factorRanges` sees to it).
  const bounds = ranges.map((r) => (r === undefined ? [0, 1] : [...r.range])) as [number, number][];
  // Points of the open unit hypercube onto the factors: evenly over each range, or through the
  // quantile function of the distribution a factor is sampled by.
  const inFactorUnits = (points: number[][]): number[][] => {
    const scaled = scale(points, bounds);
    ranges.forEach((r, j) => {
      if (r?.distribution === undefined) return;
      for (let i = 0; i < points.length; i++) {
        scaled[i]![j] = quantile(r.distribution, points[i]![j]!);
      }
    });
    return scaled;
  };
  switch (method.kind) {
    case 'one-at-a-time': {
      const design: number[][] = [[...baseValues]];
      factors.forEach((_, i) => {
        for (const change of method.changes) {
          const point = [...baseValues];
          point[i] = baseValues[i]! * (1 + change);
          design.push(point);
        }
      });
      return { design };
    }
    case 'morris': {
      const trajectories = morrisTrajectories(
        method.trajectories,
        factors.length,
        method.levels,
        random,
      );
      return { design: scale(trajectories.flat(), bounds), trajectories };
    }
    case 'sobol':
      return { design: inFactorUnits(saltelliSample(method.samples, factors.length, random)) };
    case 'sweep': {
      if (method.design === 'latin-hypercube') {
        return { design: inFactorUnits(latinHypercube(method.samples!, factors.length, random)) };
      }
      const levels = factors.map(
        (f, i) =>
          f.values ??
          Array.from(
            { length: method.levels },
            (_, j) => bounds[i]![0] + ((bounds[i]![1] - bounds[i]![0]) * j) / (method.levels - 1),
          ),
      );
      const grid = fullFactorial(levels.map((l) => l.length));
      return {
        design: grid.map((point) =>
          point.map((u, i) => levels[i]![Math.round(u * (levels[i]!.length - 1))]!),
        ),
      };
    }
    case 'calibration':
      // Where a calibration runs next depends on the losses so far: it has no design to plan.
      throw new InvalidArgumentError('experiment.method.kind', method.kind, 'a planned method');
    case 'monte-carlo': {
      // Each run draws its factors from its own stream, so run i's values depend on i alone.
      const design = DesignMatrix.generate(method.runs, factors.length, (run, row) => {
        const draws = createRandom(deriveSeed(seed, run)).stream('factors');
        for (let i = 0; i < factors.length; i++) {
          row[i] = sample(drawn[i]!.distribution, draws);
        }
      });
      return { design };
    }
  }
}

/**
 * What is wrong with the experiment's shocks on a pack of `metals`: on one pack (`joint`
 * false), a shock naming another metal (`shocks.i.metal`); on a joint pack, a shock naming no
 * metal (`shocks.i`) or one the pack lacks (`shocks.i.metal`).
 */
export function shockIssues(
  experiment: Experiment,
  metals: readonly string[],
  joint: boolean,
): ScenarioIssue[] {
  const file = experiment.file || COMMAND_LINE;
  const issues: ScenarioIssue[] = [];
  experiment.shocks.forEach((shock, i) => {
    if (!('metal' in shock)) {
      if (joint) {
        issues.push({
          code: 'invalid_value',
          file,
          path: `shocks.${i}`,
          value: shock,
          allowed: `{ metal, rule }, naming the metal whose market it joins: ${metals.join(', ')}`,
        });
      }
      return;
    }
    if (!metals.includes(shock.metal)) {
      issues.push({
        code: 'invalid_value',
        file,
        path: `shocks.${i}.metal`,
        value: shock.metal,
        allowed: joint
          ? `one of the pack's metals, ${metals.join(', ')}`
          : `the pack's metal, ${metals.join(', ')}`,
      });
    }
  });
  return issues;
}

/**
 * The overrides that add the experiment's shocks to the scenario's rules: `rules=[…]` on one
 * pack, `Co.rules=[…]` for each metal with shocks on a joint pack. Each metal's own rules come
 * first, then its shocks in the file's order.
 *
 * @throws ScenarioError with the `shockIssues`.
 */
export function shockOverrides(experiment: Experiment, base: PlanBase): string[] {
  if (experiment.shocks.length === 0) return [];
  const joint = base.rulesByMetal !== undefined;
  const metals = joint
    ? [...base.rulesByMetal!.keys()]
    : base.metal === undefined
      ? []
      : [base.metal];
  const issues = shockIssues(experiment, metals, joint);
  if (issues.length > 0) throw new ScenarioError(issues);
  const ruleOf = (shock: Shock): Rule => ('metal' in shock ? shock.rule : shock);
  if (base.rulesByMetal === undefined) {
    return [
      `rules=${JSON.stringify([...base.parameters.rules, ...experiment.shocks.map(ruleOf)])}`,
    ];
  }
  const overrides: string[] = [];
  for (const [metal, rules] of base.rulesByMetal) {
    const shocks = experiment.shocks.filter((s) => 'metal' in s && s.metal === metal);
    if (shocks.length > 0) {
      overrides.push(`${metal}.rules=${JSON.stringify([...rules, ...shocks.map(ruleOf)])}`);
    }
  }
  return overrides;
}

/**
 * Plans an experiment on a resolved base scenario (the combination with the experiment's variant
 * and overrides). Shocks are added to the scenario's own rules.
 */
export function planExperiment(experiment: Experiment, base: PlanBase): ExperimentPlan {
  const baseValues = factorValues(experiment, base);
  const drawn = experiment.method.kind === 'monte-carlo' ? drawnFactors(experiment, base) : [];
  const ranges = factorRanges(experiment, base);
  const { design, trajectories } = designOf(experiment, baseValues, drawn, ranges);
  const fixed = [...experiment.overrides, ...shockOverrides(experiment, base)];
  // Factors that need no resolving are set on the resolved base scenario directly (the same
  // parameters, much faster); the others go through the overrides.
  const assignable = base.assignable ?? isAssignable;
  const direct = experiment.factors.map((f) => assignable(f.path));
  const runAt = (index: number): RunSpec => {
    const point = design.row(index);
    const factors = experiment.factors.map((f, i) => ({ path: f.path, value: point[i]! }));
    return {
      index,
      combination: experiment.combination,
      ...(experiment.variant === undefined ? {} : { variant: experiment.variant }),
      overrides: [
        ...fixed,
        ...factors.filter((_, i) => !direct[i]).map((f) => `${f.path}=${f.value}`),
      ],
      assignments: factors.filter((_, i) => direct[i]),
      seed: deriveSeed(experiment.seed, index),
    };
  };
  const declared = [
    ...drawn.filter((d) => d.from === 'scenario'),
    ...ranges.filter((r) => r?.from === 'scenario'),
  ];
  const id = createHash('sha256')
    .update(canonicalJson({ experiment: experiment.id, scenario: base.contentHash, declared }))
    .digest('hex');
  return {
    id,
    ...(experiment.method.kind === 'monte-carlo' ? { drawn } : {}),
    ...(ranges.some((r) => r !== undefined)
      ? { ranges: ranges.filter((r): r is FactorRange => r !== undefined) }
      : {}),
    runs: design.runs,
    runAt,
    design,
    baseValues,
    ...(trajectories === undefined ? {} : { trajectories }),
  };
}

/**
 * Each factor's value in the base scenario.
 *
 * @throws ScenarioError naming `factors.i.path` of every factor the scenario does not have as a
 *   number (a joint pack's paths carry their metal: `Co.producers.Con`).
 */
function factorValues(experiment: Experiment, base: PlanBase): number[] {
  const issues: ScenarioIssue[] = [];
  const values = experiment.factors.map((factor, i) => {
    try {
      return parameterValue(base, factor.path);
    } catch (error) {
      if (!(error instanceof InvalidArgumentError)) throw error;
      issues.push({
        code: 'unknown_override',
        file: experiment.file,
        path: `factors.${i}.path`,
        value: factor.path,
        allowed:
          'a numeric parameter of the scenario as `orebus show` lists it (on a joint pack, ' +
          'after its metal, as in Co.producers.Con, or priceResponse.elasticity)',
      });
      return Number.NaN;
    }
  });
  if (issues.length > 0) throw new ScenarioError(issues);
  return values;
}

/** Whether the method spans each factor over a range (a full factorial: unless it has values). */
function needsRange(experiment: Experiment, factor: Experiment['factors'][number]): boolean {
  const method = experiment.method;
  switch (method.kind) {
    case 'morris':
    case 'sobol':
      return true;
    case 'sweep':
      return method.design === 'latin-hypercube' || factor.values === undefined;
    default:
      return false;
  }
}

/** Whether the method samples a declared uncertainty by its distribution (Sobol', Latin hypercube). */
function samplesByDistribution(experiment: Experiment): boolean {
  const { method } = experiment;
  return (
    method.kind === 'sobol' || (method.kind === 'sweep' && method.design === 'latin-hypercube')
  );
}

/**
 * The range of each factor that its method spans: its own, or else the support of a bounded
 * uncertainty the scenario declares for its path; undefined for a factor that needs none.
 *
 * @throws ScenarioError naming `factors.i.range` of every factor that needs a range and has
 *   neither.
 */
function factorRanges(experiment: Experiment, base: PlanBase): (FactorRange | undefined)[] {
  const issues: ScenarioIssue[] = [];
  const ranges = experiment.factors.map((factor, i): FactorRange | undefined => {
    if (!needsRange(experiment, factor)) return undefined;
    if (factor.range !== undefined) {
      return { factor: factor.path, range: factor.range, from: 'experiment' };
    }
    const uncertainty = base.table.find((row) => row.path === factor.path)?.uncertainty;
    const [low, high] =
      uncertainty === undefined ? [Number.NaN, Number.NaN] : support(uncertainty.distribution);
    if (Number.isFinite(low) && Number.isFinite(high) && low < high) {
      return {
        factor: factor.path,
        range: [low, high],
        from: 'scenario',
        ...(samplesByDistribution(experiment) ? { distribution: uncertainty!.distribution } : {}),
      };
    }
    issues.push({
      code: 'missing',
      file: experiment.file,
      path: `factors.${i}.range`,
      value: undefined,
      allowed:
        (experiment.method.kind === 'sweep' && experiment.method.design === 'full-factorial'
          ? 'values, or a range to take evenly spaced levels from'
          : `a range for ${experiment.method.kind}`) +
        `: the factor’s own, or a bounded uncertainty that the scenario declares for ${factor.path} (` +
        (uncertainty === undefined
          ? `${experiment.combination} declares none)`
          : `its ${uncertainty.distribution.kind} is unbounded)`),
    });
    return undefined;
  });
  if (issues.length > 0) throw new ScenarioError(issues);
  return ranges;
}

/**
 * The distribution of each factor of a Monte Carlo experiment: its own, or else the uncertainty
 * the scenario declares for its path.
 *
 * @throws ScenarioError naming `factors.i.distribution` of every factor that has neither.
 */
function drawnFactors(experiment: Experiment, base: PlanBase): DrawnFactor[] {
  const issues: ScenarioIssue[] = [];
  const drawn: DrawnFactor[] = [];
  experiment.factors.forEach((factor, i) => {
    if (factor.parsedDistribution !== undefined) {
      drawn.push({
        factor: factor.path,
        distribution: factor.parsedDistribution,
        from: 'experiment',
      });
      return;
    }
    const uncertainty = base.table.find((row) => row.path === factor.path)?.uncertainty;
    if (uncertainty === undefined) {
      issues.push({
        code: 'missing',
        file: experiment.file,
        path: `factors.${i}.distribution`,
        value: undefined,
        allowed:
          'a distribution for monte-carlo: the factor’s own, or an uncertainty that the ' +
          `scenario declares for ${factor.path} (${experiment.combination} declares none)`,
      });
      return;
    }
    drawn.push({
      factor: factor.path,
      distribution: uncertainty.distribution,
      from: 'scenario',
      provenance: uncertainty.provenance,
    });
  });
  if (issues.length > 0) throw new ScenarioError(issues);
  return drawn;
}
