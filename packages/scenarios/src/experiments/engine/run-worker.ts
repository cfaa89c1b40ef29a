// The module tinypool loads in each worker thread: its default export runs one task. Tinypool
// loads it as the worker starts; the pack named in the pool's `workerData` is loaded then too (or
// taken from it, copied from the calling thread's), so that a pool started ahead of its first
// task (`startWorkers`) has the pack ready.

import Tinypool from 'tinypool';
import { type PackData, packFromData } from '../../pack/index.js';
import { preloadPack } from './evaluate-run.js';
import { runTask } from './run-task.js';

const { packDir, pack } = (Tinypool.workerData ?? {}) as { packDir?: unknown; pack?: PackData };
if (typeof packDir === 'string') {
  try {
    preloadPack(packDir, pack === undefined ? undefined : packFromData(pack));
  } catch {
    // The first run loads the pack again and reports what is wrong with it, as a run's error.
  }
}

export default runTask;
