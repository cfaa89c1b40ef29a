import type { CombinationSeries, PatternResult } from './series.js';
import { assertSeriesShape, SeriesShapeError } from './series.js';

/** One numeric test inside a pattern check. */
export interface Criterion {
  readonly holds: boolean;
  /** What failed, in words; becomes part of the result's `reason` when `holds` is false. */
  readonly failure: string;
  /** The numbers that show it; becomes part of the result's `evidence`. */
  readonly evidence: string;
}

/** What a pattern check measured, before the criteria are applied. */
export interface Measurement {
  readonly id: string;
  readonly title: string;
  readonly measured: string;
  readonly metrics: Readonly<Record<string, number | string | null>>;
}

/**
 * The result of a pattern: held when every criterion holds; failures joined otherwise. Criteria
 * that fail on the same numbers (two tests of one scenario's series) share their evidence, which
 * is given once, part by part (`; ` separates the parts).
 */
export function judge(measurement: Measurement, criteria: readonly Criterion[]): PatternResult {
  const failed = criteria.filter((criterion) => !criterion.holds);
  if (failed.length === 0) return { ...measurement, held: true };
  return {
    ...measurement,
    held: false,
    reason: failed.map((criterion) => criterion.failure).join('; '),
    evidence: [...new Set(failed.flatMap((criterion) => criterion.evidence.split('; ')))].join(
      '; ',
    ),
  };
}

/** The result of a pattern whose inputs were not all supplied. */
export function notSupplied(id: string, title: string, missing: readonly string[]): PatternResult {
  return {
    id,
    title,
    held: false,
    measured: 'not measured',
    metrics: {},
    reason: `needs ${missing.join(', ')}, which ${missing.length === 1 ? 'was' : 'were'} not supplied`,
    evidence: `missing: ${missing.join(', ')}`,
    missing,
  };
}

/**
 * The named combinations, checked for shape, or the names that are absent. Throws
 * `SeriesShapeError` for a malformed series or one filed under another combination's name.
 */
export function lookUp(
  results: ReadonlyMap<string, CombinationSeries>,
  names: readonly string[],
): { readonly found: CombinationSeries[]; readonly missing: string[] } {
  const found: CombinationSeries[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const series = results.get(name);
    if (series === undefined) {
      missing.push(name);
      continue;
    }
    assertFiledUnder(name, series);
    found.push(series);
  }
  return { found, missing };
}

/**
 * One combination per demand scenario, for the demand-side patterns. Demand in the reference
 * model does not depend on the supply side, so any `Sx-Dn` serves; S1, S2, S3 are preferred in
 * that order, then any other supply side. Absent scenarios are reported as `'S*-Dn'`.
 * Limitation: a model whose demand reacts to price would need its demand patterns checked per
 * combination; this picks one and ignores the others.
 */
export function lookUpDemandScenarios(
  results: ReadonlyMap<string, CombinationSeries>,
  demandScenarios: readonly string[],
): { readonly found: Map<string, CombinationSeries>; readonly missing: string[] } {
  const found = new Map<string, CombinationSeries>();
  const missing: string[] = [];
  for (const scenario of demandScenarios) {
    const preferred = ['S1', 'S2', 'S3'].map((supply) => `${supply}-${scenario}`);
    const others = [...results.keys()].filter((name) => name.endsWith(`-${scenario}`)).sort();
    const name = [...preferred, ...others].find((candidate) => results.has(candidate));
    const series = name === undefined ? undefined : results.get(name);
    if (name === undefined || series === undefined) {
      missing.push(`S*-${scenario}`);
      continue;
    }
    assertFiledUnder(name, series);
    found.set(scenario, series);
  }
  return { found, missing };
}

function assertFiledUnder(name: string, series: CombinationSeries): void {
  assertSeriesShape(series);
  if (series.combination !== name)
    throw new SeriesShapeError(name, `filed under ${name} but names ${series.combination}`, {
      filedUnder: name,
    });
}

/** Mass in t Li, rounded, with thin-space thousands: `12 345 t`. */
export function tonnes(value: number): string {
  const rounded = Math.round(value);
  const digits = Math.abs(rounded)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${rounded < 0 ? '−' : ''}${digits} t`;
}

/** A share as a percentage with one decimal: `0.1234` → `12.3 %`. */
export function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}
