/**
 * Setting numeric parameters of an already resolved scenario directly, without resolving again:
 * the fast path of experiments, where thousands of runs differ from one base scenario only in a
 * few numbers. It gives the same parameters a full `resolveScenario` with the same overrides
 * would (a test holds it to that), for the parameters it accepts.
 */
import { COMMAND_LINE, ScenarioError, type ScenarioIssue } from './errors.js';
import type { LithiumParameters } from './lithium-parameters.js';
import { describeRange, findParameterSpec, isInRange } from './parameter-specs.js';

/** A numeric parameter set to a value. */
export interface Assignment {
  readonly path: string;
  readonly value: number;
}

/**
 * Numeric parameters whose value feeds a derived value or a check across parameters; they always
 * go through `resolveScenario`.
 */
const RESOLVE_ONLY = new Set([
  // Checked against each other when a scenario is resolved (checkParameterSet).
  'ev.stock2022',
  'ev.bevStock2022',
  'ev.bevShare2050',
  'ev.bevShareMax',
  'ess.capacity2023GWh',
  'ess.capacity2050GWh',
  // Derived values or the horizon depend on these.
  'horizon.historyStartYear',
  'horizon.baseYear',
  'horizon.startYear',
  'horizon.endYear',
  'recycler.eolRate2023',
  'recycler.eolRate2050',
  'recycler.factorShape.midpointYear',
]);

/** Whether `path` may be set directly by {@link assignParameters}. */
export function isAssignable(path: string): boolean {
  const spec = findParameterSpec(path);
  // An optional parameter may be absent from the resolved set, with nothing to assign into.
  return spec?.kind === 'number' && spec.optional !== true && !RESOLVE_ONLY.has(path);
}

/**
 * Checks each assignment by itself: its path must be assignable and its value in the
 * parameter's range. Throws one `ScenarioError` naming every path and value that is not.
 */
function checkAssignments(assignments: readonly Assignment[]): void {
  const issues = assignments.flatMap(({ path, value }): ScenarioIssue[] => {
    const spec = findParameterSpec(path);
    if (!isAssignable(path) || spec?.kind !== 'number') {
      return [
        {
          code: 'unknown_override' as const,
          file: COMMAND_LINE,
          path,
          value,
          allowed: 'a numeric parameter that needs no resolving',
        },
      ];
    }
    return isInRange(value, spec.range)
      ? []
      : [
          {
            code: 'out_of_range' as const,
            file: COMMAND_LINE,
            path,
            value,
            allowed: describeRange(spec.range),
          },
        ];
  });
  if (issues.length > 0) throw new ScenarioError(issues);
}

/**
 * A copy of `parameters` with each assignment applied. Throws `ScenarioError` naming the path
 * and value for a path that is not assignable or a value outside the parameter's range.
 */
export function assignParameters(
  parameters: LithiumParameters,
  assignments: readonly Assignment[],
): LithiumParameters {
  checkAssignments(assignments);
  const copy = structuredClone(parameters) as unknown as Record<string, Record<string, unknown>>;
  for (const { path, value } of assignments) {
    const keys = path.split('.');
    let node: Record<string, unknown> = copy;
    for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
    node[keys.at(-1)!] = value;
  }
  return copy as unknown as LithiumParameters;
}

/**
 * `assignParameters(parameters, assignments)` without its deep copy of every parameter, which
 * cost about a tenth of a run: the same checks and the same `ScenarioError`, the same values,
 * but only the objects on an assigned path are copied and the rest is shared with `parameters`.
 * For a caller that never changes either afterwards, as the model never changes its parameters
 * (the experiment runs rely on that: they share one cached scenario).
 */
export function withAssignments(
  parameters: LithiumParameters,
  assignments: readonly Assignment[],
): LithiumParameters {
  checkAssignments(assignments);

  const copy: Record<string, unknown> = { ...parameters };
  const copied = new Set<object>([copy]);
  for (const { path, value } of assignments) {
    const keys = path.split('.');
    let node = copy;
    for (let i = 0; i < keys.length - 1; i++) {
      let child = node[keys[i]!] as Record<string, unknown>;
      if (!copied.has(child)) {
        child = Array.isArray(child) ? (child.slice() as never) : { ...child };
        node[keys[i]!] = child;
        copied.add(child);
      }
      node = child;
    }
    node[keys.at(-1)!] = value;
  }
  return copy as unknown as LithiumParameters;
}
