import type { DataCollector } from '@orebus/core';
import type { Pack, ResolvedScenario } from '../pack/index.js';
import { resolveScenario } from '../pack/index.js';
import type { SensitivityResult } from '../validation/index.js';
import { type DerivedQuantities, runLithiumModel } from './lithium-model.js';
import { extractSeries, type RunSeries } from './series.js';

/** How to resolve and run combinations of a pack. */
export interface RunRequest {
  readonly variant?: string;
  readonly overrides?: readonly string[];
  readonly seed?: number;
  readonly checked?: boolean;
  /** Called after each combination, for progress. */
  readonly onRun?: (done: number, total: number, combination: string) => void;
}

/** One finished combination. */
export interface CombinationRun {
  readonly scenario: ResolvedScenario;
  readonly data: DataCollector;
  readonly series: RunSeries;
  readonly derived: DerivedQuantities;
}

/**
 * Resolves every combination first, so that bad input is refused before any run starts, then
 * runs them in the given order, each for the pack's metal.
 */
export function runCombinations(
  pack: Pack,
  combinations: readonly string[],
  request: RunRequest = {},
): CombinationRun[] {
  const resolved = combinations.map((id) =>
    resolveScenario(pack, id, { variant: request.variant, overrides: request.overrides ?? [] }),
  );
  return resolved.map((scenario, i) => {
    const id = combinations[i]!;
    const run = runLithiumModel(scenario.parameters, {
      scenario: id,
      metal: scenario.metal,
      seed: request.seed ?? 0,
      checked: request.checked ?? false,
    });
    request.onRun?.(i + 1, resolved.length, id);
    return {
      scenario,
      data: run.simulation.data,
      series: extractSeries(id, run.simulation.data, scenario.metal),
      derived: run.derived,
    };
  });
}

/** The five parameters of the paper's sensitivity test (its figure 6), by override path. */
export const SENSITIVITY_OVERRIDE_PATHS = {
  a: 'producers.a',
  SCP: 'market.SCP',
  SPR: 'market.SPR',
  Eco: 'producers.Eco',
  Con: 'producers.Con',
} as const;

/**
 * One-at-a-time sensitivity of total supply in the last year (pattern P13): each of `a`,
 * `SCP`, `SPR`, `Eco`, `Con` at −5 % and +10 % of its resolved value, the others held.
 */
export function supplySensitivity(
  pack: Pack,
  combination: string,
  request: RunRequest = {},
): SensitivityResult {
  const base = runCombinations(pack, [combination], request)[0]!;
  const last = (run: CombinationRun) => run.series.supply[run.series.supply.length - 1]!;
  const resolvedValue = (path: string) =>
    base.scenario.table.find((row) => row.path === path)?.value as number;
  const effects = {} as Record<
    keyof typeof SENSITIVITY_OVERRIDE_PATHS,
    { minus5: number; plus10: number }
  >;
  for (const [name, path] of Object.entries(SENSITIVITY_OVERRIDE_PATHS)) {
    const at = (factor: number) =>
      last(
        runCombinations(pack, [combination], {
          ...request,
          onRun: undefined,
          overrides: [...(request.overrides ?? []), `${path}=${resolvedValue(path) * factor}`],
        })[0]!,
      );
    effects[name as keyof typeof SENSITIVITY_OVERRIDE_PATHS] = {
      minus5: at(0.95),
      plus10: at(1.1),
    };
  }
  return {
    output: `total supply ${base.series.years.at(-1)} (${combination})`,
    base: last(base),
    effects,
  };
}
