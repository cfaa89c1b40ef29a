/**
 * The experiment file: a declarative description of a sensitivity analysis, an ensemble, a
 * sweep or a calibration over one scenario of a pack, in YAML or JSON. It is checked whole
 * before any run starts; every problem is reported with file, line, field, value and what is
 * allowed.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { readDocument, toScenarioIssues, withLinesFromFiles } from '../pack/documents.js';
import { ScenarioError, type ScenarioIssue } from '../pack/errors.js';
import { RuleSchema } from '../pack/file-schema.js';
import { findParameterSpec } from '../pack/parameter-specs.js';
import { schemaFieldsAt } from '../pack/schema-fields.js';
import { type Distribution, parseDistribution } from './design/index.js';

const name = z.string().min(1);

/** What to read out of each run. */
export const OutputSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    name,
    kind: z.literal('value'),
    /** An agent id; the pack's market (`market:Li`, `market:Co`) when absent. */
    agent: z.string().min(1).optional(),
    variable: z.string().min(1),
    year: z.number().int(),
    /**
     * `log`: the natural logarithm of the value, null where the value is not above 0. For an
     * output that grows multiplicatively, such as a price under eqs. (12)-(14), whose spread over
     * a design runs to many orders of magnitude: variance-based indices of the raw value are then
     * ruled by a few runs.
     */
    transform: z.literal('log').optional(),
  }),
  z.strictObject({ name, kind: z.literal('first-balanced-year') }),
  z.strictObject({
    name,
    kind: z.literal('series'),
    /** An agent id; the pack's market (`market:Li`, `market:Co`) when absent. */
    agent: z.string().min(1).optional(),
    variable: z.string().min(1),
  }),
]);
export type Output = z.infer<typeof OutputSchema>;

/** One factor of the experiment: a numeric scenario parameter, with its range or distribution. */
export const FactorSchema = z.strictObject({
  /** A parameter path as `orebus show` lists it, e.g. `market.SPR` or `ev.lifetime.mean`. */
  path: z.string().min(1),
  /** Lower and upper bound, for Morris, Sobol', sweeps and calibration. */
  range: z.tuple([z.number(), z.number()]).optional(),
  /** Values to take in a full-factorial sweep (instead of evenly spaced levels of `range`). */
  values: z.array(z.number()).min(1).optional(),
  /** Distribution to draw from, for Monte Carlo ensembles. */
  distribution: z.unknown().optional(),
  /** Where a calibration starts; the scenario value (clamped into `range`) when absent. */
  start: z.number().optional(),
  /**
   * How a pattern-search calibration spreads its search over `range`: evenly (`linear`, the
   * default) or evenly in the logarithm (`log`, for a scale spanning decades; `range` > 0).
   */
  scale: z.enum(['linear', 'log']).optional(),
});
export type Factor = z.infer<typeof FactorSchema>;

/**
 * The years a calibration target may name: the lithium pack's horizon. The resolved scenario's
 * horizon is checked again before the first run.
 */
export const TARGET_YEARS = { first: 2023, last: 2050 } as const;

/** What a calibration fits the model to. */
export const CalibrationTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    /** Observed values of one recorded variable, by year, and the loss over them. */
    kind: z.literal('series'),
    /** An agent id; the pack's market (`market:Li`, `market:Co`) when absent. */
    agent: z.string().min(1).optional(),
    variable: z.string().min(1),
    /** Observed values by calendar year, e.g. `{ 2023: 20.41e6 }`. */
    values: z.record(z.string(), z.number()),
    /**
     * `rmse`: root mean square of model − observed, in the variable's unit. `relative-rmse`: of
     * (model − observed) / observed, so years of very different size weigh alike.
     */
    loss: z.enum(['rmse', 'relative-rmse']).default('rmse'),
  }),
  z.strictObject({
    /**
     * The patterns P1–P13 of MODEL.md section 11, over the pack's paper combinations (and the
     * eleven one-at-a-time runs of P13): the loss counts the patterns that do not hold, then how
     * far the nearest ones miss (see `src/calibration`). Lithium packs only.
     */
    kind: z.literal('patterns'),
    /**
     * How far the model's 2023 EV stock (S1-D1) may miss the observed one, as a share, before a
     * setting scores below every setting within it; 0.1 when absent.
     */
    backTestTolerance: z.number().positive().optional(),
    /**
     * Score only these patterns (`[P2, P3, …]`, each once); all thirteen when absent. The other
     * patterns are still checked at every setting, and P13's eleven runs are made only when P13
     * is among them.
     */
    focus: z
      .array(z.enum(Array.from({ length: 13 }, (_, i) => `P${i + 1}`) as [string, ...string[]]))
      .min(1)
      .refine((ids) => new Set(ids).size === ids.length, 'each pattern once')
      .optional(),
  }),
]);
export type CalibrationTarget = z.infer<typeof CalibrationTargetSchema>;

/**
 * The most runs an experiment may plan: the plan keeps every run's factor values and the
 * analysis every run's value of each output in memory (8 bytes each), so more would need
 * gigabytes.
 */
const MAX_RUNS = 10_000_000;
const AT_MOST_RUNS =
  'at most 10 000 000 runs (the factors and outputs of every run are kept in memory)';

/** The method and its settings. */
export const MethodSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('one-at-a-time'),
    /** Relative changes of each factor from its scenario value; the paper's figure 6 uses these. */
    changes: z.array(z.number().gt(-1)).min(1).default([-0.05, 0.1]),
  }),
  z.strictObject({
    kind: z.literal('morris'),
    trajectories: z.number().int().min(2).default(20),
    levels: z.number().int().min(2).multipleOf(2).default(4),
  }),
  z.strictObject({
    kind: z.literal('sobol'),
    /** Base sample size N; the runs are N·(k+2). A power of 2 keeps the Sobol' sequence balanced. */
    samples: z.number().int().min(2).default(256),
    bootstrap: z.number().int().min(0).default(500),
    confidence: z.number().gt(0).lt(1).default(0.95),
  }),
  z.strictObject({
    kind: z.literal('monte-carlo'),
    /** At most `MAX_RUNS`, as every design. */
    runs: z.number().int().min(1).max(MAX_RUNS, AT_MOST_RUNS),
    /** Percentiles of the fan chart, each once. */
    percentiles: z
      .array(z.number().min(0).max(100))
      .min(1)
      .refine((ps) => new Set(ps).size === ps.length, 'each percentile once')
      .default([5, 25, 50, 75, 95]),
  }),
  z.strictObject({
    kind: z.literal('sweep'),
    design: z.enum(['full-factorial', 'latin-hypercube']),
    /** Points of a Latin hypercube. */
    samples: z.number().int().min(1).optional(),
    /** Evenly spaced levels per factor of a full-factorial design without `values`. */
    levels: z.number().int().min(2).default(3),
  }),
  z.strictObject({
    kind: z.literal('calibration'),
    /**
     * `nelder-mead` (the `fmin` library's simplex; for a smooth loss such as a series' RMSE) or
     * `pattern-search` (a Latin hypercube, then compass searches from the best samples; for the
     * stepped loss of the patterns, and what `pnpm calibrate` runs).
     */
    optimiser: z.enum(['nelder-mead', 'pattern-search']).default('nelder-mead'),
    /** Nelder–Mead iterations at most; each costs one to (factors + 2) runs. */
    iterations: z.number().int().min(1).default(200),
    /** Pattern search: settings evaluated in all. */
    budget: z.number().int().min(1).default(3000),
    /** Pattern search: share of the budget for the Latin hypercube. */
    globalShare: z.number().gt(0).max(1).default(0.3),
    /** Pattern search: compass searches, from the best samples of the hypercube. */
    starts: z.number().int().min(1).default(5),
    /**
     * Stop early once the simplex's losses differ by less than this and its corners by less than
     * this in the optimiser's (logistic) coordinates.
     */
    tolerance: z.number().positive().default(1e-6),
    target: CalibrationTargetSchema,
  }),
]);
export type Method = z.infer<typeof MethodSchema>;

/**
 * A stochastic shock: an interaction rule added to every run, or `{ metal, rule }`, which names
 * the metal whose market it joins (required on a joint pack, where each metal has a market).
 */
export const ShockSchema = z.union([
  RuleSchema,
  z.strictObject({ metal: z.string().min(1), rule: RuleSchema }),
]);
export type Shock = z.infer<typeof ShockSchema>;

export const ExperimentFileSchema = z.strictObject({
  orebus: z.literal('experiment/1'),
  /** Also the directory `orebus experiment` writes to without --out (`results/NAME`). */
  name: z
    .string()
    .min(1)
    .refine(
      (name) => !/[/\\]/.test(name) && name !== '.' && name !== '..' && name.trim() === name,
      'a name that is one directory name (no / or \\, not . or .., no spaces at either end): ' +
        'without --out the results go to results/NAME',
    ),
  description: z.string().optional(),
  /**
   * A pack shipped with Orebus, by name, or a pack directory (`orebus experiment` takes a relative
   * one from the file's directory).
   */
  pack: z.string().min(1).default('lithium-china'),
  combination: z.string().min(1).default('S1-D1'),
  variant: z.string().min(1).optional(),
  /** Overrides applied to every run before the factors, `path=value`. */
  overrides: z.array(z.string()).default([]),
  /** The experiment seed; run i runs with `deriveSeed(seed, i)`. */
  seed: z.number().int().min(0).default(0),
  method: MethodSchema,
  factors: z.array(FactorSchema).default([]),
  /** What to read out of each run; a calibration reads them at its best point and may have none. */
  outputs: z.array(OutputSchema).default([]),
  /** Stochastic shocks added to every run as interaction rules, drawn from the run seed. */
  shocks: z.array(ShockSchema).default([]),
});

/** A checked experiment, with each factor's distribution parsed. */
export interface Experiment extends Omit<z.infer<typeof ExperimentFileSchema>, 'factors'> {
  readonly factors: readonly (Factor & { readonly parsedDistribution?: Distribution })[];
  /** sha256 of the canonical experiment: a resume refuses results of another experiment. */
  readonly id: string;
  readonly file: string;
}

/** Needs of each method: which factor fields it reads. */
function needs(method: Method): { range: boolean; factors: boolean } {
  switch (method.kind) {
    case 'one-at-a-time':
      return { range: false, factors: true };
    case 'monte-carlo':
      return { range: false, factors: false };
    case 'sweep':
      return { range: method.design === 'latin-hypercube', factors: true };
    case 'calibration':
      return { range: true, factors: true };
    default:
      return { range: true, factors: true };
  }
}

/**
 * Whether `path` names a numeric parameter (or a numeric field of a lifetime), bare for a
 * single-metal pack or after its metal (`Co.producers.Con`) for a joint pack, or the joint
 * pack's chemistry rule (`priceResponse.elasticity`). Which of these the pack has is checked
 * against the pack when the experiment is planned.
 */
function isNumericParameter(path: string): boolean {
  if (path === 'priceResponse.elasticity') return true;
  const metal = /^[A-Z][a-z]?\./.exec(path);
  return isNumericPackParameter(metal === null ? path : path.slice(metal[0].length));
}

function isNumericPackParameter(path: string): boolean {
  const spec = findParameterSpec(path);
  if (spec) return spec.kind === 'number';
  const parent = findParameterSpec(path.slice(0, path.lastIndexOf('.')));
  return parent?.kind === 'lifetime';
}

/** The issue of a factor path that names no numeric parameter, or undefined for a good one. */
function unknownFactorPath(path: string, at: string, file: string): ScenarioIssue | undefined {
  if (isNumericParameter(path)) return undefined;
  return {
    code: 'unknown_override',
    file,
    path: `${at}.path`,
    value: path,
    allowed: 'a numeric parameter path as `orebus show` lists it',
  };
}

/**
 * The factor paths of a document the schema refused, checked as far as they can be read, so that
 * one pass names a misspelt parameter beside the schema's problems.
 */
function factorPathIssues(data: unknown, file: string): ScenarioIssue[] {
  const factors = (data as { factors?: unknown } | null)?.factors;
  if (!Array.isArray(factors)) return [];
  return factors.flatMap((factor, i) => {
    const path = (factor as { path?: unknown } | null)?.path;
    if (typeof path !== 'string') return [];
    const issue = unknownFactorPath(path, `factors.${i}`, file);
    return issue === undefined ? [] : [issue];
  });
}

/**
 * Checks a parsed experiment as a whole: unknown or non-numeric parameters, empty ranges,
 * invalid distributions, repeated names, and what the method needs. Returns every issue.
 */
export function checkExperiment(
  data: z.infer<typeof ExperimentFileSchema>,
  file: string,
): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const issue = (
    path: string,
    value: unknown,
    allowed: string,
    code: ScenarioIssue['code'] = 'invalid_value',
  ) => issues.push({ code, file, path, value, allowed });
  const need = needs(data.method);

  if (need.factors && data.factors.length === 0) {
    issue(
      'factors',
      data.factors,
      `at least one factor for a ${data.method.kind} experiment`,
      'missing',
    );
  }
  const seen = new Set<string>();
  data.factors.forEach((factor, i) => {
    const at = `factors.${i}`;
    const unknown = unknownFactorPath(factor.path, at, file);
    if (unknown !== undefined) issues.push(unknown);
    if (seen.has(factor.path)) issue(`${at}.path`, factor.path, 'each parameter once');
    seen.add(factor.path);
    if (factor.range && !(factor.range[0] < factor.range[1])) {
      issue(`${at}.range`, factor.range, 'a range [low, high] with low < high', 'out_of_range');
    }
    // Morris, Sobol' and sweeps may take the range from a bounded uncertainty the scenario
    // declares; that is checked when the experiment is planned (`planExperiment`).
    if (need.range && !factor.range && data.method.kind === 'calibration')
      issue(`${at}.range`, undefined, `a range for ${data.method.kind}`, 'missing');
    // A Monte Carlo factor without a distribution takes the one its scenario declares; that is
    // checked when the experiment is planned on the resolved scenario (`planExperiment`).
    if (factor.distribution !== undefined) {
      try {
        parseDistribution(factor.distribution, `${at}.distribution`);
      } catch (error) {
        const problems =
          (error as { issues?: { path: string; value: unknown; message: string }[] }).issues ?? [];
        for (const p of problems) {
          issue(p.path ? `${at}.distribution.${p.path}` : `${at}.distribution`, p.value, p.message);
        }
        if (problems.length === 0)
          issue(`${at}.distribution`, factor.distribution, (error as Error).message);
      }
    }
    if (factor.start !== undefined) {
      if (data.method.kind !== 'calibration') {
        issue(`${at}.start`, factor.start, 'no start: only a calibration reads it');
      } else if (
        factor.range &&
        !(factor.start >= factor.range[0] && factor.start <= factor.range[1])
      ) {
        issue(
          `${at}.start`,
          factor.start,
          `a start inside the range [${factor.range}]`,
          'out_of_range',
        );
      }
    }
    const patternSearch =
      data.method.kind === 'calibration' && data.method.optimiser === 'pattern-search';
    if (factor.scale !== undefined && !patternSearch) {
      issue(`${at}.scale`, factor.scale, 'no scale: only a pattern-search calibration reads it');
    }
    if (patternSearch && factor.start !== undefined) {
      issue(`${at}.start`, factor.start, 'no start: a pattern search starts from its samples');
    }
    if (factor.scale === 'log' && factor.range && !(factor.range[0] > 0)) {
      issue(`${at}.range`, factor.range, 'a range above 0 for scale log', 'out_of_range');
    }
  });
  if (data.method.kind === 'calibration') {
    checkTarget(data.method.target, issue);
    if (data.method.target.kind === 'series' && data.method.optimiser !== 'nelder-mead') {
      issue(
        'method.optimiser',
        data.method.optimiser,
        'nelder-mead for a series target (pattern-search is for the patterns target)',
      );
    }
    if (data.method.target.kind === 'patterns' && data.method.optimiser !== 'pattern-search') {
      issue(
        'method.optimiser',
        data.method.optimiser,
        'pattern-search for a patterns target: the count of patterns held is a step ' +
          'function, on which a simplex stalls',
      );
    }
  }
  const size = designSize(data);
  if (size !== undefined && size.runs > MAX_RUNS) {
    issue(
      size.field,
      size.value,
      `a design of ${AT_MOST_RUNS}; this one has ${size.runs.toLocaleString('en-US')}`,
      'out_of_range',
    );
  }
  if (
    data.method.kind === 'sweep' &&
    data.method.design === 'latin-hypercube' &&
    !data.method.samples
  ) {
    issue('method.samples', undefined, 'the number of points of the Latin hypercube', 'missing');
  }
  const names = new Set<string>();
  data.outputs.forEach((output, i) => {
    if (names.has(output.name))
      issue(`outputs.${i}.name`, output.name, 'a name not used by another output');
    names.add(output.name);
  });
  if (data.method.kind === 'monte-carlo' && data.outputs.length === 0) {
    issue('outputs', data.outputs, 'at least one output', 'missing');
  }
  if (
    data.method.kind !== 'monte-carlo' &&
    data.method.kind !== 'calibration' &&
    data.outputs.every((o) => o.kind === 'series')
  ) {
    issue(
      'outputs',
      data.outputs.map((o) => o.name),
      `at least one value output for ${data.method.kind}`,
    );
  }
  return issues;
}

/**
 * How many runs the method's design has, and the field that sets its size; undefined for a
 * calibration (its runs follow one another and are not kept) and a Monte Carlo ensemble (its
 * schema limits `runs` itself).
 */
function designSize(
  data: z.infer<typeof ExperimentFileSchema>,
): { readonly runs: number; readonly field: string; readonly value: unknown } | undefined {
  const method = data.method;
  const k = data.factors.length;
  switch (method.kind) {
    case 'one-at-a-time':
      return {
        runs: 1 + k * method.changes.length,
        field: 'method.changes',
        value: method.changes,
      };
    case 'morris':
      return {
        runs: method.trajectories * (k + 1),
        field: 'method.trajectories',
        value: method.trajectories,
      };
    case 'sobol':
      return { runs: method.samples * (k + 2), field: 'method.samples', value: method.samples };
    case 'sweep':
      if (method.design === 'latin-hypercube') {
        return method.samples === undefined
          ? undefined
          : { runs: method.samples, field: 'method.samples', value: method.samples };
      }
      return {
        runs: data.factors.reduce((n, f) => n * (f.values?.length ?? method.levels), 1),
        field: 'method.levels',
        value: method.levels,
      };
    default:
      return undefined;
  }
}

/** A calibration target's years lie in the horizon, and a relative loss divides by no zero. */
function checkTarget(
  target: CalibrationTarget,
  issue: (path: string, value: unknown, allowed: string, code?: ScenarioIssue['code']) => void,
): void {
  if (target.kind !== 'series') return;
  const at = 'method.target.values';
  const entries = Object.entries(target.values);
  if (entries.length === 0) issue(at, target.values, 'at least one year: value', 'missing');
  for (const [year, value] of entries) {
    const y = Number(year);
    if (!Number.isInteger(y) || y < TARGET_YEARS.first || y > TARGET_YEARS.last) {
      issue(
        `${at}.${year}`,
        year,
        `a year from ${TARGET_YEARS.first} to ${TARGET_YEARS.last}`,
        'out_of_range',
      );
    }
    if (target.loss === 'relative-rmse' && value === 0) {
      issue(`${at}.${year}`, value, 'a non-zero value for relative-rmse (it divides by it)');
    }
  }
}

/** Turns checked data into an experiment, with its content hash. */
export function toExperiment(data: z.infer<typeof ExperimentFileSchema>, file: string): Experiment {
  const issues = checkExperiment(data, file);
  if (issues.length > 0) throw new ScenarioError(issues);
  const factors = data.factors.map((factor, i) =>
    factor.distribution === undefined
      ? factor
      : {
          ...factor,
          parsedDistribution: parseDistribution(factor.distribution, `factors.${i}.distribution`),
        },
  );
  const id = createHash('sha256').update(JSON.stringify(data)).digest('hex');
  return { ...data, factors, id, file };
}

/**
 * Reads, validates and checks an experiment file. Throws one `ScenarioError` (code `E_SCENARIO`)
 * listing every problem, before anything runs.
 */
export function loadExperiment(file: string): Experiment {
  const outcome = readDocument(file);
  if (!outcome.ok) throw new ScenarioError(outcome.issues);
  const { document } = outcome;
  const parsed = ExperimentFileSchema.safeParse(document.data);
  if (!parsed.success) {
    const schema = toScenarioIssues(parsed.error.issues, {
      document,
      knownKeys: (path) => schemaFieldsAt(ExperimentFileSchema, path, document.data),
    });
    const paths = factorPathIssues(document.data, file).filter(
      (issue) => !schema.some((other) => other.path === issue.path),
    );
    throw new ScenarioError(withLinesFromFiles([...schema, ...paths]));
  }
  try {
    return toExperiment(parsed.data, file);
  } catch (error) {
    // The checks after the schema know fields, not lines: each issue gets its field's line.
    if (error instanceof ScenarioError) throw new ScenarioError(withLinesFromFiles(error.issues));
    throw error;
  }
}
