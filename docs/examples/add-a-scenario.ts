// Adding a scenario from TypeScript rather than the command line: load the pack directory,
// resolve one combination (base files, then its sides, then overrides) and run it.
import { fileURLToPath } from 'node:url';
import { extractSeries, loadPack, resolveScenario, runLithiumModel } from '@orebus/scenarios';

/** The pack of this guide: the shipped lithium files and the side `slow-ev.yaml`. */
export const myPackDir = fileURLToPath(new URL('./my-pack', import.meta.url));

/**
 * Runs one combination of the pack, e.g. `S1-D5`, with overrides such as `market.SPR=0.6`.
 * Returns the yearly series (supply, demand, price, ...) and every resolved parameter. A bad
 * file or override throws `ScenarioError` (`E_SCENARIO`) listing every problem.
 */
export function runMyPack(combination: string, overrides: readonly string[] = []) {
  const pack = loadPack(myPackDir);
  const scenario = resolveScenario(pack, combination, { overrides: [...overrides] });
  const run = runLithiumModel(scenario.parameters, { scenario: combination, seed: 0 });
  return {
    parameters: scenario.parameters,
    series: extractSeries(combination, run.simulation.data),
  };
}
