// The worker entry when the engine runs from its TypeScript sources (tests, `tsx`). On Node 20 a
// worker thread ignores `--import` in its execArgv, so tsx is registered here, in the worker,
// before the TypeScript entry is loaded. Plain JavaScript, as nothing can load TypeScript yet.

import { register } from 'tsx/esm/api';

register();
const { default: runTask } = await import('./run-worker.ts');

export default runTask;
