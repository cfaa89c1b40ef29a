import { type LifetimeSpec, LifetimeSpecSchema } from '@orebus/core';
import {
  DemandNoiseSchema,
  type ImportDisruption,
  ImportDisruptionSchema,
  RandomImportDisruptionSchema,
} from '@orebus/market';
/**
 * The zod schemas of the scenario format: one parameter `{ value, unit, provenance }`, the
 * provenance kinds, and a whole scenario file, built from the parameter specs so that the
 * schema, the override reader and `orebus show` cannot drift apart.
 */
import { z } from 'zod';
import { type Distribution, DistributionSchema, support } from '../experiments/design/index.js';
import {
  DEFAULT_METAL,
  describeRange,
  isInRange,
  LITHIUM_PARAMETER_SPECS,
  METAL_SYMBOL,
  type NumberRange,
  type ParameterSpec,
  parameterSpecs,
} from './parameter-specs.js';

/** Where a parameter's value comes from. Every parameter in a scenario file carries one. */
export const ProvenanceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('paper'), ref: z.string().min(1) }),
  z.strictObject({
    kind: z.literal('data'),
    source: z.string().min(1),
    year: z.number().int().min(1900).max(2200),
  }),
  z.strictObject({ kind: z.literal('calibrated'), target: z.string().min(1) }),
  z.strictObject({ kind: z.literal('assumption'), reason: z.string().min(1) }),
  // Computed by the loader from other stated values (a chemistry mix); `from` names them.
  z.strictObject({ kind: z.literal('derived'), from: z.string().min(1) }),
]);
export type Provenance = z.infer<typeof ProvenanceSchema>;

/** Where a value comes from, in one phrase (`paper: Table 2`), as `orebus show` prints it. */
export function describeProvenance(p: Provenance): string {
  switch (p.kind) {
    case 'paper':
      return `paper: ${p.ref}`;
    case 'data':
      return `data: ${p.source} (${p.year})`;
    case 'calibrated':
      return `calibrated: ${p.target}`;
    case 'derived':
      return `derived: ${p.from}`;
    default:
      return `assumption: ${p.reason}`;
  }
}

/**
 * How uncertain a parameter that is one number is: a distribution of its value, in its unit,
 * with where that distribution comes from. A Monte Carlo experiment draws a factor from it when
 * the experiment gives the factor no distribution of its own.
 */
export const UncertaintySchema = z.strictObject({
  distribution: DistributionSchema,
  provenance: ProvenanceSchema,
});
export interface Uncertainty {
  readonly distribution: Distribution;
  readonly provenance: Provenance;
}

/**
 * How a year→value path fills the years between the ones it names: `linear` interpolates,
 * `step` holds each value until the next named year. Before the first and after the last named
 * year the nearest value is held in both modes.
 */
export const InterpolationSchema = z.enum(['linear', 'step']);
export type Interpolation = z.infer<typeof InterpolationSchema>;

/**
 * A lifetime distribution in years, the kernel's own schema (a log-normal gives the mean and
 * s.d. of the lifetime itself); the demand agents discretise it over ages 1–30.
 */
export const LifetimeSchema = LifetimeSpecSchema;
export type Lifetime = LifetimeSpec;

/**
 * An import disruption: in each of `years`, the fraction `share` of the scenario's net imports
 * does not arrive. The schema is the rule's own, from the market's rule registry.
 */
export const ImportDisruptionRuleSchema = ImportDisruptionSchema;
export type ImportDisruptionRule = ImportDisruption;

/**
 * An interaction rule: a discriminated union on `kind` over the schemas of the rules that ship
 * with Orebus (`defaultRules()` of @orebus/market), so a new shipped rule adds a member here.
 */
export const RuleSchema = z.discriminatedUnion('kind', [
  ImportDisruptionSchema,
  RandomImportDisruptionSchema,
  DemandNoiseSchema,
]);
export type Rule = z.infer<typeof RuleSchema>;

/** The value of any parameter, as a file states it (a path stays sparse here). */
export type ParameterValue =
  | number
  | string
  | readonly number[]
  | readonly string[]
  | Readonly<Record<string, number>>
  | Lifetime
  | readonly Rule[];

/** One parameter as a file states it. */
export interface Parameter {
  readonly value: ParameterValue;
  readonly unit: string;
  readonly provenance: Provenance;
  readonly interpolation?: Interpolation;
  /** Only on a parameter that is one number. */
  readonly uncertainty?: Uncertainty;
}

/** The format tag every scenario file starts with. */
export const SCENARIO_FORMAT = 'scenario/1';

/** The keys a parameter object may have. */
export const PARAMETER_KEYS = [
  'value',
  'unit',
  'provenance',
  'interpolation',
  'uncertainty',
] as const;

const ISSUE_CODE = 'issueCode';

function custom(
  ctx: z.RefinementCtx,
  issueCode: string,
  message: string,
  path: PropertyKey[] = [],
) {
  ctx.addIssue({ code: 'custom', message, params: { [ISSUE_CODE]: issueCode }, path });
}

function rangedNumber(range: NumberRange) {
  return z.number().superRefine((value, ctx) => {
    if (!isInRange(value, range)) custom(ctx, 'out_of_range', describeRange(range));
  });
}

function yearPath(range: NumberRange) {
  return z.record(z.string().regex(/^\d{4}$/), rangedNumber(range)).superRefine((points, ctx) => {
    if (Object.keys(points).length === 0) custom(ctx, 'invalid_value', 'at least one year');
  });
}

/** Runs `schema` on values of one JS type and reports anything else as a wrong type. */
function byType(
  options: ReadonlyArray<[(value: unknown) => boolean, z.ZodType]>,
  expected: string,
) {
  return z.unknown().superRefine((value, ctx) => {
    const option = options.find(([accepts]) => accepts(value));
    if (option === undefined) {
      ctx.addIssue({ code: 'invalid_type', expected: 'object', message: `expected ${expected}` });
      return;
    }
    const result = option[1].safeParse(value);
    if (!result.success) {
      for (const issue of result.error.issues) ctx.addIssue({ ...issue, path: issue.path });
    }
  });
}

const isNumber = (value: unknown): boolean => typeof value === 'number';
const isPlainObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The schema of a parameter's `value`, with the spec's range and shape checks. */
export function valueSchema(spec: ParameterSpec): z.ZodType {
  switch (spec.kind) {
    case 'number':
      return rangedNumber(spec.range);
    case 'numbers':
      return z.array(rangedNumber(spec.range)).superRefine((values, ctx) => {
        if (spec.length !== undefined && values.length !== spec.length) {
          custom(ctx, 'invalid_value', `exactly ${spec.length} numbers`);
        }
        if (values.length === 0) custom(ctx, 'invalid_value', 'at least one number');
        const sum = values.reduce((total, value) => total + value, 0);
        // Shares are written as decimals that rarely sum to 1 exactly in binary.
        if (spec.sumsToOne && Math.abs(sum - 1) > 1e-9) {
          custom(ctx, 'sum_mismatch', `numbers summing to 1 (these sum to ${sum})`);
        }
      });
    case 'enum':
      return z.enum(spec.options as [string, ...string[]]);
    case 'labels':
      return z.array(z.string().min(1)).superRefine((names, ctx) => {
        if (spec.length !== undefined && names.length !== spec.length) {
          custom(ctx, 'invalid_value', `${spec.length} names`);
        }
        if (names.length === 0) custom(ctx, 'invalid_value', 'at least one name');
        if (new Set(names).size !== names.length) custom(ctx, 'invalid_value', 'distinct names');
      });
    case 'series': {
      const path = yearPath(spec.range);
      if (!spec.constantAllowed) return byType([[isPlainObject, path]], 'a year→value path');
      return byType(
        [
          [isNumber, rangedNumber(spec.range)],
          [isPlainObject, path],
        ],
        'a number or a year→value path',
      );
    }
    case 'lifetime':
      return LifetimeSchema;
    case 'rules':
      return z.array(RuleSchema);
  }
}

/** The schema of one parameter `{ value, unit, provenance, interpolation?, uncertainty? }`. */
export function parameterSchema(spec: ParameterSpec): z.ZodType<Parameter> {
  return z
    .strictObject({
      value: valueSchema(spec),
      unit: z.literal(spec.unit),
      provenance: ProvenanceSchema,
      interpolation: InterpolationSchema.optional(),
      uncertainty: UncertaintySchema.optional(),
    })
    .superRefine((parameter, ctx) => {
      if (parameter.interpolation !== undefined && !isPlainObject(parameter.value)) {
        custom(ctx, 'invalid_value', 'interpolation only on a year→value path', ['interpolation']);
      }
      if (parameter.uncertainty !== undefined) checkUncertainty(spec, parameter, ctx);
    }) as z.ZodType<Parameter>;
}

/**
 * An uncertainty belongs to a parameter that is one number; its distribution must be able to
 * give the stated value, and, where it is bounded, give only values the parameter allows.
 */
function checkUncertainty(
  spec: ParameterSpec,
  parameter: { value: unknown; uncertainty?: { distribution: Distribution } },
  ctx: z.RefinementCtx,
): void {
  if (spec.kind !== 'number') {
    custom(ctx, 'invalid_value', 'an uncertainty only on a parameter that is one number', [
      'uncertainty',
    ]);
    return;
  }
  const value = parameter.value;
  const distribution = parameter.uncertainty!.distribution;
  // The refinement runs even when the distribution itself was refused; that has its issues.
  if (!DistributionSchema.safeParse(distribution).success) return;
  const [low, high] = support(distribution);
  const at = ['uncertainty', 'distribution'];
  if (typeof value === 'number' && !(value >= low && value <= high)) {
    custom(
      ctx,
      'out_of_range',
      `a distribution that can give the stated value ${value} (this one gives ${low} to ${high})`,
      at,
    );
  }
  for (const end of [low, high]) {
    if (Number.isFinite(end) && !isInRange(end, spec.range)) {
      custom(
        ctx,
        'out_of_range',
        `a distribution within the parameter's range, ${describeRange(spec.range)} (this one gives ${low} to ${high})`,
        at,
      );
      return;
    }
  }
}

interface Tree {
  readonly [key: string]: Tree | ParameterSpec;
}

function isSpec(node: Tree | ParameterSpec): node is ParameterSpec {
  return typeof (node as ParameterSpec).kind === 'string' && 'unit' in node;
}

function buildTree(specs: readonly ParameterSpec[]): Tree {
  const root: Record<string, unknown> = {};
  for (const spec of specs) {
    const keys = spec.path.split('.');
    let node = root;
    for (const key of keys.slice(0, -1)) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    node[keys.at(-1)!] = spec;
  }
  return root as Tree;
}

/**
 * The parameter paths nested as a tree, for naming the known fields. The paths are the same
 * for every metal, so the lithium specs serve.
 */
export const PARAMETER_TREE: Tree = buildTree(LITHIUM_PARAMETER_SPECS);

/** The names a file may use below `path` of the `parameters` section, or undefined. */
export function knownKeysBelow(path: readonly string[]): string[] | undefined {
  let node: Tree | ParameterSpec = PARAMETER_TREE;
  for (const key of path) {
    if (isSpec(node)) return undefined;
    const next: Tree | ParameterSpec | undefined = node[key];
    if (next === undefined) return undefined;
    node = next;
  }
  return isSpec(node) ? [...PARAMETER_KEYS] : Object.keys(node);
}

function treeSchema(tree: Tree): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, node] of Object.entries(tree)) {
    shape[key] = (isSpec(node) ? parameterSchema(node) : treeSchema(node)).optional();
  }
  return z.strictObject(shape);
}

/** Where a complete scenario file came from, written when a resolved scenario is saved. */
export const ResolvedFromSchema = z.strictObject({
  pack: z.string().nullable(),
  combination: z.string().nullable(),
  variant: z.string().nullable(),
});
export type ResolvedFrom = z.infer<typeof ResolvedFromSchema>;

/** A metal's chemical symbol, as a manifest or scenario file states it. */
export const MetalSchema = z.string().regex(METAL_SYMBOL, 'a chemical symbol such as Li, Co, Ni');

function buildScenarioFileSchema(metal: string) {
  return z.strictObject({
    orebus: z.literal(SCENARIO_FORMAT),
    /**
     * The metal whose units the file's parameters use; a standalone file without it is read
     * as lithium. In a pack it must be the pack's metal, or absent.
     */
    metal: MetalSchema.optional(),
    description: z.string().optional(),
    resolvedFrom: ResolvedFromSchema.optional(),
    parameters: treeSchema(buildTree(parameterSpecs(metal))),
  });
}

const FILE_SCHEMAS = new Map<string, ReturnType<typeof buildScenarioFileSchema>>();

/**
 * The schema of a scenario file whose units name `metal`. Every parameter is optional here: a
 * side file overrides a few; completeness is checked once the files of a scenario are merged.
 */
export function scenarioFileSchema(metal: string): ReturnType<typeof buildScenarioFileSchema> {
  let schema = FILE_SCHEMAS.get(metal);
  if (schema === undefined) {
    schema = buildScenarioFileSchema(metal);
    FILE_SCHEMAS.set(metal, schema);
  }
  return schema;
}

/** The schema of a lithium scenario file (see {@link scenarioFileSchema}). */
export const ScenarioFileSchema = scenarioFileSchema(DEFAULT_METAL);

/** A parsed scenario file; `parameters` is nested as in the file. */
export interface ScenarioFile {
  readonly orebus: typeof SCENARIO_FORMAT;
  readonly metal?: string;
  readonly description?: string;
  readonly resolvedFrom?: ResolvedFrom;
  readonly parameters: Readonly<Record<string, unknown>>;
}

/** The keys the top level of a scenario file may have. */
export const SCENARIO_FILE_KEYS = ['orebus', 'metal', 'description', 'resolvedFrom', 'parameters'];
