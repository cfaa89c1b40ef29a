/**
 * Resolving a scenario: the base files, the sides of a combination, an optional variant and
 * command-line overrides merged in that order, checked as a whole, and turned into plain
 * parameters, a table for `orebus show` and a content hash.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import type { DocumentFormat } from './documents.js';
import { COMMAND_LINE, ScenarioError, type ScenarioIssue } from './errors.js';
import {
  type Interpolation,
  type Parameter,
  type ParameterValue,
  type Provenance,
  type ResolvedFrom,
  SCENARIO_FORMAT,
  type Uncertainty,
} from './file-schema.js';
import {
  buildLithiumParameters,
  checkParameterSet,
  type LithiumParameters,
  type ParameterEntry,
  RECYCLING_FACTOR_NAMES,
} from './lithium-parameters.js';
import { parseOverrides } from './overrides.js';
import {
  type Combination,
  deriveIntensities,
  describeCombinations,
  findCombination,
  mergeFiles,
  PACK_MANIFEST,
  type Pack,
  refuseStatedIntensities,
} from './pack.js';
import { DEFAULT_METAL, findParameterSpec, parameterSpecs } from './parameter-specs.js';
import { type LoadedScenarioFile, parseScenarioText, readScenarioFile } from './scenario-file.js';

/**
 * One row of the resolved parameter table. `value` is as the winning file stated it (a path
 * stays sparse); `origin` is that file, `(command line)`, or `derived` for values computed
 * from other parameters.
 */
export interface ParameterRow {
  readonly path: string;
  readonly value: ParameterValue;
  readonly unit: string;
  readonly provenance: Provenance;
  readonly origin: string;
  readonly interpolation?: Interpolation;
  /** The distribution the scenario declares for the value, if any (one-number parameters). */
  readonly uncertainty?: Uncertainty;
}

/** A scenario ready to run. */
export interface ResolvedScenario {
  /** The pack's name, or null for a standalone file that does not record one. */
  readonly pack: string | null;
  /** The metal's chemical symbol (`Li`, `Co`); its units are those of the parameters. */
  readonly metal: string;
  /** `S1-D1` etc., or null for a standalone file that does not record one. */
  readonly combination: string | null;
  readonly variant: string | null;
  readonly parameters: LithiumParameters;
  /**
   * Every parameter in spec order, derived recycling factors included; for a pack with a
   * chemistry file, then every value of that file (paths `chemistry.…`).
   */
  readonly table: readonly ParameterRow[];
  /** sha256 (hex) of the canonical JSON of `parameters`; provenance does not enter it. */
  readonly contentHash: string;
}

/** Options of {@link resolveScenario}. */
export interface ResolveOptions {
  /** A variant named in the pack manifest, e.g. `salt-output-basis`. */
  readonly variant?: string;
  /** Command-line overrides `path=value`, applied last, a later one winning. */
  readonly overrides?: readonly string[];
}

/**
 * Resolves a combination of a pack. Pure: the pack is not changed, and the same inputs give
 * the same scenario and hash.
 *
 * @throws ScenarioError with every issue: unknown combination or variant, bad overrides, and
 *   parameters that contradict each other once merged.
 */
export function resolveScenario(
  pack: Pack,
  combination: string | Combination,
  options: ResolveOptions = {},
): ResolvedScenario {
  const id = typeof combination === 'string' ? combination : combination.id;
  const found = findCombination(pack, id);
  const manifest = join(pack.dir, PACK_MANIFEST);
  const issues: ScenarioIssue[] = [];
  if (found === undefined) {
    issues.push({
      code: 'unknown_combination',
      file: COMMAND_LINE,
      path: 'combination',
      value: id,
      allowed: describeCombinations(pack),
    });
  }
  const variant = options.variant === undefined ? undefined : pack.variants.get(options.variant);
  if (options.variant !== undefined && variant === undefined) {
    const names = [...pack.variants.keys()].join(', ');
    issues.push({
      code: 'unknown_variant',
      file: COMMAND_LINE,
      path: 'variant',
      value: options.variant,
      allowed: `one of ${names} (see ${manifest})`,
    });
  }
  if (found === undefined || issues.length > 0) throw new ScenarioError(issues);

  const files: LoadedScenarioFile[] = [
    ...pack.base,
    ...(pack.supplySides.get(found.supply)?.files ?? []),
    ...(pack.demandSides.get(found.demand)?.files ?? []),
    ...(variant?.files ?? []),
  ];
  const from: ResolvedFrom = {
    pack: pack.name,
    combination: found.id,
    variant: options.variant ?? null,
  };
  const entries = mergeFiles(files);
  const stated = refuseStatedIntensities(pack, entries);
  if (stated.length > 0) throw new ScenarioError(stated);
  return finish(entries, options.overrides ?? [], from, pack.metal, pack);
}

/**
 * Reads a complete scenario file (YAML, or JSON if it ends in `.json`), such as one written by
 * {@link serializeScenario}, and resolves it with optional overrides.
 *
 * @throws ScenarioError with every issue in the file and the overrides.
 */
export function loadScenarioFile(
  file: string,
  overrides: readonly string[] = [],
): ResolvedScenario {
  const outcome = readScenarioFile(file);
  if (!outcome.ok) throw new ScenarioError(outcome.issues);
  return resolveLoaded(outcome.value, overrides);
}

/** As {@link loadScenarioFile}, from text; `file` names it in issues. */
export function parseScenario(
  text: string,
  file: string,
  format: DocumentFormat,
  overrides: readonly string[] = [],
): ResolvedScenario {
  const outcome = parseScenarioText(text, file, format);
  if (!outcome.ok) throw new ScenarioError(outcome.issues);
  return resolveLoaded(outcome.value, overrides);
}

function resolveLoaded(loaded: LoadedScenarioFile, overrides: readonly string[]): ResolvedScenario {
  const from = loaded.content.resolvedFrom ?? { pack: null, combination: null, variant: null };
  // A standalone file carries its derived intensities as stated values, so no chemistry file.
  return finish(mergeFiles([loaded]), overrides, from, loaded.content.metal ?? DEFAULT_METAL);
}

function finish(
  entries: Map<string, ParameterEntry>,
  overrideTexts: readonly string[],
  from: ResolvedFrom,
  metal: string,
  pack?: Pack,
): ResolvedScenario {
  const { overrides, issues } = parseOverrides(
    overrideTexts,
    (path) => entries.get(path)?.parameter,
    metal,
  );
  for (const override of overrides) {
    entries.set(override.path, { parameter: override.parameter, origin: COMMAND_LINE });
  }
  // After the overrides, so that a horizon set on the command line spans the derived series.
  if (pack !== undefined) issues.push(...deriveIntensities(pack, entries));
  // Invalid overrides were not applied, so the merged set can still be checked as a whole and
  // every problem reported in one go.
  issues.push(...checkParameterSet(entries, metal));
  if (issues.length > 0) throw new ScenarioError(issues);

  const parameters = buildLithiumParameters(entries);
  const { historyStartYear, endYear } = parameters.horizon;
  const chemistryRows =
    pack?.chemistry === undefined
      ? []
      : pack.chemistry.load({ from: historyStartYear, to: endYear }).table;
  return {
    pack: from.pack,
    metal,
    combination: from.combination,
    variant: from.variant,
    parameters,
    table: [...buildTable(entries, parameters, metal), ...chemistryRows],
    contentHash: hashParameters(parameters),
  };
}

function buildTable(
  entries: ReadonlyMap<string, ParameterEntry>,
  parameters: LithiumParameters,
  metal: string,
): ParameterRow[] {
  const rows: ParameterRow[] = [];
  for (const spec of parameterSpecs(metal)) {
    const entry = entries.get(spec.path);
    if (entry === undefined) continue; // an optional parameter the scenario leaves out
    rows.push(toRow(spec.path, entry.parameter, entry.origin));
    if (spec.path === 'recycler.factorShape.midpointYear')
      rows.push(...derivedFactorRows(parameters));
  }
  return rows;
}

function toRow(path: string, parameter: Parameter, origin: string): ParameterRow {
  const { interpolation, uncertainty } = parameter;
  return {
    path,
    value: parameter.value,
    unit: parameter.unit,
    provenance: parameter.provenance,
    origin,
    ...(interpolation === undefined ? {} : { interpolation }),
    ...(uncertainty === undefined ? {} : { uncertainty }),
  };
}

function derivedFactorRows(parameters: LithiumParameters): ParameterRow[] {
  const { recycler } = parameters;
  return (['2023', '2050'] as const).flatMap((year) => {
    const factors = year === '2023' ? recycler.factors2023 : recycler.factors2050;
    return RECYCLING_FACTOR_NAMES.map((name) => ({
      path: `recycler.factors${year}.${name}`,
      value: factors[name],
      unit: '1',
      provenance: {
        kind: 'assumption',
        reason: `derived: recycler.eolRate${year} ^ recycler.factorWeights[${name}]`,
      },
      origin: 'derived',
    }));
  });
}

/** JSON with object keys sorted at every level, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort())
    sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

/** sha256 (hex) of the canonical JSON of resolved parameters. */
export function hashParameters(parameters: LithiumParameters): string {
  return createHash('sha256').update(canonicalJson(parameters)).digest('hex');
}

/**
 * Writes a resolved scenario as one complete scenario file in YAML or JSON, every parameter
 * with its unit and provenance (derived rows left out; they are recomputed on reading). Metal
 * intensities derived from a chemistry file are written as stated values with their `derived`
 * provenance, and the chemistry file's own rows are left out, so the file stands alone. A metal
 * other than lithium is written as `metal`. Reading it back with {@link parseScenario} gives the
 * same parameters and hash.
 */
export function serializeScenario(scenario: ResolvedScenario, format: DocumentFormat): string {
  const parameters: Record<string, unknown> = {};
  for (const row of scenario.table) {
    if (row.origin === 'derived' || findParameterSpec(row.path) === undefined) continue;
    const keys = row.path.split('.');
    let node = parameters;
    for (const key of keys.slice(0, -1)) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    const { value, unit, provenance, interpolation, uncertainty } = row;
    node[keys.at(-1)!] = {
      value,
      unit,
      provenance,
      ...(interpolation === undefined ? {} : { interpolation }),
      ...(uncertainty === undefined ? {} : { uncertainty }),
    };
  }
  const document = {
    orebus: SCENARIO_FORMAT,
    // Lithium files have never carried the field; leaving it out keeps them as they were.
    ...(scenario.metal === DEFAULT_METAL ? {} : { metal: scenario.metal }),
    description:
      `Resolved scenario ${scenario.combination ?? ''} of pack ${scenario.pack ?? '(none)'}`.trim(),
    resolvedFrom: {
      pack: scenario.pack,
      combination: scenario.combination,
      variant: scenario.variant,
    },
    parameters,
  };
  return format === 'json' ? `${JSON.stringify(document, null, 2)}\n` : stringifyYaml(document);
}
