/**
 * A joint pack: several single-metal packs run together on one bus, with one EV maker and one
 * ESS maker whose battery demand a chemistry mix splits among the metals. The manifest names
 * the packs by metal, the pack whose EV fleet and storage capacity drive demand, the chemistry
 * file, and the optional rule by which the mix responds to prices.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { type Assignment, isAssignable, withAssignments } from '../pack/assign.js';
import { type ChemistryData, loadChemistryFile } from '../pack/chemistry-file.js';
import { readDocument, toScenarioIssues } from '../pack/documents.js';
import { COMMAND_LINE, ScenarioError, type ScenarioIssue } from '../pack/errors.js';
import { type Provenance, ProvenanceSchema } from '../pack/file-schema.js';
import {
  canonicalJson,
  findCombination,
  listCombinations,
  loadPack,
  PACK_MANIFEST,
  type Pack,
  type ParameterRow,
  type ResolvedScenario,
  resolveScenario,
} from '../pack/index.js';
import { schemaFieldsAt } from '../pack/schema-fields.js';

/** The `orebus` tag of a joint pack's manifest. */
export const JOINT_PACK_FORMAT = 'joint-pack/1';

const MetalSymbol = z.string().regex(/^[A-Z][a-z]?$/, 'a chemical symbol such as Li, Co, Ni');

function numberParameter(unit: string, check: z.ZodNumber) {
  return z.strictObject({
    value: check,
    unit: z.literal(unit, { error: `the unit '${unit}'` }),
    provenance: ProvenanceSchema,
  });
}

/** The manifest `pack.yaml` of a joint pack. */
export const JointPackManifestSchema = z.strictObject({
  orebus: z.literal(JOINT_PACK_FORMAT),
  name: z.string().min(1),
  title: z.string().min(1),
  /** Each metal's single-metal pack, as a directory relative to this one. */
  metals: z.record(MetalSymbol, z.string().min(1)).refine((m) => Object.keys(m).length >= 2, {
    message: 'at least two metals',
  }),
  /** The metal whose pack's EV and ESS parameters drive the one EV and one ESS maker. */
  demandFrom: MetalSymbol,
  /** The chemistry file, relative to this directory. */
  chemistry: z.string().min(1),
  /** The combinations `orebus run` runs when none is named. */
  combinations: z.array(z.string()).min(1),
  /** The rule by which the chemistry mix leans away from metals that got dearer. */
  priceResponse: z.strictObject({
    elasticity: numberParameter('1', z.number().min(0).max(20)),
    /** What a tonne of each metal was worth at its market's first quote, in one currency. */
    referenceValue: z.record(MetalSymbol, numberParameter('CNY/t', z.number().positive())),
  }),
  /** Named sets of `--set` overrides, applied before the command line's. */
  variants: z
    .record(
      z.string().regex(/^[a-z0-9-]+$/, 'lower-case words joined by -'),
      z.strictObject({ title: z.string().min(1), set: z.array(z.string().min(1)).min(1) }),
    )
    .default({}),
});
export type JointPackManifest = z.infer<typeof JointPackManifestSchema>;

/** A loaded joint pack: its manifest and each metal's pack, loaded and checked. */
export interface JointPack {
  readonly kind: 'joint';
  readonly name: string;
  readonly title: string;
  readonly dir: string;
  readonly metals: readonly string[];
  readonly packs: ReadonlyMap<string, Pack>;
  readonly demandFrom: string;
  readonly chemistryFile: string;
  readonly combinations: readonly string[];
  readonly manifest: JointPackManifest;
}

/** Whether `dir` holds a joint pack (its manifest says `orebus: joint-pack/1`). */
export function isJointPackDir(dir: string): boolean {
  const parsed = readDocument(join(dir, PACK_MANIFEST));
  return parsed.ok && (parsed.document.data as { orebus?: unknown })?.orebus === JOINT_PACK_FORMAT;
}

/**
 * Loads the joint pack in `dir` and every pack it names; checks that each names the metal it
 * is listed under, that the demand metal is one of them, and that every default combination
 * exists in every pack.
 *
 * @throws ScenarioError with every issue found.
 */
export function loadJointPack(dir: string): JointPack {
  const manifestFile = join(dir, PACK_MANIFEST);
  const parsed = readDocument(manifestFile);
  if (!parsed.ok) throw new ScenarioError(parsed.issues);
  const result = JointPackManifestSchema.safeParse(parsed.document.data);
  if (!result.success) {
    throw new ScenarioError(
      toScenarioIssues(result.error.issues, {
        document: parsed.document,
        knownKeys: (path) => schemaFieldsAt(JointPackManifestSchema, path, parsed.document.data),
      }),
    );
  }
  const manifest = result.data;
  const issues: ScenarioIssue[] = [];
  const flag = (path: string, value: unknown, allowed: string, code: ScenarioIssue['code']) =>
    issues.push({ code, file: manifestFile, path, value, allowed });

  const metals = Object.keys(manifest.metals);
  const packs = new Map<string, Pack>();
  for (const metal of metals) {
    const packDir = resolve(dir, manifest.metals[metal]!);
    if (!existsSync(join(packDir, PACK_MANIFEST))) {
      flag(`metals.${metal}`, manifest.metals[metal], 'a pack directory', 'unreadable');
      continue;
    }
    const pack = loadPack(packDir);
    if (pack.metal !== metal) {
      flag(
        `metals.${metal}`,
        manifest.metals[metal],
        `a pack of ${metal}, not ${pack.metal}`,
        'inconsistent',
      );
    }
    packs.set(metal, pack);
  }
  if (!metals.includes(manifest.demandFrom)) {
    flag('demandFrom', manifest.demandFrom, `one of ${metals.join(', ')}`, 'invalid_value');
  }
  const chemistryFile = resolve(dir, manifest.chemistry);
  if (!existsSync(chemistryFile)) {
    flag('chemistry', manifest.chemistry, 'a chemistry file', 'unreadable');
  }
  for (const metal of metals) {
    if (manifest.priceResponse.referenceValue[metal] === undefined) {
      flag(`priceResponse.referenceValue.${metal}`, undefined, 'a value in CNY/t', 'missing');
    }
  }
  if (issues.length === 0) {
    manifest.combinations.forEach((id, index) => {
      const missing = metals.filter((metal) => !findCombination(packs.get(metal)!, id));
      if (missing.length > 0) {
        flag(
          `combinations.${index}`,
          id,
          `a combination every pack has (${jointCombinations(packs).join(', ')}); ` +
            `not in ${missing.join(', ')}`,
          'unknown_combination',
        );
      }
    });
  }
  if (issues.length > 0) throw new ScenarioError(issues);

  return {
    kind: 'joint',
    name: manifest.name,
    title: manifest.title,
    dir,
    metals,
    packs,
    demandFrom: manifest.demandFrom,
    chemistryFile,
    combinations: manifest.combinations,
    manifest,
  };
}

/** The combinations that every pack of the joint pack defines, in the first pack's order. */
export function jointCombinations(packs: ReadonlyMap<string, Pack>): string[] {
  const [first, ...rest] = [...packs.values()];
  if (first === undefined) return [];
  return listCombinations(first)
    .map((c) => c.id)
    .filter((id) => rest.every((pack) => findCombination(pack, id) !== undefined));
}

/** The chemistry rule's parameters, resolved. */
export interface PriceResponse {
  readonly elasticity: number;
  readonly referenceValue: Readonly<Record<string, number>>;
}

/** A combination of a joint pack, resolved for every metal. */
export interface JointScenario {
  readonly pack: string;
  readonly combination: string;
  readonly variant: string | null;
  readonly metals: readonly string[];
  readonly demandFrom: string;
  /** Each metal's resolved scenario. */
  readonly scenarios: ReadonlyMap<string, ResolvedScenario>;
  readonly chemistry: ChemistryData;
  readonly priceResponse: PriceResponse;
  /** Rows of the joint pack's own parameters (the chemistry rule), for `orebus show`. */
  readonly table: readonly ParameterRow[];
  /** sha256 of the metals' content hashes, the chemistry and the rule. */
  readonly contentHash: string;
}

/** Options of {@link resolveJoint}. */
export interface JointResolveOptions {
  readonly variant?: string;
  /**
   * `Co.producers.Con=0.2` goes to the cobalt pack, `priceResponse.elasticity=1` to the rule;
   * every metal-less path is refused, naming the metals.
   */
  readonly overrides?: readonly string[];
}

const OVERRIDE_PROVENANCE: Provenance = { kind: 'assumption', reason: 'command-line override' };

/** The joint pack's own numeric parameter: how strongly the chemistry mix answers prices. */
const ELASTICITY_PATH = 'priceResponse.elasticity';

function isElasticity(value: number): boolean {
  return Number.isFinite(value) && value >= 0 && value <= 20;
}

function elasticityIssue(value: unknown): ScenarioIssue {
  return {
    code: 'out_of_range',
    file: COMMAND_LINE,
    path: ELASTICITY_PATH,
    value,
    allowed: 'a number from 0 to 20',
  };
}

/** A path that names neither a metal of the pack nor the elasticity. */
function withoutMetalIssue(path: string, value: unknown, metals: readonly string[]): ScenarioIssue {
  return {
    code: 'unknown_override',
    file: COMMAND_LINE,
    path,
    value,
    allowed:
      `a parameter path prefixed with its metal (${metals.map((m) => `${m}.`).join(', ')}), ` +
      `or ${ELASTICITY_PATH}`,
  };
}

/**
 * Whether `assignJoint` can set `path` on a resolved joint combination: the chemistry rule's
 * elasticity, or a metal's parameter that `assignParameters` could set on that metal's
 * scenario (`Co.producers.Con`).
 */
export function isJointAssignable(path: string, metals: readonly string[]): boolean {
  if (path === ELASTICITY_PATH) return true;
  const dot = path.indexOf('.');
  return dot > 0 && metals.includes(path.slice(0, dot)) && isAssignable(path.slice(dot + 1));
}

/**
 * The joint combination with each assignment set, without resolving again: a metal's path on
 * that metal's parameters (as `withAssignments` sets them on one pack), the elasticity on the
 * chemistry rule. The model gets the same numbers as from `resolveJoint` with the same values
 * as overrides (a test holds it to that). The parameter table and the content hash are the
 * base combination's: what the model reads is set, the description is not.
 *
 * @throws ScenarioError naming, with its metal, every path that cannot be assigned and every
 *   value out of its range.
 */
export function assignJoint(
  scenario: JointScenario,
  assignments: readonly Assignment[],
): JointScenario {
  const issues: ScenarioIssue[] = [];
  let elasticity = scenario.priceResponse.elasticity;
  const byMetal = new Map<string, Assignment[]>();
  for (const assignment of assignments) {
    const { path, value } = assignment;
    if (path === ELASTICITY_PATH) {
      if (isElasticity(value)) elasticity = value;
      else issues.push(elasticityIssue(value));
      continue;
    }
    const dot = path.indexOf('.');
    const metal = dot < 0 ? '' : path.slice(0, dot);
    if (!scenario.scenarios.has(metal)) {
      issues.push(withoutMetalIssue(path, value, scenario.metals));
      continue;
    }
    let list = byMetal.get(metal);
    if (list === undefined) {
      list = [];
      byMetal.set(metal, list);
    }
    list.push({ path: path.slice(dot + 1), value });
  }

  const scenarios = new Map(scenario.scenarios);
  for (const [metal, list] of byMetal) {
    const resolved = scenarios.get(metal)!;
    try {
      scenarios.set(metal, { ...resolved, parameters: withAssignments(resolved.parameters, list) });
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      issues.push(...error.issues.map((issue) => ({ ...issue, path: `${metal}.${issue.path}` })));
    }
  }
  if (issues.length > 0) throw new ScenarioError(issues);
  return {
    ...scenario,
    scenarios,
    priceResponse: { ...scenario.priceResponse, elasticity },
  };
}

/**
 * Resolves one combination for every metal, routing each override to the pack of the metal it
 * names, and reads the chemistry file over the demand pack's years.
 *
 * @throws ScenarioError listing every problem in the overrides and in any pack.
 */
export function resolveJoint(
  pack: JointPack,
  combination: string,
  options: JointResolveOptions = {},
): JointScenario {
  const { manifest } = pack;
  const issues: ScenarioIssue[] = [];
  const variant = options.variant ?? null;
  const variantSets: string[] = [];
  if (variant !== null) {
    const found = manifest.variants[variant];
    if (found === undefined) {
      issues.push({
        code: 'unknown_variant',
        file: COMMAND_LINE,
        path: 'variant',
        value: variant,
        allowed: `one of ${Object.keys(manifest.variants).join(', ') || '(none)'}`,
      });
    } else {
      variantSets.push(...found.set);
    }
  }

  const byMetal = new Map<string, string[]>(pack.metals.map((metal) => [metal, []]));
  let elasticity = manifest.priceResponse.elasticity.value;
  let elasticityProvenance: Provenance = manifest.priceResponse.elasticity.provenance;
  for (const text of [...variantSets, ...(options.overrides ?? [])]) {
    const equals = text.indexOf('=');
    const path = equals < 0 ? text : text.slice(0, equals);
    const value = equals < 0 ? '' : text.slice(equals + 1);
    if (path === ELASTICITY_PATH) {
      const number = value.trim() === '' ? Number.NaN : Number(value);
      if (!isElasticity(number)) {
        issues.push(elasticityIssue(value));
      } else {
        elasticity = number;
        elasticityProvenance = OVERRIDE_PROVENANCE;
      }
      continue;
    }
    const dot = path.indexOf('.');
    const metal = dot < 0 ? '' : path.slice(0, dot);
    const target = byMetal.get(metal);
    if (target === undefined) {
      issues.push(withoutMetalIssue(path, value, pack.metals));
      continue;
    }
    target.push(text.slice(dot + 1));
  }
  if (!jointCombinations(pack.packs).includes(combination)) {
    issues.push({
      code: 'unknown_combination',
      file: COMMAND_LINE,
      path: 'combination',
      value: combination,
      allowed: `one of ${jointCombinations(pack.packs).join(', ')}`,
    });
    throw new ScenarioError(issues);
  }

  // Every metal is resolved even after a bad override, so that one message lists everything.
  const scenarios = new Map<string, ResolvedScenario>();
  for (const metal of pack.metals) {
    try {
      scenarios.set(
        metal,
        resolveScenario(pack.packs.get(metal)!, combination, { overrides: byMetal.get(metal)! }),
      );
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      // The user typed the override with its metal; say it back the same way.
      issues.push(
        ...error.issues.map((issue) =>
          issue.file === COMMAND_LINE ? { ...issue, path: `${metal}.${issue.path}` } : issue,
        ),
      );
    }
  }
  if (issues.length > 0) throw new ScenarioError(issues);

  const horizon = scenarios.get(pack.demandFrom)!.parameters.horizon;
  for (const [metal, scenario] of scenarios) {
    if (canonicalJson(scenario.parameters.horizon) !== canonicalJson(horizon)) {
      issues.push({
        code: 'inconsistent',
        file: pack.packs.get(metal)!.dir,
        path: 'parameters.horizon',
        value: scenario.parameters.horizon,
        allowed: `the horizon of the ${pack.demandFrom} pack, ${canonicalJson(horizon)}`,
      });
    }
  }
  if (issues.length > 0) throw new ScenarioError(issues);

  const chemistry = loadChemistryFile(pack.chemistryFile, {
    from: horizon.historyStartYear,
    to: horizon.endYear,
  });
  const referenceValue = Object.fromEntries(
    pack.metals.map((metal) => [metal, manifest.priceResponse.referenceValue[metal]!.value]),
  );
  const manifestFile = join(pack.dir, PACK_MANIFEST);
  const table: ParameterRow[] = [
    {
      path: 'priceResponse.elasticity',
      value: elasticity,
      unit: '1',
      provenance: elasticityProvenance,
      origin: elasticityProvenance === OVERRIDE_PROVENANCE ? COMMAND_LINE : manifestFile,
    },
    ...pack.metals.map((metal) => ({
      path: `priceResponse.referenceValue.${metal}`,
      value: referenceValue[metal]!,
      unit: 'CNY/t',
      provenance: manifest.priceResponse.referenceValue[metal]!.provenance,
      origin: manifestFile,
    })),
  ];
  const hashInput = {
    metals: Object.fromEntries([...scenarios].map(([m, s]) => [m, s.contentHash])),
    chemistry: {
      chemistries: chemistry.chemistries,
      ev: years(horizon).map((year) => chemistry.shares.ev(year)),
      ess: years(horizon).map((year) => chemistry.shares.ess(year)),
    },
    priceResponse: { elasticity, referenceValue },
  };
  return {
    pack: pack.name,
    combination,
    variant,
    metals: pack.metals,
    demandFrom: pack.demandFrom,
    scenarios,
    chemistry,
    priceResponse: { elasticity, referenceValue },
    table,
    contentHash: sha256(canonicalJson(hashInput)),
  };
}

function years(horizon: { historyStartYear: number; endYear: number }): number[] {
  const list: number[] = [];
  for (let year = horizon.historyStartYear; year <= horizon.endYear; year++) list.push(year);
  return list;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
