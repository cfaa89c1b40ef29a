/**
 * A scenario pack: a directory with a manifest (`pack.yaml`), base files that together set every
 * parameter, side files for the paper's supply sides S1–S3 and demand sides D1–D4, and named
 * variants. Loading reads and validates every file the manifest names.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { readDocument, toScenarioIssues } from './documents.js';
import { ScenarioError, type ScenarioIssue } from './errors.js';
import { checkParameterSet, type ParameterEntry } from './lithium-parameters.js';
import { type LoadedScenarioFile, readScenarioFile } from './scenario-file.js';

/** The manifest's file name inside a pack directory. */
export const PACK_MANIFEST = 'pack.yaml';

const SideNameSchema = z.string().regex(/^[A-Za-z0-9_]+$/, 'letters, digits and _ only');

const SideSchema = z.strictObject({
  title: z.string().min(1),
  /** Files applied in order; an empty list keeps the base values. */
  files: z.array(z.string().min(1)),
});

/** The manifest `pack.yaml`. */
export const PackManifestSchema = z.strictObject({
  orebus: z.literal('pack/1'),
  name: z.string().min(1),
  title: z.string().min(1),
  /** Files that together set every parameter of the base case, applied in order. */
  base: z.array(z.string().min(1)).min(1),
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

/** A loaded and validated scenario pack. */
export interface Pack {
  readonly name: string;
  readonly title: string;
  readonly dir: string;
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
      knownKeys: (path) => (path.length === 0 ? Object.keys(PackManifestSchema.shape) : undefined),
    });
    throw new ScenarioError(issues);
  }
  const manifest = result.data;

  const issues: ScenarioIssue[] = [];
  const cache = new Map<string, LoadedScenarioFile | undefined>();
  const load = (files: readonly string[]): LoadedScenarioFile[] =>
    files.flatMap((name) => {
      const file = join(dir, name);
      // A file shared by two sides (D4 = D2 + D3) is read, and reported, once.
      if (cache.has(file)) {
        const cached = cache.get(file);
        return cached === undefined ? [] : [cached];
      }
      const outcome = readScenarioFile(file);
      if (!outcome.ok) {
        cache.set(file, undefined);
        issues.push(...outcome.issues);
        return [];
      }
      cache.set(file, outcome.value);
      return [outcome.value];
    });
  const sides = (record: Record<string, z.infer<typeof SideSchema>>) =>
    new Map(
      Object.entries(record).map(([name, side]) => [
        name,
        { name, title: side.title, files: load(side.files) },
      ]),
    );
  const pack: Pack = {
    name: manifest.name,
    title: manifest.title,
    dir,
    base: load(manifest.base),
    supplySides: sides(manifest.supplySides),
    demandSides: sides(manifest.demandSides),
    paperCombinations: manifest.paperCombinations,
    variants: sides(manifest.variants),
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
  if (issues.length === 0) issues.push(...checkParameterSet(mergeFiles(pack.base)));
  if (issues.length > 0) throw new ScenarioError(issues);
  return pack;
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
