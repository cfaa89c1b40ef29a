/**
 * A scenario pack: a directory with a manifest (`pack.yaml`), base files that together set every
 * parameter, side files for the paper's supply sides S1–S3 and demand sides D1–D4, and named
 * variants. Loading reads and validates every file the manifest names. A pack is for one metal
 * (lithium unless the manifest says otherwise); it may name files of a sibling pack, or only
 * some parameters of them, and a chemistry file from which its metal intensities are derived.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { type ChemistryData, deriveIntensity, loadChemistryFile } from './chemistry-file.js';
import { readDocument, toScenarioIssues } from './documents.js';
import { COMMAND_LINE, isScenarioError, ScenarioError, type ScenarioIssue } from './errors.js';
import { MetalSchema, type Parameter } from './file-schema.js';
import { checkParameterSet, type ParameterEntry } from './lithium-parameters.js';
import { DEFAULT_METAL, INTENSITY_PATHS, LITHIUM_PARAMETER_SPECS } from './parameter-specs.js';
import { type LoadedScenarioFile, readScenarioFile } from './scenario-file.js';
import { schemaFieldsAt } from './schema-fields.js';

/** The manifest's file name inside a pack directory. */
export const PACK_MANIFEST = 'pack.yaml';

const SideNameSchema = z.string().regex(/^[A-Za-z0-9_]+$/, 'letters, digits and _ only');

/**
 * A file the manifest names, relative to the pack (`../lithium-china/demand.yaml` names a
 * sibling pack's file): the whole file, or `{ file, only }` for the parameters at or below the
 * paths `only` lists (`[ev, ess, market]`).
 */
const FileRefSchema = z.union([
  z.string().min(1),
  z.strictObject({ file: z.string().min(1), only: z.array(z.string().min(1)).min(1) }),
]);
type FileRef = z.infer<typeof FileRefSchema>;

const SideSchema = z.strictObject({
  title: z.string().min(1),
  /** Files applied in order; an empty list keeps the base values. */
  files: z.array(FileRefSchema),
});

/** The manifest `pack.yaml`. */
export const PackManifestSchema = z.strictObject({
  orebus: z.literal('pack/1'),
  name: z.string().min(1),
  title: z.string().min(1),
  /** The metal the pack is about; units that name a metal must name this one. */
  metal: MetalSchema.default(DEFAULT_METAL),
  /**
   * A chemistry file (relative to the pack); when given, `ev.intensityKgPerKWh` and
   * `ess.intensityKgPerKWh` are derived from it for the pack's metal and must not be stated.
   */
  chemistry: z.string().min(1).optional(),
  /** Files that together set every parameter of the base case, applied in order. */
  base: z.array(FileRefSchema).min(1),
  supplySides: z.record(SideNameSchema, SideSchema),
  demandSides: z.record(SideNameSchema, SideSchema),
  /** The combinations the paper runs, as `supply-demand` ids. */
  paperCombinations: z.array(z.string()),
  variants: z.record(z.string().regex(/^[a-z0-9-]+$/, 'lower-case words joined by -'), SideSchema),
});
export type PackManifest = z.infer<typeof PackManifestSchema>;

/** A side (or variant): the files that change the base, applied in order. */
export interface PackSide {
  readonly name: string;
  readonly title: string;
  readonly files: readonly LoadedScenarioFile[];
}

/** A pack's chemistry file and its reader (which keeps what it read, by span). */
export interface PackChemistry {
  /** Absolute or pack-joined path of the chemistry file. */
  readonly file: string;
  readonly load: (span: { from: number; to: number }) => ChemistryData;
}

/** A loaded and validated scenario pack. */
export interface Pack {
  readonly name: string;
  readonly title: string;
  readonly dir: string;
  /** The metal's chemical symbol, `Li` unless the manifest names another. */
  readonly metal: string;
  /** The chemistry file its metal intensities are derived from, if the manifest names one. */
  readonly chemistry?: PackChemistry;
  readonly base: readonly LoadedScenarioFile[];
  readonly supplySides: ReadonlyMap<string, PackSide>;
  readonly demandSides: ReadonlyMap<string, PackSide>;
  readonly paperCombinations: readonly string[];
  readonly variants: ReadonlyMap<string, PackSide>;
}

/** One supply side with one demand side. */
export interface Combination {
  /** `S2-D3` */
  readonly id: string;
  readonly supply: string;
  readonly demand: string;
  /** Whether the paper runs this combination (its Table 5). */
  readonly inPaper: boolean;
}

/**
 * Loads the pack in `dir`: reads the manifest and every file it names, validates each, and
 * checks that the base files together set every parameter consistently.
 *
 * @throws ScenarioError with every issue found in any of the pack's files.
 */
export function loadPack(dir: string): Pack {
  const manifestFile = join(dir, PACK_MANIFEST);
  const parsed = readDocument(manifestFile);
  if (!parsed.ok) throw new ScenarioError(parsed.issues);
  const result = PackManifestSchema.safeParse(parsed.document.data);
  if (!result.success) {
    const issues = toScenarioIssues(result.error.issues, {
      document: parsed.document,
      knownKeys: (path) => schemaFieldsAt(PackManifestSchema, path, parsed.document.data),
    });
    throw new ScenarioError(issues);
  }
  const manifest = result.data;

  const issues: ScenarioIssue[] = [];
  const { metal } = manifest;
  const cache = new Map<string, LoadedScenarioFile | undefined>();
  const load = (refs: readonly FileRef[], where: string): LoadedScenarioFile[] =>
    refs.flatMap((ref, index) => {
      const name = typeof ref === 'string' ? ref : ref.file;
      const only = typeof ref === 'string' ? undefined : ref.only;
      const file = join(dir, name);
      if (only !== undefined) {
        const badPaths = only.filter((path) => !isParameterPathOrGroup(path));
        for (const path of badPaths) {
          issues.push({
            code: 'unknown_field',
            file: manifestFile,
            path: `${where}.${index}.only`,
            value: path,
            allowed: 'a parameter path or group as `orebus show` lists them (ev, producers.a)',
          });
        }
        if (badPaths.length > 0) return [];
      }
      // A file shared by two sides (D4 = D2 + D3) is read, and reported, once.
      const key = only === undefined ? file : `${file}\u0000${only.join(',')}`;
      if (cache.has(key)) {
        const cached = cache.get(key);
        return cached === undefined ? [] : [cached];
      }
      const outcome = readScenarioFile(file, only === undefined ? { metal } : { metal, only });
      if (!outcome.ok) {
        cache.set(key, undefined);
        issues.push(...outcome.issues);
        return [];
      }
      cache.set(key, outcome.value);
      return [outcome.value];
    });
  const sides = (record: Record<string, z.infer<typeof SideSchema>>, where: string) =>
    new Map(
      Object.entries(record).map(([name, side]) => [
        name,
        { name, title: side.title, files: load(side.files, `${where}.${name}.files`) },
      ]),
    );
  const chemistry =
    manifest.chemistry === undefined ? undefined : packChemistry(join(dir, manifest.chemistry));
  const pack: Pack = {
    name: manifest.name,
    title: manifest.title,
    dir,
    metal,
    ...(chemistry === undefined ? {} : { chemistry }),
    base: load(manifest.base, 'base'),
    supplySides: sides(manifest.supplySides, 'supplySides'),
    demandSides: sides(manifest.demandSides, 'demandSides'),
    paperCombinations: manifest.paperCombinations,
    variants: sides(manifest.variants, 'variants'),
  };

  manifest.paperCombinations.forEach((id, index) => {
    if (findCombination(pack, id) === undefined) {
      issues.push({
        code: 'unknown_combination',
        file: manifestFile,
        path: `paperCombinations.${index}`,
        value: id,
        allowed: describeCombinations(pack),
      });
    }
  });
  if (issues.length === 0) {
    const entries = mergeFiles(pack.base);
    issues.push(...refuseStatedIntensities(pack, entries));
    issues.push(...deriveIntensities(pack, entries));
    if (issues.length === 0) issues.push(...checkParameterSet(entries, metal));
  }
  if (issues.length > 0) throw new ScenarioError(issues);
  return pack;
}

function isParameterPathOrGroup(path: string): boolean {
  return LITHIUM_PARAMETER_SPECS.some(
    (spec) => spec.path === path || spec.path.startsWith(`${path}.`),
  );
}

/**
 * A pack as plain data, which a worker thread can be given (`structuredClone` copies it): the
 * pack with its chemistry reader, a function, reduced to the reader's file.
 */
export type PackData = Omit<Pack, 'chemistry'> & { readonly chemistry?: { readonly file: string } };

/** {@link PackData} of `pack`. */
export function packData(pack: Pack): PackData {
  const { chemistry, ...rest } = pack;
  return chemistry === undefined ? rest : { ...rest, chemistry: { file: chemistry.file } };
}

/** The pack of {@link packData}, its chemistry file read again when first needed. */
export function packFromData(data: PackData): Pack {
  const { chemistry, ...rest } = data;
  return chemistry === undefined ? rest : { ...rest, chemistry: packChemistry(chemistry.file) };
}

/** A chemistry reader that reads the file once per span. */
function packChemistry(file: string): PackChemistry {
  const read = new Map<string, ChemistryData>();
  return {
    file,
    load: (span) => {
      const key = `${span.from}-${span.to}`;
      let data = read.get(key);
      if (data === undefined) {
        data = loadChemistryFile(file, span);
        read.set(key, data);
      }
      return data;
    },
  };
}

/**
 * With a chemistry file, a file of the pack stating a metal intensity would silently lose to
 * the derived one or replace it; either is a mistake, so it is refused.
 */
export function refuseStatedIntensities(
  pack: Pack,
  entries: ReadonlyMap<string, ParameterEntry>,
): ScenarioIssue[] {
  if (pack.chemistry === undefined) return [];
  return INTENSITY_PATHS.flatMap((path) => {
    const entry = entries.get(path);
    if (entry === undefined) return [];
    return [
      {
        code: 'inconsistent' as const,
        file: entry.origin,
        path: `parameters.${path}`,
        value: entry.parameter.value,
        allowed:
          `no value: the pack derives it from its chemistry file ${pack.chemistry!.file} ` +
          '(remove it, or drop `chemistry` from the manifest)',
      },
    ];
  });
}

/**
 * Sets `ev.intensityKgPerKWh` and `ess.intensityKgPerKWh` of a pack with a chemistry file to
 * `Σ share × intensity` for its metal, every year of the horizon the entries hold; one set on
 * the command line is kept. Returns the chemistry file's issues, or none.
 */
export function deriveIntensities(
  pack: Pack,
  entries: Map<string, ParameterEntry>,
): ScenarioIssue[] {
  const chemistry = pack.chemistry;
  if (chemistry === undefined) return [];
  const from = entries.get('horizon.historyStartYear')?.parameter.value;
  const to = entries.get('horizon.endYear')?.parameter.value;
  // Without a usable horizon the set check reports the horizon; there is nothing to span.
  if (!(Number.isInteger(from) && Number.isInteger(to) && (from as number) <= (to as number))) {
    return [];
  }
  let data: ChemistryData;
  try {
    data = chemistry.load({ from: from as number, to: to as number });
  } catch (error) {
    if (isScenarioError(error)) return [...error.issues];
    throw error;
  }
  for (const path of INTENSITY_PATHS) {
    if (entries.get(path)?.origin === COMMAND_LINE) continue;
    const use = path.startsWith('ev.') ? 'ev' : 'ess';
    const series = deriveIntensity(data, use, pack.metal, from as number, to as number);
    const parameter: Parameter = {
      value: Object.fromEntries(Object.entries(series).map(([year, v]) => [String(year), v])),
      unit: `kg ${pack.metal}/kWh`,
      provenance: {
        kind: 'derived',
        from: `${chemistry.file}: Σ over chemistries of shares.${use} × intensityKgPerKWh.${pack.metal}`,
      },
    };
    entries.set(path, { parameter, origin: chemistry.file });
  }
  return [];
}

/** Every supply side with every demand side, supply-major in manifest order. */
export function listCombinations(pack: Pack): Combination[] {
  const paper = new Set(pack.paperCombinations);
  return [...pack.supplySides.keys()].flatMap((supply) =>
    [...pack.demandSides.keys()].map((demand) => {
      const id = `${supply}-${demand}`;
      return { id, supply, demand, inPaper: paper.has(id) };
    }),
  );
}

/** The combination with this id, or undefined. */
export function findCombination(pack: Pack, id: string): Combination | undefined {
  return listCombinations(pack).find((combination) => combination.id === id);
}

/** Names the combinations of a pack, for messages. */
export function describeCombinations(pack: Pack): string {
  return `one of ${listCombinations(pack)
    .map((combination) => combination.id)
    .join(', ')}`;
}

/** Merges files in order into one set of parameters, remembering which file set each. */
export function mergeFiles(
  files: readonly LoadedScenarioFile[],
  into: Map<string, ParameterEntry> = new Map(),
): Map<string, ParameterEntry> {
  for (const file of files) {
    for (const [path, parameter] of file.parameters)
      into.set(path, { parameter, origin: file.file });
  }
  return into;
}
