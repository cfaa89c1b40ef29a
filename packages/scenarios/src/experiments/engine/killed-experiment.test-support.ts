// Run as a child process by the kill test: `node --import tsx --conditions=@orebus/source
// killed-experiment.test-support.ts FILE RUNS`. It runs the test experiment on two worker threads,
// slowed down after every run so that the test can kill it halfway through.

import { executeExperiment } from './execute-experiment.js';
import { testJob } from './test-job.test-support.js';

const [file, runs] = process.argv.slice(2);
const pause = new Int32Array(new SharedArrayBuffer(4));

await executeExperiment(testJob(Number(runs)), {
  resultFile: file!,
  workers: 2,
  // Blocks the calling thread, so the records are written slowly whatever the workers do.
  onProgress: () => Atomics.wait(pause, 0, 0, 10),
});
