// A small experiment shared by the engine's tests and by the child process the kill test runs.

import { fileURLToPath } from 'node:url';
import { deriveSeed } from '@orebus/core';
import type { ExperimentJob, OutputSpec } from './experiment-job.js';

export const PACK_DIR = fileURLToPath(new URL('../../../packs/lithium-china', import.meta.url));

export const TEST_OUTPUTS: readonly OutputSpec[] = [
  { name: 'supply2050', kind: 'value', agent: 'market:Li', variable: 'supply', year: 2050 },
  { name: 'price2035', kind: 'value', agent: 'market:Li', variable: 'price', year: 2035 },
  { name: 'balanced', kind: 'first-balanced-year' },
  { name: 'price', kind: 'series', agent: 'market:Li', variable: 'price' },
];

/** An experiment over two combinations whose runs differ in `market.SPR` and their seed. */
export function testJob(runs: number, id = 'test-experiment-1'): ExperimentJob {
  return {
    id,
    packDir: PACK_DIR,
    runs,
    outputs: TEST_OUTPUTS,
    runAt: (index) => ({
      index,
      combination: index % 2 === 0 ? 'S1-D1' : 'S2-D3',
      overrides: [`market.SPR=${(0.6 + (index % 7) * 0.03).toFixed(2)}`],
      seed: deriveSeed(42, index),
    }),
  };
}
