// A small driver for CPU profiles of the agent model: resolves S1-D1, warms up, then runs it many
// times inside `timedRuns`, the frame the profile summary of `reference-bench.ts` keeps. Run it
// without the `@orebus/source` condition to profile the built `dist/`, as `orebus` runs it:
//
//   node --import tsx --cpu-prof packages/scenarios/bench/profile-reference.ts [RUNS]
//
// Prints the number of timed runs on its last line.
import { fileURLToPath } from 'node:url';
import {
  type LithiumParameters,
  loadPack,
  resolveScenario,
  runLithiumModel,
} from '@orebus/scenarios';

const COMBINATION = 'S1-D1';

function timedRuns(p: LithiumParameters, runs: number): number {
  let messages = 0;
  for (let i = 0; i < runs; i++) {
    messages += runLithiumModel(p, { scenario: COMBINATION, checked: false }).simulation.bus.count;
  }
  return messages;
}

const runs = Number(process.argv[2] ?? 3000);
const pack = loadPack(fileURLToPath(new URL('../packs/lithium-china', import.meta.url)));
const parameters = resolveScenario(pack, COMBINATION, { overrides: [] }).parameters;
for (let i = 0; i < 300; i++)
  runLithiumModel(parameters, { scenario: COMBINATION, checked: false });
timedRuns(parameters, runs);
process.stdout.write(`${runs}\n`);
