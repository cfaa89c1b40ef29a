import type { DataCollector } from '@orebus/core';
import { runJointModel } from './joint-model.js';
import { type JointPack, type JointScenario, resolveJoint } from './joint-pack.js';
import { extractJointSeries, type JointSeries } from './joint-series.js';

/** How to resolve and run combinations of a joint pack. */
export interface JointRunRequest {
  readonly variant?: string;
  readonly overrides?: readonly string[];
  readonly seed?: number;
  readonly checked?: boolean;
  /** Called after each combination, for progress. */
  readonly onRun?: (done: number, total: number, combination: string) => void;
}

/** One finished combination of a joint pack. */
export interface JointCombinationRun {
  readonly scenario: JointScenario;
  readonly data: DataCollector;
  readonly series: JointSeries;
}

/**
 * Resolves every combination first, so that bad input is refused before any run starts, then
 * runs them in the given order.
 */
export function runJointCombinations(
  pack: JointPack,
  combinations: readonly string[],
  request: JointRunRequest = {},
): JointCombinationRun[] {
  const resolved = combinations.map((id) =>
    resolveJoint(pack, id, { variant: request.variant, overrides: request.overrides ?? [] }),
  );
  return resolved.map((scenario, i) => {
    const id = combinations[i]!;
    const run = runJointModel(scenario, {
      scenario: id,
      seed: request.seed ?? 0,
      checked: request.checked ?? false,
    });
    request.onRun?.(i + 1, resolved.length, id);
    const data = run.simulation.data;
    const chemistries = scenario.chemistry.chemistries.map((c) => c.name);
    return { scenario, data, series: extractJointSeries(id, data, scenario.metals, chemistries) };
  });
}
