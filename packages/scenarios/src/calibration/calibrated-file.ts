// Rendering the calibration's outcome: the pack's `calibrated.yaml` and the compact search record.
// Pure text builders; the entry point writes the files.
import type { CalibratedParameter, EvaluationRecord } from './calibrate.js';

/** One entry of `calibrated.yaml`. */
export interface CalibratedEntry {
  readonly path: string;
  /** A number, or a lifetime distribution (`{ kind: normal, mean, sd }`) written as a whole. */
  readonly value: number | Readonly<Record<string, number | string>>;
  readonly unit: string;
  /** The `target` of its `{ kind: calibrated }` provenance. */
  readonly target: string;
  /** Comment lines written above the entry, without the `#`. */
  readonly comment?: readonly string[];
}

/** What the header of `calibrated.yaml` says about the run that wrote it. */
export interface CalibratedFileHeader {
  readonly seed: number;
  readonly budget: number;
  /** ISO date of the run, `YYYY-MM-DD`. */
  readonly date: string;
  readonly heldIds: readonly string[];
  /** The command that reproduces the file. */
  readonly command: string;
  /** The pack variant calibrated; the pack's defaults when absent. */
  readonly variant?: string;
}

interface Node {
  readonly children: Map<string, Node>;
  entry?: CalibratedEntry;
}

/**
 * The text of `calibrated.yaml`: a scenario file (`orebus: scenario/1`) whose parameters are the
 * given entries, nested by their dotted paths in the order given, each with value, unit and a
 * `calibrated` provenance. Numbers are written in their shortest round-trip form (`String(x)`),
 * so reading the file back gives the fitted doubles exactly. Strings are JSON-quoted, which YAML
 * reads as double-quoted scalars.
 */
export function renderCalibratedYaml(
  header: CalibratedFileHeader,
  entries: readonly CalibratedEntry[],
): string {
  const root: Node = { children: new Map() };
  for (const entry of entries) {
    let node = root;
    for (const key of entry.path.split('.')) {
      let child = node.children.get(key);
      if (child === undefined) {
        child = { children: new Map() };
        node.children.set(key, child);
      }
      node = child;
    }
    node.entry = entry;
  }

  const variant = header.variant;
  const lines = [
    variant === undefined
      ? '# Calibrated parameters of the lithium pack, written whole by the calibration script:'
      : `# Calibrated parameters of the lithium pack's variant ${variant}, written whole by the calibration script:`,
    `#   ${header.command}`,
    '# Do not edit by hand; rerun the script. It fits the free parameters of MODEL.md section 8',
    '# to the patterns of section 11; the search and its result are recorded in',
    variant === undefined
      ? '# packages/scenarios/calibration/ (README.md, result.json, search.csv, study.json).'
      : `# packages/scenarios/calibration/${variant}/ (result.json, search.csv; README.md above it).`,
    `# Search seed ${header.seed}, budget ${header.budget} settings, run ${header.date}; patterns held`,
    `# at this setting: ${header.heldIds.join(', ') || 'none'}.`,
    'orebus: scenario/1',
    `description: ${JSON.stringify(`Calibrated parameters${variant === undefined ? '' : ` of the variant ${variant}`} (search seed ${header.seed}, ${header.date}).`)}`,
    'parameters:',
  ];
  const render = (node: Node, depth: number) => {
    const indent = '  '.repeat(depth);
    for (const [key, child] of node.children) {
      const entry = child.entry;
      if (entry === undefined) {
        lines.push(`${indent}${key}:`);
        render(child, depth + 1);
        continue;
      }
      for (const comment of entry.comment ?? []) lines.push(`${indent}# ${comment}`.trimEnd());
      lines.push(
        `${indent}${key}:`,
        `${indent}  value: ${renderValue(entry.value)}`,
        `${indent}  unit: ${JSON.stringify(entry.unit)}`,
        `${indent}  provenance:`,
        `${indent}    kind: calibrated`,
        `${indent}    target: ${JSON.stringify(entry.target)}`,
      );
    }
  };
  render(root, 1);
  return `${lines.join('\n')}\n`;
}

/** A number in round-trip form, or a flat mapping as a YAML flow mapping of such numbers. */
function renderValue(value: CalibratedEntry['value']): string {
  if (typeof value === 'number') return String(value);
  const fields = Object.entries(value).map(
    ([key, field]) =>
      `${key}: ${typeof field === 'number' ? String(field) : JSON.stringify(field)}`,
  );
  return `{ ${fields.join(', ')} }`;
}

/**
 * The search record as CSV, one row per evaluated setting in evaluation order: index, phase
 * (`global` or `local`), the local search it belongs to, loss, number and ids of the patterns
 * held (space-separated), the error code if the model refused the setting, the 2023 EV stock's
 * deviation from the observed one (4 significant digits), then one column per
 * parameter path with its value in shortest round-trip form.
 */
export function formatSearchCsv(
  space: readonly CalibratedParameter[],
  records: readonly EvaluationRecord[],
): string {
  const header = [
    'index',
    'phase',
    'start',
    'loss',
    'held',
    'heldIds',
    'refused',
    'evStock2023Deviation',
  ].concat(space.map((parameter) => parameter.path));
  const rows = records.map((record) =>
    [
      String(record.index),
      record.phase,
      String(record.start),
      String(Number(record.loss.toPrecision(8))),
      String(record.held),
      record.heldIds.join(' '),
      record.refused ?? '',
      record.evStock2023Deviation === undefined
        ? ''
        : String(Number(record.evStock2023Deviation.toPrecision(4))),
      ...space.map((parameter) => String(record.values[parameter.path] ?? '')),
    ].join(','),
  );
  return `${[header.join(','), ...rows].join('\n')}\n`;
}
