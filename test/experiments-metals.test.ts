// Experiments on a pack of another metal read that metal's market: an output without an agent
// means the pack's own market (`market:Co`), and the runs are the pack's model.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  loadExperiment,
  loadPack,
  resolveScenario,
  runExperiment,
  runLithiumModel,
} from '@orebus/scenarios';
import { describe, expect, it } from 'vitest';

const cobaltDir = fileURLToPath(
  new URL('../packages/scenarios/packs/cobalt-china', import.meta.url),
);
const scratch = () => mkdtempSync(join(tmpdir(), 'orebus-exp-metal-'));

describe('an experiment on the cobalt pack', () => {
  it('reads the cobalt market by default and gives the values a direct run gives', async () => {
    const file = join(scratch(), 'experiment.yaml');
    writeFileSync(
      file,
      `orebus: experiment/1
name: cobalt-oat
pack: ${cobaltDir}
method: { kind: one-at-a-time, changes: [-0.05, 0.1] }
factors:
  - { path: producers.Con }
outputs:
  - { name: supply2050, kind: value, variable: supply, year: 2050 }
  - { name: balanced, kind: first-balanced-year }
  - { name: importer, kind: value, agent: importer, variable: netImports, year: 2030 }
  - { name: price2030, kind: value, agent: market:Co, variable: price, year: 2030 }
`,
    );
    const { summary } = await runExperiment(loadExperiment(file), cobaltDir, {
      out: join(scratch(), 'out'),
      workers: 0,
    });

    const scenario = resolveScenario(loadPack(cobaltDir), 'S1-D1');
    const run = runLithiumModel(scenario.parameters, { scenario: 'S1-D1', metal: 'Co' });
    const data = run.simulation.data;
    const supply = data.series('market:Co', 'supply');
    expect(supply.unit).toBe('t Co');
    expect(summary.base!.supply2050).toBe(supply.values.at(-1));
    expect(summary.base!.importer).toBe(data.series('importer', 'netImports').values[2030 - 2023]);
    expect(summary.base!.price2030).toBe(data.series('market:Co', 'price').values[2030 - 2023]);
    expect(summary.effects).toHaveLength(2);
  });

  it('gives the same result file on worker threads, which take a copy of the pack and its chemistry', async () => {
    // The cobalt pack derives its intensities from a chemistry file through a reader the
    // workers cannot be sent as it is; before it was sent as data the pool failed to start.
    const file = join(scratch(), 'experiment.yaml');
    writeFileSync(
      file,
      `orebus: experiment/1
name: cobalt-mc
pack: ${cobaltDir}
method: { kind: monte-carlo, runs: 12 }
factors:
  - { path: market.SPR, distribution: { kind: uniform, min: 0, max: 1 } }
outputs:
  - { name: supply2050, kind: value, variable: supply, year: 2050 }
`,
    );
    const experiment = loadExperiment(file);
    const files = await Promise.all(
      [0, 2].map(async (workers) => {
        const { resultFile } = await runExperiment(experiment, cobaltDir, {
          out: join(scratch(), `out-${workers}`),
          workers,
        });
        return readFileSync(resultFile, 'utf8');
      }),
    );

    expect(files[1]).toBe(files[0]);
    expect(files[0]!.split('\n').length).toBe(12 + 2);
  }, 60_000);
});
