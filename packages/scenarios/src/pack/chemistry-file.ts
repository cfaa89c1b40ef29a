/**
 * The battery-chemistry file: metal intensities of each cathode chemistry and the chemistry
 * shares of EV and ESS batteries by year. A pack that names it gets its metal's intensities
 * derived (Σ share × intensity) instead of stating them; a joint run of several metals splits
 * battery demand with it.
 */
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from '@orebus/core';
import { z } from 'zod';
import { readDocument, toScenarioIssues } from './documents.js';
import { ScenarioError, type ScenarioIssue } from './errors.js';
import { InterpolationSchema, MetalSchema, ProvenanceSchema } from './file-schema.js';
import { expandSeries } from './lithium-parameters.js';
import type { ParameterRow } from './resolve.js';

/** The format tag a chemistry file starts with. */
export const CHEMISTRY_FORMAT = 'chemistry/1';

/** Absolute path of the chemistry file shipped with Orebus (`packs/battery-chemistry`). */
export const CHEMISTRY_FILE: string = fileURLToPath(
  new URL('../../packs/battery-chemistry/chemistry.yaml', import.meta.url),
);

/** The battery uses a chemistry file gives shares for. */
export const BATTERY_USES = ['ev', 'ess'] as const;
export type BatteryUse = (typeof BATTERY_USES)[number];

const IntensitySchema = z.strictObject({
  value: z.number().min(0).max(10),
  unit: z.string(),
  provenance: ProvenanceSchema,
});

const ShareValueSchema = z.union([
  z.number().min(0).max(1),
  z
    .record(z.string().regex(/^\d{4}$/, 'a four-digit year'), z.number().min(0).max(1))
    .refine((points) => Object.keys(points).length > 0, 'at least one year'),
]);

const ShareSchema = z.strictObject({
  value: ShareValueSchema,
  unit: z.literal('1'),
  provenance: ProvenanceSchema,
  interpolation: InterpolationSchema.optional(),
});

const ChemistryNameSchema = z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and -');

/** The chemistry file, `packs/battery-chemistry/chemistry.yaml` and any like it. */
export const ChemistryFileSchema = z.strictObject({
  orebus: z.literal(CHEMISTRY_FORMAT),
  description: z.string().optional(),
  chemistries: z
    .record(
      ChemistryNameSchema,
      z.strictObject({ intensityKgPerKWh: z.record(MetalSchema, IntensitySchema) }),
    )
    .refine((all) => Object.keys(all).length > 0, 'at least one chemistry'),
  shares: z.strictObject({
    ev: z.record(ChemistryNameSchema, ShareSchema),
    ess: z.record(ChemistryNameSchema, ShareSchema),
  }),
});
export type ChemistryFile = z.infer<typeof ChemistryFileSchema>;

/** A loaded chemistry file, with shares expanded to every year of a span. */
export interface ChemistryData {
  /** Each chemistry's kg per kWh by metal symbol; a metal not listed has 0. */
  readonly chemistries: readonly {
    readonly name: string;
    readonly intensityKgPerKWh: Readonly<Record<string, number>>;
  }[];
  /** Shares in the order of `chemistries`, for every year from..to, by battery use. */
  readonly shares: {
    readonly ev: (year: number) => readonly number[];
    readonly ess: (year: number) => readonly number[];
  };
  /** Every stated value for `orebus show`: path, value, unit, provenance, origin (the file). */
  readonly table: readonly ParameterRow[];
}

// Shares are written as decimals that rarely sum to 1 exactly in binary.
const SUM_TOLERANCE = 1e-9;

/**
 * Reads and checks a chemistry file and expands its shares to every year `span.from`…`span.to`;
 * a year outside the span gets the nearest end's shares. Between the years a share names it is
 * interpolated linearly (or held, with `interpolation: step`), before and after them held.
 *
 * @throws ScenarioError (code `E_SCENARIO`) naming file, field and value for every problem: a
 *   unit other than `kg X/kWh` for metal X, a share for a chemistry the file does not define,
 *   and shares that do not sum to 1 in some year (the issue names the year and the sum).
 * @throws InvalidArgumentError for a span whose `from` is after its `to`.
 */
export function loadChemistryFile(path: string, span: { from: number; to: number }): ChemistryData {
  if (!(Number.isInteger(span.from) && Number.isInteger(span.to) && span.from <= span.to)) {
    throw new InvalidArgumentError('span', span, 'integer years with from ≤ to');
  }
  const parsed = readDocument(path);
  if (!parsed.ok) throw new ScenarioError(parsed.issues);
  const result = ChemistryFileSchema.safeParse(parsed.document.data);
  if (!result.success) {
    throw new ScenarioError(
      toScenarioIssues(result.error.issues, {
        document: parsed.document,
        knownKeys: (at) => knownKeys(at),
        describe: (at) => (at.at(-1) === 'unit' ? "'1' for a share" : undefined),
      }),
    );
  }
  const file = result.data;
  const located = (issue: ScenarioIssue, at: readonly string[]): ScenarioIssue => {
    const line = parsed.document.lineOf(at);
    return line === undefined ? issue : { ...issue, line };
  };

  const issues: ScenarioIssue[] = [];
  const names = Object.keys(file.chemistries);
  for (const [name, chemistry] of Object.entries(file.chemistries)) {
    for (const [metal, intensity] of Object.entries(chemistry.intensityKgPerKWh)) {
      const unit = `kg ${metal}/kWh`;
      if (intensity.unit === unit) continue;
      const at = ['chemistries', name, 'intensityKgPerKWh', metal, 'unit'];
      issues.push(
        located(
          {
            code: 'unit_mismatch',
            file: path,
            path: at.join('.'),
            value: intensity.unit,
            allowed: `the unit '${unit}'`,
          },
          at,
        ),
      );
    }
  }
  const shareTables = {} as Record<BatteryUse, number[][]>;
  for (const use of BATTERY_USES) {
    for (const name of Object.keys(file.shares[use])) {
      if (names.includes(name)) continue;
      const at = ['shares', use, name];
      issues.push(
        located(
          {
            code: 'unknown_field',
            file: path,
            path: at.join('.'),
            value: name,
            allowed: `a chemistry defined under chemistries: ${names.join(', ')}`,
          },
          at,
        ),
      );
    }
    shareTables[use] = expandShares(file, use, names, span);
    const sumIssue = checkSums(shareTables[use], use, span, path);
    if (sumIssue !== undefined) issues.push(located(sumIssue, ['shares', use]));
  }
  if (issues.length > 0) throw new ScenarioError(issues);

  const at = (table: readonly (readonly number[])[]) => (year: number) =>
    table[Math.min(Math.max(year, span.from), span.to) - span.from]!;
  return {
    chemistries: names.map((name) => ({
      name,
      intensityKgPerKWh: Object.fromEntries(
        Object.entries(file.chemistries[name]!.intensityKgPerKWh).map(([metal, i]) => [
          metal,
          i.value,
        ]),
      ),
    })),
    shares: { ev: at(shareTables.ev), ess: at(shareTables.ess) },
    table: tableOf(file, path),
  };
}

function knownKeys(path: readonly string[]): readonly string[] | undefined {
  if (path.length === 0) return ['orebus', 'description', 'chemistries', 'shares'];
  if (path.length === 1 && path[0] === 'shares') return BATTERY_USES;
  if (path[0] === 'chemistries' && path.length === 2) return ['intensityKgPerKWh'];
  if (path[0] === 'chemistries' && path.length === 4) return ['value', 'unit', 'provenance'];
  if (path[0] === 'shares' && path.length === 3) {
    return ['value', 'unit', 'provenance', 'interpolation'];
  }
  return undefined;
}

/** The shares of `use`, one row per year of the span, in the order of `names`. */
function expandShares(
  file: ChemistryFile,
  use: BatteryUse,
  names: readonly string[],
  span: { from: number; to: number },
): number[][] {
  const columns = names.map((name) => {
    const share = file.shares[use][name];
    // A chemistry the use does not list has no share in it.
    if (share === undefined) return undefined;
    return expandSeries(share.value, share.interpolation ?? 'linear', span.from, span.to);
  });
  const rows: number[][] = [];
  for (let year = span.from; year <= span.to; year++) {
    rows.push(columns.map((column) => (column === undefined ? 0 : column[year]!)));
  }
  return rows;
}

/** An issue naming the first year whose shares do not sum to 1, and how many more there are. */
function checkSums(
  rows: readonly (readonly number[])[],
  use: BatteryUse,
  span: { from: number; to: number },
  file: string,
): ScenarioIssue | undefined {
  const bad: { year: number; sum: number }[] = [];
  rows.forEach((row, index) => {
    const sum = row.reduce((total, share) => total + share, 0);
    if (!(Math.abs(sum - 1) <= SUM_TOLERANCE)) bad.push({ year: span.from + index, sum });
  });
  const first = bad[0];
  if (first === undefined) return undefined;
  const more = bad.length > 1 ? `; also ${bad.length - 1} more years to ${bad.at(-1)!.year}` : '';
  return {
    code: 'sum_mismatch',
    file,
    path: `shares.${use}`,
    value: first.sum,
    allowed:
      `shares summing to 1 in every year ${span.from}…${span.to}; in ${first.year} they sum ` +
      `to ${first.sum}${more}`,
  };
}

function tableOf(file: ChemistryFile, origin: string): ParameterRow[] {
  const rows: ParameterRow[] = [];
  for (const [name, chemistry] of Object.entries(file.chemistries)) {
    for (const [metal, intensity] of Object.entries(chemistry.intensityKgPerKWh)) {
      rows.push({
        path: `chemistry.${name}.intensityKgPerKWh.${metal}`,
        value: intensity.value,
        unit: intensity.unit,
        provenance: intensity.provenance,
        origin,
      });
    }
  }
  for (const use of BATTERY_USES) {
    for (const [name, share] of Object.entries(file.shares[use])) {
      const row = {
        path: `chemistry.shares.${use}.${name}`,
        value: share.value,
        unit: share.unit,
        provenance: share.provenance,
        origin,
      };
      rows.push(
        share.interpolation === undefined ? row : { ...row, interpolation: share.interpolation },
      );
    }
  }
  return rows;
}

/**
 * The metal intensity of one battery use by year, kg per kWh: `Σ_c share_c(year) ·
 * intensity_c(metal)`, a metal a chemistry does not list counting 0, for every year
 * `from`…`to`.
 */
export function deriveIntensity(
  chemistry: ChemistryData,
  use: BatteryUse,
  metal: string,
  from: number,
  to: number,
): Record<number, number> {
  const intensities = chemistry.chemistries.map((c) => c.intensityKgPerKWh[metal] ?? 0);
  const series: Record<number, number> = {};
  for (let year = from; year <= to; year++) {
    const shares = chemistry.shares[use](year);
    let total = 0;
    shares.forEach((share, i) => {
      total += share * intensities[i]!;
    });
    series[year] = total;
  }
  return series;
}
